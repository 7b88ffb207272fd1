// Reads vitest's JSON report and prints the closing line CI looks for: "N passed, N failed".
// A test file that failed outside any test (an import or hook error) counts as one failure, and
// a run that stopped before vitest (lint, typecheck, build) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, exitStatus] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
}
if (failed === 0 && exitStatus !== '0') failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
