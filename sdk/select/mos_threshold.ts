/**
 * `mos_threshold`: a quality floor on a MOS column, then the best-rated utterances first until
 * the budget, under the quotas.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import { z } from "zod";
import { resolveConfig } from "../config/load_config.ts";
import type { SameType } from "../config/_same_type.ts";
import { ConfigError } from "../log/errors.ts";
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

/** Version of the mos_threshold selector. */
export const MOS_THRESHOLD_VERSION = "1";

/**
 * `configs/select/mos.yaml`: the shared keys plus `mos_column` and `min_mos`.
 *
 * @example
 * ```ts
 * import { MosThresholdConfigSchema } from "./mos_threshold.ts";
 * const c = MosThresholdConfigSchema.parse({});
 * console.log(c.name, c.mos_column, c.min_mos); // mos_threshold mos_ovrl 3
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const MosThresholdConfigSchema = z.strictObject({
  name: z.literal("mos_threshold").default("mos_threshold"),
  ...SELECT_CONFIG_SHAPE,
  /** The diversity rule, off by default. */
  diversity: DiversityOffSchema.prefault({}),
  /** Column rated higher = better (e.g. mos_ovrl, mos_p808). */
  mos_column: z.string().min(1).default("mos_ovrl"),
  /** Floor on `mos_column` (rejection `floor:<column>`); null: no floor. */
  min_mos: z.number().nullable().default(3),
});

/**
 * The mos_threshold config after defaults: the shared keys (diversity rule off by default) plus
 * `mos_column` and `min_mos`. Validated by {@linkcode MosThresholdConfigSchema}.
 */
export interface MosThresholdConfig extends SelectConfigBase {
  /** Selector name. Default `"mos_threshold"`. */
  name: "mos_threshold";
  /** Column rated higher = better (e.g. mos_ovrl, mos_p808). Default `"mos_ovrl"`. */
  mos_column: string;
  /** Floor on `mos_column` (rejection `floor:<column>`); null: no floor. Default 3. */
  min_mos: number | null;
}
const _mosThresholdConfig: SameType<
  MosThresholdConfig,
  z.output<typeof MosThresholdConfigSchema>
> = true;

/** The mos_threshold config as given: every key optional. */
export interface MosThresholdConfigInput extends SelectConfigBaseInput {
  /** Selector name. Default `"mos_threshold"`. */
  name?: "mos_threshold";
  /** Column rated higher = better (e.g. mos_ovrl, mos_p808). Default `"mos_ovrl"`. */
  mos_column?: string;
  /** Floor on `mos_column` (rejection `floor:<column>`); null: no floor. Default 3. */
  min_mos?: number | null;
}
const _mosThresholdConfigInput: SameType<
  MosThresholdConfigInput,
  z.input<typeof MosThresholdConfigSchema>
> = true;

/**
 * Select rows whose `mos_column` is at least `min_mos` (on top of the other filters), best
 * first (ties by id), each quota group up to its share of `K_hours`.
 *
 * @param scores A scores frame, Arrow table or rows.
 * @param config Config (defaults: {@linkcode MosThresholdConfigSchema}).
 * @param context Quotas and scores provenance.
 * @returns The selection.
 * @throws {ConfigError} As `selectCvar`, and when the scores lack `mos_column`.
 *
 * @example
 * ```ts
 * import { mosThreshold } from "./mos_threshold.ts";
 * const rows = [3.9, 2.1, 4.4, 3.2].map((mos, i) => ({
 *   utt_id: `u${i}`, path: `/d/u${i}.wav`, duration_sec: 900, mos_ovrl: mos,
 * }));
 * const sel = await mosThreshold(rows, { K_hours: 0.5 });
 * console.log(sel.items.map((it) => it.utt_id), sel.rejections); // [ "u2", "u0" ] { "floor:mos_ovrl": 1 }
 * ```
 */
export async function mosThreshold(
  scores: ScoresFrame | arrow.Table | readonly Record<string, unknown>[],
  config: MosThresholdConfigInput = {},
  context: SelectContext = {},
): Promise<Selection> {
  const cfg = resolveConfig(config, MosThresholdConfigSchema);
  const frame = asScoresFrame(scores);
  const col = frame.columns.get(cfg.mos_column);
  if (!col || col.kind !== "number") {
    throw new ConfigError(
      `Selector mos_threshold needs numeric column "${cfg.mos_column}" in the scores ` +
        `(columns: ${[...frame.columns.keys()].join(", ")})`,
    );
  }
  const mos = col.values;
  const floors = { ...cfg.filters.floors };
  if (cfg.min_mos !== null) {
    floors[cfg.mos_column] = Math.max(floors[cfg.mos_column] ?? -Infinity, cfg.min_mos);
  }
  return await runSelector({
    name: "mos_threshold",
    version: MOS_THRESHOLD_VERSION,
    frame,
    config: { ...cfg, filters: { ...cfg.filters, floors } },
    quotas: context.quotas ?? null,
    quotasPath: context.quotasPath,
    scores: context.scores,
    needLoss: false,
    rank(members) {
      const keys = Float64Array.from(members, (row) => {
        const v = mos[row];
        return Number.isNaN(v) ? -Infinity : v;
      });
      return { order: orderByKey(members, keys, frame), varAlpha: null };
    },
  });
}

/** The `mos_threshold` selector for the registry. */
export const mosThresholdSelector: Selector<MosThresholdConfig> = {
  name: "mos_threshold",
  version: MOS_THRESHOLD_VERSION,
  description: "Quality floor on a MOS column, then best first until the budget",
  configSchema: MosThresholdConfigSchema,
  select: (scores, config, context) => mosThreshold(scores, config, context),
};
