/**
 * Trainer overhead: throughput of `Trainer.fit` against the hand-written loop of
 * overhead-loop.ts on the same model, data, batch size and optimizer, on wasm.
 *
 * Both do the same steps per round (⌈examples / batch⌉ Adam steps from a fresh optimizer,
 * examples gathered in a seeded random order). What only the Trainer does per step: an
 * `await` on its batch generator, keeping every loss term and reading them back
 * (`logEvery` 1: one `data()` per term per step), calling the (here empty) callbacks, and
 * giving the event loop a turn (`setTimeout`) whenever 50 ms (`yieldEvery`) have passed.
 * The loop reads one loss at the end of the round. The two alternate round by round, the
 * order swapping every round, so that load from other processes hits both alike.
 *
 * `AE_BENCH_QUICK=1` (shared by every benchmark of this app) shrinks it to 2 rounds of a
 * few batches: a check that it runs, not a measurement.
 */
import { createAdam, initBackend } from '@ae/backend';
import { type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { Trainer } from '@ae/trainer';
import type { AutoencoderModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { median, quickMode } from './bench-utils.js';
import { networkByName } from './networks.js';
import { handEpoch } from './overhead-loop.js';

const BATCH = 128;
const LEARNING_RATE = 1e-3;

/** A network and the examples per round that give it a round of several seconds. */
interface Plan {
  network: string;
  examples: number;
}

/** One round of one side: its rate and the time per step spent outside `minimize`. */
interface Round {
  /** Examples per second, wall clock. */
  rate: number;
  /** Milliseconds per step outside `optimizer.minimize` (batches, readouts, yields). */
  outsideMs: number;
}

/** One network's rounds, per side. */
interface Rates {
  plan: Plan;
  trainer: Round[];
  loop: Round[];
}

/**
 * Counts the wall time spent inside `optimizer.minimize` by wrapping the method of this
 * one instance; the rest of a round's time is what the loop around the steps costs, a
 * split that load from other processes (which slows the steps) barely moves.
 */
function timeMinimize(optimizer: tf.Optimizer): { ms: number; calls: number } {
  const spent = { ms: 0, calls: 0 };
  const minimize = optimizer.minimize.bind(optimizer);
  optimizer.minimize = (...args: Parameters<tf.Optimizer['minimize']>) => {
    const started = performance.now();
    try {
      return minimize(...args);
    } finally {
      spent.ms += performance.now() - started;
      spent.calls += 1;
    }
  };
  return spent;
}

/** The {@link Round} of `examples` in `ms` wall milliseconds, `inside` of them in `minimize`. */
function roundOf(examples: number, ms: number, inside: { ms: number; calls: number }): Round {
  return { rate: examples / (ms / 1000), outsideMs: (ms - inside.ms) / inside.calls };
}

/** Runs `round` and throws if it leaves tensors behind. */
async function leakChecked<T>(what: string, round: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await round();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `trainer-overhead: ${what} left ${after - before} tensors behind (${before} before, ${after} after); dispose what the round creates.`,
    );
  }
  return out;
}

/** One epoch of `Trainer.fit` over `data`. */
async function trainerRound(model: AutoencoderModel, data: Dataset, seed: number): Promise<Round> {
  const trainer = new Trainer(model, {
    epochs: 1,
    batchSize: BATCH,
    optimizer: 'adam',
    learningRate: LEARNING_RATE,
    seed,
  });
  const inside = timeMinimize(trainer.optimizer);
  const started = performance.now();
  const { steps } = await trainer.fit(data);
  const ms = performance.now() - started;
  trainer.optimizer.dispose();
  if (steps !== Math.ceil(data.count / BATCH)) {
    throw new Error(`trainer-overhead: Trainer took ${steps} steps for ${data.count} examples.`);
  }
  return roundOf(data.count, ms, inside);
}

/** One epoch of the hand-written loop over `data`. */
async function loopRound(model: AutoencoderModel, data: Dataset, seed: number): Promise<Round> {
  const optimizer = createAdam(LEARNING_RATE); // the trainer's Adam
  const inside = timeMinimize(optimizer);
  const result = await handEpoch(model, optimizer, data, { batchSize: BATCH, seed });
  optimizer.dispose();
  if (!Number.isFinite(result.lastLoss)) {
    throw new Error(`trainer-overhead: the hand-written loop ended with loss ${result.lastLoss}.`);
  }
  return roundOf(result.examples, result.seconds * 1000, inside);
}

