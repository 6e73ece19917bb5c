/**
 * `pnpm bench`: every benchmark of the project, written to BENCHMARKS.md.
 *
 * `pnpm bench -- --only <section>` (training, inference, overhead, profile, data, epochs) runs one
 * section and replaces only that section of BENCHMARKS.md, keeping the others' previous results.
 */
import { benchDataLoading } from './data-loading.js';
import { benchEpochs } from './epochs.js';
import { benchInference } from './inference.js';
import { benchKernelProfile } from './kernel-profile.js';
import { generateDocument } from './markdown-doc.js';
import { benchNetworkTraining } from './network-training.js';
import { benchTrainerOverhead } from './trainer-overhead.js';

const SECTIONS: Record<string, () => string[] | Promise<string[]>> = {
  training: benchNetworkTraining,
  inference: benchInference,
  overhead: benchTrainerOverhead,
  profile: benchKernelProfile,
  data: benchDataLoading,
  epochs: benchEpochs,
};

await generateDocument({
  command: 'bench',
  file: 'BENCHMARKS.md',
  intro: [
    '# Benchmarks',
    '',
    'Regenerate with `pnpm bench` (or `npx -y pnpm@10.34.9 bench`); one section with',
    '`pnpm bench -- --only <section>`. Numbers are from one run on the machine below; where things',
    'are compared, they are measured side by side in the same run, and ratios compare those. Medians',
    'over repeated rounds are reported. The benchmarks never run in CI.',
  ],
  sections: SECTIONS,
});
