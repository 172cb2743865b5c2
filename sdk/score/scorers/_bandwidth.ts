/**
 * Effective bandwidth as the URGENT challenges estimate it before resampling their speech
 * sources: `estimate_bandwidth` in `utils/estimate_audio_bandwidth.py` of
 * github.com/urgent-challenge/urgent2024_challenge, the script that the URGENT 2025 and 2026
 * data pages name for this step.
 *
 * @module
 */

import { z } from "zod";
import { stft } from "../../audio/dsp/stft.ts";
import type { AudioData } from "../../audio/types.ts";
import { parseOptions } from "../../audio/dsp/options.ts";
import type { SameType } from "../../config/_same_type.ts";

/**
 * Schema of {@linkcode BandwidthOptions}, with URGENT's defaults: `thresholdDb` -50, `nFft` 512 and
 * `hop` 256 at the reference rate 16000 Hz (scaled to the audio's rate: 32 ms frames, 16 ms hop).
 */
export const BandwidthOptionsSchema = z.object({
  /** Level, in dB relative to the spectral peak, that the highest band must still exceed. */
  thresholdDb: z.number().max(0).default(-50),
  /** FFT length at `referenceRate`; the actual length is `floor(nFft / referenceRate * sr)`. */
  nFft: z.number().int().min(2).default(512),
  /** Hop at `referenceRate`; the actual hop is `floor(hop / referenceRate * sr)`. */
  hop: z.number().int().min(1).default(256),
  /** The rate `nFft` and `hop` are given at. */
  referenceRate: z.number().positive().default(16000),
}).strict();

/** Options of {@linkcode estimateBandwidth}. Validated by {@linkcode BandwidthOptionsSchema}. */
export interface BandwidthOptions {
  /**
   * Level, in dB relative to the spectral peak, that the highest band must still exceed (<= 0).
   * Default -50.
   */
  thresholdDb?: number;
  /**
   * FFT length at `referenceRate`; the actual length is `floor(nFft / referenceRate * sr)`. Default
   * 512.
   */
  nFft?: number;
  /** Hop at `referenceRate`; the actual hop is `floor(hop / referenceRate * sr)`. Default 256. */
  hop?: number;
  /** The rate `nFft` and `hop` are given at, Hz. Default 16000. */
  referenceRate?: number;
}
const _bandwidthOptions: SameType<BandwidthOptions, z.input<typeof BandwidthOptionsSchema>> = true;

/**
 * Effective bandwidth: the highest STFT bin frequency whose time-averaged power, in every
 * channel, exceeds the peak of the time-averaged power spectrum (the smallest per-channel peak)
 * lowered by `thresholdDb`.
 *
 * As URGENT's `estimate_bandwidth`: `torch.stft` with a periodic Hann window of `n_fft` points,
 * `center=True` with reflect padding, power `re^2 + im^2` averaged over frames; bin `i` is at
 * `i * sr / n_fft` Hz.
 *
 * @param audio The audio (all channels).
 * @param options See {@linkcode BandwidthOptionsSchema}.
 * @returns The bandwidth in Hz, or null when no bin passes (silence, no samples).
 * @throws {UsageError} On invalid options.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "../../audio/prng.ts";
 * import { estimateBandwidth } from "./_bandwidth.ts";
 * const rand = mulberry32(7);
 * const sr = 16000;
 * // White noise holds energy up to Nyquist; digital silence holds none.
 * const white = Float32Array.from({ length: sr }, () => rand() - 0.5);
 * console.log(estimateBandwidth({ sampleRate: sr, channels: [white] })); // 8000
 * console.log(estimateBandwidth({ sampleRate: sr, channels: [new Float32Array(sr)] })); // null
 * ```
 */
export function estimateBandwidth(audio: AudioData, options?: BandwidthOptions): number | null {
  const o = parseOptions(BandwidthOptionsSchema, options, "bandwidth");
  const sr = audio.sampleRate;
  const nFft = Math.max(2, Math.floor(o.nFft / o.referenceRate * sr));
  const hop = Math.max(1, Math.floor(o.hop / o.referenceRate * sr));
  if (audio.channels.length === 0 || audio.channels[0].length === 0) return null;
  const bins = Math.floor(nFft / 2) + 1;
  const means: Float64Array[] = [];
  let minPeak = Infinity;
  for (const ch of audio.channels) {
    const spec = stft(ch, { nFft, hopLength: hop, window: "hann", padMode: "reflect" });
    const mean = new Float64Array(bins);
    const { re, im, frames } = spec;
    for (let t = 0; t < frames; t++) {
      const off = t * bins;
      for (let k = 0; k < bins; k++) {
        const a = re[off + k], b = im[off + k];
        mean[k] += a * a + b * b;
      }
    }
    let peak = 0;
    for (let k = 0; k < bins; k++) {
      mean[k] /= frames;
      if (mean[k] > peak) peak = mean[k];
    }
    if (peak < minPeak) minPeak = peak;
    means.push(mean);
  }
  const minEnergy = minPeak * Math.pow(10, o.thresholdDb / 10);
  for (let k = bins - 1; k >= 0; k--) {
    let lowest = Infinity;
    for (const m of means) if (m[k] < lowest) lowest = m[k];
    if (lowest > minEnergy) return (k * sr) / nFft;
  }
  return null;
}
