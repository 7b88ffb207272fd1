/** KEY=VALUE lines as docker compose and kustomize read them: `#` comments, optional quotes. */
export function parseDotenv(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`not a KEY=VALUE line: ${line}`);
    let value = line.slice(at + 1);
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    pairs.push([line.slice(0, at).trim(), value]);
  }
  return pairs;
}
