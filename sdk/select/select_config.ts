/**
 * The configuration shared by every selector (`configs/select/*.yaml`): budget, seed, filters,
 * diversity. Each selector's schema spreads {@linkcode SELECT_CONFIG_SHAPE} and adds its own keys.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";

/**
 * Which rows may be selected. `configs/data.yaml` filters (languages, sample rates,
 * distortions) apply when `data_config` names it; the lists here apply as well (a row must pass
 * both). Every rejection is counted by reason in the selection's meta.
 *
 * @example
 * ```ts
 * import { SelectFiltersSchema } from "./select_config.ts";
 * const f = SelectFiltersSchema.parse({ floors: { speech_ratio: 0.2 } });
 * console.log(f.languages, f.floors, f.drop_errors); // [] { speech_ratio: 0.2 } true
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SelectFiltersSchema = z.strictObject({
  /**
   * `configs/data.yaml` (or another file with a `filters` mapping): its `languages`,
   * `sample_rates` and `distortions` lists apply too. Null: none.
   */
  data_config: z.string().min(1).nullable().default(null),
  /** Keep rows whose `language` is listed (empty: all). */
  languages: z.array(z.string().min(1)).default([]),
  /** Keep rows whose `sr` is listed, Hz (empty: all). */
  sample_rates: z.array(z.int().positive()).default([]),
  /**
   * Keep rows with at least one of these distortion kinds (empty: all). A label such as
   * `noise+reverb` has the kinds `noise` and `reverb` (see `distortion_separator`).
   */
  distortions: z.array(z.string().min(1)).default([]),
  /** Separator of multi-kind distortion labels. */
  distortion_separator: z.string().min(1).default("+"),
  /** Quality floors: keep rows whose column is at least the value (e.g. speech_ratio: 0.2). */
  floors: z.record(z.string().min(1), z.number()).default({}),
  /** Ceilings: keep rows whose column is at most the value (e.g. clip_ratio: 0.01). */
  ceilings: z.record(z.string().min(1), z.number()).default({}),
  /** A null (missing) value fails a floor or ceiling (false: it passes). */
  missing_fails: z.boolean().default(true),
  /** Drop rows whose `licence` is listed (the column must exist when this is not empty). */
  exclude_licences: z.array(z.string().min(1)).default([]),
  /** Drop rows whose `error` column is set (scoring failed for them). */
  drop_errors: z.boolean().default(true),
});

/**
 * Which rows may be selected, after defaults. Validated by {@linkcode SelectFiltersSchema}.
 * `configs/data.yaml` filters apply when `data_config` names it; the lists here apply as well (a
 * row must pass both).
 */
export interface SelectFilters {
  /**
   * `configs/data.yaml` (or another file with a `filters` mapping): its `languages`,
   * `sample_rates` and `distortions` lists apply too. Null: none. Default `null`.
   */
  data_config: string | null;
  /** Keep rows whose `language` is listed (empty: all). Default `[]`. */
  languages: string[];
  /** Keep rows whose `sr` is listed, Hz (whole numbers > 0; empty: all). Default `[]`. */
  sample_rates: number[];
  /**
   * Keep rows with at least one of these distortion kinds (empty: all). A label such as
   * `noise+reverb` has the kinds `noise` and `reverb` (see `distortion_separator`). Default `[]`.
   */
  distortions: string[];
  /** Separator of multi-kind distortion labels. Default `"+"`. */
  distortion_separator: string;
  /**
   * Quality floors: keep rows whose column is at least the value (e.g. speech_ratio: 0.2).
   * Default `{}`.
   */
  floors: Record<string, number>;
  /**
   * Ceilings: keep rows whose column is at most the value (e.g. clip_ratio: 0.01). Default `{}`.
   */
  ceilings: Record<string, number>;
  /** A null (missing) value fails a floor or ceiling (false: it passes). Default true. */
  missing_fails: boolean;
  /**
   * Drop rows whose `licence` is listed (the column must exist when this is not empty). Default
   * `[]`.
   */
  exclude_licences: string[];
  /** Drop rows whose `error` column is set (scoring failed for them). Default true. */
  drop_errors: boolean;
}
const _selectFilters: SameType<SelectFilters, z.output<typeof SelectFiltersSchema>> = true;

/** Filters as given: every key of {@linkcode SelectFilters} is optional. */
export type SelectFiltersInput = Partial<SelectFilters>;
const _selectFiltersInput: SameType<SelectFiltersInput, z.input<typeof SelectFiltersSchema>> = true;

/**
 * The LSH index settings (see `DiversityIndex`).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LshSchema = z.strictObject({
  /** Hyperplane bits per hash table. */
  bits: z.int().min(8).max(30).default(20),
  /**
   * Random projections per row (signs of structured random rotations), the pool every table
   * draws its bits from.
   */
  hyperplanes: z.int().min(8).max(4096).default(256),
  /** Number of tables; null derives it from `target_recall`. */
  tables: z.int().positive().nullable().default(null),
  /** Expected recall, at exactly the threshold similarity, the table count is chosen for. */
  target_recall: z.number().gt(0).lt(1).default(0.995),
  /** Most tables allowed when derived (above it, fewer bits per table are used). */
  max_tables: z.int().positive().default(96),
});

