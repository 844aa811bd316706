// Prints one closing line for the whole suite ("N passed, M failed") from the JSON reports of
// Vitest and Playwright; exits non-zero when a report is missing or a test failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = [];

const vitestPath = '.reports/vitest.json';
if (existsSync(vitestPath)) {
	const r = JSON.parse(readFileSync(vitestPath, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
	skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else missing.push('Vitest');

// The same Vitest suite on Node 24 (tests/node24.sh), unless the run was told to skip it.
const node24Path = '.reports/vitest-node24.json';
if (existsSync(node24Path)) {
	const r = JSON.parse(readFileSync(node24Path, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
	skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else if (process.env.TABLEE_NODE24 !== '0') missing.push('Vitest sur Node 24');

const pwPath = '.reports/playwright.json';
if (existsSync(pwPath)) {
	const s = JSON.parse(readFileSync(pwPath, 'utf8')).stats;
	passed += s.expected + (s.flaky ?? 0);
	failed += s.unexpected;
	skipped += s.skipped;
} else missing.push('Playwright');

// A runner that produced no report (it could not start) counts as a failure.
if (missing.length) console.log(`Rapport manquant : ${missing.join(', ')}`);
failed += missing.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || passed === 0 ? 1 : 0);
