/**
 * `configs/data.yaml`: which datasets feed which split (routing), and the filters every
 * manifest goes through (languages, sample rates, distortions, an hour budget).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { loadConfig, type LoadConfigOptions } from "../config/load_config.ts";
import type { SplitName } from "./splits.ts";

const ROUTE_RE = /^(?:\*|[A-Za-z0-9][A-Za-z0-9_.-]*)(?::(?:train|dev|test))?$/;

const RouteListSchema = z.array(
  z.string().regex(ROUTE_RE, {
    message: "expected a dataset name, optionally with :train, :dev or :test, or *",
  }),
);

/**
 * The manifest filters; an empty list lets everything through.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DataFiltersSchema = z.strictObject({
  /** Keep rows whose `language` is listed. */
  languages: z.array(z.string().min(1)).default([]),
  /** Keep rows whose `sr` is listed (Hz). */
  sample_rates: z.array(z.int().positive()).default([]),
  /**
   * Keep rows with at least one of these distortion labels among `distortions` (or their
   * `distortion`): `clean`, `noise`, `wind`, `reverb`, `bandwidth`, `clip`, `codec`,
   * `packet_loss`.
   */
  distortions: z.array(z.string().min(1)).default([]),
  /**
   * Hours each manifest may hold: rows are taken in a shuffled order seeded by `seed` until the
   * next would exceed the budget; null for no limit.
   */
  max_hours: z.number().positive().nullable().default(null),
});

/** The manifest filters after defaults (see {@linkcode DataFiltersSchema}). */
export interface DataFilters {
  /** Keep rows whose `language` is listed. Default `[]` (any). */
  languages: string[];
  /** Keep rows whose `sr` is listed (Hz). Default `[]` (any). */
  sample_rates: number[];
  /**
   * Keep rows with at least one of these distortion labels among `distortions` (or their
   * `distortion`): `clean`, `noise`, `wind`, `reverb`, `bandwidth`, `clip`, `codec`,
   * `packet_loss`. Default `[]` (any).
   */
  distortions: string[];
  /**
   * Hours each manifest may hold: rows are taken in a shuffled order seeded by `seed` until the
   * next would exceed the budget; null for no limit. Default `null`.
   */
  max_hours: number | null;
}
const _dataFilters: SameType<DataFilters, z.output<typeof DataFiltersSchema>> = true;

/**
 * Per split, the datasets that feed it (the `routing` section of {@linkcode DataConfig}): a
 * dataset name (its own split of the same name), a name with `:split` (that split of the
 * dataset), or `*` (every dataset, same split; an entry naming the dataset wins over `*`).
 */
export interface DataRouting {
  /** Datasets feeding the train split. Default `["*"]`. */
  train: string[];
  /** Datasets feeding the dev split. Default `["*"]`. */
  dev: string[];
  /** Datasets feeding the test split. Default `["*"]`. */
  test: string[];
}
const _dataRouting: SameType<DataRouting, z.output<typeof DataConfigSchema>["routing"]> = true;

/**
 * `configs/data.yaml`; the schema is the single source of its defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DataConfigSchema = z.strictObject({
  /**
   * Per split, the datasets that feed it: a dataset name (its own split of the same name), a
   * name with `:split` (that split of the dataset, e.g. `demo:dev` feeding test), or `*` (every
   * dataset, same split; an entry naming the dataset wins over `*`). A dataset not routed to a
   * split gets no manifest for it.
   */
  routing: z.strictObject({
    train: RouteListSchema.default(["*"]),
    dev: RouteListSchema.default(["*"]),
    test: RouteListSchema.default(["*"]),
  }).prefault({}),
  /** Filters applied to every manifest. */
  filters: DataFiltersSchema.prefault({}),
  /** Seed of the `max_hours` draw. */
  seed: z.int().default(0),
});

/** `configs/data.yaml` after defaults (see {@linkcode DataConfigSchema}). */
export interface DataConfig {
  /**
   * Per split, the datasets that feed it: a dataset name (its own split of the same name), a
   * name with `:split` (that split of the dataset, e.g. `demo:dev` feeding test), or `*` (every
   * dataset, same split; an entry naming the dataset wins over `*`). A dataset not routed to a
   * split gets no manifest for it. Default `*` for every split.
   */
  routing: DataRouting;
  /** Filters applied to every manifest. Default: none (every filter empty). */
  filters: DataFilters;
  /** Seed of the `max_hours` draw. Default 0. */
  seed: number;
}
const _dataConfig: SameType<DataConfig, z.output<typeof DataConfigSchema>> = true;

/**
 * Load `configs/data.yaml`.
 *
 * @param path The YAML file.
 * @param options Overrides (`filters.max_hours=10`), see `loadConfig`.
 * @returns The validated config.
 * @throws {ConfigError} Naming the file and key at fault.
 *
 * @example
 * ```ts
 * import { loadDataConfig } from "./data_config.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/data.yaml`, "routing:\n  test: [demo:dev]\n");
 * const cfg = await loadDataConfig(`${dir}/data.yaml`);
 * console.log(cfg.routing.test, cfg.routing.train, cfg.filters.max_hours); // [ "demo:dev" ] [ "*" ] null
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadDataConfig(
  path: string,
  options: LoadConfigOptions = {},
): Promise<DataConfig> {
  return await loadConfig(path, DataConfigSchema, options);
}

/**
 * Which split of a dataset feeds a target split, by the routing table; null when the dataset
 * does not feed it.
 *
 * @param routing The routing table.
 * @param dataset The dataset's name.
 * @param target The split being built.
 * @returns The dataset's source split, or null.
 *
 * @example
 * ```ts
 * import { routeSource } from "./data_config.ts";
 * const routing = { train: ["*"], dev: ["urgent2026"], test: ["demo:dev"] };
 * console.log(routeSource(routing, "demo", "train"), routeSource(routing, "demo", "dev"), routeSource(routing, "demo", "test"));
 * // train null dev
 * ```
 */
export function routeSource(
  routing: Readonly<Record<SplitName, readonly string[]>>,
  dataset: string,
  target: SplitName,
): SplitName | null {
  const entries = routing[target].map((e) => e.split(":"));
  const hit = entries.find(([name]) => name === dataset) ?? entries.find(([name]) => name === "*");
  if (!hit) return null;
  return (hit[1] as SplitName | undefined) ?? target;
}
