/**
 * What the child-process benchmarks share: the measurement record a probe prints, a
 * typed error, a runner that starts one child and parses its JSON line, and number
 * formatting for the tables.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Why a benchmark step failed:
 * - `BENCH_BAD_ARGUMENT`: a probe or peer was given a missing or malformed flag.
 * - `BENCH_CHILD_FAILED`: a child process exited with an error (the message quotes its stderr).
 * - `BENCH_BAD_OUTPUT`: a child exited cleanly but did not print the expected JSON line.
 * - `BENCH_PEER_MISMATCH`: the PyTorch peer's network is not ours: another parameter count,
 *   or other outputs for the same weights, so the two sides would not compute the same thing.
 */
export type BenchErrorCode =
  | 'BENCH_BAD_ARGUMENT'
  | 'BENCH_CHILD_FAILED'
  | 'BENCH_BAD_OUTPUT'
  | 'BENCH_PEER_MISMATCH';

/** An error of the benchmark harness, with a stable {@link BenchErrorCode}. */
export class BenchError extends Error {
  /** What went wrong; see {@link BenchErrorCode}. */
  readonly code: BenchErrorCode;
  /** For `BENCH_CHILD_FAILED`: the last lines the child wrote to stderr (or the spawn error). */
  readonly detail: string | undefined;

  constructor(
    code: BenchErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options);
    this.name = 'BenchError';
    this.code = code;
    this.detail = options?.detail;
  }
}

/** What a measurement child (our probe or the PyTorch peer) prints as its one JSON line. */
export interface Measurement {
  /** Benchmark network, e.g. `'mlp-vae'`; `'none'` for an idle baseline. */
  network: string;
  /** `'wasm'`, `'cpu'`, `'tensorflow'` for ours; `'torch-1'`, `'torch-2'` (threads) for the peer. */
  backend: string;
  /** `'train'`, `'encode'`, `'score'`, `'idle'` (data loaded, nothing else) or `'params'`. */
  mode: string;
  /** Examples processed inside the timed span (warm-up excluded). */
  examples: number;
  /** Wall-clock seconds of the timed span. */
  seconds: number;
  /** `examples / seconds`. */
  samplesPerSecond: number;
  /**
   * CPU seconds (user + system, every thread of the process) spent in the timed span;
   * absent from older children. `cpuSeconds / examples` is the cost per sample, which a
   * hidden second thread cannot make look smaller.
   */
  cpuSeconds?: number;
  /** Ours on wasm in Node: the kernels that ran natively (`initBackend().native.kernels`). */
  nativeKernels?: string[];
  /** Ours on wasm in Node: `initBackend().native.note`, one line. */
  nativeNote?: string;
  /** Trainable parameters of the network (0 for an idle baseline). */
  params: number;
  /** Peak resident set size of the whole child process, in bytes. */
  maxRssBytes: number;
  /** Mean training loss over the timed steps (train mode only), for a sanity check. */
  loss?: number;
  /**
   * RSS when the measured phase began (data loaded, network built), in bytes; the kernel's
   * peak-RSS mark was reset then (Linux `/proc/self/clear_refs`). Absent off Linux.
   */
  phaseStartRssBytes?: number;
  /** Peak RSS from that reset to the end of the measured phase, in bytes. */
  phasePeakRssBytes?: number;
}

/** Options of {@link runJsonChild}. */
export interface ChildOptions {
  /** Extra environment variables (added to the parent's). */
  env?: Record<string, string>;
  /** Kill the child after this many milliseconds; default 10 minutes. */
  timeoutMs?: number;
}

/** What a finished child printed. */
export interface ChildOutput {
  /** The last line of stdout that parses as a JSON object. */
  json: Record<string, unknown>;
  /** Everything the child wrote to stderr. */
  stderr: string;
}

/** The last non-empty lines of `text`, for error messages. */
export function tail(text: string, lines = 5): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Runs `command args…` to completion and returns the last JSON-object line of its stdout.
 *
 * @throws BenchError `BENCH_CHILD_FAILED` (non-zero exit, signal, timeout or a missing
 *   executable: the message holds the command and the end of stderr), `BENCH_BAD_OUTPUT`.
 */
