/**
 * The scoring configuration (`configs/scoring.yaml`): which scorers run with which settings,
 * how the loss proxy combines their values, and how the work is spread.
 *
 * @module
 */

import { z } from "zod";
import {
  type SlurmResources,
  type SlurmResourcesInput,
  SlurmResourcesSchema,
} from "../chunk/slurm_script.ts";
import type { SameType } from "../config/_same_type.ts";

/**
 * How one column enters the loss proxy: its weight, and whether higher values mean a harder
 * (worse) utterance (`higher_is_worse`) or an easier one.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LossTermSchema = z.strictObject({
  /** Weight (>= 0) of this column's normalised value. */
  weight: z.number().nonnegative(),
  /** True when a higher value means a worse utterance (e.g. clip_ratio). */
  higher_is_worse: z.boolean().default(false),
});

/** One loss-proxy term after defaults. Validated by {@linkcode LossTermSchema}. */
export interface LossTerm {
  /** Weight (>= 0) of this column's normalised value. */
  weight: number;
  /** True when a higher value means a worse utterance (e.g. clip_ratio). Default false. */
  higher_is_worse: boolean;
}
const _lossTerm: SameType<LossTerm, z.output<typeof LossTermSchema>> = true;

/** One loss-proxy term as given (`weight` required). Validated by {@linkcode LossTermSchema}. */
export interface LossTermInput {
  /** Weight (>= 0) of this column's normalised value. */
  weight: number;
  /** True when a higher value means a worse utterance (e.g. clip_ratio). Default false. */
  higher_is_worse?: boolean;
}
const _lossTermInput: SameType<LossTermInput, z.input<typeof LossTermSchema>> = true;

/**
 * The loss proxy: `loss = sum_c w_c * n_c / sum_c w_c`, with `n_c` the column's value mapped to
 * [0, 1] over the scored pool by its rank (ties share their mean rank; `higher_is_worse: false`
 * flips it, so 1 is always the hardest). A missing value counts as the pool's median (0.5).
 * Rank normalisation needs no assumption about the columns' scales or outliers.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LossProxySchema = z.strictObject({
  /** Terms by column name. */
  terms: z.record(z.string(), LossTermSchema).default({
    mos_ovrl: { weight: 1, higher_is_worse: false },
    mos_sig: { weight: 0.5, higher_is_worse: false },
    mos_bak: { weight: 0.5, higher_is_worse: false },
    snr_est_db: { weight: 0.5, higher_is_worse: false },
    speech_ratio: { weight: 0.25, higher_is_worse: false },
    clip_ratio: { weight: 0.25, higher_is_worse: true },
  }),
});

/** The loss proxy's configuration after defaults. Validated by {@linkcode LossProxySchema}. */
export interface LossProxyConfig {
  /**
   * Terms by column name. Default: `mos_ovrl` 1, `mos_sig` 0.5, `mos_bak` 0.5, `snr_est_db` 0.5,
   * `speech_ratio` 0.25 (all higher is better) and `clip_ratio` 0.25 (higher is worse).
   */
  terms: Record<string, LossTerm>;
}
const _lossProxyConfig: SameType<LossProxyConfig, z.output<typeof LossProxySchema>> = true;

/** The loss proxy's configuration as given. Validated by {@linkcode LossProxySchema}. */
export interface LossProxyConfigInput {
  /**
   * Terms by column name. Default: `mos_ovrl` 1, `mos_sig` 0.5, `mos_bak` 0.5, `snr_est_db` 0.5,
   * `speech_ratio` 0.25 (all higher is better) and `clip_ratio` 0.25 (higher is worse).
   */
  terms?: Record<string, LossTermInput>;
}
const _lossProxyConfigInput: SameType<LossProxyConfigInput, z.input<typeof LossProxySchema>> = true;

