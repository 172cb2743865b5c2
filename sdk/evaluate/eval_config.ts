/**
 * The evaluation configuration (`configs/eval.yaml`).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { type OnnxEnhancerConfig, OnnxEnhancerConfigSchema } from "./onnx_enhancer_config.ts";
import { SLICE_DIMENSIONS, type SliceDimension } from "./slice_keys.ts";
import { URGENT_2026_RANKING } from "./urgent_ranking_categories.ts";

/** Name of the unprocessed-input system (`include_noisy`). */
export const NOISY_SYSTEM = "noisy";

/**
 * One system to evaluate: exactly one of `ckpt` (a spectral-gain checkpoint or experiment
 * folder: the test set is enhanced with it), `onnx` (an ONNX enhancement model, fed as the
 * `onnx` section says) or `enhanced` (a folder of enhanced files from any system, matched by
 * name and length). `name` defaults to the experiment, model or folder name.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const EvalSystemSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._=+-]*$/, {
    message: "expected letters, digits and . _ = + - (not starting with a symbol)",
  }).nullable().default(null),
  ckpt: z.string().min(1).optional(),
  onnx: z.string().min(1).optional(),
  enhanced: z.string().min(1).optional(),
}).refine((s) => [s.ckpt, s.onnx, s.enhanced].filter((x) => x !== undefined).length === 1, {
  message: "give exactly one of ckpt, onnx or enhanced",
});

/**
 * One system entry after defaults: exactly one of `ckpt`, `onnx` or `enhanced` is set.
 * Validated by {@linkcode EvalSystemSchema}.
 */
export interface EvalSystem {
  /**
   * Name in the report (letters, digits and `. _ = + -`, not starting with a symbol); null: the
   * experiment, model or folder name. Default `null`.
   */
  name: string | null;
  /** A spectral-gain checkpoint or experiment folder: the test set is enhanced with it. */
  ckpt?: string;
  /** An ONNX enhancement model, fed as the config's `onnx` section says. */
  onnx?: string;
  /** A folder of enhanced files from any system, matched by name and length. */
  enhanced?: string;
}
const _evalSystem: SameType<EvalSystem, z.output<typeof EvalSystemSchema>> = true;
const _evalSystemInput: SameType<Partial<EvalSystem>, z.input<typeof EvalSystemSchema>> = true;

