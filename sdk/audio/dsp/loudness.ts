/**
 * Programme loudness after ITU-R BS.1770-4 and EBU R 128: K-weighting, gated integrated loudness,
 * momentary (400 ms) and short-term (3 s) maxima, loudness range (EBU Tech 3342), sample peak and
 * true peak (4x oversampling with the Annex 2 interpolator).
 *
 * - K-weighting: the shelf and RLB high-pass of BS.1770-4 Annex 1, recomputed for any sample rate
 *   from their analog parameters as libebur128 does (`f0 = 1681.97 Hz, G = 4.0 dB, Q = 0.7072` and
 *   `f0 = 38.135 Hz, Q = 0.5003`); at 48 kHz this reproduces the published Tables 1 and 2.
 * - Gating: 400 ms blocks every 100 ms (75 % overlap), absolute gate -70 LKFS, relative gate
 *   -10 LU; block loudness `-0.691 + 10 log10(sum_i G_i z_i)`.
 * - Channel weights: 1.0 for L, R, C; 1.41 for Ls, Rs; 0 for LFE.
 * - Loudness range: short-term (3 s) loudness every 100 ms (as ffmpeg's ebur128 filter; libebur128
 *   steps 1 s), absolute gate -70 LUFS, relative gate -20 LU below the energy mean, range between
 *   the 10th and 95th percentiles (nearest rank, libebur128's rounding).
 * - True peak: 4x polyphase FIR (4 phases x 12 taps, BS.1770-4 Annex 2) at every sample rate,
 *   reported as the larger of the interpolated and the sample peak (as libebur128), in dBTP. The
 *   signal is taken as silent before its start and after its end.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import type { AudioData } from "../types.ts";
import { parseOptions } from "./options.ts";
import { UsageError } from "../../log/errors.ts";

/** Channel layouts with known BS.1770 weights. */
export const CHANNEL_LAYOUTS = ["mono", "stereo", "5.0", "5.1"] as const;

/**
 * A channel layout: `mono`, `stereo` (L R), `5.0` (L R C Ls Rs) or `5.1` (L R C LFE Ls Rs, the
 * WAV/SMPTE order).
 */
export type ChannelLayout = typeof CHANNEL_LAYOUTS[number];

const LAYOUT_WEIGHTS: Record<ChannelLayout, readonly number[]> = {
  "mono": [1],
  "stereo": [1, 1],
  "5.0": [1, 1, 1, 1.41, 1.41],
  "5.1": [1, 1, 1, 0, 1.41, 1.41],
};

/**
 * Schema of {@linkcode LoudnessOptions}. Without `layout` or `channelWeights`, 1 and 2 channels
 * weigh 1.0 each, 5 channels are taken as `5.0` and 6 as `5.1`; other counts need explicit
 * `channelWeights`. `truePeak` (default true) can be turned off to save the oversampling pass.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LoudnessOptionsSchema = z.object({
  /** Channel layout giving the weights. */
  layout: z.enum(CHANNEL_LAYOUTS).optional(),
  /** Explicit weight per channel (overrides `layout`). */
  channelWeights: z.array(z.number().min(0)).optional(),
  /** Compute the true peak (4x oversampling). */
  truePeak: z.boolean().default(true),
}).strict();

/**
 * Options of {@linkcode loudness}. Validated by {@linkcode LoudnessOptionsSchema}. Without
 * `layout` or `channelWeights`, 1 and 2 channels weigh 1.0 each, 5 channels are taken as `5.0`
 * and 6 as `5.1`; other counts need explicit `channelWeights`.
 */
export interface LoudnessOptions {
  /** Channel layout giving the weights. Default: chosen from the channel count (see above). */
  layout?: ChannelLayout;
  /** Explicit non-negative weight per channel (overrides `layout`). Default none. */
  channelWeights?: number[];
  /** Compute the true peak (4x oversampling); false saves that pass. Default true. */
  truePeak?: boolean;
}
const _loudnessOptions: SameType<LoudnessOptions, z.input<typeof LoudnessOptionsSchema>> = true;

