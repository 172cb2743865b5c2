/**
 * The `vad` scorer: Silero VAD (the ONNX files shipped in npm `@ricky0123/vad-web`, run with
 * onnxruntime-node) gives the share of speech and the number of speech segments.
 *
 * @module
 */

import { z } from "zod";
import { downmix } from "../../audio/downmix.ts";
import { resample } from "../../audio/resample.ts";
import type { AudioData } from "../../audio/types.ts";
import type { Scorer, ScoreValues } from "../scorer.ts";
import { RESAMPLE_QUALITIES, type ResampleQuality } from "../../audio/resample.ts";
import type { SameType } from "../../config/_same_type.ts";
import { parseScorerConfig } from "./_parse_config.ts";
import { SILERO_MODELS, SILERO_RATE, SileroVad } from "./_silero_vad.ts";
import { speechSegments } from "./_speech_segments.ts";

/**
 * Config of the `vad` scorer, the single source of its defaults (Silero's own defaults):
 *
 * - `model` ("v5"): `v5` (512-sample frames, state `[2, 1, 128]`), `v6` (same interface) or
 *   `legacy` (v4, 1536-sample frames, `h`/`c` states).
 * - `model_path`: an explicit `.onnx` file of that version instead of the packaged one.
 * - `threshold` (0.5): a frame at or above it is speech.
 * - `neg_threshold` (0.35, Silero's `threshold - 0.15`): speech ends only below it...
 * - `min_silence_ms` (100): ...for at least this long.
 * - `min_speech_ms` (250): shorter segments are dropped.
 * - `resample_quality` ("fastest"): libsamplerate converter to 16 kHz (its 80 % pass band,
 *   6.4 kHz, keeps what the VAD uses; "medium" or "best" cost 2 to 7 times more).
 * - `threads` (1): onnxruntime intra-op threads.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const VadConfigSchema = z.object({
  model: z.enum(SILERO_MODELS).default("v5"),
  model_path: z.string().min(1).optional(),
  threshold: z.number().gt(0).lt(1).default(0.5),
  neg_threshold: z.number().min(0).lt(1).default(0.35),
  min_speech_ms: z.number().min(0).default(250),
  min_silence_ms: z.number().min(0).default(100),
  resample_quality: z.enum(RESAMPLE_QUALITIES).default("fastest"),
  threads: z.number().int().min(1).default(1),
}).strict().refine((c) => c.neg_threshold <= c.threshold, {
  message: "Must not exceed threshold",
  path: ["neg_threshold"],
});

/**
 * Silero VAD model version: `v5` (512-sample frames), `v6` (same interface) or `legacy` (v4,
 * 1536-sample frames).
 */
export type VadModel = "v5" | "v6" | "legacy";

/**
 * The `vad` scorer's config after defaults (snake_case, as in `configs/scoring.yaml`).
 * Validated by {@linkcode VadConfigSchema}.
 */
export interface VadConfig {
  /** Silero model version. Default `"v5"`. */
  model: VadModel;
  /** An explicit `.onnx` file of that version instead of the packaged one. Default unset. */
  model_path?: string;
  /** A frame at or above this speech probability is speech, in (0, 1). Default 0.5. */
  threshold: number;
  /**
   * Speech ends only below this probability (at most `threshold`; Silero's
   * `threshold - 0.15`). Default 0.35.
   */
  neg_threshold: number;
  /** Shorter speech segments are dropped, milliseconds. Default 250. */
  min_speech_ms: number;
  /** Speech ends only after this much time below `neg_threshold`, milliseconds. Default 100. */
  min_silence_ms: number;
  /**
   * libsamplerate converter to 16 kHz (its 80 % pass band, 6.4 kHz, keeps what the VAD uses;
   * "medium" or "best" cost 2 to 7 times more). Default `"fastest"`.
   */
  resample_quality: ResampleQuality;
  /** onnxruntime intra-op threads. Default 1. */
  threads: number;
}
const _vadConfig: SameType<VadConfig, z.output<typeof VadConfigSchema>> = true;

/**
 * Speech ratio and segment count of a clip with a loaded model.
 *
 * The clip is mixed to mono (channel mean) and resampled to 16 kHz; Silero gives one speech
 * probability per frame; {@linkcode speechSegments} applies the hysteresis and minimum
 * durations. `speech_ratio` is the share of the clip inside the kept segments (null for an empty
 * clip); `vad_segments` is their number.
 *
 * @param vad The loaded model.
 * @param audio The clip.
 * @param config The scorer config.
 * @returns `{ speech_ratio, vad_segments }`.
 *
 * @example
 * ```ts
 * import { SileroVad } from "./_silero_vad.ts";
 * import { VadConfigSchema, vadValues } from "./vad.ts";
 * const vad = await SileroVad.create({ model: "v5" });
 * const v = await vadValues(vad, { sampleRate: 8000, channels: [new Float32Array(8000)] },
 *   VadConfigSchema.parse({}));
 * console.log(v); // { speech_ratio: 0, vad_segments: 0 }
 * await vad.close();
 * ```
 */
export async function vadValues(
  vad: SileroVad,
  audio: AudioData,
  config: VadConfig,
): Promise<ScoreValues> {
  const frames = audio.channels[0]?.length ?? 0;
  if (frames === 0) return { speech_ratio: null, vad_segments: 0 };
  const mono = await resample(downmix(audio), SILERO_RATE, {
    quality: config.resample_quality,
  });
  const samples = mono.channels[0];
  if (samples.length === 0) return { speech_ratio: null, vad_segments: 0 };
  const probs = await vad.probabilities(samples);
  const segs = speechSegments(probs, {
    frameSamples: vad.frameSamples,
    totalSamples: samples.length,
    threshold: config.threshold,
    negThreshold: config.neg_threshold,
    minSilenceSamples: (config.min_silence_ms * SILERO_RATE) / 1000,
    minSpeechSamples: (config.min_speech_ms * SILERO_RATE) / 1000,
  });
  let speech = 0;
  for (const s of segs) speech += s.end - s.start;
  return { speech_ratio: speech / samples.length, vad_segments: segs.length };
}

/**
 * The `vad` scorer: `speech_ratio` (share of the clip inside speech segments) and `vad_segments`
 * (number of segments), from Silero VAD; see {@linkcode VadConfigSchema} and
 * {@linkcode vadValues}. Registered by the scorers' `mod.ts`.
 *
 * @example
 * ```ts
 * import { vadScorer } from "./vad.ts";
 * const inst = await vadScorer.init(vadScorer.configSchema.parse({}), {});
 * const row = { utt_id: "u", path: "u.wav", duration_sec: 1, sr: 16000, language: "en", distortion: "clean", split: "test" };
 * const v = await inst.score({ uttId: "u", row, audio: { sampleRate: 16000, channels: [new Float32Array(16000)] } });
 * console.log(v.speech_ratio, v.vad_segments); // 0 0
 * await inst.close?.();
 * ```
 */
export const vadScorer: Scorer<VadConfig> = {
  name: "vad",
  version: "1",
  description:
    "Silero VAD (npm @ricky0123/vad-web model, onnxruntime-node): speech ratio, segments",
  configSchema: VadConfigSchema,
  columns: Object.freeze({ speech_ratio: "float64?", vad_segments: "float64?" }),
  async init(config) {
    const parsed = parseScorerConfig(VadConfigSchema, config, "vad");
    const vad = await SileroVad.create({
      model: parsed.model,
      modelPath: parsed.model_path,
      threads: parsed.threads,
    });
    return {
      score: ({ audio }) => vadValues(vad, audio, parsed),
      close: () => vad.close(),
    };
  },
};
