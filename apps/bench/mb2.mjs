import { createAdam, createRng, initBackend } from '@ae/backend';
import { loadMnist } from '@ae/datasets/node';
import * as tf from '@tensorflow/tfjs-core';
import { NETWORKS } from './dist/networks.js';
import { batchTensor, handStep } from './dist/overhead-loop.js';
await initBackend({ backend: 'wasm' });
const train = await loadMnist({ split: 'train' });
const net = NETWORKS.find((n) => n.name === (process.argv[2] ?? 'dense-ae-32'));
const model = net.build(1);
const opt = createAdam(1e-3);
const proto = Object.getPrototypeOf(opt);
const orig = proto.applyGradients;
let applyMs = 0, subMs = 0;
proto.applyGradients = function (g) { const t = performance.now(); orig.call(this, g); applyMs += performance.now() - t; };
const order = createRng(7).permutation(train.count);
let step = 0;
const next = () => { const s = (step++ * 128) % (train.count - 128); return batchTensor(train, order.subarray(s, s + 128)); };
for (let i = 0; i < 300; i++) { const x = next(); handStep(model, opt, x); x.dispose(); }
applyMs = 0;
const N = 2000; let tot = 0, batchMs = 0;
for (let i = 0; i < N; i++) { let t = performance.now(); const x = next(); batchMs += performance.now() - t; t = performance.now(); handStep(model, opt, x); tot += performance.now() - t; x.dispose(); }
console.log('step ms', (tot / N).toFixed(3), 'of which applyGradients', (applyMs / N).toFixed(3), 'batch', (batchMs / N).toFixed(3));
