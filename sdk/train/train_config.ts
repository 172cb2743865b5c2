/**
 * The training configuration (`configs/base.yaml`): the data, the seed, how the experiment is
 * named and where it goes, and which trainer file (`configs/train/*.yaml`) fills the `train`
 * section.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";

/** What an experiment name may hold: letters, digits, `.`, `_`, `=`, `+`, `-`. */
export const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._=+-]*$/;

/**
 * Schema of the training config; the `train` section is only checked for its `backend` here
 * and fully by the backend's own schema (see `loadTrainConfig`). The single source of the
 * defaults.
 *
 * @example
 * ```ts
 * import { TrainConfigSchema } from "./train_config.ts";
 * const cfg = TrainConfigSchema.parse({
 *   data: { manifest: "m.jsonl" }, train: { backend: "spectral-gain" },
 * });
 * console.log(cfg.seed, cfg.exp.root, cfg.trainer); // 0 experiments configs/train/spectral_gain.yaml
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const TrainConfigSchema = z.strictObject({
  /** Input data. */
  data: z.strictObject({
    /** Utterance manifest (JSONL); relative audio paths in it are relative to its folder. */
    manifest: z.string().min(1),
    /**
     * Hash the curated audio files as inputs of the train stage (a changed file retrains).
     * False: only the list, the config and the data files written from them are keyed.
     */
    hash_audio: z.boolean().default(true),
  }),
  /** Seed of the trainer (initial weights, batch order) and the `s<seed>` of the name. */
  seed: z.int().min(0).max(4294967295).default(0),
  /** The experiment folder and its name. */
  exp: z.strictObject({
    /** Folder name under `root`; null: generated (see `experimentName`). */
    name: z.string().regex(EXPERIMENT_NAME, {
      message: "expected letters, digits, '.', '_', '=', '+' or '-' (no slashes or spaces)",
    }).nullable().default(null),
    /** Folder that holds the experiments. */
    root: z.string().min(1).default("experiments"),
    /** Date part of generated names (YYMMDD or YYYY-MM-DD); null: the selection's meta `date`. */
    date: z.union([z.string(), z.int()]).nullable().default(null),
    /** Selector part of generated names; null: the selection's meta `selector`. */
    selector: z.string().nullable().default(null),
    /** Budget part (`K<hours>h`) of generated names; null: the selection's meta `K_hours`. */
    k_hours: z.number().positive().nullable().default(null),
    /** Tail part (`a<alpha>`) of generated names; null: the selection's meta `alpha`. */
    alpha: z.number().positive().max(1).nullable().default(null),
  }).prefault({}),
  /** The trainer file whose mapping is the base of the `train` section. */
  trainer: z.string().min(1).default("configs/train/spectral_gain.yaml"),
  /** The trainer's settings; `backend` names the registered trainer. */
  train: z.looseObject({ backend: z.string().min(1) }),
});

/** The `data` section of {@linkcode TrainConfig}: the input data. */
export interface TrainDataConfig {
  /** Utterance manifest (JSONL); relative audio paths in it are relative to its folder. */
  manifest: string;
  /**
   * Hash the curated audio files as inputs of the train stage (a changed file retrains).
   * False: only the list, the config and the data files written from them are keyed. Default
   * `true`.
   */
  hash_audio: boolean;
}
const _trainDataConfig: SameType<TrainDataConfig, z.output<typeof TrainConfigSchema>["data"]> =
  true;

/** The `exp` section of {@linkcode TrainConfig}: the experiment folder and its name. */
export interface TrainExpConfig {
  /** Folder name under `root`; null: generated (see `experimentName`). Default `null`. */
  name: string | null;
  /** Folder that holds the experiments. Default `"experiments"`. */
  root: string;
  /**
   * Date part of generated names (YYMMDD or YYYY-MM-DD); null: the selection's meta `date`.
   * Default `null`.
   */
  date: string | number | null;
  /** Selector part of generated names; null: the selection's meta `selector`. Default `null`. */
  selector: string | null;
  /**
   * Budget part (`K<hours>h`) of generated names; null: the selection's meta `K_hours`.
   * Default `null`.
   */
  k_hours: number | null;
  /**
   * Tail part (`a<alpha>`) of generated names; null: the selection's meta `alpha`. Default
   * `null`.
   */
  alpha: number | null;
}
const _trainExpConfig: SameType<TrainExpConfig, z.output<typeof TrainConfigSchema>["exp"]> = true;

/** The key of {@linkcode TrainSectionConfig} checked before the backend's own schema runs. */
export interface TrainSectionBackend {
  /** The registered trainer (`spectral-gain`, `urgent-baseline`, `slurm`, ...). */
  backend: string;
}

/**
 * The `train` section of {@linkcode TrainConfig}: the trainer's settings, checked here only for
 * `backend` and fully by the backend's own `configSchema`; the backend's other keys are kept as
 * they are.
 */
export type TrainSectionConfig = TrainSectionBackend & Record<string, unknown>;
const _trainSectionConfig: SameType<
  TrainSectionConfig,
  z.output<typeof TrainConfigSchema>["train"]
> = true;

/**
 * The training configuration after defaults (see {@linkcode TrainConfigSchema}; the `train`
 * section as the backend parsed it).
 */
export interface TrainConfig {
  /** Input data. */
  data: TrainDataConfig;
  /**
   * Seed of the trainer (initial weights, batch order) and the `s<seed>` of the name. Default
   * 0.
   */
  seed: number;
  /** The experiment folder and its name. Default: see the fields. */
  exp: TrainExpConfig;
  /**
   * The trainer file whose mapping is the base of the `train` section. Default
   * `"configs/train/spectral_gain.yaml"`.
   */
  trainer: string;
  /** The trainer's settings; `backend` names the registered trainer. */
  train: TrainSectionConfig;
}
const _trainConfig: SameType<TrainConfig, z.output<typeof TrainConfigSchema>> = true;
