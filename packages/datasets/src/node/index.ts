/**
 * `@ae/datasets/node`: loaders that read files with Node's `fs` and `zlib`.
 * Everything browser-safe lives in the main entry `@ae/datasets`.
 */

export {
  loadMnist,
  MNIST_CLASS_NAMES,
  MNIST_FILES,
  type MnistOptions,
  mnistDataDir,
} from './mnist.js';
export { readIdxFile } from './read-idx-file.js';
