/**
 * Second-order sections (SOS): cascade filtering (`scipy.signal.sosfilt`), zero-phase
 * forward-backward filtering (`scipy.signal.sosfiltfilt`), steady-state initial conditions
 * (`sosfilt_zi`) and the frequency response (`sosfreqz`).
 *
 * Layout (scipy's): a `Float64Array` of `6 * sections` numbers, each section
 * `[b0, b1, b2, a0, a1, a2]` with `a0 = 1`. Filtering runs in float64, transposed direct form II.
 *
 * @module
 */

import { UsageError } from "../../log/errors.ts";

/** Throw unless `sos` is a non-empty multiple of 6 with every `a0` equal to 1. */
function checkSos(sos: Float64Array): number {
  if (sos.length === 0 || sos.length % 6 !== 0) {
    throw new UsageError(
      `Second-order sections need 6 coefficients per section, found ${sos.length} values`,
    );
  }
  const n = sos.length / 6;
  for (let s = 0; s < n; s++) {
    if (sos[6 * s + 3] !== 1) {
      throw new UsageError(
        `Second-order section ${s} has a0 = ${sos[6 * s + 3]}; normalise it to 1`,
      );
    }
  }
  return n;
}

/** Options of {@linkcode sosfilt}. */
export interface SosfiltOptions {
  /** Initial state, 2 values per section (scipy's `zi`); updated in place to the final state. */
  zi?: Float64Array;
  /** Output buffer (may be the input itself); a new one by default. */
  output?: Float32Array;
}

/**
 * Filter a signal through a cascade of second-order sections (`scipy.signal.sosfilt`).
 *
 * @param sos Sections, 6 coefficients each.
 * @param input The samples.
 * @param options `zi` initial/final state (updated in place), `output` buffer.
 * @returns The filtered samples.
 * @throws {UsageError} On a malformed `sos` or `zi`.
 *
 * @example
 * ```ts
 * import { sosfilt } from "./sos.ts";
 * const average = Float64Array.of(0.5, 0.5, 0, 1, 0, 0); // y[n] = (x[n] + x[n-1]) / 2
 * console.log(Array.from(sosfilt(average, Float32Array.of(2, 2, 4)))); // [1, 2, 3]
 * ```
 */
export function sosfilt(
  sos: Float64Array,
  input: Float32Array,
  options?: SosfiltOptions,
): Float32Array {
  const nSec = checkSos(sos);
  const zi = options?.zi ?? new Float64Array(2 * nSec);
  if (zi.length !== 2 * nSec) {
    throw new UsageError(`Initial state needs ${2 * nSec} values, found ${zi.length}`);
  }
  const out = options?.output ?? new Float32Array(input.length);
  const n = input.length;
  if (nSec === 1 || n === 0) {
    filterSection(sos, 0, zi, input, out, n);
    return out;
  }
  // Sections run one after the other over a float64 copy, so no precision is lost between them.
  const tmp = new Float64Array(n);
  for (let i = 0; i < n; i++) tmp[i] = input[i];
  for (let s = 0; s < nSec; s++) filterSection(sos, s, zi, tmp, tmp, n);
  for (let i = 0; i < n; i++) out[i] = tmp[i];
  return out;
}

/** One section, transposed direct form II, float64 state. */
function filterSection(
  sos: Float64Array,
  s: number,
  zi: Float64Array,
  x: ArrayLike<number>,
  y: { [i: number]: number },
  n: number,
): void {
  const o = 6 * s;
  const b0 = sos[o], b1 = sos[o + 1], b2 = sos[o + 2], a1 = sos[o + 4], a2 = sos[o + 5];
  let z1 = zi[2 * s], z2 = zi[2 * s + 1];
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = b0 * xi + z1;
    z1 = b1 * xi - a1 * yi + z2;
    z2 = b2 * xi - a2 * yi;
    y[i] = yi;
  }
  zi[2 * s] = z1;
  zi[2 * s + 1] = z2;
}

/**
 * Steady-state initial conditions for a unit step (`scipy.signal.sosfilt_zi`): start the filter
 * as if the first sample had been there forever.
 *
 * @param sos Sections, 6 coefficients each.
 * @returns `2 * sections` state values for an input of 1 (scale by the first sample).
 *
 * @example
 * ```ts
 * import { sosfilt, sosfiltZi } from "./sos.ts";
 * import { butter } from "./butterworth.ts";
 * const sos = butter({ order: 2, cutoff: 100, sampleRate: 8000 });
 * const y = sosfilt(sos, new Float32Array(10).fill(1), { zi: sosfiltZi(sos) });
 * console.log(Math.abs(y[0] - 1) < 1e-6); // true: no start-up transient
 * ```
 */
