import {
  type BinaryNode,
  encodeBigEndian,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  getBinaryNodeChildren,
  getBinaryNodeChildUInt,
  KEY_BUNDLE_TYPE,
} from '@whiskeysockets/baileys';
import { type DeviceBundle, type SimUser, topUpPreKeys } from './peer-state.js';

/** The 32-byte wire form of a libsignal public key (drops the 0x05 type byte). */
export function wireKey(key: Uint8Array): Buffer {
  return Buffer.from(key.length === 33 ? key.subarray(1) : key);
}

/** The 33-byte libsignal form of a wire public key. */
export function signalKey(key: Uint8Array): Buffer {
  return key.length === 33 ? Buffer.from(key) : Buffer.concat([KEY_BUNDLE_TYPE, key]);
}

function keyId(node: BinaryNode): number {
  return getBinaryNodeChildUInt(node, 'id', 3) ?? 0;
}

/**
 * Merges an `iq xmlns=encrypt type=set` prekey upload into the device's bundle. Uploads add
 * prekeys; the identity, registration id and signed prekey are replaced.
 */
export function mergeUploadedBundle(iq: BinaryNode, previous: DeviceBundle | undefined): DeviceBundle {
  const skey = getBinaryNodeChild(iq, 'skey');
  const bundle: DeviceBundle = {
    registrationId: getBinaryNodeChildUInt(iq, 'registration', 4) ?? 0,
    identityKey: Buffer.from(getBinaryNodeChildBuffer(iq, 'identity') ?? []),
    signedPreKey: {
      keyId: skey ? keyId(skey) : 0,
      publicKey: Buffer.from((skey && getBinaryNodeChildBuffer(skey, 'value')) ?? []),
      signature: Buffer.from((skey && getBinaryNodeChildBuffer(skey, 'signature')) ?? []),
    },
    preKeys: { ...(previous?.preKeys ?? {}) },
  };
  for (const key of getBinaryNodeChildren(getBinaryNodeChild(iq, 'list'), 'key')) {
    bundle.preKeys[keyId(key)] = Buffer.from(getBinaryNodeChildBuffer(key, 'value') ?? []);
  }
  return bundle;
}

/** Takes one one-time prekey out of a device bundle (the server hands each out once). */
export function takeDevicePreKey(bundle: DeviceBundle): { keyId: number; publicKey: Buffer } | undefined {
  const first = Object.keys(bundle.preKeys)[0];
  if (first === undefined) return undefined;
  const publicKey = bundle.preKeys[first]!;
  delete bundle.preKeys[first];
  return { keyId: Number(first), publicKey };
}

function skeyNode(id: number, value: Buffer, signature: Buffer): BinaryNode {
  return {
    tag: 'skey',
    attrs: {},
    content: [
      { tag: 'id', attrs: {}, content: encodeBigEndian(id, 3) },
      { tag: 'value', attrs: {}, content: value },
      { tag: 'signature', attrs: {}, content: signature },
    ],
  };
}

function keyNode(id: number, value: Buffer): BinaryNode {
  return {
    tag: 'key',
    attrs: {},
    content: [
      { tag: 'id', attrs: {}, content: encodeBigEndian(id, 3) },
      { tag: 'value', attrs: {}, content: value },
    ],
  };
}

function bundleChildren(
  registrationId: number,
  identity: Buffer,
  skey: BinaryNode,
  key?: BinaryNode,
): BinaryNode[] {
  return [
    { tag: 'registration', attrs: {}, content: encodeBigEndian(registrationId) },
    { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
    { tag: 'identity', attrs: {}, content: identity },
    skey,
    ...(key ? [key] : []),
  ];
}

/** The `user` node answering a prekey fetch for a simulated phone (consumes one prekey). */
export function simUserBundleNode(jid: string, user: SimUser): BinaryNode {
  // hand out the public half only: the private key stays until a pkmsg consumes it
  topUpPreKeys(user);
  const id = Object.keys(user.preKeys)
    .map(Number)
    .find((keyId) => keyId >= user.preKeyCursor);
  const pair = id === undefined ? undefined : user.preKeys[id];
  if (id !== undefined) user.preKeyCursor = id + 1;
  const spk = user.signedPreKey;
  return {
    tag: 'user',
    attrs: { jid },
    content: bundleChildren(
      user.registrationId,
      wireKey(user.identityKey.pubKey),
      skeyNode(spk.keyId, wireKey(spk.keyPair.pubKey), Buffer.from(spk.signature)),
      pair ? keyNode(Number(id), wireKey(pair.pubKey)) : undefined,
    ),
  };
}

/** The `user` node answering a prekey fetch for one of our linked devices (a sibling device). */
export function deviceBundleNode(jid: string, bundle: DeviceBundle): BinaryNode {
  const preKey = takeDevicePreKey(bundle);
  const spk = bundle.signedPreKey;
  return {
    tag: 'user',
    attrs: { jid },
    content: bundleChildren(
      bundle.registrationId,
      bundle.identityKey,
      skeyNode(spk.keyId, spk.publicKey, spk.signature),
      preKey ? keyNode(preKey.keyId, preKey.publicKey) : undefined,
    ),
  };
}
