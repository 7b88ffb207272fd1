import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEnvTable } from '../src/env-table.js';
import { replaceEnvTable } from '../src/env-table-section.js';

const pagePath = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));
writeFileSync(pagePath, replaceEnvTable(readFileSync(pagePath, 'utf8'), renderEnvTable()));
process.stdout.write(`wrote the environment table into ${pagePath}\n`);
