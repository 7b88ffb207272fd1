import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigMap, renderEnvExample } from '../deploy/lib/deploy-env.js';

// Regenerates .env.example and the Kubernetes ConfigMap from the variable catalogue;
// deploy/test/env-files.test.ts fails when the checked-in files differ.
const outputs: Array<[string, string]> = [
  ['../.env.example', renderEnvExample()],
  ['../deploy/k8s/base/configmap.yaml', renderConfigMap()],
];
for (const [relative, text] of outputs) {
  const path = fileURLToPath(new URL(relative, import.meta.url));
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
