/**
 * Finds and loads the prebuilt native kernels (an N-API addon statically linked against
 * OpenBLAS) for this platform: the optional package `@ae/backend-native-<os>-<cpu>-<libc>`,
 * installed like sharp's or esbuild's binaries. Nothing is compiled or downloaded; where no
 * package matches, the wasm kernels stay and the reason is one line.
 */

/** The functions of the addon (packages/backend-native/src/ae_native.c documents each). */
export interface NativeAddon {
  /** Version of the calling convention; the loader accepts {@link NATIVE_ABI_VERSION} only. */
  readonly abiVersion: number;
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: number,
    transposeB: number,
    strideA: number,
    strideB: number,
    relu: number,
  ): void;
  conv2d(
    x: Float32Array,
    filter: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    ...dimsAndRelu: number[]
  ): void;
  conv2d_backprop_input(
    dy: Float32Array,
    filter: Float32Array,
    dx: Float32Array,
    ...dims: number[]
  ): void;
  conv2d_backprop_filter(
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
    ...dims: number[]
  ): void;
  /** Column sums of `outer` stacked `[rows, cols]` matrices: `out[o, j] = Σ_r x[o, r, j]`. */
  sum_rows(x: Float32Array, out: Float32Array, outer: number, rows: number, cols: number): void;
  /** Row sums of an `[outer, inner]` matrix: `out[o] = Σ_i x[o, i]`. */
  sum_inner(x: Float32Array, out: Float32Array, outer: number, inner: number): void;
  max_pool_grad(dy: Float32Array, x: Float32Array, dx: Float32Array, ...dims: number[]): void;
  resize_nearest_grad(
    dy: Float32Array,
    dx: Float32Array,
    rows: Int32Array,
    cols: Int32Array,
    ...dims: number[]
  ): void;
  /** `out[b, r, q, :] = x[b, rows[r], cols[q], :]` (nearest-neighbour resize, NHWC). */
  resize_nearest(
    x: Float32Array,
    out: Float32Array,
    rows: Int32Array,
    cols: Int32Array,
    ...dims: number[]
  ): void;
  /** The relu gradient `dy · step(x)` in one pass. */
  relu_grad(dy: Float32Array, x: Float32Array, dx: Float32Array): void;
  /** `out[r, c] = x[r, c] + bias[c]` (a bias added along the last axis). */
  add_rows(
    x: Float32Array,
    bias: Float32Array,
    out: Float32Array,
    rows: number,
    cols: number,
  ): void;
  /** One Adam step into fresh outputs; `scalars` = [β1, 1 − β1, β2, 1 − β2, c1, c2, ε, −lr]. */
  adam(
    variable: Float32Array,
    m: Float32Array,
    v: Float32Array,
    grad: Float32Array,
    variableOut: Float32Array,
    mOut: Float32Array,
    vOut: Float32Array,
    scalars: Float32Array,
  ): void;
  /**
   * Binary cross-entropy of logits per element (the stable form) into `out` and, unless
   * `grad` is null, its derivative in the logits, `σ(z) − t`, into `grad`.
   */
  bce_logits(
    target: Float32Array,
    logits: Float32Array,
    out: Float32Array,
    grad: Float32Array | null,
  ): void;
  set_threads(threads: number): void;
  get_threads(): number;
  blas_config(): string;
}

/** The calling convention this package speaks. */
export const NATIVE_ABI_VERSION = 5;

/** The outcome of {@link loadNativeAddon}. */
export type NativeLoad =
  | { kind: 'loaded'; addon: NativeAddon; packageName: string }
  | { kind: 'unavailable'; reason: string };

/** `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`, …: the platform package's suffix. */
export function platformTag(): string {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const report = process.report?.getReport() as
      | { header?: { glibcVersionRuntime?: string } }
      | undefined;
    const libc = report?.header?.glibcVersionRuntime ? 'gnu' : 'musl';
    return `linux-${arch}-${libc}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

let cached: NativeLoad | undefined;

type CreateRequire = (from: string) => (id: string) => unknown;

/** Node's `createRequire`, imported only when called (this module is also bundled for browsers). */
async function nodeCreateRequire(): Promise<CreateRequire> {
  const specifier = 'node:module';
  const mod = (await import(/* @vite-ignore */ specifier)) as { createRequire: CreateRequire };
  return mod.createRequire;
}

/**
 * Loads the addon for this platform once per process. Sets `OPENBLAS_NUM_THREADS=1` first
 * unless the variable is set (OpenBLAS sizes its thread pool when it loads); use
 * `setThreads` of the addon for more.
 */
export async function loadNativeAddon(): Promise<NativeLoad> {
  if (cached !== undefined) return cached;
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    cached = { kind: 'unavailable', reason: 'native kernels run only in Node' };
    return cached;
  }
  const packageName = `@ae/backend-native-${platformTag()}`;
  try {
    process.env.OPENBLAS_NUM_THREADS ??= '1';
    const require = (await nodeCreateRequire())(import.meta.url);
    const addon = require(packageName) as Partial<NativeAddon>;
    if (addon.abiVersion !== NATIVE_ABI_VERSION || typeof addon.matmul !== 'function') {
      cached = {
        kind: 'unavailable',
        reason: `${packageName} speaks ABI ${String(addon.abiVersion)}, this @ae/backend needs ${NATIVE_ABI_VERSION}; install matching versions`,
      };
    } else {
      cached = { kind: 'loaded', addon: addon as NativeAddon, packageName };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    cached = {
      kind: 'unavailable',
      reason:
        code === 'MODULE_NOT_FOUND'
          ? `no prebuilt native kernels for ${platformTag()} (${packageName} is not installed)`
          : `${packageName} failed to load: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  return cached;
}
