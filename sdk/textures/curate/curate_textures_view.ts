/**
 * How a {@linkcode CurateTexturesResult} shows itself in a notebook: files per grade and per
 * category, the best-of copies, write outcomes, the manifest rows, and where the manifest is.
 * `curateTextures` returns its result with this display.
 *
 * @module
 */

import type { ResultView } from "../../notebook/result_view.ts";
import type { CurateTexturesResult } from "./curate_textures.ts";

/**
 * The notebook view of a curation: a headline with the files, the copies and the grades;
 * facts (files per grade, one line per category with its grades and copies, write outcomes,
 * the manifest and the best-of folder); the manifest rows (path, category, grade, score,
 * rank, copy, why not A; sorted by category and rank, as in the manifest); notes with the
 * files that could not be read.
 *
 * @param result What `curateTextures` returned.
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { curateTexturesView } from "./curate_textures_view.ts";
 * import { resultBundle } from "../../notebook/result_view.ts";
 * const view = curateTexturesView({ rows: [], manifestPath: "/best/manifest.csv",
 *   grades: { A: 3, B: 1, F: 1, E: 0 }, copies: { drums: 2, pads: 1 },
 *   writes: { created: 4, unchanged: 0, replaced: 0, kept: 0 } });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // curateTextures: 5 files, 3 copied to the best-of folder (A 3, B 1, F 1, E 0)
 * ```
 */
export function curateTexturesView(result: CurateTexturesResult): ResultView {
  const r = result;
  const g = r.grades;
  const files = g.A + g.B + g.F + g.E;
  const copied = Object.values(r.copies).reduce((a, b) => a + b, 0);
  const title = `curateTextures: ${files} ${files === 1 ? "file" : "files"}, ${copied} ` +
    `copied to the best-of folder (A ${g.A}, B ${g.B}, F ${g.F}, E ${g.E})`;
  const cats = new Map<string, { n: number; A: number; B: number; F: number; E: number }>();
  for (const row of r.rows) {
    const c = cats.get(row.category) ?? { n: 0, A: 0, B: 0, F: 0, E: 0 };
    c.n++;
    c[row.grade]++;
    cats.set(row.category, c);
  }
  const slash = r.manifestPath.lastIndexOf("/");
  const bestOf = slash > 0 ? r.manifestPath.slice(0, slash) : slash === 0 ? "/" : ".";
  const w = r.writes;
  const facts: [string, string | number | null][] = [
    ["files", files],
    ["grades", `A ${g.A}, B ${g.B}, F ${g.F}, E ${g.E} (unreadable)`],
  ];
  for (const [cat, c] of [...cats].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    const grades = (["A", "B", "F", "E"] as const).filter((k) => c[k] > 0)
      .map((k) => `${k} ${c[k]}`).join(", ");
    facts.push([
      cat || "(no category)",
      `${c.n} ${c.n === 1 ? "file" : "files"} (${grades})` +
      (cat ? `, ${r.copies[cat] ?? 0} copied` : ""),
    ]);
  }
  facts.push(
    ["copied", copied],
    [
      "writes",
      `${w.created} created, ${w.replaced} replaced, ${w.unchanged} unchanged, ${w.kept} kept`,
    ],
    ["manifest", r.manifestPath],
    ["best-of folder", bestOf],
  );
  const table = r.rows.map((row) => ({
    rel_path: row.rel_path,
    category: row.category,
    grade: row.grade,
    score: Number.isFinite(row.score) ? row.score : null,
    rank: row.rank,
    copy_path: row.copy_path,
    grade_reasons: row.grade_reasons,
  }));
  const notes: string[] = [];
  const unreadable = r.rows.filter((row) => row.grade === "E");
  for (const row of unreadable.slice(0, 5)) {
    notes.push(`unreadable: ${row.rel_path}: ${row.grade_reasons}`);
  }
  if (unreadable.length > 5) notes.push(`… and ${unreadable.length - 5} more unreadable files`);
  if (w.kept > 0) {
    notes.push(`${w.kept} files kept: different content exists; force replaces it`);
  }
  return { title, facts, table, tableTitle: "manifest", maxRows: 15, notes };
}
