import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
for (const b of ['cpu', 'wasm']) {
await tf.setBackend(b);
const tryit = (name, f) => { try { tf.tidy(f); console.log(b, 'OK', name); } catch (e) { console.log(b, 'FAIL', name, e.message); } };
const xv = tf.variable(tf.randomNormal([2, 8, 8, 3]));
tryit('batchNorm no scale', () => tf.variableGrads(() => { const m = tf.moments(xv, [0, 1, 2]); return tf.sum(tf.batchNorm(xv, m.mean, m.variance, undefined, undefined, 1e-3)); }));
const g = tf.variable(tf.ones([3])), be = tf.variable(tf.zeros([3]));
tryit('batchNorm scale', () => tf.variableGrads(() => { const m = tf.moments(xv, [0, 1, 2]); return tf.sum(tf.square(tf.batchNorm(xv, m.mean, m.variance, be, g, 1e-3))); }));
tryit('clip', () => tf.variableGrads(() => tf.sum(tf.clipByValue(xv, -1, 1))));
tryit('maximum', () => tf.variableGrads(() => tf.sum(tf.maximum(xv, tf.neg(xv)))));
tryit('where', () => tf.variableGrads(() => tf.sum(tf.where(tf.greater(xv, 0), xv, tf.neg(xv)))));
}