/**
 * The LSH index settings after defaults (see `DiversityIndex`). Validated by
 * {@linkcode LshSchema}.
 */
export interface LshConfig {
  /** Hyperplane bits per hash table (a whole number, 8 to 30). Default 20. */
  bits: number;
  /**
   * Random projections per row (signs of structured random rotations), the pool every table
   * draws its bits from (a whole number, 8 to 4096). Default 256.
   */
  hyperplanes: number;
  /** Number of tables; null derives it from `target_recall`. Default `null`. */
  tables: number | null;
  /**
   * Expected recall, at exactly the threshold similarity, the table count is chosen for
   * (between 0 and 1). Default 0.995.
   */
  target_recall: number;
  /** Most tables allowed when derived (above it, fewer bits per table are used). Default 96. */
  max_tables: number;
}
const _lshConfig: SameType<LshConfig, z.output<typeof LshSchema>> = true;
const _lshConfigInput: SameType<Partial<LshConfig>, z.input<typeof LshSchema>> = true;

/**
 * How the diversity rule searches the selected items: `exact` compares with every one, `lsh`
 * uses the random-hyperplane index, `auto` is exact up to `exact_max_items` candidate rows and
 * LSH above.
 */
export type DiversityIndexKind = "auto" | "exact" | "lsh";

/**
 * The diversity rule: a candidate whose cosine similarity to any already selected item exceeds
 * `1 - min_cosine` is rejected. `min_cosine` defaults to 0.05 here (the cvar selector);
 * `coverage_only` and `mos_threshold` default it to 0 (off).
 *
 * @example
 * ```ts
 * import { DiversitySchema } from "./select_config.ts";
 * const d = DiversitySchema.parse({});
 * console.log(d.min_cosine, d.index, d.exact_max_items, d.lsh.bits); // 0.05 auto 5000 20
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DiversitySchema = z.strictObject({
  /** Minimum cosine distance (1 - similarity) to every selected item; 0: no diversity rule. */
  min_cosine: z.number().min(0).max(2).default(0.05),
  /**
   * Measure cosine similarity on embeddings minus the mean embedding of the eligible pool.
   * Pooled SSL and log-mel embeddings share a large common component (the demo's log-mel
   * embeddings have a median pairwise cosine of 0.86), so raw cosines crowd near 1 and a
   * near-duplicate threshold rejects ordinary utterances; centred cosines spread around 0.
   */
  center: z.boolean().default(false),
  /**
   * `exact` compares with every selected item; `lsh` uses the random-hyperplane index;
   * `auto` is exact up to `exact_max_items` candidate rows, LSH above.
   */
  index: z.enum(["auto", "exact", "lsh"]).default("auto"),
  /** Largest candidate pool searched exactly under `auto`. */
  exact_max_items: z.int().nonnegative().default(5000),
  /** LSH settings. */
  lsh: LshSchema.prefault({}),
});

/**
 * The diversity rule after defaults: a candidate whose cosine similarity to any already selected
 * item exceeds `1 - min_cosine` is rejected. Validated by {@linkcode DiversitySchema} (cvar) or
 * {@linkcode DiversityOffSchema} (coverage_only, mos_threshold).
 */
export interface DiversityConfig {
  /**
   * Minimum cosine distance (1 - similarity) to every selected item, 0 to 2; 0: no diversity
   * rule. Default 0.05 for cvar, 0 (off) for coverage_only and mos_threshold.
   */
  min_cosine: number;
  /**
   * Measure cosine similarity on embeddings minus the mean embedding of the eligible pool.
   * Pooled SSL and log-mel embeddings share a large common component (the demo's log-mel
   * embeddings have a median pairwise cosine of 0.86), so raw cosines crowd near 1 and a
   * near-duplicate threshold rejects ordinary utterances; centred cosines spread around 0.
   * Default false.
   */
  center: boolean;
  /** How the selected items are searched, see {@linkcode DiversityIndexKind}. Default `"auto"`. */
  index: DiversityIndexKind;
  /** Largest candidate pool searched exactly under `auto` (a whole number). Default 5000. */
  exact_max_items: number;
  /** LSH settings. Default: every key at its default. */
  lsh: LshConfig;
}
const _diversityConfig: SameType<DiversityConfig, z.output<typeof DiversitySchema>> = true;

/** The diversity rule as given: every key optional, `lsh` too. */
export interface DiversityConfigInput {
  /**
   * Minimum cosine distance (1 - similarity) to every selected item, 0 to 2; 0: no diversity
   * rule. Default 0.05 for cvar, 0 (off) for coverage_only and mos_threshold.
   */
  min_cosine?: number;
  /** Measure cosine similarity on mean-centred embeddings. Default false. */
  center?: boolean;
  /** How the selected items are searched, see {@linkcode DiversityIndexKind}. Default `"auto"`. */
  index?: DiversityIndexKind;
  /** Largest candidate pool searched exactly under `auto` (a whole number). Default 5000. */
  exact_max_items?: number;
  /** LSH settings; missing keys take their defaults (see {@linkcode LshConfig}). */
  lsh?: Partial<LshConfig>;
}
const _diversityConfigInput: SameType<DiversityConfigInput, z.input<typeof DiversitySchema>> = true;

