/**
 * Signal levels: RMS, sample peak, crest factor and their decibel values, for one channel or over
 * all channels of an {@linkcode AudioData}.
 *
 * Decibels are plain `20 log10(value)` relative to full scale 1.0, so a full-scale square wave has
 * an RMS of 0 dBFS and a full-scale sine -3.01 dBFS (no AES17 +3 dB correction).
 *
 * @module
 */

import type { AudioData } from "../types.ts";

/** A mono signal or a multichannel {@linkcode AudioData}. */
export type LevelInput = Float32Array | AudioData;

function channelsOf(input: LevelInput): Float32Array[] {
  return input instanceof Float32Array ? [input] : input.channels;
}

function sumSquares(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

function maxAbs(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > m) m = v;
  }
  return m;
}

/**
 * Linear amplitude to decibels relative to full scale, `20 log10(value)`.
 *
 * @param value A linear amplitude (RMS or peak), 1.0 = full scale.
 * @returns Decibels; `-Infinity` for 0.
 *
 * @example
 * ```ts
 * import { dbfs } from "./levels.ts";
 * console.log(dbfs(1), dbfs(0.5).toFixed(2), dbfs(0)); // 0 -6.02 -Infinity
 * ```
 */
export function dbfs(value: number): number {
  return value > 0 ? 20 * Math.log10(value) : -Infinity;
}

/**
 * Root mean square over every sample of every channel (channels pooled).
 *
 * @param input A mono signal or an AudioData.
 * @returns The RMS (0 for no samples).
 *
 * @example
 * ```ts
 * import { rms } from "./levels.ts";
 * console.log(rms(Float32Array.of(1, -1, 1, -1))); // 1
 * console.log(rms({ sampleRate: 8000, channels: [Float32Array.of(1, 1), Float32Array.of(0, 0)] }).toFixed(4)); // 0.7071
 * ```
 */
export function rms(input: LevelInput): number {
  let s = 0, n = 0;
  for (const ch of channelsOf(input)) {
    s += sumSquares(ch);
    n += ch.length;
  }
  return n === 0 ? 0 : Math.sqrt(s / n);
}

/**
 * Largest absolute sample value over every channel.
 *
 * @param input A mono signal or an AudioData.
 * @returns The sample peak (0 for no samples).
 *
 * @example
 * ```ts
 * import { peak } from "./levels.ts";
 * console.log(peak(Float32Array.of(0.25, -0.5, 0.125))); // 0.5
 * ```
 */
export function peak(input: LevelInput): number {
  let m = 0;
  for (const ch of channelsOf(input)) m = Math.max(m, maxAbs(ch));
  return m;
}

/**
 * Crest factor, peak / RMS (linear); `dbfs(crestFactor(x))` gives it in dB.
 *
 * @param input A mono signal or an AudioData.
 * @returns Peak over RMS; 0 for silence or no samples.
 *
 * @example
 * ```ts
 * import { crestFactor } from "./levels.ts";
 * const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(2 * Math.PI * i / 48));
 * console.log(crestFactor(sine).toFixed(3)); // 1.414
 * ```
 */
export function crestFactor(input: LevelInput): number {
  const r = rms(input);
  return r === 0 ? 0 : peak(input) / r;
}

/** Levels of one channel (or of all channels pooled). */
export interface ChannelLevels {
  /** Root mean square, linear. */
  rms: number;
  /** Sample peak, linear. */
  peak: number;
  /** Peak / RMS, linear (0 for silence). */
  crestFactor: number;
  /** RMS in dBFS. */
  rmsDbfs: number;
  /** Sample peak in dBFS. */
  peakDbfs: number;
  /** Crest factor in dB. */
  crestFactorDb: number;
}

/** Levels per channel and over all channels. */
export interface Levels {
  /** One entry per channel, in order. */
  channels: ChannelLevels[];
  /** All channels pooled. */
  overall: ChannelLevels;
}

function describe(sumSq: number, count: number, pk: number): ChannelLevels {
  const r = count === 0 ? 0 : Math.sqrt(sumSq / count);
  const cf = r === 0 ? 0 : pk / r;
  return {
    rms: r,
    peak: pk,
    crestFactor: cf,
    rmsDbfs: dbfs(r),
    peakDbfs: dbfs(pk),
    crestFactorDb: cf === 0 ? 0 : dbfs(cf),
  };
}

/**
 * RMS, peak and crest factor of each channel and of all channels together, in one pass.
 *
 * @param input A mono signal or an AudioData.
 * @returns Per-channel and overall levels.
 *
 * @example
 * ```ts
 * import { levels } from "./levels.ts";
 * const lv = levels({ sampleRate: 8000, channels: [Float32Array.of(0.5, -0.5), Float32Array.of(1, 0)] });
 * console.log(lv.channels[0].peakDbfs.toFixed(2), lv.overall.peak); // -6.02 1
 * ```
 */
export function levels(input: LevelInput): Levels {
  const per: ChannelLevels[] = [];
  let total = 0, count = 0, pkAll = 0;
  for (const ch of channelsOf(input)) {
    let s = 0, pk = 0;
    for (let i = 0; i < ch.length; i++) {
      const v = ch[i];
      s += v * v;
      const a = v < 0 ? -v : v;
      if (a > pk) pk = a;
    }
    per.push(describe(s, ch.length, pk));
    total += s;
    count += ch.length;
    if (pk > pkAll) pkAll = pk;
  }
  return { channels: per, overall: describe(total, count, pkAll) };
}
