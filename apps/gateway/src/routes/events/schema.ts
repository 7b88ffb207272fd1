import { EVENT_TYPES } from '@wildcat/jobs';
import { z } from 'zod';
import { errors } from '../common-schema.js';

/** A Redis stream entry id, `<ms>-<seq>`, as sent in SSE `id:` lines and WebSocket frames. */
export const STREAM_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

const commaList = (name: string) =>
  z
    .string({ error: `${name} must be a comma-separated list` })
    .max(2_000, { error: `${name} is too long` })
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

export const liveEventsQuery = z.object({
  accountId: commaList('accountId')
    .refine((ids) => ids.every((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id)), {
      error: 'accountId must be 1-64 letters, digits, _ or -',
    })
    .optional()
    .describe('Only these accounts (comma-separated)'),
  types: commaList('types')
    .refine((types) => types.every((type) => (EVENT_TYPES as readonly string[]).includes(type)), {
      error: `types must be a comma-separated list of: ${EVENT_TYPES.join(', ')}`,
    })
    .optional()
    .describe(`Only these event types (comma-separated): ${EVENT_TYPES.join(', ')}`),
  lastEventId: z
    .string()
    .regex(STREAM_ID_PATTERN, { error: 'lastEventId must be a stream id such as 1730700645123-0' })
    .optional()
    .describe('Resume after this stream id (SSE clients may send the Last-Event-ID header instead)'),
});

export const liveEventsHeaders = z.looseObject({
  'last-event-id': z
    .string()
    .regex(STREAM_ID_PATTERN, { error: 'Last-Event-ID must be a stream id such as 1730700645123-0' })
    .optional(),
});

export const sseSchema = {
  tags: ['events'],
  summary: 'Live events as Server-Sent Events (resumable with Last-Event-ID)',
  description:
    'Each event is one `data:` line holding the event envelope `{id,type,accountId,timestamp,data}`, with the Redis stream id as its `id:`. An `event: gap` tells a resuming client that events it missed have left the bounded window, or (with `replayLimit`) that only the newest LIVE_REPLAY_MAX were replayed. 429 when the key or the client address already holds its most live streams (LIVE_STREAMS_PER_KEY, LIVE_STREAMS_PER_IP).',
  querystring: liveEventsQuery,
  headers: liveEventsHeaders,
  response: { ...errors(400, 401, 403, 429) },
};

export const wsSchema = {
  tags: ['events'],
  summary:
    'Live events over a WebSocket (frames: {kind:"event",streamId,event} or {kind:"gap",oldestStreamId,replayLimit?}); 429 before the upgrade past the stream caps',
  querystring: liveEventsQuery,
  response: { ...errors(400, 401, 403, 429) },
};
