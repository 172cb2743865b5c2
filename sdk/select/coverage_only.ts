/**
 * `coverage_only`: quota-stratified seeded random sampling; the loss plays no part.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import { z } from "zod";
import { resolveConfig } from "../config/load_config.ts";
import type { SameType } from "../config/_same_type.ts";
import { orderByKey, runSelector } from "./_run_selector.ts";
import { asScoresFrame, type ScoresFrame } from "./scores_frame.ts";
import {
  DiversityOffSchema,
  SELECT_CONFIG_SHAPE,
  type SelectConfigBase,
  type SelectConfigBaseInput,
} from "./select_config.ts";
import type { Selection } from "./selection.ts";
import type { SelectContext, Selector } from "./selector.ts";
import { uttUniform } from "./utt_uniform.ts";

/** Version of the coverage_only selector. */
export const COVERAGE_ONLY_VERSION = "1";

/**
 * `configs/select/coverage.yaml`: only the shared keys (`K_hours`, `seed`, `alpha` for the CVaR
 * report, `filters`, `diversity` off by default).
 *
 * @example
 * ```ts
 * import { CoverageConfigSchema } from "./coverage_only.ts";
 * const c = CoverageConfigSchema.parse({ K_hours: 10 });
 * console.log(c.name, c.K_hours, c.diversity.min_cosine); // coverage_only 10 0
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CoverageConfigSchema = z.strictObject({
  name: z.literal("coverage_only").default("coverage_only"),
  ...SELECT_CONFIG_SHAPE,
  /** The diversity rule, off by default. */
  diversity: DiversityOffSchema.prefault({}),
});

/**
 * The coverage_only config after defaults: only the shared keys, with the diversity rule off by
 * default (`diversity.min_cosine` 0). Validated by {@linkcode CoverageConfigSchema}.
 */
export interface CoverageConfig extends SelectConfigBase {
  /** Selector name. Default `"coverage_only"`. */
  name: "coverage_only";
}
const _coverageConfig: SameType<CoverageConfig, z.output<typeof CoverageConfigSchema>> = true;

/** The coverage_only config as given: every key optional. */
export interface CoverageConfigInput extends SelectConfigBaseInput {
  /** Selector name. Default `"coverage_only"`. */
  name?: "coverage_only";
}
const _coverageConfigInput: SameType<CoverageConfigInput, z.input<typeof CoverageConfigSchema>> =
  true;

/**
 * Select a uniform random sample of each quota group: rows are ranked by a number drawn per
 * utt_id from the seed (so row order does not matter), and the quota sweep fills each group's
 * share of `K_hours` (deficits redistributed as for cvar). The loss is not needed.
 *
 * @param scores A scores frame, Arrow table or rows.
 * @param config Config (defaults: {@linkcode CoverageConfigSchema}).
 * @param context Quotas and scores provenance.
 * @returns The selection.
 * @throws {ConfigError} As `selectCvar`.
 *
 * @example
 * ```ts
 * import { coverageOnly } from "./coverage_only.ts";
 * const rows = Array.from({ length: 8 }, (_, i) => ({
 *   utt_id: `u${i}`, path: `/d/u${i}.wav`, duration_sec: 450, distortion: i < 4 ? "noise" : "reverb",
 * }));
 * const quotas = { columns: ["distortion"], labels: {}, shares: { distortion: { noise: 0.5, reverb: 0.5 } }, fill: "equal" as const };
 * const sel = await coverageOnly(rows, { K_hours: 0.5, seed: 3 }, { quotas });
 * console.log(sel.groups.map((g) => `${g.group} ${g.selected_items}`)); // [ "noise 2", "reverb 2" ]
 * ```
 */
export async function coverageOnly(
  scores: ScoresFrame | arrow.Table | readonly Record<string, unknown>[],
  config: CoverageConfigInput = {},
  context: SelectContext = {},
): Promise<Selection> {
  const cfg = resolveConfig(config, CoverageConfigSchema);
  const frame = asScoresFrame(scores);
  return await runSelector({
    name: "coverage_only",
    version: COVERAGE_ONLY_VERSION,
    frame,
    config: cfg,
    quotas: context.quotas ?? null,
    quotasPath: context.quotasPath,
    scores: context.scores,
    needLoss: false,
    rank(members) {
      const keys = Float64Array.from(members, (row) => uttUniform(frame.uttId[row], cfg.seed));
      return { order: orderByKey(members, keys, frame), varAlpha: null };
    },
  });
}

/** The `coverage_only` selector for the registry. */
export const coverageOnlySelector: Selector<CoverageConfig> = {
  name: "coverage_only",
  version: COVERAGE_ONLY_VERSION,
  description: "Seeded uniform sampling within each quota group (no loss)",
  configSchema: CoverageConfigSchema,
  select: (scores, config, context) => coverageOnly(scores, config, context),
};
