/**
 * How a {@linkcode MineTexturesResult} shows itself in a notebook: sources mined and failed,
 * files per category, write outcomes, one row per source, and where the outputs are.
 * `mineTextures` returns its result with this display.
 *
 * @module
 */

import type { ResultView } from "../../notebook/result_view.ts";
import type { MineTexturesResult } from "./mine_textures.ts";

function counts(record: Readonly<Record<string, number>>, onlyNonZero = false): string {
  const parts = Object.entries(record).filter(([, n]) => !onlyNonZero || n > 0)
    .map(([k, n]) => `${k} ${n}`);
  return parts.join(", ") || "none";
}

/**
 * The notebook view of a mining batch: a headline with the project, sources mined and failed
 * and files written (or planned, for a dry run); facts (discovered and selected sources with
 * rejections by reason, the slice, the seed, files per category, write outcomes, time per
 * stage, the export folder); one row per source (path, folder, status, duration, files per
 * category, mean seam dip, error); notes with the output folders and the first failures.
 *
 * @param result What `mineTextures` returned.
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { mineTexturesView } from "./mine_textures_view.ts";
 * import { resultBundle } from "../../notebook/result_view.ts";
 * const zero = { pads: 0, swells: 0, clouds: 0, hiss: 0, drums: 0, silences: 0 };
 * const view = mineTexturesView({ version: 1, project: "p", input_dir: "in", export_root: "/x/p",
 *   seed: 42, config_sha256: "", dry_run: false, selection: { discovered: 2, selected: 1,
 *   rejected: { too_short: 1 } }, start_index: 0, count: 1, sources: [],
 *   totals: { ok: 1, failed: 0, files: { ...zero, pads: 3 },
 *     writes: { created: 3, unchanged: 0, replaced: 0, kept: 0 } } });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // mineTextures: project p, 1 source mined, 0 failed, 3 files
 * ```
 */
export function mineTexturesView(result: MineTexturesResult): ResultView {
  const r = result;
  const files = Object.values(r.totals.files).reduce((a, b) => a + b, 0);
  const sources = `${r.count} ${r.count === 1 ? "source" : "sources"}`;
  const title = r.dry_run
    ? `mineTextures (dry run): project ${r.project}, ${sources} planned`
    : `mineTextures: project ${r.project}, ${r.totals.ok} ${
      r.totals.ok === 1 ? "source" : "sources"
    } mined, ${r.totals.failed} failed, ${files} files`;
  const rejected = counts(r.selection.rejected, true);
  const last = r.start_index + r.count - 1;
  const facts: [string, string | number | null][] = [
    ["input", r.input_dir],
    [
      "sources",
      `${r.selection.discovered} discovered, ${r.selection.selected} selected` +
      (rejected !== "none" ? ` (rejected: ${rejected})` : ""),
    ],
    [
      "slice",
      r.count > 0 ? `${r.start_index}..${last} of ${r.selection.selected}` : "empty",
    ],
    ["seed", r.seed],
  ];
  if (!r.dry_run) {
    const w = r.totals.writes;
    facts.push(
      ["mined", `${r.totals.ok} ok, ${r.totals.failed} failed`],
      ["files", files],
      ["files by category", counts(r.totals.files)],
      [
        "writes",
        `${w.created} created, ${w.replaced} replaced, ${w.unchanged} unchanged, ${w.kept} kept`,
      ],
    );
    if (r.timings && Object.keys(r.timings).length > 0) {
      const ms = Object.values(r.timings).reduce((a, b) => a + b, 0);
      const parts = Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`);
      facts.push(["time", `${(ms / 1000).toFixed(2)} s (${parts.join(", ")})`]);
    }
  }
  facts.push(["output", r.export_root]);

  const table = r.sources.map((s) => ({
    index: s.index,
    source: s.rel_path,
    folder: `${s.slug}/`,
    status: s.status,
    duration_sec: s.duration_sec,
    ...(r.dry_run ? {} : { ...s.counts, seam_dip_db: s.mean_seam_dip_db, error: s.error ?? "" }),
  }));

  const notes = [`output: ${r.export_root}/<source>/{${Object.keys(r.totals.files).join(",")}}/`];
  if (!r.dry_run) notes.push(`results: ${r.export_root}/batch_results.json`);
  const failed = r.sources.filter((s) => s.status === "error");
  for (const s of failed.slice(0, 5)) notes.push(`failed: ${s.rel_path}: ${s.error}`);
  if (failed.length > 5) notes.push(`… and ${failed.length - 5} more failed sources`);
  if (!r.dry_run && r.totals.writes.kept > 0) {
    notes.push(
      `${r.totals.writes.kept} files kept: different content exists; force replaces it`,
    );
  }
  return { title, facts, table, tableTitle: "sources", notes };
}
