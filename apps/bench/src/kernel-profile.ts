/**
 * Where the time of a training step goes: `tf.profile` of whole optimizer steps of the five
 * benchmark networks on wasm, kernel times summed by kernel name and by input shapes.
 *
 * wasm has no backend timer, so tfjs times each kernel with the wall clock around the
 * kernel plus a `dataSync` of its outputs: absolute times are inflated, shares are what to
 * read. The step profiled is the hand-written step of overhead-loop.ts.
 *
 * `AE_BENCH_QUICK=1` (shared by every benchmark of this app) profiles 2 steps per network
 * after 1 warm-up step: a check that it runs, not a measurement.
 */
import { createAdam, createRng, initBackend } from '@ae/backend';
import type { Dataset } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { median, quickMode } from './bench-utils.js';
import { type BenchNetworkSpec, NETWORKS } from './networks.js';
import { batchTensor, handStep } from './overhead-loop.js';

const BATCH = 128;
const LEARNING_RATE = 1e-3;
/** Kernels listed per network. */
const TOP = 5;

/** One kernel call as `tf.profile` records it. */
type ProfiledKernel = Awaited<ReturnType<typeof tf.profile>>['kernels'][number];

/** Time and calls of one kernel with one set of input shapes. */
interface ShapeTotal {
  /** Input shapes, e.g. `128×784, 784×512`. */
  shapes: string;
  ms: number;
  calls: number;
}

/** Time and calls of one kernel, all shapes together, and per shapes (largest first). */
interface KernelTotal {
  name: string;
  ms: number;
  calls: number;
  shapes: ShapeTotal[];
}

/** Profiled kernel time of several steps: the sum, and per kernel (largest first). */
interface KernelTotals {
  ms: number;
  calls: number;
  kernels: KernelTotal[];
}

const shapeKey = (shapes: (number[] | null)[]) =>
  shapes.map((s) => (s === null ? '–' : `[${s.join('×')}]`)).join(' ');

/**
 * Sums profiled kernels by name and, within a name, by input shapes. Only kernels
 * registered for the active backend count: `tf.profile` also records the scopes of ops
 * with a custom gradient (e.g. `fusedMatMul__op`), whose time includes their kernel's.
 */
async function sumKernels(kernels: readonly ProfiledKernel[]): Promise<KernelTotals> {
  const byName = new Map<string, { ms: number; calls: number; shapes: Map<string, ShapeTotal> }>();
  const backend = tf.getBackend();
  let total = 0;
  let calls = 0;
  for (const k of kernels) {
    if (tf.getKernel(k.name, backend) === undefined) continue;
    calls += 1;
    const timed = await k.kernelTimeMs;
    const ms = typeof timed === 'number' ? timed : 0;
    total += ms;
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0, shapes: new Map() };
    entry.ms += ms;
    entry.calls += 1;
    const key = shapeKey(k.inputShapes);
    const s = entry.shapes.get(key) ?? { shapes: key, ms: 0, calls: 0 };
    s.ms += ms;
    s.calls += 1;
    entry.shapes.set(key, s);
    byName.set(k.name, entry);
  }
  const byMs = <T extends { ms: number }>(a: T, b: T) => b.ms - a.ms;
  return {
    ms: total,
    calls,
    kernels: [...byName]
      .map(([name, e]) => ({
        name,
        ms: e.ms,
        calls: e.calls,
        shapes: [...e.shapes.values()].sort(byMs),
      }))
      .sort(byMs),
  };
}

/** Groups of kernels that "what dominates" reports together. */
const FAMILIES: readonly { label: string; kernels: readonly string[] }[] = [
  { label: 'conv gradients', kernels: ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] },
  { label: 'conv forward', kernels: ['Conv2D', 'FusedConv2D'] },
  { label: 'matrix products', kernels: ['BatchMatMul', '_FusedMatMul'] },
  {
    label: 'pooling and upsampling',
    kernels: ['MaxPool', 'MaxPoolGrad', 'ResizeNearestNeighbor', 'ResizeNearestNeighborGrad'],
  },
];

