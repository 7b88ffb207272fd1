import { readStatus } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { enableSandboxTrace, injectSandboxDisconnect, sandboxDeliveries } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(2);
  await enableSandboxTrace(env.redis);
  // A send looks for an open session for 200 ms; a dropped socket comes back after 2–4 s.
  worker = await startInProcessWorker(env, 'hold-1', {
    sessionWaitMs: 200,
    policy: { baseDelayMs: 4_000, maxDelayMs: 4_000, breakerThreshold: 100, breakerPauseMs: 4_000 },
  });
  await waitFor(() => worker.worker.ownership.owned().length === 2, { what: 'all shards owned' });
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

describe('a send to an account that is reconnecting', () => {
  it('is held until the account is back, then sent once (not answered 409)', async () => {
    await pairAccount(env, 'hold-a');
    const bJid = await pairAccount(env, 'hold-b');
    expect(await injectSandboxDisconnect(env.redis, 'hold-a', 500)).toBe(1);
    await waitFor(async () => (await readStatus(env.redis, 'hold-a'))?.status === 'reconnecting', {
      what: 'hold-a reconnecting',
    });
    const started = Date.now();
    await env.send({
      kind: 'text',
      accountId: 'hold-a',
      messageId: 'HOLD1',
      to: bJid,
      text: 'after the drop',
    });
    expect(await env.waitResult('HOLD1', 20_000)).toMatchObject({ ok: true, messageId: 'HOLD1' });
    // It waited for the reconnect, far longer than one look for the session.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect(await waitFor(() => env.store.messages.get('hold-b', 'HOLD1'))).toMatchObject({
      text: 'after the drop',
    });
    expect((await sandboxDeliveries(env.redis)).get('hold-b/HOLD1')).toBe(1);
  });

  it('still answers 409 at once for an account its user disconnected', async () => {
    await env.waitResult(await env.control({ accountId: 'hold-a', action: 'disconnect' }));
    const started = Date.now();
    await env.send({
      kind: 'text',
      accountId: 'hold-a',
      messageId: 'HOLD2',
      to: '919876543210@s.whatsapp.net',
      text: 'x',
    });
    expect(await env.waitResult('HOLD2')).toMatchObject({
      ok: false,
      httpStatus: 409,
      error: 'Account not connected',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
