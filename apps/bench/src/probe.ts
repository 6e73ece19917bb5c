/**
 * One measurement of this library in a fresh Node process: one network, one tfjs backend,
 * one mode. Prints one JSON line (a `Measurement` of bench-utils.ts) on stdout.
 *
 * Usage:
 *   node dist/probe.js --network mlp-vae --backend wasm --mode train --examples 6400 --batch 128
 *
 * Modes:
 * - `train`: loads the 60,000 MNIST training images, builds the network, and trains it with
 *   `Trainer` (Adam, lr 1e-3) for `warmup + examples / batch` steps over the first
 *   `warmup·batch + examples` images, shuffled (over the whole set, several passes, when
 *   there are more). The first `warmup` steps (default 3) are not timed: the span runs from
 *   the end of the last warm-up step to the end of the last step, both after the step's loss
 *   was read back (the trainer reads it every step).
 * - `encode`: `model.encode` (the posterior mean for VAEs) of the 10,000 MNIST test images
 *   in batches of `batch` (default 1000), reading each result back; `examples` may exceed
 *   10,000 (the test set is passed over again). One batch of warm-up.
 * - `score`: anomaly scores Σ(x − x̂)² per example with `reconstructionErrors` (reconstruct
 *   with the posterior mean), same batches and warm-up as `encode`.
 * - `idle`: initializes the backend and loads the data (`--data train|test`), nothing else:
 *   the baseline of the peak memory.
 * - `params`: builds the network and prints its parameter count (examples 0).
 * - `export`: writes to `--out <file>` (JSON) the network's initial weights (in
 *   `trainableVariables` order, tfjs layouts), and its codes and reconstructions of the
 *   first 8 test images (plus the loss of those 8 for the deterministic autoencoders), so
 *   that `peers/torch_bench.py --mode check` can show it computes the same functions.
 *
 * Exits with code 2 and a message on stderr on any error (e.g. a backend not installed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type BackendName, backendNames, initBackend } from '@ae/backend';
import { type Dataset, exampleSize, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { reconstructionErrors } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import type { AutoencoderModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { BenchError, type Measurement } from './bench-utils.js';
import { networkByName, parameterCount } from './networks.js';

const MODES = ['train', 'encode', 'score', 'idle', 'params', 'export'] as const;
type Mode = (typeof MODES)[number];

interface ProbeArgs {
  network: string;
  backend: BackendName;
  mode: Mode;
  examples: number;
  batch: number;
  warmup: number;
  seed: number;
  data: 'train' | 'test';
  out: string | undefined;
}

/** Images of the `export` comparison. */
const EXPORT_EXAMPLES = 8;

function bad(message: string): never {
  throw new BenchError('BENCH_BAD_ARGUMENT', `probe: ${message}`);
}

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at < 0 ? undefined : argv[at + 1];
}

