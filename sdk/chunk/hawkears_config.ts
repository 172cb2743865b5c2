/**
 * The HawkEars inference config (`configs/infer.yaml`, or TOML): where the chunked dataset is,
 * which HawkEars generation runs and how, its analysis options, and the SLURM resources of the
 * inference array.
 *
 * @module
 */

import { extname } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { z } from "zod";
import { loadConfig, type LoadConfigOptions, resolveConfig } from "../config/load_config.ts";
import type { SameType } from "../config/_same_type.ts";
import { ConfigError } from "../log/errors.ts";
import { ChunkLayoutSchema } from "./chunk_layout.ts";
import type { HawkearsVersion } from "./hawkears_labels.ts";
import {
  type SlurmResources,
  type SlurmResourcesInput,
  SlurmResourcesSchema,
} from "./slurm_script.ts";

/**
 * What differs between the two HawkEars generations: the default command (1.x is a script in a
 * HawkEars checkout, 2.x the `hawkears` program of `pip install hawkears`), the default
 * `min_score`, and the CSV report each writes into its output folder.
 */
export const HAWKEARS_VERSION_DEFAULTS = {
  1: {
    command: ["python", "vendor/HawkEars/analyze.py"],
    min_score: 0.8,
    labels_file: "HawkEars_labels.csv",
  },
  2: { command: ["hawkears", "analyze"], min_score: 0.7, labels_file: "scores.csv" },
} as const;

const text = z.string().min(1).refine((s) => !s.includes("\0"), { message: "NUL byte" });

/**
 * The `runner` section: dataset, manifests, outputs and how HawkEars is run.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InferRunnerSchema = z.strictObject({
  /** Dataset root (relative paths resolve against the current folder). */
  dataset: text,
  /**
   * Chunk manifests, dataset-relative: a folder (every `*.csv` below it) or a glob such as
   * `manifests/StationA/*.csv`.
   */
  manifests: ChunkLayoutSchema.shape.manifest_dir,
  /** Status files of chunking, dataset-relative (`<status_dir>/<recording_id>.json`). */
  status_dir: ChunkLayoutSchema.shape.status_dir,
  /** Output folder, dataset-relative; each recording gets `<output_dir>/<recording_id>/`. */
  output_dir: text.default("artifacts/infer"),
  /** HawkEars generation: 1 (`analyze.py`) or 2 (`hawkears analyze`). */
  hawkears_version: z.union([z.literal(1), z.literal(2)]).default(1),
  /**
   * The argv prefix that starts HawkEars. Default by version: `["python",
   * "vendor/HawkEars/analyze.py"]` (1.x) or `["hawkears", "analyze"]` (2.x).
   */
  command: z.array(text).min(1).optional(),
  /**
   * Folder HawkEars runs in. HawkEars 1.x finds its checkpoints relative to the current folder
   * (its checkout), 2.x its `yaml/` (the folder of `hawkears init`). Default: the current folder.
   */
  cwd: text.optional(),
  /** Refuse recordings whose chunking status is not `completed`. */
  require_completed_chunks: z.boolean().default(true),
  /** Extra attempts of a failed HawkEars call. */
  max_retries: z.int().min(0).max(100).default(2),
});

/**
 * The `hawkears` section: analysis options turned into HawkEars flags.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const HawkearsOptionsSchema = z.strictObject({
  /** Labels below this score are dropped. Default by version: 0.8 (1.x), 0.7 (2.x). */
  min_score: z.number().min(0).max(1).optional(),
  /** eBird region code, e.g. `CA-NT` (`--region`). */
  region: text.optional(),
  /** Recording date, `yyyymmdd`/`mmdd` (1.x), `YYYY-MM-DD` (2.x) or `file` (`--date`). */
  date: text.optional(),
  /** 1.x only: 1 labels with banding codes, 0 with common names (`-b`). */
  band: z.union([z.literal(0), z.literal(1)]).optional(),
  /** 2.x only: run the low-band (grouse) classifier (`--low-band` / `--no-low-band`). */
  low_band: z.boolean().optional(),
  /** Files analysed at once (`--threads`). */
  threads: z.int().positive().optional(),
  /** Further arguments, appended as given. */
  extra_args: z.array(z.string().refine((s) => !s.includes("\0"), { message: "NUL byte" }))
    .default([]),
});

const slurm = SlurmResourcesSchema.shape;

