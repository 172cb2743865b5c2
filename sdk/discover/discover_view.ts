/**
 * The notebook view of a {@linkcode DiscoverResult}: files, hours, formats and unreadable files
 * at a glance, then the first catalog rows. Type-only imports keep the `discover` command fast.
 *
 * @module
 */

import { durationText, plural } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { DiscoverResult } from "./discover.ts";

/** Unreadable files named in the notes before "and N more". */
const NOTED_ERRORS = 5;

function countsText(counts: Record<string, number>): string {
  return Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
}

/**
 * What a notebook shows for a {@linkcode DiscoverResult}: a headline with the file count, hours
 * and unreadable files, facts (readable files, duration, formats, error reasons, skipped
 * folders), the first catalog rows (id, path, duration, rate, channels, format, size, error) and
 * the first unreadable files with their reasons.
 *
 * @param result From `discover`.
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { discoverView } from "./discover_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const view = discoverView({
 *   rows: [{
 *     id: "audio_0000", rel_path: "a/tone.wav", duration_sec: 900, sample_rate: 8000,
 *     channels: 1, file_size_mb: 13.7, format: "wav", bits_per_sample: 16, frames: 7200000,
 *     error: null,
 *   }],
 *   summary: {
 *     files: 1, readable: 1, errors: 0, totalDurationSec: 900, formats: { wav: 1 },
 *     errorReasons: {}, skippedDirs: 0, repeatedDirs: 0,
 *   },
 * });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // discover: 1 file, 0.25 h, 0 unreadable
 * ```
 */
export function discoverView(result: DiscoverResult): ResultView {
  const s = result.summary;
  const facts: [string, string | number][] = [
    ["files", s.files],
    ["readable", s.readable],
    ["unreadable", s.errors],
    [
      "duration",
      `${(s.totalDurationSec / 3600).toFixed(2)} h (${s.totalDurationSec.toFixed(1)} s)`,
    ],
    ["formats", countsText(s.formats)],
    ["error reasons", countsText(s.errorReasons)],
    ["skipped folders", s.skippedDirs],
  ];
  if (s.repeatedDirs > 0) facts.push(["folder links not followed again", s.repeatedDirs]);
  const bad = result.rows.filter((r) => r.error !== null);
  const notes = bad.slice(0, NOTED_ERRORS).map((r) => `unreadable: ${r.rel_path}: ${r.error}`);
  if (bad.length > NOTED_ERRORS) {
    notes.push(`... and ${plural(bad.length - NOTED_ERRORS, "more unreadable file")}`);
  }
  return {
    title: `discover: ${plural(s.files, "file")}, ${durationText(s.totalDurationSec)}, ` +
      `${s.errors} unreadable`,
    facts,
    table: {
      columns: [
        "id",
        "rel_path",
        "duration_sec",
        "sample_rate",
        "channels",
        "format",
        "file_size_mb",
        "error",
      ],
      rows: result.rows,
    },
    tableTitle: "catalog",
    notes,
  };
}
