/**
 * Kaiser-window low-pass FIR design for rational resampling by `up / down`: the anti-aliasing
 * (and anti-imaging) filter of a polyphase resampler, specified by its pass-band edge and
 * stop-band attenuation in the standard Kaiser way (Oppenheim & Schafer, 3rd ed., §7.6.1).
 *
 * @module
 */

import { UsageError } from "../../log/errors.ts";
import { gcd } from "./_polyphase.ts";

/**
 * Modified Bessel function of the first kind, order 0, by its power series (exact to double
 * precision for the arguments a Kaiser window uses, up to about 30).
 *
 * @param x The argument.
 * @returns `I0(x)`.
 *
 * @example
 * ```ts
 * import { besselI0 } from "./kaiser_lowpass.ts";
 * console.log(besselI0(0), besselI0(1).toFixed(6)); // 1 1.266066
 * ```
 */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1, sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Options of {@linkcode kaiserLowpass}. */
export interface KaiserLowpassOptions {
  /** Up factor (positive integer; divided by the gcd with `down`). */
  up: number;
  /** Down factor (positive integer). */
  down: number;
  /**
   * Pass-band edge as a fraction of the lower Nyquist frequency. Default 0.913, soxr's "HQ"
   * setting, which librosa uses by default.
   */
  passband?: number;
  /**
   * Stop-band edge as a fraction of the lower Nyquist frequency. Default 1 (nothing above the
   * lower Nyquist frequency survives). A stage of a multi-stage converter whose signal is
   * already band-limited may set it higher, up to where images would fold back into that band.
   */
  stopband?: number;
  /** Stop-band attenuation in dB (also the pass-band ripple's order). Default 100. */
  attenuationDb?: number;
  /** Longest filter allowed, in taps at the up-sampled rate. Default 2,097,152. */
  maxTaps?: number;
}

/**
 * The low-pass filter, at the up-sampled rate, for resampling by `up / down`: odd length (so its
 * delay is a whole number of samples and the resampled signal stays aligned), unit DC gain
 * (a polyphase engine scales it by `up`), Kaiser `beta = 0.1102 (A - 8.7)` and length
 * `(A - 8) / (2.285 * 2 pi * transition) + 1` for attenuation `A`.
 *
 * @param options See {@linkcode KaiserLowpassOptions}.
 * @returns The taps (`Float64Array`, symmetric, summing to 1).
 * @throws {UsageError} For factors that are not positive integers, a pass band outside (0, 1),
 * an attenuation under 21 dB, or a filter longer than `maxTaps` (factors too large after the gcd).
 *
 * @example
 * ```ts
 * import { kaiserLowpass } from "./kaiser_lowpass.ts";
 * const h = kaiserLowpass({ up: 1, down: 3 }); // 48 kHz to 16 kHz
 * console.log(h.length, h.reduce((a, b) => a + b, 0).toFixed(12)); // 443 1.000000000000
 * ```
 */
export function kaiserLowpass(options: KaiserLowpassOptions): Float64Array {
  const { up, down } = options;
  const passband = options.passband ?? 0.913;
  const stopband = options.stopband ?? 1;
  const attenuation = options.attenuationDb ?? 100;
  const maxTaps = options.maxTaps ?? 2_097_152;
  for (const [name, v] of [["up", up], ["down", down]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new UsageError(`Resampling factor "${name}" must be a positive integer, found ${v}`);
    }
  }
  if (!(passband > 0 && passband < stopband)) {
    throw new UsageError(
      `Pass band must lie between 0 and the stop band ${stopband} (exclusive), found ${passband}`,
    );
  }
  if (!(attenuation >= 21)) {
    throw new UsageError(`Stop-band attenuation must be at least 21 dB, found ${attenuation}`);
  }
  const g = gcd(up, down);
  const m = Math.max(up / g, down / g);
  const nyquist = 1 / (2 * m); // the lower Nyquist frequency, cycles per up-sampled sample
  const stop = stopband * nyquist;
  const pass = passband * nyquist;
  if (!(stop < 0.5)) {
    throw new UsageError(`Stop band ${stopband} lies above the up-sampled Nyquist frequency`);
  }
  const cutoff = (pass + stop) / 2;
  const transition = 2 * Math.PI * (stop - pass);
  let n = Math.ceil((attenuation - 8) / (2.285 * transition)) + 1;
  if (n % 2 === 0) n++;
  if (n > maxTaps) {
    throw new UsageError(
      `Resampling by ${up / g}/${down / g} needs a ${n}-tap filter, more than ${maxTaps}`,
    );
  }
  const beta = attenuation > 50
    ? 0.1102 * (attenuation - 8.7)
    : 0.5842 * (attenuation - 21) ** 0.4 + 0.07886 * (attenuation - 21);
  const h = new Float64Array(n);
  const mid = (n - 1) / 2;
  const i0beta = besselI0(beta);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = i - mid;
    const ideal = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = t / mid;
    h[i] = ideal * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
    sum += h[i];
  }
  for (let i = 0; i < n; i++) h[i] /= sum;
  return h;
}
