import { catalogue, deliveryJobId, queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import { redisOptions } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/build-test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'hooks2' } });
  await t.app.inject({ method: 'POST', url: '/accounts', payload: { id: 'hooks1' } });
});
afterAll(async () => {
  await t?.close();
});

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

// A public address as an IP literal: no DNS needed, and allowed without WEBHOOK_ALLOW_PRIVATE_NETWORKS.
const PUBLIC_URL = 'https://93.184.216.34/hook';

describe('per-account subscriptions', () => {
  it('creates one (201) and shows the secret only in that response', async () => {
    const created = await inject('POST', '/accounts/hooks1/webhooks', {
      url: PUBLIC_URL,
      events: ['message', 'message.ack'],
      secret: 'whsec_0123456789',
      headers: { Authorization: 'Bearer receiver-token' },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      ok: true,
      created: true,
      secret: 'whsec_0123456789',
      webhook: {
        url: PUBLIC_URL,
        accountId: 'hooks1',
        events: ['message', 'message.ack'],
        format: 'envelope',
        enabled: true,
        hasSecret: true,
        headerNames: ['Authorization'],
      },
    });
    const listed = await inject('GET', '/accounts/hooks1/webhooks');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().webhooks).toEqual([body.webhook]);
    expect(listed.body).not.toContain('whsec_0123456789');
    expect(listed.body).not.toContain('receiver-token');
  });

  it('answers 200 for the same subscription again and replaces it when its settings change', async () => {
    const first = await inject('POST', '/accounts/hooks2/webhooks', { url: PUBLIC_URL });
    expect(first.statusCode).toBe(201);
    expect(first.json().webhook.events).toBeNull();
    expect(first.json().secret).toBeUndefined();
    const again = await inject('POST', '/accounts/hooks2/webhooks', { url: PUBLIC_URL });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, webhook: { id: first.json().webhook.id } });
    const changed = await inject('POST', '/accounts/hooks2/webhooks', {
      url: PUBLIC_URL,
      events: ['message'],
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().webhook.id).not.toBe(first.json().webhook.id);
    expect((await inject('GET', '/accounts/hooks2/webhooks')).json().webhooks).toHaveLength(1);
  });

  it('can ask for the flat WILDCAT payload instead of the envelope, and switch back', async () => {
    const flat = await inject('POST', '/accounts/hooks2/webhooks', {
      url: `${PUBLIC_URL}/flat`,
      format: 'flat',
    });
    expect(flat.statusCode).toBe(201);
    expect(flat.json().webhook).toMatchObject({ format: 'seed', events: null });
    const same = await inject('POST', '/accounts/hooks2/webhooks', {
      url: `${PUBLIC_URL}/flat`,
      format: 'flat',
    });
    expect(same.statusCode).toBe(200);
    const envelope = await inject('POST', '/accounts/hooks2/webhooks', { url: `${PUBLIC_URL}/flat` });
    expect(envelope.statusCode).toBe(201);
    expect(envelope.json().webhook.format).toBe('envelope');
    const bad = await inject('POST', '/accounts/hooks2/webhooks', {
      url: `${PUBLIC_URL}/flat`,
      format: 'xml',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ ok: false, error: 'format must be envelope or flat' });
  });

  it('deletes only through its own account', async () => {
    const created = (await inject('POST', '/accounts/hooks2/webhooks', { url: `${PUBLIC_URL}/del` })).json();
    const id = created.webhook.id as string;
    expect((await inject('DELETE', `/accounts/hooks1/webhooks/${id}`)).statusCode).toBe(404);
    const deleted = await inject('DELETE', `/accounts/hooks2/webhooks/${id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ ok: true, message: 'Webhook deleted' });
    expect((await inject('DELETE', `/accounts/hooks2/webhooks/${id}`)).json()).toEqual({
      ok: false,
      error: 'Webhook not found',
    });
  });

  it.each([
    [{ url: 'ftp://example.com/x' }, 'only http/https URLs are allowed'],
    [{}, 'url is required and must be a string'],
    [{ url: PUBLIC_URL, events: ['nope'] }, 'events must be a list of'],
    [{ url: PUBLIC_URL, events: [] }, 'events must name at least one event type'],
    [{ url: PUBLIC_URL, secret: 'short' }, 'secret must be 8-256 characters'],
    [{ url: PUBLIC_URL, headers: { Host: 'evil' } }, 'headers may not set Host'],
    [{ url: PUBLIC_URL, headers: { 'X-Wildcat-Signature': 'v1=x' } }, 'headers may not set'],
    [{ url: PUBLIC_URL, headers: { 'X-A': 'line\r\nbreak' } }, 'header values must be printable ASCII'],
  ])('refuses %j with 400', async (payload, error) => {
    const response = await inject('POST', '/accounts/hooks1/webhooks', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().ok).toBe(false);
    expect(response.json().error).toContain(error);
  });

  it.each([
    ['http://127.0.0.1:9000/hook', 'loopback'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://172.16.5.5/hook', 'private'],
    ['http://192.168.1.20/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://100.64.0.9/hook', 'cgnat'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://[fd00::5]/hook', 'unique-local'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://0.0.0.0/hook', 'unspecified'],
  ])('refuses %s (%s) at subscription time', async (url, addressClass) => {
    const response = await inject('POST', '/accounts/hooks1/webhooks', { url });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toContain(`resolves to a ${addressClass} address`);
  });

  it('answers 404 for an unknown account', async () => {
    const response = await inject('POST', '/accounts/nobody/webhooks', { url: PUBLIC_URL });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ ok: false, error: 'Account not found' });
  });
});

describe('deliveries', () => {
  it('lists a subscription’s deliveries and retries a dead one', async () => {
    const { webhook } = await t.store.webhooks.createOrGet({
      accountId: 'hooks1',
      url: 'http://127.0.0.1:1/dead',
      format: 'envelope',
    });
    const webhookId = webhook._id.toHexString();
    const event = {
      id: 'message.hooks1.RETRY1',
      type: 'message' as const,
      accountId: 'hooks1',
      timestamp: Date.now(),
      data: { messageId: 'RETRY1' },
    };
    const id = deliveryJobId(event.id, webhookId);
    await t.store.deliveries.open({
      _id: id,
      webhookId,
      eventId: event.id,
      eventType: 'message',
      accountId: 'hooks1',
    });

    // Stands in for the webhook worker: the first run dead-letters, the retried one delivers.
    let runs = 0;
    const worker = new Worker(
      WEBHOOK_DELIVERIES_QUEUE,
      async (job: Job) => {
        runs++;
        if (runs === 1) {
          await t.store.deliveries.recordAttempt(id, { status: 'dead', statusCode: 404, error: 'HTTP 404' });
          throw new UnrecoverableError('HTTP 404');
        }
        await t.store.deliveries.recordAttempt(job.id!, { status: 'delivered', statusCode: 200 });
      },
      {
        connection: redisOptions(t.config.REDIS_URL, 'blocking'),
        prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
      },
    );
    try {
      const queue = t.app.queues.get(WEBHOOK_DELIVERIES_QUEUE);
      await queue.add(
        catalogue.delivery.jobName,
        { event, webhookId },
        { ...catalogue.delivery.options, jobId: id },
      );
      await waitFor(async () => (await queue.getJob(id))?.isFailed());

      const listed = await inject('GET', `/webhooks/${webhookId}/deliveries`);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().deliveries).toEqual([
        expect.objectContaining({
          id,
          eventId: event.id,
          status: 'dead',
          attempts: 1,
          lastStatusCode: 404,
          lastError: 'HTTP 404',
          deadLettered: true,
        }),
      ]);

      const retried = await inject('POST', `/webhooks/${webhookId}/deliveries/${id}/retry`);
      expect(retried.statusCode).toBe(202);
      expect(retried.json().delivery).toMatchObject({ id, deadLettered: false });
      await waitFor(async () => (await t.store.deliveries.get(id))?.status === 'delivered');
      expect(runs).toBe(2);
    } finally {
      await worker.close();
    }

    expect((await inject('POST', `/webhooks/${webhookId}/deliveries/nope/retry`)).statusCode).toBe(404);
    expect((await inject('GET', '/webhooks/0123456789abcdef01234567/deliveries')).json()).toEqual({
      ok: false,
      error: 'Webhook not found',
    });
    const other = await t.store.webhooks.createOrGet({
      accountId: null,
      url: 'http://127.0.0.1:1/x',
      format: 'seed',
    });
    expect(
      (await inject('POST', `/webhooks/${other.webhook._id.toHexString()}/deliveries/${id}/retry`))
        .statusCode,
    ).toBe(404);
  });
});
