/**
 * Everything about one run of the URGENT baseline that follows from the config and the
 * experiment: the model config as the baseline will see it, the `--key value` flags, the
 * derived model config, and where the baseline keeps its checkpoints.
 *
 * The baseline (`baseline_code/train_se.py`, `config.py`) parses `--key value` for the keys of
 * its `Config` defaults, then applies the YAML of `--config_file` on top (the YAML wins), sets
 * `train_tag` to the YAML's file name without `.yaml`, writes checkpoints to
 * `./exp/<train_tag>/<train_name>/version_<train_version>/checkpoints/` (relative to the
 * checkout it runs in) and, with `resume` true, resumes from the newest `*-val_loss*.ckpt`
 * there.
 *
 * @module
 */

import { basename, isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../../log/errors.ts";
import { readYaml } from "../../config/yaml.ts";
import { stringifyYaml } from "../../config/yaml.ts";
import type { UrgentBaselineFields } from "./urgent_baseline_config.ts";

/** Options of {@linkcode baselineSetup}. */
export interface BaselineSetupOptions {
  /** The baseline settings (`train` section). */
  config: UrgentBaselineFields;
  /** Experiment name (the default `train_name`). */
  expName: string;
  /** Experiment seed (the default `seed`). */
  seed: number;
  /** The experiment's `data/` folder (absolute). */
  dataDir: string;
  /** The training data folder the list files go to (absolute). */
  trainSetDir: string;
}

/** See {@linkcode baselineSetup}. */
export interface BaselineSetup {
  /** The checkout (absolute). */
  checkout: string;
  /** The model config in the checkout (absolute). */
  modelConfig: string;
  /** The value passed as `--config_file`. */
  configFileArg: string;
  /** The derived model config: path relative to `dataDir` and text; null when not derived. */
  derived: { rel: string; text: string } | null;
  /** The `--key value` flags, sorted by key. */
  flags: [string, string][];
  /** Where the baseline keeps this run's checkpoints (absolute). */
  checkpointDir: string;
  /** Environment added to the command's. */
  env: Record<string, string>;
}

const RESERVED = ["resume", "config_file"];

function flagValue(v: string | number | boolean): string {
  return typeof v === "boolean" ? (v ? "true" : "false") : String(v);
}

/**
 * Work out the command's flags, the derived model config and the checkpoint folder.
 *
 * @param options See {@linkcode BaselineSetupOptions}.
 * @returns The setup.
 * @throws {ConfigError} When `checkout` is unset, the model config is missing or not a
 * mapping, or an override uses a reserved key.
 *
 * @example
 * ```ts
 * import { baselineSetup } from "./baseline_setup.ts";
 * import { UrgentBaselineConfigSchema } from "./urgent_baseline_config.ts";
 * const co = await Deno.makeTempDir();
 * await Deno.mkdir(`${co}/conf/models`, { recursive: true });
 * await Deno.writeTextFile(`${co}/conf/models/BSRNN_baseline.yaml`, "train_name : 'baseline'\ntrain_version : 0\nbatch_size: 4\n");
 * const config = UrgentBaselineConfigSchema.parse({
 *   backend: "urgent-baseline", checkout: co, overrides: { batch_size: 2 },
 * });
 * const s = await baselineSetup({ config, expName: "e1", seed: 7, dataDir: "/x/data", trainSetDir: "/x/data/train_simulation" });
 * console.log(s.flags.map(([k]) => k)); // [ "batch_size", "seed", "train_name", "train_set_dynamic_mixing", "train_set_path" ]
 * console.log(s.checkpointDir === `${co}/exp/BSRNN_baseline/e1/version_0/checkpoints`); // true
 * await Deno.remove(co, { recursive: true });
 * ```
 */
export async function baselineSetup(options: BaselineSetupOptions): Promise<BaselineSetup> {
  const { config, expName, seed, dataDir, trainSetDir } = options;
  if (config.checkout === null) {
    throw new ConfigError(
      "Set train.checkout to the folder of the URGENT 2026 baseline checkout " +
        "(urgent2026_challenge_track1)",
    );
  }
  const checkout = resolve(config.checkout);
  const modelConfig = isAbsolute(config.config_file)
    ? config.config_file
    : join(checkout, config.config_file);
  const yaml = await readYaml(modelConfig).catch((err) => {
    throw new ConfigError(
      `Baseline model config "${modelConfig}" cannot be read: ${(err as Error).message}`,
    );
  });
  if (yaml === null || typeof yaml !== "object" || Array.isArray(yaml)) {
    throw new ConfigError(`Baseline model config "${modelConfig}" must hold a mapping`);
  }
  for (const k of RESERVED) {
    if (Object.hasOwn(config.overrides, k)) {
      throw new ConfigError(
        `Config key "train.overrides.${k}" is set by the trainer; use train.${k} instead`,
      );
    }
  }
  const given: Record<string, string | number | boolean> = {
    train_set_path: trainSetDir,
    train_set_dynamic_mixing: config.data_format === "dynamic_mixing",
    train_name: expName,
    seed,
  };
  if (config.valid_set_path !== null) given.valid_set_path = resolve(config.valid_set_path);
  Object.assign(given, config.overrides);
  const keys = Object.keys(given).sort();
  const flags: [string, string][] = keys.map((k) => [k, flagValue(given[k])]);
  const fromYaml = yaml as Record<string, unknown>;
  let effective: Record<string, unknown>;
  let derived: BaselineSetup["derived"] = null;
  let configFileArg = config.config_file;
  if (config.derived_config) {
    const merged: Record<string, unknown> = { ...fromYaml };
    for (const k of keys) merged[k] = given[k];
    merged.resume = config.resume;
    const rel = `conf/${basename(modelConfig)}`;
    derived = {
      rel,
      text: `# ${basename(modelConfig)} of the URGENT baseline with the experiment's overrides ` +
        `(written by deno task train)\n${stringifyYaml(merged)}`,
    };
    configFileArg = join(dataDir, rel);
    effective = merged;
  } else {
    effective = { ...given, ...fromYaml };
  }
  const tag = basename(modelConfig).replaceAll(".yaml", "");
  const trainName = String(effective.train_name ?? "baseline");
  const version = String(effective.train_version ?? 0);
  const pythonPath = Deno.env.get("PYTHONPATH");
  return {
    checkout,
    modelConfig,
    configFileArg,
    derived,
    flags,
    checkpointDir: join(checkout, "exp", tag, trainName, `version_${version}`, "checkpoints"),
    env: { PYTHONPATH: pythonPath ? `${checkout}:${pythonPath}` : checkout, ...config.env },
  };
}
