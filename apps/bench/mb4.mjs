import { createAdam, createRng, initBackend } from '@ae/backend';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { NETWORKS } from './dist/networks.js';
import { batchTensor, handStep } from './dist/overhead-loop.js';
await initBackend({ backend: 'wasm' });
const train = await loadMnist({ split: 'train' });
const model = NETWORKS.find((n) => n.name === (process.argv[2] ?? 'mlp-vae')).build(1);
const opt = createAdam(1e-3);
const proto = Object.getPrototypeOf(opt);
const orig = proto.applyGradients;
let applyMs = 0;
proto.applyGradients = function (g) { const t = performance.now(); orig.call(this, g); applyMs += performance.now() - t; };
const order = createRng(7).permutation(train.count);
let step = 0;
const next = () => { const s = (step++ * 128) % (train.count - 128); return batchTensor(train, order.subarray(s, s + 128)); };
let tot = 0;
for (let i = 1; i <= 1600; i++) { const x = next(); const t = performance.now(); handStep(model, opt, x); tot += performance.now() - t; x.dispose();
  if (i % 200 === 0) { console.log(i, 'step', (tot / 200).toFixed(2), 'adam', (applyMs / 200).toFixed(2)); tot = 0; applyMs = 0; } }