/**
 * Schema of `configs/eval.yaml`; the single source of its defaults. The hard-sample thresholds
 * are URGENT 2024's (reference urgent.md §2: DNSMOS < 2, ESTOI < 0.6, SDR < 0, MOS < 2), applied
 * to our columns: `mos_ovrl` (DNSMOS OVRL), `estoi`, `si_sdr` (standing in for SDR) and
 * `mos_p808` (DNSMOS's P.808 prediction, standing in for the listening-test MOS).
 *
 * @example
 * ```ts
 * import { EvalConfigSchema } from "./eval_config.ts";
 * const c = EvalConfigSchema.parse({ data: { manifest: "m.jsonl" } });
 * console.log(c.metrics.scorers, c.tails.hard_thresholds.estoi, c.bootstrap.resamples); // [ "dnsmos", "intrusive" ] 0.6 1000
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const EvalConfigSchema = z.strictObject({
  /** The test set. */
  data: z.strictObject({
    /** Utterance manifest (JSONL: noisy `path`, `clean_path`, metadata). */
    manifest: z.string().min(1),
    /** Keep only rows of this split (null: every row). */
    split: z.string().min(1).nullable().default(null),
  }),
  /** Systems to evaluate (the CLI's --ckpt, --onnx and --enhanced add to them). */
  systems: z.array(EvalSystemSchema).default([]),
  /** Also evaluate the unprocessed noisy input, as system "noisy" (the reference point). */
  include_noisy: z.boolean().default(true),
  /** How ONNX models are fed. */
  onnx: OnnxEnhancerConfigSchema.prefault({}),
  /** Matching of enhanced folders. */
  match: z.strictObject({
    /** Largest length difference in samples (URGENT: 0, the same length). */
    max_length_diff: z.int().min(0).default(0),
    /** Extensions looked for. */
    extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).min(1)
      .default([".wav", ".flac", ".mp3", ".aif", ".aiff"]),
  }).prefault({}),
  /** The metrics: scorers from the registry and their settings. */
  metrics: z.strictObject({
    /** Scorers whose numeric columns are the metrics (dnsmos: OVRL/SIG/BAK/P.808; intrusive: SI-SDR/STOI/ESTOI). */
    scorers: z.array(z.string().min(1)).min(1).default(["dnsmos", "intrusive"]),
    /** Settings per scorer. */
    scorer: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /** Folder of model files (DNSMOS); null: AUDIOCURATE_DNSMOS_DIR or the scorer's default. */
    models_dir: z.string().nullable().default(null),
    /** Columns where lower is better, besides the known ones (clip_ratio, dc_offset). */
    lower_is_better: z.array(z.string()).default([]),
  }).prefault({}),
  /** The breakdown. */
  slices: z.strictObject({
    /** Dimensions, in report order. */
    dimensions: z.array(z.enum(SLICE_DIMENSIONS)).default([...SLICE_DIMENSIONS]),
    /** SNR bin width, dB. */
    snr_bin_db: z.number().positive().default(5),
    /** Duration bin width, seconds. */
    duration_bin_sec: z.number().positive().default(5),
  }).prefault({}),
  /** Tail statistics. */
  tails: z.strictObject({
    /** Quantiles reported per metric. */
    quantiles: z.array(z.number().min(0).max(1)).default([0.1, 0.25]),
    /** CVaR tail share. */
    cvar_alpha: z.number().gt(0).max(1).default(0.1),
    /** Worst utterances listed per system and metric. */
    worst: z.int().min(0).default(10),
    /** Hard-sample thresholds by column (the share on the bad side is reported). */
    hard_thresholds: z.record(z.string(), z.number()).default({
      mos_ovrl: 2,
      mos_p808: 2,
      estoi: 0.6,
      si_sdr: 0,
    }),
  }).prefault({}),
  /** The URGENT ranking emulator. */
  ranking: z.strictObject({
    /** Category to (official metric to column or null). */
    categories: z.record(z.string(), z.record(z.string(), z.string().nullable()))
      .default(URGENT_2026_RANKING as Record<string, Record<string, string | null>>),
    /** Rank the noisy input too (default false: it is the reference, not a submission). */
    include_noisy: z.boolean().default(false),
  }).prefault({}),
  /** Paired comparisons. */
  compare: z.strictObject({
    /** Compare every system with this one only (null: every pair). */
    baseline: z.string().nullable().default(null),
  }).prefault({}),
  /** Bootstrap confidence intervals (slices, means, paired differences). */
  bootstrap: z.strictObject({
    resamples: z.int().min(1).default(1000),
    confidence: z.number().gt(0).lt(1).default(0.95),
    seed: z.int().default(0),
  }).prefault({}),
  /** The HTML report. */
  report: z.strictObject({
    /** Page title. */
    title: z.string().default("Speech enhancement evaluation"),
  }).prefault({}),
  /** Output folder. */
  out: z.string().min(1).default("eval"),
});

type EvalOutput = z.output<typeof EvalConfigSchema>;
type EvalInput = z.input<typeof EvalConfigSchema>;

/** The test set (`data` section) after defaults. */
export interface EvalDataConfig {
  /** Utterance manifest (JSONL: noisy `path`, `clean_path`, metadata). Required. */
  manifest: string;
  /** Keep only rows of this split (null: every row). Default `null`. */
  split: string | null;
}
const _evalData: SameType<EvalDataConfig, EvalOutput["data"]> = true;

/** The test set (`data` section) as written: `manifest` is required. */
export interface EvalDataInput {
  /** Utterance manifest (JSONL: noisy `path`, `clean_path`, metadata). Required. */
  manifest: string;
  /** Keep only rows of this split (null: every row). Default `null`. */
  split?: string | null;
}
const _evalDataInput: SameType<EvalDataInput, EvalInput["data"]> = true;

