import { Curve, proto, WA_CERT_DETAILS } from '@whiskeysockets/baileys';

/** A Curve25519 key pair in Baileys' shape (32-byte public key, no 0x05 prefix). */
export interface CurveKeyPair {
  private: Uint8Array;
  public: Uint8Array;
}

/** The noise certificate chain the peer presents in its server hello. */
export interface NoiseIdentity {
  /** The peer's noise static key: the leaf certificate certifies its public half. */
  staticKey: CurveKeyPair;
  /** Encoded `proto.CertChain` (intermediate signed by the root, leaf signed by the intermediate). */
  certChain: Uint8Array;
}

const INTERMEDIATE_SERIAL = 1;
const LEAF_SERIAL = 2;

function signedCertificate(details: proto.CertChain.NoiseCertificate.IDetails, signer: CurveKeyPair) {
  const encoded = proto.CertChain.NoiseCertificate.Details.encode(details).finish();
  return { details: encoded, signature: Buffer.from(Curve.sign(signer.private, encoded)) };
}

/**
 * Builds a chain root → intermediate → leaf(noise static key). The intermediate names
 * `WA_CERT_DETAILS.SERIAL` as issuer because that is the field rc14 checks; both signatures are
 * real so the chain still validates once Baileys enforces them.
 */
export function buildNoiseIdentity(root: CurveKeyPair, staticKey: CurveKeyPair): NoiseIdentity {
  const intermediateKey = Curve.generateKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const validity = { notBefore: now - 3600, notAfter: now + 10 * 365 * 24 * 3600 };
  const intermediate = signedCertificate(
    {
      serial: INTERMEDIATE_SERIAL,
      issuerSerial: WA_CERT_DETAILS.SERIAL,
      key: intermediateKey.public,
      ...validity,
    },
    root,
  );
  const leaf = signedCertificate(
    { serial: LEAF_SERIAL, issuerSerial: INTERMEDIATE_SERIAL, key: staticKey.public, ...validity },
    intermediateKey,
  );
  return { staticKey, certChain: proto.CertChain.encode({ intermediate, leaf }).finish() };
}

/**
 * Makes the Baileys module instance in this process trust `rootPublicKey` for noise
 * certificates. `WA_CERT_DETAILS` is a plain mutable export read at verify time, so this affects
 * every socket created afterwards in the same process (tests only: never call it in production).
 * A client in another process than the peer calls it with {@link WaPeer.rootPublicKey}.
 */
export function installTestRoot(rootPublicKey: Uint8Array): void {
  (WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = Buffer.from(rootPublicKey);
}