/**
 * SLURM resources of the inference array: {@linkcode SlurmResourcesSchema} with defaults sized
 * for one HawkEars call per recording (job name `hawkears`, 4 h, 4 CPUs, 16G). The GPU request
 * (`gres: gpu:1`) is left to the config, since partitions and GPU names differ per cluster.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InferSlurmSchema = SlurmResourcesSchema.extend({
  job_name: slurm.job_name.unwrap().default("hawkears"),
  time: slurm.time.unwrap().default("04:00:00"),
  cpus_per_task: slurm.cpus_per_task.unwrap().default(4),
  mem: slurm.mem.unwrap().default("16G"),
});

const InferConfigObject = z.strictObject({
  runner: InferRunnerSchema,
  hawkears: HawkearsOptionsSchema.prefault({}),
  slurm: InferSlurmSchema.prefault({}),
}).superRefine((cfg, ctx) => {
  const v = cfg.runner.hawkears_version;
  if (v === 2 && cfg.hawkears.band !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["hawkears", "band"],
      message: "band (-b) is a HawkEars 1.x option; 2.x chooses labels with --label",
    });
  }
  if (v === 1 && cfg.hawkears.low_band !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["hawkears", "low_band"],
      message: "low_band is a HawkEars 2.x option",
    });
  }
});

/**
 * The whole inference config; the single source of its defaults. The version-dependent
 * defaults (`runner.command`, `hawkears.min_score`) are filled from
 * {@linkcode HAWKEARS_VERSION_DEFAULTS} after validation.
 *
 * @example
 * ```ts
 * import { InferConfigSchema } from "./hawkears_config.ts";
 * const v1 = InferConfigSchema.parse({ runner: { dataset: "data/birds" } });
 * console.log(v1.runner.command, v1.hawkears.min_score); // [ "python", "vendor/HawkEars/analyze.py" ] 0.8
 * const v2 = InferConfigSchema.parse({ runner: { dataset: "d", hawkears_version: 2 } });
 * console.log(v2.runner.command, v2.hawkears.min_score, v2.slurm.time); // [ "hawkears", "analyze" ] 0.7 04:00:00
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InferConfigSchema = InferConfigObject.transform((cfg) => {
  const d = HAWKEARS_VERSION_DEFAULTS[cfg.runner.hawkears_version];
  return {
    ...cfg,
    runner: { ...cfg.runner, command: cfg.runner.command ?? [...d.command] },
    hawkears: { ...cfg.hawkears, min_score: cfg.hawkears.min_score ?? d.min_score },
  };
});

type InferConfigOutput = z.output<typeof InferConfigSchema>;

/**
 * The `runner` section after defaults: dataset, manifests, outputs and how HawkEars is run.
 * Validated by {@linkcode InferRunnerSchema}; `command` is filled by version.
 */
export interface InferRunnerConfig {
  /** Dataset root (relative paths resolve against the current folder). No default. */
  dataset: string;
  /**
   * Chunk manifests, dataset-relative: a folder (every `*.csv` below it) or a glob such as
   * `manifests/StationA/*.csv`. Default `"manifests"`.
   */
  manifests: string;
  /**
   * Status files of chunking, dataset-relative (`<status_dir>/<recording_id>.json`). Default
   * `".audiocurate/chunk-status"`.
   */
  status_dir: string;
  /**
   * Output folder, dataset-relative; each recording gets `<output_dir>/<recording_id>/`. Default
   * `"artifacts/infer"`.
   */
  output_dir: string;
  /** HawkEars generation: 1 (`analyze.py`) or 2 (`hawkears analyze`). Default 1. */
  hawkears_version: HawkearsVersion;
  /**
   * The argv prefix that starts HawkEars. Default by version: `["python",
   * "vendor/HawkEars/analyze.py"]` (1.x) or `["hawkears", "analyze"]` (2.x).
   */
  command: string[];
  /**
   * Folder HawkEars runs in. HawkEars 1.x finds its checkpoints relative to the current folder
   * (its checkout), 2.x its `yaml/` (the folder of `hawkears init`). Default unset: the current
   * folder.
   */
  cwd?: string;
  /** Refuse recordings whose chunking status is not `completed`. Default true. */
  require_completed_chunks: boolean;
  /** Extra attempts of a failed HawkEars call (a whole number, 0 to 100). Default 2. */
  max_retries: number;
}
const _inferRunnerConfig: SameType<InferRunnerConfig, InferConfigOutput["runner"]> = true;

/** The `runner` section as written: `dataset` is required, every other key optional. */
export interface InferRunnerInput {
  /** Dataset root (relative paths resolve against the current folder). Required. */
  dataset: string;
  /** Chunk manifests, a folder or a glob, dataset-relative. Default `"manifests"`. */
  manifests?: string;
  /** Status files of chunking, dataset-relative. Default `".audiocurate/chunk-status"`. */
  status_dir?: string;
  /** Output folder, dataset-relative. Default `"artifacts/infer"`. */
  output_dir?: string;
  /** HawkEars generation: 1 (`analyze.py`) or 2 (`hawkears analyze`). Default 1. */
  hawkears_version?: HawkearsVersion;
  /**
   * The argv prefix that starts HawkEars. Default by version: `["python",
   * "vendor/HawkEars/analyze.py"]` (1.x) or `["hawkears", "analyze"]` (2.x).
   */
  command?: string[];
  /** Folder HawkEars runs in. Default unset: the current folder. */
  cwd?: string;
  /** Refuse recordings whose chunking status is not `completed`. Default true. */
  require_completed_chunks?: boolean;
  /** Extra attempts of a failed HawkEars call (a whole number, 0 to 100). Default 2. */
  max_retries?: number;
}
const _inferRunnerInput: SameType<InferRunnerInput, z.input<typeof InferRunnerSchema>> = true;

