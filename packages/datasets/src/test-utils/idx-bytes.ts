/**
 * Test helper: assembles IDX files byte by byte, independently of `readIdx`.
 * Payloads are given as raw big-endian bytes written out by hand in the tests.
 */

/** Header `00 00 type rank dims…` (dims as big-endian uint32) followed by `payload`. */
export function idxBytes(typeByte: number, dims: number[], payload: ArrayLike<number>): Uint8Array {
  const header: number[] = [0, 0, typeByte, dims.length];
  for (const d of dims)
    header.push((d >>> 24) & 0xff, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header, 0);
  out.set(Array.from(payload), header.length);
  return out;
}
