/**
 * Puts the native kernels in place of wasm's (and back). Checked at start-up: the
 * tfjs-backend-wasm version whose internals the kernels use (`makeOutput`,
 * `typedArrayFromHeap`, the `dataIdMap` of heap offsets) must be the pinned one, and a
 * small product and convolution through the native path must match the kernels they
 * replace; otherwise nothing is replaced and the reason is reported.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isHeapBackend } from '../kernels/unsorted-segment-sum.js';
import { ADAM_UPDATE, makeAdamKernel } from './adam.js';
import { BCE_WITH_LOGITS, makeBceKernel } from './bce-kernel.js';
import { loadNativeAddon } from './native-addon.js';
import { nativeKernels } from './native-kernels.js';
import {
  installReluGradient,
  makeReluGradKernel,
  RELU_GRAD,
  restoreReluGradient,
} from './relu-grad.js';

/** The tfjs-backend-wasm version the native kernels were written and tested against. */
export const PINNED_WASM_VERSION = '4.22.0';

/** Options of the native kernels (`initBackend({ native })`). */
export interface NativeOptions {
  /** OpenBLAS threads for the matrix products; default 1 (tfjs wasm in Node is single-threaded too). */
  threads?: number;
}

/** What {@link installNativeKernels} did, reported by `initBackend` as `info.native`. */
export interface NativeKernelsInfo {
  /** True when native kernels run in place of wasm's. */
  active: boolean;
  /** The kernels now computed natively (empty when not active). */
  kernels: string[];
  /** The platform package that provided the addon, when loaded. */
  packageName?: string;
  /** OpenBLAS build and the CPU core it selected, when loaded. */
  blas?: string;
  /** OpenBLAS threads, when active. */
  threads?: number;
  /** One line for logs: what runs natively, or why the wasm kernels stay. */
  note: string;
}

const installed = new Map<string, tf.KernelConfig>();

/** Kernels of this package's own (no wasm kernel of that name exists). */
const OWN_KERNELS = [ADAM_UPDATE, BCE_WITH_LOGITS, RELU_GRAD];

/** The kernels currently computed natively on wasm. */
export function nativeKernelNames(): string[] {
  const own = OWN_KERNELS.filter((k) => tf.getKernel(k, 'wasm') !== undefined);
  return [...installed.keys(), ...own];
}

/** Restores the kernels the native ones replaced (no-op when none are installed). */
export function uninstallNativeKernels(): void {
  for (const [name, previous] of installed) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(previous);
  }
  installed.clear();
  for (const name of OWN_KERNELS) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
  }
  restoreReluGradient();
}

async function wasmVersion(): Promise<string | undefined> {
  try {
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { version_wasm?: string };
    return wasm.version_wasm;
  } catch {
    return undefined;
  }
}

const unavailable = (reason: string): NativeKernelsInfo => ({
  active: false,
  kernels: [],
  note: `native kernels off: ${reason}; using the wasm kernels`,
});

/**
 * Replaces the wasm kernels of {@link nativeKernels} with native ones (each keeps the
 * kernel it replaces as the fallback for what it does not support). The wasm backend must
 * be initialized. Safe to call again (changes only the thread count).
 */
