import { ACCOUNT_SORTS } from '@wildcat/store';
import { z } from 'zod';
import { FLEET_STATUSES } from '../../services/fleet-view.js';
import { accountView } from '../accounts/schema.js';
import { countQuery, errors, okFlag } from '../common-schema.js';

const fleetStatus = z.enum(FLEET_STATUSES);

const counts = z
  .object(Object.fromEntries(FLEET_STATUSES.map((status) => [status, z.number().int()])))
  .describe('Accounts per live status; needs_qr = waiting for a QR scan');

export const fleetSummarySchema = {
  tags: ['fleet'],
  summary: 'Fleet summary: accounts by status, alerts, queue depths',
  response: {
    200: z.object({
      ok: okFlag,
      time: z.string().describe('ISO 8601'),
      accounts: z.object({ total: z.number().int(), counts }),
      alerts: z.object({
        loggedOut: z.array(z.string()).describe('Accounts that need a new QR (first 50)'),
        stuckReconnecting: z
          .array(z.string())
          .describe('Accounts reconnecting for more than 2 minutes (first 50)'),
      }),
      queues: z.array(
        z.object({
          family: z.string().describe('send, control, …: the per-shard queues summed'),
          queues: z.number().int(),
          waiting: z.number().int(),
          active: z.number().int(),
          delayed: z.number().int(),
          failed: z.number().int(),
          oldestWaitingSeconds: z.number(),
        }),
      ),
    }),
    ...errors(401, 403, 503),
  },
};

export const fleetWorkersSchema = {
  tags: ['fleet'],
  summary: 'Session workers: shards, accounts held, heartbeat age, memory',
  response: {
    200: z.object({
      ok: okFlag,
      shards: z.number().int().describe('SHARDS: shard numbers run from 0 to shards - 1'),
      workers: z.array(
        z.object({
          workerId: z.string(),
          heartbeatAgeMs: z.number().int(),
          alive: z.boolean().describe('Heartbeat within the last 15 s'),
          shards: z.array(z.number().int()),
          accounts: z.number().int().describe('Account sessions the worker holds'),
          rssBytes: z.number().int().optional(),
          heapUsedBytes: z.number().int().optional(),
        }),
      ),
      unowned: z.array(z.number().int()).describe('Shards no live worker reports holding'),
    }),
    ...errors(401, 403, 503),
  },
};

export const fleetAccountsQuery = z.object({
  q: z
    .string({ error: 'q must be a string' })
    .max(100, { error: 'q must be at most 100 characters' })
    .optional()
    .describe('Prefix of the account id, name or phone number'),
  status: z
    .enum(FLEET_STATUSES, { error: `status must be one of ${FLEET_STATUSES.join(', ')}` })
    .optional()
    .describe('Only accounts in this live status'),
  sort: z
    .enum(ACCOUNT_SORTS, { error: `sort must be one of ${ACCOUNT_SORTS.join(', ')}` })
    .optional()
    .describe('A leading - sorts descending (default createdAt)'),
  limit: countQuery('limit', 1).max(200, { error: 'limit must be an integer from 1 to 200' }).optional(),
  offset: countQuery('offset').optional(),
});

export const fleetAccountsSchema = {
  tags: ['fleet'],
  summary: 'Search, filter, sort and page the accounts (the console’s accounts table)',
  querystring: fleetAccountsQuery,
  response: {
    200: z.object({
      ok: okFlag,
      total: z.number().int().describe('Matches in all, for the pager'),
      limit: z.number().int(),
      offset: z.number().int(),
      accounts: z.array(accountView.extend({ fleetStatus })),
    }),
    ...errors(400, 401, 403, 503),
  },
};