/** What {@linkcode loudness} measures. `-Infinity` where there is nothing to measure. */
export interface LoudnessResult {
  /** Gated integrated loudness in LUFS (LKFS). */
  integratedLufs: number;
  /** Largest momentary (400 ms) loudness in LUFS, ungated. */
  momentaryMaxLufs: number;
  /** Largest short-term (3 s, 100 ms step) loudness in LUFS, ungated. */
  shortTermMaxLufs: number;
  /** Loudness range in LU (EBU Tech 3342); 0 when fewer than two short-term values pass the gates. */
  loudnessRangeLu: number;
  /** Largest absolute sample over all channels, in dBFS. */
  samplePeakDbfs: number;
  /** True peak in dBTP; absent when `truePeak: false`. */
  truePeakDbtp?: number;
  /** The channel weights applied. */
  channelWeights: number[];
}

const ABS_GATE_LUFS = -70;
const REL_GATE_LU = -10;
const LRA_REL_GATE_LU = -20;
const OFFSET = -0.691;

/** Loudness of a (weighted) mean square, `-0.691 + 10 log10(z)`. */
function lufs(meanSquare: number): number {
  return meanSquare > 0 ? OFFSET + 10 * Math.log10(meanSquare) : -Infinity;
}

/** Mean square for a loudness, the inverse of {@linkcode lufs}. */
function energyOf(l: number): number {
  return Math.pow(10, (l - OFFSET) / 10);
}

/**
 * The K-weighting filter for a sample rate as two second-order sections (scipy layout): the
 * high shelf, then the RLB high-pass whose numerator is `[1, -2, 1]` unnormalised, exactly as
 * BS.1770-4 Table 2 and libebur128 have it.
 *
 * @param sampleRate Samples per second.
 * @returns 12 coefficients: `[b0, b1, b2, 1, a1, a2]` of the shelf, then of the high-pass.
 *
 * @example
 * ```ts
 * import { kWeightingSos } from "./loudness.ts";
 * const sos = kWeightingSos(48000);
 * console.log(sos[0].toFixed(8), sos[4].toFixed(8)); // 1.53512486 -1.69065929 (BS.1770-4 Table 1)
 * ```
 */
export function kWeightingSos(sampleRate: number): Float64Array {
  if (!(sampleRate > 0)) {
    throw new UsageError(`Sample rate must be positive, found ${sampleRate}`);
  }
  let f0 = 1681.974450955533;
  const gDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = Math.pow(10, gDb / 20);
  const vb = Math.pow(vh, 0.4996667741545416);
  let a0 = 1 + k / q + k * k;
  const shelf = [
    (vh + (vb * k) / q + k * k) / a0,
    (2 * (k * k - vh)) / a0,
    (vh - (vb * k) / q + k * k) / a0,
    1,
    (2 * (k * k - 1)) / a0,
    (1 - k / q + k * k) / a0,
  ];
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highpass = [1, -2, 1, 1, (2 * (k * k - 1)) / a0, (1 - k / q + k * k) / a0];
  return Float64Array.from([...shelf, ...highpass]);
}

/**
 * The BS.1770 weight of each channel for a channel count and optional layout or explicit weights.
 *
 * @param channels Number of channels.
 * @param options `layout` or `channelWeights` (see {@linkcode LoudnessOptionsSchema}).
 * @returns One weight per channel.
 * @throws {UsageError} When the layout does not fit the channel count, or the count has no default.
 *
 * @example
 * ```ts
 * import { channelWeights } from "./loudness.ts";
 * console.log(channelWeights(2)); // [1, 1]
 * console.log(channelWeights(6)); // [1, 1, 1, 0, 1.41, 1.41]
 * ```
 */
