import { z } from 'zod';

/** Typed content of a stored message beyond text and media (all optional, additive to the reference). */
export const messageLocation = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    live: z.boolean().optional().describe('A live location share (its first position)'),
  })
  .meta({ id: 'MessageLocation' });

export const messageContact = z
  .object({
    name: z.string(),
    phone: z.string().optional().describe('First phone number of the vCard, digits only'),
    vcard: z.string(),
  })
  .meta({ id: 'MessageContact' });

export const messagePoll = z
  .object({
    name: z.string(),
    options: z.array(z.string()),
    selectableCount: z.number().describe('How many options one voter may pick (0: any number)'),
    votes: z
      .array(z.object({ option: z.string(), count: z.number(), voters: z.array(z.string()) }))
      .optional()
      .describe('Current tally, one entry per option; each voter counts once with their latest choice'),
  })
  .meta({ id: 'MessagePoll' });

export const messageContentFields = {
  location: messageLocation.optional().describe('type location'),
  contacts: z.array(messageContact).optional().describe('type contact'),
  poll: messagePoll.optional().describe('type poll'),
  selectedId: z.string().optional().describe('Button, list or template reply: the picked option’s id'),
  forwarded: z.boolean().optional(),
  participant: z.string().optional().describe('Group messages: the author’s JID'),
  mentions: z.array(z.string()).optional().describe('JIDs mentioned in the text or caption'),
  raw: z.string().optional().describe('type unsupported: the WhatsApp content as JSON, kept whole'),
  pollVote: z
    .object({ pollMessageId: z.string(), options: z.array(z.string()) })
    .optional()
    .describe('type poll_vote: this account’s vote (the poll it answers and the option names picked)'),
};
