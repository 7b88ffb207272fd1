import {
  CONTACT_LIMITS,
  CONTACT_PHONE_PATTERN,
  LOCATION_LIMITS,
  POLL_LIMITS,
  phoneDigits,
} from '@wildcat/jobs';
import { z } from 'zod';
import { field, jid, messageId } from '../common-schema.js';
import { sendRoute } from './send-schema.js';

/** A number field whose messages say what to send instead. */
function degrees(name: string, limit: number) {
  const required = `${name} is required (a number of degrees)`;
  const range = `${name} must be between -${limit} and ${limit}`;
  return z
    .number({ error: (issue) => (issue.input === undefined ? required : `${name} must be a number`) })
    .min(-limit, { error: range })
    .max(limit, { error: range });
}

const quoted = messageId('quotedMessageId', 'quotedMessageId must be a string')
  .optional()
  .describe('Sent as a reply to this stored message of the account (404 when it has no such message)');

const LOCATION_REQUIRED = 'to, latitude and longitude are required';
export const locationBody = z
  .object(
    {
      to: jid('to', LOCATION_REQUIRED),
      latitude: degrees('latitude', 90).describe('Degrees north (negative: south), -90..90'),
      longitude: degrees('longitude', 180).describe('Degrees east (negative: west), -180..180'),
      name: field('name must be a string')
        .max(LOCATION_LIMITS.nameMax, { error: `name must be at most ${LOCATION_LIMITS.nameMax} characters` })
        .optional()
        .describe('Name of the place, shown above the map'),
      address: field('address must be a string')
        .max(LOCATION_LIMITS.addressMax, {
          error: `address must be at most ${LOCATION_LIMITS.addressMax} characters`,
        })
        .optional(),
      quotedMessageId: quoted,
    },
    { error: LOCATION_REQUIRED },
  )
  .meta({
    example: {
      to: '15550000002@s.whatsapp.net',
      latitude: 48.8584,
      longitude: 2.2945,
      name: 'Eiffel Tower',
      address: 'Champ de Mars, 5 Av. Anatole France, 75007 Paris',
    },
  });

const CONTACTS_REQUIRED = `to and contacts (1-${CONTACT_LIMITS.max} of {name, phone}) are required`;
const PHONE_INVALID = 'contacts[].phone must be a phone number with country code, e.g. +1 555 000 0003';
const contactCard = z.object(
  {
    name: field('contacts[].name is required', 'contacts[].name must be a string')
      .trim()
      .min(1, { error: 'contacts[].name must not be empty' })
      .max(CONTACT_LIMITS.nameMax, {
        error: `contacts[].name must be at most ${CONTACT_LIMITS.nameMax} characters`,
      })
      .describe('Name shown on the card'),
    phone: field('contacts[].phone is required', PHONE_INVALID)
      .regex(CONTACT_PHONE_PATTERN, { error: PHONE_INVALID })
      .refine((phone) => phoneDigits(phone).length <= 20, { error: PHONE_INVALID })
      .describe('Phone number with country code; the card links to its WhatsApp (waid)'),
  },
  { error: 'each contact must be an object {name, phone}' },
);

export const contactBody = z
  .object(
    {
      to: jid('to', CONTACTS_REQUIRED),
      contacts: z
        .array(contactCard, { error: CONTACTS_REQUIRED })
        .min(CONTACT_LIMITS.min, { error: 'contacts must hold at least one contact' })
        .max(CONTACT_LIMITS.max, {
          error: `contacts must hold at most ${CONTACT_LIMITS.max} contacts (WhatsApp's limit per message)`,
        })
        .describe('The cards to share; a vCard 3.0 is built for each'),
      quotedMessageId: quoted,
    },
    { error: CONTACTS_REQUIRED },
  )
  .meta({
    example: {
      to: '15550000002@s.whatsapp.net',
      contacts: [
        { name: 'Ada Lovelace', phone: '+44 20 7946 0018' },
        { name: 'Support desk', phone: '+1 555 000 0003' },
      ],
    },
  });

