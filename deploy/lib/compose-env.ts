/**
 * docker compose interpolation: `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?error}`, `${NAME?error}` and `$$`. Throws for a required variable that is missing, as
 * compose refuses to start then.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)/g, (match, braced, op, arg, bare) => {
    if (match === '$$') return '$';
    const name: string = braced ?? bare;
    const value = env[name];
    const unset = op?.startsWith(':') ? value === undefined || value === '' : value === undefined;
    if (op?.endsWith('-')) return unset ? arg : (value as string);
    if (op?.endsWith('?')) {
      if (unset) throw new Error(`required variable ${name} is missing: ${arg}`);
      return value as string;
    }
    return value ?? '';
  });
}

/** Interpolates every string inside a parsed compose value. */
export function interpolateDeep<T>(value: T, env: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env)]),
    ) as T;
  }
  return value;
}
