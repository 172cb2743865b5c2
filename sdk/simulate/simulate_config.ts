/**
 * The simulation settings (`configs/simulate.yaml`): probabilities and ranges of every
 * distortion, with URGENT 2026 Track 1's training values (`conf/simulation_train.yaml`,
 * `reference/urgent.md` §1.2) as defaults. Key names follow URGENT's file where one exists.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { RESAMPLE_METHODS } from "./bandwidth_limit.ts";

const prob = (value: number) => z.number().min(0).max(1).default(value);

/** A `[low, high]` range with `low <= high`. */
const range = (low: number, high: number) =>
  z.tuple([z.number(), z.number()])
    .refine((r) => r[0] <= r[1], { message: "expected [low, high] with low <= high" })
    .default([low, high]);

/**
 * One codec choice: container, encoder (or a list to draw from), quality range.
 *
 * @example
 * ```ts
 * import { CodecChoiceSchema } from "./simulate_config.ts";
 * console.log(CodecChoiceSchema.parse({ format: "mp3", qscale: [1, 10] }).encoder); // null
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CodecChoiceSchema = z.strictObject({
  /** Container: `mp3` or `ogg`. */
  format: z.enum(["mp3", "ogg"]),
  /** Encoder, a list to draw one from uniformly, or null for the container's default. */
  encoder: z.union([z.enum(["vorbis", "opus"]), z.array(z.enum(["vorbis", "opus"])).min(1)])
    .nullable().default(null),
  /**
   * ffmpeg `-q:a`: one integer, or `[low, high]` drawn as an integer in `[low, high)` (numpy's
   * `randint`, as URGENT draws it).
   */
  qscale: z.union([z.int(), z.tuple([z.int(), z.int()])]),
});

/**
 * Schema of `configs/simulate.yaml`; the single source of its defaults.
 *
 * @example
 * ```ts
 * import { SimulateConfigSchema } from "./simulate_config.ts";
 * const c = SimulateConfigSchema.parse({ prob_reverberation: 0.2 });
 * console.log(c.prob_reverberation, c.snr_db, c.augmentations.packet_loss.packet_duration_ms);
 * // 0.2 [ -5, 20 ] 20
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SimulateConfigSchema = z.strictObject({
  /** Global seed; each utterance's generator is seeded from it and the utterance id. */
  seed: z.int().default(0),
  /** Additive-noise SNR range in dB, drawn uniformly (URGENT: [-5, 20]). */
  snr_db: range(-5, 20),
  /** Probability of reverberation (URGENT: 0.5). */
  prob_reverberation: prob(0.5),
  /** Seconds after the RIR's start kept in the clean target's early RIR (URGENT: 0.05). */
  early_rir_sec: z.number().positive().default(0.05),
  /**
   * High-pass filter on the source speech (URGENT's `--highpass`, off unless asked; 70 Hz).
   * Ours is a zero-phase Butterworth (URGENT uses a firwin2 FIR through filtfilt).
   */
  highpass: z.strictObject({
    enabled: z.boolean().default(false),
    cutoff_hz: z.number().positive().default(70),
    order: z.int().min(1).max(16).default(4),
  }).prefault({}),
  /**
   * Wind noise in place of the regular noise. Off by default here (URGENT: prob 0.05 with
   * recorded wind clips; ours are synthetic, see `synthWindNoise`). Needs ffmpeg.
   */
  wind_noise: z.strictObject({
    prob: prob(0),
    snr_db: range(-10, 15),
    threshold: range(0.1, 0.3),
    ratio: range(1, 20),
    attack: range(5, 100),
    release: range(5, 100),
    sc_gain: range(0.8, 1.2),
    clipping_threshold: range(0.85, 1.0),
    clipping_chance: prob(0.75),
  }).prefault({}),
  /**
   * Probability of 0, 1, 2, ... extra augmentations: entry `k` is the weight of `k` (URGENT:
   * 0.25, 0.40, 0.20, 0.15 for 0-3; the values are normalised). A list, not URGENT's mapping, so
   * that a config file replaces it whole.
   */
  num_augmentations: z.array(z.number().nonnegative()).min(1).max(5)
    .refine((p) => p.some((x) => x > 0), {
      message: "expected at least one positive probability",
    })
    .default([0.25, 0.4, 0.2, 0.15]),
  /**
   * The extra augmentations, drawn without replacement with probability proportional to
   * `weight` (0 never draws it). Applied to the noisy signal in the order drawn.
   */
  augmentations: z.strictObject({
    bandwidth_limitation: z.strictObject({
      weight: z.number().nonnegative().default(1),
      /** Methods drawn uniformly (see `RESAMPLE_METHODS`). */
      resample_methods: z.array(
        z.string().refine((m) => Object.hasOwn(RESAMPLE_METHODS, m), {
          message: `expected one of ${Object.keys(RESAMPLE_METHODS).join(", ")}`,
        }),
      ).min(1).default(["sinc_best", "sinc_medium", "sinc_fastest"]),
      /** Candidate lower rates; one below the speech's rate is drawn uniformly. */
      sample_rates: z.array(z.int().positive()).min(1)
        .default([8000, 16000, 22050, 24000, 32000, 44100, 48000]),
    }).prefault({}),
    clipping: z.strictObject({
      weight: z.number().nonnegative().default(1),
      /** Lower clipping quantile range (URGENT: [0, 0.1]). */
      min_quantile: range(0, 0.1),
      /** Upper clipping quantile range (URGENT: [0.9, 1.0]). */
      max_quantile: range(0.9, 1.0),
    }).prefault({}),
    codec: z.strictObject({
      weight: z.number().nonnegative().default(1),
      /** Choices drawn uniformly (URGENT: mp3 q 1-10, ogg vorbis/opus q -1-10). Needs ffmpeg. */
      configs: z.array(CodecChoiceSchema).min(1).default([
        { format: "mp3", encoder: null, qscale: [1, 10] },
        { format: "ogg", encoder: ["vorbis", "opus"], qscale: [-1, 10] },
      ]),
    }).prefault({}),
    packet_loss: z.strictObject({
      weight: z.number().nonnegative().default(1),
      packet_duration_ms: z.int().positive().default(20),
      /** Bursts are drawn as randint(1, this), i.e. at most this minus one packets. */
      max_continuous_packet_loss: z.int().min(2).default(10),
      packet_loss_rate: range(0.05, 0.25),
    }).prefault({}),
  }).prefault({}),
  /** Peak of the louder of noisy and clean after URGENT's joint normalisation (0.9). */
  peak: z.number().positive().max(1).default(0.9),
  /** The ffmpeg program used for codecs and wind noise. */
  ffmpeg: z.string().min(1).default("ffmpeg"),
});

