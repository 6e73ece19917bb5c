/**
 * Training benchmark: throughput, projected time per MNIST epoch and peak memory of the
 * five benchmark networks on every tfjs backend present in Node, side by side with the
 * same networks in PyTorch (CPU) in the same run. Every measurement is a fresh child
 * process (probe.ts or peers/torch_bench.py); rounds alternate over all (network,
 * runtime) pairs so that load from other processes hits all of them alike.
 *
 * `AE_BENCH_QUICK=1`: one round on tiny example counts (checks the harness only).
 * `AE_BENCH_NETWORKS=dense-ae-32,mlp-vae`: only these networks.
 * `AE_BENCH_RUNTIMES=wasm,torch-1`: only these runtimes (ids: tensorflow, wasm, cpu,
 * torch-1, torch-<cores>).
 */
import { availableParallelism } from 'node:os';
import {
  BenchError,
  formatDuration,
  formatInt,
  formatMiB,
  formatRate,
  formatRatio,
  type Measurement,
  median,
  quickMode,
  runProbe,
} from './bench-utils.js';
import { type BenchNetworkSpec, type NetworkName, selectedNetworks } from './networks.js';
import {
  checkPeerNetworks,
  detectPeer,
  mnistImages,
  type PeerCheck,
  type PeerStatus,
  peerLines,
  runPeer,
} from './peer.js';

/** One column of the comparison: a tfjs backend of ours, or PyTorch with a thread count. */
export interface Runtime {
  /** `'tensorflow'`, `'wasm'`, `'cpu'`, `'torch-1'` or `'torch-2'`. */
  id: string;
  /** Name in the tables, e.g. `'tfjs wasm'`, `'PyTorch 1 thread'`. */
  label: string;
  /** The Python executable for PyTorch runtimes; undefined for ours. */
  python: string | undefined;
  /** Compute threads. */
  threads: number;
  /** For ours: the id of the PyTorch runtime with the same thread count, the ratio's base. */
  baseline: string | undefined;
}

/** The runtimes that can run here, and why the others cannot. */
export interface Runtimes {
  /** Usable runtimes, ours first. */
  list: Runtime[];
  /** `'<runtime> skipped: <reason>'` for each runtime that cannot run. */
  skipped: string[];
  /** Whether the PyTorch peer runs (and its info). */
  peer: PeerStatus;
}

/** Cores of the machine: PyTorch's second column and tfjs-node's own thread pool. */
const CORES = Math.max(availableParallelism(), 2);

/**
 * Finds the usable runtimes: each tfjs backend (by an idle probe, which fails when the
 * backend is not installed) and the PyTorch peer at 1 thread (tfjs wasm in Node and tfjs
 * cpu compute on one thread) and at all cores.
 */
export async function detectRuntimes(): Promise<Runtimes> {
  const list: Runtime[] = [];
  const skipped: string[] = [];
  const ours: Array<[string, string, number]> = [
    ['tensorflow', 'tfjs-node (tensorflow)', CORES],
    ['wasm', 'tfjs wasm', 1],
    ['cpu', 'tfjs cpu', 1],
  ];
  for (const [id, label, threads] of ours) {
    try {
      await runProbe({ backend: id, mode: 'idle', data: 'test' });
      const baseline = `torch-${threads}`;
      list.push({ id, label, python: undefined, threads, baseline });
    } catch (error) {
      const detail = error instanceof BenchError ? error.detail : undefined;
      const last = (detail ?? (error as Error).message).split('\n').at(-1) ?? '';
      // The first sentence says what is missing; the rest is install advice.
      skipped.push(`${label} skipped: ${last.split(/(?<=\.) /)[0]}`);
    }
  }
  const peer = await detectPeer();
  if (peer.available) {
    for (const threads of [1, CORES]) {
      const label = `PyTorch ${threads} thread${threads === 1 ? '' : 's'}`;
      list.push({
        id: `torch-${threads}`,
        label,
        python: peer.info.python,
        threads,
        baseline: undefined,
      });
    }
  } else {
    skipped.push(`PyTorch peer skipped: ${peer.reason}`);
  }
  const wanted = process.env.AE_BENCH_RUNTIMES?.split(',').map((s) => s.trim());
  if (wanted !== undefined && wanted.length > 0) {
    for (const rt of list.filter((r) => !wanted.includes(r.id))) {
      skipped.push(`${rt.label} skipped: not in AE_BENCH_RUNTIMES (${wanted.join(',')})`);
    }
    return { list: list.filter((r) => wanted.includes(r.id)), skipped, peer };
  }
  return { list, skipped, peer };
}

