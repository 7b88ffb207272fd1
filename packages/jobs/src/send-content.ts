import { z } from 'zod';
import { messageIdSchema } from './jid.js';

/**
 * Limits of the structured message kinds (location, contact cards, polls), shared by the
 * gateway's request schemas and the send jobs so both refuse the same things.
 */
export const LOCATION_LIMITS = { nameMax: 1_024, addressMax: 1_024 } as const;
export const CONTACT_LIMITS = { min: 1, max: 20, nameMax: 256 } as const;
/** WhatsApp's own poll limits: 2–12 options, question and options as its apps allow. */
export const POLL_LIMITS = { nameMax: 255, optionsMin: 2, optionsMax: 12, optionMax: 100 } as const;

/** A phone number as people write it (+, digits, spaces, dashes, dots, parentheses), 7–20 digits. */
export const CONTACT_PHONE_PATTERN = /^\+?[\d\s().-]{7,40}$/;

export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

export const locationJobFields = {
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().max(LOCATION_LIMITS.nameMax).optional(),
  address: z.string().max(LOCATION_LIMITS.addressMax).optional(),
  quotedMessageId: messageIdSchema.optional(),
};

export const contactCardSchema = z.object({
  name: z.string().min(1).max(CONTACT_LIMITS.nameMax),
  phone: z
    .string()
    .regex(CONTACT_PHONE_PATTERN)
    .refine((phone) => {
      const digits = phoneDigits(phone).length;
      return digits >= 7 && digits <= 20;
    }),
});
export type ContactCard = z.infer<typeof contactCardSchema>;

export const contactJobFields = {
  contacts: z.array(contactCardSchema).min(CONTACT_LIMITS.min).max(CONTACT_LIMITS.max),
  quotedMessageId: messageIdSchema.optional(),
};

export const pollJobFields = {
  name: z.string().min(1).max(POLL_LIMITS.nameMax),
  options: z
    .array(z.string().min(1).max(POLL_LIMITS.optionMax))
    .min(POLL_LIMITS.optionsMin)
    .max(POLL_LIMITS.optionsMax)
    .refine((options) => new Set(options).size === options.length),
  /** How many options a voter may pick (1 = single choice). */
  selectableCount: z.number().int().min(1),
};

/** A vote on a poll: the names of the chosen options (none withdraws the vote). */
export const pollVoteJobFields = {
  pollMessageId: messageIdSchema,
  options: z.array(z.string().min(1).max(POLL_LIMITS.optionMax)).max(POLL_LIMITS.optionsMax),
};