/** One codec choice after defaults. Validated by {@linkcode CodecChoiceSchema}. */
export interface CodecChoice {
  /** Container: `mp3` or `ogg`. */
  format: "mp3" | "ogg";
  /** Encoder, a list to draw one from uniformly, or `null` for the container's default. */
  encoder: "vorbis" | "opus" | ("vorbis" | "opus")[] | null;
  /**
   * ffmpeg `-q:a`: one integer, or `[low, high]` drawn as an integer in `[low, high)` (numpy's
   * `randint`, as URGENT draws it).
   */
  qscale: number | [number, number];
}
const _codecChoice: SameType<CodecChoice, z.output<typeof CodecChoiceSchema>> = true;

/** One codec choice as written in YAML. Validated by {@linkcode CodecChoiceSchema}. */
export interface CodecChoiceInput {
  /** Container: `mp3` or `ogg` (required). */
  format: "mp3" | "ogg";
  /**
   * Encoder, a list to draw one from uniformly, or `null` for the container's default.
   * Default `null`.
   */
  encoder?: "vorbis" | "opus" | ("vorbis" | "opus")[] | null;
  /**
   * ffmpeg `-q:a`: one integer, or `[low, high]` drawn as an integer in `[low, high)` (numpy's
   * `randint`, as URGENT draws it); required.
   */
  qscale: number | [number, number];
}
const _codecChoiceInput: SameType<CodecChoiceInput, z.input<typeof CodecChoiceSchema>> = true;

/**
 * High-pass filter on the source speech (URGENT's `--highpass`), after defaults. Ours is a
 * zero-phase Butterworth (URGENT uses a firwin2 FIR through filtfilt).
 */
export interface SimulateHighpassConfig {
  /** Filter the source speech. Default false. */
  enabled: boolean;
  /** Cut-off frequency in Hz. Default 70. */
  cutoff_hz: number;
  /** Butterworth order, 1 to 16. Default 4. */
  order: number;
}

/** {@linkcode SimulateHighpassConfig} as written in YAML (every key optional). */
export interface SimulateHighpassConfigInput {
  /** Filter the source speech. Default false. */
  enabled?: boolean;
  /** Cut-off frequency in Hz. Default 70. */
  cutoff_hz?: number;
  /** Butterworth order, 1 to 16. Default 4. */
  order?: number;
}

