/**
 * A small seeded pseudo-random generator for reproducible audio processing (dither, noise).
 *
 * @module
 */

/** A function returning the next pseudo-random number, uniform in [0, 1). */
export type Prng = () => number;

/**
 * Mulberry32: a fast 32-bit seeded generator (period 2^32), good enough for dither and
 * simulation noise, not for cryptography. The same seed always gives the same sequence.
 *
 * @param seed Any number; only its low 32 bits are used.
 * @returns A function returning the next number, uniform in [0, 1), with 2^-32 resolution.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "./prng.ts";
 * const a = mulberry32(42);
 * const b = mulberry32(42);
 * console.log(a() === b()); // true
 * ```
 */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
