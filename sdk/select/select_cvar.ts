/**
 * `cvar`: pick `K_hours` of utterances leaning toward each quota group's loss tail, mixing
 * CVaR and mean risk, under coverage quotas and a diversity rule.
 *
 * @module
 */

import type * as arrow from "apache-arrow";
import { z } from "zod";
import { resolveConfig } from "../config/load_config.ts";
import type { SameType } from "../config/_same_type.ts";
import { orderByKey, runSelector } from "./_run_selector.ts";
import { valueAtRisk } from "./risk.ts";
import { asScoresFrame, type ScoresFrame } from "./scores_frame.ts";
import {
  SELECT_CONFIG_SHAPE,
  type SelectConfigBase,
  type SelectConfigBaseInput,
} from "./select_config.ts";
import type { Selection } from "./selection.ts";
import type { SelectContext, Selector } from "./selector.ts";
import { uttUniform } from "./utt_uniform.ts";

/** Version of the cvar selector (bump when its selections change). */
export const CVAR_VERSION = "1";

/**
 * `configs/select/cvar.yaml`; the single source of its defaults. Besides the shared keys
 * (`K_hours`, `seed`, `alpha`, `filters`, `diversity` with `min_cosine` 0.05, ...):
 * `tail_weight` (lambda) and `temperature`.
 *
 * @example
 * ```ts
 * import { CvarConfigSchema } from "./select_cvar.ts";
 * const c = CvarConfigSchema.parse({});
 * console.log(c.name, c.K_hours, c.alpha, c.tail_weight, c.temperature, c.diversity.min_cosine); // cvar 700 0.1 0.5 1 0.05
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CvarConfigSchema = z.strictObject({
  name: z.literal("cvar").default("cvar"),
  ...SELECT_CONFIG_SHAPE,
  /**
   * Lambda in [0, 1]: an item's weight is `(1 - lambda) + lambda / alpha` in its group's tail
   * and `1 - lambda` outside. 0 is mean risk (the tail plays no part), 1 is pure CVaR.
   */
  tail_weight: z.number().min(0).max(1).default(0.5),
  /**
   * Sharpness of the random keys: the sampling weight is `(weight * loss)^(1 / temperature)`.
   * 1 is plain weighted sampling; 0 orders deterministically by `weight * loss` (hardest first).
   */
  temperature: z.number().min(0).default(1),
});

/**
 * The cvar config after defaults: the shared keys (diversity `min_cosine` 0.05 by default) plus
 * `tail_weight` (lambda) and `temperature`. Validated by {@linkcode CvarConfigSchema}.
 */
export interface CvarConfig extends SelectConfigBase {
  /** Selector name. Default `"cvar"`. */
  name: "cvar";
  /**
   * Lambda in [0, 1]: an item's weight is `(1 - lambda) + lambda / alpha` in its group's tail
   * and `1 - lambda` outside. 0 is mean risk (the tail plays no part), 1 is pure CVaR. Default
   * 0.5.
   */
  tail_weight: number;
  /**
   * Sharpness of the random keys (>= 0): the sampling weight is
   * `(weight * loss)^(1 / temperature)`. 1 is plain weighted sampling; 0 orders
   * deterministically by `weight * loss` (hardest first). Default 1.
   */
  temperature: number;
}
const _cvarConfig: SameType<CvarConfig, z.output<typeof CvarConfigSchema>> = true;

/** The cvar config as given: every key optional. */
export interface CvarConfigInput extends SelectConfigBaseInput {
  /** Selector name. Default `"cvar"`. */
  name?: "cvar";
  /** Lambda in [0, 1], the weight of the tail (see {@linkcode CvarConfig}). Default 0.5. */
  tail_weight?: number;
  /** Sharpness of the random keys, >= 0 (see {@linkcode CvarConfig}). Default 1. */
  temperature?: number;
}
const _cvarConfigInput: SameType<CvarConfigInput, z.input<typeof CvarConfigSchema>> = true;

