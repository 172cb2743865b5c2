/**
 * Window functions (Hann, Hamming, Blackman, rectangular) in the periodic form used for spectral
 * analysis or the symmetric form used for filter design, as `scipy.signal.get_window` computes
 * them. librosa's STFT uses the periodic Hann window (`fftbins=True`).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import { parseOptions } from "./options.ts";
import { UsageError } from "../../log/errors.ts";

/** Names of the windows {@linkcode getWindow} knows. */
export const WINDOW_NAMES = ["hann", "hamming", "blackman", "rectangular"] as const;

/** A window name: `hann`, `hamming`, `blackman` or `rectangular`. */
export type WindowName = typeof WINDOW_NAMES[number];

/**
 * Schema of {@linkcode WindowOptions}: `periodic` defaults to true (librosa/scipy `fftbins`).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const WindowOptionsSchema = z.object({
  /** Periodic (DFT-even, for spectral analysis) rather than symmetric (for filter design). */
  periodic: z.boolean().default(true),
}).strict();

/** Options of the window functions. Validated by {@linkcode WindowOptionsSchema}. */
export interface WindowOptions {
  /**
   * Periodic (DFT-even, for spectral analysis) rather than symmetric (for filter design).
   * Default true (librosa/scipy `fftbins`).
   */
  periodic?: boolean;
}
const _windowOptions: SameType<WindowOptions, z.input<typeof WindowOptionsSchema>> = true;

/** A general cosine window `sum_k (-1)^k a_k cos(2 pi k n / d)`. */
function cosineWindow(length: number, coeffs: readonly number[], periodic: boolean): Float64Array {
  if (!Number.isInteger(length) || length < 0) {
    throw new UsageError(`Window length must be a non-negative integer, found ${length}`);
  }
  const out = new Float64Array(length);
  if (length === 0) return out;
  if (length === 1) {
    out[0] = 1;
    return out;
  }
  // A periodic window of length n is the symmetric window of length n + 1 without its last point.
  const denom = periodic ? length : length - 1;
  for (let n = 0; n < length; n++) {
    const phase = (2 * Math.PI * n) / denom;
    let v = 0;
    for (let k = 0; k < coeffs.length; k++) {
      v += (k % 2 === 0 ? 1 : -1) * coeffs[k] * Math.cos(k * phase);
    }
    out[n] = v;
  }
  return out;
}

/**
 * Hann window `0.5 - 0.5 cos(2 pi n / d)`, `d = length` (periodic) or `length - 1` (symmetric).
 *
 * @param length Number of points.
 * @param options `periodic` (default true).
 * @returns The window as a Float64Array.
 *
 * @example
 * ```ts
 * import { hann } from "./window.ts";
 * console.log(Array.from(hann(4))); // [0, 0.5, 1, 0.5] (up to rounding)
 * console.log(Array.from(hann(3, { periodic: false }))); // [0, 1, 0]
 * ```
 */
export function hann(length: number, options?: WindowOptions): Float64Array {
  const { periodic } = parseOptions(WindowOptionsSchema, options, "window");
  return cosineWindow(length, [0.5, 0.5], periodic);
}

/**
 * Hamming window `0.54 - 0.46 cos(2 pi n / d)`.
 *
 * @param length Number of points.
 * @param options `periodic` (default true).
 * @returns The window as a Float64Array.
 *
 * @example
 * ```ts
 * import { hamming } from "./window.ts";
 * console.log(hamming(5, { periodic: false })[2]); // 1 (up to rounding)
 * ```
 */
export function hamming(length: number, options?: WindowOptions): Float64Array {
  const { periodic } = parseOptions(WindowOptionsSchema, options, "window");
  return cosineWindow(length, [0.54, 0.46], periodic);
}

/**
 * Blackman window `0.42 - 0.5 cos(2 pi n / d) + 0.08 cos(4 pi n / d)`.
 *
 * @param length Number of points.
 * @param options `periodic` (default true).
 * @returns The window as a Float64Array.
 *
 * @example
 * ```ts
 * import { blackman } from "./window.ts";
 * console.log(blackman(5, { periodic: false })[2]); // 1 (up to rounding)
 * ```
 */
export function blackman(length: number, options?: WindowOptions): Float64Array {
  const { periodic } = parseOptions(WindowOptionsSchema, options, "window");
  return cosineWindow(length, [0.42, 0.5, 0.08], periodic);
}

/**
 * A window by name, like `scipy.signal.get_window(name, length, fftbins=periodic)`.
 *
 * @param name `hann`, `hamming`, `blackman` or `rectangular`.
 * @param length Number of points.
 * @param options `periodic` (default true, as librosa and scipy's `fftbins`).
 * @returns The window as a Float64Array.
 * @throws {UsageError} For an unknown window name or a bad length.
 *
 * @example
 * ```ts
 * import { getWindow } from "./window.ts";
 * const w = getWindow("hann", 2048);
 * console.log(w.length, w[1024]); // 2048 1
 * ```
 */
export function getWindow(name: WindowName, length: number, options?: WindowOptions): Float64Array {
  const { periodic } = parseOptions(WindowOptionsSchema, options, "window");
  switch (name) {
    case "hann":
      return cosineWindow(length, [0.5, 0.5], periodic);
    case "hamming":
      return cosineWindow(length, [0.54, 0.46], periodic);
    case "blackman":
      return cosineWindow(length, [0.42, 0.5, 0.08], periodic);
    case "rectangular":
      return cosineWindow(length, [1], periodic);
    default:
      throw new UsageError(
        `Unknown window "${String(name)}"; known windows: ${WINDOW_NAMES.join(", ")}`,
      );
  }
}