export function sosfiltZi(sos: Float64Array): Float64Array {
  const nSec = checkSos(sos);
  const zi = new Float64Array(2 * nSec);
  let scale = 1;
  for (let s = 0; s < nSec; s++) {
    const o = 6 * s;
    const b0 = sos[o], b1 = sos[o + 1], b2 = sos[o + 2], a1 = sos[o + 4], a2 = sos[o + 5];
    // lfilter_zi: solve (I - A^T) zi = B with A the companion matrix of a.
    // [[1 + a1, -1], [a2, 1]] zi = [b1 - a1 b0, b2 - a2 b0]
    const r0 = b1 - a1 * b0, r1 = b2 - a2 * b0;
    const det = (1 + a1) + a2;
    if (det === 0) {
      throw new UsageError(`Second-order section ${s} has a pole at z = 1; no steady state`);
    }
    const z0 = (r0 + r1) / det;
    const z1 = r1 - a2 * z0;
    zi[2 * s] = scale * z0;
    zi[2 * s + 1] = scale * z1;
    scale *= (b0 + b1 + b2) / (1 + a1 + a2);
  }
  return zi;
}

/** Options of {@linkcode sosfiltfilt}. */
export interface SosfiltfiltOptions {
  /**
   * Samples of odd extension at each end; default scipy's
   * `3 * (2 * sections + 1 - min(zeros of b2, zeros of a2))`, clamped to `length - 1`.
   */
  padLength?: number;
}

/**
 * Zero-phase filtering: forward then backward through the sections, with odd extension at both
 * ends and steady-state initial conditions (`scipy.signal.sosfiltfilt`). The magnitude response
 * is squared, the phase is zero.
 *
 * Unlike scipy, a signal shorter than the default pad length is not an error: the padding is
 * clamped to `length - 1`.
 *
 * @param sos Sections, 6 coefficients each.
 * @param input The samples.
 * @param options `padLength`.
 * @returns The filtered samples, same length.
 *
 * @example
 * ```ts
 * import { sosfiltfilt } from "./sos.ts";
 * import { butter } from "./butterworth.ts";
 * const sos = butter({ order: 4, cutoff: 1000, sampleRate: 48000 });
 * const y = sosfiltfilt(sos, new Float32Array(1000).fill(0.5));
 * console.log(Math.abs(y[0] - 0.5) < 1e-4, Math.abs(y[999] - 0.5) < 1e-4); // true true
 * ```
 */
export function sosfiltfilt(
  sos: Float64Array,
  input: Float32Array,
  options?: SosfiltfiltOptions,
): Float32Array {
  const nSec = checkSos(sos);
  const n = input.length;
  if (n === 0) return new Float32Array(0);
  let zerosB = 0, zerosA = 0;
  for (let s = 0; s < nSec; s++) {
    if (sos[6 * s + 2] === 0) zerosB++;
    if (sos[6 * s + 5] === 0) zerosA++;
  }
  const defaultPad = 3 * (2 * nSec + 1 - Math.min(zerosB, zerosA));
  const requested = options?.padLength ?? defaultPad;
  if (!Number.isInteger(requested) || requested < 0) {
    throw new UsageError(`Pad length must be a non-negative integer, found ${requested}`);
  }
  const pad = Math.min(requested, n - 1);
  const len = n + 2 * pad;
  // Odd extension: 2 x[0] - x[pad..1], x, 2 x[n-1] - x[n-2..n-1-pad]
  const ext = new Float64Array(len);
  const x0 = input[0], xn = input[n - 1];
  for (let i = 0; i < pad; i++) ext[i] = 2 * x0 - input[pad - i];
  for (let i = 0; i < n; i++) ext[pad + i] = input[i];
  for (let i = 0; i < pad; i++) ext[pad + n + i] = 2 * xn - input[n - 2 - i];
  const zi = sosfiltZi(sos);
  const state = new Float64Array(2 * nSec);
  // forward
  for (let i = 0; i < state.length; i++) state[i] = zi[i] * ext[0];
  for (let s = 0; s < nSec; s++) filterSection(sos, s, state, ext, ext, len);
  // backward
  ext.reverse();
  for (let i = 0; i < state.length; i++) state[i] = zi[i] * ext[0];
  for (let s = 0; s < nSec; s++) filterSection(sos, s, state, ext, ext, len);
  ext.reverse();
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ext[pad + i];
  return out;
}

