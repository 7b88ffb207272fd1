import { queueFor, shardOf } from '@wildcat/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

// What the original WILDCAT CLI (axios) and n8n/Zapier send, which the original Express server
// accepted (issue 22, item 3).
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'bodies' } });
});
afterAll(async () => {
  await t?.close();
});

describe('bodies real clients send', () => {
  it.each([
    ['application/x-www-form-urlencoded'],
    ['text/plain'],
    ['application/json'],
    ['application/octet-stream'],
  ])('connect and disconnect with %s and no body are accepted', async (contentType) => {
    for (const action of ['connect', 'disconnect']) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/accounts/bodies/${action}`,
        headers: { 'content-type': contentType },
        payload: '',
      });
      expect(response.statusCode, `${action} with ${contentType}`).toBeLessThan(300);
      expect(response.json().ok).toBe(true);
    }
  });

  it('a form-encoded account create and send work like JSON', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=formbot&name=Form+Bot',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ok: true, account: { _id: 'formbot', name: 'Form Bot' } });

    const sent = await t.app.inject({
      method: 'POST',
      url: '/accounts/formbot/message/send?wait=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'to=919876543210%40s.whatsapp.net&message=hello+from+a+form',
    });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toMatchObject({ ok: true, status: 'queued' });
  });

  it('a form with a bad field gets the same 400 as JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/formbot/message/send?wait=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'to=not-a-number&message=x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().ok).toBe(false);
  });
});

describe('phone numbers where a JID is expected', () => {
  it('a send to a phone number in a common form goes to that number’s user JID', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/accounts/bodies/message/send?wait=false',
      payload: { to: '+1 555-000-0002', message: 'hi' },
    });
    expect(response.statusCode).toBe(202);
    const queue = t.app.queues.get(queueFor.send(shardOf('bodies', t.config.SHARDS)));
    const job = await queue.getJob(response.json().messageId);
    expect(job?.data.to).toBe('15550000002@s.whatsapp.net');
  });
});

describe('access log', () => {
  it('writes one line per request at INFO', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = {
      write(line: string) {
        lines.push(JSON.parse(line));
      },
    };
    const logged = await buildTestApp({ env: { LOG_LEVEL: 'info' }, logs: stream });
    try {
      const before = lines.length;
      await logged.app.inject({ method: 'GET', url: '/ping' });
      const written = lines.slice(before).filter((line) => line.url === '/ping' || line.req);
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({ msg: 'request', method: 'GET', url: '/ping', statusCode: 200 });
    } finally {
      await logged.close();
    }
  });
});
