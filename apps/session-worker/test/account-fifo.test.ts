import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AccountFifo } from '../src/send/account-fifo.js';

describe('per-account FIFO', () => {
  it('runs one account in order, other accounts in parallel, and survives failures', async () => {
    const fifo = new AccountFifo();
    const order: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        order.push(`start ${name}`);
        await sleep(ms);
        order.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      fifo.run('a', task('a1', 30)),
      fifo.run('a', task('a2', 1, true)),
      fifo.run('a', task('a3', 1)),
      fifo.run('b', task('b1', 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(order.indexOf('start b1')).toBeLessThan(order.indexOf('end a1'));
    const a = order.filter((entry) => entry.includes(' a'));
    expect(a).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    await sleep(0);
    expect(fifo.pending).toBe(0);
  });
});
