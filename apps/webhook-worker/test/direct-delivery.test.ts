import { deliveryJobId } from '@wildcat/jobs';
import { waitFor } from '@wildcat/testkit';
import { describe, expect, it } from 'vitest';
import { messageEvent, uniqueId } from './support/events.js';
import { type Runtime, useDeliveryHarness } from './support/harness.js';

// The fan-out delivers first attempts itself and records them in batches; these are the things a
// user sees that this must not change.

const { infra, extraReceiver, setup } = useDeliveryHarness();

/** What the gateway's POST /webhooks/:id/deliveries/:deliveryId/retry does. */
async function retryByHand(rt: Runtime, deliveryId: string) {
  const job = await infra.deliveries.getJob(deliveryId);
  if (!job) throw new Error(`no job kept for ${deliveryId}`);
  const state = await job.getState();
  if (state !== 'failed' && state !== 'completed') throw new Error(`job is ${state}`);
  await rt.store.deliveries.reopen(deliveryId);
  await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
}

describe('direct delivery from the fan-out', () => {
  it('a burst of 300 events: each delivered once, every record delivered and listed', async () => {
    const { receiver, runtime: rt } = await setup(undefined, { WEBHOOK_CONCURRENCY: '20' });
    const accountId = uniqueId('acc');
    const hook = await rt.subscribe({ accountId, url: receiver.url });
    const events = Array.from({ length: 300 }, () => messageEvent(accountId));
    await Promise.all(events.map((event) => infra.publish(event)));
    await waitFor(() => receiver.requests.length >= events.length, {
      what: '300 deliveries',
      timeoutMs: 30_000,
    });
    const webhookId = hook._id.toHexString();
    const listed = await waitFor(
      async () => {
        const docs = await rt.store.deliveries.listByWebhook(webhookId, { limit: 1_000, skip: 0 });
        return docs.length === events.length && docs.every((doc) => doc.status === 'delivered')
          ? docs
          : undefined;
      },
      { what: 'every record delivered' },
    );
    expect(new Set(receiver.requests.map((request) => request.headers['x-wildcat-event-id'])).size).toBe(300);
    expect(receiver.requests).toHaveLength(300);
    expect(listed.every((doc) => doc.attempts === 1 && doc.lastStatusCode === 200)).toBe(true);
    expect(listed[0]).toMatchObject({ webhookId, eventType: 'message', accountId, deadLettered: false });
    expect(receiver.requests[0]!.headers['x-wildcat-attempt']).toBe('1');
  });

  it('a delivered delivery can be sent again by hand, with the same event id', async () => {
    const { receiver, runtime: rt } = await setup();
    const accountId = uniqueId('acc');
    const hook = await rt.subscribe({ accountId, url: receiver.url });
    const event = messageEvent(accountId);
    await infra.publish(event);
    const id = deliveryJobId(event.id, hook._id.toHexString());
    await waitFor(async () => (await rt.store.deliveries.get(id))?.status === 'delivered');
    // The completed job the retry starts from is written shortly after the delivery.
    await waitFor(async () => (await (await infra.deliveries.getJob(id))?.getState()) === 'completed');

    await retryByHand(rt, id);
    await waitFor(() => receiver.requests.length === 2, { what: 'the second delivery' });
    expect(receiver.requests[1]!.headers['x-wildcat-event-id']).toBe(event.id);
    expect(JSON.parse(receiver.requests[1]!.body)).toEqual(event);
    const record = await waitFor(async () => {
      const doc = await rt.store.deliveries.get(id);
      return doc?.status === 'delivered' && doc.attempts === 2 ? doc : undefined;
    });
    expect(record).toMatchObject({ deadLettered: false, lastStatusCode: 200 });
  });

  it('a first attempt refused with 400 is kept as a failed dead letter that a retry by hand delivers', async () => {
    const { receiver, runtime: rt } = await setup(() => ({ status: 400 }));
    const accountId = uniqueId('acc');
    const hook = await rt.subscribe({ accountId, url: receiver.url });
    const event = messageEvent(accountId);
    await infra.publish(event);
    const id = deliveryJobId(event.id, hook._id.toHexString());
    await waitFor(async () => (await infra.deliveries.getJob(id))?.isFailed(), { what: 'dead letter' });
    expect(await rt.store.deliveries.get(id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      deadLettered: true,
    });
    expect(receiver.requests).toHaveLength(1);

    receiver.respond(() => ({ status: 200 }));
    await retryByHand(rt, id);
    await waitFor(async () => (await rt.store.deliveries.get(id))?.status === 'delivered', {
      what: 'delivered after the retry',
    });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers['x-wildcat-event-id']).toBe(event.id);
  });

  it('a subscription created just after the previous event still gets the next one', async () => {
    const first = await extraReceiver();
    const { receiver: second, runtime: rt } = await setup();
    const accountId = uniqueId('acc');
    await rt.subscribe({ accountId, url: first.url });
    await infra.publish(messageEvent(accountId));
    await waitFor(() => first.requests.length === 1);
    // The account's subscriptions were just read; the new one must not be missed for that.
    await rt.subscribe({ accountId, url: second.url });
    const next = messageEvent(accountId);
    await infra.publish(next);
    await waitFor(() => second.requests.length === 1 && first.requests.length === 2, {
      what: 'the next event at both subscriptions',
    });
    expect(second.requests[0]!.headers['x-wildcat-event-id']).toBe(next.id);
  });

  it('never has more than WEBHOOK_CONCURRENCY deliveries in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { receiver, runtime: rt } = await setup(
      () => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => inFlight--, 30);
        return { status: 200, delayMs: 30 };
      },
      { WEBHOOK_CONCURRENCY: '4', WEBHOOK_ENDPOINT_CONCURRENCY: '10' },
    );
    const accountId = uniqueId('acc');
    await rt.subscribe({ accountId, url: receiver.url });
    await Promise.all(Array.from({ length: 40 }, () => infra.publish(messageEvent(accountId))));
    await waitFor(() => receiver.requests.length === 40, { what: '40 deliveries', timeoutMs: 20_000 });
    expect(most).toBeLessThanOrEqual(4);
    expect(most).toBeGreaterThanOrEqual(2);
  });
});
