/**
 * Settings of the `urgent-baseline` trainer (`configs/train/urgent_baseline.yaml`), which runs
 * the official URGENT 2026 Track 1 baseline (`baseline_code/train_se.py`) from a checkout, and
 * of the `slurm` trainer, which submits the same command with sbatch.
 *
 * @module
 */

import { z } from "zod";
import { type SlurmResources, SlurmResourcesSchema } from "../../chunk/slurm_script.ts";
import type { SameType } from "../../config/_same_type.ts";

const FLAG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FILE_NAME = /^[A-Za-z0-9_.+-]+$/;

/** The keys shared by the local and the SLURM baseline trainers. */
export const URGENT_BASELINE_FIELDS = {
  /** Model part of generated experiment names. */
  model_tag: z.string().regex(/^[A-Za-z0-9.-]+$/, {
    message: "expected letters, digits, dots or dashes",
  }).default("bsrnn"),
  /** The baseline checkout (`urgent2026_challenge_track1`); the command runs in it. */
  checkout: z.string().min(1).nullable().default(null),
  /** The Python that runs the baseline (a venv's python, `python3`, ...). */
  python: z.string().min(1).default("python"),
  /** The training script, relative to the checkout. */
  script: z.string().min(1).default("baseline_code/train_se.py"),
  /** The model config, relative to the checkout (`BSRNN_baseline.yaml` or `BSRNN_flowse.yaml`). */
  config_file: z.string().min(1).default("conf/models/BSRNN_baseline.yaml"),
  /**
   * Which data files to write from the curated list: `presimulated` (`spk1.scp`, `wav.scp`,
   * `utt2fs`, `speech_length.scp`: noisy/clean pairs) or `dynamic_mixing`
   * (`speech_sources.scp`, `source_length.scp`: clean sources mixed on the fly).
   */
  data_format: z.enum(["presimulated", "dynamic_mixing"]).default("presimulated"),
  /** Validation set folder (the four-file layout); null: the model config's `valid_set_path`. */
  valid_set_path: z.string().min(1).nullable().default(null),
  /**
   * Files copied into the training data folder under the given names, e.g. the
   * `noise_scoures.scp`, `rirs.scp` and `wind_noise_scoures.scp` dynamic mixing also reads.
   */
  extra_files: z.record(
    z.string().regex(FILE_NAME, { message: "expected a plain file name" }),
    z.string().min(1),
  ).default({}),
  /**
   * Model-config keys passed as `--key value` (numbers, strings, booleans). `train_set_path`,
   * `train_set_dynamic_mixing`, `valid_set_path`, `train_name` (the experiment name) and `seed`
   * are set from the experiment unless given here; `resume` and `config_file` are not allowed
   * (see `resume`, `config_file`).
   */
  overrides: z.record(
    z.string().regex(FLAG_KEY, { message: "expected a config key such as num_train_epochs" }),
    z.union([z.string(), z.number(), z.boolean()]),
  ).default({}),
  /**
   * Also write the model config with the overrides merged in (same file name, in the
   * experiment's `data/conf/`) and pass that as `--config_file`. The baseline reads its YAML
   * after the command line (`Config.read_yaml` in `baseline_code/config.py`), so a `--key`
   * that the YAML also sets would otherwise be ignored.
   */
  derived_config: z.boolean().default(true),
  /**
   * Resume from the baseline's own checkpoints (`exp/<config>/<train_name>/version_<v>/
   * checkpoints/*-val_loss*.ckpt` in the checkout): `--resume true` is passed when one exists.
   * False passes `--resume false`.
   */
  resume: z.boolean().default(true),
  /** Extra environment variables of the command (`PYTHONPATH` gets the checkout first). */
  env: z.record(z.string().regex(FLAG_KEY), z.string()).default({}),
  /** Log lines quoted in the error when the command fails. */
  log_tail_lines: z.int().min(1).max(1000).default(20),
};

/** Which data files the URGENT baseline trainers write from the curated list. */
export type BaselineDataFormat = "presimulated" | "dynamic_mixing";

/**
 * The settings shared by the `urgent-baseline` and `slurm` trainers, after defaults (see
 * {@linkcode UrgentBaselineConfigSchema}).
 */
