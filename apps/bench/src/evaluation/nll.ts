/**
 * Row: test negative log-likelihood of a VAE on binarized MNIST, estimated with K
 * importance samples, after growing numbers of epochs; next to Burda et al. (2016).
 * Training runs `ae train`; the scores come from `evaluateModel` of `@ae/evaluation`.
 */
import { runAe } from './ae-command.js';
import {
  commandBlock,
  duration,
  fixed,
  freshRun,
  picture,
  RUNS,
  type TrainJson,
} from './row-kit.js';
import { scoreRun, testImages } from './run-scores.js';

/** Epochs after which the model is evaluated (training resumes from one to the next). */
const MILESTONES = [1, 2, 5, 10, 20];
/** Test examples evaluated, and importance samples, at each milestone and at the end. */
const EXAMPLES = 1000;
const K = 1000;
const K_FINAL = 5000;
/** Burda et al. 2016, Table 1: VAE, one stochastic layer, k = 1, after 3,280 epochs. */
const REFERENCE = 86.76;

/** Runs the row and returns its EVALUATION.md section. */
export async function nllRow(): Promise<string[]> {
  const out = freshRun(`${RUNS}/vae-nll`);
  const network = [
    '--model',
    'vae',
    '--hidden',
    '200,200',
    '--latent-dim',
    '50',
    '--activation',
    'tanh',
    '--binarize',
    'dynamic',
  ];
  // The first test images, binarized once (seed 0), as `ae eval` binarizes them for a run
  // trained with --binarize dynamic.
  const test = await testImages('mnist', { limit: EXAMPLES, binarize: true });
  const commands: string[] = [];
  const rows: string[] = [];
  let trainSeconds = 0;
  let evalSeconds = 0;
  let lastTrain: TrainJson | undefined;
  for (const [i, epochs] of MILESTONES.entries()) {
    const args =
      i === 0
        ? ['train', ...network, '--epochs', String(epochs), '--out', out]
        : ['train', '--resume', '--out', out, '--epochs', String(epochs)];
    const trained = await runAe<TrainJson>(args);
    lastTrain = trained.json;
    trainSeconds += trained.seconds;
    const evaluated = await scoreRun(out, test, { iwSamples: K });
    evalSeconds += evaluated.seconds;
    commands.push(trained.command);
    const m = evaluated.metrics;
    rows.push(
      `| ${epochs} | ${duration(trainSeconds)} | ${fixed(-(m.elbo ?? Number.NaN), 2)} | ${fixed(m.nll, 2)} | ${fixed((m.nll ?? Number.NaN) - REFERENCE, 2)} |`,
    );
  }
  const final = await scoreRun(out, test, { iwSamples: K_FINAL });
  const last = MILESTONES.at(-1) ?? 0;
  const loss = lastTrain?.files.loss;
  return [
    '## VAE: test negative log-likelihood on binarized MNIST',
    '',
    'A VAE shaped like the one-stochastic-layer model of Burda et al. (2016): 784-200-200-(50)-200-200-784,',
    `tanh, Bernoulli decoder, Adam 1e-3, batch 128, trained on the 60,000 training images binarized afresh`,
    'each time they are used. The test images are binarized once (seed 0). −log p(x) is estimated with',
    `the importance-weighted bound with K samples per image on the first ${EXAMPLES.toLocaleString('en-US')} test images; training resumes`,
    'from each milestone to the next, which gives the same weights as one uninterrupted run.',
    `The scores come from \`evaluateModel\` of \`@ae/evaluation\` on the saved model, the numbers`,
    `\`pnpm ae eval --model-dir ${out} --iw-samples ${K} --limit ${EXAMPLES}\` prints.`,
    '',
    ...commandBlock(commands),
    '',
    `| epochs | training time | −ELBO (nats) | NLL, K = ${K} (nats) | NLL − ${REFERENCE} |`,
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `After ${last} epochs, with K = ${K_FINAL}: **NLL ${fixed(final.metrics.nll, 2)} nats** (${EXAMPLES.toLocaleString('en-US')} test images, ${duration(final.seconds)} to evaluate).`,
    `Reference: Burda et al. 2016, Table 1, VAE with one stochastic layer, k = 1: **${REFERENCE} nats** after`,
    `3,280 epochs (K = 5,000, all 10,000 test images). Evaluating the milestones took ${duration(evalSeconds)} in all.`,
    '',
    ...(loss
      ? [
          'Loss terms per epoch (the validation curve is −ELBO on all 10,000 test images, binarized with a fixed seed):',
          '',
          picture(loss, 'vae-nll-loss', 'loss curves of the VAE'),
          '',
        ]
      : []),
  ];
}
