import { z } from 'zod';

/** Which processes read a variable; drives the docs/configuration.md table and the deploy manifest checks. */
export type Consumer = 'gateway' | 'session-worker' | 'webhook-worker' | 'tools';

export interface VariableSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** One line for the docs/configuration.md table: what it does and the accepted values. */
  description: string;
  /** What the parse error says the variable expects. */
  expects: string;
  consumers: readonly Consumer[];
}

export const ALL: readonly Consumer[] = ['gateway', 'session-worker', 'webhook-worker'];
export const WORKERS: readonly Consumer[] = ['session-worker', 'webhook-worker'];

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const list = () =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

export function spec<S extends z.ZodType>(
  schema: S,
  description: string,
  expects: string,
  consumers: readonly Consumer[] = ALL,
): VariableSpec<S> {
  return { schema, description, expects, consumers };
}
