import type { WildcatEvent } from '@wildcat/jobs';
import { waitFor } from '@wildcat/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectSse, connectWs, type SseClient, useLiveGateway } from './helpers/live-clients.js';

// Two streams per key, three per client address, the address taken from X-Forwarded-For.
const listening = useLiveGateway({
  API_KEYS: 'key-one,key-two,key-three,key-four',
  LIVE_STREAMS_PER_KEY: '2',
  LIVE_STREAMS_PER_IP: '3',
  LIVE_REPLAY_MAX: '5',
  TRUST_PROXY: 'true',
  AUTH_FAILURES_MAX: '0',
});
const { t, publish } = listening;
const open: Array<{ close(): void }> = [];

afterAll(async () => {
  for (const client of open) client.close();
});

const as = (key: string, address: string) => ({ 'x-api-key': key, 'x-forwarded-for': address });

async function sse(key: string, address: string, query = ''): Promise<SseClient> {
  const client = await connectSse(`${listening.base}/events${query}`, as(key, address));
  open.push(client);
  return client;
}

/** The status a WebSocket upgrade is answered with (101 when it opened). */
function wsStatus(key: string, address: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${listening.base.replace('http', 'ws')}/ws`, { headers: as(key, address) });
    socket.once('open', () => {
      open.push(socket);
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

describe('live stream caps', () => {
  it('refuses a key’s stream past LIVE_STREAMS_PER_KEY with 429 (SSE and WebSocket), and frees the slot on close', async () => {
    const first = await sse('key-one', '10.0.0.1');
    const second = await sse('key-one', '10.0.0.2');
    expect([first.status, second.status]).toEqual([200, 200]);
    await Promise.all([first.ready(), second.ready()]);

    const third = await sse('key-one', '10.0.0.3');
    expect(third.status).toBe(429);
    await waitFor(() => third.ended, { what: 'the refusal read' });
    expect(JSON.parse(third.body)).toEqual({
      ok: false,
      error: expect.stringMatching(/this API key already holds 2 open.*LIVE_STREAMS_PER_KEY/),
    });
    const ws = await wsStatus('key-one', '10.0.0.4');
    expect(ws.status).toBe(429);
    expect(JSON.parse(ws.body).error).toMatch(/LIVE_STREAMS_PER_KEY/);

    first.close();
    await waitFor(async () => (await wsStatus('key-one', '10.0.0.5')).status === 101, {
      what: 'a slot freed by the closed stream',
    });
  });

  it('refuses an address’s stream past LIVE_STREAMS_PER_IP whatever the key, counting the forwarded address', async () => {
    for (const key of ['key-two', 'key-three']) expect((await sse(key, '192.0.2.7')).status).toBe(200);
    expect((await wsStatus('key-four', '192.0.2.7')).status).toBe(101);
    const refused = await sse('key-four', '192.0.2.7');
    expect(refused.status).toBe(429);
    await waitFor(() => refused.ended, { what: 'the refusal read' });
    expect(JSON.parse(refused.body).error).toMatch(
      /this client address already holds 3 open.*LIVE_STREAMS_PER_IP/,
    );
    // Another client address (behind the same proxy) is not affected.
    expect((await sse('key-four', '192.0.2.8')).status).toBe(200);
  });
});

describe('live replay cap', () => {
  it('replays at most LIVE_REPLAY_MAX entries (the newest), after a gap saying so', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const event: WildcatEvent = {
        id: `message.replay.R${i}`,
        type: 'message',
        accountId: 'replay',
        timestamp: Date.now(),
        data: { messageId: `R${i}`, text: `replay ${i}` },
      };
      await publish(event);
      ids.push(event.id);
    }
    const entries = await t.redis.xrange('wc:events', '-', '+');
    const streamIdOf = (eventId: string) =>
      entries.find(([, fields]) => fields[1]?.includes(`"${eventId}"`))?.[0] ?? '';
    const resumed = await sse(
      'key-three',
      '198.51.100.1',
      `?accountId=replay&lastEventId=${streamIdOf(ids[0]!)}`,
    );
    expect(resumed.status).toBe(200);
    await resumed.ready();
    expect(resumed.messages[0]).toEqual({
      event: 'gap',
      data: JSON.stringify({ oldestStreamId: streamIdOf(ids[4]!), replayLimit: 5 }),
    });
    expect(resumed.messages.slice(1).map((m) => JSON.parse(m.data).id)).toEqual(ids.slice(4));

    // Within the cap: everything missed, and no gap.
    const near = await connectWs(
      `${listening.base.replace('http', 'ws')}/ws?accountId=replay&lastEventId=${streamIdOf(ids[5]!)}`,
      as('key-two', '198.51.100.2'),
    );
    open.push(near);
    await near.ready();
    expect(near.frames.filter((f) => f.kind !== 'ready').map((f) => (f.event as { id: string }).id)).toEqual(
      ids.slice(6),
    );
  });
});
