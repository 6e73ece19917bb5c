/**
 * Interpolation: pick two validation examples (A, then B) and see the decoder's images along
 * the straight line between their codes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from './demo-error.js';
import { card, el } from './dom.js';
import type { ExploreContext } from './explore-context.js';
import { paintImages, pixelCanvas } from './image-canvas.js';

/** Examples offered as end points. */
const CHOICES = 24;
const COLUMNS = 8;
/** Images in the strip, ends included. */
const STEPS = 10;

/** The card with the picker and the strip. */
export function interpolationView(ctx: ExploreContext): HTMLElement {
  const { model, meta, examples } = ctx.bundle;
  const [h, w, c] = meta.inputShape;
  const size = h * w * c;
  const n = Math.min(CHOICES, meta.examples.count);
  const picker = pixelCanvas(
    'interpolation-picker',
    'validation examples: click to choose the ends',
  );
  const strip = pixelCanvas('interpolation', 'decoded steps between the two examples');
  const note = el('p', { class: 'muted small' });
  const ends: [number, number] = [0, Math.min(1, n - 1)];
  let next: 0 | 1 = 0;

  const paintPicker = () => {
    paintImages(picker, examples.subarray(0, n * size), {
      count: n,
      height: h,
      width: w,
      channels: c,
      columns: COLUMNS,
    });
    const g = picker.getContext('2d');
    if (!g) return;
    ends.forEach((index, k) => {
      g.strokeStyle = k === 0 ? '#ff9f1a' : '#3fa9ff';
      g.lineWidth = 2;
      const x = (index % COLUMNS) * (w + 1);
      const y = Math.floor(index / COLUMNS) * (h + 1);
      g.strokeRect(x + 1, y + 1, w - 2, h - 2);
    });
  };

  const run = async () => {
    const a = tf.tensor(examples.subarray(ends[0] * size, (ends[0] + 1) * size), [1, h, w, c]);
    const b = tf.tensor(examples.subarray(ends[1] * size, (ends[1] + 1) * size), [1, h, w, c]);
    try {
      const label = meta.examples.labels[ends[0]] ?? 0;
      const y = model.interpolate(a, b, STEPS, ctx.conditional ? { label } : {});
      const pixels = await y.data();
      y.dispose();
      paintImages(strip, pixels, { count: STEPS, height: h, width: w, channels: c });
      const condition = ctx.conditional
        ? ` (decoded as class ${ctx.classNames[label] ?? label})`
        : '';
      note.textContent = `From example ${ends[0] + 1} (orange) to example ${ends[1] + 1} (blue)${condition}. Click an example to change the ${next === 0 ? 'orange' : 'blue'} end.`;
    } catch (error) {
      note.textContent = `Interpolation failed: ${errorMessage(error)}`;
    } finally {
      tf.dispose([a, b]);
    }
  };

  picker.addEventListener('click', (event) => {
    const rect = picker.getBoundingClientRect();
    const col = Math.floor(((event.clientX - rect.left) / rect.width) * COLUMNS);
    const rows = Math.ceil(n / COLUMNS);
    const row = Math.floor(((event.clientY - rect.top) / rect.height) * rows);
    const index = row * COLUMNS + col;
    if (index < 0 || index >= n) return;
    ends[next] = index;
    next = next === 0 ? 1 : 0;
    paintPicker();
    void run();
  });
  paintPicker();
  void run();
  return card('Interpolation', [picker, strip, note], { class: 'interp-card' });
}
