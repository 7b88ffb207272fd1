import type { EventEmitter } from 'node:events';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { NoiseIdentity } from './certificates.js';
import type { PeerConnection } from './connection.js';
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
 * Nodes for linked devices that were offline when a simulated phone sent to them; delivered
 * right after their next login (before the `offline` marker), like WhatsApp's offline queue.
 */
export class OfflineQueue {
  private readonly pending = new Map<string, BinaryNode[]>();

  queue(phone: string, deviceId: number, node: BinaryNode): void {
    const key = `${phone}:${deviceId}`;
    this.pending.set(key, [...(this.pending.get(key) ?? []), node]);
  }

  drain(phone: string, deviceId: number): BinaryNode[] {
    const key = `${phone}:${deviceId}`;
    const nodes = this.pending.get(key) ?? [];
    this.pending.delete(key);
    return nodes;
  }
}

/** The user part of a phone number or jid (`+1 555…`, `1555…@s.whatsapp.net`, `1555…:2@…`). */
export function userOf(jidOrPhone: string): string {
  const user = jidOrPhone.split('@')[0]!.split(':')[0]!;
  return user.replace(/\D/g, '');
}
