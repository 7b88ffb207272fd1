import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { type BinaryNode, Curve, getBinaryNodeChild, proto, S_WHATSAPP_NET } from '@whiskeysockets/baileys';
import type { PeerConnection } from './connection.js';
import { type PeerContext, stanzaId, unixNow } from './context.js';
import type { LinkedDevice } from './peer-state.js';

const ADV_ACCOUNT_SIG_PREFIX = Buffer.from([6, 0]);
const ADV_DEVICE_SIG_PREFIX = Buffer.from([6, 1]);
const QR_REFS = 6;

/** The fields of a Baileys QR string (`ref,noisePub,identityPub,advSecret,platformId`). */
export interface ParsedQr {
  ref: string;
  noiseKey: Buffer;
  identityKey: Buffer;
  advSecret: Buffer;
  platformId: string;
}

/** Parses a QR string, with or without the `https://wa.me/settings/linked_devices#` prefix. */
export function parseQr(qr: string): ParsedQr {
  const data = qr.includes('#') ? qr.slice(qr.indexOf('#') + 1) : qr;
  const [ref, noise, identity, adv, platformId] = data.split(',');
  if (!ref || !noise || !identity || !adv) throw new Error(`not a WhatsApp pairing QR: ${qr}`);
  return {
    ref,
    noiseKey: Buffer.from(noise, 'base64'),
    identityKey: Buffer.from(identity, 'base64'),
    advSecret: Buffer.from(adv, 'base64'),
    platformId: platformId ?? '',
  };
}

/**
 * A registering client (ClientPayload with devicePairingData): remember its keys and send the
 * `pair-device` refs the client turns into QR codes.
 */
export function startRegistration(
  connection: PeerConnection,
  noiseKey: Buffer,
  payload: proto.ClientPayload,
): void {
  const pairing = payload.devicePairingData;
  const refs = Array.from({ length: QR_REFS }, () => randomBytes(16).toString('base64url'));
  let platform = 'Chrome';
  try {
    const props = proto.DeviceProps.decode(pairing?.deviceProps ?? new Uint8Array());
    platform = props.os || platform;
  } catch {
    // older clients send no device props: keep the default
  }
  connection.registration = {
    noiseKey,
    identityKey: Buffer.from(pairing?.eIdent ?? []),
    platform,
    refs,
  };
  connection.send({
    tag: 'iq',
    attrs: { from: S_WHATSAPP_NET, type: 'set', id: stanzaId(), xmlns: 'md' },
    content: [
      {
        tag: 'pair-device',
        attrs: {},
        content: refs.map((ref) => ({ tag: 'ref', attrs: {}, content: Buffer.from(ref) })),
      },
    ],
  });
}

/** Finds the registering connection whose noise key the QR names. */
export function registrationForQr(ctx: PeerContext, qr: ParsedQr): PeerConnection {
  for (const connection of ctx.connections) {
    const reg = connection.registration;
    if (reg?.noiseKey.equals(qr.noiseKey) && reg.refs.includes(qr.ref)) return connection;
  }
  throw new Error('no registering client shows this QR (expired, or the socket closed)');
}

/**
 * What the primary phone does after scanning: link a new device to `phone`'s account, send
 * `pair-success` with an ADV identity signed by the account key and HMAC'd with the advSecret,
 * check the client's `pair-device-sign`, then ask it to restart (515).
 */
export async function pairDevice(
  connection: PeerConnection,
  phone: string,
  advSecret: Buffer,
  businessName?: string,
): Promise<{ jid: string; lid: string }> {
  const reg = connection.registration;
  if (!reg) throw new Error('connection is not registering');
  const { state, events } = connection.ctx;
  const account = state.ensureAccount(phone);
  const deviceId = account.nextDeviceId++;
  const accountKey = account.primary.identityKey;
  const accountSignatureKey = accountKey.pubKey.subarray(1);
  const details = proto.ADVDeviceIdentity.encode({
    rawId: randomInt(1, 2 ** 31),
    timestamp: Math.floor(Date.now() / 1000),
    keyIndex: deviceId,
    accountType: proto.ADVEncryptionType.E2EE,
    deviceType: proto.ADVEncryptionType.E2EE,
  }).finish();
  const accountSignature = Curve.sign(
    accountKey.privKey,
    Buffer.concat([ADV_ACCOUNT_SIG_PREFIX, details, reg.identityKey]),
  );
  const signed = proto.ADVSignedDeviceIdentity.encode({
    details,
    accountSignatureKey,
    accountSignature,
  }).finish();
  const hmac = createHmac('sha256', advSecret).update(signed).digest();
  const jid = `${phone}:${deviceId}@s.whatsapp.net`;
  const lid = `${account.lid}:${deviceId}@lid`;
  const content: BinaryNode[] = [
    {
      tag: 'device-identity',
      attrs: {},
      content: proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish(),
    },
    { tag: 'platform', attrs: { name: 'android' } },
    { tag: 'device', attrs: { jid, lid } },
  ];
  if (businessName) content.push({ tag: 'biz', attrs: { name: businessName } });
  const answer = await connection.query({
    tag: 'iq',
    attrs: { from: S_WHATSAPP_NET, type: 'set', id: stanzaId(), xmlns: 'md', t: unixNow() },
    content: [{ tag: 'pair-success', attrs: {}, content }],
  });
  verifyDeviceSign(answer, details, reg.identityKey, accountSignatureKey);
  const device: LinkedDevice = {
    id: deviceId,
    noiseKey: reg.noiseKey.toString('base64'),
    identityKey: reg.identityKey,
    platform: reg.platform,
  };
  account.devices[deviceId] = device;
  state.save();
  connection.registration = undefined;
  events.emit('paired', { phone, jid, lid, deviceId });
  connection.streamError({ code: '515' });
  return { jid, lid };
}

/** The client countersigns its identity with its own key; reject a wrong signature like WA would. */
function verifyDeviceSign(
  answer: BinaryNode,
  details: Uint8Array,
  identityKey: Buffer,
  accountKey: Uint8Array,
) {
  const sign = getBinaryNodeChild(getBinaryNodeChild(answer, 'pair-device-sign'), 'device-identity');
  if (!(sign?.content instanceof Uint8Array)) throw new Error('client sent no pair-device-sign');
  const signed = proto.ADVSignedDeviceIdentity.decode(sign.content);
  const message = Buffer.concat([ADV_DEVICE_SIG_PREFIX, details, identityKey, accountKey]);
  if (!signed.deviceSignature || !Curve.verify(identityKey, message, signed.deviceSignature)) {
    throw new Error('pair-device-sign: bad device signature');
  }
}