async function measure(plan: Plan, train: Dataset, rounds: number): Promise<Rates> {
  const model = networkByName(plan.network).build(1);
  const data = limit(train, plan.examples);
  const rates: Rates = { plan, trainer: [], loop: [] };
  try {
    // Warm-up: the first steps allocate and pick kernels.
    const warm = limit(train, 2 * BATCH);
    await trainerRound(model, warm, 100);
    await loopRound(model, warm, 100);
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? ['trainer', 'loop'] : ['loop', 'trainer'];
      for (const which of order) {
        const what = `${plan.network} ${which} round ${round}`;
        const r =
          which === 'trainer'
            ? await leakChecked(what, () => trainerRound(model, data, round))
            : await leakChecked(what, () => loopRound(model, data, round));
        (which === 'trainer' ? rates.trainer : rates.loop).push(r);
        process.stderr.write(
          `overhead ${what}: ${r.rate.toFixed(0)} samples/s, ${r.outsideMs.toFixed(2)} ms/step outside minimize\n`,
        );
      }
    }
  } finally {
    model.dispose();
  }
  return rates;
}

const signed = (p: number) => `${p >= 0 ? '+' : '−'}${Math.abs(p).toFixed(1)} %`;

/** The medians of one network's rounds and the overheads derived from them. */
interface Summary {
  network: string;
  examples: number;
  trainerRate: number;
  loopRate: number;
  /** loop rate / Trainer rate − 1, in percent. */
  overhead: number;
  trainerOutsideMs: number;
  loopOutsideMs: number;
  /** The Trainer's extra time outside `minimize` per step, in percent of the loop's step. */
  splitOverhead: number;
}

function summarize(r: Rates): Summary {
  const trainerRate = median(r.trainer.map((x) => x.rate));
  const loopRate = median(r.loop.map((x) => x.rate));
  const trainerOutsideMs = median(r.trainer.map((x) => x.outsideMs));
  const loopOutsideMs = median(r.loop.map((x) => x.outsideMs));
  // Wall milliseconds per step of the loop (the last batch may be short: average over the round).
  const loopStepMs = (r.plan.examples / loopRate / Math.ceil(r.plan.examples / BATCH)) * 1000;
  return {
    network: r.plan.network,
    examples: r.plan.examples,
    trainerRate,
    loopRate,
    overhead: (loopRate / trainerRate - 1) * 100,
    trainerOutsideMs,
    loopOutsideMs,
    splitOverhead: ((trainerOutsideMs - loopOutsideMs) / loopStepMs) * 100,
  };
}

/** Measures the Trainer against the hand-written loop and returns the BENCHMARKS.md section. */
export async function benchTrainerOverhead(): Promise<string[]> {
  const quick = quickMode();
  const rounds = quick ? 2 : 5;
  const plans: Plan[] = quick
    ? [
        { network: 'mlp-vae', examples: 4 * BATCH },
        { network: 'dense-ae-32', examples: 10 * BATCH },
      ]
    : [
        { network: 'mlp-vae', examples: 6_400 },
        { network: 'dense-ae-32', examples: 51_200 },
      ];
  await initBackend({ prefer: 'wasm' });
  const train = await loadMnist({ split: 'train' });
  const results: Rates[] = [];
  for (const plan of plans) results.push(await measure(plan, train, rounds));
  const sums = results.map(summarize);

  const list = (xs: Round[]) => xs.map((x) => x.rate.toFixed(0)).join(', ');
  const ms = (x: number) => x.toFixed(2);
  return [
    '## Trainer overhead: `Trainer.fit` against a hand-written loop',
    '',
    `wasm backend, MNIST train images, batch ${BATCH}, Adam ${LEARNING_RATE}, one process. Each round`,
    'trains the same model one epoch over the first examples, once with `Trainer.fit` and once with',
    'the loop a user would write without it (seeded shuffle of the indices, a gathered `tf.tensor4d`',
    'per batch, `optimizer.minimize`, one loss read at the end); both take the same number of steps',
    'from a fresh Adam. The Trainer also reads every loss term after each step (`logEvery` 1, its',
    'default), awaits its batch generator and callbacks, and yields to the event loop (`setImmediate`)',
    'whenever 50 ms have passed (`yieldEvery`). The two alternate round by round (order swapped every',
    `round); rates are wall-clock examples per second, medians of ${rounds} rounds; overhead = loop rate /`,
    'Trainer rate − 1. "Outside minimize" is the wall time per step not spent in',
    '`optimizer.minimize` (timed around each call): the cost of the loop itself. Load from other',
    'processes slows the steps and moves the rates, but hardly this split, so the last column — the',
    "Trainer's extra time outside `minimize` as a share of the loop's step — is the steadier estimate.",
    ...(quick
      ? ['', '**Quick run (`AE_BENCH_QUICK=1`): too short to measure; rerun without it.**']
      : []),
    '',
    '| network | examples per round | Trainer (samples/s) | loop (samples/s) | overhead | outside minimize, Trainer / loop (ms per step) | extra outside minimize / loop step | Trainer rounds | loop rounds |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...sums.map((s, i) => {
      const r = results[i] as Rates;
      return `| ${s.network} | ${s.examples} | ${s.trainerRate.toFixed(0)} | ${s.loopRate.toFixed(0)} | ${signed(s.overhead)} | ${ms(s.trainerOutsideMs)} / ${ms(s.loopOutsideMs)} | ${signed(s.splitOverhead)} | ${list(r.trainer)} | ${list(r.loop)} |`;
    }),
    '',
  ];
}
