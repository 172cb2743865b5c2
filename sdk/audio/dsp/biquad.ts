/**
 * Biquad filters from Robert Bristow-Johnson's "Audio EQ Cookbook": lowpass, highpass, bandpass
 * (0 dB peak), notch, allpass, peaking EQ, low and high shelves, and a stateful {@linkcode Biquad}
 * that filters block after block (transposed direct form II, float64 state).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import { parseOptions } from "./options.ts";
import { UsageError } from "../../log/errors.ts";

/** Cookbook filter types. */
export const BIQUAD_TYPES = [
  "lowpass",
  "highpass",
  "bandpass",
  "notch",
  "allpass",
  "peaking",
  "lowshelf",
  "highshelf",
] as const;

/** A cookbook filter type, see {@linkcode BIQUAD_TYPES}. */
export type BiquadType = typeof BIQUAD_TYPES[number];

/** Normalised biquad coefficients (`a0 = 1`): `y = b0 x + b1 x' + b2 x'' - a1 y' - a2 y''`. */
export interface BiquadCoefficients {
  /** Feed-forward coefficient of x[n]. */
  b0: number;
  /** Feed-forward coefficient of x[n-1]. */
  b1: number;
  /** Feed-forward coefficient of x[n-2]. */
  b2: number;
  /** Feedback coefficient of y[n-1]. */
  a1: number;
  /** Feedback coefficient of y[n-2]. */
  a2: number;
}

/**
 * Schema of {@linkcode BiquadDesignOptions}: `q` defaults to `1 / sqrt(2)` (Butterworth for
 * lowpass/highpass, and the shelf slope S = 1), `gainDb` to 0 (used by peaking and shelves).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const BiquadDesignOptionsSchema = z.object({
  /** Cookbook type. */
  type: z.enum(BIQUAD_TYPES),
  /** Centre or corner frequency in Hz, strictly between 0 and sampleRate / 2. */
  frequency: z.number().positive(),
  /** Samples per second. */
  sampleRate: z.number().positive(),
  /** Quality factor. */
  q: z.number().positive().default(Math.SQRT1_2),
  /** Gain in dB of peaking and shelf filters. */
  gainDb: z.number().default(0),
}).strict();

/**
 * Options of {@linkcode biquadCoefficients}. Validated by {@linkcode BiquadDesignOptionsSchema}.
 */
export interface BiquadDesignOptions {
  /** Cookbook type (required). */
  type: BiquadType;
  /** Centre or corner frequency in Hz, strictly between 0 and sampleRate / 2 (required). */
  frequency: number;
  /** Samples per second (required). */
  sampleRate: number;
  /**
   * Quality factor. Default `1 / sqrt(2)` (Butterworth for lowpass/highpass, and the shelf
   * slope S = 1).
   */
  q?: number;
  /** Gain in dB of peaking and shelf filters. Default 0. */
  gainDb?: number;
}
const _biquadDesignOptions: SameType<
  BiquadDesignOptions,
  z.input<typeof BiquadDesignOptionsSchema>
> = true;

/**
 * Coefficients of a cookbook biquad.
 *
 * @param options See {@linkcode BiquadDesignOptionsSchema}.
 * @returns Normalised coefficients.
 * @throws {UsageError} On a frequency outside (0, sampleRate / 2) or another bad option.
 *
 * @example
 * ```ts
 * import { biquadCoefficients } from "./biquad.ts";
 * const c = biquadCoefficients({ type: "lowpass", frequency: 1000, sampleRate: 48000 });
 * console.log((c.b0 + c.b1 + c.b2) / (1 + c.a1 + c.a2)); // 1 (unity gain at DC, up to rounding)
 * ```
 */
