/**
 * The `intrusive` scorer: SI-SDR, STOI and ESTOI of a row's audio against its clean reference
 * (`clean_path`), with STOI/ESTOI equal to pystoi 0.4.1 as URGENT computes ESTOI.
 *
 * @module
 */

import { z } from "zod";
import { downmix, selectChannel } from "../../audio/downmix.ts";
import type { AudioData } from "../../audio/types.ts";
import { siSdr } from "../metrics/si_sdr.ts";
import { estoi, intelligibility, stoi } from "../metrics/stoi.ts";
import type { Scorer, ScoreValues } from "../scorer.ts";
import type { SameType } from "../../config/_same_type.ts";
import { parseScorerConfig } from "./_parse_config.ts";

/**
 * Config of the `intrusive` scorer (snake_case, as in `configs/scoring.yaml`), the single source
 * of its defaults:
 *
 * - `si_sdr` (true), `stoi` (true), `extended` (true): which of `si_sdr`, `stoi` and `estoi`
 *   (extended STOI) to compute; a metric switched off leaves its column null.
 * - `downmix` ("mean"): multichannel audio and references become mono by averaging the
 *   channels ("mean") or by keeping the first ("first"). URGENT's data is mono.
 * - `max_length_diff` (16): when the audio and the reference differ in length by at most this
 *   many samples, both are cut to the shorter (aligned at the start); a larger difference is an
 *   error for that row. URGENT requires equal lengths (0 reproduces that).
 * - `si_sdr_clamp_db` (100): SI-SDR is clamped to `[-v, v]` dB, so an exact copy of the
 *   reference (`+Infinity`) stores 100 (URGENT 2025 clamped its SDR the same way, at 50).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const IntrusiveConfigSchema = z.object({
  si_sdr: z.boolean().default(true),
  stoi: z.boolean().default(true),
  extended: z.boolean().default(true),
  downmix: z.enum(["mean", "first"]).default("mean"),
  max_length_diff: z.number().int().min(0).default(16),
  si_sdr_clamp_db: z.number().positive().default(100),
}).strict();

/**
 * How the `intrusive` scorer makes multichannel audio mono: the mean of the channels, or the
 * first channel.
 */
export type IntrusiveDownmix = "mean" | "first";

/**
 * The `intrusive` scorer's config after defaults (snake_case, as in `configs/scoring.yaml`).
 * Validated by {@linkcode IntrusiveConfigSchema}; a metric switched off leaves its column null.
 */
export interface IntrusiveConfig {
  /** Compute `si_sdr`. Default true. */
  si_sdr: boolean;
  /** Compute `stoi`. Default true. */
  stoi: boolean;
  /** Compute `estoi` (extended STOI). Default true. */
  extended: boolean;
  /** How audio and references become mono (URGENT's data is mono). Default `"mean"`. */
  downmix: IntrusiveDownmix;
  /**
   * When the audio and the reference differ in length by at most this many samples, both are
   * cut to the shorter; a larger difference is an error for that row (0: URGENT's equal-length
   * rule). Default 16.
   */
  max_length_diff: number;
  /** SI-SDR is clamped to `[-v, v]` dB, so an exact copy stores `v`. Default 100. */
  si_sdr_clamp_db: number;
}
const _intrusiveConfig: SameType<IntrusiveConfig, z.output<typeof IntrusiveConfigSchema>> = true;

/** Mono samples of `audio` per the config. */
function mono(audio: AudioData, how: IntrusiveConfig["downmix"], what: string): Float32Array {
  if (audio.channels.length === 0) throw new Error(`The ${what} has no channels`);
  return (how === "first" ? selectChannel(audio, 0) : downmix(audio)).channels[0];
}

/**
 * Score one processed/clean pair with a parsed config; the work behind
 * {@linkcode intrusiveScorer}.
 *
 * Columns: `si_sdr` (dB, mean removed, clamped to `±si_sdr_clamp_db`; null for a silent
 * reference), `stoi` and `estoi` (pystoi 0.4.1 at the pair's own rate; `1e-5` with a warning
 * when fewer than 30 frames remain after silence removal, as pystoi returns).
 *
 * @param audio The processed (noisy or enhanced) clip.
 * @param clean The clean reference.
 * @param config The scorer config after defaults.
 * @param onWarning Receives pystoi's too-short warning (default `console.warn`).
 * @returns The column values.
 * @throws {Error} When the sample rates differ or the lengths differ by more than
 *   `max_length_diff` samples.
 *
 * @example
 * ```ts
 * import { IntrusiveConfigSchema, intrusiveValues } from "./intrusive.ts";
 * const sr = 16000;
 * const clean = Float32Array.from({ length: sr }, (_, i) =>
 *   Math.sin(2 * Math.PI * 300 * i / sr) * Math.sin(2 * Math.PI * 3 * i / sr));
 * const v = intrusiveValues(
 *   { sampleRate: sr, channels: [clean] },
 *   { sampleRate: sr, channels: [clean] },
 *   IntrusiveConfigSchema.parse({}),
 * );
 * console.log(v.si_sdr, (v.stoi as number).toFixed(3), (v.estoi as number).toFixed(3));
 * // 100 1.000 1.000
 * ```
 */
