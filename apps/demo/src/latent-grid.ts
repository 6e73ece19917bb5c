/**
 * The decoded grid behind the latent plane: the decoder's image at the centre of each tile of
 * a `tiles × tiles` grid over two latent dimensions (the others at the current point), so the
 * plane shows what each region decodes to. Painted as dark ink on white.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExploreContext } from './explore-context.js';
import { paintImages } from './image-canvas.js';

/**
 * Decodes the grid over dimensions `dims` and paints it, top row = highest value of `dims[1]`,
 * into a new canvas of `tiles·w × tiles·h` pixels (no gaps).
 */
export async function decodeGrid(
  ctx: ExploreContext,
  dims: readonly [number, number],
  tiles: number,
): Promise<HTMLCanvasElement> {
  const { model, meta } = ctx.bundle;
  const [h, w, c] = meta.inputShape;
  const d = model.latentDim;
  const [a, b] = dims;
  const [aLo, aHi] = ctx.ranges[a] ?? [-1, 1];
  const [bLo, bHi] = ctx.ranges[b] ?? [-1, 1];
  const z = new Float32Array(tiles * tiles * d);
  for (let row = 0; row < tiles; row++) {
    for (let col = 0; col < tiles; col++) {
      const k = row * tiles + col;
      z.set(ctx.z, k * d);
      z[k * d + a] = aLo + ((col + 0.5) / tiles) * (aHi - aLo);
      if (b !== a) z[k * d + b] = bHi - ((row + 0.5) / tiles) * (bHi - bLo);
    }
  }
  const zt = tf.tensor2d(z, [tiles * tiles, d]);
  const labels = ctx.labelTensor(tiles * tiles);
  const y = model.decode(zt, labels ? { labels } : {});
  const pixels = await y.data();
  tf.dispose([zt, labels, y]);
  const canvas = document.createElement('canvas');
  paintImages(canvas, pixels, {
    count: tiles * tiles,
    height: h,
    width: w,
    channels: c,
    columns: tiles,
    gap: 0,
  });
  // Dark ink on white, so the coloured dots drawn over it stay visible.
  const g = canvas.getContext('2d');
  if (g) {
    g.globalCompositeOperation = 'difference';
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
  }
  return canvas;
}
