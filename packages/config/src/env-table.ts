import { type VariableName, variables } from './variables.js';

function defaultOf(name: VariableName): string {
  const parsed = variables[name].schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return '—';
  const value = Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
  return value === '' ? '(empty)' : `\`${value}\``;
}

/** The environment table of docs/configuration.md, rendered from the catalogue so the two cannot drift. */
export function renderEnvTable(): string {
  const rows = (Object.keys(variables) as VariableName[]).map((name) => {
    const spec = variables[name];
    return `| \`${name}\` | ${defaultOf(name)} | ${spec.consumers.join(', ')} | ${spec.description} |`;
  });
  return ['| Variable | Default | Read by | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
