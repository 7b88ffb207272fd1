import { startDevdb } from '@wildcat/devdb';
import type { SendJob } from '@wildcat/jobs';
import { createStore, type Store } from '@wildcat/store';
import type { OutboundMessage } from '@wildcat/wa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../src/health/metrics.js';
import { AccountFifo } from '../src/send/account-fifo.js';
import { type SendDeps, type ShardHandle, sendOne } from '../src/send/send-processor.js';
import { TokenBuckets } from '../src/send/token-bucket.js';
import type { AccountSession } from '../src/sessions/account-session.js';

let devdb: Awaited<ReturnType<typeof startDevdb>>;
let store: Store;
const sent: OutboundMessage[] = [];

const session = {
  jid: '15550000001@s.whatsapp.net',
  account: { _id: 'acc' },
  waitUntilOpen: async () => true,
  openSocket: () => ({
    send: async (message: OutboundMessage) => {
      sent.push(message);
      return { messageId: message.messageId, timestamp: Date.now() };
    },
  }),
} as unknown as AccountSession;

const shard: ShardHandle = { shard: 0, signal: new AbortController().signal, session: () => session };

beforeAll(async () => {
  devdb = await startDevdb({ quiet: true });
  store = await createStore({ url: devdb.url, dbName: 'idem' });
  await store.accounts.create({ id: 'acc' });
});

afterAll(async () => {
  await store.close();
  await devdb.close();
});

function deps(): SendDeps {
  return {
    store,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics({ accountLabels: false, sessionsByStatus: () => ({}), leasesOwned: () => 0 }),
    buckets: new TokenBuckets(600),
    fifo: new AccountFifo(),
    ffmpegPath: 'ffmpeg',
    maxRateWaitMs: 1_000,
    sessionWaitMs: 1_000,
    holdMs: 0,
    publishResult: async () => undefined,
  };
}

describe('send idempotency', () => {
  it('sends once, records sent, and skips a re-run of the same messageId', async () => {
    const job: SendJob = {
      kind: 'text',
      accountId: 'acc',
      messageId: 'IDEM1',
      to: '919876543210@s.whatsapp.net',
      text: 'x',
      acceptedAt: Date.now(),
    };
    const d = deps();
    expect(await sendOne(job, shard, d)).toBe('sent');
    expect(await store.messages.get('acc', 'IDEM1')).toMatchObject({
      status: 'sent',
      fromMe: true,
      text: 'x',
      from: session.jid,
    });
    expect(await sendOne(job, shard, d)).toBe('duplicate');
    await store.messages.setStatus('acc', 'IDEM1', 'read');
    expect(await sendOne(job, shard, d)).toBe('duplicate');
    expect(sent.filter((message) => message.messageId === 'IDEM1')).toHaveLength(1);
  });

  it('sends again when only `queued` was recorded (crash between store and send)', async () => {
    const job: SendJob = {
      kind: 'text',
      accountId: 'acc',
      messageId: 'IDEM2',
      to: '919876543210@s.whatsapp.net',
      text: 'y',
      acceptedAt: Date.now(),
    };
    await store.messages.upsert({
      accountId: 'acc',
      messageId: 'IDEM2',
      chatId: job.to,
      from: session.jid!,
      fromMe: true,
      timestamp: 1,
      type: 'text',
      status: 'queued',
    });
    expect(await sendOne(job, shard, deps())).toBe('sent');
    expect(sent.filter((message) => message.messageId === 'IDEM2')).toHaveLength(1);
  });
});
