import type { WildcatEvent } from '@wildcat/jobs';
import { waitFor } from '@wildcat/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process.js';
import { connectSse, connectWs, useLiveGateway } from './helpers/live-clients.js';

const listening = useLiveGateway();
const { t, publish } = listening;
let counter = 0;

function event(accountId: string, type: WildcatEvent['type'] = 'message'): WildcatEvent {
  counter++;
  return {
    id: `${type}.${accountId}.E${counter}`,
    type,
    accountId,
    timestamp: Date.now(),
    data: { messageId: `E${counter}`, text: `hello ${counter}` },
  };
}

const ids = (messages: Array<{ data: string }>) => messages.map((m) => JSON.parse(m.data).id as string);

describe('GET /events (Server-Sent Events)', () => {
  it('streams published events, filtered by accountId and types', async () => {
    const all = await connectSse(`${listening.base}/events`);
    const filtered = await connectSse(`${listening.base}/events?accountId=live-a&types=message,message.ack`);
    expect(all.status).toBe(200);
    await Promise.all([all.ready(), filtered.ready()]);

    const wanted = event('live-a');
    const otherAccount = event('live-b');
    const otherType = event('live-a', 'account.status');
    const ack = event('live-a', 'message.ack');
    for (const e of [wanted, otherAccount, otherType, ack]) await publish(e);

    await waitFor(() => all.messages.length === 4 && filtered.messages.length === 2);
    expect(ids(all.messages)).toEqual([wanted.id, otherAccount.id, otherType.id, ack.id]);
    expect(ids(filtered.messages)).toEqual([wanted.id, ack.id]);
    expect(JSON.parse(filtered.messages[0]!.data)).toEqual(wanted);
    expect(filtered.messages[0]!.id).toMatch(/^\d+-\d+$/);
    all.close();
    filtered.close();
  });

  it('resumes after Last-Event-ID with what was missed, in order, once', async () => {
    const first = await connectSse(`${listening.base}/events?accountId=resume`);
    await first.ready();
    const seen = event('resume');
    await publish(seen);
    await waitFor(() => first.messages.length === 1);
    const lastId = first.messages[0]!.id!;
    first.close();

    const missed = [event('resume'), event('resume'), event('resume')];
    for (const e of missed) await publish(e);
    const resumed = await connectSse(`${listening.base}/events?accountId=resume`, {
      'last-event-id': lastId,
    });
    await resumed.ready();
    const live = event('resume');
    await publish(live);
    await waitFor(() => resumed.messages.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ids(resumed.messages)).toEqual([...missed, live].map((e) => e.id));
    expect(resumed.messages.some((m) => m.event === 'gap')).toBe(false);
    resumed.close();
  });

  it('tells a client resuming from beyond the window that it missed events', async () => {
    const client = await connectSse(`${listening.base}/events?lastEventId=1-0&types=account.qr`);
    await client.ready();
    expect(client.messages[0]).toMatchObject({ event: 'gap' });
    expect(JSON.parse(client.messages[0]!.data).oldestStreamId).toMatch(/^\d+-\d+$/);
    client.close();
  });

  it('refuses a bad Last-Event-ID or type with 400', async () => {
    const badId = await t.app.inject({ method: 'GET', url: '/events', headers: { 'last-event-id': 'abc' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error).toContain('Last-Event-ID must be a stream id');
    const badType = await t.app.inject({ method: 'GET', url: '/events?types=message,nope' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error).toContain('types must be a comma-separated list');
  });
});

describe('two gateway processes', () => {
  const API_KEY = 'live-events-test-key';
  let gateways: GatewayProcess[] = [];

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
  }, 30_000);

  it('an SSE client on one and a WebSocket client on the other both receive a published event', async () => {
    gateways = await Promise.all([
      spawnGateway({ ...t.services.env, API_KEYS: API_KEY }),
      spawnGateway({ ...t.services.env, API_KEYS: API_KEY }),
    ]);
    const [a, b] = gateways as [GatewayProcess, GatewayProcess];

    const anonymous = await connectSse(`${a.url}/events`);
    expect(anonymous.status).toBe(401);
    anonymous.close();
    await expect(connectWs(`${b.url.replace('http', 'ws')}/ws`)).rejects.toThrow('401');

    const sse = await connectSse(`${a.url}/events?accountId=mybot&types=message`, { 'x-api-key': API_KEY });
    const ws = await connectWs(`${b.url.replace('http', 'ws')}/ws?accountId=mybot`, {
      authorization: `Bearer ${API_KEY}`,
    });
    await Promise.all([sse.ready(), ws.ready()]);

    const inbound: WildcatEvent = {
      id: 'message.mybot.3EB0123ABCD456EF',
      type: 'message',
      accountId: 'mybot',
      timestamp: Date.now(),
      data: {
        messageId: '3EB0123ABCD456EF',
        chatId: '919876543210@s.whatsapp.net',
        from: '919876543210@s.whatsapp.net',
        fromMe: false,
        timestamp: Date.now(),
        type: 'text',
        text: 'Hello!',
        hasMedia: false,
      },
    };
    await publish(inbound);

    await waitFor(() => sse.messages.length === 1 && ws.frames.some((frame) => frame.kind === 'event'));
    expect(JSON.parse(sse.messages[0]!.data)).toEqual(inbound);
    const frame = ws.frames.find((f) => f.kind === 'event')!;
    expect(frame.event).toEqual(inbound);
    expect(frame.streamId).toBe(sse.messages[0]!.id);
    sse.close();
    ws.close();
    // Starting two gateways under tsx takes a while on a busy 2-core machine.
  }, 150_000);
});
