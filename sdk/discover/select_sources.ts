/**
 * `selectSources`: filter and score catalog rows by rules from YAML
 * (`configs/select_sources.yaml`).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import type { CatalogRow } from "../table/schemas.ts";
import { comparePaths } from "../cache/hash_files.ts";
import { displayAs } from "../notebook/display_as.ts";
import { selectSourcesView } from "./select_sources_view.ts";

/**
 * Selection rules; the zod schema is the single source of their defaults (those of the original
 * `select_sources.py`). Patterns are plain substrings of the relative path, compared
 * case-insensitively unless `case_sensitive` is set.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SelectRulesSchema = z.object({
  /** Shortest duration kept, seconds (inclusive). */
  min_duration_sec: z.number().nonnegative().default(30),
  /** Longest duration kept, seconds (inclusive). */
  max_duration_sec: z.number().positive().default(3600),
  /** Path substrings that add `prefer_bonus` each (each pattern counts once). */
  prefer_patterns: z.array(z.string().min(1)).default([
    "bounces",
    "masters",
    "tracks",
    "songs",
    "finished",
    "complete",
  ]),
  /** Points per matching preferred pattern. */
  prefer_bonus: z.number().default(10),
  /** Path substrings that reject a file. */
  skip_patterns: z.array(z.string().min(1)).default([
    "scratch",
    "test",
    "demo",
    "draft",
    "_old",
    "rejected",
    "unused",
  ]),
  /** Channel count that earns `channels_bonus`; null for no preference. */
  preferred_channels: z.int().positive().nullable().default(null),
  /** Points for the preferred channel count. */
  channels_bonus: z.number().default(5),
  /** Sample rate that earns `sample_rate_bonus`; null for no preference. */
  preferred_sample_rate: z.int().positive().nullable().default(null),
  /** Points for the preferred sample rate. */
  sample_rate_bonus: z.number().default(5),
  /** Compare patterns with case (default false: `Test` matches `test`). */
  case_sensitive: z.boolean().default(false),
}).refine((r) => r.min_duration_sec <= r.max_duration_sec, {
  message: "min_duration_sec must not exceed max_duration_sec",
  path: ["min_duration_sec"],
});

/**
 * Selection rules after defaults. Validated by {@linkcode SelectRulesSchema}
 * (`min_duration_sec` must not exceed `max_duration_sec`).
 */
export interface SelectRules {
  /** Shortest duration kept, seconds (inclusive). Default 30. */
  min_duration_sec: number;
  /** Longest duration kept, seconds (inclusive). Default 3600. */
  max_duration_sec: number;
  /**
   * Path substrings that add `prefer_bonus` each (each pattern counts once). Default
   * `["bounces", "masters", "tracks", "songs", "finished", "complete"]`.
   */
  prefer_patterns: string[];
  /** Points per matching preferred pattern. Default 10. */
  prefer_bonus: number;
  /**
   * Path substrings that reject a file. Default
   * `["scratch", "test", "demo", "draft", "_old", "rejected", "unused"]`.
   */
  skip_patterns: string[];
  /** Channel count that earns `channels_bonus`; `null` for no preference. Default `null`. */
  preferred_channels: number | null;
  /** Points for the preferred channel count. Default 5. */
  channels_bonus: number;
  /** Sample rate that earns `sample_rate_bonus`; `null` for no preference. Default `null`. */
  preferred_sample_rate: number | null;
  /** Points for the preferred sample rate. Default 5. */
  sample_rate_bonus: number;
  /** Compare patterns with case. Default false (`Test` matches `test`). */
  case_sensitive: boolean;
}
const _selectRules: SameType<SelectRules, z.output<typeof SelectRulesSchema>> = true;

/**
 * Rules as given: any subset of {@linkcode SelectRules}. Validated by
 * {@linkcode SelectRulesSchema}.
 */
