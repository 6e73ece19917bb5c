/**
 * Code usage of a model with a codebook (a VQ-VAE): a bar per codebook vector, how often
 * validation examples use it (from `export.json`'s `codebook.usage`, or counted here from
 * the model's code indices).
 */
import { hasCodebook } from '@ae/core';
import { codeUsage, perplexity } from '@ae/evaluation';
import { card, el, formatNumber } from './dom.js';
import type { ExploreContext } from './explore-context.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 120;

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
  const { model, meta, examples } = ctx.bundle;
  let usage = meta.codebook?.usage;
  let from = 'export.json';
  if (usage === undefined && hasCodebook(model)) {
    // An export without usage counts: count the codes of its examples here.
    const data = {
      name: 'examples',
      x: examples,
      shape: meta.inputShape,
      count: meta.examples.count,
    };
    usage = Array.from((await codeUsage(model, data)).counts);
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
