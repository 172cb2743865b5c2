/**
 * Quota groups (`configs/quotas.yaml`): which columns form the groups, how labels are read, and
 * what share of the budget each value gets.
 *
 * @module
 */

import { z } from "zod";
import { loadConfig, type LoadConfigOptions } from "../config/load_config.ts";
import type { SameType } from "../config/_same_type.ts";

/**
 * How one column's values become group labels: split multi-kind labels
 * (`noise+reverb+codec`), rename spellings (`aliases`), then keep the first kind of `priority`
 * present (so `noise+codec` counts toward `codec` when codec comes first).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const QuotaLabelSchema = z.strictObject({
  /** Separator of multi-kind labels; null: labels are taken whole. */
  separator: z.string().min(1).nullable().default(null),
  /** Renamings applied to each part, e.g. `{ clipping: clip }`. */
  aliases: z.record(z.string(), z.string().min(1)).default({}),
  /** Kinds in order of precedence; the first one present is the label (empty: parts joined). */
  priority: z.array(z.string().min(1)).default([]),
});

/**
 * How one column's values become group labels, after defaults: split multi-kind labels, rename
 * spellings, then keep the first kind of `priority` present. Validated by
 * {@linkcode QuotaLabelSchema}.
 */
export interface QuotaLabel {
  /** Separator of multi-kind labels; null: labels are taken whole. Default `null`. */
  separator: string | null;
  /** Renamings applied to each part, e.g. `{ clipping: clip }`. Default `{}`. */
  aliases: Record<string, string>;
  /**
   * Kinds in order of precedence; the first one present is the label (empty: parts joined).
   * Default `[]`.
   */
  priority: string[];
}
const _quotaLabel: SameType<QuotaLabel, z.output<typeof QuotaLabelSchema>> = true;

const SHARE_TOLERANCE = 1e-6;

/**
 * `configs/quotas.yaml`; the schema is the single source of its defaults.
 *
 * A group is one combination of values of `columns` (key: the labels joined with `|`). Its
 * share of the budget is the product over columns of the value's share: listed in `shares`
 * (each column's shares sum to 1; the key `*` is the share of every value not listed, split by
 * `fill`), or, for a column without shares, split by `fill` among the values in the pool
 * (`equal`: evenly; `pool`: in proportion to their hours). A value not listed where there is no
 * `*` is not selected (rejection `no_quota_group`). Null values read as `(null)`.
 *
 * @example
 * ```ts
 * import { QuotasSchema } from "./quotas.ts";
 * const q = QuotasSchema.parse({ shares: { distortion: { noise: 0.5, "*": 0.5 } } });
 * console.log(q.columns, q.fill); // [ "distortion" ] equal
 * const bad = QuotasSchema.safeParse({ shares: { distortion: { noise: 0.5 } } });
 * console.log(bad.success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const QuotasSchema = z.strictObject({
  /** Columns forming the groups (e.g. distortion, language, sr, corpus); empty: one group. */
  columns: z.array(z.string().min(1)).default(["distortion"]),
  /** Label rules by column. */
  labels: z.record(z.string(), QuotaLabelSchema).default({}),
  /** Shares by column, then by label; each column's shares sum to 1. */
  shares: z.record(z.string(), z.record(z.string(), z.number().min(0))).default({}),
  /** How a share is split among values not listed: `equal` or by `pool` hours. */
  fill: z.enum(["equal", "pool"]).default("equal"),
}).superRefine((q, ctx) => {
  const seen = new Set<string>();
  for (const c of q.columns) {
    if (seen.has(c)) {
      ctx.addIssue({ code: "custom", path: ["columns"], message: `column "${c}" is listed twice` });
    }
    seen.add(c);
  }
  for (const [col, map] of Object.entries(q.shares)) {
    if (!seen.has(col)) {
      ctx.addIssue({
        code: "custom",
        path: ["shares", col],
        message: `"${col}" is not one of the quota columns (${q.columns.join(", ") || "none"})`,
      });
      continue;
    }
    const sum = Object.values(map).reduce((s, v) => s + v, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      ctx.addIssue({
        code: "custom",
        path: ["shares", col],
        message: `the shares of "${col}" sum to ${Number(sum.toFixed(9))}, expected 1`,
      });
    }
  }
  for (const col of Object.keys(q.labels)) {
    if (!seen.has(col)) {
      ctx.addIssue({
        code: "custom",
        path: ["labels", col],
        message: `"${col}" is not one of the quota columns (${q.columns.join(", ") || "none"})`,
      });
    }
  }
});

/**
 * How a share is split among the values not listed: `equal` (evenly) or in proportion to their
 * hours in the `pool`.
 */
export type QuotaFill = "equal" | "pool";

/**
 * Quota groups after defaults (`configs/quotas.yaml`). Validated by {@linkcode QuotasSchema},
 * which also documents how groups and shares work.
 */
export interface Quotas {
  /**
   * Columns forming the groups (e.g. distortion, language, sr, corpus); empty: one group.
   * Default `["distortion"]`.
   */
  columns: string[];
  /** Label rules by column. Default `{}`. */
  labels: Record<string, QuotaLabel>;
  /** Shares by column, then by label; each column's shares sum to 1. Default `{}`. */
  shares: Record<string, Record<string, number>>;
  /** How a share is split among values not listed. Default `"equal"`. */
  fill: QuotaFill;
}
const _quotas: SameType<Quotas, z.output<typeof QuotasSchema>> = true;

/**
 * Load a quota file.
 *
 * @param path The YAML file.
 * @param options Overrides, see `loadConfig`.
 * @returns The validated quotas.
 * @throws {ConfigError} Naming the file and key at fault (e.g. shares not summing to 1).
 *
 * @example
 * ```ts
 * import { loadQuotas } from "./quotas.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/q.yaml`, "columns: [distortion, sr]\nshares:\n  distortion: { noise: 0.6, reverb: 0.4 }\n");
 * const q = await loadQuotas(`${dir}/q.yaml`);
 * console.log(q.columns, q.shares.distortion.noise); // [ "distortion", "sr" ] 0.6
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadQuotas(path: string, options: LoadConfigOptions = {}): Promise<Quotas> {
  return await loadConfig(path, QuotasSchema, options);
}

/**
 * Map a raw column value to its group label with a label rule.
 *
 * @param value The raw value (null for missing).
 * @param rule The column's rule (none: the value itself).
 * @returns The label; `(null)` for a missing value.
 *
 * @example
 * ```ts
 * import { quotaLabel } from "./quotas.ts";
 * const rule = { separator: "+", aliases: { clipping: "clip" }, priority: ["codec", "clip", "reverb", "noise"] };
 * console.log(quotaLabel("noise+clipping", rule), quotaLabel("noise", rule), quotaLabel(null, rule)); // clip noise (null)
 * ```
 */
export function quotaLabel(value: string | null, rule?: QuotaLabel): string {
  if (value === null) return NULL_LABEL;
  if (!rule) return value;
  const parts = rule.separator === null ? [value] : value.split(rule.separator);
  const mapped = parts.map((p) => Object.hasOwn(rule.aliases, p) ? rule.aliases[p] : p);
  for (const k of rule.priority) if (mapped.includes(k)) return k;
  return mapped.join(rule.separator ?? "");
}

/** The label of a missing value. */
export const NULL_LABEL = "(null)";
