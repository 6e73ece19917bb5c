/** Which kind of JavaScript runtime this is. */

/** The runtime kinds this package distinguishes. */
export type Platform = 'node' | 'browser';

/**
 * 'node' when running in Node.js (no `window`, a `process` with `versions.node`),
 * otherwise 'browser' (including web workers and Deno-like runtimes with `window`).
 */
export function detectPlatform(): Platform {
  const isNode =
    typeof window === 'undefined' &&
    typeof process !== 'undefined' &&
    typeof process.versions?.node === 'string';
  return isNode ? 'node' : 'browser';
}
