/** `ae export`: the folder the web demo loads (model, example images, statistics). */
import { join, resolve } from 'node:path';
import { subset } from '@ae/datasets';
import { buildExportBundle, type ExportJson } from '@ae/evaluation';
import { fileStore } from '@ae/vae/node';
import { Command } from 'commander';
import { addRunOptions, fileLines, log, printResult, type RunOptions } from '../command-kit.js';
import { announce, classNames, openExploreRun, requireImages } from '../explore/explore-run.js';
import { copyModel, writeExportBundle } from '../explore/export-bundle.js';
import { balancedIndices } from '../explore/pick-examples.js';
import { positiveInt } from '../options.js';
import { checkOutDir } from '../out-path.js';
import { loadRunData } from '../run-dir.js';

/** Parsed options of `ae export`. */
export interface ExportOptions extends RunOptions {
  /** The folder to write. */
  out: string;
  /** Validation images to include, balanced over classes. */
  examples: number;
}

/** What `ae export` prints (the `--json` line). */
export interface ExportSummary {
  command: 'export';
  model: string;
  /** The `export.json` written. */
  export: ExportJson;
  files: { dir: string; model: string; exportJson: string; examples: string };
}

/** `ae export`: writes the folder and returns the summary. */
export async function exportCommand(o: ExportOptions): Promise<ExportSummary> {
  checkOutDir('--out', o.out);
  const opened = await openExploreRun(o, { command: 'export' });
  const { run } = opened;
  const model = run.model;
  try {
    const data = await loadRunData(run, o.dataset ? { dataset: o.dataset } : {});
    const { train, validation } = data;
    requireImages(opened, validation, 'export');
    announce(opened);
    const out = resolve(o.out);
    const modelDir = join(out, 'model');
    await copyModel(run.dir, modelDir, run.aeJson.networks);
    const indices = balancedIndices(validation.labels, validation.count, o.examples);
    const examples = subset(validation, indices, `${validation.name}-examples`);
    const names = classNames(run) ?? validation.classNames;
    // The demo samples from the saved prior: a model saved before fitting one gets it here.
    const bundle = await buildExportBundle(model, {
      validation,
      examples,
      train,
      fitPrior: true,
      modelName: opened.model,
      ...(names ? { classNames: names } : {}),
      onStage: log,
    });
    if (bundle.fittedPrior) {
      await model.save(
        fileStore(modelDir),
        run.aeJson.dataset ? { dataset: run.aeJson.dataset } : {},
      );
      log(`saved the model with its fitted prior into ${modelDir}`);
    }
    const { json } = bundle;
    const files = await writeExportBundle(out, bundle);
    return {
      command: 'export',
      model: opened.model,
      export: json,
      files: { dir: out, model: modelDir, ...files },
    };
  } finally {
    model.dispose();
  }
}

/** The `ae export` command. */
export function exportCli(): Command {
  return addRunOptions(
    new Command('export').description(
      'Write a folder the web demo loads: the model, example images and error statistics.',
    ),
  )
    .requiredOption('--out <dir>', 'the folder to write (e.g. web/)')
    .option(
      '--examples <n>',
      'validation images to include, balanced over classes',
      positiveInt,
      100,
    )
    .addHelpText(
      'after',
      [
        '',
        'Writes <out>/model/ (ae.json and each network, loadable with loadModel(url) of',
        '@ae/vae), <out>/export.json (shape, classes, prior, reconstruction-error quantiles',
        'of the validation set, codebook usage for a vq-vae) and <out>/examples.bin (the',
        'images as bytes, row-major count × h × w × c). Serve the folder from any static host.',
        'Models of tabular data are refused: the demo shows images.',
        '',
        'Examples:',
        '  ae export --model-dir runs/quick --out web/',
        '  ae export --model-dir runs/cvae --out web/cvae --examples 200 --json',
        '',
      ].join('\n'),
    )
    .action(async (o: ExportOptions) => {
      const s = await exportCommand(o);
      const e = s.export;
      printResult(s, o.json, [
        `Exported ${s.model} (${e.inputShape.join('×')}, latent ${e.latentDim}${e.numClasses ? `, ${e.numClasses} classes` : ''}${e.hasPrior ? ', with a prior' : ''}) and ${e.examples.count} examples.`,
        `Validation squared error: median ${e.anomaly.quantiles.p50.toFixed(2)}, p99 ${e.anomaly.quantiles.p99.toFixed(2)}.`,
        ...fileLines([
          [`${s.files.model}/`, 'the model (ae.json + networks)'],
          [s.files.exportJson, 'what the demo needs to know'],
          [s.files.examples, `${e.examples.count} images as uint8`],
        ]),
      ]);
    });
}