/** One family's share of a network's kernel time and the kernels in it that ran. */
interface FamilyShare {
  label: string;
  share: number;
}

/**
 * Shares of the kernel time per family, largest first; kernels of no family form the
 * last group, "element-wise, reductions, Adam updates and the rest". Each label names
 * the kernels that ran in it, e.g. `Conv2DBackpropFilter + Conv2DBackpropInput (conv
 * gradients)`.
 */
function familyShares(t: KernelTotals): FamilyShare[] {
  const grouped = new Set(FAMILIES.flatMap((f) => f.kernels));
  const out: FamilyShare[] = FAMILIES.map((f) => {
    const ran = t.kernels.filter((k) => f.kernels.includes(k.name));
    const ms = ran.reduce((s, k) => s + k.ms, 0);
    return { label: `${ran.map((k) => k.name).join(' + ')} (${f.label})`, share: ms / t.ms };
  });
  const others = t.kernels.filter((k) => !grouped.has(k.name));
  const ms = others.reduce((s, k) => s + k.ms, 0);
  const calls = others.reduce((s, k) => s + k.calls, 0);
  out.push({
    label: `${others.length} other kernels, ${((calls / t.calls) * 100).toFixed(0)} % of the calls (element-wise ops, reductions, transposes, Adam updates)`,
    share: ms / t.ms,
  });
  return out.filter((f) => f.share > 0).sort((a, b) => b.share - a.share);
}

/** What was measured for one network. */
interface NetworkProfile {
  network: BenchNetworkSpec;
  /** Median wall milliseconds of an unprofiled step. */
  plainMs: number;
  /** Median wall milliseconds of a profiled step. */
  profiledMs: number;
  /** Steps profiled. */
  steps: number;
  totals: KernelTotals;
}

/** Trains `network` a few steps on `train` and profiles the last ones. */
async function profileNetwork(
  network: BenchNetworkSpec,
  train: Dataset,
  counts: { warm: number; plain: number; profiled: number },
): Promise<NetworkProfile> {
  const before = tf.memory().numTensors;
  const model = network.build(1);
  const optimizer = createAdam(LEARNING_RATE); // the trainer's Adam
  const order = createRng(7).permutation(train.count);
  let step = 0;
  const nextBatch = () => {
    const start = (step++ * BATCH) % (train.count - BATCH);
    return batchTensor(train, order.subarray(start, start + BATCH));
  };
  const plain: number[] = [];
  const profiled: number[] = [];
  const kernels: ProfiledKernel[] = [];
  try {
    // wasm runs kernels synchronously: the wall time around a step is its compute time.
    for (let i = 0; i < counts.warm + counts.plain; i++) {
      const x = nextBatch();
      const started = performance.now();
      handStep(model, optimizer, x);
      if (i >= counts.warm) plain.push(performance.now() - started);
      x.dispose();
    }
    for (let i = 0; i < counts.profiled; i++) {
      const x = nextBatch();
      const started = performance.now();
      const info = await tf.profile(() => {
        handStep(model, optimizer, x);
      });
      profiled.push(performance.now() - started);
      x.dispose();
      kernels.push(...info.kernels);
    }
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `kernel-profile: ${network.name} left ${after - before} tensors behind (${before} before, ${after} after); dispose what the steps create.`,
    );
  }
  return {
    network,
    plainMs: median(plain),
    profiledMs: median(profiled),
    steps: counts.profiled,
    totals: await sumKernels(kernels),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The table of one network: its top kernels, their main shapes, and the rest. */
function networkTable(p: NetworkProfile): string[] {
  const { totals, steps } = p;
  const perStep = (ms: number) => (ms / steps).toFixed(1);
  const top = totals.kernels.slice(0, TOP);
  const rest = totals.kernels.slice(TOP);
  const restMs = rest.reduce((s, k) => s + k.ms, 0);
  const restCalls = rest.reduce((s, k) => s + k.calls, 0);
  return [
    `**${p.network.name}** (${p.network.description}): step ${p.plainMs.toFixed(0)} ms, profiled ${p.profiledMs.toFixed(0)} ms; ${(totals.calls / steps).toFixed(0)} kernel calls per step; kernels take ${pct(totals.ms / steps / p.profiledMs)} of the profiled step.`,
    '',
    '| kernel | share of kernel time | ms per step | calls per step | main input shapes (share of this kernel) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...top.map((k) => {
      const shapes = k.shapes
        .slice(0, 2)
        .map((s) => `${s.shapes} (${pct(s.ms / k.ms)})`)
        .join('; ');
      return `| ${k.name} | ${pct(k.ms / totals.ms)} | ${perStep(k.ms)} | ${(k.calls / steps).toFixed(0)} | ${shapes} |`;
    }),
    ...(rest.length > 0
      ? [
          `| ${rest.length} other kernels | ${pct(restMs / totals.ms)} | ${perStep(restMs)} | ${(restCalls / steps).toFixed(0)} | |`,
        ]
      : []),
    '',
  ];
}

