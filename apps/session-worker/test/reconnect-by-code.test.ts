import { setTimeout as sleep } from 'node:timers/promises';
import { EVENTS_STREAM, readStatus } from '@wildcat/redis-bus';
import { waitFor } from '@wildcat/testkit';
import { injectSandboxDisconnect, liveSocketCount } from '@wildcat/wa-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairAccount, startEnvironment, type TestEnvironment } from './support/environment.js';
import { type InProcessWorker, startInProcessWorker } from './support/in-process-worker.js';

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await startEnvironment(2);
  worker = await startInProcessWorker(env, 'policy-1');
  await waitFor(() => worker.worker.ownership.owned().length === 2);
});

afterAll(async () => {
  await worker?.stop();
  await env?.close();
});

async function statusEvents(accountId: string): Promise<string[]> {
  const entries = await env.redis.xrange(EVENTS_STREAM, '-', '+');
  return entries
    .map(
      ([, fields]) => JSON.parse(fields[1]!) as { type: string; accountId: string; data: { status: string } },
    )
    .filter((event) => event.type === 'account.status' && event.accountId === accountId)
    .map((event) => event.data.status);
}

/** After a stop, give a wrongly scheduled reconnect (base delay 50 ms) time to show itself. */
async function staysDown(accountId: string): Promise<void> {
  await sleep(400);
  expect(await liveSocketCount(env.redis, accountId)).toBe(0);
}

describe('reconnect policy through injected sandbox disconnects', () => {
  it.each([515, 405, 408, 428, 500, 503])('%i: reconnects and is connected again', async (code) => {
    const id = `code-${code}`;
    await pairAccount(env, id);
    expect(await injectSandboxDisconnect(env.redis, id, code)).toBe(1);
    await waitFor(async () => (await statusEvents(id)).includes('reconnecting'), { what: 'reconnecting' });
    await waitFor(async () => (await statusEvents(id)).at(-1) === 'connected', { what: 'connected again' });
    expect(await readStatus(env.redis, id)).toMatchObject({ status: 'connected', owner: 'policy-1' });
    expect(await liveSocketCount(env.redis, id)).toBe(1);
    expect(await env.store.authState(`auth_${id}`).hasCreds()).toBe(true);
  });

  it('401: logged_out, credentials wiped, desired state logged_out, no reconnect', async () => {
    await pairAccount(env, 'code-401');
    await injectSandboxDisconnect(env.redis, 'code-401', 401);
    await waitFor(async () => (await readStatus(env.redis, 'code-401'))?.status === 'logged_out');
    await staysDown('code-401');
    expect(await env.store.authState('auth_code-401').hasCreds()).toBe(false);
    expect((await env.store.accounts.get('code-401'))?.desiredState).toBe('logged_out');
  });

  it('440: stopped as not_started, never reconnects, credentials kept', async () => {
    await pairAccount(env, 'code-440');
    await injectSandboxDisconnect(env.redis, 'code-440', 440);
    await waitFor(async () => (await readStatus(env.redis, 'code-440'))?.status === 'not_started');
    await staysDown('code-440');
    expect(await readStatus(env.redis, 'code-440')).toMatchObject({
      status: 'not_started',
      reason: '440 replaced by another connection',
    });
    expect(await env.store.authState('auth_code-440').hasCreds()).toBe(true);
    expect((await env.store.accounts.get('code-440'))?.desiredState).toBe('disconnected');
  });

  it('403: stopped and alerted, no reconnect', async () => {
    await pairAccount(env, 'code-403');
    await injectSandboxDisconnect(env.redis, 'code-403', 403);
    await waitFor(async () => (await readStatus(env.redis, 'code-403'))?.status === 'not_started');
    await staysDown('code-403');
    const metrics = await worker.worker.metrics.registry.metrics();
    expect(metrics).toMatch(/wildcat_session_alerts_total\{code="403"\} 1/);
  });

  it('408 while showing a QR: QR expired, waits for a connect; a connect shows a new QR', async () => {
    await env.store.accounts.create({ id: 'code-408-qr' });
    await env.waitResult(await env.control({ accountId: 'code-408-qr', action: 'connect' }));
    const first = await waitFor(async () => (await readStatus(env.redis, 'code-408-qr'))?.qr);
    await injectSandboxDisconnect(env.redis, 'code-408-qr', 408);
    await waitFor(async () => (await readStatus(env.redis, 'code-408-qr'))?.status === 'not_started');
    await staysDown('code-408-qr');
    expect(await readStatus(env.redis, 'code-408-qr')).toMatchObject({ reason: '408 QR code expired' });
    await env.waitResult(await env.control({ accountId: 'code-408-qr', action: 'connect' }));
    const second = await waitFor(async () => (await readStatus(env.redis, 'code-408-qr'))?.qr);
    expect(second).not.toBe(first);
  });
});
