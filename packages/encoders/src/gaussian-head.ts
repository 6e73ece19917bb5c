import * as tfl from '@tensorflow/tfjs-layers';

/** Arguments of {@link gaussianHead}. */
export interface GaussianHeadArgs {
  /** Dimension of the latent code. */
  latentDim: number;
  /** Prefix of the two layer names; default 'z'. */
  name?: string;
  /** Seed of the weight initializers. */
  seed?: number;
}

/**
 * The Gaussian head of a variational encoder: two linear layers on the same
 * features, giving the mean and the log-variance of a diagonal Gaussian
 * q(z | x) = N(mean, diag(exp(logVar))).
 *
 * @returns `[mean, logVar]`, each of shape `[batch, latentDim]`.
 */
export function gaussianHead(
  features: tfl.SymbolicTensor,
  args: GaussianHeadArgs,
): [tfl.SymbolicTensor, tfl.SymbolicTensor] {
  const prefix = args.name ?? 'z';
  const seed = args.seed ?? 0;
  const mean = tfl.layers
    .dense({
      units: args.latentDim,
      name: `${prefix}_mean`,
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    })
    .apply(features) as tfl.SymbolicTensor;
  // Starting the log-variance near zero (small weights, zero bias) keeps
  // exp(logVar) close to 1 early in training, so the first steps are stable.
  const logVar = tfl.layers
    .dense({
      units: args.latentDim,
      name: `${prefix}_log_var`,
      kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 1e-3, seed: seed + 1 }),
    })
    .apply(features) as tfl.SymbolicTensor;
  return [mean, logVar];
}
