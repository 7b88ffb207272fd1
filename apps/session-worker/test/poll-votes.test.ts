import { randomBytes } from 'node:crypto';
import { startDevdb } from '@wildcat/devdb';
import type { WildcatEvent } from '@wildcat/jobs';
import { createStore, type Store } from '@wildcat/store';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundPersister } from '../src/inbound/inbound-persister.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: `votes_${randomBytes(4).toString('hex')}` });
});
afterAll(async () => {
  await store?.close();
  await devdb?.close();
});

const CHAT = '15550001111@s.whatsapp.net';
const ANN = '15550002222@s.whatsapp.net';
const vote = (id: string, from: string, selectedOptions: string[], timestamp: number) => ({
  type: 'poll-vote' as const,
  id,
  chatId: CHAT,
  from,
  fromMe: false,
  timestamp,
  pollMessageId: 'POLL1',
  selectedOptions,
});

describe('poll votes', () => {
  it('keep each voter’s latest vote, write the tally onto the poll and publish poll.vote with names', async () => {
    const events: WildcatEvent[] = [];
    const persister = createInboundPersister({
      store,
      publish: async (event) => void events.push(event),
      logger: pino({ level: 'silent' }),
    });
    await persister.message('acc-v', {
      type: 'poll',
      id: 'POLL1',
      chatId: CHAT,
      from: '15550009999@s.whatsapp.net',
      fromMe: true,
      timestamp: 1_000,
      poll: { name: 'Day?', options: ['Mon', 'Tue', 'Wed'], selectableCount: 2 },
    });
    await persister.message('acc-v', vote('V1', CHAT, ['Mon'], 2_000));
    await persister.message('acc-v', vote('V2', ANN, ['Mon', 'Wed'], 2_100));
    // CHAT changes their mind; then their first vote arrives again late (a re-delivery).
    await persister.message('acc-v', vote('V3', CHAT, ['Tue'], 3_000));
    await persister.message('acc-v', vote('V1', CHAT, ['Mon'], 2_000));

    const poll = (await store.messages.get('acc-v', 'POLL1'))?.poll;
    expect(poll?.votes).toEqual([
      { option: 'Mon', count: 1, voters: [ANN] },
      { option: 'Tue', count: 1, voters: [CHAT] },
      { option: 'Wed', count: 1, voters: [ANN] },
    ]);
    const votes = events.filter((event) => event.type === 'poll.vote');
    // The stale re-delivery published nothing.
    expect(votes.map((event) => event.id)).toEqual([
      'poll.vote.acc-v.POLL1.V1',
      'poll.vote.acc-v.POLL1.V2',
      'poll.vote.acc-v.POLL1.V3',
    ]);
    expect(votes[2]?.data).toMatchObject({
      pollMessageId: 'POLL1',
      chatId: CHAT,
      voter: CHAT,
      selectedOptions: ['Tue'],
      poll: { name: 'Day?', options: ['Mon', 'Tue', 'Wed'] },
      votes: poll?.votes,
    });
    // Votes are no messages of their own.
    expect((await store.messages.listByAccount('acc-v', { limit: 10, skip: 0 })).total).toBe(1);
  });

  it('a withdrawn vote (no options) takes the voter out of the tally', async () => {
    const persister = createInboundPersister({
      store,
      publish: async () => undefined,
      logger: pino({ level: 'silent' }),
    });
    await persister.message('acc-v', vote('V4', ANN, [], 4_000));
    const poll = (await store.messages.get('acc-v', 'POLL1'))?.poll;
    expect(poll?.votes?.map((entry) => entry.count)).toEqual([0, 1, 0]);
    expect(await store.pollVotes.list('acc-v', 'POLL1')).toEqual([
      { accountId: 'acc-v', pollMessageId: 'POLL1', voter: CHAT, options: ['Tue'], timestamp: 3_000 },
      { accountId: 'acc-v', pollMessageId: 'POLL1', voter: ANN, options: [], timestamp: 4_000 },
    ]);
  });
});
