#!/usr/bin/env node
/**
 * Proves that a package works on its own, as a user gets it from the registry:
 *
 * 1. packs it (`pnpm pack`, which rewrites `workspace:` ranges) into a temporary directory;
 * 2. checks the tarball holds no test files and does hold the LICENSE (its `prepack` copies it);
 * 3. installs the tarball into an empty project together with its peer dependencies and
 *    `@tensorflow/tfjs-backend-cpu` (a backend, which every tfjs program needs) — nothing else;
 * 4. runs the first ```js block of the package's README there, and compares what it prints
 *    with the ```text block that follows it in the README (the documented output).
 *
 * Usage: node scripts/pack-smoke.mjs <package-dir>
 * Exits non-zero with a message on the first failure. Needs the npm registry.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PNPM = 'pnpm@10.34.9';

function fail(message) {
  process.stderr.write(`pack-smoke: ${message}\n`);
  process.exit(1);
}

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false' },
    });
  } catch (error) {
    fail(`'${command} ${args.join(' ')}' failed in ${cwd}:\n${error.stderr || error.message}`);
  }
}

/** The first ```js block of a README and the ```text block right after it. */
export function readmeExample(readme) {
  const code = /```js\n([\s\S]*?)```/.exec(readme);
  if (!code) return undefined;
  const rest = readme.slice(code.index + code[0].length);
  const output = /^\n(?:(?!```)[^\n]*\n)*?```text\n([\s\S]*?)```/.exec(rest);
  return { code: code[1], output: output?.[1] };
}

function main() {
  const dir = resolve(process.argv[2] ?? '.');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const example = readmeExample(readFileSync(join(dir, 'README.md'), 'utf8'));
  if (!example) fail(`${dir}/README.md has no \`\`\`js block to run.`);
  if (example.output === undefined) {
    fail(
      `${dir}/README.md: the first \`\`\`js block must be followed by a \`\`\`text block with its output.`,
    );
  }

  const work = mkdtempSync(join(tmpdir(), 'ae-pack-'));
  try {
    const packed = run('npx', ['-y', PNPM, 'pack', '--pack-destination', work], dir);
    const tarball = packed.trim().split('\n').pop();
    const listing = run('tar', ['-tzf', tarball], work);
    const tests = listing.split('\n').filter((f) => /\.test\.|test-utils|test-helpers/.test(f));
    if (tests.length > 0) fail(`the tarball holds test files: ${tests.join(', ')}`);
    if (!listing.split('\n').includes('package/LICENSE')) fail('the tarball has no LICENSE');

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "smoke", "private": true, "type": "module" }\n',
    );
    const peers = Object.entries(manifest.peerDependencies ?? {})
      .filter(([name]) => !manifest.peerDependenciesMeta?.[name]?.optional)
      .map(([name, range]) => `${name}@${range}`);
    const coreRange = manifest.peerDependencies?.['@tensorflow/tfjs-core'] ?? '^4.22.0';
    const installs = [tarball, ...peers, `@tensorflow/tfjs-backend-cpu@${coreRange}`];
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...installs], app);

    writeFileSync(join(app, 'example.mjs'), example.code);
    const printed = run(process.execPath, ['example.mjs'], app);
    const want = example.output.trim();
    if (printed.trim() !== want) {
      fail(`the README example printed\n${printed}\nbut the README says it prints\n${want}\n`);
    }
    process.stdout.write(
      `${manifest.name}: packed, installed with ${peers.join(', ') || 'no peers'} + tfjs-backend-cpu, README example output matches (${want.split('\n').length} lines)\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
