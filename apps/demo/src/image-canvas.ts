/**
 * Paints grey images (values in [0, 1], white ink on black as in MNIST) into canvases at their
 * native resolution; CSS scales them up without smoothing.
 */

/** Layout of {@link paintImages}. */
export interface GridLayout {
  /** Number of images. */
  count: number;
  /** Height of one image. */
  height: number;
  /** Width of one image. */
  width: number;
  /** Images per row; default all in one row. */
  columns?: number;
  /** Channels per pixel (1 grey or 3 RGB); default 1. */
  channels?: number;
  /** Pixels of gap between images; default 1. */
  gap?: number;
}

/** Paints `pixels` (`count × height × width × channels`) as a grid into `canvas`. */
export function paintImages(
  canvas: HTMLCanvasElement,
  pixels: ArrayLike<number>,
  layout: GridLayout,
): void {
  const { count, height, width, channels = 1, gap = 1 } = layout;
  const columns = Math.max(1, Math.min(layout.columns ?? count, count));
  const rows = Math.ceil(count / columns);
  canvas.width = columns * width + (columns - 1) * gap;
  canvas.height = rows * height + (rows - 1) * gap;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(canvas.width, canvas.height);
  const data = image.data;
  // Gaps are a dim grey so neighbouring digits stay apart.
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 60;
    data[i + 1] = 60;
    data[i + 2] = 60;
    data[i + 3] = 255;
  }
  const size = height * width * channels;
  for (let n = 0; n < count; n++) {
    const ox = (n % columns) * (width + gap);
    const oy = Math.floor(n / columns) * (height + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = n * size + (y * width + x) * channels;
        const dst = ((oy + y) * canvas.width + ox + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = pixels[src + (channels === 1 ? 0 : c)] ?? 0;
          data[dst + c] = Math.round(255 * Math.min(1, Math.max(0, v)));
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** A canvas for {@link paintImages}, scaled by CSS (`class="pixels"`). */
export function pixelCanvas(id: string, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.id = id;
  canvas.className = 'pixels';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  canvas.width = 28;
  canvas.height = 28;
  return canvas;
}
