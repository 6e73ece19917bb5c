/**
 * `pnpm evaluate`: how good the models are, trained with the `ae` command on the data a
 * user has and scored with `@ae/evaluation`, next to published numbers; written to
 * EVALUATION.md.
 *
 * `pnpm evaluate -- --only <row>` (nll, anomaly, beta-vae, vq-vae, denoising) reruns one
 * row and replaces only its section, keeping the others' previous results.
 */
import { anomalyRow } from './evaluation/anomaly.js';
import { betaVaeRow } from './evaluation/beta-vae.js';
import { denoisingRow } from './evaluation/denoising.js';
import { nllRow } from './evaluation/nll.js';
import { duration } from './evaluation/row-kit.js';
import { vqVaeRow } from './evaluation/vq-vae.js';
import { generateDocument } from './markdown-doc.js';

const ROWS: Record<string, () => Promise<string[]>> = {
  nll: nllRow,
  anomaly: anomalyRow,
  'beta-vae': betaVaeRow,
  'vq-vae': vqVaeRow,
  denoising: denoisingRow,
};

/** Runs a row and puts its wall time, commands included, under its heading. */
function timed(name: string, row: () => Promise<string[]>): () => Promise<string[]> {
  return async () => {
    const started = performance.now();
    const lines = await row();
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`\nrow ${name} done in ${duration(seconds)}\n`);
    return [
      lines[0] ?? '',
      '',
      `*Row time: ${duration(seconds)}, wall clock, commands included.*`,
      ...lines.slice(1),
    ];
  };
}

await generateDocument({
  command: 'evaluate',
  file: 'EVALUATION.md',
  intro: [
    '# Evaluation',
    '',
    'How good the models are, trained with the `ae` command on this machine, scored with `@ae/evaluation`',
    '(the numbers `ae eval`, `ae anomaly` and `ae denoise` print) and put next to published',
    'numbers. Regenerate everything with `pnpm evaluate` (about an hour on 2 cores), or one row with',
    '`pnpm evaluate -- --only <row>` (`nll`, `anomaly`, `beta-vae`, `vq-vae`, `denoising`); or type a',
    'row’s commands yourself (`pnpm ae` is `npx -y pnpm@10.34.9 ae` on a machine without pnpm). Budgets',
    'are sized for 2 CPU cores: each row takes minutes, so the runs are far shorter than the papers’,',
    'and each row says how long it trained. Runs go to `runs/evaluation/`, pictures to `docs/evaluation/`.',
    'Times are wall clock on the machine below, which is shared: rows that ran at the same time as',
    'others took longer than they would alone.',
  ],
  sections: Object.fromEntries(Object.entries(ROWS).map(([name, row]) => [name, timed(name, row)])),
});
