/**
 * The notebook view of a {@linkcode SelectionResult}: how many rows were kept, why the others
 * were rejected, then the selected rows by score.
 *
 * @module
 */

import { durationText } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { SelectionResult } from "./select_sources.ts";

/** Rejected rows named in the notes before "and N more". */
const NOTED_REJECTIONS = 5;

/**
 * What a notebook shows for a {@linkcode SelectionResult}: a headline with the rows selected of
 * those given and their hours, facts (rejections per reason, total and mean duration), the
 * selected rows by score (score, id, path, duration, channels, rate) and the first rejected
 * rows with their reasons.
 *
 * @param result From `selectSources`.
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { selectSourcesView } from "./select_sources_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const row = { id: "audio_0000", rel_path: "masters/a.wav", duration_sec: 60, sample_rate: 8000,
 *   channels: 1, file_size_mb: 1, format: "wav", bits_per_sample: 16, frames: 480000,
 *   error: null, selection_score: 10 };
 * const result = {
 *   selected: [row], rejected: [],
 *   summary: {
 *     input: 1, selected: 1, rejected: 0, totalDurationSec: 60, meanDurationSec: 60, top: [row],
 *     reasons: { unreadable: 0, skip_pattern: 0, too_short: 0, too_long: 0 },
 *   },
 * };
 * const text = String(resultBundle(selectSourcesView(result))["text/plain"]);
 * console.log(text.split("\n")[0]);
 * // select sources: 1 of 1 selected, 0.02 h
 * ```
 */
export function selectSourcesView(result: SelectionResult): ResultView {
  const s = result.summary;
  const reasons = Object.entries(s.reasons).filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`).join(", ");
  const notes = result.rejected.slice(0, NOTED_REJECTIONS).map((x) =>
    `rejected: ${x.row.rel_path}: ${x.reason} (${x.detail})`
  );
  if (result.rejected.length > NOTED_REJECTIONS) {
    notes.push(`... and ${result.rejected.length - NOTED_REJECTIONS} more rejected`);
  }
  return {
    title: `select sources: ${s.selected} of ${s.input} selected, ` +
      durationText(s.totalDurationSec),
    facts: [
      ["input rows", s.input],
      ["selected", s.selected],
      ["rejected", s.rejected],
      ["rejected by reason", reasons || "none"],
      [
        "selected duration",
        `${(s.totalDurationSec / 3600).toFixed(2)} h (${s.totalDurationSec.toFixed(1)} s)`,
      ],
      ["mean duration", `${s.meanDurationSec.toFixed(1)} s`],
    ],
    table: {
      columns: ["selection_score", "id", "rel_path", "duration_sec", "channels", "sample_rate"],
      rows: result.selected,
    },
    tableTitle: "selected, best first",
    notes,
  };
}
