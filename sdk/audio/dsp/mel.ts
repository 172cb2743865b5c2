/**
 * Mel scale and mel filterbanks as librosa computes them (`librosa.hz_to_mel`,
 * `librosa.mel_to_hz`, `librosa.filters.mel`, `librosa.feature.melspectrogram`,
 * `librosa.power_to_db`).
 *
 * Slaney scale (librosa's default, `htk=False`): linear below 1000 Hz (`mel = 3 f / 200`), then
 * logarithmic with 27 mels per factor 6.4 (`mel = 15 + 27 ln(f / 1000) / ln 6.4`). HTK scale:
 * `mel = 2595 log10(1 + f / 700)`.
 *
 * Layouts: a filterbank is row-major `(nMels, bins)`; mel spectrograms are frame-major
 * `(frames, nMels)`, `data[t * nMels + m]` (librosa's `(n_mels, frames)` transposed).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import { parseOptions } from "./options.ts";
import { power, resolveStftOptions, stft, type StftOptions, StftOptionsSchema } from "./stft.ts";
import { UsageError } from "../../log/errors.ts";

const F_SP = 200 / 3; // Hz per mel in the linear part
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP; // 15
const LOG_STEP = Math.log(6.4) / 27;

/** Options of {@linkcode hzToMel} and {@linkcode melToHz}. */
export interface MelScaleOptions {
  /** Use the HTK formula instead of Slaney's (default false, as librosa). */
  htk?: boolean;
}

/**
 * Convert a frequency in Hz to mels (`librosa.hz_to_mel`).
 *
 * @param hz Frequency in Hz.
 * @param options `htk` selects the HTK formula.
 * @returns The mel value.
 *
 * @example
 * ```ts
 * import { hzToMel } from "./mel.ts";
 * console.log(hzToMel(1000)); // 15 (up to rounding, as librosa)
 * console.log(hzToMel(440)); // 6.6 (up to rounding)
 * console.log(hzToMel(1000, { htk: true }).toFixed(4)); // 999.9855
 * ```
 */
export function hzToMel(hz: number, options?: MelScaleOptions): number {
  if (options?.htk) return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  return hz / F_SP;
}

/**
 * Convert mels to a frequency in Hz (`librosa.mel_to_hz`).
 *
 * @param mel The mel value.
 * @param options `htk` selects the HTK formula.
 * @returns Frequency in Hz.
 *
 * @example
 * ```ts
 * import { melToHz } from "./mel.ts";
 * console.log(melToHz(3)); // 200 (up to rounding)
 * console.log(melToHz(20).toFixed(2)); // 1410.24
 * ```
 */
