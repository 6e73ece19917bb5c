#!/usr/bin/env node
/**
 * Proves that a package works on its own, as a user gets it from the registry:
 *
 * 1. packs it (`pnpm pack`, which rewrites `workspace:` ranges) into a temporary directory,
 *    and so every workspace package it depends on (e.g. `@ae/core`), as the registry would
 *    hold them;
 * 2. checks the tarballs hold no test files and do hold the LICENSE (`prepack` copies it);
 * 3. installs the tarballs into an empty project together with the package's peer
 *    dependencies and `@tensorflow/tfjs-backend-cpu` (a backend, which every tfjs program
 *    needs) — nothing else;
 * 4. runs the first ```js block of the package's README there, and compares what it prints
 *    with the ```text block that follows it in the README (the documented output).
 *
 * Usage: node scripts/pack-smoke.mjs <package-dir>
 * Exits non-zero with a message on the first failure. Needs the npm registry.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Directories of the workspace's packages by name. */
function workspacePackages() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages');
  const dirs = new Map();
  for (const entry of readdirSync(root)) {
    const file = join(root, entry, 'package.json');
    if (existsSync(file)) dirs.set(JSON.parse(readFileSync(file, 'utf8')).name, join(root, entry));
  }
  return dirs;
}

/** The workspace packages `manifest` depends on (`workspace:` ranges), transitively. */
function workspaceDependencies(manifest, dirs, seen = new Map()) {
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!String(range).startsWith('workspace:') || seen.has(name)) continue;
    const dir = dirs.get(name);
    if (!dir) fail(`${manifest.name} depends on ${name} (${range}), which is not in packages/.`);
    seen.set(name, dir);
    workspaceDependencies(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), dirs, seen);
  }
  return seen;
}

/** Packs `dir` into `work`, checks the tarball holds no tests but a LICENSE, and returns its path. */
function pack(dir, work) {
  const packed = run('npx', ['-y', PNPM, 'pack', '--pack-destination', work], dir);
  const tarball = packed.trim().split('\n').pop();
  const listing = run('tar', ['-tzf', tarball], work);
  const tests = listing.split('\n').filter((f) => /\.test\.|test-utils|test-helpers/.test(f));
  if (tests.length > 0) fail(`the tarball ${tarball} holds test files: ${tests.join(', ')}`);
  if (!listing.split('\n').includes('package/LICENSE'))
    fail(`the tarball ${tarball} has no LICENSE`);
  return tarball;
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
    const tarball = pack(dir, work);
    const own = workspaceDependencies(manifest, workspacePackages());
    const ownTarballs = [...own.values()].map((d) => pack(d, work));

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
    const installs = [
      tarball,
      ...ownTarballs,
      ...peers,
      `@tensorflow/tfjs-backend-cpu@${coreRange}`,
    ];
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...installs], app);

    writeFileSync(join(app, 'example.mjs'), example.code);
    const printed = run(process.execPath, ['example.mjs'], app);
    const want = example.output.trim();
    if (printed.trim() !== want) {
      fail(`the README example printed\n${printed}\nbut the README says it prints\n${want}\n`);
    }
    process.stdout.write(
      `${manifest.name}: packed, installed with ${[...own.keys(), ...peers].join(', ') || 'no peers'} + tfjs-backend-cpu, README example output matches (${want.split('\n').length} lines)\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
