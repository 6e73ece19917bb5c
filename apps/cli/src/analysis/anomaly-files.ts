/** The pictures and the table `ae anomaly` writes. */
import { join } from 'node:path';
import { type Dataset, exampleSize } from '@ae/datasets';
import { type AnomalyReport, type AnomalyScore, type ClassRef, rocCurve } from '@ae/evaluation';
import { tileGrid } from '../images/grid.js';
import { writePng } from '../images/png.js';
import { writeOutputFile } from '../out-path.js';
import { histogramPng, lineChartPng } from '../plots/index.js';

/** Paths of the files {@link writeAnomalyFiles} wrote. */
export interface AnomalyFiles {
  /** Score histogram of the normal class and of the other classes. */
  histogram: string;
  /** ROC curve. */
  roc: string;
  /** Every scored example: `index,label,class,score`. */
  scores: string;
  /** Images only: the most anomalous examples, highest score first. */
  top?: string;
}

/** Options of {@link writeAnomalyFiles}. */
export interface AnomalyFilesOptions {
  /** The output directory. */
  out: string;
  /** The score, for axis titles. */
  score: AnomalyScore;
  /** The normal class. */
  normal: ClassRef;
  /** Tiles of the grid of most anomalous images. */
  top: number;
}

const SCORE_TITLES: Record<AnomalyScore, string> = {
  reconstruction: 'reconstruction error Σ (x − x̂)²',
  relative: 'relative error Σ (x − x̂)² / (Σ x² + Σ x̂²)',
  elbo: '−ELBO (nats)',
};

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Indices of the `n` highest scores, highest first (ties: lower index first). */
export function topIndices(scores: Float32Array, n: number): number[] {
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  return order.slice(0, n);
}

/**
 * Writes `anomaly-scores.csv`, `anomaly-histogram.png`, `anomaly-roc.png` and, for image
 * data (not tabular rows), `anomaly-top.png` into `o.out`.
 */
export async function writeAnomalyFiles(
  data: Dataset,
  scores: Float32Array,
  report: AnomalyReport,
  o: AnomalyFilesOptions,
): Promise<AnomalyFiles> {
  const names = data.classNames;
  const labels = data.labels ?? new Int32Array(data.count);
  const files: AnomalyFiles = {
    histogram: join(o.out, 'anomaly-histogram.png'),
    roc: join(o.out, 'anomaly-roc.png'),
    scores: join(o.out, 'anomaly-scores.csv'),
  };

  const rows = ['index,label,class,score'];
  for (let i = 0; i < data.count; i++) {
    const label = labels[i] as number;
    rows.push(`${i},${label},${csvField(names?.[label] ?? String(label))},${scores[i]}`);
  }
  await writeOutputFile(files.scores, `${rows.join('\n')}\n`);

  const normalScores = scores.filter((_, i) => report.anomalous[i] === 0);
  const otherScores = scores.filter((_, i) => report.anomalous[i] === 1);
  const title = `Anomaly scores, normal class ${o.normal.name}`;
  await writeOutputFile(
    files.histogram,
    await histogramPng(
      [
        { name: `class ${o.normal.name}`, values: normalScores },
        { name: 'other classes', values: otherScores },
      ],
      { title, xLabel: SCORE_TITLES[o.score], bins: 40 },
    ),
  );

  const curve = rocCurve(scores, report.anomalous);
  await writeOutputFile(
    files.roc,
    await lineChartPng(
      [
        { name: `ROC, AUC ${report.rocAuc.toFixed(3)}`, x: curve.fpr, y: curve.tpr },
        { name: 'chance', x: [0, 1], y: [0, 1] },
      ],
      {
        title: `ROC: class ${o.normal.name} vs the other classes`,
        xLabel: `false-positive rate (class ${o.normal.name} flagged)`,
        // A longer y title pushes the chart title off the top of the picture.
        yLabel: 'true-positive rate (anomalies)',
      },
    ),
  );

  const [, , channels] = data.shape;
  if ((data.domain ?? 'unit') === 'unit' && (channels === 1 || channels === 3)) {
    const top = topIndices(scores, Math.min(o.top, data.count));
    const size = exampleSize(data);
    const pixels = new Float32Array(top.length * size);
    top.forEach((index, k) => {
      pixels.set(data.x.subarray(index * size, (index + 1) * size), k * size);
    });
    files.top = join(o.out, 'anomaly-top.png');
    await writePng(files.top, tileGrid(pixels, top.length, data.shape, { columns: 8, scale: 2 }));
  }
  return files;
}
