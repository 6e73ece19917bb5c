/**
 * The page in a real headless Chromium: train in the worker (loss goes down, the page stays
 * responsive, Stop works), explore the trained model, load an export folder by URL, decode
 * latent points, move a slider, draw a digit and get an anomaly score, and check the layout on
 * a laptop and a phone (screenshots in `screenshots/`).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseChromium } from '../test/chromium-choice.js';
import { writeExportFixture } from '../test/export-fixture.js';
import { type StaticServer, serveStatic } from '../test/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const shots = join(root, 'screenshots');

let browser: Browser;
let server: StaticServer;
let page: Page;
let work: string;
let fixtureMeta: { anomaly: { quantiles: Record<'p50' | 'p90' | 'p95' | 'p99', number> } };
const problems: string[] = [];

/** Pixel statistics of a canvas: mean and standard deviation of the red channel (0…255). */
async function canvasStats(selector: string): Promise<{ std: number; values: number[] }> {
  return page.$eval(selector, (node) => {
    const c = node as HTMLCanvasElement;
    const data =
      c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const values: number[] = [];
    for (let i = 0; i < data.length; i += 4) values.push(data[i] as number);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    return { std: Math.sqrt(variance), values };
  });
}

async function noHorizontalScroll(): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: run 'pnpm --filter demo build' first.`);
  }
  work = await mkdtemp(join(tmpdir(), 'ae-demo-'));
  fixtureMeta = (await writeExportFixture(work)) as typeof fixtureMeta;
  await mkdir(shots, { recursive: true });
  server = await serveStatic({ '/fixture/': work, '/': dist });
  // Chosen right before the launch: the fixture above trains for a while.
  const choice = await chooseChromium();
  process.stderr.write(`browser test: ${choice.source} Chromium ${choice.executablePath}\n`);
  browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // Waits for the page (training steps, loading a model) on a loaded 2-core machine; the
  // explicit 2 s limits below are the page's responsiveness, which is what they test.
  page.setDefaultTimeout(120_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('demo page in Chromium', () => {
  it('trains in a worker: the loss goes down, clicks are handled meanwhile, Stop stops', async () => {
    await page.goto(`${server.url}/`);
    // Before training: a note, not black canvases; the page's backend label only on Explore.
    expect(await page.isVisible('#recon-empty')).toBe(true);
    expect(await page.isVisible('#previews')).toBe(false);
    expect(await page.isVisible('#reconstructions')).toBe(false);
    await page.waitForSelector('#page-backend[data-backend]', { state: 'attached' });
    expect(await page.isVisible('#page-backend')).toBe(false);
    await page.screenshot({ path: join(shots, 'laptop-before-training.png'), fullPage: true });
    await page.selectOption('#model-kind', 'vae');
    await page.fill('#latent-dim', '2');
    await page.fill('#epochs', '20');
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-state="training"]');
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#train-status')?.dataset.step) >= 20,
    );

    // A click while training is handled at once: the Explore tab opens and the Train tab comes back.
    const before = await page.getAttribute('#train-status', 'data-state');
    const started = Date.now();
    await page.click('#tab-explore');
    await page.waitForSelector('#panel-explore:not([hidden])', { timeout: 2000 });
    const latency = Date.now() - started;
    expect(await page.textContent('#page-backend')).toMatch(/^Backend: (wasm|webgl|cpu|webgpu)$/);
    expect(await page.$$eval('#explore-status code', (cs) => cs.map((c) => c.textContent))).toEqual(
      ['ae export', '?model=<url>'],
    );
    expect(await page.textContent('#explore-status')).not.toContain('`');
    await page.click('#tab-train');
    await page.waitForSelector('#panel-train:not([hidden])', { timeout: 2000 });
    expect(before).toBe('training');
    expect(latency).toBeLessThan(2000);
    expect(await page.getAttribute('#train-status', 'data-state')).toBe('training');
    expect(await page.isVisible('#page-backend')).toBe(false);
    expect(await page.isVisible('#recon-empty')).toBe(false);
    expect(await page.isVisible('#previews')).toBe(true);

    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>('#train-status')?.dataset.step) >= 80,
    );
    await page.waitForSelector('#reconstructions[data-step]');
    await page.click('#train-stop');
    await page.waitForSelector('#train-status[data-state="stopped"]');
    const step = Number(await page.getAttribute('#train-status', 'data-step'));
    expect(step).toBeGreaterThanOrEqual(80);
    expect(step).toBeLessThan(20 * 79); // stopped well before the 20 epochs ended

    const first = Number(await page.getAttribute('#loss-charts', 'data-first-total'));
    const last = Number(await page.getAttribute('#loss-charts', 'data-last-total'));
    // A VAE on MNIST starts near 543 nats (784 · ln 2 with outputs at 0.5) and halves quickly.
    expect(first).toBeGreaterThan(300);
    expect(last).toBeLessThan(0.75 * first);
    const terms = await page.$$eval('.loss-chart', (els) =>
      els.map((e) => (e as HTMLElement).dataset.term),
    );
    expect(terms).toEqual(expect.arrayContaining(['total', 'reconstruction', 'kl']));
    expect((await canvasStats('#reconstructions')).std).toBeGreaterThan(20);
    await page.screenshot({ path: join(shots, 'laptop-train.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await noHorizontalScroll();
    expect(phone.scrollWidth).toBeLessThanOrEqual(phone.innerWidth);
    await page.screenshot({ path: join(shots, 'phone-train.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('explores the model trained in the page', async () => {
    await page.click('#train-explore');
    await page.waitForSelector('#explore-status[data-state="ready"]');
    expect(await page.textContent('#explore-status')).toContain('trained in this page');
    expect((await canvasStats('#decoded')).std).toBeGreaterThan(10);
  });

  it('loads an export folder from ?model=, decodes the latent plane, follows a slider', async () => {
    const folder = `${server.url}/fixture/web/`;
    await page.goto(`${server.url}/?model=${encodeURIComponent(folder)}`);
    await page.waitForSelector('#explore-status[data-state="ready"]');
    expect(await page.inputValue('#model-url')).toBe(folder);
    // A VAE starts at the prior's mean: every slider at 0, in the middle of its range.
    const sliders = await page.$$eval('input[type="range"][data-dim]', (xs) =>
      xs.map((x) => {
        const i = x as HTMLInputElement;
        return { value: i.valueAsNumber, min: Number(i.min), max: Number(i.max) };
      }),
    );
    expect(sliders.length).toBe(2);
    for (const { value, min, max } of sliders) {
      expect(value).toBe(0);
      expect(min).toBeCloseTo(-max, 9);
    }
    expect(await page.textContent('#decoded-note')).toBe('z = (0, 0)');

    const decodes = async () => Number(await page.getAttribute('#decoded', 'data-decodes'));
    const plane = await page.$('#latent-plane');
    const box = await plane?.boundingBox();
    if (!box) throw new Error('latent plane not visible');
    const n0 = await decodes();
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.55);
    await page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('#decoded')?.dataset.decodes) > n,
      n0,
    );
    const decoded = await canvasStats('#decoded');
    // A decoded digit: dark background and bright strokes, far from a flat grey.
    expect(decoded.std).toBeGreaterThan(25);

    const n1 = await decodes();
    const slider = page.locator('input[type="range"][data-dim="1"]');
    const max = Number(await slider.getAttribute('max'));
    await slider.fill(String(max * 0.9));
    await page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('#decoded')?.dataset.decodes) > n,
      n1,
    );
    const moved = await canvasStats('#decoded');
    const diff =
      moved.values.reduce((a, v, i) => a + Math.abs(v - (decoded.values[i] ?? 0)), 0) /
      moved.values.length;
    expect(diff).toBeGreaterThan(5);
  });

  it('scores a drawn digit against the export quantiles', async () => {
    const pad = await page.$('#draw-pad');
    await pad?.scrollIntoViewIfNeeded();
    const box = await pad?.boundingBox();
    if (!box) throw new Error('draw pad not visible');
    const at = (fx: number, fy: number) =>
      [box.x + fx * box.width, box.y + fy * box.height] as const;
    // A "7": a bar across the top, then a stroke down to the lower left.
    await page.mouse.move(...at(0.25, 0.2));
    await page.mouse.down();
    for (const [fx, fy] of [
      [0.5, 0.2],
      [0.75, 0.2],
      [0.6, 0.5],
      [0.45, 0.8],
    ] as const) {
      await page.mouse.move(...at(fx, fy), { steps: 6 });
    }
    await page.mouse.up();
    await page.waitForSelector('#anomaly-score[data-score]');
    const score = Number(await page.getAttribute('#anomaly-score', 'data-score'));
    const percentile = Number(await page.getAttribute('#anomaly-score', 'data-percentile'));
    expect(Number.isFinite(score) && score > 0).toBe(true);

    // Re-compute Σ(x − x̂)² from the two painted 8-bit canvases: each painted value is within
    // 0.5/255 of the true one, which bounds the difference to the page's float score.
    const input = await canvasStats('#draw-input');
    const output = await canvasStats('#draw-reconstruction');
    expect(input.std).toBeGreaterThan(20);
    let approx = 0;
    let bound = 0;
    input.values.forEach((v, i) => {
      const d = (v - (output.values[i] ?? 0)) / 255;
      approx += d * d;
      bound += (2 * Math.abs(d) + 1 / 255) / 255;
    });
    expect(Math.abs(approx - score)).toBeLessThanOrEqual(bound);

    // The percentile lies in the bracket of the fixture's quantiles that holds the score.
    const q = fixtureMeta.anomaly.quantiles;
    const brackets: Array<[number, number, number, number]> = [
      [Number.NEGATIVE_INFINITY, q.p50, 50, 50],
      [q.p50, q.p90, 50, 90],
      [q.p90, q.p95, 90, 95],
      [q.p95, q.p99, 95, 99],
      [q.p99, Number.POSITIVE_INFINITY, 99, 99],
    ];
    const [, , lo, hi] = brackets.find(([a, b]) => score >= a && score <= b) ?? [0, 0, 0, 0];
    expect(percentile).toBeGreaterThanOrEqual(lo);
    expect(percentile).toBeLessThanOrEqual(hi);
    expect(await page.textContent('#anomaly-score')).toMatch(/Anomaly score .*(median|percentile)/);
    await page.screenshot({ path: join(shots, 'laptop-explore.png'), fullPage: true });
  });

  it('leaks no tensors while decoding, dragging and scoring', async () => {
    const count = () =>
      page.evaluate(() =>
        (globalThis as unknown as { aeDemo: { numTensors(): number } }).aeDemo.numTensors(),
      );
    const idle = () => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    await idle();
    const before = await count();
    const plane = await page.$('#latent-plane');
    await plane?.scrollIntoViewIfNeeded();
    const box = await plane?.boundingBox();
    if (!box) throw new Error('latent plane not visible');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.7, { steps: 15 });
    await page.mouse.up();
    for (const v of ['-1', '0.5', '1']) await page.locator('input[data-dim="0"]').fill(v);
    await page.check('#plane-grid');
    await page.uncheck('#plane-grid');
    await page.check('#plane-grid');
    await page.click('#sample-button');
    await page.click('#interpolation-picker', { position: { x: 60, y: 10 } });
    await idle();
    expect(await count()).toBe(before);
  });

  it('fits a phone without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const explore = await noHorizontalScroll();
    expect(explore.scrollWidth).toBeLessThanOrEqual(explore.innerWidth);
    await page.screenshot({ path: join(shots, 'phone-explore.png'), fullPage: true });
    await page.click('#tab-train');
    const train = await noHorizontalScroll();
    expect(train.scrollWidth).toBeLessThanOrEqual(train.innerWidth);
  });

  it('logged no console errors and no page errors', () => {
    expect(problems).toEqual([]);
  });
});