/**
 * One line of "what dominates" for a network: its kernel families of 5 % or more, then
 * the single kernel-and-shapes with the most time.
 */
function dominates(p: NetworkProfile, families: FamilyShare[]): string {
  const parts = families
    .filter((f) => f.share >= 0.05)
    .map((f) => `${f.label} ${pct(f.share)}`)
    .join('; ');
  let largest: { kernel: string; shape: ShapeTotal } | undefined;
  for (const k of p.totals.kernels) {
    const first = k.shapes[0];
    if (first !== undefined && (largest === undefined || first.ms > largest.shape.ms)) {
      largest = { kernel: k.name, shape: first };
    }
  }
  const single = largest
    ? ` Largest single: ${largest.kernel} on ${largest.shape.shapes}, ${pct(largest.shape.ms / p.totals.ms)}.`
    : '';
  return `- ${p.network.name}: ${parts}.${single}`;
}

/** Profiles every benchmark network and returns the BENCHMARKS.md section. */
export async function benchKernelProfile(): Promise<string[]> {
  const quick = quickMode();
  const counts = quick ? { warm: 1, plain: 2, profiled: 2 } : { warm: 3, plain: 5, profiled: 5 };
  await initBackend({ prefer: 'wasm' });
  const train = await loadMnist({ split: 'train' });
  const profiles: NetworkProfile[] = [];
  for (const network of NETWORKS) {
    const p = await profileNetwork(network, train, counts);
    process.stderr.write(
      `profile ${network.name}: step ${p.plainMs.toFixed(0)} ms, profiled ${p.profiledMs.toFixed(0)} ms, top ${p.totals.kernels[0]?.name}\n`,
    );
    profiles.push(p);
  }
  return [
    '## Where the time goes: kernels of one training step',
    '',
    `wasm backend, batch ${BATCH} of MNIST, one Adam step (\`optimizer.minimize\` of the model's total`,
    `loss: forward, gradients, update). After ${counts.warm} warm-up step(s), ${counts.plain} steps are timed plainly`,
    `and ${counts.profiled} more inside \`tf.profile\`; kernel times are summed by kernel name, and within a kernel by`,
    'input shapes. wasm has no kernel timer, so the profiler times each kernel with the wall clock',
    'and a `dataSync` of its outputs: the profiled step is slower and absolute kernel times are',
    'inflated; read the shares. "Kernels take" is the summed kernel time over the profiled step;',
    'the rest is JavaScript around the kernels (tape, bookkeeping, the profiler itself).',
    ...(quick
      ? ['', '**Quick run (`AE_BENCH_QUICK=1`): too few steps to measure; rerun without it.**']
      : []),
    '',
    ...profiles.flatMap(networkTable),
    'What dominates (share of kernel time, groups ≥ 5 %):',
    '',
    ...profiles.map((p) => dominates(p, familyShares(p.totals))),
    '',
  ];
}
