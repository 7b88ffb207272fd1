import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEnvTable } from '../src/env-table.js';
import { replaceEnvTable } from '../src/readme-env-section.js';

const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));
writeFileSync(readmePath, replaceEnvTable(readFileSync(readmePath, 'utf8'), renderEnvTable()));
process.stdout.write(`wrote the environment table into ${readmePath}\n`);