export function melToHz(mel: number, options?: MelScaleOptions): number {
  if (options?.htk) return 700 * (Math.pow(10, mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/** Options of {@linkcode melFrequencies}. */
export interface MelFrequenciesOptions {
  /** Lowest frequency in Hz (default 0). */
  fMin?: number;
  /** Highest frequency in Hz (default 11025, librosa's). */
  fMax?: number;
  /** Use the HTK scale (default false). */
  htk?: boolean;
}

/**
 * `n` frequencies evenly spaced on the mel scale between `fMin` and `fMax`
 * (`librosa.mel_frequencies`).
 *
 * @param n Number of frequencies.
 * @param options `fMin`, `fMax`, `htk`.
 * @returns The frequencies in Hz.
 *
 * @example
 * ```ts
 * import { melFrequencies } from "./mel.ts";
 * console.log(Array.from(melFrequencies(3, { fMax: 2000 })).map(Math.round)); // [0, 836, 2000]
 * ```
 */
export function melFrequencies(n: number, options?: MelFrequenciesOptions): Float64Array {
  const fMin = options?.fMin ?? 0, fMax = options?.fMax ?? 11025;
  const scale = { htk: options?.htk ?? false };
  const lo = hzToMel(fMin, scale), hi = hzToMel(fMax, scale);
  const out = new Float64Array(n);
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = melToHz(i === n - 1 && n > 1 ? hi : lo + i * step, scale);
  return out;
}

/**
 * Centre frequency of each rFFT bin, `k * sampleRate / nFft` (`librosa.fft_frequencies`).
 *
 * @param sampleRate Samples per second.
 * @param nFft FFT length.
 * @returns `nFft / 2 + 1` frequencies in Hz.
 *
 * @example
 * ```ts
 * import { fftFrequencies } from "./mel.ts";
 * console.log(Array.from(fftFrequencies(8000, 8))); // [0, 1000, 2000, 3000, 4000]
 * ```
 */
export function fftFrequencies(sampleRate: number, nFft: number): Float64Array {
  const bins = Math.floor(nFft / 2) + 1;
  const out = new Float64Array(bins);
  for (let k = 0; k < bins; k++) out[k] = (k * sampleRate) / nFft;
  return out;
}

/**
 * Schema of {@linkcode MelFilterbankOptions}, with librosa's defaults: `nMels` 128, `fMin` 0,
 * `fMax` sampleRate / 2, `htk` false, `norm` "slaney". `norm` may also be null (peak 1) or a
 * number p (each row divided by its p-norm, `Infinity` for the max norm).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const MelFilterbankOptionsSchema = z.object({
  /** Samples per second of the signal (required). */
  sampleRate: z.number().positive(),
  /** FFT length of the spectrogram (required). */
  nFft: z.number().int().min(1),
  /** Number of mel bands. */
  nMels: z.number().int().min(1).default(128),
  /** Lowest band edge in Hz. */
  fMin: z.number().min(0).default(0),
  /** Highest band edge in Hz; default sampleRate / 2. */
  fMax: z.number().positive().optional(),
  /** HTK mel scale instead of Slaney. */
  htk: z.boolean().default(false),
  /** Row normalisation: "slaney" (area 1 in Hz), null (none) or a p-norm. */
  norm: z.union([z.literal("slaney"), z.null(), z.number().positive()]).default("slaney"),
}).strict();

/** Options of {@linkcode melFilterbank}. Validated by {@linkcode MelFilterbankOptionsSchema}. */
export interface MelFilterbankOptions {
  /** Samples per second of the signal (required). */
  sampleRate: number;
  /** FFT length of the spectrogram (required). */
  nFft: number;
  /** Number of mel bands. Default 128. */
  nMels?: number;
  /** Lowest band edge in Hz. Default 0. */
  fMin?: number;
  /** Highest band edge in Hz. Default `sampleRate / 2`. */
  fMax?: number;
  /** HTK mel scale instead of Slaney. Default false. */
  htk?: boolean;
  /**
   * Row normalisation: `"slaney"` (area 1 in Hz), `null` (none: peak 1) or a number p (each row
   * divided by its p-norm, `Infinity` for the max norm). Default `"slaney"`.
   */
  norm?: "slaney" | null | number;
}
const _melFilterbankOptions: SameType<
  MelFilterbankOptions,
  z.input<typeof MelFilterbankOptionsSchema>
> = true;

/** A mel filterbank matrix, row-major: weight of bin `k` in band `m` is `weights[m * bins + k]`. */
export interface MelFilterbank {
  /** Number of mel bands (rows). */
  nMels: number;
  /** Number of FFT bins (columns), `nFft / 2 + 1`. */
  bins: number;
  /** `nMels * bins` weights. */
  weights: Float32Array;
  /** Band edges and centres in Hz, `nMels + 2` values (`librosa.mel_frequencies`). */
  melEdgesHz: Float64Array;
  /**
   * Bands that catch no FFT bin (all-zero rows; librosa warns "Empty filters detected"): too
   * many mels for the FFT resolution.
   */
  emptyBands: number[];
}

/**
 * Triangular mel filterbank, equal to `librosa.filters.mel` (float64 arithmetic, float32
 * result).
 *
 * @param options See {@linkcode MelFilterbankOptionsSchema}; `sampleRate` and `nFft` required.
 * @returns The `(nMels, nFft / 2 + 1)` matrix.
 * @throws {UsageError} On invalid options.
 *
 * @example
 * ```ts
 * import { melFilterbank } from "./mel.ts";
 * const fb = melFilterbank({ sampleRate: 22050, nFft: 2048 });
 * console.log(fb.nMels, fb.bins); // 128 1025
 * console.log(fb.weights[1].toFixed(3)); // 0.016, as the librosa docs print
 * ```
 */
export function melFilterbank(options: MelFilterbankOptions): MelFilterbank {
  const o = parseOptions(MelFilterbankOptionsSchema, options, "mel filterbank");
  const fMax = o.fMax ?? o.sampleRate / 2;
  if (fMax <= o.fMin) {
    throw new UsageError(`Invalid mel filterbank option "fMax" (${fMax}): must exceed fMin`);
  }
  const nMels = o.nMels;
  const fftFreqs = fftFrequencies(o.sampleRate, o.nFft);
  const bins = fftFreqs.length;
  const edges = melFrequencies(nMels + 2, { fMin: o.fMin, fMax, htk: o.htk });
  const weights = new Float32Array(nMels * bins);
  const row = new Float64Array(bins);
  const emptyBands: number[] = [];
  for (let m = 0; m < nMels; m++) {
    const f0 = edges[m], f1 = edges[m + 1], f2 = edges[m + 2];
    const d0 = f1 - f0, d1 = f2 - f1;
    for (let k = 0; k < bins; k++) {
      const lower = (fftFreqs[k] - f0) / d0;
      const upper = (f2 - fftFreqs[k]) / d1;
      row[k] = Math.max(0, Math.min(lower, upper));
    }
    let scale = 1;
    if (o.norm === "slaney") {
      scale = 2 / (f2 - f0);
    } else if (typeof o.norm === "number") {
      let s = 0;
      if (o.norm === Infinity) {
        for (let k = 0; k < bins; k++) s = Math.max(s, row[k]);
      } else {
        for (let k = 0; k < bins; k++) s += Math.pow(row[k], o.norm);
        s = Math.pow(s, 1 / o.norm);
      }
      scale = s > 0 ? 1 / s : 1;
    }
    let any = false;
    for (let k = 0; k < bins; k++) {
      weights[m * bins + k] = row[k] * scale;
      if (row[k] > 0) any = true;
    }
    if (!any) emptyBands.push(m);
  }
  return { nMels, bins, weights, melEdgesHz: edges, emptyBands };
}

/**
 * Schema of {@linkcode MelSpectrogramOptions}: the STFT options ({@linkcode StftOptionsSchema}),
 * the filterbank options without `nFft` ({@linkcode MelFilterbankOptionsSchema}) and `power`
 * (2.0, librosa's default). `sampleRate` is required (librosa's 22050 default is not assumed).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const MelSpectrogramOptionsSchema = StftOptionsSchema.extend({
  ...MelFilterbankOptionsSchema.omit({ nFft: true }).shape,
  /** Exponent of the magnitude: 2 energy, 1 magnitude. */
  power: z.number().positive().default(2),
}).strict();

