import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@wildcat/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaileysStack, startBaileysStack } from './support/baileys-stack.js';

// Issue 22 item 12(a): an account created on the sandbox engine, then the same data opened with
// WA_ENGINE=baileys. Its sandbox creds used to crash Baileys' handshake on every reconnect.
const accountId = 'was-sandbox';
const phone = '15550400009';

describe('session worker with WA_ENGINE=baileys: creds it cannot use', { retry: 0 }, () => {
  let t: BaileysStack;
  const logins: number[] = [];

  beforeAll(async () => {
    t = await startBaileysStack();
    t.peer.on('login', () => logins.push(Date.now()));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('sandbox creds → logged_out with the reason, creds wiped, no reconnect loop; then a new QR pairs', async () => {
    // the account exists (a first worker took its connect request and showed a QR), then its
    // creds are replaced by what the sandbox engine writes and a new worker starts: no request is
    // queued, the worker connects the account because its desired state says so
    expect((await t.post('/accounts', { id: accountId })).statusCode).toBeLessThan(300);
    const first = await t.startWorker();
    await waitFor(async () => (await t.status(accountId))?.qr, { timeoutMs: 30_000, what: 'first QR' });
    await first.process.stop();
    const account = await t.store.accounts.get(accountId);
    const auth = t.store.authState(account!.collectionName);
    const sandboxCreds = {
      platform: 'wildcat-sandbox',
      registered: true,
      me: { id: `${phone}@s.whatsapp.net` },
    };
    // written at the auth fence's epoch (the first worker's lease epoch): lower ones are refused
    for (let epoch = 1; epoch < 100; epoch++) {
      const written = await auth.writeCreds(sandboxCreds, epoch).then(
        () => true,
        () => false,
      );
      if (written) break;
    }
    const before = (await t.events('account.status', accountId)).length;

    await t.startWorker();
    const status = await t.waitStatus(accountId, 'logged_out', 90_000);
    expect(status.reason).toMatch(/stored credentials are unusable/);
    expect(status.reason).toMatch(/new QR code/);
    expect(await auth.hasCreds()).toBe(false);
    expect((await t.store.accounts.get(accountId))?.desiredState).toBe('logged_out');
    // stays down: no login at the peer, no other status
    await sleep(3000);
    const after = (await t.events('account.status', accountId)).slice(before).map((e) => e.data.status);
    expect(after).not.toContain('reconnecting');
    expect(after.filter((status) => status === 'logged_out')).toHaveLength(1);
    expect(logins).toEqual([]);
    expect((await t.status(accountId))?.status).toBe('logged_out');
    expect(t.workerOutput().join('\n')).not.toMatch(/reading 'public'/);

    // a connect now shows a QR code and pairs
    expect((await t.post(`/accounts/${accountId}/connect`)).statusCode).toBeLessThan(300);
    const qr = await waitFor(async () => (await t.status(accountId))?.qr, { timeoutMs: 30_000, what: 'QR' });
    await t.peer.scanQr(qr, phone);
    await t.waitStatus(accountId, 'connected', 90_000);
  }, 240_000);
});
