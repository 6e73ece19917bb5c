/**
 * The Explore tab: loads a model (an `ae export` folder by URL, or the model trained in the
 * page) and shows its views.
 *
 * `#explore-status` carries `data-state`: `empty`, `loading`, `ready` or `error`.
 */
import { codeUsageView } from './code-usage-view.js';
import { decodedView } from './decoded-view.js';
import { errorMessage } from './demo-error.js';
import { card, el } from './dom.js';
import { drawView } from './draw-view.js';
import { ExploreContext } from './explore-context.js';
import { type ExploreBundle, loadExportData, loadExportUrl } from './explore-source.js';
import { interpolationView } from './interpolation-view.js';
import { latentPlaneView } from './latent-plane.js';
import { samplerView } from './sampler-view.js';
import type { ExportData } from './train-protocol.js';

/** The Explore tab. */
export class ExplorePanel {
  /** The tab's root element. */
  readonly element: HTMLElement;
  private readonly url = el('input', {
    id: 'model-url',
    type: 'url',
    placeholder: 'URL of an ae export folder, e.g. https://…/web/',
    'aria-label': 'URL of an export folder',
  });
  private readonly trainedButton = el('button', {
    type: 'button',
    id: 'explore-trained',
    text: 'Use the model trained here',
    disabled: true,
  });
  private readonly status = el('p', {
    id: 'explore-status',
    class: 'status',
    'data-state': 'empty',
  });
  private readonly views = el('div', { class: 'panel-grid explore-grid', id: 'explore-views' });
  private context: ExploreContext | undefined;
  private trained: ExportData | undefined;
  private loads = 0;

  constructor(
    /** A function that makes sure the page's backend is running. */
    private readonly ready: () => Promise<unknown>,
  ) {
    const form = el('form', { class: 'source' }, [
      this.url,
      el('button', { type: 'submit', class: 'primary', text: 'Load' }),
      this.trainedButton,
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.url.value.trim() !== '') void this.loadUrl(this.url.value);
    });
    this.trainedButton.addEventListener('click', () => void this.loadTrained());
    this.status.append(
      'Load a folder written by ',
      el('code', { text: 'ae export' }),
      ' (or add ',
      el('code', { text: '?model=<url>' }),
      ' to the page address), or train a model in the Train tab.',
    );
    this.element = el('div', { class: 'explore' }, [
      card('Model', [form, this.status], { class: 'source-card' }),
      this.views,
    ]);
  }

  /** Remembers the latest model trained in the page. */
  setTrained(data: ExportData): void {
    this.trained = data;
    this.trainedButton.disabled = false;
  }

  /** Loads and shows the export folder at `url`. */
  loadUrl(url: string): Promise<void> {
    this.url.value = url;
    return this.show(`Loading ${url}…`, () => loadExportUrl(url, location.href));
  }

  /** Loads and shows the model trained in the page. */
  loadTrained(): Promise<void> {
    const data = this.trained;
    if (!data) return Promise.resolve();
    return this.show('Loading the trained model…', () => loadExportData(data));
  }

  private async show(message: string, load: () => Promise<ExploreBundle>): Promise<void> {
    const ticket = ++this.loads;
    this.status.dataset.state = 'loading';
    this.status.textContent = message;
    try {
      await this.ready();
      const bundle = await load();
      const context = await ExploreContext.create(bundle);
      if (ticket !== this.loads) {
        context.dispose();
        return;
      }
      this.context?.dispose();
      this.context = context;
      const usage = await codeUsageView(context);
      const cards = [
        latentPlaneView(context),
        decodedView(context),
        drawView(context),
        interpolationView(context),
        samplerView(context),
        usage,
      ].filter((c): c is HTMLElement => c !== null);
      this.views.replaceChildren(...cards);
      const { meta } = bundle;
      this.status.dataset.state = 'ready';
      this.status.textContent = `${meta.model} (${meta.family}), latent dim ${meta.latentDim}${meta.numClasses > 0 ? `, ${meta.numClasses} classes` : ''}, ${meta.examples.count} examples — from ${bundle.source}.`;
    } catch (error) {
      if (ticket !== this.loads) return;
      this.status.dataset.state = 'error';
      this.status.textContent = `Could not load: ${errorMessage(error)}`;
    }
  }
}
