/**
 * `@ae/datasets/node`: loaders that read files with Node's `fs` and `zlib` or
 * download them. Everything browser-safe lives in the main entry `@ae/datasets`.
 */

export { loadCsv } from './csv-file.js';
export { decodePng, type RgbaImage, rgbaToChannels } from './decode-png.js';
export { defaultCacheRoot } from './download-cache.js';
export {
  FASHION_MNIST_CLASS_NAMES,
  type FashionMnistOptions,
  loadFashionMnist,
} from './fashion-mnist.js';
export { fashionMnistPackageDir } from './fashion-mnist-package.js';
export {
  type IdxSourceFiles,
  type IdxSourceOptions,
  idxCacheDir,
  loadIdxDataset,
} from './idx-source.js';
export { type ImageFolderOptions, loadImageFolder } from './image-folder.js';
export {
  type LoadDataSourceOptions,
  loadDataSource,
  SHAPES_RANDOM_COUNT,
} from './load-data-source.js';
export { type LoadRunDataOptions, loadRunData, type SourceRunData } from './load-run-data.js';
export {
  loadMnist,
  MNIST_CLASS_NAMES,
  MNIST_FILES,
  type MnistOptions,
  mnistDataDir,
  type ResolvePackage,
} from './mnist.js';
export { readIdxFile } from './read-idx-file.js';
export { resolveDataSource } from './resolve-data-source.js';
export { sourceFolderHolding } from './source-folder.js';