const POLL_REQUIRED = `to, name and options (${POLL_LIMITS.optionsMin}-${POLL_LIMITS.optionsMax} strings) are required`;
const OPTION_INVALID = `each option must be a string of 1-${POLL_LIMITS.optionMax} characters`;
export const pollBody = z
  .object(
    {
      to: jid('to', POLL_REQUIRED),
      name: field(POLL_REQUIRED, 'name must be a string')
        .trim()
        .min(1, { error: 'name (the poll question) must not be empty' })
        .max(POLL_LIMITS.nameMax, { error: `name must be at most ${POLL_LIMITS.nameMax} characters` })
        .describe('The question'),
      options: z
        .array(
          field(OPTION_INVALID)
            .trim()
            .min(1, { error: OPTION_INVALID })
            .max(POLL_LIMITS.optionMax, { error: OPTION_INVALID }),
          { error: POLL_REQUIRED },
        )
        .min(POLL_LIMITS.optionsMin, {
          error: `options must hold at least ${POLL_LIMITS.optionsMin} choices`,
        })
        .max(POLL_LIMITS.optionsMax, {
          error: `options must hold at most ${POLL_LIMITS.optionsMax} choices (WhatsApp's limit)`,
        })
        .refine((options) => new Set(options).size === options.length, {
          error: 'options must be distinct (votes are matched by option name)',
        })
        .describe(`${POLL_LIMITS.optionsMin}-${POLL_LIMITS.optionsMax} distinct choices`),
      selectableCount: z
        .number({ error: 'selectableCount must be an integer' })
        .int({ error: 'selectableCount must be an integer' })
        .min(1, { error: 'selectableCount must be at least 1' })
        .default(1)
        .describe('How many options one voter may pick (default 1: single choice)'),
    },
    { error: POLL_REQUIRED },
  )
  .refine((body) => body.selectableCount <= body.options.length, {
    error: 'selectableCount must not exceed the number of options',
    path: ['selectableCount'],
  })
  .meta({
    example: {
      to: '15550000002@s.whatsapp.net',
      name: 'Which day suits you for the delivery?',
      options: ['Monday', 'Tuesday', 'Friday'],
      selectableCount: 1,
    },
  });

const VOTE_REQUIRED = 'to, pollMessageId and options are required';
export const pollVoteBody = z
  .object(
    {
      to: jid('to', VOTE_REQUIRED).describe('The chat the poll is in'),
      pollMessageId: messageId('pollMessageId', VOTE_REQUIRED).describe(
        'The poll, as stored for this account (sent or received)',
      ),
      options: z
        .array(field(OPTION_INVALID).min(1, { error: OPTION_INVALID }), { error: VOTE_REQUIRED })
        .max(POLL_LIMITS.optionsMax, { error: `options must hold at most ${POLL_LIMITS.optionsMax} names` })
        .describe('Names of the options to vote for; [] withdraws the vote'),
    },
    { error: VOTE_REQUIRED },
  )
  .meta({
    example: {
      to: '15550000002@s.whatsapp.net',
      pollMessageId: '3EB0C767D26A1D8E4B2F',
      options: ['Tuesday'],
    },
  });

export const locationSchema = sendRoute(
  'Send location',
  locationBody,
  undefined,
  'A pin on the map at latitude/longitude (degrees), with an optional place name and address. ',
);
export const contactSchema = sendRoute(
  'Send contact cards (vCards)',
  contactBody,
  undefined,
  'Shares 1-20 contact cards; each becomes a vCard 3.0 whose number links to its WhatsApp (waid). ',
);
export const pollSchema = sendRoute(
  'Send poll',
  pollBody,
  undefined,
  'A poll of 2-12 distinct options. Votes arrive as `poll.vote` events (voter and the names of ' +
    'the picked options) and `GET /accounts/{accountId}/messages/{messageId}` of the poll shows the ' +
    'current tally (each voter counts once, with their latest vote). ',
);
export const pollVoteSchema = sendRoute(
  'Vote on a poll',
  pollVoteBody,
  undefined,
  'Votes on a poll this account sent or received, by option names; a new vote replaces the earlier one. ',
);