/** Matching of enhanced folders (`match` section) after defaults. */
export interface EvalMatchConfig {
  /** Largest length difference in samples (URGENT: 0, the same length). Default 0. */
  max_length_diff: number;
  /**
   * Extensions looked for (lower case, with the dot). Default `[".wav", ".flac", ".mp3",
   * ".aif", ".aiff"]`.
   */
  extensions: string[];
}
const _evalMatch: SameType<EvalMatchConfig, EvalOutput["match"]> = true;
const _evalMatchInput: SameType<Partial<EvalMatchConfig>, NonNullable<EvalInput["match"]>> = true;

/** The metrics (`metrics` section) after defaults: scorers from the registry and their settings. */
export interface EvalMetricsConfig {
  /**
   * Scorers whose numeric columns are the metrics (dnsmos: OVRL/SIG/BAK/P.808; intrusive:
   * SI-SDR/STOI/ESTOI). Default `["dnsmos", "intrusive"]`.
   */
  scorers: string[];
  /** Settings per scorer. Default `{}`. */
  scorer: Record<string, Record<string, unknown>>;
  /**
   * Folder of model files (DNSMOS); null: AUDIOCURATE_DNSMOS_DIR or the scorer's default.
   * Default `null`.
   */
  models_dir: string | null;
  /**
   * Columns where lower is better, besides the known ones (clip_ratio, dc_offset). Default
   * `[]`.
   */
  lower_is_better: string[];
}
const _evalMetrics: SameType<EvalMetricsConfig, EvalOutput["metrics"]> = true;
const _evalMetricsInput: SameType<
  Partial<EvalMetricsConfig>,
  NonNullable<EvalInput["metrics"]>
> = true;

/** The breakdown (`slices` section) after defaults. */
export interface EvalSlicesConfig {
  /** Dimensions, in report order. Default: every one of `SLICE_DIMENSIONS`, in its order. */
  dimensions: SliceDimension[];
  /** SNR bin width, dB (> 0). Default 5. */
  snr_bin_db: number;
  /** Duration bin width, seconds (> 0). Default 5. */
  duration_bin_sec: number;
}
const _evalSlices: SameType<EvalSlicesConfig, EvalOutput["slices"]> = true;
const _evalSlicesInput: SameType<Partial<EvalSlicesConfig>, NonNullable<EvalInput["slices"]>> =
  true;

/** Tail statistics (`tails` section) after defaults. */
export interface EvalTailsConfig {
  /** Quantiles reported per metric (each in [0, 1]). Default `[0.1, 0.25]`. */
  quantiles: number[];
  /** CVaR tail share, in (0, 1]. Default 0.1. */
  cvar_alpha: number;
  /** Worst utterances listed per system and metric (a whole number >= 0). Default 10. */
  worst: number;
  /**
   * Hard-sample thresholds by column (the share on the bad side is reported). Default URGENT
   * 2024's: `{ mos_ovrl: 2, mos_p808: 2, estoi: 0.6, si_sdr: 0 }`.
   */
  hard_thresholds: Record<string, number>;
}
const _evalTails: SameType<EvalTailsConfig, EvalOutput["tails"]> = true;
const _evalTailsInput: SameType<Partial<EvalTailsConfig>, NonNullable<EvalInput["tails"]>> = true;

/** The URGENT ranking emulator (`ranking` section) after defaults. */
export interface EvalRankingConfig {
  /** Category to (official metric to column or null). Default `URGENT_2026_RANKING`. */
  categories: Record<string, Record<string, string | null>>;
  /** Rank the noisy input too (false: it is the reference, not a submission). Default false. */
  include_noisy: boolean;
}
const _evalRanking: SameType<EvalRankingConfig, EvalOutput["ranking"]> = true;
const _evalRankingInput: SameType<
  Partial<EvalRankingConfig>,
  NonNullable<EvalInput["ranking"]>
> = true;

/** Paired comparisons (`compare` section) after defaults. */
export interface EvalCompareConfig {
  /** Compare every system with this one only (null: every pair). Default `null`. */
  baseline: string | null;
}
const _evalCompare: SameType<EvalCompareConfig, EvalOutput["compare"]> = true;
const _evalCompareInput: SameType<
  Partial<EvalCompareConfig>,
  NonNullable<EvalInput["compare"]>
> = true;

