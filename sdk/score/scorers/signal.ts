/**
 * The `signal` scorer: levels, clipping, DC offset, effective bandwidth, a blind SNR estimate and
 * integrated loudness, all in plain TypeScript from the decoded samples.
 *
 * @module
 */

import { z } from "zod";
import { downmix } from "../../audio/downmix.ts";
import { dbfs, peak, rms } from "../../audio/dsp/levels.ts";
import { loudness } from "../../audio/dsp/loudness.ts";
import type { AudioData } from "../../audio/types.ts";
import type { Scorer, ScoreValues } from "../scorer.ts";
import { estimateBandwidth } from "./_bandwidth.ts";
import { clipRatio } from "./_clip_ratio.ts";
import type { SameType } from "../../config/_same_type.ts";
import { parseScorerConfig } from "./_parse_config.ts";
import { wadaSnr } from "./_wada_snr.ts";

/**
 * Config of the `signal` scorer (snake_case, as in `configs/scoring.yaml`), the single source of
 * its defaults:
 *
 * - `clip_threshold` (0.999): a sample is at full scale when `|x| >= clip_threshold * ref`.
 * - `clip_min_run` (1): only runs of at least this many consecutive full-scale samples count
 *   towards `clip_ratio` (1: every full-scale sample; 3 or more ignores isolated peaks).
 * - `clip_reference` ("full_scale"): `ref` is 1.0, or with "peak" the clip's own peak, which
 *   also catches clipping below 0 dBFS (as URGENT's quantile clipping produces) but then needs
 *   `clip_min_run` >= 2, since the peak sample itself is always at that level.
 * - `bandwidth_threshold_db` (-50), `bandwidth_n_fft` (512), `bandwidth_hop` (256): URGENT's
 *   bandwidth estimate (FFT length and hop given at 16 kHz, scaled to the clip's rate).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SignalConfigSchema = z.object({
  clip_threshold: z.number().gt(0).max(1).default(0.999),
  clip_min_run: z.number().int().min(1).default(1),
  clip_reference: z.enum(["full_scale", "peak"]).default("full_scale"),
  bandwidth_threshold_db: z.number().max(0).default(-50),
  bandwidth_n_fft: z.number().int().min(2).default(512),
  bandwidth_hop: z.number().int().min(1).default(256),
}).strict();

/**
 * What the `signal` scorer's clipping test compares samples with: 1.0 (`full_scale`) or the
 * clip's own peak (`peak`).
 */
export type SignalClipReference = "full_scale" | "peak";

/**
 * The `signal` scorer's config after defaults (snake_case, as in `configs/scoring.yaml`).
 * Validated by {@linkcode SignalConfigSchema}.
 */
export interface SignalConfig {
  /** A sample is at full scale when `|x| >= clip_threshold * ref`, in (0, 1]. Default 0.999. */
  clip_threshold: number;
  /**
   * Only runs of at least this many consecutive full-scale samples count towards `clip_ratio`
   * (1: every full-scale sample; 3 or more ignores isolated peaks). Default 1.
   */
  clip_min_run: number;
  /**
   * `ref` is 1.0 (`"full_scale"`), or with `"peak"` the clip's own peak, which also catches
   * clipping below 0 dBFS but then needs `clip_min_run` >= 2. Default `"full_scale"`.
   */
  clip_reference: SignalClipReference;
  /** Level, dB relative to the spectral peak, the highest band must exceed (<= 0). Default -50. */
  bandwidth_threshold_db: number;
  /**
   * FFT length of the bandwidth estimate, given at 16 kHz (scaled to the clip's rate). Default 512.
   */
  bandwidth_n_fft: number;
  /** Hop of the bandwidth estimate, given at 16 kHz (scaled to the clip's rate). Default 256. */
  bandwidth_hop: number;
}
const _signalConfig: SameType<SignalConfig, z.output<typeof SignalConfigSchema>> = true;

/** Shortest clip, in ms, that gets a loudness: one BS.1770 gating block. */
const LUFS_MIN_MS = 400;

/** A finite number, or null. */
function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** Mean of all samples of all channels. */
function dcOffset(audio: AudioData): number | null {
  let s = 0, n = 0;
  for (const ch of audio.channels) {
    for (let i = 0; i < ch.length; i++) s += ch[i];
    n += ch.length;
  }
  return n === 0 ? null : s / n;
}

/** Integrated loudness, null when shorter than one gating block or below the absolute gate. */
function integratedLufs(audio: AudioData): number | null {
  const frames = audio.channels[0]?.length ?? 0;
  if (frames * 1000 < LUFS_MIN_MS * audio.sampleRate) return null;
  const n = audio.channels.length;
  const weights = n === 1 || n === 2 || n === 5 || n === 6 ? undefined : new Array(n).fill(1);
  const r = loudness(audio, { truePeak: false, channelWeights: weights });
  return finite(r.integratedLufs);
}

