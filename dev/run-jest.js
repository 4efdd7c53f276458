#!/usr/bin/env node
// Runs jest and closes with one plain line, `jest: N passed, N failed, N skipped`, that CI
// systems which do not know jest's own summary can read. Exits with jest's exit code.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const outDir = join(__dirname, '..', 'test-artifacts');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'jest-results.json');
const jestBin = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [jestBin, '--json', `--outputFile=${outFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let summary = 'jest: 0 passed, 1 failed';
try {
  const results = JSON.parse(readFileSync(outFile, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  summary = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
  if (results.numRuntimeErrorTestSuites > 0) {
    summary += ` (${results.numRuntimeErrorTestSuites} test files could not run)`;
  }
} catch {
  // jest did not write results: it crashed before running; the default line says so.
}
console.log(summary);
process.exit(run.status ?? 1);
