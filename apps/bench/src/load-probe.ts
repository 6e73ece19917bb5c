/**
 * Child process of the data-loading benchmark: loads one dataset once and prints, as JSON,
 * how long it took and how many bytes it holds afterwards. Run with `--expose-gc` so the
 * retained size is measured after garbage collection, in a fresh process so that nothing
 * else is on the heap.
 *
 * Usage: node --expose-gc dist/load-probe.js mnist-train
 */
import { exampleSize } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('load-probe needs node --expose-gc');

/** Bytes on the JS heap plus array buffers, after a full collection. */
function heldBytes(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const which = process.argv[2] ?? 'mnist-train';
const split = which === 'mnist-test' ? 'test' : 'train';
const before = heldBytes();
const started = performance.now();
const ds = await loadMnist({ split });
const seconds = (performance.now() - started) / 1000;
const after = heldBytes();
const pixelBytes = ds.count * exampleSize(ds) * 4;
process.stdout.write(
  `${JSON.stringify({ dataset: ds.name, count: ds.count, seconds, heldBytes: after - before, pixelBytes })}\n`,
);
// Keep `ds` alive until after the measurement.
if (ds.x.length === 0) process.exitCode = 2;
