/**
 * Deterministic test signals for the DSP tests: a seeded PRNG and tone sequences.
 *
 * @module
 */

/**
 * Mulberry32: a small seeded PRNG giving floats in [0, 1).
 *
 * @param seed 32-bit seed.
 * @returns A function returning the next value.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Uniform white noise in [-amplitude, amplitude).
 *
 * @param length Number of samples.
 * @param seed PRNG seed.
 * @param amplitude Peak amplitude.
 * @returns The noise.
 */
export function noise(length: number, seed: number, amplitude = 1): Float32Array {
  const rnd = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = amplitude * (2 * rnd() - 1);
  return out;
}

/** Options of {@linkcode toneSequence}. */
export interface ToneOptions {
  /** Samples per second. */
  sampleRate: number;
  /** Sine frequency in Hz. */
  frequency: number;
  /** Consecutive segments: [peak level in dBFS, duration in seconds]. */
  segments: Array<[number, number]>;
  /** Starting phase in degrees (default 0). */
  phaseDeg?: number;
  /** Raised-cosine fade in and out, in seconds (default 0: abrupt). */
  fadeSeconds?: number;
}

/**
 * A continuous-phase sine whose level steps between segments (EBU Tech 3341 style).
 *
 * @param options See {@linkcode ToneOptions}.
 * @returns The samples.
 */
export function toneSequence(options: ToneOptions): Float32Array {
  const { sampleRate: sr, frequency, segments } = options;
  const phase = ((options.phaseDeg ?? 0) * Math.PI) / 180;
  const n = segments.reduce((a, s) => a + Math.round(s[1] * sr), 0);
  const out = new Float32Array(n);
  let o = 0;
  for (const [db, sec] of segments) {
    const amp = Math.pow(10, db / 20);
    const m = Math.round(sec * sr);
    for (let i = 0; i < m; i++, o++) {
      out[o] = amp * Math.sin((2 * Math.PI * frequency * o) / sr + phase);
    }
  }
  const fade = Math.round((options.fadeSeconds ?? 0) * sr);
  for (let i = 0; i < fade && i < n; i++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / fade);
    out[i] *= g;
    out[n - 1 - i] *= g;
  }
  return out;
}
