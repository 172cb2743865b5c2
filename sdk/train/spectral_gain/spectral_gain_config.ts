/**
 * Settings of the built-in `spectral-gain` trainer (`configs/train/spectral_gain.yaml`).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";

/**
 * Schema of the `train` section for `backend: spectral-gain`; the single source of its
 * defaults. Frame sizes are in samples at the training sample rate (512/128 is 32/8 ms at
 * 16 kHz).
 *
 * @example
 * ```ts
 * import { SpectralGainConfigSchema } from "./spectral_gain_config.ts";
 * const cfg = SpectralGainConfigSchema.parse({ backend: "spectral-gain" });
 * console.log(cfg.features.n_mels, cfg.model.hidden, cfg.optim.epochs); // 32 8 8
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SpectralGainConfigSchema = z.strictObject({
  /** Backend name. */
  backend: z.literal("spectral-gain"),
  /** Model part of generated experiment names. */
  model_tag: z.string().regex(/^[A-Za-z0-9.-]+$/, {
    message: "expected letters, digits, dots or dashes",
  }).default("sgain"),
  /** Sample rate every curated pair must have (null: the one rate the selection has). */
  sample_rate: z.int().positive().nullable().default(null),
  /** Spectral analysis and input features. */
  features: z.strictObject({
    /** STFT size in samples. */
    n_fft: z.int().min(16).max(16384).default(512),
    /** STFT hop in samples. */
    hop_length: z.int().min(1).default(128),
    /** Mel bands the gains are predicted for. */
    n_mels: z.int().min(2).max(256).default(32),
    /** Percentile of each band's log power over an utterance's frames: the noise floor. */
    noise_percentile: z.number().min(0).max(100).default(10),
    /** Neighbouring frames on each side fed to the model. */
    context_frames: z.int().min(0).max(16).default(2),
    /** Neighbouring bands on each side fed to the model. */
    context_bands: z.int().min(0).max(8).default(1),
  }).prefault({}),
  /** The gain model: one hidden tanh layer shared by every band, sigmoid gain output. */
  model: z.strictObject({
    /** Hidden units. */
    hidden: z.int().min(1).max(256).default(8),
    /** Smallest gain (the output is `floor + (1 - floor) * sigmoid(z)`). */
    gain_floor: z.number().min(0).max(0.99).default(0.05),
  }).prefault({}),
  /** Adam on the spectral magnitude error, in mini-batches of frames. */
  optim: z.strictObject({
    /** Passes over every training frame. */
    epochs: z.int().min(1).max(10000).default(8),
    /** Frames per gradient step. */
    batch_frames: z.int().min(1).default(256),
    /** Adam step size. */
    learning_rate: z.number().positive().default(0.01),
    /** Adam first-moment decay. */
    beta1: z.number().min(0).max(0.9999).default(0.9),
    /** Adam second-moment decay. */
    beta2: z.number().min(0).max(0.999999).default(0.999),
    /** Adam denominator term. */
    epsilon: z.number().positive().default(1e-8),
  }).prefault({}),
});

/**
 * Spectral analysis and input features of the `spectral-gain` model (the `features` section of
 * {@linkcode SpectralGainConfig}, and of a checkpoint). Sizes are in samples at the training
 * sample rate.
 */
export interface SpectralGainFeatures {
  /** STFT size in samples. Default 512. */
  n_fft: number;
  /** STFT hop in samples. Default 128. */
  hop_length: number;
  /** Mel bands the gains are predicted for. Default 32. */
  n_mels: number;
  /**
   * Percentile of each band's log power over an utterance's frames: the noise floor. Default
   * 10.
   */
  noise_percentile: number;
  /** Neighbouring frames on each side fed to the model. Default 2. */
  context_frames: number;
  /** Neighbouring bands on each side fed to the model. Default 1. */
  context_bands: number;
}
const _spectralGainFeatures: SameType<
  SpectralGainFeatures,
  z.output<typeof SpectralGainConfigSchema>["features"]
> = true;

/**
 * The `spectral-gain` gain model (the `model` section of {@linkcode SpectralGainConfig}): one
 * hidden tanh layer shared by every band, sigmoid gain output.
 */
export interface SpectralGainModel {
  /** Hidden units. Default 8. */
  hidden: number;
  /** Smallest gain (the output is `floor + (1 - floor) * sigmoid(z)`). Default 0.05. */
  gain_floor: number;
}
const _spectralGainModel: SameType<
  SpectralGainModel,
  z.output<typeof SpectralGainConfigSchema>["model"]
> = true;

/**
 * The `spectral-gain` optimiser (the `optim` section of {@linkcode SpectralGainConfig}): Adam on
 * the spectral magnitude error, in mini-batches of frames.
 */
export interface SpectralGainOptim {
  /** Passes over every training frame. Default 8. */
  epochs: number;
  /** Frames per gradient step. Default 256. */
  batch_frames: number;
  /** Adam step size. Default 0.01. */
  learning_rate: number;
  /** Adam first-moment decay. Default 0.9. */
  beta1: number;
  /** Adam second-moment decay. Default 0.999. */
  beta2: number;
  /** Adam denominator term. Default 1e-8. */
  epsilon: number;
}
const _spectralGainOptim: SameType<
  SpectralGainOptim,
  z.output<typeof SpectralGainConfigSchema>["optim"]
> = true;

/** The `spectral-gain` settings after defaults (see {@linkcode SpectralGainConfigSchema}). */
export interface SpectralGainConfig {
  /** Backend name. */
  backend: "spectral-gain";
  /** Model part of generated experiment names. Default `"sgain"`. */
  model_tag: string;
  /**
   * Sample rate every curated pair must have (null: the one rate the selection has). Default
   * `null`.
   */
  sample_rate: number | null;
  /** Spectral analysis and input features. Default: see the fields. */
  features: SpectralGainFeatures;
  /**
   * The gain model: one hidden tanh layer shared by every band, sigmoid gain output. Default:
   * see the fields.
   */
  model: SpectralGainModel;
  /** Adam on the spectral magnitude error, in mini-batches of frames. Default: see the fields. */
  optim: SpectralGainOptim;
}
const _spectralGainConfig: SameType<
  SpectralGainConfig,
  z.output<typeof SpectralGainConfigSchema>
> = true;