export function channelWeights(
  channels: number,
  options?: Pick<LoudnessOptions, "layout" | "channelWeights">,
): number[] {
  if (options?.channelWeights !== undefined) {
    if (options.channelWeights.length !== channels) {
      throw new UsageError(
        `Got ${options.channelWeights.length} channel weights for ${channels} channels`,
      );
    }
    return [...options.channelWeights];
  }
  if (options?.layout !== undefined) {
    const w = LAYOUT_WEIGHTS[options.layout];
    if (w.length !== channels) {
      throw new UsageError(
        `Layout "${options.layout}" has ${w.length} channels but the audio has ${channels}`,
      );
    }
    return [...w];
  }
  switch (channels) {
    case 1:
      return [1];
    case 2:
      return [1, 1];
    case 5:
      return [...LAYOUT_WEIGHTS["5.0"]];
    case 6:
      return [...LAYOUT_WEIGHTS["5.1"]];
    default:
      throw new UsageError(
        `No default loudness weights for ${channels} channels; pass channelWeights (one per channel)`,
      );
  }
}

/** BS.1770-4 Annex 2 interpolator, 4 phases x 12 taps (phases 2 and 3 mirror 1 and 0). */
const TP_PHASE0 = [
  0.0017089843750,
  0.0109863281250,
  -0.0196533203125,
  0.0332031250000,
  -0.0594482421875,
  0.1373291015625,
  0.9721679687500,
  -0.1022949218750,
  0.0476074218750,
  -0.0266113281250,
  0.0148925781250,
  -0.0083007812500,
];
const TP_PHASE1 = [
  -0.0291748046875,
  0.0292968750000,
  -0.0517578125000,
  0.0891113281250,
  -0.1665039062500,
  0.4650878906250,
  0.7797851562500,
  -0.2003173828125,
  0.1015625000000,
  -0.0582275390625,
  0.0330810546875,
  -0.0189208984375,
];
const TP_TAPS = 12;
/** Coefficients as [phase][tap], tap k multiplying x[n - k]. */
const TP_COEFFS: Float64Array[] = [
  Float64Array.from(TP_PHASE0),
  Float64Array.from(TP_PHASE1),
  Float64Array.from([...TP_PHASE1].reverse()),
  Float64Array.from([...TP_PHASE0].reverse()),
];
/** Largest sum of |h| over the phases: bounds |y| by this times the local max |x|. */
const TP_GAIN_BOUND = Math.max(
  ...TP_COEFFS.map((h) => h.reduce((s, v) => s + Math.abs(v), 0)),
) * (1 + 1e-12);

/**
 * Half sums and half differences of the mirrored taps of phases 0 and 1. Phases 3 and 2 are
 * phases 0 and 1 reversed, so with `s_k = w_k + w_(11-k)` and `d_k = w_k - w_(11-k)` over the
 * 12-sample window `w`, `y0 = A + B` and `y3 = A - B` where `A = sum S0_k s_k`, `B = sum D0_k d_k`
 * (k < 6); hence `max(|y0|, |y3|) = |A| + |B|`, and likewise for phases 1 and 2.
 */
const S0 = TP_PHASE0.slice(0, 6).map((v, k) => (v + TP_PHASE0[11 - k]) / 2);
const D0 = TP_PHASE0.slice(0, 6).map((v, k) => (v - TP_PHASE0[11 - k]) / 2);
const S1 = TP_PHASE1.slice(0, 6).map((v, k) => (v + TP_PHASE1[11 - k]) / 2);
const D1 = TP_PHASE1.slice(0, 6).map((v, k) => (v - TP_PHASE1[11 - k]) / 2);

/**
 * Largest absolute value of the 4x oversampled channel (Annex 2 interpolator), linear.
 * Blocks whose samples cannot reach `floor` (by the filter's gain bound) are skipped, so the
 * cost is small for signals whose peaks are rare.
 */
