import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { setUpCpuAndWasm } from '../src/test-utils/backends.js';

it('bench', async () => {
  await setUpCpuAndWasm();
  const cases: Array<[number[], number[], number, string]> = [
    [[128, 28, 28, 1], [3, 3, 1, 16], 2, 'same'],
    [[128, 14, 14, 16], [3, 3, 16, 32], 2, 'same'],
    [[128, 7, 7, 32], [3, 3, 32, 64], 2, 'same'],
    [[128, 28, 28, 32], [3, 3, 32, 32], 1, 'same'],
  ];
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    for (const [xs, ws, s, p] of cases) {
      const x = tf.randomNormal(xs) as tf.Tensor4D;
      const w = tf.randomNormal(ws) as tf.Tensor4D;
      const y = tf.conv2d(x, w, s, p as 'same');
      const dy = tf.randomNormal(y.shape);
      const time = (f: () => tf.Tensor, n = backend === 'cpu' ? 1 : 5) => { f().dispose(); const t0 = performance.now(); for (let i = 0; i < n; i++) { const r = f(); r.dataSync(); r.dispose(); } return ((performance.now() - t0) / n).toFixed(1); };
      const fwd = time(() => tf.conv2d(x, w, s, p as 'same'));
      const bi = time(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: s, pad: p, dataFormat: 'NHWC', inputShape: xs } as any) as tf.Tensor);
      const bf = time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: s, pad: p, dataFormat: 'NHWC', filterShape: ws } as any) as tf.Tensor);
      console.log(backend, JSON.stringify(xs), JSON.stringify(ws), 's', s, 'fwd', fwd, 'ms  bwdInput', bi, 'ms  bwdFilter', bf, 'ms');
      tf.dispose([x, w, y, dy]);
    }
  }
}, 600000);
