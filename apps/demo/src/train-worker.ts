/**
 * The training worker: trains the chosen model with `@ae/trainer` off the page's main thread,
 * so the page stays responsive, and streams progress back (see `train-protocol.ts`).
 */
import { toTensor } from '@ae/datasets';
import { Trainer } from '@ae/trainer';
import type { AutoencoderModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { startBackend } from './backend.js';
import { errorMessage } from './demo-error.js';
import { exportData } from './export-data.js';
import { loadMnistSlice } from './mnist-slice.js';
import type { FromWorker, ToWorker } from './train-protocol.js';
import { buildModel, checkSettings } from './train-settings.js';

/** Test digits shown with their reconstructions. */
const PREVIEWS = 8;
/** Reconstructions are refreshed every this many steps (and at each epoch's end). */
const REFRESH_STEPS = 20;

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

let trainer: Trainer | undefined;
let stopRequested = false;

/** Reconstructs the preview digits and sends them. */
async function sendReconstructions(
  model: AutoencoderModel,
  x: tf.Tensor,
  labels: tf.Tensor | undefined,
  step: number,
): Promise<void> {
  const y = model.reconstruct(x, labels ? { labels } : {});
  const images = (await y.data()) as Float32Array;
  y.dispose();
  post({ type: 'reconstructions', step, images }, [images.buffer]);
}

async function train(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const settings = checkSettings(message.settings);
  const backend = await startBackend(message.backend);
  post({
    type: 'backend',
    name: backend.name,
    skipped: backend.skipped.map((s) => `${s.name}: ${s.reason}`),
    ...(backend.note ? { note: backend.note } : {}),
  });
  const [trainSet, testSet] = await Promise.all([
    loadMnistSlice(message.dataUrl, 'train'),
    loadMnistSlice(message.dataUrl, 'test'),
  ]);
  const model = buildModel(settings, trainSet.classNames?.length ?? 10);
  const previewIndices = Array.from({ length: PREVIEWS }, (_, i) => i);
  const previewX = toTensor(testSet, previewIndices);
  const previewLabels =
    (model.numClasses ?? 0) > 0
      ? tf.tensor1d(
          previewIndices.map((i) => testSet.labels?.[i] ?? 0),
          'int32',
        )
      : undefined;
  try {
    trainer = new Trainer(model, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      seed: settings.seed,
      yieldEvery: 20,
      callbacks: [
        {
          onTrainBegin: (info) => {
            // fit() clears earlier stop requests: honour one that came during loading.
            if (stopRequested) trainer?.stop();
            post({
              type: 'begin',
              epochs: info.epochs,
              batchesPerEpoch: info.batchesPerEpoch,
              examples: info.examplesPerEpoch,
              previews: testSet.x.slice(0, PREVIEWS * 784),
            });
          },
          onBatchEnd: async (info, logs) => {
            if (logs) post({ type: 'step', step: info.step, epoch: info.epoch, logs });
            if (info.step % REFRESH_STEPS === 0) {
              await sendReconstructions(model, previewX, previewLabels, info.step);
            }
          },
          onEpochEnd: async (epoch, logs) => {
            post({ type: 'epoch', epoch, logs: { ...logs } });
            await sendReconstructions(model, previewX, previewLabels, logs.step);
          },
        },
      ],
    });
    const result = await trainer.fit(trainSet, { validation: testSet });
    post({ type: 'exporting', stopped: result.stopped });
    const data = await exportData(model, settings.model, trainSet, testSet);
    post({ type: 'done', steps: result.steps, stopped: result.stopped, data });
  } finally {
    tf.dispose([previewX, previewLabels]);
    model.dispose();
    trainer = undefined;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    stopRequested = true;
    trainer?.stop();
    return;
  }
  stopRequested = false;
  train(message).catch((error: unknown) => post({ type: 'error', message: errorMessage(error) }));
};