/**
 * The `hawkears` section after defaults: analysis options turned into HawkEars flags.
 * Validated by {@linkcode HawkearsOptionsSchema}; `min_score` is filled by version.
 */
export interface HawkearsOptions {
  /** Labels below this score are dropped (0 to 1). Default by version: 0.8 (1.x), 0.7 (2.x). */
  min_score: number;
  /** eBird region code, e.g. `CA-NT` (`--region`). Default unset. */
  region?: string;
  /**
   * Recording date, `yyyymmdd`/`mmdd` (1.x), `YYYY-MM-DD` (2.x) or `file` (`--date`). Default
   * unset.
   */
  date?: string;
  /** 1.x only: 1 labels with banding codes, 0 with common names (`-b`). Default unset. */
  band?: 0 | 1;
  /**
   * 2.x only: run the low-band (grouse) classifier (`--low-band` / `--no-low-band`). Default
   * unset.
   */
  low_band?: boolean;
  /** Files analysed at once (`--threads`, a whole number > 0). Default unset. */
  threads?: number;
  /** Further arguments, appended as given. Default `[]`. */
  extra_args: string[];
}
const _hawkearsOptions: SameType<HawkearsOptions, InferConfigOutput["hawkears"]> = true;

/** The `hawkears` section as written: every key of {@linkcode HawkearsOptions} is optional. */
export type HawkearsOptionsInput = Partial<HawkearsOptions>;
const _hawkearsOptionsInput: SameType<
  HawkearsOptionsInput,
  z.input<typeof HawkearsOptionsSchema>
> = true;

/** The inference config after defaults. Validated by {@linkcode InferConfigSchema}. */
export interface InferConfig {
  /** Dataset, manifests, outputs and how HawkEars is run. */
  runner: InferRunnerConfig;
  /** Analysis options turned into HawkEars flags. Default: every key at its default. */
  hawkears: HawkearsOptions;
  /**
   * SLURM resources of the inference array ({@linkcode InferSlurmSchema}): the defaults of
   * {@linkcode SlurmResources} except job name `"hawkears"`, time `"04:00:00"`, 4 CPUs per task
   * and mem `"16G"`.
   */
  slurm: SlurmResources;
}
const _inferConfig: SameType<InferConfig, InferConfigOutput> = true;
const _inferSlurm: SameType<SlurmResources, z.output<typeof InferSlurmSchema>> = true;
const _inferSlurmInput: SameType<SlurmResourcesInput, z.input<typeof InferSlurmSchema>> = true;

/** The inference config as written: only `runner.dataset` is required. */
export interface InferConfigInput {
  /** Dataset, manifests, outputs and how HawkEars is run. */
  runner: InferRunnerInput;
  /** Analysis options. Default: every key at its default. */
  hawkears?: HawkearsOptionsInput;
  /**
   * SLURM resources of the inference array. Default: every key at its default (see
   * {@linkcode InferConfig}).
   */
  slurm?: SlurmResourcesInput;
}
const _inferConfigInput: SameType<InferConfigInput, z.input<typeof InferConfigSchema>> = true;

function plain(value: unknown): unknown {
  // smol-toml builds null-prototype objects and TomlDate instances: make plain JSON data.
  return JSON.parse(JSON.stringify(value));
}

/**
 * Load an inference config from YAML (`.yaml`, `.yml`) or TOML (`.toml`, as badc's
 * `infer run-config` takes), apply overrides (`runner.max_retries=0`), validate and fill the
 * defaults.
 *
 * @param path The config file.
 * @param options Overrides and the other options of `loadConfig`.
 * @returns The validated config.
 * @throws {ConfigError} Naming the file (and key, line or column) at fault.
 *
 * @example
 * ```ts
 * import { loadInferConfig } from "./hawkears_config.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/infer.toml`, '[runner]\ndataset = "d"\n[hawkears]\nregion = "CA-NT"\n');
 * const cfg = await loadInferConfig(`${dir}/infer.toml`, { overrides: ["runner.max_retries=0"] });
 * console.log(cfg.hawkears.region, cfg.runner.max_retries); // CA-NT 0
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadInferConfig(
  path: string,
  options: LoadConfigOptions = {},
): Promise<InferConfig> {
  if (extname(path).toLowerCase() !== ".toml") {
    return await loadConfig(path, InferConfigSchema, options);
  }
  let source: string;
  try {
    source = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ConfigError(`Config "${path}" does not exist`);
    }
    throw new ConfigError(`Cannot read config "${path}": ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = plain(parseToml(source));
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      throw new ConfigError(
        `Config "${path}" is not valid TOML at line ${err.line}, column ${err.column}: ${reason}`,
      );
    }
    throw err;
  }
  return resolveConfig(raw, InferConfigSchema, { ...options, file: path });
}
