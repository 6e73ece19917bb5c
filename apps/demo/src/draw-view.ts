/**
 * Draw a digit: a mouse / touch canvas whose drawing is prepared like MNIST (28×28, centred,
 * soft stroke), reconstructed by the model and scored: Σ(x − x̂)², placed against the
 * validation quantiles of `export.json`. Conditional models reconstruct it as every class and
 * keep the best (lowest) score.
 *
 * `#anomaly-score` carries `data-score` and `data-percentile` once a drawing is scored.
 */
import { rankScore, squaredError } from '@ae/evaluation';
import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from './demo-error.js';
import { MNIST_SIDE, toMnistDigit } from './digit-preprocess.js';
import { card, el, formatNumber } from './dom.js';
import type { ExploreContext } from './explore-context.js';
import { paintImages, pixelCanvas } from './image-canvas.js';
import { latestOnly } from './latest-only.js';

/** Drawing resolution (10× MNIST). */
const PAD = 280;
/** Stroke width on the pad: about 2 px after scaling a full-height digit to 20 px. */
const STROKE = 22;

/** The draw card, or `null` when the model's examples are not 28×28 grey images. */
export function drawView(ctx: ExploreContext): HTMLElement | null {
  const { model, meta } = ctx.bundle;
  const [h, w, c] = meta.inputShape;
  if (h !== MNIST_SIDE || w !== MNIST_SIDE || c !== 1) return null;
  const pad = el('canvas', {
    id: 'draw-pad',
    width: PAD,
    height: PAD,
    role: 'img',
    'aria-label': 'drawing pad: draw a digit',
  });
  const input = pixelCanvas('draw-input', 'the drawing as the model sees it');
  const output = pixelCanvas('draw-reconstruction', 'its reconstruction');
  const score = el('p', { id: 'anomaly-score', class: 'score', text: 'Draw a digit above.' });
  const clear = el('button', { type: 'button', id: 'draw-clear', text: 'Clear' });
  const g = pad.getContext('2d', { willReadFrequently: true });

  const blank = () => {
    if (!g) return;
    g.fillStyle = '#000';
    g.fillRect(0, 0, PAD, PAD);
  };

  const evaluate = latestOnly(
    async () => {
      if (!g) return;
      const rgba = g.getImageData(0, 0, PAD, PAD).data;
      const grey = new Float32Array(PAD * PAD);
      for (let i = 0; i < grey.length; i++) grey[i] = (rgba[i * 4] as number) / 255;
      const x = toMnistDigit(grey, PAD, PAD);
      if (x === null) return;
      const classes = ctx.conditional ? ctx.classNames.length : 1;
      const batch = tf.tidy(() => tf.tile(tf.tensor4d(x, [1, h, w, 1]), [classes, 1, 1, 1]));
      const labels = ctx.conditional ? tf.range(0, classes, 1, 'int32') : undefined;
      const y = model.reconstruct(batch, labels ? { labels } : {});
      const all = (await y.data()) as Float32Array;
      tf.dispose([batch, labels, y]);
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let k = 0; k < classes; k++) {
        const s = squaredError(x, all.subarray(k * x.length, (k + 1) * x.length));
        if (s < bestScore) {
          bestScore = s;
          best = k;
        }
      }
      paintImages(input, x, { count: 1, height: h, width: w });
      paintImages(output, all.subarray(best * x.length, (best + 1) * x.length), {
        count: 1,
        height: h,
        width: w,
      });
      const rank = rankScore(bestScore, meta.anomaly.quantiles);
      score.dataset.score = String(bestScore);
      score.dataset.percentile = String(rank.percentile);
      const cls = ctx.conditional ? ` (best as class ${ctx.classNames[best] ?? best})` : '';
      score.textContent = `Anomaly score Σ(x − x̂)² = ${formatNumber(bestScore, 3)}${cls}: ${rank.text} of the validation digits (median ${formatNumber(meta.anomaly.quantiles.p50, 3)}, 99th ${formatNumber(meta.anomaly.quantiles.p99, 3)}).`;
    },
    (error) => {
      score.textContent = `Scoring failed: ${errorMessage(error)}`;
    },
  );

  let last: { x: number; y: number } | undefined;
  const point = (event: PointerEvent) => {
    const rect = pad.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * PAD,
      y: ((event.clientY - rect.top) / rect.height) * PAD,
    };
  };
  const stroke = (to: { x: number; y: number }) => {
    if (!g) return;
    g.strokeStyle = '#fff';
    g.lineWidth = STROKE;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.beginPath();
    const from = last ?? to;
    g.moveTo(from.x, from.y);
    g.lineTo(to.x, to.y);
    g.stroke();
    last = to;
  };
  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    last = undefined;
    stroke(point(event));
  });
  pad.addEventListener('pointermove', (event) => {
    if (!pad.hasPointerCapture(event.pointerId)) return;
    stroke(point(event));
    evaluate(undefined);
  });
  const end = (event: PointerEvent) => {
    if (!pad.hasPointerCapture(event.pointerId)) return;
    pad.releasePointerCapture(event.pointerId);
    last = undefined;
    evaluate(undefined);
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    blank();
    paintImages(input, new Float32Array(h * w), { count: 1, height: h, width: w });
    paintImages(output, new Float32Array(h * w), { count: 1, height: h, width: w });
    delete score.dataset.score;
    delete score.dataset.percentile;
    score.textContent = 'Draw a digit above.';
  });
  blank();
  return card(
    'Draw a digit: anomaly score',
    [
      el('p', { class: 'muted small', text: 'Draw with the mouse or a finger.' }),
      pad,
      el('div', { class: 'draw-row' }, [
        el('div', { class: 'pair' }, [el('span', { text: 'as 28×28' }), input]),
        el('div', { class: 'pair' }, [el('span', { text: 'reconstruction' }), output]),
        clear,
      ]),
      score,
    ],
    { class: 'draw-card' },
  );
}
