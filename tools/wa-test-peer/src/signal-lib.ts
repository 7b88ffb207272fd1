import * as libsignal from 'libsignal';

/**
 * libsignal 6's bundled typings omit `keyhelper`, `curve` and the session-record internals we
 * use; this file adds the missing shapes in one place.
 */
interface KeyPair {
  pubKey: Buffer;
  privKey: Buffer;
}

interface Keyhelper {
  generateIdentityKeyPair(): KeyPair;
  generateRegistrationId(): number;
  generateSignedPreKey(
    identity: KeyPair,
    keyId: number,
  ): { keyId: number; keyPair: KeyPair; signature: Buffer };
  generatePreKey(keyId: number): { keyId: number; keyPair: KeyPair };
}

/** A libsignal SessionRecord as used here (serialize/deserialize round-trip through JSON). */
export interface SessionRecordLike {
  serialize(): unknown;
  haveOpenSession(): boolean;
}

interface SessionRecordClass {
  new (): SessionRecordLike;
  deserialize(data: unknown): SessionRecordLike;
}

const lib = libsignal as unknown as {
  keyhelper: Keyhelper;
  SessionRecord: SessionRecordClass;
};

export const keyhelper: Keyhelper = lib.keyhelper;
export const SessionRecord: SessionRecordClass = lib.SessionRecord;
export const { ProtocolAddress, SessionBuilder, SessionCipher } = libsignal;
