/**
 * The Train tab: settings, Start / Stop, and live progress of the training worker (step
 * counter, backend, loss curves, reconstructions of 8 test digits).
 *
 * `#train-status` carries the state for scripts and tests: `data-state` (`idle`, `starting`,
 * `training`, `exporting`, `done`, `stopped`, `error`), `data-step`, `data-backend`.
 */
import type { BackendName } from '@ae/backend';
import { errorMessage } from './demo-error.js';
import { card, el, field, formatNumber } from './dom.js';
import { paintImages, pixelCanvas } from './image-canvas.js';
import { LossCharts } from './loss-charts.js';
import type { ExportData, FromWorker, ToWorker } from './train-protocol.js';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  MODEL_KINDS,
  MODEL_LABELS,
  type ModelKind,
  type TrainSettings,
} from './train-settings.js';

/** Options of {@link TrainPanel}. */
export interface TrainPanelOptions {
  /** Absolute URL of the `data/` folder with the MNIST slice. */
  dataUrl: string;
  /** A backend forced with `?backend=`, if any. */
  backend?: BackendName;
  /** Called with each model that finished (or was stopped) training. */
  onTrained(data: ExportData): void;
  /** Called when the user asks to explore the trained model. */
  onExplore(): void;
}

function numberInput(id: string, value: number, min: number, max: number, step: string) {
  return el('input', {
    id,
    type: 'number',
    value,
    min,
    max,
    step,
    inputmode: 'decimal',
    required: true,
  });
}

/** The Train tab. */
export class TrainPanel {
  /** The tab's root element. */
  readonly element: HTMLElement;
  private readonly model = el(
    'select',
    { id: 'model-kind' },
    MODEL_KINDS.map((k) =>
      el('option', { value: k, text: MODEL_LABELS[k], selected: k === DEFAULT_SETTINGS.model }),
    ),
  );
  private readonly latentDim = numberInput('latent-dim', DEFAULT_SETTINGS.latentDim, 1, 64, '1');
  private readonly epochs = numberInput('epochs', DEFAULT_SETTINGS.epochs, 1, 100, '1');
  private readonly learningRate = numberInput(
    'learning-rate',
    DEFAULT_SETTINGS.learningRate,
    0.0001,
    0.1,
    'any',
  );
  private readonly batchSize = numberInput('batch-size', DEFAULT_SETTINGS.batchSize, 1, 1024, '1');
  private readonly hidden = numberInput('hidden', DEFAULT_SETTINGS.hidden, 8, 2048, '1');
  private readonly startButton = el('button', {
    id: 'train-start',
    type: 'submit',
    class: 'primary',
    text: 'Train',
  });
  private readonly stopButton = el('button', {
    id: 'train-stop',
    type: 'button',
    text: 'Stop',
    disabled: true,
  });
  private readonly exploreButton = el('button', {
    id: 'train-explore',
    type: 'button',
    text: 'Explore this model →',
    hidden: true,
  });
  private readonly status = el('div', {
    id: 'train-status',
    class: 'status',
    'data-state': 'idle',
    'data-step': 0,
  });
  private readonly statusText = el('p', {
    text: 'Pick a model and press Train. Data: 5,000 MNIST training digits, 1,000 test digits.',
  });
  private readonly charts = new LossCharts();
  private readonly previews = pixelCanvas('previews', 'test digits');
  private readonly reconstructions = pixelCanvas('reconstructions', 'their reconstructions');
  private readonly reconEmpty = el('p', {
    id: 'recon-empty',
    class: 'muted',
    text: 'Eight test digits and their reconstructions appear here when training starts.',
  });
  private worker: Worker | undefined;
  private backendName = '';
  private plan = { epochs: 0, batchesPerEpoch: 0 };
  private lastEpoch = '';

