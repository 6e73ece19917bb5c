/**
 * The decoded latent point: the image the decoder draws for the current code, one slider per
 * latent dimension (moving one decodes live), and the class picker of conditional models.
 */
import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from './demo-error.js';
import { card, el, field, formatNumber } from './dom.js';
import type { ExploreContext } from './explore-context.js';
import { paintImages, pixelCanvas } from './image-canvas.js';
import { latestOnly } from './latest-only.js';

/** Sliders shown at most (a conv VQ-VAE's code can have hundreds of dimensions). */
const MAX_SLIDERS = 16;

/** The card with the decoded image and the sliders. */
export function decodedView(ctx: ExploreContext): HTMLElement {
  const { model, meta } = ctx.bundle;
  const [h, w, c] = meta.inputShape;
  const canvas = pixelCanvas('decoded', 'decoded latent point');
  canvas.classList.add('large');
  const note = el('p', { class: 'muted small', id: 'decoded-note' });

  const decode = latestOnly(
    async () => {
      const z = tf.tensor2d(ctx.z, [1, model.latentDim]);
      const labels = ctx.labelTensor(1);
      const y = model.decode(z, labels ? { labels } : {});
      const pixels = await y.data();
      tf.dispose([z, labels, y]);
      paintImages(canvas, pixels, { count: 1, height: h, width: w, channels: c });
      canvas.dataset.decodes = String(Number(canvas.dataset.decodes ?? 0) + 1);
      note.textContent = `z = (${Array.from(ctx.z.subarray(0, 6), (v) => formatNumber(v, 3)).join(', ')}${ctx.z.length > 6 ? ', …' : ''})`;
    },
    (error) => {
      note.textContent = `Decoding failed: ${errorMessage(error)}`;
    },
  );

  const shown = Math.min(MAX_SLIDERS, model.latentDim);
  const sliders = Array.from({ length: shown }, (_, dim) => {
    const [lo, hi] = ctx.ranges[dim] ?? [-3, 3];
    const input = el('input', {
      type: 'range',
      min: lo,
      max: hi,
      // Any value: a stepped grid need not hold the starting point (0, or a code) exactly.
      step: 'any',
      value: 0,
      'data-dim': dim,
      'aria-label': `latent dimension ${dim + 1}`,
    });
    input.value = String(ctx.z[dim] ?? 0);
    input.addEventListener('input', () => ctx.setLatent({ [dim]: input.valueAsNumber }, 'slider'));
    return input;
  });
  const sliderRows = sliders.map((s, dim) =>
    el('label', { class: 'slider' }, [el('span', { text: `z${dim + 1}` }), s]),
  );
  const start = ctx.z.slice();
  const reset = el('button', { type: 'button', id: 'decoded-reset', text: 'Back to the start' });
  reset.addEventListener('click', () => {
    ctx.setLatent(Object.fromEntries(Array.from(start, (v, i) => [i, v])), 'reset');
  });

  ctx.onLatent((source) => {
    if (source !== 'slider') {
      for (const [dim, s] of sliders.entries()) s.value = String(ctx.z[dim] ?? 0);
    }
    decode(undefined);
  });
  ctx.onLabel(() => decode(undefined));

  const extra: HTMLElement[] = [];
  if (ctx.conditional) {
    const select = el(
      'select',
      { id: 'condition-class' },
      ctx.classNames.map((name, i) => el('option', { value: i, text: name })),
    );
    select.addEventListener('change', () => ctx.setLabel(Number(select.value)));
    extra.push(field('Class (the decoder is conditioned on it)', select));
  }
  const more =
    model.latentDim > shown
      ? [
          el('p', {
            class: 'muted small',
            text: `Sliders for the first ${shown} of ${model.latentDim} dimensions.`,
          }),
        ]
      : [];
  decode(undefined);
  return card(
    'Decoded latent point',
    [
      el('div', { class: 'decoded-row' }, [
        canvas,
        el('div', { class: 'decoded-side' }, [...extra, note, reset]),
      ]),
      el('div', { class: 'sliders' }, sliderRows),
      ...more,
    ],
    { class: 'decoded-card' },
  );
}
