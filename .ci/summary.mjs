#!/usr/bin/env node
/**
 * Reads the log of `pnpm test` (turbo running every package's vitest) and prints what failed:
 * failed tests, failed test files, failed suites or hooks (a `beforeAll` that timed out fails
 * its file without failing a test), unhandled errors, and failed turbo tasks (a build or a
 * test task that ended badly). The last line is `ci: N passed, N failed, N skipped`, where
 * "failed" counts every failure found, whatever kind; the lines above it say which kinds.
 *
 * Usage: node .ci/summary.mjs <log-file> <exit status of the command>
 * Exits 0; .ci/run decides its own exit code.
 */
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Adds `N passed | N failed | N skipped` counts of one vitest summary line into `into`. */
function addCounts(line, into) {
  for (const m of line.matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    const key = m[2] === 'todo' ? 'skipped' : m[2];
    into[key] += Number(m[1]);
  }
}

/**
 * Counts of one log. `status` is the exit status of the command that wrote it.
 * @param {string} log
 * @param {number} status
 */
export function summarize(log, status) {
  const tests = { passed: 0, failed: 0, skipped: 0 };
  const files = { passed: 0, failed: 0, skipped: 0 };
  let failedSuites = 0;
  let errors = 0;
  let vitestRuns = 0;
  const failedTasks = [];
  let tasks;
  for (const raw of log.replace(ANSI, '').split('\n')) {
    // turbo prefixes every line of a task with `<package>:<task>: `.
    const line = raw.replace(/^\S+:\S+: /, '');
    if (/^\s*Test Files\s+\d/.test(line)) {
      vitestRuns += 1;
      addCounts(line, files);
    } else if (/^\s*Tests\s+\d/.test(line)) {
      addCounts(line, tests);
    } else if (/^\s*Errors\s+\d+ errors?\b/.test(line)) {
      errors += Number(/(\d+) error/.exec(line)?.[1] ?? 0);
    } else if (/Failed Suites \d+/.test(line)) {
      failedSuites += Number(/Failed Suites (\d+)/.exec(line)?.[1] ?? 0);
    }
    // turbo's own closing lines are not prefixed.
    const failedLine = /^\s*Failed:\s+(.+?)\s*$/.exec(raw.replace(ANSI, ''));
    if (failedLine?.[1]) failedTasks.push(...failedLine[1].split(/[,\s]+/).filter(Boolean));
    const tasksLine = /^\s*Tasks:\s+(\d+) successful, (\d+) total/.exec(raw.replace(ANSI, ''));
    if (tasksLine) tasks = { successful: Number(tasksLine[1]), total: Number(tasksLine[2]) };
  }

  let failed = tests.failed + failedSuites + errors;
  // Test files that failed without a failed test, suite or error counted above.
  if (failed === 0) failed = files.failed;
  // A failed task or command that left no vitest failure behind (a build, a crashed runner).
  const unexplained = status !== 0 || failedTasks.length > 0;
  if (failed === 0 && unexplained) failed = Math.max(1, failedTasks.length);

  const reasons = [];
  if (tests.failed) reasons.push(`${tests.failed} test${tests.failed === 1 ? '' : 's'} failed`);
  if (files.failed)
    reasons.push(`${files.failed} test file${files.failed === 1 ? '' : 's'} failed`);
  if (failedSuites)
    reasons.push(
      `${failedSuites} suite${failedSuites === 1 ? '' : 's'} or hook${failedSuites === 1 ? '' : 's'} failed`,
    );
  if (errors) reasons.push(`${errors} unhandled error${errors === 1 ? '' : 's'}`);
  if (failedTasks.length)
    reasons.push(
      `turbo task${failedTasks.length === 1 ? '' : 's'} failed: ${failedTasks.join(', ')}`,
    );
  if (status !== 0) reasons.push(`the command exited with ${status}`);
  if (vitestRuns === 0) reasons.push('no vitest summary in the log');

  const lines = [
    `vitest: ${vitestRuns} runs; tests ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped; test files ${files.passed} passed, ${files.failed} failed; failed suites or hooks ${failedSuites}; unhandled errors ${errors}`,
    ...(tasks
      ? [
          `turbo: ${tasks.successful} of ${tasks.total} tasks successful${failedTasks.length ? `; failed: ${failedTasks.join(', ')}` : ''}`,
        ]
      : []),
    failed > 0 || status !== 0
      ? `ci: FAILED: ${reasons.join('; ')}`
      : 'ci: every test, file, suite and task passed',
    `ci: ${tests.passed} passed, ${failed} failed, ${tests.skipped} skipped`,
  ];
  return { tests, files, failedSuites, errors, failedTasks, tasks, failed, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, status] = process.argv.slice(2);
  const result = summarize(readFileSync(file, 'utf8'), Number(status ?? 0));
  process.stdout.write(`${result.lines.join('\n')}\n`);
}
