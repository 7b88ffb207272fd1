import { deliveryJobId } from '@wildcat/jobs';
import { waitFor } from '@wildcat/testkit';
import { verifyWildcatSignature } from '@wildcat/webhooks';
import { describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Runtime, useDeliveryHarness } from './support/harness.js';

const { infra, extraReceiver, setup } = useDeliveryHarness();

async function deliveryOf(rt: Runtime, eventId: string, webhookId: string) {
  return rt.store.deliveries.get(deliveryJobId(eventId, webhookId));
}

/** A subscription of a fresh account to `receiver`, and one message event of that account published. */
async function publishOne(rt: Runtime, receiver: { url: string }) {
  const accountId = uniqueId('acc');
  const hook = await rt.subscribe({ accountId, url: receiver.url });
  const event = messageEvent(accountId);
  await infra.publish(event);
  return { accountId, hook, event };
}

/** The delivery record of `event` to `hook` once it reached `status`. */
function recordWith(
  rt: Runtime,
  event: { id: string },
  hook: { _id: { toHexString(): string } },
  status: 'delivered' | 'dead',
) {
  return waitFor(async () => {
    const doc = await deliveryOf(rt, event.id, hook._id.toHexString());
    return doc?.status === status ? doc : undefined;
  });
}

describe('webhook delivery', () => {
  it('delivers a signed envelope with the Wildcat headers and custom headers', async () => {
    const { receiver, runtime: rt } = await setup();
    const accountId = uniqueId('acc');
    const hook = await rt.subscribe({
      accountId,
      url: receiver.url,
      secret: 'whsec_1',
      headers: { 'X-Custom': 'yes', 'X-Wildcat-Signature': 'forged' },
    });
    const event = messageEvent(accountId);
    await infra.publish(event);

    await waitFor(() => receiver.requests.length === 1, { what: 'delivery' });
    const [request] = receiver.requests;
    expect(request!.headers['x-wildcat-event-id']).toBe(event.id);
    expect(request!.headers['x-wildcat-event']).toBe('message');
    expect(request!.headers['x-custom']).toBe('yes');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual(event);
    expect(verifyWildcatSignature('whsec_1', request!.headers, request!.body, 300)).toMatchObject({
      ok: true,
    });

    const record = await recordWith(rt, event, hook, 'delivered');
    expect(record).toMatchObject({ attempts: 1, lastStatusCode: 200, deadLettered: false });
  });

  it('signs the reference payload of a global subscription that has a secret (issue 23 item 9)', async () => {
    const { receiver, runtime: rt } = await setup();
    const signed = await extraReceiver();
    await rt.subscribe({ accountId: null, url: signed.url, format: 'seed', secret: 'whsec_global_1' });
    await rt.subscribe({ accountId: null, url: receiver.url, format: 'seed' });
    await infra.publish(messageEvent(uniqueId('acc')));

    await waitFor(() => signed.requests.length === 1 && receiver.requests.length === 1, {
      what: 'deliveries',
    });
    const [request] = signed.requests;
    expect(JSON.parse(request!.body)).toMatchObject({ message: 'Hello!', fromMe: false });
    expect(verifyWildcatSignature('whsec_global_1', request!.headers, request!.body, 300)).toMatchObject({
      ok: true,
    });
    expect(verifyWildcatSignature('whsec_other', request!.headers, request!.body, 300)).toMatchObject({
      ok: false,
    });
    // Without a secret: no signature header, as before.
    expect(receiver.requests[0]!.headers['x-wildcat-signature']).toBeUndefined();
  });

  it('sends the reference payload to a seed subscription, and only for message events', async () => {
    // PUBLIC_BASE_URL (its trailing slash dropped) is where the payload's mediaUrl points.
    const { receiver, runtime: rt } = await setup(undefined, { PUBLIC_BASE_URL: 'https://api.example.com/' });
    const accountId = uniqueId('acc');
    await rt.subscribe({ accountId: null, url: receiver.url, format: 'seed' });
    const text = messageEvent(accountId);
    const media = messageEvent(accountId, {
      type: 'image',
      text: undefined,
      caption: 'Check this out',
      hasMedia: true,
      mediaId: '60d5ec49c1234567890abcde',
      mimetype: 'image/jpeg',
    });
    await infra.publish({ ...text, id: `account.status.${accountId}`, type: 'account.status', data: {} });
    await infra.publish(text);
    await infra.publish(media);

    await waitFor(() => receiver.requests.length === 2, { what: 'two deliveries' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(2);
    const bodies = receiver.requests.map((request) => JSON.parse(request.body));
    const byId = new Map(bodies.map((body) => [body.messageId, body]));
    expect(byId.get(text.data.messageId)).toEqual({
      from: '919876543210@s.whatsapp.net',
      message: 'Hello!',
      messageId: text.data.messageId,
      timestamp: 1_730_700_645_000,
      accountId,
      chatId: '919876543210@s.whatsapp.net',
      fromMe: false,
      type: 'text',
      text: 'Hello!',
      hasMedia: false,
      // Additive fields the original server sent:
      mentions: [],
      createdAt: '2024-11-04T06:10:45.000Z',
    });
    expect(byId.get(media.data.messageId)).toEqual({
      from: '919876543210@s.whatsapp.net',
      message: 'Check this out',
      messageId: media.data.messageId,
      timestamp: 1_730_700_645_000,
      accountId,
      chatId: '919876543210@s.whatsapp.net',
      fromMe: false,
      type: 'image',
      text: 'Check this out',
      hasMedia: true,
      mediaId: '60d5ec49c1234567890abcde',
      caption: 'Check this out',
      mediaType: 'image',
      mimetype: 'image/jpeg',
      mediaUrl: `https://api.example.com/accounts/${accountId}/messages/${media.data.messageId}/media`,
      mentions: [],
      createdAt: '2024-11-04T06:10:45.000Z',
    });
    expect(receiver.requests[0]!.headers['x-wildcat-signature']).toBeUndefined();
  });

  it('delivers a re-published event once', async () => {
    const { receiver, runtime: rt } = await setup();
    const accountId = uniqueId('acc');
    await rt.subscribe({ accountId, url: receiver.url });
    const event = messageEvent(accountId);
    await infra.publish(event);
    await waitFor(() => receiver.requests.length === 1);
    await infra.publish(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a 500 and records one delivery as delivered', async () => {
    const { receiver, runtime: rt } = await setup((_request, index) => ({ status: index === 0 ? 500 : 200 }));
    const { hook, event } = await publishOne(rt, receiver);
    const record = await recordWith(rt, event, hook, 'delivered');
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers['x-wildcat-event-id']).toBe(event.id);
    expect(receiver.requests[1]!.headers['x-wildcat-attempt']).toBe('2');
    expect(record).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: 'HTTP 500' });
    const all = await rt.store.deliveries.listByWebhook(hook._id.toHexString(), { limit: 10, skip: 0 });
    expect(all).toHaveLength(1);
  });

  it('times out a response that does not come and retries', async () => {
    const { receiver, runtime: rt } = await setup(
      (_request, index) => (index === 0 ? { status: 200, delayMs: 'never' } : { status: 204 }),
      { WEBHOOK_TIMEOUT_MS: '300' },
    );
    const { hook, event } = await publishOne(rt, receiver);
    const record = await recordWith(rt, event, hook, 'delivered');
    expect(record.attempts).toBe(2);
    expect(record.lastError).toBe('no response within 300 ms');
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const { receiver, runtime: rt } = await setup((_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const { hook, event } = await publishOne(rt, receiver);
    await waitFor(
      async () => (await deliveryOf(rt, event.id, hook._id.toHexString()))?.status === 'delivered',
    );
    expect(receiver.requests).toHaveLength(2);
    const gap = receiver.requests[1]!.at - receiver.requests[0]!.at;
    // The test backoff is at most 200 ms; only Retry-After explains a second's wait.
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(3_000);
  });

  it('disables the subscription on 410 Gone and stops delivering to it', async () => {
    const { receiver, runtime: rt } = await setup(() => ({ status: 410 }));
    const { accountId, hook, event } = await publishOne(rt, receiver);
    await waitFor(async () => (await rt.store.webhooks.get(hook._id.toHexString()))?.enabled === false, {
      what: 'subscription disabled',
    });
    const record = await recordWith(rt, event, hook, 'dead');
    expect(record).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410 });
    await infra.publish(messageEvent(accountId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not retry a 400', async () => {
    const { receiver, runtime: rt } = await setup(() => ({ status: 400, body: 'bad payload' }));
    const { hook, event } = await publishOne(rt, receiver);
    const record = await recordWith(rt, event, hook, 'dead');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    expect(record).toMatchObject({ attempts: 1, lastStatusCode: 400, lastError: 'HTTP 400: bad payload' });
  });

  it('dead-letters after the last attempt and keeps the failed job', async () => {
    const { receiver, runtime: rt } = await setup(() => ({ status: 503 }), { WEBHOOK_MAX_ATTEMPTS: '3' });
    const { hook, event } = await publishOne(rt, receiver);
    const record = await recordWith(rt, event, hook, 'dead');
    expect(record).toMatchObject({ attempts: 3, deadLettered: true, lastStatusCode: 503 });
    expect(receiver.requests).toHaveLength(3);
    // The record is written just before the job fails: wait for the failure before reading it.
    const jobId = deliveryJobId(event.id, hook._id.toHexString());
    await waitFor(async () => (await infra.deliveries.getJob(jobId))?.isFailed());
    const job = await infra.deliveries.getJob(jobId);
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(3);
    expect(await rt.store.deliveries.countDead()).toBe(1);
    const metrics = await rt.metrics.registry.metrics();
    expect(metrics).toMatch(/wildcat_webhook_deliveries_total\{outcome="dead"\} 1/);
    expect(metrics).toMatch(/wildcat_webhook_dead_letters 1/);
  });

  it('refuses to deliver to a private address unless allowed', async () => {
    const { receiver, runtime: rt } = await setup(undefined, { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' });
    const { hook, event } = await publishOne(rt, receiver);
    const record = await recordWith(rt, event, hook, 'dead');
    expect(record.lastError).toContain('loopback');
    expect(receiver.requests).toHaveLength(0);
  });
});