/**
 * Options of {@linkcode melSpectrogram}: the STFT options, the filterbank options without `nFft`
 * (the STFT's is used) and `power`. `sampleRate` is required (librosa's 22050 default is not
 * assumed). Validated by {@linkcode MelSpectrogramOptionsSchema}.
 */
export interface MelSpectrogramOptions extends StftOptions, Omit<MelFilterbankOptions, "nFft"> {
  /** Exponent of the magnitude: 2 energy, 1 magnitude. Default 2 (librosa's). */
  power?: number;
}
const _melSpectrogramOptions: SameType<
  MelSpectrogramOptions,
  z.input<typeof MelSpectrogramOptionsSchema>
> = true;

/** A mel spectrogram, frame-major: band `m` of frame `t` is `data[t * nMels + m]`. */
export interface MelSpectrogram {
  /** Number of frames. */
  frames: number;
  /** Number of mel bands. */
  nMels: number;
  /** `frames * nMels` values. */
  data: Float32Array;
}

/**
 * Mel spectrogram (`librosa.feature.melspectrogram`): `|STFT|^power` projected on the mel
 * filterbank.
 *
 * @param signal Mono samples.
 * @param options See {@linkcode MelSpectrogramOptionsSchema}; `sampleRate` required.
 * @returns Frame-major `(frames, nMels)` values.
 * @throws {UsageError} On invalid options.
 *
 * @example
 * ```ts
 * import { melSpectrogram } from "./mel.ts";
 * const sr = 16000;
 * const x = Float32Array.from({ length: sr }, (_, i) => Math.sin(2 * Math.PI * 440 * i / sr));
 * const mel = melSpectrogram(x, { sampleRate: sr, nFft: 512, nMels: 40 });
 * console.log(mel.frames, mel.nMels); // 126 40
 * ```
 */