export interface UrgentBaselineFields {
  /** Model part of generated experiment names. Default `"bsrnn"`. */
  model_tag: string;
  /**
   * The baseline checkout (`urgent2026_challenge_track1`); the command runs in it. Default
   * `null` (unset: the trainer refuses to run).
   */
  checkout: string | null;
  /** The Python that runs the baseline (a venv's python, `python3`, ...). Default `"python"`. */
  python: string;
  /** The training script, relative to the checkout. Default `"baseline_code/train_se.py"`. */
  script: string;
  /**
   * The model config, relative to the checkout (`BSRNN_baseline.yaml` or `BSRNN_flowse.yaml`).
   * Default `"conf/models/BSRNN_baseline.yaml"`.
   */
  config_file: string;
  /**
   * Which data files to write from the curated list: `presimulated` (`spk1.scp`, `wav.scp`,
   * `utt2fs`, `speech_length.scp`: noisy/clean pairs) or `dynamic_mixing`
   * (`speech_sources.scp`, `source_length.scp`: clean sources mixed on the fly). Default
   * `"presimulated"`.
   */
  data_format: BaselineDataFormat;
  /**
   * Validation set folder (the four-file layout); null: the model config's `valid_set_path`.
   * Default `null`.
   */
  valid_set_path: string | null;
  /**
   * Files copied into the training data folder under the given names, e.g. the
   * `noise_scoures.scp`, `rirs.scp` and `wind_noise_scoures.scp` dynamic mixing also reads.
   * Default `{}`.
   */
  extra_files: Record<string, string>;
  /**
   * Model-config keys passed as `--key value` (numbers, strings, booleans). `train_set_path`,
   * `train_set_dynamic_mixing`, `valid_set_path`, `train_name` (the experiment name) and `seed`
   * are set from the experiment unless given here; `resume` and `config_file` are not allowed
   * (see `resume`, `config_file`). Default `{}`.
   */
  overrides: Record<string, string | number | boolean>;
  /**
   * Also write the model config with the overrides merged in (same file name, in the
   * experiment's `data/conf/`) and pass that as `--config_file`. The baseline reads its YAML
   * after the command line (`Config.read_yaml` in `baseline_code/config.py`), so a `--key`
   * that the YAML also sets would otherwise be ignored. Default `true`.
   */
  derived_config: boolean;
  /**
   * Resume from the baseline's own checkpoints (`exp/<config>/<train_name>/version_<v>/
   * checkpoints/*-val_loss*.ckpt` in the checkout): `--resume true` is passed when one exists.
   * False passes `--resume false`. Default `true`.
   */
  resume: boolean;
  /**
   * Extra environment variables of the command (`PYTHONPATH` gets the checkout first). Default
   * `{}`.
   */
  env: Record<string, string>;
  /** Log lines quoted in the error when the command fails. Default 20. */
  log_tail_lines: number;
}
const _urgentBaselineFields: SameType<
  UrgentBaselineFields,
  {
    [K in keyof typeof URGENT_BASELINE_FIELDS]: z.output<(typeof URGENT_BASELINE_FIELDS)[K]>;
  }
> = true;

/**
 * Schema of the `train` section for `backend: urgent-baseline`; the single source of its
 * defaults.
 *
 * @example
 * ```ts
 * import { UrgentBaselineConfigSchema } from "./urgent_baseline_config.ts";
 * const cfg = UrgentBaselineConfigSchema.parse({ backend: "urgent-baseline", checkout: "/opt/urgent" });
 * console.log(cfg.config_file, cfg.data_format, cfg.resume); // conf/models/BSRNN_baseline.yaml presimulated true
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const UrgentBaselineConfigSchema = z.strictObject({
  /** Backend name. */
  backend: z.literal("urgent-baseline"),
  ...URGENT_BASELINE_FIELDS,
});

/** The `urgent-baseline` settings after defaults (see {@linkcode UrgentBaselineConfigSchema}). */
export interface UrgentBaselineConfig extends UrgentBaselineFields {
  /** Backend name. */
  backend: "urgent-baseline";
}
const _urgentBaselineConfig: SameType<
  UrgentBaselineConfig,
  z.output<typeof UrgentBaselineConfigSchema>
> = true;

/**
 * Schema of the `train` section for `backend: slurm`: the baseline's settings plus the sbatch
 * resources (as in the chunk and score configs), the cluster's `slurm.conf` and the polling
 * interval.
 *
 * @example
 * ```ts
 * import { SlurmBaselineConfigSchema } from "./urgent_baseline_config.ts";
 * const cfg = SlurmBaselineConfigSchema.parse({ backend: "slurm", checkout: "/opt/urgent" });
 * console.log(cfg.slurm.job_name, cfg.poll_seconds); // train 5
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SlurmBaselineConfigSchema = z.strictObject({
  /** Backend name. */
  backend: z.literal("slurm"),
  ...URGENT_BASELINE_FIELDS,
  /** sbatch resources of the one training task. */
  slurm: SlurmResourcesSchema.prefault({ job_name: "train" }),
  /** `SLURM_CONF` for sbatch, scontrol and squeue (null: the environment's). */
  slurm_conf: z.string().min(1).nullable().default(null),
  /** Seconds between job-state checks (and log reads). */
  poll_seconds: z.number().positive().max(3600).default(5),
});

/** The `slurm` settings after defaults (see {@linkcode SlurmBaselineConfigSchema}). */
export interface SlurmBaselineConfig extends UrgentBaselineFields {
  /** Backend name. */
  backend: "slurm";
  /**
   * sbatch resources of the one training task. Default: the resource defaults with `job_name`
   * `"train"`.
   */
  slurm: SlurmResources;
  /** `SLURM_CONF` for sbatch, scontrol and squeue (null: the environment's). Default `null`. */
  slurm_conf: string | null;
  /** Seconds between job-state checks (and log reads). Default 5. */
  poll_seconds: number;
}
const _slurmBaselineConfig: SameType<
  SlurmBaselineConfig,
  z.output<typeof SlurmBaselineConfigSchema>
> = true;
