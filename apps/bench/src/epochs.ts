/**
 * Steadiness over a longer run: the samples/s of every epoch of `Trainer.fit` over the full
 * MNIST training set, on wasm with the native kernels, for the three networks whose epochs
 * take seconds. The throughput sections time a few hundred steps early in a run; a cost that
 * grows with the step count (subnormal Adam moments made the MLP VAE's fourth epoch 1.6×
 * slower than its first before the native Adam flushed them) only shows here.
 *
 * `AE_BENCH_QUICK=1` (shared by every benchmark of this app) trains 2 short epochs: a check
 * that it runs, not a measurement.
 */
import { initBackend } from '@ae/backend';
import { type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { Trainer } from '@ae/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { quickMode } from './bench-utils.js';
import { networkByName } from './networks.js';

const BATCH = 128;
const EPOCHS = 4;
const NETWORKS = ['dense-ae-32', 'mlp-vae', 'bottleneck-conv-ae'] as const;

/** The epochs of one network: samples/s of each, and the steps they end at. */
interface EpochRun {
  network: string;
  rates: number[];
  steps: number[];
}

async function trainEpochs(name: string, data: Dataset, epochs: number): Promise<EpochRun> {
  const before = tf.memory().numTensors;
  const model = networkByName(name).build(1);
  const rates: number[] = [];
  const steps: number[] = [];
  let trainer: Trainer | undefined;
  try {
    trainer = new Trainer(model, {
      epochs,
      batchSize: BATCH,
      callbacks: [
        {
          onEpochEnd: (_epoch, logs) => {
            rates.push(logs.samplesPerSecond);
            steps.push(logs.step);
          },
        },
      ],
    });
    await trainer.fit(data);
  } finally {
    trainer?.optimizer.dispose();
    model.dispose();
  }
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `epochs: ${name} left ${after - before} tensors behind; dispose what fit creates.`,
    );
  }
  process.stderr.write(`epochs ${name}: ${rates.map((r) => r.toFixed(0)).join(', ')} samples/s\n`);
  return { network: name, rates, steps };
}

/** The markdown section. */
export async function benchEpochs(): Promise<string[]> {
  const info = await initBackend({ prefer: 'wasm' });
  const quick = quickMode();
  const epochs = quick ? 2 : EPOCHS;
  const runs: EpochRun[] = [];
  const train = await loadMnist({ split: 'train' });
  const data = quick ? limit(train, 1280) : train;
  for (const name of NETWORKS) runs.push(await trainEpochs(name, data, epochs));
  const header = Array.from({ length: epochs }, (_, i) => `epoch ${i + 1}`);
  return [
    '## Steadiness: samples/s of each epoch of a longer run',
    '',
    `\`Trainer.fit\` for ${epochs} epochs over the ${quick ? '1,280 first' : '60,000'} MNIST training images, batch ${BATCH}, Adam 0.001 (the trainer's defaults), wasm backend (${info.native?.active ? 'native kernels' : "wasm's own kernels"}), the networks in turn in one process; each epoch's samples/s is the trainer's own (\`samplesPerSecond\` of its epoch logs: the epoch's examples over its wall time). The first epoch includes the warm-up of the process (compilation of the hot code). The throughput sections above time a few hundred steps early in a run; a cost that grows with the step count shows only here, as later epochs slower than the second.`,
    '',
    `| network | ${header.join(' | ')} | last ÷ second | steps at the end |`,
    `| --- | ${header.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...runs.map(
      (r) =>
        `| ${r.network} | ${r.rates.map((x) => Math.round(x).toLocaleString('en-US')).join(' | ')} | ${((r.rates[r.rates.length - 1] as number) / (r.rates[Math.min(1, r.rates.length - 1)] as number)).toFixed(2)}× | ${(r.steps[r.steps.length - 1] as number).toLocaleString('en-US')} |`,
    ),
    '',
  ];
}