/**
 * {@linkcode DiversitySchema} with the rule off by default (`min_cosine: 0`).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DiversityOffSchema = DiversitySchema.extend({
  /** Minimum cosine distance to every selected item; 0 (default): no diversity rule. */
  min_cosine: z.number().min(0).max(2).default(0),
});
const _diversityOff: SameType<DiversityConfig, z.output<typeof DiversityOffSchema>> = true;
const _diversityOffInput: SameType<DiversityConfigInput, z.input<typeof DiversityOffSchema>> = true;

/**
 * The keys every selector config has besides `name`, for
 * `z.strictObject({ name: z.literal(n).default(n), ...SELECT_CONFIG_SHAPE, ...own })`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { SELECT_CONFIG_SHAPE } from "./select_config.ts";
 * const schema = z.strictObject({ name: z.literal("demo").default("demo"), ...SELECT_CONFIG_SHAPE });
 * const c = schema.parse({ K_hours: 10 });
 * console.log(c.name, c.K_hours, c.seed, c.alpha, c.quotas); // demo 10 0 0.1 null
 * ```
 */
export const SELECT_CONFIG_SHAPE = {
  /** Budget in hours of audio (sum of duration_sec / 3600); never exceeded. */
  K_hours: z.number().positive().default(700),
  /** Seed of the per-utterance random numbers. */
  seed: z.int().default(0),
  /** Tail share for `VaR_alpha` / `CVaR_alpha` (the tail of the cvar selector; reports). */
  alpha: z.number().gt(0).max(1).default(0.1),
  /** Quota file (`configs/quotas.yaml`); null: one group. The CLI's --quotas wins. */
  quotas: z.string().min(1).nullable().default(null),
  /** Take what there is when the usable pool holds less than K_hours (false: error). */
  allow_underfill: z.boolean().default(false),
  /** Which rows may be selected. */
  filters: SelectFiltersSchema.prefault({}),
  /** The diversity rule. */
  diversity: DiversitySchema.prefault({}),
};

/**
 * The keys every selector config has after defaults ({@linkcode SELECT_CONFIG_SHAPE} plus
 * `name`); each selector's config extends it.
 */
export interface SelectConfigBase {
  /** Selector name (the registry key, e.g. `cvar`). */
  name: string;
  /**
   * Budget in hours of audio (sum of duration_sec / 3600, > 0); never exceeded. Default 700.
   */
  K_hours: number;
  /** Seed of the per-utterance random numbers (a whole number). Default 0. */
  seed: number;
  /**
   * Tail share for `VaR_alpha` / `CVaR_alpha` (the tail of the cvar selector; reports), in
   * (0, 1]. Default 0.1.
   */
  alpha: number;
  /**
   * Quota file (`configs/quotas.yaml`); null: one group. The CLI's --quotas wins. Default
   * `null`.
   */
  quotas: string | null;
  /**
   * Take what there is when the usable pool holds less than K_hours (false: error). Default
   * false.
   */
  allow_underfill: boolean;
  /** Which rows may be selected. Default: every key at its default. */
  filters: SelectFilters;
  /** The diversity rule. Default: every key at its default. */
  diversity: DiversityConfig;
}

/**
 * The keys every selector config has, as given: every key of {@linkcode SelectConfigBase} is
 * optional.
 */
export interface SelectConfigBaseInput {
  /** Selector name (the registry key, e.g. `cvar`). Default: the selector's own name. */
  name?: string;
  /** Budget in hours of audio (> 0); never exceeded. Default 700. */
  K_hours?: number;
  /** Seed of the per-utterance random numbers (a whole number). Default 0. */
  seed?: number;
  /** Tail share for `VaR_alpha` / `CVaR_alpha`, in (0, 1]. Default 0.1. */
  alpha?: number;
  /** Quota file (`configs/quotas.yaml`); null: one group. Default `null`. */
  quotas?: string | null;
  /** Take what there is when the usable pool holds less than K_hours. Default false. */
  allow_underfill?: boolean;
  /** Which rows may be selected; missing keys take their defaults. */
  filters?: SelectFiltersInput;
  /** The diversity rule; missing keys take their defaults. */
  diversity?: DiversityConfigInput;
}
const _selectConfigBase: SameType<
  Omit<SelectConfigBase, "name">,
  z.output<z.ZodObject<typeof SELECT_CONFIG_SHAPE>>
> = true;
const _selectConfigBaseInput: SameType<
  Omit<SelectConfigBaseInput, "name">,
  z.input<z.ZodObject<typeof SELECT_CONFIG_SHAPE>>
> = true;