export function intrusiveValues(
  audio: AudioData,
  clean: AudioData,
  config: IntrusiveConfig,
  onWarning?: (message: string) => void,
): ScoreValues {
  if (audio.sampleRate !== clean.sampleRate) {
    throw new Error(
      `The clean reference's sample rate ${clean.sampleRate} Hz differs from the audio's ${audio.sampleRate} Hz`,
    );
  }
  let x = mono(clean, config.downmix, "clean reference");
  let y = mono(audio, config.downmix, "audio");
  if (x.length !== y.length) {
    const diff = Math.abs(x.length - y.length);
    if (diff > config.max_length_diff) {
      throw new Error(
        `The audio (${y.length} samples) and its clean reference (${x.length} samples) differ ` +
          `in length by ${diff} samples, more than max_length_diff ${config.max_length_diff}`,
      );
    }
    const n = Math.min(x.length, y.length);
    x = x.subarray(0, n);
    y = y.subarray(0, n);
  }
  const out: ScoreValues = { si_sdr: null, stoi: null, estoi: null };
  if (config.si_sdr) {
    const v = siSdr(x, y);
    const c = config.si_sdr_clamp_db;
    out.si_sdr = Number.isNaN(v) ? null : Math.max(-c, Math.min(c, v));
  }
  const options = { onWarning };
  if (config.stoi && config.extended) {
    const r = intelligibility(x, y, audio.sampleRate, options);
    out.stoi = r.stoi;
    out.estoi = r.estoi;
  } else if (config.stoi) {
    out.stoi = stoi(x, y, audio.sampleRate, options);
  } else if (config.extended) {
    out.estoi = estoi(x, y, audio.sampleRate, options);
  }
  return out;
}

/**
 * The `intrusive` scorer: `si_sdr`, `stoi`, `estoi` for rows with a clean reference
 * (`needsClean`; rows without one get nulls). See {@linkcode intrusiveValues} for the
 * definitions and {@linkcode IntrusiveConfigSchema} for the config. Registered by the scorers'
 * `mod.ts`.
 *
 * @example
 * ```ts
 * import { intrusiveScorer } from "./intrusive.ts";
 * const inst = await intrusiveScorer.init(intrusiveScorer.configSchema.parse({}), {});
 * const sr = 8000;
 * const clean = Float32Array.from({ length: 2 * sr }, (_, i) =>
 *   Math.sin(2 * Math.PI * 400 * i / sr) * Math.max(0, Math.sin(2 * Math.PI * 2 * i / sr)));
 * const noisy = clean.map((v, i) => 0.8 * v + 0.01 * Math.sin(i * 1.7));
 * const row = { utt_id: "u", path: "u.wav", duration_sec: 2, sr, language: "en", distortion: "noise", split: "test" };
 * const v = await inst.score({
 *   uttId: "u", row,
 *   audio: { sampleRate: sr, channels: [noisy] },
 *   clean: { sampleRate: sr, channels: [clean] },
 * });
 * console.log(Object.keys(v).join(","), (v.estoi as number) > 0.5); // si_sdr,stoi,estoi true
 * console.log((v.si_sdr as number).toFixed(1)); // 32.0
 * ```
 */
export const intrusiveScorer: Scorer<IntrusiveConfig> = {
  name: "intrusive",
  version: "1",
  description: "SI-SDR, STOI and ESTOI against the clean reference (pystoi 0.4.1 numbers)",
  configSchema: IntrusiveConfigSchema,
  columns: Object.freeze({
    si_sdr: "float64?",
    stoi: "float64?",
    estoi: "float64?",
  }),
  needsClean: true,
  // deno-lint-ignore require-await
  async init(config) {
    const parsed = parseScorerConfig(IntrusiveConfigSchema, config, "intrusive");
    return {
      score: ({ uttId, audio, clean }) => {
        if (!clean) return Promise.resolve({ si_sdr: null, stoi: null, estoi: null });
        const warn = (message: string) => console.warn(`intrusive: ${uttId}: ${message}`);
        try {
          return Promise.resolve(intrusiveValues(audio, clean, parsed, warn));
        } catch (err) {
          return Promise.reject(err);
        }
      },
    };
  },
};