export interface SelectRulesInput {
  /** Shortest duration kept, seconds (inclusive). Default 30. */
  min_duration_sec?: number;
  /** Longest duration kept, seconds (inclusive). Default 3600. */
  max_duration_sec?: number;
  /**
   * Path substrings that add `prefer_bonus` each (each pattern counts once). Default
   * `["bounces", "masters", "tracks", "songs", "finished", "complete"]`.
   */
  prefer_patterns?: string[];
  /** Points per matching preferred pattern. Default 10. */
  prefer_bonus?: number;
  /**
   * Path substrings that reject a file. Default
   * `["scratch", "test", "demo", "draft", "_old", "rejected", "unused"]`.
   */
  skip_patterns?: string[];
  /** Channel count that earns `channels_bonus`; `null` for no preference. Default `null`. */
  preferred_channels?: number | null;
  /** Points for the preferred channel count. Default 5. */
  channels_bonus?: number;
  /** Sample rate that earns `sample_rate_bonus`; `null` for no preference. Default `null`. */
  preferred_sample_rate?: number | null;
  /** Points for the preferred sample rate. Default 5. */
  sample_rate_bonus?: number;
  /** Compare patterns with case. Default false (`Test` matches `test`). */
  case_sensitive?: boolean;
}
const _selectRulesInput: SameType<SelectRulesInput, z.input<typeof SelectRulesSchema>> = true;

/** Why a row was not selected, in the order the checks run. */
export type RejectReason = "unreadable" | "skip_pattern" | "too_short" | "too_long";

/** A selected row: the catalog row plus its score. */
export type SelectedRow = CatalogRow & {
  /** Sum of the bonuses earned. */
  selection_score: number;
};

/** A rejected row and why. */
export interface RejectedRow {
  /** The catalog row. */
  row: CatalogRow;
  /** The first rule that rejected it. */
  reason: RejectReason;
  /** Detail: the matching skip pattern, the duration, or the row's error. */
  detail: string;
}

/** Totals of one selection. */
export interface SelectionSummary {
  /** Rows given. */
  input: number;
  /** Rows kept. */
  selected: number;
  /** Rows rejected. */
  rejected: number;
  /** Rejections per reason (every reason listed, zeros included). */
  reasons: Record<RejectReason, number>;
  /** Total duration of the selected rows, seconds. */
  totalDurationSec: number;
  /** Mean duration of the selected rows, seconds (0 when none). */
  meanDurationSec: number;
  /** The first five selected rows (highest scores). */
  top: SelectedRow[];
}

/** What {@linkcode selectSources} returns. */
export interface SelectionResult {
  /** Kept rows, by score (highest first) then `rel_path` in code-point order. */
  selected: SelectedRow[];
  /** Rejected rows in input order. */
  rejected: RejectedRow[];
  /** Totals. */
  summary: SelectionSummary;
}

/**
 * Select and score catalog rows. Checks run in this order and the first failing one is the
 * reason: an `error` or a missing duration (`unreadable`), a skip pattern in `rel_path`
 * (`skip_pattern`), duration below the minimum (`too_short`) or above the maximum
 * (`too_long`). Kept rows score `prefer_bonus` per preferred pattern found in the path, plus
 * `channels_bonus` and `sample_rate_bonus` when they match the preferences.
 *
 * @param rows Catalog rows (from `discover` or a catalog file).
 * @param rules Rules; missing keys take the defaults of {@linkcode SelectRulesSchema}.
 * @returns Selected rows, rejected rows and a summary.
 * @throws {z.ZodError} When the rules are invalid (e.g. min above max).
 *
 * @example
 * ```ts
 * import { selectSources } from "./select_sources.ts";
 * const base = { sample_rate: 44100, channels: 2, file_size_mb: 1, format: "wav",
 *   bits_per_sample: 16, frames: 0, error: null };
 * const rows = [
 *   { ...base, id: "audio_0000", rel_path: "masters/song.wav", duration_sec: 200 },
 *   { ...base, id: "audio_0001", rel_path: "scratch/idea.wav", duration_sec: 90 },
 *   { ...base, id: "audio_0002", rel_path: "jam.wav", duration_sec: 5 },
 * ];
 * const { selected, summary } = selectSources(rows, { preferred_channels: 2 });
 * console.log(selected.map((r) => [r.rel_path, r.selection_score])); // [ [ "masters/song.wav", 15 ] ]
 * console.log(summary.reasons); // { unreadable: 0, skip_pattern: 1, too_short: 1, too_long: 0 }
 * ```
 */
