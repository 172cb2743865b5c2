/**
 * The notebook view of a {@linkcode ScoreResult}: rows scored, failures, the scorers and their
 * versions, where the scores are, and the first rows' metrics.
 *
 * @module
 */

import { durationText, plural } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { ScoreResult } from "./score.ts";

/** What `score` knows beyond its result, kept small for the view: scorers and the first rows. */
export interface ScoreViewDetail {
  /** Scorers run, in config order, with their versions. */
  scorers: readonly { name: string; version: string }[];
  /** Metric columns of the scores table, in output order (`loss_proxy` included). */
  columns: readonly string[];
  /** The first rows of the scores table (`utt_id` and the metric columns; other keys ignored). */
  preview: readonly Record<string, unknown>[];
  /** The first failed rows with their errors. */
  failures: readonly { utt_id: string; error: string }[];
}

/** Rows of the table shown. */
const SHOWN_ROWS = 10;

/** Three decimals, or three significant digits for values under 0.01. */
function rounded(v: unknown): unknown {
  if (typeof v !== "number" || !Number.isFinite(v)) return v;
  return Math.abs(v) >= 0.01 || v === 0 ? Math.round(v * 1000) / 1000 : Number(v.toPrecision(3));
}

/**
 * What a notebook shows for a {@linkcode ScoreResult}: a headline with the rows scored, their
 * hours and the failures, facts (failed rows, audio duration, the scorers with versions, the
 * output file, the time taken), the first rows (`utt_id` and the metric columns, rounded) and
 * the first failures with their errors. The scorers, rows and failures come from `detail`,
 * which `score` and `mergeScores` pass; without it the view shows the counts only.
 *
 * @param result From `score` or `mergeScores`.
 * @param detail Scorers, metric columns, first rows and failures.
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { scoreView } from "./score_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const view = scoreView(
 *   { out: "scores.parquet", rows: 2, errors: 0, seconds: 0.5, audioSeconds: 900 },
 *   {
 *     scorers: [{ name: "signal", version: "1" }],
 *     columns: ["lufs", "loss_proxy"],
 *     preview: [{ utt_id: "a", lufs: -23.0412, loss_proxy: 0 }, { utt_id: "b", lufs: -19.5 }],
 *     failures: [],
 *   },
 * );
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // score: 2 rows, 0.25 h, 0 failed
 * ```
 */
export function scoreView(result: ScoreResult, detail?: ScoreViewDetail): ResultView {
  const facts: [string, string | number][] = [
    ["rows scored", result.rows],
    ["failed", result.errors],
    ["audio", `${(result.audioSeconds / 3600).toFixed(2)} h (${result.audioSeconds.toFixed(1)} s)`],
  ];
  if (detail) {
    const scorers = detail.scorers.map((s) => `${s.name} v${s.version}`).join(", ");
    facts.push(["scorers", scorers || "none"]);
  }
  facts.push(["output", result.out], ["time", `${result.seconds.toFixed(1)} s`]);
  const view: ResultView = {
    title: `score: ${plural(result.rows, "row")}, ${durationText(result.audioSeconds)}, ` +
      `${result.errors} failed`,
    facts,
  };
  if (!detail) return view;
  const columns = ["utt_id", ...detail.columns.filter((c) => c !== "utt_id")];
  const shown = detail.preview.slice(0, SHOWN_ROWS).map((r) =>
    Object.fromEntries(columns.map((c) => [c, c === "utt_id" ? r[c] : rounded(r[c])]))
  );
  // The caption counts every row scored: the rows not kept in the preview are holes that the
  // table never reads (it shows only the first `shown.length`).
  const rows: Record<string, unknown>[] = new Array(Math.max(result.rows, shown.length));
  shown.forEach((r, i) => (rows[i] = r));
  const notes = detail.failures.map((f) => `failed: ${f.utt_id}: ${f.error}`);
  const more = result.errors - detail.failures.length;
  if (more > 0) notes.push(`... and ${plural(more, "more failed row")}`);
  return {
    ...view,
    table: { columns, rows },
    tableTitle: "scores (rounded)",
    maxRows: shown.length,
    notes,
  };
}
