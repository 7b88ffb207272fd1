import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createSandboxEngine } from '../src/index.js';
import { connectRecorded, useSandbox } from './helpers.js';

const sandbox = useSandbox();

// Sessions registered while the engine's subscriber connection is still handshaking used to
// break its ready check (ioredis writes such a SUBSCRIBE before the INFO), failing the connects.
it('connects sessions registered while the subscriber connection is still opening', async () => {
  const failures: string[] = [];
  for (let round = 0; round < 20; round++) {
    const engine = createSandboxEngine({ redis: sandbox.redis });
    const connects: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) {
      const accountId = `early-${round}-${i}`;
      connects.push(
        connectRecorded(engine, accountId).catch((error: Error) =>
          failures.push(`${accountId}: ${error.message}`),
        ),
      );
      await sleep(i);
    }
    await Promise.all(connects);
    await engine.close();
  }
  expect(failures).toEqual([]);
});
