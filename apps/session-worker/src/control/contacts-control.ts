import {
  type ContactProfileResult,
  type ContactsCheckResult,
  type ControlJob,
  MAX_PROFILE_PICTURE_BYTES,
  type SandboxCallResult,
} from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import { ActionRefusedError, type ContactsSession, NotConnectedError, type WaEngine } from '@wildcat/wa';
import { HandoffError } from '../errors/handoff-error.js';
import { RateLimitedError } from '../errors/rate-limited-error.js';
import { DEFAULT_MEDIA_URL_SETTINGS, fetchUrlBytes, type MediaUrlSettings } from '../send/media-url.js';
import type { TokenBuckets } from '../send/token-bucket.js';
import type { AccountSession } from '../sessions/account-session.js';
import { abortableSleep } from '../util/abortable-sleep.js';

export type ContactsControlJob = Extract<
  ControlJob,
  {
    action:
      | 'contacts-check'
      | 'contact-profile'
      | 'contact-block'
      | 'profile-update'
      | 'profile-picture'
      | 'sandbox-call'
      | 'sandbox-save-contact';
  }
>;

const CONTACT_ACTIONS = new Set<string>([
  'contacts-check',
  'contact-profile',
  'contact-block',
  'profile-update',
  'profile-picture',
  'sandbox-call',
  'sandbox-save-contact',
]);

export function isContactsControlJob(job: ControlJob): job is ContactsControlJob {
  return CONTACT_ACTIONS.has(job.action);
}

/** The account's send pacing, which WhatsApp look-ups share (each one is a query to WhatsApp). */
export interface LookupPacing {
  buckets: TokenBuckets;
  maxRateWaitMs: number;
}

export interface ContactsControlContext {
  engine: WaEngine;
  store: Store;
  /** The account's session on this worker, if it has one. */
  session: AccountSession | undefined;
  signal: AbortSignal;
  pacing?: LookupPacing;
  /** How long a look-up waits for a socket that is still opening. */
  sessionWaitMs: number;
  /** MEDIA_URL_* settings for a picture given by url. */
  mediaUrl?: MediaUrlSettings;
}

/**
 * The picture's bytes: inline, or fetched from its url as a send's media is (SSRF guard, timeout),
 * capped at the smaller of MEDIA_URL_MAX_BYTES and the picture limit.
 */
async function pictureOf(
  job: Extract<ContactsControlJob, { action: 'profile-picture' }>,
  settings: MediaUrlSettings | undefined,
): Promise<Buffer> {
  if (job.image) return Buffer.from(job.image, 'base64');
  if (!job.url) throw new ActionRefusedError('Send the picture as base64 or url', true);
  const merged = { ...DEFAULT_MEDIA_URL_SETTINGS, ...settings };
  return fetchUrlBytes(job.url, {
    ...merged,
    maxBytes: Math.min(merged.maxBytes, MAX_PROFILE_PICTURE_BYTES),
  });
}

/** Look-ups and settings of contacts and the own profile: live actions on the account's open session. */
export async function runContactsControl(
  job: ContactsControlJob,
  ctx: ContactsControlContext,
): Promise<Record<string, unknown>> {
  if (job.action === 'sandbox-call') {
    if (!ctx.engine.simulateCall)
      throw new ActionRefusedError('Only the sandbox engine places simulated calls', true);
    const result: SandboxCallResult = await ctx.engine.simulateCall(job.accountId, job.to, {
      isVideo: job.isVideo,
    });
    return result;
  }
  if (job.action === 'sandbox-save-contact') {
    if (!ctx.engine.simulateSavedContact)
      throw new ActionRefusedError('Only the sandbox engine has a phone whose address book it edits', true);
    await ctx.engine.simulateSavedContact(job.accountId, job.jid, job.name);
    return { saved: true };
  }
  const contacts = await openContacts(job.accountId, ctx);
  switch (job.action) {
    case 'contacts-check': {
      await pace(job.accountId, ctx);
      const result: ContactsCheckResult = { results: await contacts.checkNumbers(job.jids) };
      return result;
    }
    case 'contact-profile': {
      await pace(job.accountId, ctx);
      const result: ContactProfileResult = await contacts.fetchProfile(job.jid);
      return result;
    }
    case 'contact-block':
      await contacts.setBlocked(job.jid, job.blocked);
      return { blocked: job.blocked };
    case 'profile-update':
      await contacts.updateProfile({
        ...(job.name !== undefined ? { name: job.name } : {}),
        ...(job.about !== undefined ? { about: job.about } : {}),
      });
      // The account's push name is what GET /accounts shows: it follows at once.
      if (job.name !== undefined) {
        await ctx.store.accounts.setIdentity(job.accountId, { pushName: job.name });
        const { session } = ctx;
        if (session) session.account.pushName = job.name;
        if (session?.isOpen())
          await session.statusWriter.write(
            { status: 'connected', jid: session.jid, pushName: job.name },
            Date.now(),
            true,
          );
      }
      return { updated: true };
    case 'profile-picture':
      await contacts.updateProfilePicture(await pictureOf(job, ctx.mediaUrl));
      return { updated: true };
  }
}

async function openContacts(accountId: string, ctx: ContactsControlContext): Promise<ContactsSession> {
  const { session } = ctx;
  if (!session) throw new NotConnectedError(accountId);
  const open = await session.waitUntilOpen(ctx.sessionWaitMs, ctx.signal);
  if (ctx.signal.aborted) throw new HandoffError(-1);
  const socket = open ? session.openSocket() : undefined;
  if (!socket) throw new NotConnectedError(accountId);
  if (!socket.contacts) throw new ActionRefusedError(`The ${ctx.engine.name} engine has no contacts`, true);
  return socket.contacts;
}

/** Takes a token of the account's bucket (waiting for it up to the send wait), or 429. */
async function pace(accountId: string, ctx: ContactsControlContext): Promise<void> {
  if (!ctx.pacing || !ctx.session) return;
  const bucket = ctx.pacing.buckets.get(accountId, ctx.session.account.sendRatePerMinute);
  const take = bucket.take(ctx.pacing.maxRateWaitMs);
  if (!take.ok) throw new RateLimitedError(take.waitMs);
  if (take.waitMs === 0) return;
  try {
    await abortableSleep(take.waitMs, ctx.signal);
  } catch {
    // The sleep only ends early when the shard is handed over.
    bucket.refund();
    throw new HandoffError(-1);
  }
}
