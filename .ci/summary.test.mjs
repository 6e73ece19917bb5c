// Run with `node --test .ci/summary.test.mjs` (.ci/run does, before the suite).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from './summary.mjs';

const passing = `
@ae/losses:test: \x1b[2m Test Files \x1b[22m \x1b[1m\x1b[32m22 passed\x1b[39m\x1b[22m\x1b[90m (22)\x1b[39m
@ae/losses:test:       Tests  233 passed (233)
@ae/datasets:test:  Test Files  30 passed (30)
@ae/datasets:test:       Tests  258 passed | 1 skipped (259)

 Tasks:    4 successful, 4 total
Cached:    0 cached, 4 total
`;

// A beforeAll that threw: its tests are skipped, only the file and the suite fail.
const hookFailed = `
@ae/losses:test:  Test Files  22 passed (22)
@ae/losses:test:       Tests  233 passed (233)
demo:test: ⎯⎯⎯⎯⎯⎯ Failed Suites 1 ⎯⎯⎯⎯⎯⎯⎯
demo:test:  FAIL  src/demo.e2e.test.ts [ src/demo.e2e.test.ts ]
demo:test: Error: Hook timed out in 10000ms.
demo:test:  Test Files  1 failed | 7 passed (8)
demo:test:       Tests  41 passed | 7 skipped (48)
demo:test:  ELIFECYCLE  Test failed. See above for more details.
 Tasks:    20 successful, 21 total
Failed:    demo#test
`;

test('a passing run: every count, no failure, the plain closing line', () => {
  const r = summarize(passing, 0);
  assert.deepEqual(r.tests, { passed: 491, failed: 0, skipped: 1 });
  assert.deepEqual(r.files, { passed: 52, failed: 0, skipped: 0 });
  assert.equal(r.failed, 0);
  assert.equal(r.lines.at(-1), 'ci: 491 passed, 0 failed, 1 skipped');
  assert.match(r.lines.join('\n'), /turbo: 4 of 4 tasks successful/);
});

test('a failed hook counts as a failure although no test failed', () => {
  const r = summarize(hookFailed, 1);
  assert.equal(r.tests.failed, 0);
  assert.equal(r.files.failed, 1);
  assert.equal(r.failedSuites, 1);
  assert.deepEqual(r.failedTasks, ['demo#test']);
  assert.equal(r.failed, 1);
  assert.equal(r.lines.at(-1), 'ci: 274 passed, 1 failed, 7 skipped');
  assert.match(
    r.lines.join('\n'),
    /ci: FAILED: 1 test file failed; 1 suite or hook failed; turbo task failed: demo#test; the command exited with 1/,
  );
});

test('failed tests and unhandled errors add up', () => {
  const log = `
@ae/cli:test: ⎯⎯⎯⎯ Failed Tests 2 ⎯⎯⎯⎯
@ae/cli:test: ⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯
@ae/cli:test:  Test Files  1 failed | 32 passed (33)
@ae/cli:test:       Tests  2 failed | 132 passed (134)
@ae/cli:test:      Errors  1 error
 Tasks:    10 successful, 11 total
Failed:    @ae/cli#test
`;
  const r = summarize(log, 1);
  assert.equal(r.errors, 1);
  assert.equal(r.failed, 3);
  assert.match(r.lines.join('\n'), /2 tests failed; 1 test file failed; 1 unhandled error/);
});

test('a failed build with no vitest output still fails, and says so', () => {
  const log = `
@ae/vae:build: src/vae.ts(3,1): error TS2304: Cannot find name 'x'.
 Tasks:    3 successful, 4 total
Failed:    @ae/vae#build
`;
  const r = summarize(log, 1);
  assert.equal(r.failed, 1);
  assert.equal(r.lines.at(-1), 'ci: 0 passed, 1 failed, 0 skipped');
  assert.match(r.lines.join('\n'), /turbo task failed: @ae\/vae#build.*no vitest summary/);
});

test('a non-zero exit with clean-looking output is a failure', () => {
  const r = summarize(passing, 2);
  assert.equal(r.failed, 1);
  assert.match(r.lines.join('\n'), /the command exited with 2/);
});
