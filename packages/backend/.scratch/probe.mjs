import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
console.log(tf.env().get('IS_NODE'));
await tf.setBackend('wasm');
console.log(tf.getBackend(), await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
const tryit = (name, f) => { try { tf.tidy(f); console.log('OK', name); } catch (e) { console.log('FAIL', name, e.message); } };
const x4 = tf.randomNormal([2, 8, 8, 3]);
const w = tf.variable(tf.randomNormal([3, 3, 3, 4]));
for (const s of [1, 2]) for (const p of ['same', 'valid'])
  tryit(`conv2d s${s} ${p}`, () => tf.variableGrads(() => tf.sum(tf.conv2d(x4, w, s, p))));
const wt = tf.variable(tf.randomNormal([3, 3, 4, 3]));
tryit('conv2dTranspose', () => tf.variableGrads(() => tf.sum(tf.conv2dTranspose(x4, wt, [2, 16, 16, 4], 2, 'same'))));
const xv = tf.variable(x4);
tryit('maxPool', () => tf.variableGrads(() => tf.sum(tf.maxPool(xv, 2, 2, 'same'))));
tryit('avgPool', () => tf.variableGrads(() => tf.sum(tf.avgPool(xv, 2, 2, 'same'))));
tryit('resizeNN', () => tf.variableGrads(() => tf.sum(tf.image.resizeNearestNeighbor(xv, [16, 16]))));
tryit('resizeBil', () => tf.variableGrads(() => tf.sum(tf.image.resizeBilinear(xv, [16, 16]))));
tryit('dense ops', () => tf.variableGrads(() => tf.sum(tf.add(tf.add(tf.relu(xv), tf.sigmoid(xv)), tf.add(tf.softplus(xv), tf.add(tf.exp(xv), tf.log(tf.add(tf.abs(xv), 1))))))));
tryit('more ops', () => tf.variableGrads(() => tf.sum(tf.add(tf.tanh(xv), tf.add(tf.elu(xv), tf.add(tf.leakyRelu(xv, 0.2), tf.add(tf.square(xv), tf.add(tf.sqrt(tf.add(tf.square(xv), 1)), tf.logSigmoid(xv)))))))));
tryit('matmul', () => { const a = tf.variable(tf.randomNormal([4, 5])); return tf.variableGrads(() => tf.sum(tf.matMul(tf.randomNormal([3, 4]), a))); });
tryit('batchNorm', () => tf.variableGrads(() => { const m = tf.moments(xv, [0, 1, 2]); return tf.sum(tf.batchNorm(xv, m.mean, m.variance, undefined, undefined, 1e-3)); }));
tryit('dropout', () => tf.variableGrads(() => tf.sum(tf.dropout(xv, 0.5))));
const cb = tf.variable(tf.randomNormal([10, 4]));
tryit('gather', () => tf.variableGrads(() => tf.sum(tf.gather(cb, tf.tensor1d([1, 2, 2, 9], 'int32')))));
tryit('gather grad tf.grad', () => tf.grad((c) => tf.sum(tf.gather(c, tf.tensor1d([1, 2, 2, 9], 'int32'))))(cb));
tryit('argmin/onehot/min', () => tf.variableGrads(() => { const d = tf.sum(tf.square(tf.sub(tf.expandDims(tf.randomNormal([5, 4]), 1), cb)), 2); const i = tf.argMin(d, 1); return tf.add(tf.sum(tf.matMul(tf.oneHot(i, 10), cb)), tf.sum(tf.min(d, 1))); }));
tryit('depthwise', () => { const dw = tf.variable(tf.randomNormal([3, 3, 3, 2])); return tf.variableGrads(() => tf.sum(tf.depthwiseConv2d(xv, dw, 1, 'same'))); });
tryit('separable', () => { const dw = tf.variable(tf.randomNormal([3, 3, 3, 2])); const pw = tf.variable(tf.randomNormal([1,1,6,4])); return tf.variableGrads(() => tf.sum(tf.separableConv2d(xv, dw, pw, 1, 'same'))); });
tryit('logSumExp/softmax', () => tf.variableGrads(() => tf.sum(tf.add(tf.logSumExp(xv, -1), tf.sum(tf.logSoftmax(xv), -1)))));
tryit('clip/where/max', () => tf.variableGrads(() => tf.sum(tf.add(tf.clipByValue(xv, -1, 1), tf.where(tf.greater(xv, 0), xv, tf.neg(xv))))));
tryit('concat/slice/pad/reshape', () => tf.variableGrads(() => tf.sum(tf.pad(tf.slice(tf.concat([xv, xv], 3), [0,0,0,1],[-1,-1,-1,3]), [[0,0],[1,1],[1,1],[0,0]]))));
// layers
const models = {
  dense: () => tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [12], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 12, activation: 'sigmoid' })] }),
  conv: () => tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), tfl.layers.batchNormalization(), tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' })] }),
  pool: () => tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.dropout({rate: 0.2}), tfl.layers.upSampling2d({ size: [2, 2] }), tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'sigmoid' })] }),
};
for (const [k, mk] of Object.entries(models)) {
  const m = mk(); m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const x = k === 'dense' ? tf.randomUniform([4, 12]) : tf.randomUniform([4, 8, 8, 3]);
  try { const h = await m.fit(x, x, { epochs: 1, batchSize: 4, verbose: 0 }); console.log('OK layers', k, h.history.loss); } catch (e) { console.log('FAIL layers', k, e.message); }
}