export function selectSources(
  rows: readonly CatalogRow[],
  rules: SelectRulesInput = {},
): SelectionResult {
  const r = SelectRulesSchema.parse(rules);
  const fold = (s: string) => r.case_sensitive ? s : s.toLowerCase();
  const skip = r.skip_patterns.map((p) => [p, fold(p)] as const);
  const prefer = r.prefer_patterns.map(fold);
  const selected: SelectedRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const row of rows) {
    const path = fold(row.rel_path);
    if (row.error || row.duration_sec === null) {
      rejected.push({ row, reason: "unreadable", detail: row.error ?? "no duration" });
      continue;
    }
    const hit = skip.find(([, p]) => path.includes(p));
    if (hit) {
      rejected.push({ row, reason: "skip_pattern", detail: hit[0] });
      continue;
    }
    if (row.duration_sec < r.min_duration_sec) {
      rejected.push({ row, reason: "too_short", detail: `${row.duration_sec} s` });
      continue;
    }
    if (row.duration_sec > r.max_duration_sec) {
      rejected.push({ row, reason: "too_long", detail: `${row.duration_sec} s` });
      continue;
    }
    let score = 0;
    for (const p of prefer) if (path.includes(p)) score += r.prefer_bonus;
    if (r.preferred_channels !== null && row.channels === r.preferred_channels) {
      score += r.channels_bonus;
    }
    if (r.preferred_sample_rate !== null && row.sample_rate === r.preferred_sample_rate) {
      score += r.sample_rate_bonus;
    }
    selected.push({ ...row, selection_score: score });
  }
  selected.sort((a, b) =>
    b.selection_score - a.selection_score || comparePaths(a.rel_path, b.rel_path)
  );
  const reasons: Record<RejectReason, number> = {
    unreadable: 0,
    skip_pattern: 0,
    too_short: 0,
    too_long: 0,
  };
  for (const x of rejected) reasons[x.reason]++;
  const total = selected.reduce((s, x) => s + (x.duration_sec ?? 0), 0);
  return displayAs({
    selected,
    rejected,
    summary: {
      input: rows.length,
      selected: selected.length,
      rejected: rejected.length,
      reasons,
      totalDurationSec: total,
      meanDurationSec: selected.length > 0 ? total / selected.length : 0,
      top: selected.slice(0, 5),
    },
  }, selectSourcesView);
}

/**
 * The selection summary as lines for a terminal: input, selected, rejected with reasons,
 * total and mean duration, top 5.
 *
 * @param summary From {@linkcode selectSources}.
 * @returns Lines joined with `\n`, no final newline.
 *
 * @example
 * ```ts
 * import { formatSelectionSummary, selectSources } from "./select_sources.ts";
 * const row = { id: "audio_0000", rel_path: "a.wav", duration_sec: 60, sample_rate: 8000,
 *   channels: 1, file_size_mb: 1, format: "wav", bits_per_sample: 16, frames: 480000,
 *   error: null };
 * console.log(formatSelectionSummary(selectSources([row]).summary).split("\n")[0]);
 * // Input: 1 rows
 * ```
 */
export function formatSelectionSummary(summary: SelectionSummary): string {
  const reasons = Object.entries(summary.reasons).filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`).join(", ");
  const lines = [
    `Input: ${summary.input} rows`,
    `Selected: ${summary.selected}`,
    `Rejected: ${summary.rejected}${reasons ? ` (${reasons})` : ""}`,
    `Duration: total ${(summary.totalDurationSec / 3600).toFixed(2)} h ` +
    `(${summary.totalDurationSec.toFixed(1)} s), mean ${summary.meanDurationSec.toFixed(1)} s`,
  ];
  if (summary.top.length > 0) {
    lines.push("Top 5:");
    for (const t of summary.top) {
      lines.push(
        `  ${String(t.selection_score).padStart(4)}  ${t.rel_path}  (${
          (t.duration_sec ?? 0).toFixed(1)
        } s)`,
      );
    }
  }
  return lines.join("\n");
}