/**
 * Wind noise in place of the regular noise, after defaults: the probability, the SNR and
 * ranges of URGENT's sidechain-compressor and clipping parameters, each drawn uniformly
 * (ranges are `[low, high]`). Needs ffmpeg.
 */
export interface SimulateWindNoiseConfig {
  /** Probability of wind noise instead of the regular noise (URGENT: 0.05). Default 0 (off). */
  prob: number;
  /** SNR range in dB. Default `[-10, 15]`. */
  snr_db: [number, number];
  /** Compressor threshold range (linear). Default `[0.1, 0.3]`. */
  threshold: [number, number];
  /** Compression ratio range. Default `[1, 20]`. */
  ratio: [number, number];
  /** Attack range in ms. Default `[5, 100]`. */
  attack: [number, number];
  /** Release range in ms. Default `[5, 100]`. */
  release: [number, number];
  /** Side-chain gain range. Default `[0.8, 1.2]`. */
  sc_gain: [number, number];
  /** Clipping level range, as a fraction of the mixture's extremes. Default `[0.85, 1.0]`. */
  clipping_threshold: [number, number];
  /** Probability that the mixture is clipped afterwards. Default 0.75. */
  clipping_chance: number;
}

/** {@linkcode SimulateWindNoiseConfig} as written in YAML (every key optional). */
export interface SimulateWindNoiseConfigInput {
  /** Probability of wind noise instead of the regular noise (URGENT: 0.05). Default 0 (off). */
  prob?: number;
  /** SNR range in dB. Default `[-10, 15]`. */
  snr_db?: [number, number];
  /** Compressor threshold range (linear). Default `[0.1, 0.3]`. */
  threshold?: [number, number];
  /** Compression ratio range. Default `[1, 20]`. */
  ratio?: [number, number];
  /** Attack range in ms. Default `[5, 100]`. */
  attack?: [number, number];
  /** Release range in ms. Default `[5, 100]`. */
  release?: [number, number];
  /** Side-chain gain range. Default `[0.8, 1.2]`. */
  sc_gain?: [number, number];
  /** Clipping level range, as a fraction of the mixture's extremes. Default `[0.85, 1.0]`. */
  clipping_threshold?: [number, number];
  /** Probability that the mixture is clipped afterwards. Default 0.75. */
  clipping_chance?: number;
}

/** The bandwidth-limitation augmentation after defaults. */
export interface SimulateBandwidthLimitationConfig {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight: number;
  /**
   * Methods drawn uniformly (names of `RESAMPLE_METHODS`). Default
   * `["sinc_best", "sinc_medium", "sinc_fastest"]`.
   */
  resample_methods: string[];
  /**
   * Candidate lower rates; one below the speech's rate is drawn uniformly. Default
   * `[8000, 16000, 22050, 24000, 32000, 44100, 48000]`.
   */
  sample_rates: number[];
}

/** {@linkcode SimulateBandwidthLimitationConfig} as written in YAML (every key optional). */
export interface SimulateBandwidthLimitationConfigInput {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight?: number;
  /**
   * Methods drawn uniformly (names of `RESAMPLE_METHODS`). Default
   * `["sinc_best", "sinc_medium", "sinc_fastest"]`.
   */
  resample_methods?: string[];
  /**
   * Candidate lower rates; one below the speech's rate is drawn uniformly. Default
   * `[8000, 16000, 22050, 24000, 32000, 44100, 48000]`.
   */
  sample_rates?: number[];
}

/** The clipping augmentation after defaults. */
export interface SimulateClippingConfig {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight: number;
  /** Lower clipping quantile range (URGENT: [0, 0.1]). Default `[0, 0.1]`. */
  min_quantile: [number, number];
  /** Upper clipping quantile range (URGENT: [0.9, 1.0]). Default `[0.9, 1.0]`. */
  max_quantile: [number, number];
}

/** {@linkcode SimulateClippingConfig} as written in YAML (every key optional). */
export interface SimulateClippingConfigInput {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight?: number;
  /** Lower clipping quantile range (URGENT: [0, 0.1]). Default `[0, 0.1]`. */
  min_quantile?: [number, number];
  /** Upper clipping quantile range (URGENT: [0.9, 1.0]). Default `[0.9, 1.0]`. */
  max_quantile?: [number, number];
}