function interpolatedPeak(x: Float32Array, floor: number): number {
  const n = x.length;
  if (n === 0) return 0;
  const pad = TP_TAPS - 1;
  const padded = new Float32Array(n + 2 * pad);
  padded.set(x, pad);
  const outputs = n + pad; // output m reads the window padded[m .. m + 11] = x[m - 11 .. m]
  const [s00, s01, s02, s03, s04, s05] = S0, [d00, d01, d02, d03, d04, d05] = D0;
  const [s10, s11, s12, s13, s14, s15] = S1, [d10, d11, d12, d13, d14, d15] = D1;
  let best = floor;
  const B = 64;
  for (let m0 = 0; m0 < outputs; m0 += B) {
    const m1 = Math.min(outputs, m0 + B);
    let local = 0;
    for (let j = m0; j < m1 + pad; j++) {
      const v = Math.abs(padded[j]);
      if (v > local) local = v;
    }
    if (local * TP_GAIN_BOUND <= best) continue;
    for (let m = m0; m < m1; m++) {
      // w_k = padded[m + 11 - k] = x[m - k]
      const w0 = padded[m + 11], w1 = padded[m + 10], w2 = padded[m + 9];
      const w3 = padded[m + 8], w4 = padded[m + 7], w5 = padded[m + 6];
      const w6 = padded[m + 5], w7 = padded[m + 4], w8 = padded[m + 3];
      const w9 = padded[m + 2], w10 = padded[m + 1], w11 = padded[m];
      const sa = w0 + w11, sb = w1 + w10, sc = w2 + w9, sd = w3 + w8, se = w4 + w7, sf = w5 + w6;
      const da = w0 - w11, db = w1 - w10, dc = w2 - w9, dd = w3 - w8, de = w4 - w7, df = w5 - w6;
      const a0 = s00 * sa + s01 * sb + s02 * sc + s03 * sd + s04 * se + s05 * sf;
      const b0 = d00 * da + d01 * db + d02 * dc + d03 * dd + d04 * de + d05 * df;
      const a1 = s10 * sa + s11 * sb + s12 * sc + s13 * sd + s14 * se + s15 * sf;
      const b1 = d10 * da + d11 * db + d12 * dc + d13 * dd + d14 * de + d15 * df;
      const p03 = Math.abs(a0) + Math.abs(b0);
      const p12 = Math.abs(a1) + Math.abs(b1);
      if (p03 > best) best = p03;
      if (p12 > best) best = p12;
    }
  }
  return best;
}

/**
 * True peak of a channel or of all channels, linear: the larger of the sample peak and the
 * 4x-oversampled peak (BS.1770-4 Annex 2 interpolator). `dbfs(truePeak(x))` gives dBTP.
 *
 * @param input A mono signal or an AudioData.
 * @returns The true peak (0 for silence).
 *
 * @example
 * ```ts
 * import { truePeak } from "./loudness.ts";
 * // A sine at a quarter of the sample rate, 45 degrees off: samples at 0.707, waveform peaks at 1.
 * const x = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(Math.PI / 2 * i + Math.PI / 4));
 * console.log(truePeak(x) > 0.95); // true
 * ```
 */
export function truePeak(input: Float32Array | AudioData): number {
  const chans = input instanceof Float32Array ? [input] : input.channels;
  let best = 0;
  for (const ch of chans) {
    for (let i = 0; i < ch.length; i++) {
      const v = Math.abs(ch[i]);
      if (v > best) best = v;
    }
  }
  for (const ch of chans) best = Math.max(best, interpolatedPeak(ch, best));
  return best;
}

/** Segment boundaries of 100 ms (rounded to samples): end of segment s is ends[s]. */
function segmentEnds(length: number, sampleRate: number): Int32Array {
  const ends: number[] = [];
  for (let s = 1;; s++) {
    const e = Math.round((s * sampleRate) / 10);
    if (e > length) break;
    ends.push(e);
  }
  return Int32Array.from(ends);
}

/**
 * Add `weight * sum(K(x)^2)` per 100 ms segment of one channel to `segEnergy`.
 */