export function biquadCoefficients(options: BiquadDesignOptions): BiquadCoefficients {
  const o = parseOptions(BiquadDesignOptionsSchema, options, "biquad");
  if (o.frequency >= o.sampleRate / 2) {
    throw new UsageError(
      `Biquad frequency ${o.frequency} Hz must be below the Nyquist frequency (${
        o.sampleRate / 2
      } Hz)`,
    );
  }
  const w0 = (2 * Math.PI * o.frequency) / o.sampleRate;
  const cw = Math.cos(w0), sw = Math.sin(w0);
  const alpha = sw / (2 * o.q);
  const A = Math.pow(10, o.gainDb / 40);
  let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
  switch (o.type) {
    case "lowpass":
      b0 = (1 - cw) / 2, b1 = 1 - cw, b2 = (1 - cw) / 2;
      a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
      break;
    case "highpass":
      b0 = (1 + cw) / 2, b1 = -(1 + cw), b2 = (1 + cw) / 2;
      a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
      break;
    case "bandpass":
      b0 = alpha, b1 = 0, b2 = -alpha;
      a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
      break;
    case "notch":
      b0 = 1, b1 = -2 * cw, b2 = 1;
      a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
      break;
    case "allpass":
      b0 = 1 - alpha, b1 = -2 * cw, b2 = 1 + alpha;
      a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
      break;
    case "peaking":
      b0 = 1 + alpha * A, b1 = -2 * cw, b2 = 1 - alpha * A;
      a0 = 1 + alpha / A, a1 = -2 * cw, a2 = 1 - alpha / A;
      break;
    case "lowshelf": {
      const r = 2 * Math.sqrt(A) * alpha;
      b0 = A * ((A + 1) - (A - 1) * cw + r);
      b1 = 2 * A * ((A - 1) - (A + 1) * cw);
      b2 = A * ((A + 1) - (A - 1) * cw - r);
      a0 = (A + 1) + (A - 1) * cw + r;
      a1 = -2 * ((A - 1) + (A + 1) * cw);
      a2 = (A + 1) + (A - 1) * cw - r;
      break;
    }
    case "highshelf": {
      const r = 2 * Math.sqrt(A) * alpha;
      b0 = A * ((A + 1) + (A - 1) * cw + r);
      b1 = -2 * A * ((A - 1) + (A + 1) * cw);
      b2 = A * ((A + 1) + (A - 1) * cw - r);
      a0 = (A + 1) - (A - 1) * cw + r;
      a1 = 2 * ((A - 1) - (A + 1) * cw);
      a2 = (A + 1) - (A - 1) * cw - r;
      break;
    }
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/**
 * A biquad with state: `process` continues where the previous block stopped.
 *
 * @example
 * ```ts
 * import { Biquad } from "./biquad.ts";
 * const lp = Biquad.design({ type: "lowpass", frequency: 100, sampleRate: 8000 });
 * lp.process(new Float32Array(4000).fill(1));
 * const b = lp.process(new Float32Array(10).fill(1));
 * console.log(Math.abs(b[9] - 1) < 1e-4); // true: the step response has settled
 * ```
 */
export class Biquad {
  /** The coefficients in use. */
  readonly coefficients: Readonly<BiquadCoefficients>;
  #z1 = 0;
  #z2 = 0;

  /**
   * A filter with the given coefficients and zero state.
   *
   * @param coefficients Normalised coefficients (`a0 = 1`).
   */
  constructor(coefficients: BiquadCoefficients) {
    this.coefficients = { ...coefficients };
  }

  /**
   * A biquad from the cookbook.
   *
   * @param options See {@linkcode BiquadDesignOptionsSchema}.
   * @returns A new filter with zero state.
   */
  static design(options: BiquadDesignOptions): Biquad {
    return new Biquad(biquadCoefficients(options));
  }

  /**
   * Filter a block, carrying the state over from the previous call.
   *
   * @param input The samples.
   * @param output Where to write (may be `input` itself); a new array by default.
   * @returns The filtered samples.
   */
  process(input: Float32Array, output?: Float32Array): Float32Array {
    const out = output ?? new Float32Array(input.length);
    const { b0, b1, b2, a1, a2 } = this.coefficients;
    let z1 = this.#z1, z2 = this.#z2;
    for (let i = 0; i < input.length; i++) {
      const x = input[i];
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      out[i] = y;
    }
    this.#z1 = z1;
    this.#z2 = z2;
    return out;
  }

  /** Clear the state (as if only zeros had been seen). */
  reset(): void {
    this.#z1 = 0;
    this.#z2 = 0;
  }

  /**
   * The filter as one second-order section, scipy layout `[b0, b1, b2, 1, a1, a2]`.
   *
   * @returns 6 coefficients.
   */
  toSos(): Float64Array {
    const { b0, b1, b2, a1, a2 } = this.coefficients;
    return Float64Array.of(b0, b1, b2, 1, a1, a2);
  }
}
