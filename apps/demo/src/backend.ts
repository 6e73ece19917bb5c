/**
 * Starts the fastest TensorFlow.js backend this browser offers (`initBackend` of
 * `@ae/backend`: webgpu → webgl → wasm → cpu), in the page and in the training worker.
 * The backends the page ships are imported here so they are registered before the choice.
 */
import { type BackendInfo, type BackendName, backendNames, initBackend } from '@ae/backend';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let wasmConfigured = false;

/** Points the wasm backend at the binaries the bundler serves (they are not inlined). */
function configureWasm(): void {
  if (wasmConfigured) return;
  const absolute = (url: string) => new URL(url, self.location.href).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
  });
  wasmConfigured = true;
}

/**
 * The backend asked for with `?backend=wasm` (or `webgl`, `cpu`, …), if any and known;
 * `undefined` means "the fastest available".
 */
export function requestedBackend(search: string): BackendName | undefined {
  const name = new URLSearchParams(search).get('backend');
  return backendNames.find((n) => n === name);
}

/** Renderer names of WebGL implementations that run on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * The WebGL renderer's name when it is a software emulation (e.g. SwiftShader in a browser
 * started without a GPU), else `undefined`. There, tfjs's webgl backend runs several times
 * slower than wasm.
 */
export function softwareWebgl(): string | undefined {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ??
      canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return SOFTWARE_RENDERER.test(renderer) ? renderer : undefined;
  } catch {
    return undefined;
  }
}

/** What {@link startBackend} chose, and why when it departed from the default order. */
export interface StartedBackend extends BackendInfo {
  /** Set when a software WebGL made the page prefer wasm. */
  note?: string;
}

/**
 * Activates a backend: `prefer` if given (an error if it cannot start), else the fastest
 * that starts here (`initBackend`'s order, except that a software-emulated WebGL goes after
 * wasm). Safe to call more than once.
 */
export async function startBackend(prefer?: BackendName): Promise<StartedBackend> {
  configureWasm();
  if (prefer !== undefined) return initBackend({ prefer });
  const software = softwareWebgl();
  if (software === undefined) return initBackend();
  const info = await initBackend({ prefer: ['webgpu', 'wasm', 'webgl', 'cpu'] });
  return { ...info, note: `WebGL here is a software emulation (${software}), slower than wasm` };
}
