/**
 * Synthetic room impulse responses: a direct path, a few discrete early reflections and an
 * exponentially decaying Gaussian tail whose energy falls by 60 dB over the reverberation time.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import type { Prng } from "../audio/prng.ts";
import { gaussian, uniform } from "./random.ts";
import { UsageError } from "../log/errors.ts";

/**
 * Options of {@linkcode synthRir}: the single source of their defaults.
 *
 * @example
 * ```ts
 * import { SynthRirOptionsSchema } from "./synth_rir.ts";
 * console.log(SynthRirOptionsSchema.parse({ rt60: 0.4, sampleRate: 16000 }).drrDb); // 0
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SynthRirOptionsSchema = z.strictObject({
  /** Reverberation time RT60 in seconds: the tail's energy falls by 60 dB over it. */
  rt60: z.number().positive().max(10),
  /** Samples per second. */
  sampleRate: z.number().int().positive(),
  /** Delay of the direct path in seconds (source distance / speed of sound). Default 3 ms. */
  directDelay: z.number().nonnegative().default(0.003),
  /** Direct-to-reverberant energy ratio in dB. Default 0. */
  drrDb: z.number().default(0),
  /** Discrete early reflections between 1 and 20 ms after the direct path. Default 6. */
  earlyReflections: z.number().int().nonnegative().default(6),
  /** Peak (the direct path's amplitude). Default 0.9. */
  peak: z.number().positive().max(1).default(0.9),
});

/** Options of {@linkcode synthRir}. Validated by {@linkcode SynthRirOptionsSchema}. */
export interface SynthRirOptions {
  /**
   * Reverberation time RT60 in seconds, at most 10: the tail's energy falls by 60 dB over it
   * (required).
   */
  rt60: number;
  /** Samples per second, a positive integer (required). */
  sampleRate: number;
  /** Delay of the direct path in seconds (source distance / speed of sound). Default 0.003. */
  directDelay?: number;
  /** Direct-to-reverberant energy ratio in dB. Default 0. */
  drrDb?: number;
  /** Discrete early reflections between 1 and 20 ms after the direct path. Default 6. */
  earlyReflections?: number;
  /** Peak (the direct path's amplitude), at most 1. Default 0.9. */
  peak?: number;
}
const _synthRirOptions: SameType<SynthRirOptions, z.input<typeof SynthRirOptionsSchema>> = true;

/**
 * Synthesise a room impulse response of `directDelay + rt60` seconds: a unit impulse at the
 * direct delay, discrete reflections 1-20 ms later with amplitudes 0.2-0.6 of the direct path
 * (random sign), and a Gaussian tail starting 1 ms after the direct path with an amplitude
 * envelope `exp(-3 ln(10) t / rt60)` (60 dB of energy decay at `rt60`) and a 5 ms onset ramp,
 * scaled to the requested direct-to-reverberant ratio (reflections count as reverberant). The
 * direct path stays the largest sample, so `get_rir_start_sample`-style detectors find it;
 * the whole response is scaled to `peak`.
 *
 * @param options See {@linkcode SynthRirOptionsSchema}.
 * @param rng The generator (the response is a function of it and the options).
 * @returns The samples.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "../audio/prng.ts";
 * import { synthRir } from "./synth_rir.ts";
 * const h = synthRir({ rt60: 0.3, sampleRate: 16000 }, mulberry32(1));
 * console.log(h.length, h.indexOf(Math.max(...h))); // 4848 48
 * ```
 */
export function synthRir(options: SynthRirOptions, rng: Prng): Float64Array {
  const parsed = SynthRirOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`Invalid RIR option "${issue.path.join(".")}": ${issue.message}`);
  }
  const o = parsed.data;
  const fs = o.sampleRate;
  const d = Math.round(o.directDelay * fs);
  const n = d + Math.round(o.rt60 * fs);
  const h = new Float64Array(n);
  // Reflections and tail first, then scale them to the wanted DRR against a unit direct path.
  for (let r = 0; r < o.earlyReflections; r++) {
    const at = d + Math.round(uniform(rng, 0.001, 0.02) * fs);
    const amp = uniform(rng, 0.2, 0.6) * (rng() < 0.5 ? -1 : 1);
    if (at < n) h[at] += amp;
  }
  const decay = (3 * Math.LN10) / (o.rt60 * fs);
  const start = d + Math.max(1, Math.round(0.001 * fs));
  const ramp = Math.max(1, Math.round(0.005 * fs));
  for (let i = start; i < n; i++) {
    const t = i - start;
    const onset = Math.min(1, (t + 1) / ramp);
    h[i] += gaussian(rng) * Math.exp(-decay * t) * onset * 0.1;
  }
  let reverb = 0;
  for (let i = d + 1; i < n; i++) reverb += h[i] * h[i];
  const wanted = Math.pow(10, -o.drrDb / 10); // reverberant energy for a unit direct path
  const g = reverb > 0 ? Math.sqrt(wanted / reverb) : 0;
  for (let i = d + 1; i < n; i++) h[i] *= g;
  // Keep the direct path the largest sample.
  let maxTail = 0;
  for (let i = d + 1; i < n; i++) maxTail = Math.max(maxTail, Math.abs(h[i]));
  if (maxTail >= 0.95) { for (let i = d + 1; i < n; i++) h[i] *= 0.95 / maxTail; }
  h[d] = 1;
  for (let i = 0; i < n; i++) h[i] *= o.peak;
  return h;
}