export function melSpectrogram(
  signal: Float32Array,
  options: MelSpectrogramOptions,
): MelSpectrogram {
  const o = parseOptions(MelSpectrogramOptionsSchema, options, "mel spectrogram");
  const st = resolveStftOptions({
    nFft: o.nFft,
    hopLength: o.hopLength,
    winLength: o.winLength,
    window: o.window,
    center: o.center,
    padMode: o.padMode,
  });
  const fb = melFilterbank({
    sampleRate: o.sampleRate,
    nFft: st.nFft,
    nMels: o.nMels,
    fMin: o.fMin,
    fMax: o.fMax,
    htk: o.htk,
    norm: o.norm,
  });
  const spec = stft(signal, st);
  const pw = power(spec, o.power);
  return applyFilterbank(pw, fb);
}

/**
 * Project a frame-major power (or magnitude) spectrogram on a filterbank.
 *
 * @param spectrum Frame-major values, a whole number of frames of `fb.bins` bins.
 * @param fb The filterbank.
 * @returns Frame-major `(frames, nMels)` values.
 * @throws {UsageError} When the spectrum length is not a multiple of `fb.bins`.
 *
 * @example
 * ```ts
 * import { applyFilterbank, melFilterbank } from "./mel.ts";
 * const fb = melFilterbank({ sampleRate: 8000, nFft: 16, nMels: 2 });
 * const mel = applyFilterbank(new Float32Array(fb.bins).fill(1), fb);
 * console.log(mel.frames, mel.data.length); // 1 2
 * ```
 */
export function applyFilterbank(spectrum: Float32Array, fb: MelFilterbank): MelSpectrogram {
  const { nMels, bins, weights } = fb;
  if (spectrum.length % bins !== 0) {
    throw new UsageError(
      `Spectrum of ${spectrum.length} values is not a whole number of ${bins}-bin frames`,
    );
  }
  const frames = spectrum.length / bins;
  // Non-zero span of each row, to skip the zeros of the triangles.
  const lo = new Int32Array(nMels), hi = new Int32Array(nMels);
  for (let m = 0; m < nMels; m++) {
    let a = 0, b = bins;
    while (a < bins && weights[m * bins + a] === 0) a++;
    while (b > a && weights[m * bins + b - 1] === 0) b--;
    lo[m] = a;
    hi[m] = b;
  }
  const data = new Float32Array(frames * nMels);
  for (let t = 0; t < frames; t++) {
    const so = t * bins;
    for (let m = 0; m < nMels; m++) {
      const wo = m * bins;
      let s = 0;
      for (let k = lo[m]; k < hi[m]; k++) s += weights[wo + k] * spectrum[so + k];
      data[t * nMels + m] = s;
    }
  }
  return { frames, nMels, data };
}

/**
 * Schema of {@linkcode PowerToDbOptions}, librosa's `power_to_db` defaults: `ref` 1.0 (or "max"
 * for the largest value), `amin` 1e-10, `topDb` 80 (null: no clipping).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const PowerToDbOptionsSchema = z.object({
  /** Reference power mapped to 0 dB, or "max". */
  ref: z.union([z.number().positive(), z.literal("max")]).default(1),
  /** Floor applied before the logarithm. */
  amin: z.number().positive().default(1e-10),
  /** Clip everything more than `topDb` below the maximum; null disables. */
  topDb: z.number().min(0).nullable().default(80),
}).strict();