/** The runtimes and the outcome of the peer's network check. */
export interface Setup {
  /** Usable and skipped runtimes. */
  runtimes: Runtimes;
  /** The same-network check of each network; undefined without the peer. */
  checks: PeerCheck[] | undefined;
}

let setup: Promise<Setup> | undefined;

/**
 * {@link detectRuntimes} then, with the peer, `checkPeerNetworks` (which throws when a
 * peer network is not ours). Done once per process: both sections share it.
 */
export function prepareRuntimes(): Promise<Setup> {
  setup ??= (async () => {
    const runtimes = await detectRuntimes();
    const checks = runtimes.peer.available
      ? await checkPeerNetworks(runtimes.peer.info)
      : undefined;
    return { runtimes, checks };
  })();
  return setup;
}

/** Flags of one measurement, for either side. */
export interface MeasureRun {
  /** Network name (ignored for `'idle'`). */
  network: string;
  /** `'train'`, `'encode'`, `'score'` or `'idle'`. */
  mode: 'train' | 'encode' | 'score' | 'idle';
  /** Timed examples. */
  examples: number;
  /** Batch size. */
  batch: number;
  /** Untimed batches first. */
  warmup: number;
  /** MNIST split of the data. */
  split: 'train' | 'test';
}

/** Runs one measurement on `rt` in a fresh child process. */
export function measure(rt: Runtime, run: MeasureRun): Promise<Measurement> {
  if (rt.python !== undefined) {
    return runPeer(rt.python, { ...run, threads: rt.threads, images: mnistImages(run.split) });
  }
  return runProbe({ ...run, backend: rt.id, data: run.split });
}

const BATCH = 128;
const ROUNDS = 3;
/** Seconds of timed training per child that the example counts aim at. */
const TARGET_SECONDS = 8;
/**
 * Seconds of untimed warm-up per child that the warm-up step counts aim at (at least 3
 * steps). In its first seconds a Node process compiles the hot JavaScript with V8's
 * optimizing compiler on background threads (about 0.3 of a core over the first 4 s of a
 * dense-ae-32 child, under 0.1 after); warming up this long keeps that one-time cost out of
 * the steady-state rate and CPU time. The peer warms up for the same time.
 */
const WARMUP_SECONDS = 3;

/**
 * Rough training samples/s on a quiet 2-core machine (Intel Xeon, December 2026), used only
 * to size each child's warm-up (about {@link WARMUP_SECONDS}) and timed span (about
 * {@link TARGET_SECONDS}).
 */
const EXPECTED: Record<string, Record<NetworkName, number>> = {
  'torch-1': {
    'dense-ae-32': 60_000,
    'keras-conv-ae': 870,
    'bottleneck-conv-ae': 2_850,
    'bottleneck-conv-vae': 2_850,
    'mlp-vae': 7_000,
  },
  wasm: {
    'dense-ae-32': 70_000,
    'keras-conv-ae': 1_000,
    'bottleneck-conv-ae': 5_000,
    'bottleneck-conv-vae': 5_000,
    'mlp-vae': 10_000,
  },
  cpu: {
    'dense-ae-32': 1_100,
    'keras-conv-ae': 2.2,
    'bottleneck-conv-ae': 11,
    'bottleneck-conv-vae': 8,
    'mlp-vae': 180,
  },
};

/** Expected samples/s; PyTorch on 2 cores and tfjs-node: 1.7× PyTorch on 1 thread. */
function expectedRate(rt: Runtime, network: NetworkName): number {
  const own = EXPECTED[rt.id];
  if (own !== undefined) return own[network];
  return (EXPECTED['torch-1'] as Record<NetworkName, number>)[network] * 1.7;
}

/** Timed examples and warm-up batches of one (runtime, network) child. */
export function trainingBudget(
  rt: Runtime,
  network: NetworkName,
): { examples: number; warmup: number } {
  const rate = expectedRate(rt, network);
  // A step that takes seconds (tfjs cpu convolutions) has no warm-up worth its time.
  const warmup = BATCH / rate > 2 ? 0 : Math.max(3, Math.ceil((rate * WARMUP_SECONDS) / BATCH));
  if (quickMode()) return { examples: BATCH, warmup: Math.min(warmup, 1) };
  const batches = Math.floor((rate * TARGET_SECONDS) / BATCH);
  return { examples: Math.max(batches, 1) * BATCH, warmup };
}

