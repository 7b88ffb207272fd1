import { EVENTS_QUEUE, queuePrefix } from '@wildcat/jobs';
import { connectRedis } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createAndPair } from '../support/accounts.js';
import { expectStatus } from '../support/api.js';
import { useE2eStack } from '../support/e2e-stack.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const OUTSIDE = '19990000001@s.whatsapp.net';

// An event no webhook subscription wants is not queued for the webhook worker (its job would be
// fanned out to nobody: most of a send's Redis cost was a `message.ack` nobody listened to), yet
// live streams still replay it, and acks after a subscription's POST answered reach it.
describe('events queued only for webhook subscriptions that want them', () => {
  const e2e = useE2eStack({}, { gateways: 1, sessionWorkers: 1, webhookWorkers: 1 });
  let sink: WebhookSink | undefined;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  afterAll(async () => {
    redis?.disconnect();
    await sink?.close();
  });

  it('skips the ack job without subscribers, streams it, and delivers acks once subscribed', async () => {
    const { api, stack } = e2e();
    redis = await connectRedis(stack.redis.url, 'request');
    sink = await startWebhookSink();
    await createAndPair(api, 'lonely');
    const queued = async (eventId: string) =>
      (await redis?.exists(`${queuePrefix(EVENTS_QUEUE)}:${EVENTS_QUEUE}:${eventId}`)) === 1;
    const send = async (message: string) => {
      const sent = await api.call('POST', '/accounts/lonely/message/send', {
        body: { to: OUTSIDE, message },
      });
      return String(expectStatus(sent, 200, `send ${message}`).json.messageId);
    };

    // No subscription: the ack is in the stream live clients replay, and not on the events queue.
    const before = await send('nobody listens');
    const beforeAck = `message.ack.lonely.${before}.delivered`;
    const replay = await fetch(`${stack.gateways[0]?.url}/events?accountId=lonely`, {
      headers: { 'x-api-key': stack.apiKey, 'last-event-id': '0-0' },
    });
    const reader = replay.body?.getReader();
    let text = '';
    await waitFor(
      async () => {
        const chunk = await reader?.read();
        text += new TextDecoder().decode(chunk?.value ?? new Uint8Array());
        return text.includes(beforeAck) || undefined;
      },
      { what: 'the ack replayed on GET /events', timeoutMs: 20_000 },
    );
    await reader?.cancel();
    expect(await queued(beforeAck)).toBe(false);

    // Subscribed to acks: the very next send's ack is queued and delivered.
    const hook = await api.call('POST', '/accounts/lonely/webhooks', {
      body: { url: sink.url, events: ['message.ack'] },
    });
    expectStatus(hook, 201, 'subscribe');
    const after = await send('now someone does');
    const afterAck = `message.ack.lonely.${after}.delivered`;
    await waitFor(() => sink?.deliveries.some((delivery) => delivery.eventId === afterAck) || undefined, {
      what: 'the ack delivered to the new subscription',
      timeoutMs: 30_000,
    });
    expect(await queued(afterAck)).toBe(true);
    expect(sink.deliveries.every((delivery) => delivery.eventType === 'message.ack')).toBe(true);
  });
});
