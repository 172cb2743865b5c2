/**
 * The `embed` scorer: one fixed-length, L2-normalised embedding per clip in the `ssl_embed`
 * column, for diversity measures (cosine similarity is a dot product). Backends: `logmel`, a
 * deterministic log-mel statistics vector (default), and `onnx`, a user's SSL model pooled over
 * time.
 *
 * @module
 */

import { z } from "zod";
import { downmix } from "../../audio/downmix.ts";
import { resample } from "../../audio/resample.ts";
import type { AudioData } from "../../audio/types.ts";
import type { Scorer, ScorerInstance } from "../scorer.ts";
import { LOGMEL_RATE, logmelEmbedding } from "./_logmel_embedding.ts";
import { OnnxEmbedder, POOLINGS } from "./_onnx_embedder.ts";
import { RESAMPLE_QUALITIES, type ResampleQuality } from "../../audio/resample.ts";
import type { SameType } from "../../config/_same_type.ts";
import { parseScorerConfig } from "./_parse_config.ts";

/**
 * Config of the `embed` scorer, the single source of its defaults:
 *
 * - `backend` ("logmel"): `logmel` (192 values, see {@linkcode logmelEmbedding}; no other
 *   settings) or `onnx`.
 * - `resample_quality` ("medium"): libsamplerate converter used to reach the backend's rate.
 * - For `onnx`: `path` (required; relative to the working directory, then the models folder),
 *   `input_name` ("input"), `output_name` ("output"), `sample_rate` (16000), `pooling` ("mean",
 *   or "max", "first"), `layer` (index into a leading layers axis of the output, negative from
 *   the end), `normalize_input` (false: zero mean, unit variance first, as wav2vec 2.0 expects),
 *   `threads` (1).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const EmbedConfigSchema = z.object({
  backend: z.enum(["logmel", "onnx"]).default("logmel"),
  resample_quality: z.enum(RESAMPLE_QUALITIES).default("medium"),
  path: z.string().min(1).optional(),
  input_name: z.string().min(1).default("input"),
  output_name: z.string().min(1).default("output"),
  sample_rate: z.number().int().min(1).max(192000).default(16000),
  pooling: z.enum(POOLINGS).default("mean"),
  layer: z.number().int().optional(),
  normalize_input: z.boolean().default(false),
  threads: z.number().int().min(1).default(1),
}).strict().refine((c) => c.backend !== "onnx" || c.path !== undefined, {
  message: "Required with backend onnx",
  path: ["path"],
});

/**
 * Backend of the `embed` scorer: `logmel` (a deterministic 192-value log-mel statistics vector)
 * or `onnx` (a user's SSL model pooled over time).
 */
export type EmbedBackend = "logmel" | "onnx";

/** How the `onnx` backend pools its frames over time: their mean, maximum, or the first frame. */
export type EmbedPooling = "mean" | "max" | "first";

/**
 * The `embed` scorer's config after defaults (snake_case, as in `configs/scoring.yaml`).
 * Validated by {@linkcode EmbedConfigSchema}; the `onnx` settings are ignored with `logmel`.
 */
export interface EmbedConfig {
  /** Embedding backend. Default `"logmel"`. */
  backend: EmbedBackend;
  /** libsamplerate converter used to reach the backend's rate. Default `"medium"`. */
  resample_quality: ResampleQuality;
  /**
   * `onnx`: the model file (relative to the working directory, then the models folder);
   * required with `onnx`. Default unset.
   */
  path?: string;
  /** `onnx`: name of the model's audio input. Default `"input"`. */
  input_name: string;
  /** `onnx`: name of the model output to pool. Default `"output"`. */
  output_name: string;
  /** `onnx`: the rate the model expects, Hz (1 to 192000). Default 16000. */
  sample_rate: number;
  /** `onnx`: pooling over time. Default `"mean"`. */
  pooling: EmbedPooling;
  /**
   * `onnx`: index into a leading layers axis of the output, negative from the end. Default
   * unset (the output has no layers axis).
   */
  layer?: number;
  /**
   * `onnx`: scale the input to zero mean and unit variance first, as wav2vec 2.0 expects. Default
   * false.
   */
  normalize_input: boolean;
  /** `onnx`: onnxruntime intra-op threads. Default 1. */
  threads: number;
}
const _embedConfig: SameType<EmbedConfig, z.output<typeof EmbedConfigSchema>> = true;

/** Mono (channel mean) at a rate. */
async function monoAt(
  audio: AudioData,
  rate: number,
  quality: EmbedConfig["resample_quality"],
): Promise<Float32Array> {
  if (audio.channels.length === 0) return new Float32Array(0);
  return (await resample(downmix(audio), rate, { quality })).channels[0];
}

/**
 * The `embed` scorer: column `ssl_embed` (`list<float32>`), an L2-normalised embedding of fixed
 * dimension (192 with `logmel`, the model's width with `onnx`) for any clip length; the same
 * audio gives the same vector. See {@linkcode EmbedConfigSchema}. Registered by the scorers'
 * `mod.ts`.
 *
 * @example
 * ```ts
 * import { embedScorer } from "./embed.ts";
 * const inst = await embedScorer.init(embedScorer.configSchema.parse({}), {});
 * const sr = 16000;
 * const x = Float32Array.from({ length: sr }, (_, i) => Math.sin(2 * Math.PI * 300 * i / sr) * (i % 8000 < 4000 ? 1 : 0.2));
 * const row = { utt_id: "u", path: "u.wav", duration_sec: 1, sr, language: "en", distortion: "clean", split: "test" };
 * const v = await inst.score({ uttId: "u", row, audio: { sampleRate: sr, channels: [x] } });
 * console.log((v.ssl_embed as Float32Array).length); // 192
 * ```
 */
export const embedScorer: Scorer<EmbedConfig> = {
  name: "embed",
  version: "1",
  description: "Clip embedding (ssl_embed): log-mel statistics (192-d) or a user's ONNX SSL model",
  configSchema: EmbedConfigSchema,
  columns: Object.freeze({ ssl_embed: "list<float32>" }),
  async init(config, context): Promise<ScorerInstance> {
    const c = parseScorerConfig(EmbedConfigSchema, config, "embed");
    if (c.backend === "logmel") {
      return {
        score: async ({ audio }) => ({
          ssl_embed: logmelEmbedding(await monoAt(audio, LOGMEL_RATE, c.resample_quality)),
        }),
      };
    }
    const model = await OnnxEmbedder.create({
      path: c.path!,
      modelsDir: context.modelsDir,
      inputName: c.input_name,
      outputName: c.output_name,
      pooling: c.pooling,
      layer: c.layer,
      normalizeInput: c.normalize_input,
      threads: c.threads,
    });
    return {
      score: async ({ audio }) => {
        const x = await monoAt(audio, c.sample_rate, c.resample_quality);
        if (x.length === 0) throw new Error("Cannot embed a clip without samples");
        return { ssl_embed: await model.embed(x) };
      },
      close: () => model.close(),
    };
  },
};