/**
 * Select with the cvar strategy.
 *
 * 1. Filters (data config lists, quality floors and ceilings, licences, scoring errors) and
 *    quota groups decide which rows may be taken; rows need a finite loss >= 0, and an
 *    embedding when the diversity rule is on.
 * 2. In each group, `VaR_alpha` is the duration-weighted (1 - alpha) quantile of `loss_proxy`;
 *    rows at or above it are the tail. A row's weight is `omega * loss` with
 *    `omega = (1 - lambda) + lambda / alpha` in the tail and `1 - lambda` outside: its share of
 *    the mixed risk `(1 - lambda) E[L] + lambda CVaR_alpha[L]`.
 * 3. Rows are ranked by Efraimidis-Spirakis keys `u^(1 / w)` (compared as `ln(u) / w`), with
 *    `u` drawn per utt_id from the seed (row order does not matter) and `w` the weight raised to
 *    `1 / temperature`; ties (weight 0) go by loss, descending, then id. So lambda = 1 takes the
 *    tail first (outside rows weigh 0), harder rows ahead with probability
 *    `L_i / (L_i + L_j)` per pair and exactly hardest first at temperature 0, then the rest by
 *    loss; lambda = 0 gives every row `omega = 1`, so alpha and the tail change nothing.
 * 4. The quota sweep (see `sweep`) takes rows group by group within the budget, rejects a
 *    candidate whose cosine similarity to any item taken before exceeds `1 - min_cosine`, and
 *    hands a group's deficit to the others in proportion to their shares.
 *
 * @param scores A scores frame, Arrow table or rows.
 * @param config Config (defaults: {@linkcode CvarConfigSchema}).
 * @param context Quotas and scores provenance.
 * @returns The selection.
 * @throws {ConfigError} For an invalid config, missing columns, nothing eligible, or a budget
 * the pool cannot meet (unless `allow_underfill`).
 *
 * @example
 * ```ts
 * import { selectCvar } from "./select_cvar.ts";
 * const rows = Array.from({ length: 10 }, (_, i) => ({
 *   utt_id: `u${i}`, path: `/d/u${i}.wav`, duration_sec: 360, sr: 16000, distortion: i % 2 ? "noise" : "reverb",
 *   loss_proxy: i / 10, ssl_embed: [Math.cos(i), Math.sin(i)],
 * }));
 * const sel = await selectCvar(rows, { K_hours: 0.4, tail_weight: 1, temperature: 0, alpha: 0.2, diversity: { min_cosine: 0.01 } });
 * console.log(sel.items.map((it) => `${it.utt_id}${it.tail ? "*" : ""}`)); // [ "u9*", "u8*", "u7*", "u6" ]
 * ```
 */
export async function selectCvar(
  scores: ScoresFrame | arrow.Table | readonly Record<string, unknown>[],
  config: CvarConfigInput = {},
  context: SelectContext = {},
): Promise<Selection> {
  const cfg = resolveConfig(config, CvarConfigSchema);
  const frame = asScoresFrame(scores);
  const { alpha, tail_weight: lambda, temperature, seed } = cfg;
  const omegaTail = (1 - lambda) + lambda / alpha;
  const omegaOut = 1 - lambda;
  return await runSelector({
    name: "cvar",
    version: CVAR_VERSION,
    frame,
    config: cfg,
    quotas: context.quotas ?? null,
    quotasPath: context.quotasPath,
    scores: context.scores,
    needLoss: true,
    rank(members, tail) {
      const m = members.length;
      const loss = new Float64Array(m);
      const dur = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        loss[i] = frame.loss[members[i]];
        dur[i] = frame.durationSec[members[i]];
      }
      const varAlpha = m > 0 ? valueAtRisk(loss, dur, alpha) : NaN;
      const keys = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const row = members[i];
        const inTail = loss[i] >= varAlpha;
        tail[row] = inTail ? 1 : 0;
        const w = (inTail ? omegaTail : omegaOut) * loss[i];
        if (temperature === 0) keys[i] = w;
        else {
          const ws = temperature === 1 ? w : Math.pow(w, 1 / temperature);
          keys[i] = ws > 0 ? Math.log(uttUniform(frame.uttId[row], seed)) / ws : -Infinity;
        }
      }
      return {
        order: orderByKey(members, keys, frame),
        varAlpha: Number.isNaN(varAlpha) ? null : varAlpha,
      };
    },
  });
}

/** The `cvar` selector for the registry. */
export const cvarSelector: Selector<CvarConfig> = {
  name: "cvar",
  version: CVAR_VERSION,
  description: "Tail-weighted random keys (CVaR/mean mix) under quotas and a diversity rule",
  configSchema: CvarConfigSchema,
  select: (scores, config, context) => selectCvar(scores, config, context),
};
