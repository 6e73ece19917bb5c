/**
 * Sampling from the model's prior: a grid of decoded draws, of a chosen class for conditional
 * models. Only for models that have a prior (not plain autoencoders).
 */
import { errorMessage } from './demo-error.js';
import { card, el, field } from './dom.js';
import type { ExploreContext } from './explore-context.js';
import { paintImages, pixelCanvas } from './image-canvas.js';

/** Draws per click. */
const COUNT = 16;

/** The sampling card, or `null` when the model cannot sample. */
export function samplerView(ctx: ExploreContext): HTMLElement | null {
  const { model, meta } = ctx.bundle;
  const sample = model.sample?.bind(model);
  if (!meta.hasPrior || sample === undefined) return null;
  const [h, w, c] = meta.inputShape;
  const canvas = pixelCanvas('samples', 'samples from the prior');
  const note = el('p', { class: 'muted small' });
  const button = el('button', { type: 'button', id: 'sample-button', text: 'Draw 16 samples' });
  let seed = 1;
  let label = 0;
  const controls: HTMLElement[] = [];
  if (ctx.conditional) {
    const select = el(
      'select',
      { id: 'sample-class' },
      ctx.classNames.map((name, i) => el('option', { value: i, text: name })),
    );
    select.addEventListener('change', () => {
      label = Number(select.value);
      void run();
    });
    controls.push(field('Class', select));
  }
  const run = async () => {
    try {
      const y = sample(COUNT, { seed, ...(ctx.conditional ? { label } : {}) });
      const pixels = await y.data();
      y.dispose();
      paintImages(canvas, pixels, { count: COUNT, height: h, width: w, channels: c, columns: 8 });
      note.textContent = ctx.conditional
        ? `Class ${ctx.classNames[label] ?? label}, seed ${seed}.`
        : `Seed ${seed}.`;
    } catch (error) {
      note.textContent = `Sampling failed: ${errorMessage(error)}`;
    }
  };
  button.addEventListener('click', () => {
    seed += 1;
    void run();
  });
  void run();
  const title = ctx.conditional ? 'Class-conditional samples' : 'Samples from the prior';
  return card(title, [el('div', { class: 'row' }, [...controls, button]), canvas, note], {
    class: 'sampler-card',
  });
}
