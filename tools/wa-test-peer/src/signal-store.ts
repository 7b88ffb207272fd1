import type { SignalStorage } from 'libsignal';
import type { PeerState, SimUser } from './peer-state.js';
import { SessionRecord } from './signal-lib.js';

/**
 * libsignal storage for one simulated phone, backed by the peer state so sessions, prekeys and
 * learned identities survive a peer restart. Identities are trusted on first use: the peer
 * plays the network, not a security auditor.
 */
export function simUserStorage(state: PeerState, user: SimUser): SignalStorage {
  const storage = {
    async loadSession(id: string) {
      const data = user.sessions[id];
      return data ? SessionRecord.deserialize(data) : undefined;
    },
    async storeSession(id: string, record: { serialize(): unknown }) {
      user.sessions[id] = record.serialize();
      state.save();
    },
    isTrustedIdentity(identifier: string, identityKey: Uint8Array) {
      user.identities[identifier] ??= Buffer.from(identityKey);
      return true;
    },
    async loadPreKey(id: number | string) {
      return user.preKeys[String(id)];
    },
    removePreKey(id: number) {
      delete user.preKeys[String(id)];
      state.save();
    },
    loadSignedPreKey() {
      return user.signedPreKey.keyPair;
    },
    getOurRegistrationId() {
      return user.registrationId;
    },
    getOurIdentity() {
      return user.identityKey;
    },
  };
  return storage as unknown as SignalStorage;
}
