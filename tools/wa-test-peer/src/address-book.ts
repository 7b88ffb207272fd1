import {
  type BinaryNode,
  encodeSyncdPatch,
  type LTHashState,
  newLTHashState,
  proto,
  S_WHATSAPP_NET,
} from '@whiskeysockets/baileys';
import type { AppStateKey } from './app-state.js';
import { type PeerContext, stanzaId, unixNow } from './context.js';
import type { Account } from './peer-state.js';

/** The app-state collection a phone's address book (contactAction) syncs in. */
const CONTACTS_COLLECTION = 'critical_unblock_low';

/** One account's app-state collection as the server holds it: the hash state and every patch. */
interface CollectionLog {
  state: LTHashState;
  patches: proto.ISyncdPatch[];
}

const logs = new WeakMap<PeerContext, Map<string, CollectionLog>>();

function logOf(ctx: PeerContext, phone: string, collection: string): CollectionLog {
  let byKey = logs.get(ctx);
  if (!byKey) {
    byKey = new Map();
    logs.set(ctx, byKey);
  }
  const key = `${phone}/${collection}`;
  let log = byKey.get(key);
  if (!log) {
    log = { state: newLTHashState(), patches: [] };
    byKey.set(key, log);
  }
  return log;
}

/** Patches of `collection` newer than `version` (in memory: a peer restart forgets them). */
export function patchesAfter(
  ctx: PeerContext,
  phone: string,
  collection: string,
  version: number,
): { version: number; patches: proto.ISyncdPatch[] } {
  const log = logOf(ctx, phone, collection);
  return {
    version: Math.max(version, log.state.version),
    patches: log.patches.filter((patch) => Number(patch.version?.version) > version),
  };
}

/**
 * The account's phone saves `jid` as `name` in its address book: a contactAction patch, encrypted
 * with the key the phone shared (as the phone encodes it, with Baileys' own encoder), kept for the
 * devices' next sync, and a `server_sync` notification telling the live devices to sync now.
 */
export async function saveContact(
  ctx: PeerContext,
  account: Account,
  key: AppStateKey,
  jid: string,
  name: string,
): Promise<void> {
  const log = logOf(ctx, account.phone, CONTACTS_COLLECTION);
  const keyId = key.keyId.toString('base64');
  const { patch, state } = await encodeSyncdPatch(
    {
      type: CONTACTS_COLLECTION,
      index: ['contact', jid],
      syncAction: { timestamp: Date.now(), contactAction: { fullName: name, firstName: name.split(' ')[0] } },
      apiVersion: 2,
      operation: proto.SyncdMutation.SyncdOperation.SET,
    },
    keyId,
    log.state,
    async (id) =>
      id === keyId
        ? proto.Message.AppStateSyncKeyData.fromObject({ keyData: key.keyData, timestamp: Date.now() })
        : null,
  );
  log.state = state;
  log.patches.push({ ...patch, version: { version: state.version } });
  const node: BinaryNode = {
    tag: 'notification',
    attrs: { from: S_WHATSAPP_NET, type: 'server_sync', id: stanzaId(), t: unixNow() },
    content: [{ tag: 'collection', attrs: { name: CONTACTS_COLLECTION, version: String(state.version) } }],
  };
  for (const connection of ctx.connections)
    if (connection.account?.phone === account.phone) connection.send(node);
}
