/**
 * The latent plane: the codes of the examples scattered over two latent dimensions and
 * coloured by label. Clicking or dragging moves those two coordinates of the current latent
 * point; the other dimensions keep their slider values (0 until moved for models with a
 * Gaussian prior; the first example's code for the others). The decoded view shows the point.
 */
import { errorMessage } from './demo-error.js';
import { card, el, field } from './dom.js';
import type { ExploreContext } from './explore-context.js';
import { decodeGrid } from './latent-grid.js';
import { latestOnly } from './latest-only.js';

/** Drawing size of the plane, in canvas pixels. */
const SIDE = 360;
/** Tiles per side of the decoded grid behind the dots. */
const TILES = 12;

/** Ten distinguishable colours, one per class (cycled for more). */
export const CLASS_COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** The card with the plane. */
export function latentPlaneView(ctx: ExploreContext): HTMLElement {
  const d = ctx.bundle.model.latentDim;
  const { labels, count } = ctx.bundle.meta.examples;
  const dims: [number, number] = [0, Math.min(1, d - 1)];
  const canvas = el('canvas', {
    id: 'latent-plane',
    width: SIDE,
    height: SIDE,
    role: 'img',
    'aria-label': 'latent plane: click or drag to decode a point',
  });
  const toCanvas = (v: number, dim: number) => {
    const [lo, hi] = ctx.ranges[dim] ?? [-1, 1];
    return ((v - lo) / (hi - lo)) * SIDE;
  };
  const fromCanvas = (px: number, dim: number) => {
    const [lo, hi] = ctx.ranges[dim] ?? [-1, 1];
    return lo + (px / SIDE) * (hi - lo);
  };

  const showGrid = el('input', { type: 'checkbox', id: 'plane-grid', checked: true });
  const note = el('p', { class: 'muted small' });
  let grid: HTMLCanvasElement | undefined;

  const draw = () => {
    const g = canvas.getContext('2d');
    if (!g) return;
    const [a, b] = dims;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, SIDE, SIDE);
    if (grid && showGrid.checked) {
      g.imageSmoothingEnabled = true;
      g.globalAlpha = 0.45;
      g.drawImage(grid, 0, 0, SIDE, SIDE);
      g.globalAlpha = 1;
    }
    g.strokeStyle = '#ccc';
    g.beginPath();
    g.moveTo(toCanvas(0, a), 0);
    g.lineTo(toCanvas(0, a), SIDE);
    g.moveTo(0, SIDE - toCanvas(0, b));
    g.lineTo(SIDE, SIDE - toCanvas(0, b));
    g.stroke();
    g.globalAlpha = 0.8;
    for (let i = 0; i < count; i++) {
      g.fillStyle = CLASS_COLOURS[(labels[i] ?? 0) % CLASS_COLOURS.length] as string;
      const x = toCanvas(ctx.codes[i * d + a] as number, a);
      const y = SIDE - toCanvas(ctx.codes[i * d + b] as number, b);
      g.fillRect(x - 2, y - 2, 4, 4);
    }
    g.globalAlpha = 1;
    const cx = toCanvas(ctx.z[a] as number, a);
    const cy = SIDE - toCanvas(ctx.z[b] as number, b);
    g.beginPath();
    g.arc(cx, cy, 7, 0, 2 * Math.PI);
    g.moveTo(cx - 11, cy);
    g.lineTo(cx + 11, cy);
    g.moveTo(cx, cy - 11);
    g.lineTo(cx, cy + 11);
    g.lineWidth = 4;
    g.strokeStyle = '#fff';
    g.stroke();
    g.lineWidth = 2;
    g.strokeStyle = '#e0245e';
    g.stroke();
    g.lineWidth = 1;
  };

  const refreshGrid = latestOnly(
    async () => {
      grid = showGrid.checked ? await decodeGrid(ctx, dims, TILES) : undefined;
      draw();
    },
    (error) => {
      note.textContent = `Decoding the grid failed: ${errorMessage(error)}`;
    },
  );
  showGrid.addEventListener('change', () => refreshGrid(undefined));
  ctx.onLabel(() => refreshGrid(undefined));

  const pick = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    const px = ((event.clientX - rect.left) / rect.width) * SIDE;
    const py = ((event.clientY - rect.top) / rect.height) * SIDE;
    const [a, b] = dims;
    ctx.setLatent({ [a]: fromCanvas(px, a), [b]: fromCanvas(SIDE - py, b) }, 'plane');
  };
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    pick(event);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (canvas.hasPointerCapture(event.pointerId)) pick(event);
  });
  ctx.onLatent((source) => {
    // Moving the other dimensions changes what the plane decodes to.
    if (source !== 'plane' && d > 2) refreshGrid(undefined);
    else draw();
  });

  const controls: HTMLElement[] = [];
  if (d > 2) {
    const select = (axis: 0 | 1) => {
      const s = el(
        'select',
        { id: `plane-dim-${axis === 0 ? 'x' : 'y'}` },
        Array.from({ length: d }, (_, i) =>
          el('option', { value: i, text: `z${i + 1}`, selected: i === dims[axis] }),
        ),
      );
      s.addEventListener('change', () => {
        dims[axis] = Number(s.value);
        refreshGrid(undefined);
      });
      return s;
    };
    controls.push(
      el('div', { class: 'row' }, [field('Horizontal', select(0)), field('Vertical', select(1))]),
    );
  }
  const names = ctx.classNames;
  const legend = el(
    'div',
    { class: 'legend' },
    names
      .slice(0, 20)
      .map((name, i) =>
        el('span', {}, [
          el('i', { style: `background:${CLASS_COLOURS[i % CLASS_COLOURS.length]}` }),
          name,
        ]),
      ),
  );
  draw();
  refreshGrid(undefined);
  const what =
    d === 1
      ? 'The one latent dimension (both axes).'
      : d === 2
        ? 'The whole 2-D latent space.'
        : `Two of ${d} dimensions; the others keep their slider values.`;
  return card(
    'Latent plane',
    [
      el('p', {
        class: 'muted small',
        text: `${what} Click or drag to decode. Dots: codes of ${count} validation examples.`,
      }),
      ...controls,
      canvas,
      ...(labels.length > 0 ? [legend] : []),
      el('label', { class: 'check' }, [showGrid, 'Decoded images behind the dots']),
      note,
    ],
    { class: 'plane-card' },
  );
}