function accumulateChannel(
  x: Float32Array,
  sos: Float64Array,
  ends: Int32Array,
  weight: number,
  segEnergy: Float64Array,
): void {
  const b0 = sos[0], b1 = sos[1], b2 = sos[2], a1 = sos[4], a2 = sos[5];
  const c0 = sos[6], c1 = sos[7], c2 = sos[8], d1 = sos[10], d2 = sos[11];
  let s1 = 0, s2 = 0, r1 = 0, r2 = 0;
  let start = 0;
  for (let s = 0; s < ends.length; s++) {
    const end = ends[s];
    let e = 0;
    for (let i = start; i < end; i++) {
      const v = x[i];
      const y = b0 * v + s1;
      s1 = b1 * v - a1 * y + s2;
      s2 = b2 * v - a2 * y;
      const w = c0 * y + r1;
      r1 = c1 * y - d1 * w + r2;
      r2 = c2 * y - d2 * w;
      e += w * w;
    }
    segEnergy[s] += weight * e;
    start = end;
  }
}

/**
 * Two channels at once: the filter recursions are latency-bound, so interleaving two
 * independent ones nearly halves the time per sample.
 */
function accumulatePair(
  x: Float32Array,
  xb: Float32Array,
  sos: Float64Array,
  ends: Int32Array,
  weights: [number, number],
  segEnergy: Float64Array,
): void {
  const b0 = sos[0], b1 = sos[1], b2 = sos[2], a1 = sos[4], a2 = sos[5];
  const c0 = sos[6], c1 = sos[7], c2 = sos[8], d1 = sos[10], d2 = sos[11];
  let s1 = 0, s2 = 0, r1 = 0, r2 = 0;
  let t1 = 0, t2 = 0, q1 = 0, q2 = 0;
  let start = 0;
  for (let s = 0; s < ends.length; s++) {
    const end = ends[s];
    let e = 0, f = 0;
    for (let i = start; i < end; i++) {
      const v = x[i], u = xb[i];
      const y = b0 * v + s1, z = b0 * u + t1;
      s1 = b1 * v - a1 * y + s2;
      t1 = b1 * u - a1 * z + t2;
      s2 = b2 * v - a2 * y;
      t2 = b2 * u - a2 * z;
      const w = c0 * y + r1, g = c0 * z + q1;
      r1 = c1 * y - d1 * w + r2;
      q1 = c1 * z - d1 * g + q2;
      r2 = c2 * y - d2 * w;
      q2 = c2 * z - d2 * g;
      e += w * w;
      f += g * g;
    }
    segEnergy[s] += weights[0] * e + weights[1] * f;
    start = end;
  }
}

/** Mean square of segments [from, to) given prefix sums of energies and the segment ends. */
function windowEnergy(prefix: Float64Array, ends: Int32Array, from: number, to: number): number {
  const startSample = from === 0 ? 0 : ends[from - 1];
  const samples = ends[to - 1] - startSample;
  return (prefix[to] - prefix[from]) / samples;
}

/** Mean of the values above a threshold, and their count. */
function gatedMean(values: Float64Array, threshold: number): { mean: number; count: number } {
  let s = 0, c = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > threshold) {
      s += values[i];
      c++;
    }
  }
  return { mean: c === 0 ? 0 : s / c, count: c };
}

/**
 * Measure loudness (ITU-R BS.1770-4 / EBU R 128): integrated, momentary and short-term maxima,
 * loudness range, sample peak and true peak. Silence or audio shorter than 400 ms gives
 * `-Infinity` loudness and no error.
 *
 * @param audio The audio; all channels must have the same length.
 * @param options See {@linkcode LoudnessOptionsSchema}.
 * @returns The measurements.
 * @throws {UsageError} On no channels, unequal channel lengths, or weights that do not fit.
 *
 * @example
 * ```ts
 * import { loudness } from "./loudness.ts";
 * const sr = 48000, amp = Math.pow(10, -23 / 20);
 * const tone = Float32Array.from({ length: 5 * sr }, (_, i) => amp * Math.sin(2 * Math.PI * 1000 * i / sr));
 * const r = loudness({ sampleRate: sr, channels: [tone, tone] });
 * console.log(r.integratedLufs.toFixed(1)); // -23.0 (EBU Tech 3341 case 1)
 * ```
 */
