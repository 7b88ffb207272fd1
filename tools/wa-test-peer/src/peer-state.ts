import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferJSON, Curve } from '@whiskeysockets/baileys';
import type { CurveKeyPair } from './certificates.js';
import { keyhelper } from './signal-lib.js';

/** A libsignal key pair (33-byte public key with the 0x05 type prefix). */
export interface SignalKeyPair {
  pubKey: Buffer;
  privKey: Buffer;
}

/**
 * A phone the peer simulates: a contact, or an account's own primary phone (device 0). It has a
 * full signal identity so it can encrypt to and decrypt from our client's devices.
 */
export interface SimUser {
  phone: string;
  lid: string;
  pushName: string;
  registrationId: number;
  identityKey: SignalKeyPair;
  signedPreKey: { keyId: number; keyPair: SignalKeyPair; signature: Buffer };
  preKeys: Record<string, SignalKeyPair>;
  nextPreKeyId: number;
  /** Lowest prekey id not yet handed out in a bundle. */
  preKeyCursor: number;
  /** Serialized libsignal SessionRecords keyed by remote address (`user.device`). */
  sessions: Record<string, unknown>;
  /** Remote identity keys keyed by address, trust-on-first-use. */
  identities: Record<string, Buffer>;
}

/** The public prekey bundle a linked device (our Baileys client) uploaded. */
export interface DeviceBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKeys: Record<string, Buffer>;
}

/** A companion device (a Baileys client) linked to an account. */
export interface LinkedDevice {
  id: number;
  /** Noise static public key, base64: how a login is recognised. */
  noiseKey: string;
  identityKey: Buffer;
  platform: string;
  bundle?: DeviceBundle;
  /** Whether the primary already sent this device its (declined) history-sync notification. */
  initialSyncSent?: boolean;
}

/** A WhatsApp account: phone number, LID, its primary phone and linked devices. */
export interface Account {
  phone: string;
  lid: string;
  primary: SimUser;
  devices: Record<string, LinkedDevice>;
  nextDeviceId: number;
}

interface StateData {
  rootKey: CurveKeyPair;
  staticKey: CurveKeyPair;
  accounts: Record<string, Account>;
  contacts: Record<string, SimUser>;
}

const PREKEY_BATCH = 20;

function randomLid(): string {
  return `${randomInt(10_000, 99_999)}${randomInt(1_000_000_000, 9_999_999_999)}`;
}

/** Creates a simulated phone with a fresh identity, signed prekey and a batch of one-time prekeys. */
export function createSimUser(phone: string, pushName = `Contact ${phone}`): SimUser {
  const identityKey = keyhelper.generateIdentityKeyPair();
  const user: SimUser = {
    phone,
    lid: randomLid(),
    pushName,
    registrationId: keyhelper.generateRegistrationId(),
    identityKey,
    signedPreKey: keyhelper.generateSignedPreKey(identityKey, 1),
    preKeys: {},
    nextPreKeyId: 1,
    preKeyCursor: 1,
    sessions: {},
    identities: {},
  };
  topUpPreKeys(user);
  return user;
}

/** Keeps a batch of not-yet-handed-out one-time prekeys so every fetch can hand one out. */
export function topUpPreKeys(user: SimUser): void {
  user.preKeyCursor ??= 1;
  while (user.nextPreKeyId - user.preKeyCursor < PREKEY_BATCH) {
    const { keyId, keyPair } = keyhelper.generatePreKey(user.nextPreKeyId++);
    user.preKeys[keyId] = keyPair;
  }
}

/**
 * Everything the peer must remember across its own restart: the noise keys and test root,
 * accounts with their linked devices and uploaded prekeys, simulated contacts and all signal
 * sessions. Persisted as one BufferJSON file when a `stateDir` is given, in memory otherwise.
 */
export class PeerState {
  readonly data: StateData;
  private readonly file: string | undefined;
  private pendingWrite: NodeJS.Immediate | undefined;

  constructor(stateDir?: string) {
    this.file = stateDir ? join(stateDir, 'wa-peer-state.json') : undefined;
    if (stateDir) mkdirSync(stateDir, { recursive: true });
    this.data = this.load() ?? {
      rootKey: Curve.generateKeyPair(),
      staticKey: Curve.generateKeyPair(),
      accounts: {},
      contacts: {},
    };
    this.flush();
  }

  /**
   * Schedules a write of the state file. Writes coalesce per event-loop turn: a single message
   * touches sessions, prekeys and bundles several times and the file holds every prekey.
   */
  save(): void {
    if (!this.file || this.pendingWrite) return;
    this.pendingWrite = setImmediate(() => this.flush());
  }

  /** Writes the state file now (atomically via rename); a no-op for in-memory peers. */
  flush(): void {
    if (this.pendingWrite) clearImmediate(this.pendingWrite);
    this.pendingWrite = undefined;
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, BufferJSON.replacer));
    renameSync(tmp, this.file);
  }

  account(phone: string): Account | undefined {
    return this.data.accounts[phone];
  }

  /** Returns the account for `phone`, creating it (with a primary phone identity) on first use. */
  ensureAccount(phone: string): Account {
    let account = this.data.accounts[phone];
    if (!account) {
      const primary = createSimUser(phone, `Account ${phone}`);
      account = { phone, lid: primary.lid, primary, devices: {}, nextDeviceId: 1 };
      this.data.accounts[phone] = account;
      this.save();
    }
    return account;
  }

  /** Finds the linked device whose noise static key is `noiseKey`. */
  deviceByNoiseKey(noiseKey: Buffer): { account: Account; device: LinkedDevice } | undefined {
    const wanted = noiseKey.toString('base64');
    for (const account of Object.values(this.data.accounts)) {
      for (const device of Object.values(account.devices)) {
        if (device.noiseKey === wanted) return { account, device };
      }
    }
    return undefined;
  }

  /** A simulated phone by phone number or LID user: an account's primary or a contact (created lazily). */
  simUser(user: string, server: 's.whatsapp.net' | 'lid' = 's.whatsapp.net'): SimUser | undefined {
    for (const candidate of [
      ...Object.values(this.data.accounts).map((a) => a.primary),
      ...Object.values(this.data.contacts),
    ]) {
      if ((server === 'lid' ? candidate.lid : candidate.phone) === user) return candidate;
    }
    if (server === 'lid') return undefined;
    const contact = createSimUser(user);
    this.data.contacts[user] = contact;
    this.save();
    return contact;
  }

  /** The account owning a linked device jid's user (phone or LID). */
  accountByUser(user: string): Account | undefined {
    return Object.values(this.data.accounts).find((a) => a.phone === user || a.lid === user);
  }

  private load(): StateData | undefined {
    if (!this.file) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8'), BufferJSON.reviver) as StateData;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