interface Cell {
  network: BenchNetworkSpec;
  runtime: Runtime;
  examples: number;
  runs: Measurement[];
}

/** Runs the rounds and returns the BENCHMARKS.md section. */
export async function benchNetworkTraining(): Promise<string[]> {
  const networks = selectedNetworks();
  const { runtimes, checks } = await prepareRuntimes();
  const cells: Cell[] = networks.flatMap((network) =>
    runtimes.list.map((runtime) => ({ network, runtime, examples: 0, runs: [] as Measurement[] })),
  );
  const idle = new Map<string, number[]>(runtimes.list.map((rt) => [rt.id, []]));
  const failures: string[] = [];
  const rounds = quickMode() ? 1 : ROUNDS;
  const log = (line: string) => process.stderr.write(`training ${line}\n`);
  for (let round = 1; round <= rounds; round++) {
    for (const rt of runtimes.list) {
      const run = { network: 'none', mode: 'idle', examples: 0, batch: BATCH, warmup: 0 } as const;
      try {
        idle.get(rt.id)?.push((await measure(rt, { ...run, split: 'train' })).maxRssBytes);
      } catch (error) {
        failures.push(`${round}/${rounds} idle ${rt.label}: ${(error as Error).message}`);
      }
    }
    for (const cell of cells) {
      const { examples, warmup } = trainingBudget(cell.runtime, cell.network.name);
      cell.examples = examples;
      const what = `${round}/${rounds} ${cell.network.name} ${cell.runtime.label}`;
      try {
        const m = await measure(cell.runtime, {
          network: cell.network.name,
          mode: 'train',
          examples,
          batch: BATCH,
          warmup,
          split: 'train',
        });
        cell.runs.push(m);
        log(
          `${what}: ${formatRate(m.samplesPerSecond)} samples/s, peak ${formatMiB(m.maxRssBytes)}, loss ${m.loss?.toFixed(1)}`,
        );
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
        log(`${what}: FAILED ${(error as Error).message}`);
      }
    }
  }
  return trainingSection({ networks, runtimes, checks, cells, idle, failures, rounds });
}

interface Results {
  networks: readonly BenchNetworkSpec[];
  runtimes: Runtimes;
  checks: PeerCheck[] | undefined;
  cells: Cell[];
  idle: Map<string, number[]>;
  failures: string[];
  rounds: number;
}

/** Which kernels ran natively in our wasm children (from their own report). */
function nativeLines(cells: readonly Cell[]): string[] {
  const notes = new Set(
    cells.flatMap((c) => c.runs.flatMap((m) => (m.nativeNote === undefined ? [] : [m.nativeNote]))),
  );
  return [...notes].map((note) => `- tfjs wasm children: ${note}.`);
}

