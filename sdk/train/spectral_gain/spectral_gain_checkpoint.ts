/**
 * The spectral-gain checkpoint: one JSON file holding the front-end settings, the network's
 * parameters and a summary of the training. The same inputs and seed give the same bytes (no
 * timestamps, fixed key order).
 *
 * @module
 */

import { z } from "zod";
import { formatZodError } from "../../config/format_zod_error.ts";
import type { SameType } from "../../config/_same_type.ts";
import { ConfigError } from "../../log/errors.ts";
import { gainNetLayout } from "./gain_net.ts";
import type { SpectralGainFeatures } from "./spectral_gain_config.ts";

/** The `format` value of every spectral-gain checkpoint. */
export const SPECTRAL_GAIN_FORMAT = "audiocurate-spectral-gain";

/**
 * Schema of a spectral-gain checkpoint file.
 *
 * @example
 * ```ts
 * import { SpectralGainCheckpointSchema } from "./spectral_gain_checkpoint.ts";
 * console.log(SpectralGainCheckpointSchema.safeParse({ format: "x" }).success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SpectralGainCheckpointSchema = z.strictObject({
  /** Always `audiocurate-spectral-gain`. */
  format: z.literal(SPECTRAL_GAIN_FORMAT),
  /** Checkpoint layout version. */
  version: z.literal(1),
  /** Sample rate the model works at. */
  sample_rate: z.int().positive(),
  /** Front-end settings (see `SpectralGainConfigSchema`). */
  features: z.strictObject({
    n_fft: z.int().min(16),
    hop_length: z.int().min(1),
    n_mels: z.int().min(2),
    noise_percentile: z.number().min(0).max(100),
    context_frames: z.int().min(0),
    context_bands: z.int().min(0),
  }),
  /** Network shape. */
  model: z.strictObject({
    inputs: z.int().min(1),
    hidden: z.int().min(1),
    gain_floor: z.number().min(0).max(1),
  }),
  /** The flat parameter vector: w1 (hidden x inputs), b1, w2, b2. */
  weights: z.array(z.number()),
  /** What the model was trained on and how the loss went. */
  training: z.strictObject({
    pairs: z.int().min(0),
    frames: z.int().min(0),
    audio_seconds: z.number().min(0),
    epochs: z.int().min(0),
    seed: z.int(),
    loss_noisy: z.number(),
    loss_per_epoch: z.array(z.number()),
  }),
});

const _checkpointFeatures: SameType<
  SpectralGainFeatures,
  z.output<typeof SpectralGainCheckpointSchema>["features"]
> = true;

/** The network shape stored in a {@linkcode SpectralGainCheckpoint}. */
export interface SpectralGainCheckpointModel {
  /** Inputs per band: the context patch plus two. */
  inputs: number;
  /** Hidden units. */
  hidden: number;
  /** Smallest gain, in [0, 1]. */
  gain_floor: number;
}
const _checkpointModel: SameType<
  SpectralGainCheckpointModel,
  z.output<typeof SpectralGainCheckpointSchema>["model"]
> = true;

/** What a {@linkcode SpectralGainCheckpoint}'s model was trained on and how the loss went. */
export interface SpectralGainTrainingSummary {
  /** Noisy/clean pairs trained on. */
  pairs: number;
  /** Spectral frames trained on. */
  frames: number;
  /** Seconds of audio trained on. */
  audio_seconds: number;
  /** Passes over every training frame. */
  epochs: number;
  /** Seed of the training. */
  seed: number;
  /** Spectral magnitude error of the noisy input itself (every gain 1), summed over the frames. */
  loss_noisy: number;
  /** The same error summed over each epoch's frames while it trained, one value per epoch. */
  loss_per_epoch: number[];
}
const _trainingSummary: SameType<
  SpectralGainTrainingSummary,
  z.output<typeof SpectralGainCheckpointSchema>["training"]
> = true;

