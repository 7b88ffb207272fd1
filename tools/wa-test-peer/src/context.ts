import type { EventEmitter } from 'node:events';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { NoiseIdentity } from './certificates.js';
import type { PeerConnection } from './connection.js';
import type { ContactsDirectory } from './contacts.js';
import type { MediaStore } from './media-store.js';
import type { PeerState } from './peer-state.js';

/** Shared by every connection handler: the peer's state, live sockets and event channel. */
export interface PeerContext {
  state: PeerState;
  identity: NoiseIdentity;
  /** Emits the public `WaPeer` events (`message`, `receipt`, `paired`, `login`, ...). */
  events: EventEmitter;
  connections: Set<PeerConnection>;
  media: MediaStore;
  offline: OfflineQueue;
  /** Who is not on WhatsApp, profiles, block lists. */
  contacts: ContactsDirectory;
  /** `host:port` of the local HTTPS media server, as handed out in `media_conn`. */
  mediaHost(): string;
}

/** A fresh stanza id for nodes the peer originates. */
export function stanzaId(): string {
  return `peer-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Current time in unix seconds, as WhatsApp puts it in `t` attributes. */
export function unixNow(): string {
  return String(Math.floor(Date.now() / 1000));
}

/**
 * What WhatsApp's server keeps for a linked device: messages sent while it was offline, and
 * messages it was sent but never sent a receipt for (the client crashed, or refused before its
 * receipt). Both are delivered again right after its next login (before the `offline` marker):
 * a message is done with only once the client acknowledged it with a receipt.
 */
export class OfflineQueue {
  private readonly queued = new Map<string, Array<{ node: BinaryNode; rebuild: Rebuild }>>();
  /** Sent to a live socket, no receipt yet, by id in the order they were sent. */
  private readonly unreceipted = new Map<string, Map<string, Rebuild>>();

  /** `node` waits for the device's next login; `rebuild` makes it again for a later redelivery. */
  queue(phone: string, deviceId: number, node: BinaryNode, rebuild: Rebuild): void {
    const key = `${phone}:${deviceId}`;
    this.queued.set(key, [...(this.queued.get(key) ?? []), { node, rebuild }]);
  }

  /** Message `id` went to a live socket of the device: it is pending until its receipt. */
  sent(phone: string, deviceId: number, id: string, rebuild: Rebuild): void {
    this.pendingOf(`${phone}:${deviceId}`).set(id, rebuild);
  }

  /** The device sent a receipt for these message ids: they are delivered for good. */
  receipted(phone: string, deviceId: number, ids: readonly string[]): void {
    const pending = this.unreceipted.get(`${phone}:${deviceId}`);
    for (const id of ids) pending?.delete(id);
  }

  /**
   * Everything to deliver at login: unreceipted messages first (older, made afresh), then the
   * queue. All of them stay pending until their receipts arrive.
   */
  async drain(phone: string, deviceId: number): Promise<BinaryNode[]> {
    const key = `${phone}:${deviceId}`;
    const pending = this.pendingOf(key);
    const nodes: BinaryNode[] = [];
    for (const rebuild of pending.values()) nodes.push(await rebuild());
    for (const { node, rebuild } of this.queued.get(key) ?? []) {
      nodes.push(node);
      pending.set(node.attrs.id ?? '', rebuild);
    }
    this.queued.delete(key);
    return nodes;
  }

  private pendingOf(key: string): Map<string, Rebuild> {
    const pending = this.unreceipted.get(key) ?? new Map<string, Rebuild>();
    this.unreceipted.set(key, pending);
    return pending;
  }
}

/** Makes a message's node again (encrypted afresh) for a redelivery. */
export type Rebuild = () => Promise<BinaryNode>;

/** The user part of a phone number or jid (`+1 555…`, `1555…@s.whatsapp.net`, `1555…:2@…`). */
export function userOf(jidOrPhone: string): string {
  const user = jidOrPhone.split('@')[0]!.split(':')[0]!;
  return user.replace(/\D/g, '');
}