function trainingSection(res: Results): string[] {
  const { networks, runtimes, checks, cells, idle, failures, rounds } = res;
  const rate = (c: Cell | undefined) => median(c?.runs.map((m) => m.samplesPerSecond) ?? []);
  // CPU seconds per example (every thread of the child); per 1000 examples in the table.
  const cpuPerSample = (m: Measurement) =>
    m.cpuSeconds === undefined || m.examples === 0 ? Number.NaN : m.cpuSeconds / m.examples;
  const cpuCost = (c: Cell | undefined) => median(c?.runs.map(cpuPerSample) ?? []);
  const find = (net: string, id: string | undefined) =>
    cells.find((c) => c.network.name === net && c.runtime.id === id);
  const rows: string[] = [];
  for (const network of networks) {
    const ours = find(network.name, 'wasm') ?? find(network.name, 'cpu');
    const peer = runtimes.peer.available ? runtimes.peer.info.params[network.name] : undefined;
    const params = `${formatInt(ours?.runs[0]?.params ?? Number.NaN)} / ${peer === undefined ? '—' : formatInt(peer)}`;
    cells
      .filter((c) => c.network === network)
      .forEach((c, i) => {
        const r = rate(c);
        const base = c.runtime.baseline ? rate(find(network.name, c.runtime.baseline)) : Number.NaN;
        const peak = median(c.runs.map((m) => m.maxRssBytes));
        const added = median(
          c.runs.map((m) => (m.phasePeakRssBytes ?? Number.NaN) - (m.phaseStartRssBytes ?? 0)),
        );
        const vs = c.runtime.baseline?.replace('torch-', '');
        const ratio = Number.isFinite(r / base) ? `${formatRatio(r / base)} (vs ${vs} thr.)` : '—';
        const cost = cpuCost(c);
        const baseCost = c.runtime.baseline
          ? cpuCost(find(network.name, c.runtime.baseline))
          : Number.NaN;
        const cpuRatio = Number.isFinite(baseCost / cost) ? formatRatio(baseCost / cost) : '—';
        const ms = (x: number) => (Number.isFinite(x) ? (x * 1000).toFixed(3) : '—');
        rows.push(
          `| ${i === 0 ? network.name : ''} | ${i === 0 ? params : ''} | ${c.runtime.label} | ${formatInt(c.examples)} | ${formatRate(r)} | ${c.runs.map((m) => formatRate(m.samplesPerSecond)).join(', ')} | ${ms(cost)} | ${c.runs.map((m) => ms(cpuPerSample(m))).join(', ')} | ${formatDuration(60_000 / r)} | ${formatMiB(peak)} | ${formatMiB(added)} | ${ratio} | ${cpuRatio} |`,
        );
      });
  }
  const idleLine = runtimes.list
    .map((rt) => `${rt.label} ${formatMiB(median(idle.get(rt.id) ?? []))}`)
    .join(', ');
  return [
    '## Training throughput: five networks, tfjs backends and PyTorch',
    '',
    `Networks (Bernoulli likelihood: binary cross-entropy of logits summed over pixels, batch mean, + KL for the VAEs): ${networks.map((n) => `\`${n.name}\` ${n.description}`).join('; ')}.`,
    '',
    `Each number is one fresh child process that loads the 60,000 MNIST training images (float32), builds the network, trains ${BATCH}-example batches with Adam (lr 1e-3), ` +
      `untimed warm-up steps first (about ${WARMUP_SECONDS} s of them at the rate expected on this machine, at least 3; none for the tfjs cpu convolutions, whose steps take seconds), then times the listed number of examples (reshuffled passes over the training set when more than 60,000); ` +
      'ours with `Trainer.fit` (timed from the end of the last warm-up step to the end of the last step; the trainer reads the loss back every step, so does the peer). ' +
      "The warm-up is that long because in its first seconds a Node process compiles its hot JavaScript with V8's optimizing compiler on background threads (measured per thread: about 0.3 of a core over the first 4 s of a dense-ae-32 child, under 0.1 after): a one-time cost of each process that would otherwise count as training CPU time. " +
      `The PyTorch peer (\`peers/torch_bench.py\`, CPU, float32) builds the same layers with TensorFlow's paddings and the same loss; its thread count is set with \`torch.set_num_threads\` and \`OMP_NUM_THREADS\`/\`OPENBLAS_NUM_THREADS\`, with \`OMP_WAIT_POLICY=PASSIVE\` (with actively spinning OpenMP threads, PyTorch on 2 threads ran far slower than on 1 on this 2-core machine). ${rounds} round${rounds === 1 ? '' : 's'}, each running every (network, runtime) once in turn; the median is reported and all rounds are listed. ` +
      'tfjs wasm in Node and tfjs cpu compute on one thread, so the ratio compares with PyTorch on 1 thread; PyTorch on all cores is shown for context. ' +
      'The epoch time is projected from the measured throughput (60,000 / samples per second). ' +
      `Peak RSS is the child's maximum resident set: it includes the runtime and the ~180 MiB of float32 MNIST (peak of a child that only starts the runtime and loads the data, median: ${idleLine}). ` +
      '"Added by training" is the peak during warm-up and timed steps minus the resident set just before them (the kernel\'s peak mark is reset there through `/proc/self/clear_refs`): weights, gradients, optimizer state, activations and allocator caches.',
    '',
    ...peerLines(runtimes.skipped, runtimes.peer, checks),
    '',
    ...nativeLines(cells),
    '',
    '| network | params (ours / PyTorch) | runtime | timed examples | samples/s (median) | rounds | CPU ms per sample (median) | rounds | epoch on full MNIST (projected) | peak RSS | added by training | ours ÷ PyTorch, samples/s (same threads) | ours ÷ PyTorch, CPU per sample |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    "CPU ms per sample: user + system CPU time of the whole child (every thread) over the timed span, per example (`process.cpuUsage()` for ours, `resource.getrusage` for the peer). It is what a sample costs regardless of how many threads share the work, and it moves less than wall time when other processes load the machine; the last column is PyTorch's CPU time per sample over ours (above 1: ours needs less CPU per sample).",
    '',
    ...(failures.length > 0 ? ['Failed runs:', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ];
}
