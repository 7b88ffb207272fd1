// `pnpm bench` (add --quick for a smoke run): every benchmark of issue 11, each against a baseline
// measured in the same run, then bench/RESULTS.md (generated section) and a JSON copy on stdout.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeResults } from './lib/results-file.js';
import { renderMarkdown } from './render-markdown.js';
import { runAll } from './run-benches.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    accounts: { type: 'string' },
    out: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const report = await runAll({
  quick,
  only: values.only?.split(','),
  scaleAccounts: values.accounts ? Number(values.accounts) : undefined,
  command: `pnpm bench${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
});
const out = values.out ?? fileURLToPath(new URL('../RESULTS.md', import.meta.url));
if (values.out?.endsWith('.json')) writeFileSync(values.out, JSON.stringify(report, null, 2));
else writeResults(out, renderMarkdown(report));
console.log(JSON.stringify(report));
process.exit(0);
