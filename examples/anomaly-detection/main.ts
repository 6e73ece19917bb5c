/**
 * One-class anomaly detection on MNIST: an autoencoder with a narrow bottleneck learns
 * only one digit (the "normal" class, here 0) and scores every test digit by its
 * reconstruction error Σ (x − x̂)². Digits of other classes reconstruct worse, so a
 * threshold on the score flags them; ROC-AUC measures how well over all thresholds.
 * Writes `output.png` (score histograms) and `top-anomalies.png`.
 */
import { filterClasses, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { anomalyReport, anomalyScores } from '@ae/evaluation';
import { Trainer } from '@ae/trainer';
import { Autoencoder } from '@ae/vae';
import { histogramChart } from '../shared/charts.js';
import { pixelsOf } from '../shared/data.js';
import { imageFigure } from '../shared/image-figure.js';
import { writePicture } from '../shared/render.js';
import { type Example, epochLog, lossLog, runIfMain, startBackend } from '../shared/run.js';

export const NORMAL_DIGIT = 0;

export const anomalyDetection: Example = async ({ quick, outDir, log = console.log }) => {
  log(`backend: ${await startBackend()}`);
  const normal = { label: NORMAL_DIGIT, name: String(NORMAL_DIGIT) };
  const all = filterClasses(await loadMnist({ split: 'train' }), [NORMAL_DIGIT]);
  const train = quick ? limit(all, 500) : all;
  const test = await loadMnist({ split: 'test', limit: quick ? 1000 : 10_000 });

  // 784 → 128 → 16 → 128 → 784: a code far smaller than the image, so the model cannot
  // simply copy what it is shown.
  const model = new Autoencoder({ inputShape: [28, 28, 1], latentDim: 16, hidden: [128], seed: 1 });
  const losses = lossLog();
  const trainer = new Trainer(model, {
    epochs: quick ? 3 : 20,
    batchSize: quick ? 32 : 128,
    seed: 1,
    callbacks: [epochLog(log, losses)],
  });
  log(`training on ${train.count} images of the digit ${NORMAL_DIGIT}`);
  await trainer.fit(train);

  const scores = await anomalyScores(model, test);
  const report = anomalyReport(test, scores, normal);
  log(`ROC-AUC: ${(100 * report.rocAuc).toFixed(1)} %`);
  for (const c of report.classes) {
    log(`  digit ${c.name}: ${c.count} test images, mean score ${c.meanScore.toFixed(1)}`);
  }

  const normalScores = scores.filter((_, i) => report.anomalous[i] === 0);
  const otherScores = scores.filter((_, i) => report.anomalous[i] === 1);
  const histogram = await histogramChart(
    [
      { name: `digit ${NORMAL_DIGIT} (normal)`, values: normalScores },
      { name: 'other digits', values: otherScores },
    ],
    {
      title: [
        `autoencoder trained on the digit ${NORMAL_DIGIT} only`,
        `ROC-AUC ${(100 * report.rocAuc).toFixed(1)} % on ${test.count.toLocaleString('en-US')} test digits`,
      ],
      xLabel: 'anomaly score: Σ (x − x̂)² per image',
    },
  );
  // The test images the model finds most and least normal.
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  const top = order.slice(-10).reverse();
  const bottom = order.slice(0, 10);
  const extremes = imageFigure(
    [
      { label: 'highest scores', images: pixelsOf(test, top), count: 10 },
      { label: 'lowest scores', images: pixelsOf(test, bottom), count: 10 },
    ],
    { shape: test.shape, title: `test digits by anomaly score (normal digit ${NORMAL_DIGIT})` },
  );
  const pictures = [
    await writePicture(outDir, 'output.png', histogram),
    await writePicture(outDir, 'top-anomalies.png', extremes),
  ];
  const labels = test.labels as Int32Array;
  const normalAmongTop = top.filter((i) => labels[i] === NORMAL_DIGIT).length;
  const normalAmongBottom = bottom.filter((i) => labels[i] === NORMAL_DIGIT).length;
  model.dispose();
  return {
    ...losses,
    metrics: {
      rocAuc: report.rocAuc,
      normalAmongTop10: normalAmongTop,
      normalAmongBottom10: normalAmongBottom,
    },
    pictures,
  };
};

await runIfMain(import.meta.url, anomalyDetection);
