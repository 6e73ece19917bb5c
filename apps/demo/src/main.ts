/**
 * The demo page: a Train tab (a model trained in a worker, with live curves) and an Explore
 * tab (a trained or exported model's latent space). `?model=<url>` opens an export folder;
 * `?backend=wasm` (or webgl, cpu) forces a backend.
 */
import './style.css';
import * as tf from '@tensorflow/tfjs-core';
import { requestedBackend, startBackend } from './backend.js';
import { errorMessage } from './demo-error.js';
import { el } from './dom.js';
import { ExplorePanel } from './explore-panel.js';
import { createTabs } from './tabs.js';
import { TrainPanel } from './train-panel.js';

const params = new URLSearchParams(location.search);
const backend = requestedBackend(location.search);
const backendLabel = el('span', { id: 'page-backend', class: 'muted small' });

let backendReady: Promise<unknown> | undefined;
const ready = () => {
  backendReady ??= startBackend(backend).then(
    (info) => {
      backendLabel.textContent = `Backend: ${info.name}`;
      backendLabel.title = info.note ?? '';
      backendLabel.dataset.backend = info.name;
    },
    (error: unknown) => {
      backendLabel.textContent = `No backend: ${errorMessage(error)}`;
      throw error;
    },
  );
  return backendReady;
};

const explore = new ExplorePanel(ready);
let tabs: ReturnType<typeof createTabs> | undefined;
const train = new TrainPanel({
  dataUrl: new URL('data/', location.href).href,
  ...(backend ? { backend } : {}),
  onTrained: (data) => explore.setTrained(data),
  onExplore: () => {
    tabs?.select('explore');
    void explore.loadTrained();
  },
});
// The label names the page's own backend, which only the Explore tab uses (training runs in
// a worker, whose backend the Train tab's progress line names).
tabs = createTabs(
  [
    { id: 'train', label: 'Train', panel: train.element },
    { id: 'explore', label: 'Explore', panel: explore.element },
  ],
  (id) => {
    backendLabel.hidden = id !== 'explore';
  },
);

document.body.replaceChildren(
  el('header', { class: 'top' }, [
    el('h1', {}, ['Autoencoders ', el('span', { class: 'muted', text: 'in the browser' })]),
    tabs.bar,
    backendLabel,
  ]),
  el('main', {}, tabs.panels),
);

/** For scripts and tests: live tensor count of the page's backend (leak checks). */
(globalThis as { aeDemo?: unknown }).aeDemo = { numTensors: () => tf.memory().numTensors };

void ready().catch(() => undefined);
const model = params.get('model');
if (model) {
  tabs.select('explore');
  void explore.loadUrl(model);
}