export function runJsonChild(
  command: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<ChildOutput> {
  const shown = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
        timeout: options.timeoutMs ?? 600_000,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = tail(stderr) || error.message;
          reject(
            new BenchError('BENCH_CHILD_FAILED', `\`${shown}\` failed: ${detail}`, {
              cause: error,
              detail,
            }),
          );
          return;
        }
        const lines = stdout.trim().split('\n').reverse();
        for (const line of lines) {
          if (!line.startsWith('{')) continue;
          try {
            resolve({ json: JSON.parse(line) as Record<string, unknown>, stderr });
            return;
          } catch {
            // Not JSON after all: keep looking further up.
          }
        }
        reject(
          new BenchError(
            'BENCH_BAD_OUTPUT',
            `\`${shown}\` printed no JSON line; its stdout ended with: ${JSON.stringify(tail(stdout, 3))}. Run the command by hand to see what it prints.`,
          ),
        );
      },
    );
  });
}

/** Flags of one `probe.js` run (see probe.ts). */
export interface ProbeRun {
  /** Network name; ignored in `'idle'` mode. */
  network?: string;
  /** tfjs backend. */
  backend: string;
  /** `'train'`, `'encode'`, `'score'`, `'idle'`, `'params'` or `'export'`. */
  mode: string;
  /** Timed examples, a multiple of `batch`. */
  examples?: number;
  /** Batch size; the probe's default: 128 to train, 1000 otherwise. */
  batch?: number;
  /** Untimed batches first; the probe's default: 3 to train, 1 otherwise. */
  warmup?: number;
  /** `'idle'` mode: which MNIST split to load. */
  data?: 'train' | 'test';
  /** `'export'` mode: the JSON file to write. */
  out?: string;
}

/** Runs `node dist/probe.js` once with `run`'s flags and returns its measurement. */
export async function runProbe(run: ProbeRun): Promise<Measurement> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'probe.js');
  const args = [script, '--backend', run.backend, '--mode', run.mode];
  const optional: Array<[string, string | number | undefined]> = [
    ['network', run.network],
    ['examples', run.examples],
    ['batch', run.batch],
    ['warmup', run.warmup],
    ['data', run.data],
    ['out', run.out],
  ];
  for (const [name, value] of optional) {
    if (value !== undefined) args.push(`--${name}`, String(value));
  }
  const { json } = await runJsonChild(process.execPath, args);
  return asMeasurement(json, `probe.js --network ${run.network} --backend ${run.backend}`);
}

/** Checks that a child's JSON has every numeric field of a {@link Measurement}. */
export function asMeasurement(json: Record<string, unknown>, what: string): Measurement {
  for (const key of ['examples', 'seconds', 'samplesPerSecond', 'params', 'maxRssBytes']) {
    if (typeof json[key] !== 'number') {
      throw new BenchError(
        'BENCH_BAD_OUTPUT',
        `${what}: field "${key}" of its JSON line is ${JSON.stringify(json[key])}, expected a number; the child and this harness disagree on the format (rebuild with tsc -p tsconfig.build.json).`,
      );
    }
  }
  return json as unknown as Measurement;
}

/** The median (the lower middle value for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.floor((s.length - 1) / 2)] as number;
}

/** A rate with thousands separators and about three significant digits: `12,300`, `215`, `8.4`. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** Bytes as MiB with no decimals, e.g. `412 MiB`. */
export function formatMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : '—';
}

/** A duration: `42 s`, `3.5 min` or `2.1 h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** A ratio such as `0.12×`, with two significant digits below 1. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 1 ? `${x.toFixed(2)}×` : `${x.toPrecision(2)}×`;
}

/** An integer with thousands separators. */
export function formatInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/**
 * True when `AE_BENCH_QUICK=1`: every benchmark section runs one round on tiny example
 * counts, to check that the harness works (the numbers are then meaningless).
 */
export function quickMode(): boolean {
  return process.env.AE_BENCH_QUICK === '1';
}
