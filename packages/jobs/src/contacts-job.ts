import { z } from 'zod';
import { accountIdSchema, jidSchema } from './jid.js';

/** The most numbers one `contacts/check` asks about (one WhatsApp query). */
export const MAX_NUMBER_CHECKS = 50;

/** Largest own profile picture accepted (WhatsApp keeps a 640×640 JPEG of it). */
export const MAX_PROFILE_PICTURE_BYTES = 5 * 1024 * 1024;

/** A user JID of a phone number (what a number check asks about and block/unblock act on). */
const userJidSchema = z.string().regex(/^\d{5,20}@s\.whatsapp\.net$/);

/**
 * Control jobs of contacts, calls and the own profile: live actions the owning worker runs on
 * the account's open session. All are idempotent (a retry asks or sets the same again).
 */
export const contactsControlJobs = [
  z.object({
    accountId: accountIdSchema,
    action: z.literal('contacts-check'),
    jids: z.array(userJidSchema).min(1).max(MAX_NUMBER_CHECKS),
  }),
  z.object({ accountId: accountIdSchema, action: z.literal('contact-profile'), jid: jidSchema }),
  z.object({
    accountId: accountIdSchema,
    action: z.literal('contact-block'),
    jid: jidSchema,
    blocked: z.boolean(),
  }),
  z.object({
    accountId: accountIdSchema,
    action: z.literal('profile-update'),
    name: z.string().min(1).max(25).optional(),
    about: z.string().max(139).optional(),
  }),
  z.object({
    accountId: accountIdSchema,
    action: z.literal('profile-picture'),
    /** Image bytes, base64; or `url`, which the worker fetches (exactly one of the two). */
    image: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_PROFILE_PICTURE_BYTES / 3) * 4)
      .optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(4096)
      .optional(),
  }),
  // Sandbox engine only: this account calls `to` (another sandbox account).
  z.object({
    accountId: accountIdSchema,
    action: z.literal('sandbox-call'),
    to: userJidSchema,
    isVideo: z.boolean().default(false),
  }),
  // Sandbox engine only: this account's phone saves `jid` in its address book as `name`.
  z.object({
    accountId: accountIdSchema,
    action: z.literal('sandbox-save-contact'),
    jid: userJidSchema,
    name: z.string().min(1).max(100),
  }),
] as const;

/** What a finished `contacts-check` returns: one answer per asked JID, in order. */
export const contactsCheckResultSchema = z.object({
  results: z.array(z.object({ jid: z.string(), exists: z.boolean(), resolvedJid: z.string().optional() })),
});
export type ContactsCheckResult = z.infer<typeof contactsCheckResultSchema>;

/** What a finished `contact-profile` returns. */
export const contactProfileResultSchema = z.object({
  about: z.string().optional(),
  pictureUrl: z.string().optional(),
  isBusiness: z.boolean().optional(),
});
export type ContactProfileResult = z.infer<typeof contactProfileResultSchema>;

/** What a finished `sandbox-call` returns. */
export const sandboxCallResultSchema = z.object({ callId: z.string().min(1) });
export type SandboxCallResult = z.infer<typeof sandboxCallResultSchema>;
