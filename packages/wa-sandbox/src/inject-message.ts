import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { MediaKind } from '@wildcat/wa';
import type { Redis } from 'ioredis';
import { writeBlob } from './blob-store.js';
import { deliverMessage } from './deliver.js';
import type { WireBody } from './frames.js';

/** Media as a phone outside the sandbox sends it: the bytes, not a blob. */
export interface InjectedMedia {
  type: MediaKind;
  data: Buffer;
  mimetype: string;
  fileName?: string;
  caption?: string;
  ptt?: boolean;
}

/** A message "a phone outside the sandbox" sends to a sandbox account (tests, demo, console). */
export interface InjectedMessage {
  /** The outside phone's JID, e.g. 15557770101@s.whatsapp.net. */
  from: string;
  id?: string;
  pushName?: string;
  quoted?: string;
  forwarded?: boolean;
  mentions?: string[];
  body: Exclude<WireBody, { blobId: string }> | InjectedMedia;
}

const MAX_INJECTED_MEDIA = 16 * 1024 * 1024;

/**
 * Delivers `message` into `accountId`'s inbox as if an outside phone sent it — any type, including
 * `unsupported`, so the receiving side of every type can be exercised without a second account.
 * Nobody hears the delivery receipt (the sender is no sandbox account). Resolves the message id.
 */
export async function injectSandboxMessage(
  redis: Redis,
  accountId: string,
  message: InjectedMessage,
): Promise<string> {
  const id = message.id ?? `OUT${randomBytes(8).toString('hex').toUpperCase()}`;
  let body: WireBody;
  if ('data' in message.body) {
    const { data, ...media } = message.body;
    const { blobId, length } = await writeBlob(redis, Readable.from([data]), MAX_INJECTED_MEDIA);
    body = { ...media, blobId, length };
  } else body = message.body;
  await deliverMessage(redis, `outside:${message.from}`, accountId, {
    k: 'msg',
    id,
    from: message.from,
    // Empty: no sandbox account to send the delivery receipt to.
    fromAccount: '',
    ts: Date.now(),
    ...(message.pushName ? { pushName: message.pushName } : {}),
    ...(message.quoted ? { quoted: message.quoted } : {}),
    ...(message.forwarded ? { forwarded: true } : {}),
    ...(message.mentions?.length ? { mentions: message.mentions } : {}),
    body,
  });
  return id;
}
