import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
for (const b of ['cpu', 'wasm']) {
  await tf.setBackend(b);
  const r = tf.scatterND(tf.tensor2d([[0], [2], [0], [1]], [4, 1], 'int32'), tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]), [3, 2]);
  console.log(b, Array.from(r.dataSync()));
  try { const r2 = tf.scatterND(tf.tensor2d([[0], [5], [-1], [1]], [4, 1], 'int32'), tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]), [3, 2]); console.log(b, 'oor', Array.from(r2.dataSync())); } catch (e) { console.log(b, 'oor err', e.message); }
  try { console.log(b, 'uss', Array.from(tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]), tf.tensor1d([0, 5, -1, 1], 'int32'), 3).dataSync())); } catch (e) { console.log(b, 'uss err', e.message); }
}