/** The codec augmentation after defaults. Needs ffmpeg. */
export interface SimulateCodecConfig {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight: number;
  /**
   * Choices drawn uniformly (URGENT: mp3 q 1-10, ogg vorbis/opus q -1-10). Default
   * `[{ format: "mp3", encoder: null, qscale: [1, 10] }, { format: "ogg", encoder: ["vorbis",
   * "opus"], qscale: [-1, 10] }]`.
   */
  configs: CodecChoice[];
}

/** {@linkcode SimulateCodecConfig} as written in YAML (every key optional). */
export interface SimulateCodecConfigInput {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight?: number;
  /**
   * Choices drawn uniformly (URGENT: mp3 q 1-10, ogg vorbis/opus q -1-10). Default
   * `[{ format: "mp3", encoder: null, qscale: [1, 10] }, { format: "ogg", encoder: ["vorbis",
   * "opus"], qscale: [-1, 10] }]`.
   */
  configs?: CodecChoiceInput[];
}

/** The packet-loss augmentation after defaults. */
export interface SimulatePacketLossConfig {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight: number;
  /** Packet duration in ms. Default 20. */
  packet_duration_ms: number;
  /**
   * Bursts are drawn as randint(1, this), i.e. at most this minus one packets; at least 2.
   * Default 10.
   */
  max_continuous_packet_loss: number;
  /** Range of the fraction of packets lost. Default `[0.05, 0.25]`. */
  packet_loss_rate: [number, number];
}

/** {@linkcode SimulatePacketLossConfig} as written in YAML (every key optional). */
export interface SimulatePacketLossConfigInput {
  /** Relative weight of drawing this augmentation (0 never draws it). Default 1. */
  weight?: number;
  /** Packet duration in ms. Default 20. */
  packet_duration_ms?: number;
  /**
   * Bursts are drawn as randint(1, this), i.e. at most this minus one packets; at least 2.
   * Default 10.
   */
  max_continuous_packet_loss?: number;
  /** Range of the fraction of packets lost. Default `[0.05, 0.25]`. */
  packet_loss_rate?: [number, number];
}

/**
 * The extra augmentations after defaults, drawn without replacement with probability
 * proportional to `weight` (0 never draws it), applied to the noisy signal in the order drawn.
 */
export interface SimulateAugmentationsConfig {
  /** Resampling down to a lower rate and back. Its defaults are listed on its type. */
  bandwidth_limitation: SimulateBandwidthLimitationConfig;
  /** Clipping at drawn quantiles. Its defaults are listed on its type. */
  clipping: SimulateClippingConfig;
  /** Lossy-codec round trip through ffmpeg. Its defaults are listed on its type. */
  codec: SimulateCodecConfig;
  /** Zeroed packets in bursts. Its defaults are listed on its type. */
  packet_loss: SimulatePacketLossConfig;
}

/** {@linkcode SimulateAugmentationsConfig} as written in YAML (every key optional). */
export interface SimulateAugmentationsConfigInput {
  /** Resampling down to a lower rate and back. Default: all its defaults. */
  bandwidth_limitation?: SimulateBandwidthLimitationConfigInput;
  /** Clipping at drawn quantiles. Default: all its defaults. */
  clipping?: SimulateClippingConfigInput;
  /** Lossy-codec round trip through ffmpeg. Default: all its defaults. */
  codec?: SimulateCodecConfigInput;
  /** Zeroed packets in bursts. Default: all its defaults. */
  packet_loss?: SimulatePacketLossConfigInput;
}

/** The simulation settings after defaults. Validated by {@linkcode SimulateConfigSchema}. */
export interface SimulateConfig {
  /** Global seed; each utterance's generator is seeded from it and the utterance id. Default 0. */
  seed: number;
  /** Additive-noise SNR range in dB, drawn uniformly (URGENT: [-5, 20]). Default `[-5, 20]`. */
  snr_db: [number, number];
  /** Probability of reverberation (URGENT: 0.5). Default 0.5. */
  prob_reverberation: number;
  /**
   * Seconds after the RIR's start kept in the clean target's early RIR (URGENT: 0.05).
   * Default 0.05.
   */
  early_rir_sec: number;
  /** High-pass filter on the source speech (URGENT's `--highpass`). Default off, 70 Hz. */
  highpass: SimulateHighpassConfig;
  /** Wind noise in place of the regular noise (synthetic here). Default off (prob 0). */
  wind_noise: SimulateWindNoiseConfig;
  /**
   * Probability of 0, 1, 2, ... extra augmentations: entry `k` is the weight of `k` (the values
   * are normalised; 1 to 5 entries, at least one positive). A list, not URGENT's mapping, so
   * that a config file replaces it whole. Default `[0.25, 0.4, 0.2, 0.15]` (URGENT's).
   */
  num_augmentations: number[];
  /** The extra augmentations and their weights. Default weight 1 each. */
  augmentations: SimulateAugmentationsConfig;
  /** Peak of the louder of noisy and clean after URGENT's joint normalisation. Default 0.9. */
  peak: number;
  /** The ffmpeg program used for codecs and wind noise. Default `"ffmpeg"`. */
  ffmpeg: string;
}

