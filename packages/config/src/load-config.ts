import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { type VariableName, variables } from './variables.js';

export type Config<K extends VariableName> = {
  [P in K]: z.output<(typeof variables)[P]['schema']>;
};

type Env = Record<string, string | undefined>;

/** Parses the named variables from `env`; throws one ConfigError listing every bad one. */
export function loadConfig<K extends VariableName>(names: readonly K[], env: Env = process.env): Config<K> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const name of names) {
    const spec = variables[name];
    const raw = env[name];
    // An empty string means "unset", as docker-compose and shells pass it.
    const parsed = spec.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) {
      result[name] = parsed.data;
    } else {
      const shown =
        raw === undefined ? 'nothing' : JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
      problems.push(`${name} must be ${spec.expects} (got ${shown})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as Config<K>;
}

/** For a process `main`: parse or print one line naming the variable and exit 1. */
export function loadConfigOrExit<K extends VariableName>(
  names: readonly K[],
  env: Env = process.env,
): Config<K> {
  try {
    return loadConfig(names, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The variables a process reads, for tests and manifest checks. */
export function variablesFor(
  consumer: (typeof variables)[VariableName]['consumers'][number],
): VariableName[] {
  return (Object.keys(variables) as VariableName[]).filter((name) =>
    variables[name].consumers.includes(consumer),
  );
}
