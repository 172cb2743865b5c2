/**
 * How an ONNX enhancement model is fed (the `onnx` section of `configs/eval.yaml`).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";

/**
 * Input and output of an ONNX enhancement model, the single source of their defaults:
 *
 * - `input_name`, `output_name` (null: the model's first input / output);
 * - `sample_rate` (16000): the rate the model works at; audio at other rates is resampled to it
 *   and back;
 * - `layout` ("batch_time"): the input tensor's shape, `[samples]` ("time"), `[1, samples]`
 *   ("batch_time") or `[1, 1, samples]` ("batch_channel_time"); the output must hold as many
 *   values as the input, in any shape;
 * - `frame_length` (null): null feeds each utterance whole; a number feeds blocks of that many
 *   samples (the last one zero-padded) and joins the outputs, for models with a fixed input
 *   size;
 * - `threads` (1): onnxruntime intra-op threads.
 *
 * @example
 * ```ts
 * import { OnnxEnhancerConfigSchema } from "./onnx_enhancer_config.ts";
 * console.log(OnnxEnhancerConfigSchema.parse({})); // { input_name: null, output_name: null, sample_rate: 16000, layout: "batch_time", frame_length: null, threads: 1 }
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const OnnxEnhancerConfigSchema = z.strictObject({
  input_name: z.string().min(1).nullable().default(null),
  output_name: z.string().min(1).nullable().default(null),
  sample_rate: z.int().positive().default(16000),
  layout: z.enum(["time", "batch_time", "batch_channel_time"]).default("batch_time"),
  frame_length: z.int().positive().nullable().default(null),
  threads: z.int().min(1).default(1),
});

/**
 * The input tensor's shape: `[samples]` (`time`), `[1, samples]` (`batch_time`) or
 * `[1, 1, samples]` (`batch_channel_time`).
 */
export type OnnxTensorLayout = "time" | "batch_time" | "batch_channel_time";

/** The `onnx` settings after defaults. Validated by {@linkcode OnnxEnhancerConfigSchema}. */
export interface OnnxEnhancerConfig {
  /** Name of the model input fed the audio; null: the model's first input. Default `null`. */
  input_name: string | null;
  /** Name of the model output read back; null: the model's first output. Default `null`. */
  output_name: string | null;
  /**
   * The rate the model works at, Hz (a whole number > 0); audio at other rates is resampled to
   * it and back. Default 16000.
   */
  sample_rate: number;
  /**
   * The input tensor's shape (see {@linkcode OnnxTensorLayout}); the output must hold as many
   * values as the input, in any shape. Default `"batch_time"`.
   */
  layout: OnnxTensorLayout;
  /**
   * Null feeds each utterance whole; a number (> 0) feeds blocks of that many samples (the last
   * one zero-padded) and joins the outputs, for models with a fixed input size. Default `null`.
   */
  frame_length: number | null;
  /** onnxruntime intra-op threads (a whole number >= 1). Default 1. */
  threads: number;
}
const _onnxEnhancerConfig: SameType<
  OnnxEnhancerConfig,
  z.output<typeof OnnxEnhancerConfigSchema>
> = true;
const _onnxEnhancerConfigInput: SameType<
  Partial<OnnxEnhancerConfig>,
  z.input<typeof OnnxEnhancerConfigSchema>
> = true;
