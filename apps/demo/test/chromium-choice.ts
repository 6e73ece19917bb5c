/**
 * Which Chromium the browser test drives: the system's (`/usr/bin/chromium`, e.g. Debian's
 * `apt-get install -y chromium`) when it is there, else the one inside the
 * `@sparticuz/chromium` npm package (a dev dependency, unpacked into the temp folder on first
 * use, see {@link importPackaged}), so `pnpm install && pnpm test` passes on a machine that
 * has only Node and npm.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where Debian (and most Linux distributions) put Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for either browser: headless, as root, without network chatter. The npm package's own
 * `args` are not used: they force `SharedArrayBuffer` on without cross-origin isolation, which
 * no real browser does, and which sends tfjs-wasm down its threaded path and fails the page.
 */
export const LAUNCH_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The part of `@sparticuz/chromium` the choice uses. */
export interface PackagedChromium {
  /** Unpacks the browser (once) and returns the path of its executable. */
  executablePath(): Promise<string>;
}

/** The browser to launch. */
export interface ChromiumChoice {
  /** `'system'`: {@link SYSTEM_CHROMIUM}; `'npm'`: the `@sparticuz/chromium` package. */
  source: 'system' | 'npm';
  /** What to pass as playwright's `executablePath`. */
  executablePath: string;
  /** What to pass as playwright's `args`. */
  args: string[];
}

/** Why no browser could be chosen. */
export class ChromiumChoiceError extends Error {
  override readonly name = 'ChromiumChoiceError';
  /** `NO_CHROMIUM`: neither the system browser nor the npm package could be used. */
  readonly code = 'NO_CHROMIUM';
}

/** What {@link chooseChromium} looks at; tests replace both. */
export interface ChooseOptions {
  /** Path of the system browser (default {@link SYSTEM_CHROMIUM}). */
  systemPath?: string;
  /** Whether a file exists and may be executed (default: `fs.accessSync` with `X_OK`). */
  isExecutable?: (path: string) => boolean;
  /** Loads the npm package (default: `import('@sparticuz/chromium')`). */
  loadPackaged?: () => Promise<PackagedChromium>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The npm package unpacks into `os.tmpdir()` and reuses whatever `chromium` it finds there,
 * even one half-written by a parallel test file or a killed run. So each process unpacks into
 * a fresh folder of its own (the package reads `TMPDIR` on every call) and renames it, whole,
 * to a folder named after the package's version, which later runs reuse.
 */
async function importPackaged(): Promise<PackagedChromium> {
  const packaged = (await import('@sparticuz/chromium')).default;
  const require = createRequire(import.meta.url);
  const manifest = join(
    dirname(require.resolve('@sparticuz/chromium')),
    '..',
    '..',
    'package.json',
  );
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const cache = join(tmpdir(), `ae-sparticuz-chromium-${version}`);
  return {
    async executablePath() {
      if (existsSync(join(cache, 'complete')) && existsSync(join(cache, 'chromium'))) {
        return join(cache, 'chromium');
      }
      const work = await mkdtemp(join(tmpdir(), 'ae-chromium-unpack-'));
      const before = process.env.TMPDIR;
      process.env.TMPDIR = work;
      try {
        await packaged.executablePath();
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
      }
      await writeFile(join(work, 'complete'), `${version}\n`);
      // A cache whose binary was cleaned away is no use to anyone: replace it.
      if (!existsSync(join(cache, 'chromium'))) await rm(cache, { recursive: true, force: true });
      try {
        await rename(work, cache);
      } catch (error) {
        // Another process got there first with a complete copy: use it, drop ours.
        await rm(work, { recursive: true, force: true });
        if (!existsSync(join(cache, 'chromium'))) throw error;
      }
      return join(cache, 'chromium');
    },
  };
}

/** Picks the system Chromium when present, else unpacks the npm one. */
export async function chooseChromium(o: ChooseOptions = {}): Promise<ChromiumChoice> {
  const systemPath = o.systemPath ?? SYSTEM_CHROMIUM;
  if ((o.isExecutable ?? executable)(systemPath)) {
    return { source: 'system', executablePath: systemPath, args: [...LAUNCH_ARGS] };
  }
  try {
    const packaged = await (o.loadPackaged ?? importPackaged)();
    const executablePath = await packaged.executablePath();
    return { source: 'npm', executablePath, args: [...LAUNCH_ARGS] };
  } catch (error) {
    throw new ChromiumChoiceError(
      `No Chromium for the browser test: ${systemPath} is missing and the @sparticuz/chromium package could not be unpacked (${error instanceof Error ? error.message : String(error)}). Run 'pnpm install' at the repository root, or install a system Chromium (Debian: apt-get install -y chromium).`,
      { cause: error },
    );
  }
}
