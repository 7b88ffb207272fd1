import { z } from 'zod';
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
]);

export type ControlJob = z.infer<typeof controlJobSchema>;
export type ControlAction = ControlJob['action'];

/** What a finished `pairing-code` control job returns; the worker produces it, the gateway reads it. */
export const pairingCodeResultSchema = z.object({ code: z.string().min(1) });
export type PairingCodeResult = z.infer<typeof pairingCodeResultSchema>;
