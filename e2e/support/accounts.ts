import { waitFor } from '@wildcat/testkit';
import { type Api, expectStatus } from './api.js';

export interface PairedAccount {
  id: string;
  jid: string;
}

/** GET /accounts/:id/status. */
export async function statusOf(api: Api, id: string) {
  return expectStatus(await api.call('GET', `/accounts/${id}/status`), 200, `status of ${id}`).json;
}

/** Polls the status until `accept` holds; resolves that status. */
export async function waitForStatus(
  api: Api,
  id: string,
  accept: (status: { status: string; qr: string | null }) => boolean,
  what: string,
  timeoutMs = 60_000,
) {
  return waitFor(
    async () => {
      const status = await statusOf(api, id);
      return accept(status) ? status : undefined;
    },
    { what: `${id}: ${what}`, timeoutMs, intervalMs: 200 },
  );
}

/** What the sandbox phone that scans is: its name, and whether it runs WhatsApp Business. */
export interface SandboxPhone {
  pushName?: string;
  business?: boolean;
}

/** As a client pairs a sandbox account: wait for its QR, have the sandbox phone scan it, wait for connected. */
export async function pair(api: Api, id: string, phone?: SandboxPhone): Promise<PairedAccount> {
  await waitForStatus(api, id, (status) => typeof status.qr === 'string' && status.qr.length > 0, 'a QR');
  const scan = expectStatus(
    await api.call('POST', `/sandbox/accounts/${id}/scan`, phone ? { body: phone } : {}),
    200,
    `scan ${id}`,
  );
  await waitForStatus(api, id, (status) => status.status === 'connected', 'connected');
  return { id, jid: String(scan.json.jid) };
}

/** POST /accounts then pair it. */
export async function createAndPair(api: Api, id: string, phone?: SandboxPhone): Promise<PairedAccount> {
  expectStatus(await api.call('POST', '/accounts', { body: { id, name: id } }), 201, `create ${id}`);
  return pair(api, id, phone);
}

/** Creates and pairs `ids`, a few at a time. */
export async function createAndPairAll(api: Api, ids: string[], concurrency = 5): Promise<PairedAccount[]> {
  const paired: PairedAccount[] = new Array(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const index = next++;
        paired[index] = await createAndPair(api, ids[index] as string);
      }
    }),
  );
  return paired;
}