/**
 * Score one clip with a parsed config; the work behind {@linkcode signalScorer}.
 *
 * Columns (null where undefined, e.g. digital silence):
 * - `rms_dbfs`: RMS over every sample of every channel, dB re full scale (sine at 0 dBFS peak:
 *   -3.01).
 * - `peak_dbfs`: largest absolute sample, dBFS.
 * - `clip_ratio`: share of samples in full-scale runs, see {@linkcode SignalConfigSchema}.
 * - `dc_offset`: mean sample value (full scale 1).
 * - `bandwidth_hz`: the highest STFT bin whose mean power in every channel stays within
 *   `bandwidth_threshold_db` of the spectral peak, exactly as URGENT's `estimate_bandwidth`
 *   (`utils/estimate_audio_bandwidth.py`, github.com/urgent-challenge/urgent2024_challenge,
 *   used for the URGENT 2025 and 2026 sources).
 * - `snr_est_db`: WADA-SNR (Kim and Stern, Interspeech 2008) of the channel mean, in [-20, 100].
 * - `lufs`: BS.1770 gated integrated loudness; null under 400 ms or below the -70 LUFS gate.
 *
 * @param audio The decoded clip.
 * @param config The scorer config after defaults.
 * @returns The column values.
 *
 * @example
 * ```ts
 * import { SignalConfigSchema, signalValues } from "./signal.ts";
 * const sr = 16000;
 * const x = Float32Array.from({ length: sr }, (_, i) => 0.5 * Math.sin(2 * Math.PI * 440 * i / sr));
 * const v = signalValues({ sampleRate: sr, channels: [x] }, SignalConfigSchema.parse({}));
 * console.log((v.peak_dbfs as number).toFixed(1), v.clip_ratio); // -6.0 0
 * ```
 */
export function signalValues(audio: AudioData, config: SignalConfig): ScoreValues {
  const empty = audio.channels.length === 0 || audio.channels[0].length === 0;
  if (empty) {
    return {
      rms_dbfs: null,
      peak_dbfs: null,
      clip_ratio: null,
      dc_offset: null,
      bandwidth_hz: null,
      snr_est_db: null,
      lufs: null,
    };
  }
  const pk = peak(audio);
  const reference = config.clip_reference === "peak" ? pk : 1;
  return {
    rms_dbfs: finite(dbfs(rms(audio))),
    peak_dbfs: finite(dbfs(pk)),
    clip_ratio: clipRatio(audio.channels, {
      threshold: config.clip_threshold,
      minRun: config.clip_min_run,
      reference,
    }),
    dc_offset: dcOffset(audio),
    bandwidth_hz: estimateBandwidth(audio, {
      thresholdDb: config.bandwidth_threshold_db,
      nFft: config.bandwidth_n_fft,
      hop: config.bandwidth_hop,
    }),
    snr_est_db: wadaSnr(downmix(audio).channels[0]),
    lufs: integratedLufs(audio),
  };
}

/**
 * The `signal` scorer: `rms_dbfs`, `peak_dbfs`, `clip_ratio`, `dc_offset`, `bandwidth_hz`,
 * `snr_est_db`, `lufs` (see {@linkcode signalValues} for each definition and
 * {@linkcode SignalConfigSchema} for the config). Needs no model; registered by the scorers'
 * `mod.ts`.
 *
 * @example
 * ```ts
 * import { signalScorer } from "./signal.ts";
 * const inst = await signalScorer.init(signalScorer.configSchema.parse({}), {});
 * const sr = 16000;
 * const x = Float32Array.from({ length: sr }, (_, i) => Math.sin(2 * Math.PI * 1000 * i / sr));
 * const row = { utt_id: "u", path: "u.wav", duration_sec: 1, sr, language: "en", distortion: "clean", split: "test" };
 * const v = await inst.score({ uttId: "u", row, audio: { sampleRate: sr, channels: [x] } });
 * console.log((v.rms_dbfs as number).toFixed(2)); // -3.01
 * ```
 */
export const signalScorer: Scorer<SignalConfig> = {
  name: "signal",
  version: "1",
  description:
    "Levels (RMS, peak dBFS), clipped-sample ratio, DC offset, effective bandwidth, WADA-SNR, LUFS",
  configSchema: SignalConfigSchema,
  columns: Object.freeze({
    rms_dbfs: "float64?",
    peak_dbfs: "float64?",
    clip_ratio: "float64?",
    dc_offset: "float64?",
    bandwidth_hz: "float64?",
    snr_est_db: "float64?",
    lufs: "float64?",
  }),
  // deno-lint-ignore require-await
  async init(config) {
    const parsed = parseScorerConfig(SignalConfigSchema, config, "signal");
    return { score: ({ audio }) => Promise.resolve(signalValues(audio, parsed)) };
  },
};
