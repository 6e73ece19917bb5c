/**
 * Live loss curves: one small inline-SVG chart per logged term (each on its own scale, since
 * a reconstruction of ~150 nats and a KL of ~5 do not share an axis), redrawn once per frame.
 * The element exposes the first and latest `total` (means of 5 logged steps) as
 * `data-first-total` / `data-last-total`.
 */
import { el, formatNumber } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Chart drawing size in SVG units (the SVG scales to its box). */
const W = 300;
const H = 90;
/** Steps averaged for the first / latest values. */
const WINDOW = 5;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The live charts of one training run. */
export class LossCharts {
  /** The charts' container. */
  readonly element: HTMLElement;
  private readonly series = new Map<string, Array<[number, number]>>();
  private frame: number | undefined;

  constructor() {
    this.element = el('div', { class: 'loss-charts', id: 'loss-charts', 'data-points': 0 });
    this.render();
  }

  /** Forgets every point. */
  reset(): void {
    this.series.clear();
    this.schedule();
  }

  /** Adds the loss terms `logs` of step `step`. */
  add(step: number, logs: Record<string, number>): void {
    for (const [name, value] of Object.entries(logs)) {
      if (!Number.isFinite(value)) continue;
      let points = this.series.get(name);
      if (!points) {
        points = [];
        this.series.set(name, points);
      }
      points.push([step, value]);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  private render(): void {
    const total = this.series.get('total') ?? [];
    const values = total.map((p) => p[1]);
    this.element.dataset.points = String(total.length);
    if (values.length > 0) {
      this.element.dataset.firstTotal = String(mean(values.slice(0, WINDOW)));
      this.element.dataset.lastTotal = String(mean(values.slice(-WINDOW)));
    } else {
      delete this.element.dataset.firstTotal;
      delete this.element.dataset.lastTotal;
    }
    if (this.series.size === 0) {
      this.element.replaceChildren(el('p', { class: 'muted', text: 'Loss terms appear here.' }));
      return;
    }
    const names = [...this.series.keys()].sort((a, b) =>
      a === 'total' ? -1 : b === 'total' ? 1 : a.localeCompare(b),
    );
    this.element.replaceChildren(...names.map((n) => this.chart(n, this.series.get(n) ?? [])));
  }

  private chart(name: string, points: Array<[number, number]>): HTMLElement {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${name} by step`);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const [, v] of points) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi - lo || Math.abs(hi) || 1;
    const first = points[0]?.[0] ?? 0;
    const last = points[points.length - 1]?.[0] ?? 1;
    const dx = last - first || 1;
    // At most ~2 points per SVG unit: thin long runs so drawing stays cheap.
    const stride = Math.max(1, Math.floor(points.length / (2 * W)));
    const coords: string[] = [];
    for (let i = 0; i < points.length; i += stride) {
      const [s, v] = points[i] as [number, number];
      const x = ((s - first) / dx) * W;
      const y = H - 4 - ((v - lo) / span) * (H - 8);
      coords.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    }
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', coords.join(' '));
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
    const latest = points[points.length - 1]?.[1] ?? Number.NaN;
    return el('figure', { class: 'loss-chart', 'data-term': name }, [
      el('figcaption', {}, [
        el('strong', { text: name }),
        el('span', { class: 'value', text: formatNumber(latest) }),
      ]),
      svg,
      el('div', { class: 'axis' }, [
        el('span', { text: `min ${formatNumber(lo)}` }),
        el('span', { text: `max ${formatNumber(hi)}` }),
      ]),
    ]);
  }
}
