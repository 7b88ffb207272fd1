import { randomBytes } from 'node:crypto';
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  proto,
  S_WHATSAPP_NET,
} from '@whiskeysockets/baileys';
import { patchesAfter } from './address-book.js';
import type { PeerConnection } from './connection.js';
import type { PeerContext } from './context.js';
import { deliverMessage } from './messages.js';
import type { Account } from './peer-state.js';

/** An app-state patch a device pushed (e.g. `critical_block` carrying the push name). */
export interface AppStatePatch {
  phone: string;
  /** The app-state collection (`critical_block`, `regular_high`, …). */
  collectionName: string;
  /** `proto.SyncdPatch` bytes, encrypted with the key the account's phone shared. */
  patch: Buffer;
}

/** The key an account's phone shares with its devices for app-state patches. */
export interface AppStateKey {
  keyId: Buffer;
  keyData: Buffer;
}

/**
 * The primary phone shares an app-state sync key with the account's devices (what a phone does
 * after linking): Baileys then can encode app-state patches such as its push name.
 */
export async function shareAppStateKey(ctx: PeerContext, account: Account): Promise<AppStateKey> {
  const key = { keyId: randomBytes(6), keyData: randomBytes(32) };
  await deliverMessage(ctx, account.primary, account, {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
      appStateSyncKeyShare: {
        keys: [
          {
            keyId: { keyId: key.keyId },
            keyData: {
              keyData: key.keyData,
              fingerprint: { rawId: 1, currentIndex: 0, deviceIndexes: [0] },
              timestamp: Date.now(),
            },
          },
        ],
      },
    },
  });
  return key;
}

/**
 * `xmlns=w:sync:app:state`: a sync query gets every asked collection back with the patches the
 * phone made since the version asked (the address book: address-book.ts), else at that version
 * with nothing new (an empty answer would make Baileys ask forever); a pushed patch is kept,
 * reported as `app-state-patch` and acknowledged at the next version.
 */
export function appStateIq(connection: PeerConnection, iq: BinaryNode): BinaryNode {
  const collections = getBinaryNodeChildren(getBinaryNodeChild(iq, 'sync'), 'collection');
  const answers: BinaryNode[] = collections.map((collection) => {
    const name = collection.attrs.name ?? '';
    const version = Number(collection.attrs.version ?? 0);
    const patch = getBinaryNodeChild(collection, 'patch');
    if (patch?.content instanceof Uint8Array && connection.account) {
      const pushed: AppStatePatch = {
        phone: connection.account.phone,
        collectionName: name,
        patch: Buffer.from(patch.content),
      };
      connection.ctx.events.emit('app-state-patch', pushed);
      return { tag: 'collection', attrs: { name, version: String(version + 1) } };
    }
    const newer = connection.account
      ? patchesAfter(connection.ctx, connection.account.phone, name, version)
      : { version, patches: [] };
    if (newer.patches.length === 0) return { tag: 'collection', attrs: { name, version: String(version) } };
    return {
      tag: 'collection',
      attrs: { name, version: String(newer.version) },
      content: [
        {
          tag: 'patches',
          attrs: {},
          content: newer.patches.map((patch) => ({
            tag: 'patch',
            attrs: {},
            content: proto.SyncdPatch.encode(patch).finish(),
          })),
        },
      ],
    };
  });
  return {
    tag: 'iq',
    attrs: { type: 'result', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET },
    content: [{ tag: 'sync', attrs: {}, content: answers }],
  };
}
