import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  aesDecryptGCM,
  type BinaryNode,
  Curve,
  getBinaryNodeChildBuffer,
  S_WHATSAPP_NET,
} from '@whiskeysockets/baileys';
import type { CurveKeyPair } from './certificates.js';
import type { PeerConnection } from './connection.js';
import { type PeerContext, stanzaId, unixNow } from './context.js';
import { pairDevice } from './pairing.js';
import { wireKey } from './prekeys.js';

/** State of one phone-number pairing between `companion_hello` and `companion_finish`. */
export interface PairingCodeSession {
  phone: string;
  ref: Buffer;
  /** salt(32) + iv(16) + AES-CTR(companion ephemeral pub), keyed by the code. */
  wrappedCompanionKey: Buffer;
  primaryEphemeral?: CurveKeyPair;
  /** The code as the user typed it on the phone (dashes removed). */
  code?: string;
}

/** PBKDF2 as Baileys' `derivePairingCodeKey` (2^17 rounds, SHA-256, 32 bytes). */
function codeKey(code: string, salt: Buffer): Buffer {
  return pbkdf2Sync(Buffer.from(code), salt, 2 << 16, 32, 'sha256');
}

function hkdf32(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info), 32));
}

/** `link_code_companion_reg stage=companion_hello`: remember the wrapped key, answer with a ref. */
export function onCompanionHello(connection: PeerConnection, iq: BinaryNode, reg: BinaryNode): BinaryNode {
  const phone = (reg.attrs.jid ?? '').split('@')[0]!.split(':')[0]!;
  const ref = randomBytes(16);
  if (connection.registration) {
    connection.registration.pairingCode = {
      phone,
      ref,
      wrappedCompanionKey: Buffer.from(
        getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub') ?? [],
      ),
    };
  }
  return {
    tag: 'iq',
    attrs: { type: 'result', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: {},
        content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: ref }],
      },
    ],
  };
}

/**
 * The user typed `code` on the primary phone of `phone`: unwrap the companion's ephemeral key
 * with it and send the primary's wrapped ephemeral key and identity to the companion.
 */
export async function enterPairingCode(ctx: PeerContext, phone: string, code: string, timeoutMs = 5000) {
  const find = () => [...ctx.connections].find((c) => c.registration?.pairingCode?.phone === phone);
  // requestPairingCode resolves once the hello left the client, maybe before we processed it
  const deadline = Date.now() + timeoutMs;
  while (!find() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const connection = find();
  const session = connection?.registration?.pairingCode;
  if (!connection || !session) throw new Error(`no client is waiting for a pairing code for ${phone}`);
  const account = ctx.state.ensureAccount(phone);
  const primaryEphemeral = Curve.generateKeyPair();
  session.primaryEphemeral = primaryEphemeral;
  session.code = code.replace(/-/g, '');
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', codeKey(session.code, salt), iv);
  const wrapped = Buffer.concat([salt, iv, cipher.update(primaryEphemeral.public), cipher.final()]);
  connection.send({
    tag: 'notification',
    attrs: { from: S_WHATSAPP_NET, type: 'link_code_companion_reg', id: stanzaId(), t: unixNow() },
    content: [
      {
        tag: 'link_code_companion_reg',
        attrs: {},
        content: [
          { tag: 'link_code_pairing_ref', attrs: {}, content: session.ref },
          { tag: 'primary_identity_pub', attrs: {}, content: wireKey(account.primary.identityKey.pubKey) },
          { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrapped },
        ],
      },
    ],
  });
}

/**
 * `stage=companion_finish`: derive the same advSecret the companion derived (both ephemeral
 * DHs, the identity DH and the companion's random) and complete pairing with it.
 */
export function onCompanionFinish(connection: PeerConnection, iq: BinaryNode, reg: BinaryNode): BinaryNode {
  const session = connection.registration?.pairingCode;
  if (!session?.primaryEphemeral || !session.code)
    throw new Error('companion_finish before the code was entered');
  const account = connection.ctx.state.ensureAccount(session.phone);
  const wrappedCompanion = session.wrappedCompanionKey;
  const decipher = createDecipheriv(
    'aes-256-ctr',
    codeKey(session.code, wrappedCompanion.subarray(0, 32)),
    wrappedCompanion.subarray(32, 48),
  );
  const companionEphemeral = Buffer.concat([
    decipher.update(wrappedCompanion.subarray(48, 80)),
    decipher.final(),
  ]);
  const companionShared = Curve.sharedKey(session.primaryEphemeral.private, companionEphemeral);
  const bundle = Buffer.from(getBinaryNodeChildBuffer(reg, 'link_code_pairing_wrapped_key_bundle') ?? []);
  const bundleKey = hkdf32(
    companionShared,
    bundle.subarray(0, 32),
    'link_code_pairing_key_bundle_encryption_key',
  );
  let payload: Buffer;
  try {
    payload = aesDecryptGCM(bundle.subarray(44), bundleKey, bundle.subarray(32, 44), Buffer.alloc(0));
  } catch {
    // a mistyped code: both sides derived different keys, so the bundle does not authenticate
    connection.ctx.events.emit('pairing-failed', { phone: session.phone, reason: 'wrong code' });
    return {
      tag: 'iq',
      attrs: { type: 'error', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET },
      content: [{ tag: 'error', attrs: { code: '400', text: 'bad-request' } }],
    };
  }
  const companionIdentity = payload.subarray(0, 32);
  const random = payload.subarray(64, 96);
  const identityShared = Curve.sharedKey(account.primary.identityKey.privKey, companionIdentity);
  const advSecret = hkdf32(
    Buffer.concat([companionShared, identityShared, random]),
    Buffer.alloc(0),
    'adv_secret',
  );
  // answer first: the client awaits this iq before it processes pair-success
  setImmediate(() => {
    pairDevice(connection, session.phone, advSecret).catch((error) =>
      connection.ctx.events.emit('warning', error),
    );
  });
  return { tag: 'iq', attrs: { type: 'result', id: iq.attrs.id ?? '', from: S_WHATSAPP_NET } };
}