/**
 * Bootstrap confidence intervals (`bootstrap` section: slices, means, paired differences) after
 * defaults.
 */
export interface EvalBootstrapConfig {
  /** Bootstrap resamples (a whole number >= 1). Default 1000. */
  resamples: number;
  /** Confidence level of the intervals, in (0, 1). Default 0.95. */
  confidence: number;
  /** Seed of the resampling (a whole number). Default 0. */
  seed: number;
}
const _evalBootstrap: SameType<EvalBootstrapConfig, EvalOutput["bootstrap"]> = true;
const _evalBootstrapInput: SameType<
  Partial<EvalBootstrapConfig>,
  NonNullable<EvalInput["bootstrap"]>
> = true;

/** The HTML report (`report` section) after defaults. */
export interface EvalReportConfig {
  /** Page title. Default `"Speech enhancement evaluation"`. */
  title: string;
}
const _evalReport: SameType<EvalReportConfig, EvalOutput["report"]> = true;
const _evalReportInput: SameType<Partial<EvalReportConfig>, NonNullable<EvalInput["report"]>> =
  true;

/**
 * The evaluation config (`configs/eval.yaml`) after defaults. Validated by
 * {@linkcode EvalConfigSchema}.
 */
export interface EvalConfig {
  /** The test set. */
  data: EvalDataConfig;
  /** Systems to evaluate (the CLI's --ckpt, --onnx and --enhanced add to them). Default `[]`. */
  systems: EvalSystem[];
  /**
   * Also evaluate the unprocessed noisy input, as system "noisy" (the reference point). Default
   * true.
   */
  include_noisy: boolean;
  /** How ONNX models are fed. Default: every key at its default. */
  onnx: OnnxEnhancerConfig;
  /** Matching of enhanced folders. Default: every key at its default. */
  match: EvalMatchConfig;
  /**
   * The metrics: scorers from the registry and their settings. Default: every key at its
   * default.
   */
  metrics: EvalMetricsConfig;
  /** The breakdown. Default: every key at its default. */
  slices: EvalSlicesConfig;
  /** Tail statistics. Default: every key at its default. */
  tails: EvalTailsConfig;
  /** The URGENT ranking emulator. Default: every key at its default. */
  ranking: EvalRankingConfig;
  /** Paired comparisons. Default: every key at its default. */
  compare: EvalCompareConfig;
  /** Bootstrap confidence intervals. Default: every key at its default. */
  bootstrap: EvalBootstrapConfig;
  /** The HTML report. Default: every key at its default. */
  report: EvalReportConfig;
  /** Output folder. Default `"eval"`. */
  out: string;
}
const _evalConfig: SameType<EvalConfig, EvalOutput> = true;

/**
 * The evaluation config as written: only `data.manifest` is required; every section's missing
 * keys take their defaults (see {@linkcode EvalConfig}).
 */
export interface EvalConfigInput {
  /** The test set. */
  data: EvalDataInput;
  /** Systems to evaluate (the CLI's --ckpt, --onnx and --enhanced add to them). Default `[]`. */
  systems?: Partial<EvalSystem>[];
  /** Also evaluate the unprocessed noisy input, as system "noisy". Default true. */
  include_noisy?: boolean;
  /** How ONNX models are fed. */
  onnx?: Partial<OnnxEnhancerConfig>;
  /** Matching of enhanced folders. */
  match?: Partial<EvalMatchConfig>;
  /** The metrics: scorers from the registry and their settings. */
  metrics?: Partial<EvalMetricsConfig>;
  /** The breakdown. */
  slices?: Partial<EvalSlicesConfig>;
  /** Tail statistics. */
  tails?: Partial<EvalTailsConfig>;
  /** The URGENT ranking emulator. */
  ranking?: Partial<EvalRankingConfig>;
  /** Paired comparisons. */
  compare?: Partial<EvalCompareConfig>;
  /** Bootstrap confidence intervals. */
  bootstrap?: Partial<EvalBootstrapConfig>;
  /** The HTML report. */
  report?: Partial<EvalReportConfig>;
  /** Output folder. Default `"eval"`. */
  out?: string;
}
const _evalConfigInput: SameType<EvalConfigInput, EvalInput> = true;
