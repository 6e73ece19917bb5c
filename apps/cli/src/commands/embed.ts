/** `ae embed`: its flags, help text and the summary it prints. */
import { Command, Option } from 'commander';
import { addRunOptions, fileLines, printResult } from '../command-kit.js';
import {
  EMBED_METHODS,
  type EmbedCommandOptions,
  type EmbedSummary,
  embedCommand,
} from '../embed/run-embed.js';
import { positiveInt, positiveNumber } from '../options.js';

const NAMES = { tsne: 't-SNE', umap: 'UMAP', none: 'no projection' } as const;

/** Human-readable lines of the summary. */
function summaryLines(s: EmbedSummary): string[] {
  const how =
    s.method === 'none'
      ? `plotted the ${s.latentDim}-D codes directly (no projection needed)`
      : `projected the ${s.latentDim}-D codes with ${NAMES[s.method]}`;
  const lines = [
    `Encoded ${s.points} validation examples of ${s.dataset}, ${how} in ${s.seconds.toFixed(1)} s.`,
  ];
  if (s.neighbourAgreement !== undefined) {
    lines.push(
      `Nearest neighbour in the picture has the same class for ${(100 * s.neighbourAgreement).toFixed(1)} % of points.`,
    );
  }
  lines.push(
    ...fileLines([
      [s.files.png, 'scatter plot coloured by class'],
      [s.files.csv, 'x,y,label per point'],
    ]),
  );
  return lines;
}

/** The `ae embed` command. */
export function embedCli(): Command {
  const command = new Command('embed').description(
    'Picture of the latent space: encode validation examples, project the codes to 2-D (UMAP or t-SNE) and plot them coloured by class.',
  );
  return addRunOptions(command)
    .addOption(
      new Option('--method <name>', 'projection to 2-D').choices(EMBED_METHODS).default('umap'),
    )
    .option('--limit <n>', 'at most this many validation examples', positiveInt, 2000)
    .option('--perplexity <x>', 't-SNE: effective number of neighbours', positiveNumber, 30)
    .option('--neighbors <n>', 'UMAP: size of the local neighbourhood', positiveInt, 15)
    .option(
      '--iterations <n>',
      't-SNE: gradient steps (default 1000); UMAP: epochs (default 500 up to 2,500 points, fewer above)',
      positiveInt,
    )
    .option(
      '--out <file.png>',
      'the picture (default <model-dir>/embed-<method>.png; the CSV goes beside it)',
    )
    .addHelpText(
      'after',
      [
        '',
        'A latent space that is already 2-D is plotted as it is (embed-latent.png), without projection.',
        't-SNE compares every pair of points: its time grows with the square of --limit.',
        '',
        'Examples:',
        '  ae embed --model-dir runs/quick',
        '  ae embed --model-dir runs/quick --method tsne --limit 1000 --perplexity 40 --seed 1',
        '  ae embed --model-dir runs/quick --out pictures/latent.png --json',
        '',
      ].join('\n'),
    )
    .action(async (options: EmbedCommandOptions) => {
      const summary = await embedCommand(options);
      printResult(summary, options.json, summaryLines(summary));
    });
}
