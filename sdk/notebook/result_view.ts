/**
 * How the SDK's result objects show themselves in a notebook: a headline, the key facts, the
 * first rows of what was produced, and notes (where the outputs are, warnings). Each top-level
 * function (`discover`, `chunkPlan`, `score`, `train`, `evaluate`, `mineTextures`, ...) returns
 * its result through `displayAs` (`display_as.ts`), so a cell that ends with the result renders
 * it, and `show(result)` does the same from inside a cell.
 *
 * @module
 */

import { capBundle, escapeHtml, type MimeBundle } from "./display.ts";
import { type TableInput, tableView } from "./table_view.ts";

/** A fact's value: shown as text; numbers as they are, null as `n/a`. */
export type FactValue = string | number | boolean | null | undefined;

/** What a result shows: see {@linkcode resultBundle}. */
export interface ResultView {
  /** The headline, e.g. `discover: 12 files, 0.25 h`. */
  title: string;
  /** Key facts as label-value pairs, in display order. */
  facts?: readonly (readonly [string, FactValue])[];
  /** Rows of what was produced (records, columns plus rows, or an Arrow table). */
  table?: TableInput;
  /** Caption of the table. */
  tableTitle?: string;
  /** Rows of the table shown (default 10). */
  maxRows?: number;
  /** Lines shown after the table: output paths, warnings. */
  notes?: readonly string[];
}

function factText(v: FactValue): string {
  if (v === null || v === undefined) return "n/a";
  if (typeof v === "number" && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  return String(v);
}

/**
 * The MIME bundle of a result view: `text/html` (headline, a facts table, the rows as a
 * {@linkcode tableView}, notes) and `text/plain` (the same as aligned text), kept under the 1 MB
 * output budget. Every text is escaped.
 *
 * @param view See {@linkcode ResultView}.
 * @returns The bundle.
 *
 * @example
 * ```ts
 * import { resultBundle } from "./result_view.ts";
 * const b = resultBundle({
 *   title: "score: 2 rows",
 *   facts: [["scorers", "signal"], ["failed", 0]],
 *   table: [{ utt_id: "a", lufs: -23.04 }, { utt_id: "b", lufs: -19.5 }],
 * });
 * console.log(String(b["text/plain"]).split("\n").slice(0, 3).join("|"));
 * // score: 2 rows|  scorers  signal|  failed   0
 * ```
 */
export function resultBundle(view: ResultView): MimeBundle {
  const facts = (view.facts ?? []).map(([k, v]) => [k, factText(v)] as const);
  const table = view.table === undefined
    ? undefined
    : tableView(view.table, { maxRows: view.maxRows ?? 10, title: view.tableTitle });
  const notes = view.notes ?? [];

  const w = Math.max(0, ...facts.map(([k]) => k.length));
  const text = [view.title, ...facts.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)];
  if (table) text.push(table.toText());
  text.push(...notes);

  const factRows = facts.map(([k, v]) =>
    `<tr><th style="text-align:left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`
  ).join("");
  const html = `<div class="audiocurate-result"><p><b>${escapeHtml(view.title)}</b></p>` +
    (factRows ? `<table>${factRows}</table>` : "") +
    (table ? table.toHtml() : "") +
    (notes.length ? `<ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : "") +
    `</div>`;
  return capBundle({ "text/html": html, "text/plain": text.join("\n") });
}