export async function installNativeKernels(
  options: NativeOptions = {},
): Promise<NativeKernelsInfo> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    return unavailable(`threads must be an integer from 1 to 1024, got ${String(threads)}`);
  }
  const load = await loadNativeAddon();
  if (load.kind !== 'loaded') return unavailable(load.reason);
  const { addon, packageName } = load;
  const version = await wasmVersion();
  if (version !== PINNED_WASM_VERSION) {
    return unavailable(
      `they use internals of @tensorflow/tfjs-backend-wasm ${PINNED_WASM_VERSION}, but ${version ?? 'an unknown version'} is installed`,
    );
  }
  const backend = tf.engine().registry.wasm;
  if (backend === undefined || !isHeapBackend(backend)) {
    return unavailable('the wasm backend is not initialized or keeps no heap');
  }
  addon.set_threads(threads);
  if (installed.size === 0) {
    for (const kernel of nativeKernels) {
      const previous = tf.getKernel(kernel.kernelName, 'wasm');
      if (previous === undefined) continue;
      tf.unregisterKernel(kernel.kernelName, 'wasm');
      tf.registerKernel({ ...previous, kernelFunc: kernel.make(addon, previous.kernelFunc) });
      installed.set(kernel.kernelName, previous);
    }
    tf.registerKernel({
      kernelName: ADAM_UPDATE,
      backendName: 'wasm',
      kernelFunc: makeAdamKernel(addon),
    });
    tf.registerKernel({
      kernelName: BCE_WITH_LOGITS,
      backendName: 'wasm',
      kernelFunc: makeBceKernel(addon),
    });
    tf.registerKernel({
      kernelName: RELU_GRAD,
      backendName: 'wasm',
      kernelFunc: makeReluGradKernel(addon),
    });
    const fault = selfTest(backend);
    if (fault !== undefined) {
      uninstallNativeKernels();
      return unavailable(`self-test failed (${fault})`);
    }
  }
  installReluGradient();
  const kernels = nativeKernelNames();
  const blas = addon.blas_config();
  return {
    active: true,
    kernels,
    packageName,
    blas,
    threads,
    note: `native kernels (${packageName}, ${blas.split(' DYNAMIC_ARCH')[0]}, ${threads} thread${threads > 1 ? 's' : ''}): ${kernels.join(', ')}`,
  };
}

/** Compares one product and one convolution with the kernels they replaced; a fault or undefined. */
function selfTest(backend: tf.KernelBackend): string | undefined {
  const cases: Array<{
    kernel: string;
    inputs: Record<string, { values: number[]; shape: number[] }>;
    attrs: tf.NamedAttrMap;
  }> = [
    {
      kernel: tf.BatchMatMul,
      inputs: {
        a: { values: [1, 2, 3, 4, 5, 6], shape: [1, 3, 2] },
        b: { values: [1, -1, 2, 0.5, 3, -2, 0, 1, 4, -3, 1.5, 2], shape: [1, 4, 3] },
      },
      attrs: { transposeA: true, transposeB: true },
    },
    {
      kernel: tf.Conv2D,
      inputs: {
        x: { values: [1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [1, 3, 3, 1] },
        // 8 output channels: the smallest count the native convolution takes.
        filter: { values: Array.from({ length: 32 }, (_, i) => (i % 5) - 2), shape: [2, 2, 1, 8] },
      },
      attrs: { strides: [1, 1], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC' },
    },
  ];
  for (const c of cases) {
    const previous = installed.get(c.kernel);
    const current = tf.getKernel(c.kernel, 'wasm');
    if (previous === undefined || current === undefined) continue;
    const infos: tf.NamedTensorInfoMap = {};
    for (const [name, { values, shape }] of Object.entries(c.inputs)) {
      infos[name] = {
        dataId: backend.write(Float32Array.from(values), shape, 'float32'),
        shape,
        dtype: 'float32',
      };
    }
    try {
      const read = (config: tf.KernelConfig) => {
        const out = config.kernelFunc({ inputs: infos, backend, attrs: c.attrs }) as tf.TensorInfo;
        const values = Array.from(backend.readSync(out.dataId) as Float32Array);
        backend.disposeData(out.dataId);
        return values;
      };
      const want = read(previous);
      const got = read(current);
      if (
        want.length !== got.length ||
        want.some((v, i) => Math.abs(v - (got[i] as number)) > 1e-5)
      ) {
        return `${c.kernel}: got ${got.join(', ')}, expected ${want.join(', ')}`;
      }
    } catch (error) {
      return `${c.kernel}: ${(error as Error).message}`;
    } finally {
      for (const info of Object.values(infos))
        if (info !== undefined) backend.disposeData(info.dataId);
    }
  }
  return undefined;
}