  constructor(private readonly options: TrainPanelOptions) {
    const form = el('form', { class: 'settings' }, [
      field('Model', this.model),
      field('Latent dim', this.latentDim, '2 gives a latent plane'),
      field('Epochs', this.epochs),
      field('Learning rate', this.learningRate),
      field('Batch size', this.batchSize),
      field('Hidden units', this.hidden, 'one dense layer each side'),
      el('div', { class: 'buttons' }, [this.startButton, this.stopButton]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
    // Until training starts, a note instead of empty (black) canvases.
    this.previews.hidden = true;
    this.reconstructions.hidden = true;
    this.stopButton.addEventListener('click', () => this.stop());
    this.exploreButton.addEventListener('click', () => this.options.onExplore());
    this.status.append(this.statusText, this.exploreButton);
    this.element = el('div', { class: 'panel-grid train-grid' }, [
      card('Settings', [form], { class: 'settings-card' }),
      card('Progress', [this.status], { class: 'status-card' }),
      card('Loss terms (per step)', [this.charts.element], { class: 'charts-card' }),
      card(
        'Test digits and their reconstructions',
        [
          el('div', { class: 'recon-rows' }, [
            this.reconEmpty,
            this.previews,
            this.reconstructions,
          ]),
        ],
        { class: 'recon-card' },
      ),
    ]);
  }

  private readSettings(): TrainSettings {
    return checkSettings({
      model: this.model.value as ModelKind,
      latentDim: this.latentDim.valueAsNumber,
      epochs: this.epochs.valueAsNumber,
      learningRate: this.learningRate.valueAsNumber,
      batchSize: this.batchSize.valueAsNumber,
      hidden: this.hidden.valueAsNumber,
      seed: DEFAULT_SETTINGS.seed,
    });
  }

  private setState(state: string, text: string): void {
    this.status.dataset.state = state;
    this.statusText.textContent = text;
    const running = state === 'starting' || state === 'training' || state === 'exporting';
    this.startButton.disabled = running;
    this.stopButton.disabled = !(state === 'starting' || state === 'training');
  }

  /** Starts a training run in a new worker (ending any previous one). */
  start(): void {
    let settings: TrainSettings;
    try {
      settings = this.readSettings();
    } catch (error) {
      this.setState('error', errorMessage(error));
      return;
    }
    this.worker?.terminate();
    this.charts.reset();
    this.exploreButton.hidden = true;
    this.lastEpoch = '';
    this.status.dataset.step = '0';
    this.setState('starting', 'Starting the backend and loading the data…');
    const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onMessage(event.data);
    worker.onerror = (event) => this.setState('error', `Training worker failed: ${event.message}`);
    this.worker = worker;
    const message: ToWorker = {
      type: 'start',
      settings,
      dataUrl: this.options.dataUrl,
      ...(this.options.backend ? { backend: this.options.backend } : {}),
    };
    worker.postMessage(message);
  }

  /** Asks the worker to stop after its current step. */
  stop(): void {
    const message: ToWorker = { type: 'stop' };
    this.worker?.postMessage(message);
    this.stopButton.disabled = true;
  }

  private progress(step: number, epoch: number): string {
    const total = this.plan.epochs * this.plan.batchesPerEpoch;
    return `Training on ${this.backendName}: step ${step} of ${total}, epoch ${epoch} of ${this.plan.epochs}.${this.lastEpoch}`;
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'backend':
        this.backendName = m.name;
        this.status.dataset.backend = m.name;
        this.status.title = [...m.skipped, ...(m.note ? [m.note] : [])].join('\n');
        this.setState(
          'starting',
          `Backend: ${m.name}${m.note ? ` (${m.note})` : ''}. Loading the data…`,
        );
        break;
      case 'begin':
        this.plan = { epochs: m.epochs, batchesPerEpoch: m.batchesPerEpoch };
        paintImages(this.previews, m.previews, { count: 8, height: 28, width: 28 });
        // Reconstructions follow after the first steps: a dark strip of the right size until then.
        if (this.reconstructions.hidden) {
          paintImages(this.reconstructions, new Float32Array(8 * 784), {
            count: 8,
            height: 28,
            width: 28,
          });
        }
        this.reconEmpty.hidden = true;
        this.previews.hidden = false;
        this.reconstructions.hidden = false;
        this.setState('training', this.progress(0, 1));
        break;
      case 'step':
        this.charts.add(m.step, m.logs);
        this.status.dataset.step = String(m.step);
        this.statusText.textContent = this.progress(m.step, m.epoch);
        break;
      case 'reconstructions':
        paintImages(this.reconstructions, m.images, { count: 8, height: 28, width: 28 });
        this.reconstructions.dataset.step = String(m.step);
        break;
      case 'epoch': {
        const { val_total: val, samplesPerSecond: speed } = m.logs;
        this.lastEpoch = ` Epoch ${m.epoch}: validation loss ${formatNumber(val ?? Number.NaN)}, ${Math.round(speed ?? 0)} samples/s.`;
        break;
      }
      case 'exporting':
        this.setState('exporting', 'Scoring the test digits for the Explore tab…');
        break;
      case 'done':
        this.worker?.terminate();
        this.worker = undefined;
        this.setState(
          m.stopped ? 'stopped' : 'done',
          `${m.stopped ? 'Stopped' : 'Done'} after ${m.steps} steps on ${this.backendName}.${this.lastEpoch}`,
        );
        this.exploreButton.hidden = false;
        this.options.onTrained(m.data);
        break;
      case 'error':
        this.worker?.terminate();
        this.worker = undefined;
        this.setState('error', `Training failed: ${m.message}`);
        break;
    }
  }
}
