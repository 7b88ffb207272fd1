import { describe, expect, it } from 'vitest';
import {
  enterSendBacklog,
  enterSendBacklogs,
  leaveSendBacklog,
  SEND_BACKLOG_HORIZON_MS,
} from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const bus = useRedis();

describe('per-account send backlog', () => {
  it('admits up to the limit, counts a retried message once, and frees a place when one finishes', async () => {
    for (let i = 0; i < 3; i++)
      expect(await enterSendBacklog(bus.redis, 'flood', `m${i}`, 3)).toEqual({ admitted: true, size: i + 1 });
    expect(await enterSendBacklog(bus.redis, 'flood', 'm3', 3)).toEqual({ admitted: false, size: 3 });
    // The same message again (a client retry with its Idempotency-Key) is not a new place.
    expect(await enterSendBacklog(bus.redis, 'flood', 'm1', 3)).toEqual({ admitted: true, size: 3 });
    // Another account has its own backlog.
    expect(await enterSendBacklog(bus.redis, 'quiet', 'q0', 3)).toEqual({ admitted: true, size: 1 });

    const pipeline = bus.redis.pipeline();
    leaveSendBacklog(pipeline, 'flood', 'm0');
    await pipeline.exec();
    expect(await enterSendBacklog(bus.redis, 'flood', 'm3', 3)).toEqual({ admitted: true, size: 3 });
  });

  it('stops counting entries older than the horizon, so a lost job cannot block its account', async () => {
    const then = Date.now() - SEND_BACKLOG_HORIZON_MS - 1_000;
    expect(await enterSendBacklog(bus.redis, 'lost', 'old', 1, then)).toEqual({ admitted: true, size: 1 });
    expect(await enterSendBacklog(bus.redis, 'lost', 'new', 1)).toEqual({ admitted: true, size: 1 });
  });

  it('admits a batch in order, per account, as the same calls one by one would', async () => {
    const entries = ['b0', 'b1', 'b2', 'b3', 'b1'].map((messageId) => ({ accountId: 'batch', messageId }));
    entries.splice(2, 0, { accountId: 'batch-other', messageId: 'o0' });
    expect(await enterSendBacklogs(bus.redis, entries, 3)).toEqual([
      { admitted: true, size: 1 },
      { admitted: true, size: 2 },
      { admitted: true, size: 1 },
      { admitted: true, size: 3 },
      { admitted: false, size: 3 },
      // A retried message already counted is admitted without a new place.
      { admitted: true, size: 3 },
    ]);
    expect(await enterSendBacklogs(bus.redis, [], 3)).toEqual([]);
  });

  it('splits a burst into several calls and still admits it in order', async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({ accountId: 'burst', messageId: `u${i}` }));
    const answers = await enterSendBacklogs(bus.redis, entries, 500);
    expect(answers.slice(0, 500).every((answer) => 'admitted' in answer && answer.admitted)).toBe(true);
    expect(answers[499]).toEqual({ admitted: true, size: 500 });
    expect(answers.slice(500)).toEqual(entries.slice(500).map(() => ({ admitted: false, size: 500 })));
  });

  it('answers the error in place of each send when Redis refuses the call', async () => {
    await bus.redis.set('wc:send-backlog:{wrong-type}', 'not a sorted set');
    const answers = await enterSendBacklogs(
      bus.redis,
      [
        { accountId: 'wrong-type', messageId: 'w0' },
        { accountId: 'wrong-type', messageId: 'w1' },
      ],
      3,
    );
    expect(answers.map((answer) => answer instanceof Error && /WRONGTYPE/.test(answer.message))).toEqual([
      true,
      true,
    ]);
  });
});