/** Complex frequency response sampled at some frequencies. */
export interface FrequencyResponse {
  /** The frequencies in Hz, as given. */
  frequencies: Float64Array;
  /** `|H|` at each frequency (linear). */
  magnitude: Float64Array;
  /** `arg H` in radians at each frequency. */
  phase: Float64Array;
}

/** Options of {@linkcode sosFrequencyResponse}. */
export interface FrequencyResponseOptions {
  /** Frequencies in Hz. */
  frequencies: ArrayLike<number>;
  /** Samples per second. */
  sampleRate: number;
}

/**
 * Frequency response of a cascade of sections at chosen frequencies (`scipy.signal.sosfreqz`
 * with `worN` as frequencies and `fs` set).
 *
 * @param sos Sections, 6 coefficients each.
 * @param options `frequencies` in Hz and `sampleRate`.
 * @returns Magnitude and phase at each frequency.
 *
 * @example
 * ```ts
 * import { sosFrequencyResponse } from "./sos.ts";
 * import { butter } from "./butterworth.ts";
 * const sos = butter({ order: 4, cutoff: 1000, sampleRate: 48000 });
 * const h = sosFrequencyResponse(sos, { frequencies: [0, 1000], sampleRate: 48000 });
 * console.log(h.magnitude[0].toFixed(6), (20 * Math.log10(h.magnitude[1])).toFixed(2)); // 1.000000 -3.01
 * ```
 */
export function sosFrequencyResponse(
  sos: Float64Array,
  options: FrequencyResponseOptions,
): FrequencyResponse {
  const nSec = checkSos(sos);
  const { frequencies, sampleRate } = options;
  const nf = frequencies.length;
  const f = Float64Array.from(frequencies);
  const magnitude = new Float64Array(nf), phase = new Float64Array(nf);
  for (let i = 0; i < nf; i++) {
    const w = (2 * Math.PI * f[i]) / sampleRate;
    // z^-1 = e^{-jw}
    const c1 = Math.cos(w), s1 = -Math.sin(w), c2 = Math.cos(2 * w), s2 = -Math.sin(2 * w);
    let hr = 1, hi = 0;
    for (let s = 0; s < nSec; s++) {
      const o = 6 * s;
      const nr = sos[o] + sos[o + 1] * c1 + sos[o + 2] * c2;
      const ni = sos[o + 1] * s1 + sos[o + 2] * s2;
      const dr = sos[o + 3] + sos[o + 4] * c1 + sos[o + 5] * c2;
      const di = sos[o + 4] * s1 + sos[o + 5] * s2;
      const dd = dr * dr + di * di;
      const qr = (nr * dr + ni * di) / dd, qi = (ni * dr - nr * di) / dd;
      const tr = hr * qr - hi * qi;
      hi = hr * qi + hi * qr;
      hr = tr;
    }
    magnitude[i] = Math.hypot(hr, hi);
    phase[i] = Math.atan2(hi, hr);
  }
  return { frequencies: f, magnitude, phase };
}

/**
 * Whether every pole of every section lies strictly inside the unit circle.
 *
 * @param sos Sections, 6 coefficients each.
 * @returns True for a stable cascade.
 *
 * @example
 * ```ts
 * import { isStable } from "./sos.ts";
 * console.log(isStable(Float64Array.of(1, 0, 0, 1, -1.8, 0.81))); // true (double pole at 0.9)
 * console.log(isStable(Float64Array.of(1, 0, 0, 1, -2, 1))); // false (double pole at 1)
 * ```
 */
export function isStable(sos: Float64Array): boolean {
  const nSec = checkSos(sos);
  for (let s = 0; s < nSec; s++) {
    const a1 = sos[6 * s + 4], a2 = sos[6 * s + 5];
    // Jury conditions for z^2 + a1 z + a2.
    if (!(Math.abs(a2) < 1 && Math.abs(a1) < 1 + a2)) return false;
  }
  return true;
}
