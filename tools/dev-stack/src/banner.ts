export interface BannerFacts {
  engine: string;
  api: string;
  /** Where the admin key is; undefined when the stack runs keyless. */
  keyWhere: string | undefined;
  dataDir: string;
  /** Webhooks to loopback and private addresses allowed (the dev stack's default). */
  privateWebhooks: boolean;
}

/** What `pnpm start` prints once everything answers: where things are and what is unusual. */
export function startupBanner(facts: BannerFacts): string {
  const lines = [
    '',
    `WILDCAT is running (${facts.engine} engine).`,
    `  API          ${facts.api}`,
    `  API docs     ${facts.api}/docs`,
    `  Bull Board   ${facts.api}/admin/queues`,
    `  Console      ${facts.api}/console`,
    facts.keyWhere
      ? `  API key      in ${facts.keyWhere} — send it as X-API-Key`
      : '  API key      NONE: API_KEYS is empty, so every route is open to anyone who can reach this address (loopback only)',
    `  Data         ${facts.dataDir}`,
  ];
  if (facts.privateWebhooks)
    lines.push(
      '  Webhooks     local and private URLs allowed here (http://localhost:5678/… works); production refuses them',
    );
  if (!facts.keyWhere)
    lines.push(
      '',
      '  WARNING: no API key. Set API_KEYS (or unset it to get a generated key) before exposing this.',
    );
  lines.push('  Ctrl-C stops everything.', '');
  return `${lines.join('\n')}\n`;
}
