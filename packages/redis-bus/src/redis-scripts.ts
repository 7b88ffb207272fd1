import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChainableCommander, Redis } from 'ioredis';

/**
 * One Lua script, kept as a `.lua` file beside the module that runs it (as BullMQ keeps its
 * commands). Its ioredis command name is the file name in camelCase: `.lua` file names are unique
 * across the repository (tools/architecture checks it), so two scripts never share a command, and
 * an app bundle can hold every script it needs flat beside dist/main.js (tsup.app.ts copies them).
 */
export interface RedisScript {
  readonly command: string;
  readonly lua: string;
  /** Undefined for a script over a variable number of keys: callers then pass the count first. */
  readonly numberOfKeys: number | undefined;
}

/**
 * Reads a script shipped beside the calling module. Pass `new URL('./<name>.lua', import.meta.url)`
 * written out like that: the bundle step (tsup.app.ts) finds the files by that pattern. Read at
 * import, so a missing file stops the process at start, not at its first write.
 */
export function luaScript(file: URL, numberOfKeys?: number): RedisScript {
  const name = basename(fileURLToPath(file), '.lua');
  return {
    command: name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()),
    lua: readFileSync(file, 'utf8'),
    numberOfKeys,
  };
}

export type ScriptArg = string | number | Buffer;
export type ScriptCall = (...keysAndArgs: ScriptArg[]) => Promise<unknown>;
type ScriptCommands = Record<string, ScriptCall | undefined>;

const definedOn = new WeakMap<Redis, Map<string, { lua: string; call: ScriptCall }>>();

/**
 * Defines the scripts on the client once (ioredis `defineCommand`: EVALSHA, EVAL only on a
 * connection that has not run the script yet or after NOSCRIPT) and resolves a caller per script.
 * Cheap to call again for the same client; refuses two different scripts under one command name.
 */
export function defineScripts<Scripts extends Record<string, RedisScript>>(
  client: Redis,
  scripts: Scripts,
): { [Name in keyof Scripts]: ScriptCall } {
  let defined = definedOn.get(client);
  if (!defined) {
    defined = new Map();
    definedOn.set(client, defined);
  }
  const calls: Record<string, ScriptCall> = {};
  for (const [name, script] of Object.entries(scripts)) {
    let entry = defined.get(script.command);
    if (!entry) {
      client.defineCommand(script.command, { lua: script.lua, numberOfKeys: script.numberOfKeys });
      const command = (client as unknown as ScriptCommands)[script.command]!;
      entry = { lua: script.lua, call: command.bind(client) };
      defined.set(script.command, entry);
    } else if (entry.lua !== script.lua) {
      throw new Error(`two different Redis scripts are named ${script.command}`);
    }
    calls[name] = entry.call;
  }
  return calls as { [Name in keyof Scripts]: ScriptCall };
}

/**
 * Queues a script on a pipeline. ioredis copies a client's scripts into each pipeline it creates,
 * so the client must have defined the script (defineScripts) before `pipeline()`.
 */
export function pipelineScript(
  pipeline: ChainableCommander,
  script: RedisScript,
  ...keysAndArgs: ScriptArg[]
) {
  const command = (pipeline as unknown as ScriptCommands)[script.command];
  if (!command) throw new Error(`${script.command} is not defined on the client that made this pipeline`);
  command.apply(pipeline, keysAndArgs);
}
