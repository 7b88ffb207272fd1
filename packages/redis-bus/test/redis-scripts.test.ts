import { describe, expect, it } from 'vitest';
import { connectRedis, defineScripts, luaScript, pipelineScript } from '../src/index.js';
import { useRedis } from './redis-fixture.js';

const bus = useRedis();
const COUNTER_ADD = luaScript(new URL('./fixtures/test-counter-add.lua', import.meta.url), 1);

describe('Redis scripts', () => {
  it('are named after their file and read from it', () => {
    expect(COUNTER_ADD.command).toBe('testCounterAdd');
    expect(COUNTER_ADD.lua).toContain("redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(() => luaScript(new URL('./fixtures/missing.lua', import.meta.url), 1)).toThrow(/ENOENT/);
  });

  it('run on the client, defined once however often they are asked for', async () => {
    const first = defineScripts(bus.redis, { add: COUNTER_ADD });
    const again = defineScripts(bus.redis, { other: COUNTER_ADD });
    expect(again.other).toBe(first.add);
    expect(await first.add('counter', 2)).toBe(2);
    expect(await again.other('counter', 3)).toBe(5);
  });

  it('run again after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const { add } = defineScripts(bus.redis, { add: COUNTER_ADD });
    await bus.redis.script('FLUSH');
    expect(await add('after-flush', 1)).toBe(1);
  });

  it('run in a pipeline, in order with the other commands', async () => {
    defineScripts(bus.redis, { add: COUNTER_ADD });
    const pipeline = bus.redis.pipeline().set('piped', '10');
    pipelineScript(pipeline, COUNTER_ADD, 'piped', 5);
    pipeline.get('piped');
    expect(await pipeline.exec()).toEqual([
      [null, 'OK'],
      [null, 15],
      [null, '15'],
    ]);
  });

  it('refuse a pipeline of a client that never defined them', async () => {
    const other = await connectRedis(bus.url, 'request');
    try {
      expect(() => pipelineScript(other.pipeline(), COUNTER_ADD, 'x', 1)).toThrow(
        /testCounterAdd is not defined/,
      );
    } finally {
      other.disconnect();
    }
  });

  it('refuse two different scripts under one name', () => {
    defineScripts(bus.redis, { add: COUNTER_ADD });
    const impostor = { ...COUNTER_ADD, lua: 'return 0' };
    expect(() => defineScripts(bus.redis, { add: impostor })).toThrow(
      /two different Redis scripts are named testCounterAdd/,
    );
  });
});
