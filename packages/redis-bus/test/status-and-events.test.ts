import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  EVENTS_STREAM,
  publishEvent,
  readStatus,
  readStatuses,
  redisOptions,
  writeStatus,
} from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const bus = useRedis();

describe('fenced account status', () => {
  it('keeps the newer owner’s write when an older epoch writes later', async () => {
    expect(
      await writeStatus(bus.redis, 'acc1', { status: 'connecting', epoch: 5, owner: 'w2', qr: 'QR-1' }),
    ).toBe(true);
    expect(await writeStatus(bus.redis, 'acc1', { status: 'connected', epoch: 4, owner: 'w1' })).toBe(false);
    const record = await readStatus(bus.redis, 'acc1');
    expect(record).toMatchObject({ status: 'connecting', owner: 'w2', qr: 'QR-1', epoch: 5 });
    expect(
      await writeStatus(bus.redis, 'acc1', {
        status: 'connected',
        epoch: 5,
        owner: 'w2',
        jid: '1234567@s.whatsapp.net',
      }),
    ).toBe(true);
    const after = await readStatus(bus.redis, 'acc1');
    expect(after?.qr).toBeUndefined();
    expect(after?.jid).toBe('1234567@s.whatsapp.net');
  });

  it('reads many statuses in one call and omits unknown accounts', async () => {
    await writeStatus(bus.redis, 'acc2', { status: 'logged_out', epoch: 1 });
    const map = await readStatuses(bus.redis, ['acc1', 'acc2', 'nobody']);
    expect([...map.keys()].sort()).toEqual(['acc1', 'acc2']);
    expect(map.get('acc2')?.status).toBe('logged_out');
  });
});

describe('publishEvent', () => {
  it('writes the stream every time but queues one job per event id', async () => {
    const queue = new Queue(`events-${Date.now()}`, { connection: redisOptions(bus.url, 'blocking') });
    const event = {
      id: 'message.acc1.ABC',
      type: 'message' as const,
      accountId: 'acc1',
      timestamp: 1,
      data: { text: 'hi' },
    };
    await publishEvent(bus.redis, queue, event);
    await publishEvent(bus.redis, queue, event);
    expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
    expect(await bus.redis.xlen(EVENTS_STREAM)).toBe(2);
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
