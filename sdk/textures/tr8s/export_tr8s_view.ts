/**
 * How an {@linkcode ExportTr8sResult} shows itself in a notebook: the kit, samples per
 * category, the folders on the card, the format written, warnings and errors, one row per
 * sample, and where the kit and its mapping CSV are. `exportTr8s` returns its result with this
 * display.
 *
 * @module
 */

import type { ResultView } from "../../notebook/result_view.ts";
import type { ExportTr8sResult } from "./export_tr8s.ts";

/** Where the kit was written, when known (the result's paths are relative to it). */
export interface ExportTr8sViewContext {
  /** The card root given as `outputDir` to `exportTr8s`. */
  outputDir?: string;
}

/** The device's sample folder (same value as `TR8S_SAMPLE_DIR`, kept here to import nothing). */
const SAMPLE_DIR = "ROLAND/TR-8S/SAMPLE";

function firstFew<T>(items: readonly T[], n: number, line: (x: T) => string, rest: string) {
  const out = items.slice(0, n).map(line);
  if (items.length > n) out.push(`… and ${items.length - n} more ${rest}`);
  return out;
}

/**
 * The notebook view of a TR-8S export: a headline with the kit, samples, folders, errors and
 * warnings; facts (samples per category, the folders, sample rates, bit depths and channels
 * written, total seconds, write outcomes, the kit folder and mapping CSV); one row per sample
 * (device name, folder, source, category, channels, seconds, warnings); notes with the first
 * errors and warnings.
 *
 * @param result What `exportTr8s` returned.
 * @param context The card root, to show absolute paths (`exportTr8s` passes it).
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { exportTr8sView } from "./export_tr8s_view.ts";
 * import { resultBundle } from "../../notebook/result_view.ts";
 * const view = exportTr8sView({ rows: [], errors: [], folders: ["DUST_DRM"], warnings: [],
 *   mapPath: "tr8s_map_DUST.csv", writes: { created: 1, unchanged: 0, replaced: 0, kept: 0 } },
 *   { outputDir: "/card" });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // exportTr8s: kit DUST, 0 samples in 1 folder, 0 errors, 0 warnings
 * ```
 */
export function exportTr8sView(
  result: ExportTr8sResult,
  context: ExportTr8sViewContext = {},
): ResultView {
  const r = result;
  const kit = /^tr8s_map_(.*)\.csv$/.exec(r.mapPath)?.[1] ?? r.rows[0]?.kit ?? "";
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const title = `exportTr8s: kit ${kit}, ${n(r.rows.length, "sample")} in ${
    n(r.folders.length, "folder")
  }, ${n(r.errors.length, "error")}, ${n(r.warnings.length, "warning")}`;
  const root = context.outputDir === undefined ? "" : `${context.outputDir.replace(/\/+$/, "")}/`;
  const byCat = new Map<string, number>();
  for (const row of r.rows) byCat.set(row.category, (byCat.get(row.category) ?? 0) + 1);
  const distinct = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b).join(", ");
  const seconds = r.rows.reduce((a, row) => a + row.duration_sec, 0);
  const w = r.writes;
  const facts: [string, string | number | null][] = [
    ["kit", kit],
    ["samples", r.rows.length],
    [
      "by category",
      [...byCat].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([c, k]) => `${c} ${k}`)
        .join(", ") || "none",
    ],
    ["folders", r.folders.join(", ") || "none"],
  ];
  if (r.rows.length > 0) {
    facts.push([
      "format",
      `${distinct(r.rows.map((x) => x.sample_rate))} Hz, ` +
      `${distinct(r.rows.map((x) => x.bit_depth))}-bit, ` +
      `${distinct(r.rows.map((x) => x.channels))} ch`,
    ], ["total seconds", Math.round(seconds * 100) / 100]);
  }
  facts.push(
    ["errors", r.errors.length],
    ["warnings", r.warnings.length],
    [
      "writes",
      `${w.created} created, ${w.replaced} replaced, ${w.unchanged} unchanged, ${w.kept} kept`,
    ],
    ["kit folder", `${root}${SAMPLE_DIR}/`],
    ["mapping CSV", `${root}${r.mapPath}`],
  );
  const table = r.rows.map((row) => ({
    name: row.name,
    folder: row.folder,
    source: row.source_path,
    category: row.category,
    channels: row.channels,
    duration_sec: row.duration_sec,
    warnings: row.warnings,
  }));
  const notes = [
    ...firstFew(r.errors, 5, (e) => `error: ${e.source_path}: ${e.error}`, "errors"),
    ...firstFew(r.warnings, 5, (x) => `warning: ${x}`, "warnings"),
  ];
  if (w.kept > 0) notes.push(`${w.kept} files kept: different content exists; force replaces it`);
  return { title, facts, table, tableTitle: "samples", notes };
}