/** Options of {@linkcode powerToDb}. Validated by {@linkcode PowerToDbOptionsSchema}. */
export interface PowerToDbOptions {
  /** Reference power mapped to 0 dB, or `"max"` for the largest value. Default 1. */
  ref?: number | "max";
  /** Floor applied before the logarithm. Default 1e-10. */
  amin?: number;
  /**
   * Clip everything more than `topDb` below the maximum; `null` disables the clipping.
   * Default 80.
   */
  topDb?: number | null;
}
const _powerToDbOptions: SameType<PowerToDbOptions, z.input<typeof PowerToDbOptionsSchema>> = true;

/**
 * Power values to decibels, `10 log10(max(amin, S) / ref)` clipped to `max - topDb`
 * (`librosa.power_to_db`).
 *
 * @param values Power values (not modified).
 * @param options See {@linkcode PowerToDbOptionsSchema}.
 * @returns A new array of dB values.
 *
 * @example
 * ```ts
 * import { powerToDb } from "./mel.ts";
 * console.log(Array.from(powerToDb(Float32Array.of(1, 0.1, 0)))); // [0, -10, -80]
 * ```
 */
export function powerToDb(values: Float32Array, options?: PowerToDbOptions): Float32Array {
  const o = parseOptions(PowerToDbOptionsSchema, options, "power to dB");
  const n = values.length;
  let ref: number;
  if (o.ref === "max") {
    ref = 0;
    for (let i = 0; i < n; i++) if (values[i] > ref) ref = values[i];
  } else {
    ref = o.ref;
  }
  const refDb = 10 * Math.log10(Math.max(o.amin, ref));
  const out = new Float32Array(n);
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = 10 * Math.log10(Math.max(o.amin, values[i])) - refDb;
    out[i] = v;
    if (v > top) top = v;
  }
  if (o.topDb !== null && n > 0) {
    const floor = top - o.topDb;
    for (let i = 0; i < n; i++) if (out[i] < floor) out[i] = floor;
  }
  return out;
}

/**
 * Schema of {@linkcode LogMelOptions}: the mel spectrogram options plus `ref`, `amin`, `topDb` of
 * {@linkcode PowerToDbOptionsSchema}.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LogMelOptionsSchema = MelSpectrogramOptionsSchema.extend(
  PowerToDbOptionsSchema.shape,
).strict();

/**
 * Options of {@linkcode logMel}: those of {@linkcode melSpectrogram} plus `ref`, `amin` and
 * `topDb` of {@linkcode powerToDb}. Validated by {@linkcode LogMelOptionsSchema}.
 */
export interface LogMelOptions extends MelSpectrogramOptions, PowerToDbOptions {}
const _logMelOptions: SameType<LogMelOptions, z.input<typeof LogMelOptionsSchema>> = true;

/**
 * Log-mel spectrogram in dB: `power_to_db(melspectrogram(y))` with librosa's defaults
 * (`ref` 1, `amin` 1e-10, `topDb` 80).
 *
 * @param signal Mono samples.
 * @param options See {@linkcode LogMelOptionsSchema}; `sampleRate` required.
 * @returns Frame-major `(frames, nMels)` values in dB.
 *
 * @example
 * ```ts
 * import { logMel } from "./mel.ts";
 * const x = new Float32Array(16000);
 * const db = logMel(x, { sampleRate: 16000, nFft: 400, hopLength: 160, nMels: 80 });
 * console.log(db.frames, db.nMels, db.data[0]); // 101 80 -100
 * ```
 */
export function logMel(signal: Float32Array, options: LogMelOptions): MelSpectrogram {
  const o = parseOptions(LogMelOptionsSchema, options, "log-mel");
  const { ref, amin, topDb, ...melOptions } = o;
  const mel = melSpectrogram(signal, melOptions);
  return { frames: mel.frames, nMels: mel.nMels, data: powerToDb(mel.data, { ref, amin, topDb }) };
}