/** A spectral-gain checkpoint (see {@linkcode SpectralGainCheckpointSchema}). */
export interface SpectralGainCheckpoint {
  /** Always `audiocurate-spectral-gain`. */
  format: typeof SPECTRAL_GAIN_FORMAT;
  /** Checkpoint layout version. */
  version: 1;
  /** Sample rate the model works at. */
  sample_rate: number;
  /** Front-end settings the model was trained with (every key present). */
  features: SpectralGainFeatures;
  /** Network shape. */
  model: SpectralGainCheckpointModel;
  /** The flat parameter vector: w1 (hidden x inputs), b1, w2, b2. */
  weights: number[];
  /** What the model was trained on and how the loss went. */
  training: SpectralGainTrainingSummary;
}
const _spectralGainCheckpoint: SameType<
  SpectralGainCheckpoint,
  z.output<typeof SpectralGainCheckpointSchema>
> = true;

/**
 * Serialise a checkpoint: compact JSON in the schema's key order, ending with a newline.
 *
 * @param ckpt The checkpoint.
 * @returns The file's text.
 *
 * @example
 * ```ts
 * import { encodeCheckpoint } from "./spectral_gain_checkpoint.ts";
 * const text = encodeCheckpoint({
 *   format: "audiocurate-spectral-gain", version: 1, sample_rate: 16000,
 *   features: { n_fft: 512, hop_length: 128, n_mels: 32, noise_percentile: 10, context_frames: 2, context_bands: 1 },
 *   model: { inputs: 17, hidden: 1, gain_floor: 0.05 },
 *   weights: new Array(21).fill(0),
 *   training: { pairs: 0, frames: 0, audio_seconds: 0, epochs: 0, seed: 0, loss_noisy: 0, loss_per_epoch: [] },
 * });
 * console.log(text.startsWith('{"format":"audiocurate-spectral-gain","version":1,'), text.endsWith("}\n")); // true true
 * ```
 */
export function encodeCheckpoint(ckpt: SpectralGainCheckpoint): string {
  const parsed = SpectralGainCheckpointSchema.parse(ckpt);
  return `${JSON.stringify(parsed)}\n`;
}

/**
 * Parse and check a checkpoint's text.
 *
 * @param text The file's text.
 * @param source Its name, for messages.
 * @returns The checkpoint.
 * @throws {ConfigError} When it is not JSON, not a spectral-gain checkpoint, or its weights do
 * not fit its shape.
 *
 * @example
 * ```ts
 * import { decodeCheckpoint } from "./spectral_gain_checkpoint.ts";
 * try {
 *   decodeCheckpoint("{}", "model.json");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Checkpoint "model.json"')); // true
 * }
 * ```
 */
export function decodeCheckpoint(text: string, source = "<checkpoint>"): SpectralGainCheckpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`Checkpoint "${source}" is not JSON: ${(err as Error).message}`);
  }
  const r = SpectralGainCheckpointSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    throw new ConfigError(formatZodError(r.error, {
      input: raw,
      schema: SpectralGainCheckpointSchema,
      prefix: (p) => `Checkpoint "${source}" key "${p.map(String).join(".")}"`,
    }));
  }
  const c = r.data;
  const patch = (2 * c.features.context_frames + 1) * (2 * c.features.context_bands + 1);
  if (c.model.inputs !== patch + 2) {
    throw new ConfigError(
      `Checkpoint "${source}" has ${c.model.inputs} inputs but its context needs ${patch + 2}`,
    );
  }
  const size = gainNetLayout(c.model.inputs, c.model.hidden).size;
  if (c.weights.length !== size) {
    throw new ConfigError(
      `Checkpoint "${source}" has ${c.weights.length} weights but its shape needs ${size}`,
    );
  }
  return c;
}

/**
 * Read a checkpoint file.
 *
 * @param path The JSON file (e.g. `experiments/<name>/train/checkpoints/spectral_gain.json`).
 * @returns The checkpoint.
 * @throws {ConfigError} When the file is missing or invalid.
 *
 * @example
 * ```ts
 * import { loadSpectralGainCheckpoint } from "./spectral_gain_checkpoint.ts";
 * const err = await loadSpectralGainCheckpoint("/nonexistent/model.json").catch((e) => e);
 * console.log(err.message); // Checkpoint "/nonexistent/model.json" does not exist
 * ```
 */
export async function loadSpectralGainCheckpoint(path: string): Promise<SpectralGainCheckpoint> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ConfigError(`Checkpoint "${path}" does not exist`);
    }
    throw new ConfigError(`Cannot read checkpoint "${path}": ${(err as Error).message}`);
  }
  return decodeCheckpoint(text, path);
}
