import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Runs a script by its SHA1 (EVALSHA), sending the body only when Redis does not have it yet:
 * EVAL with the body makes Redis SHA1 and look up the whole body on every send.
 */
export async function runScript(
  redis: Redis,
  script: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.body, keys.length, ...keys, ...args);
  }
}

export interface Script {
  body: string;
  sha: string;
}

export const script = (body: string): Script => ({
  body,
  sha: createHash('sha1').update(body).digest('hex'),
});
