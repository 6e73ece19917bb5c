/**
 * VQ-VAE code usage: a bar per codebook vector, how often validation examples use it (from
 * `export.json`'s `codebook.usage`, or counted here from the model's code indices).
 */
import { VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { card, el, formatNumber } from './dom.js';
import type { ExploreContext } from './explore-context.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 120;

/** Counts how often each code is used by `ctx`'s examples. */
async function countUsage(model: VQVAE, ctx: ExploreContext): Promise<number[]> {
  const { meta, examples } = ctx.bundle;
  const x = tf.tensor(examples, [meta.examples.count, ...meta.inputShape]);
  const indices = model.codeIndices(x);
  const values = await indices.data();
  tf.dispose([x, indices]);
  const counts = new Array<number>(model.config.numCodes).fill(0);
  for (const i of values) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** Perplexity exp(H) of the usage distribution: the effective number of codes used. */
export function perplexity(usage: readonly number[]): number {
  const total = usage.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  let entropy = 0;
  for (const u of usage) if (u > 0) entropy -= (u / total) * Math.log(u / total);
  return Math.exp(entropy);
}

function bars(usage: readonly number[]): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'use of each code');
  svg.id = 'code-usage';
  const max = Math.max(...usage, 1e-12);
  const bw = W / usage.length;
  usage.forEach((u, i) => {
    const rect = document.createElementNS(SVG, 'rect');
    const bh = (u / max) * (H - 2);
    rect.setAttribute('x', String(i * bw + bw * 0.1));
    rect.setAttribute('width', String(bw * 0.8));
    rect.setAttribute('y', String(H - bh));
    rect.setAttribute('height', String(Math.max(bh, u > 0 ? 1 : 0)));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `code ${i}: ${formatNumber(u)}`;
    rect.append(title);
    svg.append(rect);
  });
  return svg;
}

/** The code-usage card, or `null` for models without a codebook. */
export async function codeUsageView(ctx: ExploreContext): Promise<HTMLElement | null> {
  const { model, meta } = ctx.bundle;
  const vq = model instanceof VQVAE ? model : undefined;
  let usage = meta.codebook?.usage;
  let from = 'export.json';
  if (usage === undefined && vq) {
    usage = await countUsage(vq, ctx);
    from = `${meta.examples.count} validation examples`;
  }
  if (usage === undefined) return null;
  const used = usage.filter((u) => u > 0).length;
  return card(
    'Code usage',
    [
      bars(usage),
      el('p', {
        class: 'muted small',
        text: `${used} of ${usage.length} codes used; perplexity ${formatNumber(perplexity(usage), 3)} (from ${from}).`,
      }),
    ],
    { class: 'usage-card' },
  );
}
