import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/**
 * Writes the generated section between the bench markers of RESULTS.md and keeps everything else
 * (hand-written sections such as the Baileys memory notes) as it is.
 */
export function writeResults(path: string, section: string): void {
  const block = `${START}\n${section.trim()}\n${END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `# Benchmark results\n\n${block}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${block}${text.slice(to + END.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
