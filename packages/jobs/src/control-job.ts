import { z } from 'zod';
import { chatActionJobSchemas } from './chat-action-job.js';
import { contactsControlJobs } from './contacts-job.js';
import { groupJobSchemas } from './group-job.js';
import { accountIdSchema } from './jid.js';

export const controlJobSchema = z.discriminatedUnion('action', [
  z.object({ accountId: accountIdSchema, action: z.literal('connect') }),
  z.object({ accountId: accountIdSchema, action: z.literal('disconnect') }),
  z.object({ accountId: accountIdSchema, action: z.literal('logout') }),
  z.object({ accountId: accountIdSchema, action: z.literal('delete') }),
  z.object({
    accountId: accountIdSchema,
    action: z.literal('pairing-code'),
    phone: z.string().regex(/^\d{6,20}$/),
  }),
  // Sandbox engine only: the simulated phone scans the QR code the account is showing.
  z.object({
    accountId: accountIdSchema,
    action: z.literal('sandbox-scan'),
    pushName: z.string().min(1).max(100).optional(),
    /** The phone runs WhatsApp Business. */
    business: z.boolean().optional(),
  }),
  ...chatActionJobSchemas,
  ...contactsControlJobs,
  ...groupJobSchemas,
]);

export type ControlJob = z.infer<typeof controlJobSchema>;
export type ControlAction = ControlJob['action'];

/** What a finished `pairing-code` control job returns; the worker produces it, the gateway reads it. */
export const pairingCodeResultSchema = z.object({ code: z.string().min(1) });
export type PairingCodeResult = z.infer<typeof pairingCodeResultSchema>;

/** What a finished `sandbox-scan` control job returns: the JID the sandbox phone linked. */
export const sandboxScanResultSchema = z.object({ jid: z.string().min(1) });
export type SandboxScanResult = z.infer<typeof sandboxScanResultSchema>;

/** The `error` of a `sandbox-scan` that found no QR code waiting (HTTP 409). */
export const NO_PENDING_QR_MESSAGE = 'No QR code is waiting to be scanned';
