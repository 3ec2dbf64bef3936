import type { Prng } from './prng';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight lowercase hex digits of an unsigned 32-bit integer (table lookups, no padStart). */
export function hex8(n: number): string {
  return HEX[(n >>> 24) & 255]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

/**
 * A random UUID (version 4 layout) from the seeded PRNG, so event and session ids look like a
 * real producer's and are still reproducible from the seed.
 */
export function uuidFrom(prng: Prng): string {
  const a = hex8(prng.next());
  const b = hex8(prng.next());
  const c = hex8(prng.next());
  const d = hex8(prng.next());
  const variant = '89ab'[prng.next() & 3]!;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** A stable 32-bit hash of a seed and a number (user attributes without stored state). */
export function mix32(seed: number, n: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
