/**
 * Polyphase resampling as scipy's `resample_poly` does it with an explicit FIR filter, and the
 * Octave-compatible filter that pystoi 0.4.1 (`utils.resample_oct`) hands it: a Kaiser-windowed
 * sinc with 60 dB stop-band rejection and a transition width of a tenth of the cut-off, scaled
 * to unit sum (scipy then multiplies it by the up factor). Computed in float64.
 *
 * @module
 */

import { UsageError } from "../../log/errors.ts";
import { gcd, PolyphaseResampler } from "../../audio/dsp/_polyphase.ts";
import { besselI0 } from "../../audio/dsp/kaiser_lowpass.ts";

/** Options of {@linkcode resamplePoly}. */
export interface ResamplePolyOptions {
  /** Up factor (positive integer); divided by `gcd(up, down)` first, as scipy does. */
  up: number;
  /** Down factor (positive integer). */
  down: number;
  /**
   * FIR coefficients (scipy's `window` given as an array). They are multiplied by the reduced
   * `up`; the output is centred on the filter's middle tap `(length - 1) // 2`.
   */
  window: ArrayLike<number>;
}

/** Options of {@linkcode resampleOct}. */
export interface ResampleOctOptions {
  /** Target rate, or the up factor (pystoi's `p`, e.g. 10000). */
  up: number;
  /** Source rate, or the down factor (pystoi's `q`, e.g. 16000). */
  down: number;
}

const CACHE = new Map<string, PolyphaseResampler>();

/**
 * A cached resampler with pystoi's filter for this ratio (tables built once per ratio); its
 * `processPair` resamples two signals in one pass.
 *
 * @param options `up` = target rate, `down` = source rate.
 * @returns The shared resampler for the reduced ratio.
 * @throws {UsageError} When a factor is not a positive integer.
 *
 * @example
 * ```ts
 * import { octaveResampler } from "./resample_poly.ts";
 * const r = octaveResampler({ up: 10000, down: 48000 });
 * console.log(r.up, r.down, r.outputLength(48000)); // 5 24 10000
 * ```
 */
export function octaveResampler(options: ResampleOctOptions): PolyphaseResampler {
  const key = ratioKey(options.up, options.down);
  let r = CACHE.get(key);
  if (!r) {
    const h = octaveResampleFilter(options);
    let sum = 0;
    for (let i = 0; i < h.length; i++) sum += h[i];
    const w = new Float64Array(h.length);
    for (let i = 0; i < h.length; i++) w[i] = h[i] / sum;
    r = new PolyphaseResampler({ up: options.up, down: options.down, window: w });
    CACHE.set(key, r);
  }
  return r;
}

function checkFactor(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new UsageError(`Resampling factor "${name}" must be a positive integer, found ${v}`);
  }
}

function ratioKey(up: number, down: number): string {
  checkFactor("up", up);
  checkFactor("down", down);
  const g = gcd(up, down);
  return `${up / g}/${down / g}`;
}

/**
 * The anti-aliasing filter of Octave's `resample` as pystoi ports it (`_resample_window_oct`):
 * after dividing `up` and `down` by their gcd, the cut-off is `1 / (2 max(up, down))` (in cycles
 * per sample of the up-sampled signal), the roll-off a tenth of that, the half length
 * `L = ceil((60 - 8) / (28.714 roll-off))`, and the taps `2 up fc sinc(2 fc t)` for
 * `t = -L..L` times a Kaiser window with `beta = 0.1102 (60 - 8.7)`. Not normalised.
 *
 * @param options `up` and `down` factors (or target and source rates).
 * @returns `2L + 1` taps.
 * @throws {UsageError} When a factor is not a positive integer.
 *
 * @example
 * ```ts
 * import { octaveResampleFilter } from "./resample_poly.ts";
 * const h = octaveResampleFilter({ up: 10000, down: 16000 }); // 5/8 after the gcd
 * console.log(h.length); // 581
 * ```
 */
export function octaveResampleFilter(options: ResampleOctOptions): Float64Array {
  checkFactor("up", options.up);
  checkFactor("down", options.down);
  const g = gcd(options.up, options.down);
  const p = options.up / g, q = options.down / g;
  const log10Rejection = -3.0;
  const stopbandCutoff = 1.0 / (2 * Math.max(p, q));
  const rollOffWidth = stopbandCutoff / 10;
  const rejectionDb = -20 * log10Rejection;
  const half = Math.ceil((rejectionDb - 8) / (28.714 * rollOffWidth));
  let beta = 0;
  if (rejectionDb >= 21 && rejectionDb <= 50) {
    beta = 0.5842 * (rejectionDb - 21) ** 0.4 + 0.07886 * (rejectionDb - 21);
  } else if (rejectionDb > 50) {
    beta = 0.1102 * (rejectionDb - 8.7);
  }
  const n = 2 * half + 1;
  const h = new Float64Array(n);
  const i0beta = besselI0(beta);
  const alpha = (n - 1) / 2;
  for (let i = 0; i < n; i++) {
    const t = i - half;
    // numpy's sinc: sin(pi x) / (pi x) with x = 0 replaced by 1e-20.
    const y = Math.PI * (t === 0 ? 1e-20 : 2 * stopbandCutoff * t);
    const ideal = 2 * p * stopbandCutoff * (Math.sin(y) / y);
    const r = (i - alpha) / alpha;
    const kaiser = besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
    h[i] = kaiser * ideal;
  }
  return h;
}

/**
 * Resample by `up / down` with the given FIR filter, exactly as scipy's
 * `resample_poly(x, up, down, window=window)` with the default zero padding: output length
 * `ceil(len * up / down)`, sample `m` = `sum_n x[n] * up * window[m * down + half - up * n]`
 * with `half = (len(window) - 1) // 2`. A ratio of 1 after the gcd returns a copy.
 *
 * @param x Input samples.
 * @param options `up`, `down` and the filter `window`.
 * @returns The resampled signal in float64.
 * @throws {UsageError} When a factor is not a positive integer or the filter is empty.
 *
 * @example
 * ```ts
 * import { resamplePoly } from "./resample_poly.ts";
 * // Up by 2 with a linear interpolator [0.5, 1, 0.5] (scaled by up = 2 inside).
 * const y = resamplePoly([1, 2, 3], { up: 2, down: 1, window: [0.25, 0.5, 0.25] });
 * console.log(Array.from(y)); // [ 1, 1.5, 2, 2.5, 3, 1.5 ]
 * ```
 */
export function resamplePoly(x: ArrayLike<number>, options: ResamplePolyOptions): Float64Array {
  return new PolyphaseResampler(options).process(x);
}

/**
 * pystoi's `resample_oct(x, p, q)`: {@linkcode resamplePoly} with
 * {@linkcode octaveResampleFilter} normalised to unit sum. The filter tables are cached per ratio.
 *
 * @param x Input samples.
 * @param options `up` = target rate (pystoi's `p`), `down` = source rate (`q`).
 * @returns The resampled signal in float64, `ceil(len * up / down)` samples.
 * @throws {UsageError} When a factor is not a positive integer.
 *
 * @example
 * ```ts
 * import { resampleOct } from "./resample_poly.ts";
 * const x = Float64Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000));
 * const y = resampleOct(x, { up: 10000, down: 16000 });
 * console.log(y.length); // 10000
 * console.log(Math.abs(y[5000] - Math.sin((2 * Math.PI * 440 * 5000) / 10000)) < 1e-3); // true
 * ```
 */
export function resampleOct(x: ArrayLike<number>, options: ResampleOctOptions): Float64Array {
  return octaveResampler(options).process(x);
}