export function loudness(audio: AudioData, options?: LoudnessOptions): LoudnessResult {
  const o = parseOptions(LoudnessOptionsSchema, options, "loudness");
  const chans = audio.channels;
  if (chans.length === 0) throw new UsageError("Audio has no channels to measure");
  const length = chans[0].length;
  for (let c = 1; c < chans.length; c++) {
    if (chans[c].length !== length) {
      throw new UsageError(
        `Channel ${c} has ${chans[c].length} samples but channel 0 has ${length}`,
      );
    }
  }
  if (!(audio.sampleRate > 0)) {
    throw new UsageError(`Sample rate must be positive, found ${audio.sampleRate}`);
  }
  const weights = channelWeights(chans.length, o);
  const sos = kWeightingSos(audio.sampleRate);
  const ends = segmentEnds(length, audio.sampleRate);
  const nSeg = ends.length;
  const segEnergy = new Float64Array(nSeg);
  const active = chans.map((_, c) => c).filter((c) => weights[c] > 0);
  for (let i = 0; i < active.length; i += 2) {
    const c = active[i];
    if (i + 1 < active.length) {
      const d = active[i + 1];
      accumulatePair(chans[c], chans[d], sos, ends, [weights[c], weights[d]], segEnergy);
    } else {
      accumulateChannel(chans[c], sos, ends, weights[c], segEnergy);
    }
  }
  const prefix = new Float64Array(nSeg + 1);
  for (let s = 0; s < nSeg; s++) prefix[s + 1] = prefix[s] + segEnergy[s];

  // 400 ms blocks every 100 ms.
  const nBlocks = Math.max(0, nSeg - 3);
  const blocks = new Float64Array(nBlocks);
  let momentaryMax = 0;
  for (let j = 0; j < nBlocks; j++) {
    blocks[j] = windowEnergy(prefix, ends, j, j + 4);
    if (blocks[j] > momentaryMax) momentaryMax = blocks[j];
  }
  const absGate = energyOf(ABS_GATE_LUFS);
  const first = gatedMean(blocks, absGate);
  let integrated = -Infinity;
  if (first.count > 0) {
    const relGate = first.mean * Math.pow(10, REL_GATE_LU / 10);
    const second = gatedMean(blocks, Math.max(absGate, relGate));
    integrated = lufs(second.mean);
  }

  // Short-term: 3 s windows every 100 ms, for the maximum and for the loudness range.
  let shortTermMax = 0;
  const lraValues: number[] = [];
  for (let j = 0; j + 30 <= nSeg; j++) {
    const e = windowEnergy(prefix, ends, j, j + 30);
    if (e > shortTermMax) shortTermMax = e;
    lraValues.push(e);
  }
  let lra = 0;
  const lraAbs = lraValues.filter((e) => e > absGate);
  if (lraAbs.length > 0) {
    const mean = lraAbs.reduce((s, e) => s + e, 0) / lraAbs.length;
    const gate = mean * Math.pow(10, LRA_REL_GATE_LU / 10);
    const kept = lraAbs.filter((e) => e > gate).sort((a, b) => a - b);
    if (kept.length >= 2) {
      const lo = kept[Math.floor((kept.length - 1) * 0.1 + 0.5)];
      const hi = kept[Math.floor((kept.length - 1) * 0.95 + 0.5)];
      lra = lufs(hi) - lufs(lo);
    }
  }

  let samplePeak = 0;
  for (const ch of chans) {
    for (let i = 0; i < ch.length; i++) {
      const v = Math.abs(ch[i]);
      if (v > samplePeak) samplePeak = v;
    }
  }
  const result: LoudnessResult = {
    integratedLufs: integrated,
    momentaryMaxLufs: lufs(momentaryMax),
    shortTermMaxLufs: lufs(shortTermMax),
    loudnessRangeLu: lra,
    samplePeakDbfs: samplePeak > 0 ? 20 * Math.log10(samplePeak) : -Infinity,
    channelWeights: weights,
  };
  if (o.truePeak) {
    let tp = samplePeak;
    for (const ch of chans) tp = Math.max(tp, interpolatedPeak(ch, tp));
    result.truePeakDbtp = tp > 0 ? 20 * Math.log10(tp) : -Infinity;
  }
  return result;
}