function intFlag(argv: readonly string[], name: string, fallback: number, min: number): number {
  const raw = flag(argv, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    bad(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

function parseArgs(argv: readonly string[]): ProbeArgs {
  const mode = flag(argv, 'mode') as Mode | undefined;
  if (mode === undefined || !MODES.includes(mode)) {
    bad(`--mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}.`);
  }
  const backend = (flag(argv, 'backend') ?? 'cpu') as BackendName;
  if (!backendNames.includes(backend)) {
    bad(`--backend must be one of ${backendNames.join(', ')}, got ${JSON.stringify(backend)}.`);
  }
  const training = mode === 'train';
  const out = flag(argv, 'out');
  if (mode === 'export' && out === undefined) bad('--mode export needs --out <file.json>.');
  const batch = intFlag(argv, 'batch', training ? 128 : 1000, 1);
  const timed = mode === 'train' || mode === 'encode' || mode === 'score';
  const examples = intFlag(argv, 'examples', timed ? batch : 0, timed ? 1 : 0);
  if (examples % batch !== 0) {
    bad(
      `--examples (${examples}) must be a multiple of --batch (${batch}) so that every timed batch is full.`,
    );
  }
  const data = flag(argv, 'data') ?? (training ? 'train' : 'test');
  if (data !== 'train' && data !== 'test') {
    bad(`--data must be train or test, got ${JSON.stringify(data)}.`);
  }
  return {
    network: flag(argv, 'network') ?? 'none',
    backend,
    mode,
    examples,
    batch,
    warmup: intFlag(argv, 'warmup', training ? 3 : 1, 0),
    seed: intFlag(argv, 'seed', 1, 0),
    data,
    out,
  };
}

/**
 * Trains `warmup + examples / batch` steps and times those after the warm-up. The data is
 * the first images of the training set, as many as the steps need, in whole batches;
 * when the steps need more than one pass, every pass is over the whole set (reshuffled).
 */
async function timeTraining(
  model: AutoencoderModel,
  train: Dataset,
  a: ProbeArgs,
): Promise<{ seconds: number; cpuSeconds: number; loss: number }> {
  const steps = a.warmup + a.examples / a.batch;
  const perPass = Math.min(steps, Math.floor(train.count / a.batch));
  let started = Number.NaN;
  let ended = Number.NaN;
  let cpuStart = process.cpuUsage();
  let cpuEnd = cpuStart;
  let lossSum = 0;
  let lossCount = 0;
  const trainer: Trainer = new Trainer(model, {
    epochs: Math.ceil(steps / perPass),
    batchSize: a.batch,
    seed: a.seed,
    callbacks: [
      {
        onTrainBegin: () => {
          if (a.warmup === 0) {
            started = performance.now();
            cpuStart = process.cpuUsage();
          }
        },
        onBatchEnd: (info, logs) => {
          ended = performance.now();
          cpuEnd = process.cpuUsage();
          if (info.step === a.warmup) {
            started = ended;
            cpuStart = cpuEnd;
          }
          if (info.step > a.warmup && logs?.total !== undefined) {
            lossSum += logs.total * info.size;
            lossCount += info.size;
          }
          if (info.step >= steps) trainer.stop();
        },
      },
    ],
  });
  await trainer.fit(limit(train, perPass * a.batch));
  trainer.optimizer.dispose();
  return {
    seconds: (ended - started) / 1000,
    cpuSeconds: cpuSecondsBetween(cpuStart, cpuEnd),
    loss: lossSum / lossCount,
  };
}

/** User + system CPU time of this process between two `process.cpuUsage()` readings. */
function cpuSecondsBetween(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + (to.system - from.system)) / 1e6;
}

/** Encodes `examples` test images (cycling over the set), reading every batch back. */
async function encodeAll(model: AutoencoderModel, test: Dataset, examples: number, batch: number) {
  const size = exampleSize(test);
  const perPass = Math.floor(test.count / batch);
  for (let b = 0; b < examples / batch; b++) {
    const start = (b % perPass) * batch;
    const x = tf.tensor4d(test.x.subarray(start * size, (start + batch) * size), [
      batch,
      ...test.shape,
    ]);
    const z = model.encode(x);
    await z.data();
    tf.dispose([x, z]);
  }
}

/** Scores `examples` test images (cycling over the set) with `reconstructionErrors`. */
async function scoreAll(model: AutoencoderModel, test: Dataset, examples: number, batch: number) {
  const perPass = Math.floor(test.count / batch) * batch;
  for (let done = 0; done < examples; done += perPass) {
    await reconstructionErrors(model, limit(test, Math.min(perPass, examples - done)), {
      batchSize: batch,
    });
  }
}

/** Writes the model's weights and its outputs on the first test images to `file`. */
async function exportModel(
  name: string,
  model: AutoencoderModel,
  test: Dataset,
  file: string,
): Promise<void> {
  const n = EXPORT_EXAMPLES;
  const x = tf.tensor4d(test.x.subarray(0, n * exampleSize(test)), [n, ...test.shape]);
  const code = model.encode(x);
  const reconstruction = model.reconstruct(x);
  // Only the deterministic models have a loss without sampling noise.
  const terms = model.family === 'ae' ? model.lossTerms({ x }, { training: false }) : undefined;
  const weights = await Promise.all(
    model.trainableVariables.map(async (v) => ({ shape: v.shape, values: [...(await v.data())] })),
  );
  const record = {
    network: name,
    examples: n,
    weights,
    code: [...(await code.data())],
    reconstruction: [...(await reconstruction.data())],
    ...(terms ? { loss: (await terms.total.data())[0] } : {}),
  };
  tf.dispose([x, code, reconstruction, ...Object.values(terms ?? {})]);
  writeFileSync(file, JSON.stringify(record));
}

/** A memory field of `/proc/self/status` (e.g. `VmRSS`) in bytes; undefined off Linux. */
function statusBytes(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets the kernel's peak-RSS mark (Linux); returns the RSS at that moment, or undefined. */
function resetPeakRss(): number | undefined {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    return undefined;
  }
  return statusBytes('VmRSS');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const backendInfo = await initBackend({ prefer: a.backend });
  const split = a.mode === 'export' ? 'test' : a.data;
  const data = a.mode === 'params' ? undefined : await loadMnist({ split });
  let seconds = 0;
  let cpuSeconds = 0;
  let params = 0;
  let loss: number | undefined;
  let phaseStart: number | undefined;
  let phasePeak: number | undefined;
  if (a.mode !== 'idle') {
    const model = networkByName(a.network).build(a.seed);
    params = parameterCount(model);
    phaseStart = resetPeakRss();
    if (data !== undefined && a.mode === 'train') {
      ({ seconds, cpuSeconds, loss } = await timeTraining(model, data, a));
    } else if (data !== undefined && (a.mode === 'encode' || a.mode === 'score')) {
      if (a.batch > data.count) bad(`--batch ${a.batch} exceeds the ${data.count} images.`);
      const run = a.mode === 'encode' ? encodeAll : scoreAll;
      await run(model, data, a.warmup * a.batch, a.batch);
      const started = performance.now();
      const cpu = process.cpuUsage();
      await run(model, data, a.examples, a.batch);
      seconds = (performance.now() - started) / 1000;
      cpuSeconds = cpuSecondsBetween(cpu, process.cpuUsage());
    } else if (data !== undefined && a.mode === 'export' && a.out !== undefined) {
      await exportModel(a.network, model, data, a.out);
    }
    phasePeak = phaseStart === undefined ? undefined : statusBytes('VmHWM');
    model.dispose();
  }
  const result: Measurement = {
    network: a.mode === 'idle' ? 'none' : a.network,
    backend: a.backend,
    mode: a.mode,
    examples: a.examples,
    seconds,
    samplesPerSecond: seconds > 0 ? a.examples / seconds : 0,
    cpuSeconds,
    ...(backendInfo.native === undefined
      ? {}
      : { nativeKernels: backendInfo.native.kernels, nativeNote: backendInfo.native.note }),
    params,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(loss === undefined ? {} : { loss }),
    ...(phaseStart === undefined || phasePeak === undefined
      ? {}
      : { phaseStartRssBytes: phaseStart, phasePeakRssBytes: phasePeak }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
