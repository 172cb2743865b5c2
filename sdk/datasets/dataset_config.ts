/**
 * One dataset's config (`configs/datasets/<name>.yaml`): common keys, plus an `options` mapping
 * validated by the adapter's own zod schema.
 *
 * @module
 */

import { asZod } from "../config/_as_zod.ts";
import { resolve } from "node:path";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { ConfigError } from "../log/errors.ts";
import { resolveConfig } from "../config/load_config.ts";
import { readYaml } from "../config/yaml.ts";
import type { PathMode } from "./manifest.ts";
import { type DatasetAdapter, getDataset } from "./registry.ts";

/**
 * Common keys of every dataset config; the schema holds their defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DatasetConfigSchema = z.strictObject({
  /** Dataset name, used in routing (`configs/data.yaml`) and messages. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
    message: "expected letters, digits, _ . - (no spaces or slashes)",
  }),
  /** Registered adapter: `urgent2026`, `folder`, `demo`, or one a user registered. */
  adapter: z.string().min(1),
  /** Data root, relative to the current folder or absolute. */
  root: z.string().min(1),
  /** Where `<split>.jsonl` manifests go; null: `<root>/manifests` (`--out` wins). */
  manifest_dir: z.string().min(1).nullable().default(null),
  /**
   * How audio paths are stored: `relative` to the manifest's folder, `absolute`, or `auto`:
   * relative when the manifest folder lies inside the data root (so moving the root with its
   * manifests keeps them valid), absolute otherwise.
   */
  path_mode: z.enum(["auto", "relative", "absolute"]).default("auto"),
  /** Licence written to rows the adapter leaves without one; null: none. */
  licence: z.string().nullable().default(null),
  /** Adapter options (see the adapter's `optionsSchema`). */
  options: z.record(z.string(), z.unknown()).default({}),
});

/** A dataset config after defaults (see {@linkcode DatasetConfigSchema}). */
export interface DatasetConfig {
  /** Dataset name, used in routing (`configs/data.yaml`) and messages. */
  name: string;
  /** Registered adapter: `urgent2026`, `folder`, `demo`, or one a user registered. */
  adapter: string;
  /** Data root, relative to the current folder or absolute. */
  root: string;
  /**
   * Where `<split>.jsonl` manifests go; null: `<root>/manifests` (`--out` wins). Default
   * `null`.
   */
  manifest_dir: string | null;
  /**
   * How audio paths are stored: `relative` to the manifest's folder, `absolute`, or `auto`:
   * relative when the manifest folder lies inside the data root (so moving the root with its
   * manifests keeps them valid), absolute otherwise. Default `"auto"`.
   */
  path_mode: PathMode;
  /** Licence written to rows the adapter leaves without one; null: none. Default `null`. */
  licence: string | null;
  /** Adapter options (see the adapter's `optionsSchema`). Default `{}`. */
  options: Record<string, unknown>;
}
const _datasetConfig: SameType<DatasetConfig, z.output<typeof DatasetConfigSchema>> = true;

/** A loaded dataset config with its adapter and validated options. */
export interface LoadedDatasetConfig {
  /** The config (its `options` already validated into `options` below). */
  config: DatasetConfig;
  /** The adapter named by `adapter`. */
  adapter: DatasetAdapter<unknown>;
  /** The validated adapter options. */
  options: unknown;
  /** Absolute data root. */
  root: string;
  /** The file it came from (undefined for an in-memory config). */
  file?: string;
}

/** Options of {@linkcode loadDatasetConfig} and {@linkcode resolveDatasetConfig}. */
export interface LoadDatasetConfigOptions {
  /** Dotted overrides such as `root=/data/urgent` or `options.splits.test=null`. */
  overrides?: readonly string[];
}

/**
 * Validate an in-memory dataset config: the common keys with {@linkcode DatasetConfigSchema},
 * `options` with the schema of the adapter it names.
 *
 * @param raw Plain data (parsed YAML).
 * @param options Overrides; `file` names the origin in messages.
 * @returns Config, adapter, options and absolute root.
 * @throws {ConfigError} For an unknown adapter or a value that does not fit, naming the file
 * and key.
 *
 * @example
 * ```ts
 * import { registerBuiltinDatasets } from "./builtin_datasets.ts";
 * import { resolveDatasetConfig } from "./dataset_config.ts";
 * registerBuiltinDatasets();
 * const { config, adapter } = resolveDatasetConfig({ name: "x", adapter: "folder", root: "data/x" });
 * console.log(adapter.name, config.path_mode); // folder auto
 * ```
 */
export function resolveDatasetConfig(
  raw: unknown,
  options: LoadDatasetConfigOptions & { file?: string } = {},
): LoadedDatasetConfig {
  const file = options.file;
  const where = file ? `Config "${file}"` : "Dataset config";
  const name = (raw && typeof raw === "object" && "adapter" in raw)
    ? (raw as { adapter: unknown }).adapter
    : undefined;
  if (typeof name !== "string" || name === "") {
    throw new ConfigError(`${where} key "adapter": expected the name of a dataset adapter`);
  }
  let adapter: DatasetAdapter<unknown>;
  try {
    adapter = getDataset(name);
  } catch (err) {
    throw new ConfigError(`${where} key "adapter": ${(err as Error).message}`);
  }
  const schema = DatasetConfigSchema.extend({ options: asZod(adapter.optionsSchema).prefault({}) });
  const full = resolveConfig(raw, schema, { file, overrides: options.overrides });
  const config = { ...full, options: full.options as Record<string, unknown> } as DatasetConfig;
  return { config, adapter, options: full.options, root: resolve(config.root), file };
}

/**
 * Load `configs/datasets/<name>.yaml` (see {@linkcode resolveDatasetConfig}).
 *
 * @param path The YAML file.
 * @param options Overrides.
 * @returns Config, adapter, options and absolute root.
 * @throws {ConfigError} For a missing or bad file, naming it and the key at fault.
 *
 * @example
 * ```ts
 * import { registerBuiltinDatasets } from "./builtin_datasets.ts";
 * import { loadDatasetConfig } from "./dataset_config.ts";
 * registerBuiltinDatasets();
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/d.yaml`, "name: mine\nadapter: folder\nroot: ${name}_data\n");
 * const loaded = await loadDatasetConfig(`${dir}/d.yaml`);
 * console.log(loaded.config.root); // mine_data
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadDatasetConfig(
  path: string,
  options: LoadDatasetConfigOptions = {},
): Promise<LoadedDatasetConfig> {
  const raw = await readYaml(path);
  return resolveDatasetConfig(raw, { ...options, file: path });
}
