import type { ChainableCommander, Redis } from 'ioredis';
import { defineScripts, luaScript } from './redis-scripts.js';

/**
 * The webhook-interest registry: a set of `<accountId|*> <eventType|*>` tokens, one per (account,
 * event type) some enabled webhook subscription may want. It lets a publisher skip the events-queue
 * job of an event no subscription could receive (a `message.ack` of an account without webhooks is
 * most of them): that job costs Redis 4-5 round trips through two queues' scripts for nothing.
 * Live streams (SSE/WebSocket) and their replay read the event stream, which every event still
 * enters; only the queue job is skipped.
 *
 * Safe by construction: a missing registry (never built, Redis restarted, flushed) means "unknown"
 * and every event is queued as before. Tokens are only ever added by a subscription write, before
 * and after it is stored, so an event published after the subscribing call returned finds them;
 * stale tokens (deleted or disabled subscriptions) only cost the jobs they would have cost anyway,
 * until a rebuild from MongoDB (the webhook worker's, at start and every few seconds) drops them.
 */
export const WEBHOOK_INTEREST_KEY = 'wc:{webhook-interest}';
const GENERATION_KEY = 'wc:{webhook-interest}:generation';
/** Member of every built registry: an empty Redis set does not exist, and absent means unknown. */
const BUILT = '~';
const ANY = '*';

const ADD = luaScript(new URL('./webhook-interest-add.lua', import.meta.url), 2);
const REBUILD = luaScript(new URL('./webhook-interest-rebuild.lua', import.meta.url), 2);

/** What one subscription wants: an account's events (null = every account) of these types. */
export interface WebhookInterest {
  accountId: string | null;
  types: readonly string[] | 'all';
}

const token = (accountId: string | null, type: string) => `${accountId ?? ANY} ${type}`;

export function interestTokens({ accountId, types }: WebhookInterest): string[] {
  return (types === 'all' ? [ANY] : types).map((type) => token(accountId, type));
}

async function addTokens(redis: Redis, tokens: string[]): Promise<void> {
  if (tokens.length === 0) return;
  const { add } = defineScripts(redis, { add: ADD });
  await add(WEBHOOK_INTEREST_KEY, GENERATION_KEY, ...tokens);
}

/**
 * Stores a subscription with `write`, registering its interest before (so an event published
 * while it is being stored is queued) and after (so a rebuild that read MongoDB before the write
 * cannot have dropped it). Every path that creates or re-enables a subscription goes through here.
 */
export async function withWebhookInterest<T>(
  redis: Redis,
  interest: WebhookInterest,
  write: () => Promise<T>,
): Promise<T> {
  const tokens = interestTokens(interest);
  await addTokens(redis, tokens);
  const result = await write();
  await addTokens(redis, tokens);
  return result;
}

/**
 * Makes the registry say exactly what `read` (the enabled subscriptions in MongoDB) says. A
 * subscription added between the generation read and the replace makes the replace refuse; it
 * is tried again up to `attempts` times. Resolves whether the registry was replaced.
 */
export async function rebuildWebhookInterest(
  redis: Redis,
  read: () => Promise<readonly WebhookInterest[]>,
  attempts = 3,
): Promise<boolean> {
  const { rebuild } = defineScripts(redis, { rebuild: REBUILD });
  for (let attempt = 0; attempt < attempts; attempt++) {
    const generation = (await redis.get(GENERATION_KEY)) ?? '0';
    const tokens = new Set([BUILT]);
    for (const interest of await read()) for (const each of interestTokens(interest)) tokens.add(each);
    if ((await rebuild(WEBHOOK_INTEREST_KEY, GENERATION_KEY, generation, ...tokens)) === 1) return true;
  }
  return false;
}

/**
 * Queues one SMISMEMBER on `pipeline` asking which of `events` some subscription may want, and
 * returns the reader of its reply: true for each event that needs its events-queue job. Any doubt
 * (no registry, an error, an unexpected reply) answers true.
 */
export function probeWebhookInterest(
  pipeline: ChainableCommander,
  events: ReadonlyArray<{ accountId: string; type: string }>,
): (reply: [Error | null, unknown] | undefined) => boolean[] {
  const members = [BUILT, token(null, ANY)];
  const index = new Map(members.map((member, i) => [member, i]));
  const tokensOf = events.map(({ accountId, type }) => {
    const own = [token(null, type), token(accountId, ANY), token(accountId, type)];
    for (const member of own) if (!index.has(member)) index.set(member, members.push(member) - 1);
    return own;
  });
  pipeline.smismember(WEBHOOK_INTEREST_KEY, ...members);
  return (reply) => {
    const [error, flags] = reply ?? [new Error('no reply'), null];
    if (error || !Array.isArray(flags) || flags[0] !== 1 || flags[1] === 1) return events.map(() => true);
    return tokensOf.map((own) => own.some((member) => flags[index.get(member) as number] === 1));
  };
}