/**
 * The simulation settings as written in YAML (every key optional). Validated by
 * {@linkcode SimulateConfigSchema}.
 */
export interface SimulateConfigInput {
  /** Global seed; each utterance's generator is seeded from it and the utterance id. Default 0. */
  seed?: number;
  /** Additive-noise SNR range in dB, drawn uniformly (URGENT: [-5, 20]). Default `[-5, 20]`. */
  snr_db?: [number, number];
  /** Probability of reverberation (URGENT: 0.5). Default 0.5. */
  prob_reverberation?: number;
  /**
   * Seconds after the RIR's start kept in the clean target's early RIR (URGENT: 0.05).
   * Default 0.05.
   */
  early_rir_sec?: number;
  /** High-pass filter on the source speech (URGENT's `--highpass`). Default off, 70 Hz. */
  highpass?: SimulateHighpassConfigInput;
  /** Wind noise in place of the regular noise (synthetic here). Default off (prob 0). */
  wind_noise?: SimulateWindNoiseConfigInput;
  /**
   * Probability of 0, 1, 2, ... extra augmentations: entry `k` is the weight of `k` (the values
   * are normalised; 1 to 5 entries, at least one positive). A list, not URGENT's mapping, so
   * that a config file replaces it whole. Default `[0.25, 0.4, 0.2, 0.15]` (URGENT's).
   */
  num_augmentations?: number[];
  /** The extra augmentations and their weights. Default weight 1 each. */
  augmentations?: SimulateAugmentationsConfigInput;
  /** Peak of the louder of noisy and clean after URGENT's joint normalisation. Default 0.9. */
  peak?: number;
  /** The ffmpeg program used for codecs and wind noise. Default `"ffmpeg"`. */
  ffmpeg?: string;
}

// Compile-time pins of the declared types to the schema (top level and every nested object).
type Out = z.output<typeof SimulateConfigSchema>;
type In = z.input<typeof SimulateConfigSchema>;
type InAug = NonNullable<In["augmentations"]>;
const _simulateConfig: SameType<SimulateConfig, Out> = true;
const _simulateConfigInput: SameType<SimulateConfigInput, In> = true;
const _highpass: SameType<SimulateHighpassConfig, Out["highpass"]> = true;
const _highpassInput: SameType<SimulateHighpassConfigInput, NonNullable<In["highpass"]>> = true;
const _windNoise: SameType<SimulateWindNoiseConfig, Out["wind_noise"]> = true;
const _windNoiseInput: SameType<SimulateWindNoiseConfigInput, NonNullable<In["wind_noise"]>> = true;
const _augmentations: SameType<SimulateAugmentationsConfig, Out["augmentations"]> = true;
const _augmentationsInput: SameType<SimulateAugmentationsConfigInput, InAug> = true;
const _bandwidth: SameType<
  SimulateBandwidthLimitationConfig,
  Out["augmentations"]["bandwidth_limitation"]
> = true;
const _bandwidthInput: SameType<
  SimulateBandwidthLimitationConfigInput,
  NonNullable<InAug["bandwidth_limitation"]>
> = true;
const _clipping: SameType<SimulateClippingConfig, Out["augmentations"]["clipping"]> = true;
const _clippingInput: SameType<SimulateClippingConfigInput, NonNullable<InAug["clipping"]>> = true;
const _codec: SameType<SimulateCodecConfig, Out["augmentations"]["codec"]> = true;
const _codecInput: SameType<SimulateCodecConfigInput, NonNullable<InAug["codec"]>> = true;
const _packetLoss: SameType<SimulatePacketLossConfig, Out["augmentations"]["packet_loss"]> = true;
const _packetLossInput: SameType<
  SimulatePacketLossConfigInput,
  NonNullable<InAug["packet_loss"]>
> = true;
