const START = '<!-- env-table:start -->';
const END = '<!-- env-table:end -->';

/** The table between a page's markers (docs/configuration.md), or undefined when they are missing. */
export function extractEnvTable(page: string): string | undefined {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return page.slice(start + START.length, end).trim();
}

export function replaceEnvTable(page: string, table: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the page lacks the ${START} … ${END} markers`);
  return `${page.slice(0, start + START.length)}\n${table}\n${page.slice(end)}`;
}
