import { ACCOUNT_ID_PATTERN } from '@wildcat/jobs';
import { ACCOUNT_STATUSES } from '@wildcat/redis-bus';
import { COLLECTION_NAME_PATTERN, defaultAuthCollection, isSafeCollectionName } from '@wildcat/store';
import { z } from 'zod';
import { accountParams, errors, field, okFlag } from '../common-schema.js';

export const accountStatus = z.enum(ACCOUNT_STATUSES);

export const createAccountBody = z
  .object(
    {
      id: field('id is required', 'id must be a string').regex(ACCOUNT_ID_PATTERN, {
        error: 'id must be 1-64 letters, digits, _ or -',
      }),
      name: field('name must be a string')
        .max(200, { error: 'name must be at most 200 characters' })
        .optional(),
      collectionName: field('collectionName must be a string')
        .regex(COLLECTION_NAME_PATTERN, {
          error: 'collectionName must start with a letter and hold at most 80 letters, digits, _ or -',
        })
        .refine(isSafeCollectionName, { error: 'collectionName is reserved' })
        .optional()
        .describe(
          'Always auth_{id}, derived by the server; accepted only when it equals that (400 otherwise)',
        ),
    },
    { error: 'id is required' },
  )
  // The auth collection is always auth_{id}: a chosen name could point an account at another
  // account's credentials (and its delete would drop them). Old clients that send the derived
  // name keep working.
  .refine(
    (body) => body.collectionName === undefined || body.collectionName === defaultAuthCollection(body.id),
    {
      error: (issue) => {
        const id = (issue.input as { id: string }).id;
        return `collectionName must be ${defaultAuthCollection(id)} (it is always auth_{id}; omit it)`;
      },
      path: ['collectionName'],
    },
  );

/** An account as the reference shows it, plus `jid` and `pushName` once paired. */
export const accountView = z
  .object({
    _id: z.string(),
    name: z.string(),
    collectionName: z.string(),
    status: accountStatus,
    currentStatus: accountStatus,
    hasQR: z.boolean(),
    createdAt: z.string().describe('ISO 8601'),
    jid: z.string().optional(),
    pushName: z.string().optional(),
    rejectCalls: z
      .boolean()
      .optional()
      .describe('Incoming calls are rejected at once (PATCH /accounts/:accountId)'),
  })
  .meta({ id: 'Account' });

export type AccountView = z.output<typeof accountView>;

export const createAccountSchema = {
  tags: ['accounts'],
  summary: 'Create account',
  body: createAccountBody,
  response: { 201: z.object({ ok: okFlag, account: accountView }), ...errors(400, 401, 503) },
};

export const listAccountsSchema = {
  tags: ['accounts'],
  summary: 'List all accounts',
  response: { 200: z.object({ ok: okFlag, accounts: z.array(accountView) }), ...errors(401, 503) },
};

export const getAccountSchema = {
  tags: ['accounts'],
  summary: 'Get account details',
  params: accountParams,
  response: { 200: z.object({ ok: okFlag, account: accountView }), ...errors(400, 401, 404, 503) },
};

export const deleteAccountSchema = {
  tags: ['accounts'],
  summary: 'Delete account',
  params: accountParams,
  response: { 200: z.object({ ok: okFlag, message: z.string() }), ...errors(400, 401, 404, 503) },
};
