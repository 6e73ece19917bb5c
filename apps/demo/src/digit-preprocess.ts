/**
 * Turns a drawing into a 28×28 image prepared like MNIST's digits: the ink's bounding box is
 * scaled (keeping its aspect ratio) to fit a 20×20 box with area averaging, placed so that its
 * centre of mass sits at the centre of the 28×28 field, then softened by a small blur.
 */

/** Side of the output image. */
export const MNIST_SIDE = 28;
/** Side of the box the digit is scaled into. */
const BOX = 20;
/** Pixels at or below this value count as background when finding the ink. */
const INK = 0.05;

/** The bounding box of the ink, or `null` for an empty drawing. */
function inkBox(pixels: Float32Array, width: number, height: number) {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((pixels[y * width + x] as number) > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * Resamples a `w`×`h` region at (`x0`, `y0`) of `pixels` to `tw`×`th`: each output pixel is
 * the area-weighted mean of the input it covers (box filter), which anti-aliases when shrinking.
 */
function resample(
  pixels: Float32Array,
  width: number,
  box: { x0: number; y0: number; w: number; h: number },
  tw: number,
  th: number,
): Float32Array {
  const out = new Float32Array(tw * th);
  const sx = box.w / tw;
  const sy = box.h / th;
  for (let ty = 0; ty < th; ty++) {
    const ya = ty * sy;
    const yb = ya + sy;
    for (let tx = 0; tx < tw; tx++) {
      const xa = tx * sx;
      const xb = xa + sx;
      let sum = 0;
      for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        const row = (box.y0 + y) * width + box.x0;
        for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
          const wx = Math.min(xb, x + 1) - Math.max(xa, x);
          sum += wx * wy * (pixels[row + x] as number);
        }
      }
      out[ty * tw + tx] = sum / (sx * sy);
    }
  }
  return out;
}

/** A separable [1, 2, 1] / 4 blur with zero padding. */
function blur(img: Float32Array, side: number): Float32Array {
  const tmp = new Float32Array(img.length);
  const out = new Float32Array(img.length);
  const at = (a: Float32Array, x: number, y: number) =>
    x < 0 || y < 0 || x >= side || y >= side ? 0 : (a[y * side + x] as number);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      tmp[y * side + x] = (at(img, x - 1, y) + 2 * at(img, x, y) + at(img, x + 1, y)) / 4;
    }
  }
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      out[y * side + x] = (at(tmp, x, y - 1) + 2 * at(tmp, x, y) + at(tmp, x, y + 1)) / 4;
    }
  }
  return out;
}

/**
 * A `width`×`height` grey drawing (ink in (0, 1], background 0) → a 28×28 MNIST-like image
 * with values in [0, 1] and the brightest pixel at 1, or `null` when nothing was drawn.
 */
export function toMnistDigit(
  pixels: Float32Array,
  width: number,
  height: number,
): Float32Array | null {
  const box = inkBox(pixels, width, height);
  if (box === null) return null;
  const scale = BOX / Math.max(box.w, box.h);
  const tw = Math.max(1, Math.round(box.w * scale));
  const th = Math.max(1, Math.round(box.h * scale));
  const small = resample(pixels, width, box, tw, th);

  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x] as number;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  // Shift so the centre of mass lands on the field's centre (14, 14), in whole pixels.
  const dx = Math.round(MNIST_SIDE / 2 - mx / mass);
  const dy = Math.round(MNIST_SIDE / 2 - my / mass);
  const field = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < th; y++) {
    const fy = y + dy;
    if (fy < 0 || fy >= MNIST_SIDE) continue;
    for (let x = 0; x < tw; x++) {
      const fx = x + dx;
      if (fx >= 0 && fx < MNIST_SIDE) field[fy * MNIST_SIDE + fx] = small[y * tw + x] as number;
    }
  }
  const soft = blur(field, MNIST_SIDE);
  let max = 0;
  for (const v of soft) max = Math.max(max, v);
  for (let i = 0; i < soft.length; i++) soft[i] = Math.min(1, (soft[i] as number) / max);
  return soft;
}