/**
 * Schema of `configs/scoring.yaml`; the single source of its defaults.
 *
 * @example
 * ```ts
 * import { ScoringConfigSchema } from "./scoring_config.ts";
 * const cfg = ScoringConfigSchema.parse({ data: { manifest: "m.jsonl" } });
 * console.log(cfg.scorers, cfg.workers); // [ "signal", "vad", "dnsmos", "embed", "intrusive" ] 2
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ScoringConfigSchema = z.strictObject({
  /** Input data. */
  data: z.strictObject({
    /** Utterance manifest (JSONL); relative paths in it are relative to its folder. */
    manifest: z.string().min(1),
    /** Score only rows of these splits (null: every row). Curation scores the training pool. */
    splits: z.array(z.string().min(1)).min(1).nullable().default(null),
  }),
  /** Scorers to run, in column order. */
  scorers: z.array(z.string().min(1)).min(1).default([
    "signal",
    "vad",
    "dnsmos",
    "embed",
    "intrusive",
  ]),
  /** Settings per scorer name (validated by each scorer's own schema). */
  scorer: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Loss proxy. */
  loss_proxy: LossProxySchema.prefault({}),
  /** Parallel worker threads (each loads its own models). */
  workers: z.int().positive().default(2),
  /** Folder of model files (null: `AUDIOCURATE_DNSMOS_DIR` or the scorer's default). */
  models_dir: z.string().nullable().default(null),
  /** Resources of the sbatch array for shards (`--slurm-script`), as in the chunk config. */
  slurm: SlurmResourcesSchema.prefault({ job_name: "score" }),
});

/** The `data` section of the scoring configuration after defaults. */
export interface ScoringDataConfig {
  /** Utterance manifest (JSONL); relative paths in it are relative to its folder. */
  manifest: string;
  /**
   * Score only rows of these splits (null: every row). Curation scores the training pool.
   * Default `null`.
   */
  splits: string[] | null;
}
const _scoringDataConfig: SameType<
  ScoringDataConfig,
  z.output<typeof ScoringConfigSchema>["data"]
> = true;

/** The `data` section of the scoring configuration as given (`manifest` required). */
export interface ScoringDataConfigInput {
  /** Utterance manifest (JSONL); relative paths in it are relative to its folder. */
  manifest: string;
  /**
   * Score only rows of these splits (null: every row). Curation scores the training pool.
   * Default `null`.
   */
  splits?: string[] | null;
}
const _scoringDataConfigInput: SameType<
  ScoringDataConfigInput,
  z.input<typeof ScoringConfigSchema>["data"]
> = true;

/** The scoring configuration after defaults. Validated by {@linkcode ScoringConfigSchema}. */
export interface ScoringConfig {
  /** Input data. */
  data: ScoringDataConfig;
  /**
   * Scorers to run, in column order. Default `["signal", "vad", "dnsmos", "embed",
   * "intrusive"]`.
   */
  scorers: string[];
  /** Settings per scorer name (validated by each scorer's own schema). Default `{}`. */
  scorer: Record<string, Record<string, unknown>>;
  /** Loss proxy. Default: {@linkcode LossProxyConfig}'s defaults. */
  loss_proxy: LossProxyConfig;
  /** Parallel worker threads (each loads its own models). Default 2. */
  workers: number;
  /**
   * Folder of model files (null: `AUDIOCURATE_DNSMOS_DIR` or the scorer's default). Default
   * `null`.
   */
  models_dir: string | null;
  /**
   * Resources of the sbatch array for shards (`--slurm-script`), as in the chunk config.
   * Default: {@linkcode SlurmResources}' defaults with `job_name` `"score"`.
   */
  slurm: SlurmResources;
}
const _scoringConfig: SameType<ScoringConfig, z.output<typeof ScoringConfigSchema>> = true;

/**
 * The scoring configuration as given (`data.manifest` required, the rest optional). Validated
 * by {@linkcode ScoringConfigSchema}.
 */
export interface ScoringConfigInput {
  /** Input data. */
  data: ScoringDataConfigInput;
  /**
   * Scorers to run, in column order. Default `["signal", "vad", "dnsmos", "embed",
   * "intrusive"]`.
   */
  scorers?: string[];
  /** Settings per scorer name (validated by each scorer's own schema). Default `{}`. */
  scorer?: Record<string, Record<string, unknown>>;
  /** Loss proxy. Default: {@linkcode LossProxyConfig}'s defaults. */
  loss_proxy?: LossProxyConfigInput;
  /** Parallel worker threads (each loads its own models). Default 2. */
  workers?: number;
  /**
   * Folder of model files (null: `AUDIOCURATE_DNSMOS_DIR` or the scorer's default). Default
   * `null`.
   */
  models_dir?: string | null;
  /**
   * Resources of the sbatch array for shards (`--slurm-script`), as in the chunk config.
   * Default: {@linkcode SlurmResources}' defaults with `job_name` `"score"`.
   */
  slurm?: SlurmResourcesInput;
}
const _scoringConfigInput: SameType<ScoringConfigInput, z.input<typeof ScoringConfigSchema>> = true;
