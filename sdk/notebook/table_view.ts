/**
 * A notebook view of a table: the first rows as an escaped HTML table and as aligned text.
 *
 * @module
 */

import type { Table } from "apache-arrow";
import { z } from "zod";
import { $display, capBundle, escapeHtml, type MimeBundle, ShowOptionsSchema } from "./display.ts";

/** A table given as columns plus rows (arrays in column order, or records keyed by column). */
export interface ColumnsAndRows {
  /** Column names, in display order. */
  columns: readonly string[];
  /** Rows: positional arrays or records (objects, interface-typed rows included). */
  rows: readonly (readonly unknown[] | object)[];
}

/**
 * What {@linkcode tableView} accepts: an array of records (any objects, such as the SDK's
 * interface-typed rows; columns are their own enumerable keys in first-seen order), columns plus
 * rows, or an Apache Arrow table.
 */
export type TableInput = readonly object[] | ColumnsAndRows | Table;

/**
 * Defaults of {@linkcode tableView}; the single source of those numbers.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const TableViewOptionsSchema = z.object({
  /** Rows shown (the first N). */
  maxRows: z.number().int().min(0).default(20),
  /** Characters kept of one cell; longer cells end with an ellipsis. */
  maxCellChars: z.number().int().min(1).default(200),
  /** Decimals of non-integer number columns. */
  digits: z.number().int().min(0).max(12).default(3),
  /** Title shown above the table. */
  title: z.string().optional(),
  /** Byte budget of the bundle. */
  maxBytes: ShowOptionsSchema.shape.maxBytes,
});

/** Options of {@linkcode tableView}. */
export interface TableViewOptions {
  /** Rows shown, the first N (default 20). */
  maxRows?: number;
  /** Characters kept of one cell (default 200); longer cells end with "…". */
  maxCellChars?: number;
  /** Decimals of non-integer number columns (default 3). */
  digits?: number;
  /** Title shown in the caption. */
  title?: string;
  /** Byte budget of the bundle (default 1 000 000); see `capBundle`. */
  maxBytes?: number;
}

interface Prepared {
  columns: string[];
  rows: unknown[][];
  total: number;
}

function isArrowTable(x: unknown): x is Table {
  if (typeof x !== "object" || x === null) return false;
  const t = x as Record<string, unknown>;
  const schema = t.schema as { fields?: unknown } | undefined;
  return typeof t.numRows === "number" && Array.isArray(schema?.fields) &&
    typeof t.getChildAt === "function";
}

function isColumnsAndRows(x: unknown): x is ColumnsAndRows {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const c = x as Record<string, unknown>;
  return Array.isArray(c.columns) && Array.isArray(c.rows);
}

function prepare(input: TableInput, maxRows: number): Prepared {
  if (isArrowTable(input)) {
    const shown = Math.min(maxRows, input.numRows);
    const columns = input.schema.fields.map((f) => f.name);
    const vectors = columns.map((_, j) => input.getChildAt(j));
    const rows: unknown[][] = [];
    for (let i = 0; i < shown; i++) rows.push(vectors.map((v) => v?.get(i) ?? null));
    return { columns, rows, total: input.numRows };
  }
  if (isColumnsAndRows(input)) {
    const columns = [...input.columns];
    const shown = input.rows.slice(0, maxRows);
    const rows = shown.map((r) =>
      Array.isArray(r)
        ? columns.map((_, j) => (r as readonly unknown[])[j])
        : columns.map((c) => (r as Record<string, unknown>)[c])
    );
    return { columns, rows, total: input.rows.length };
  }
  if (Array.isArray(input)) {
    const shown = (input as readonly object[]).slice(0, maxRows) as Record<string, unknown>[];
    const seen = new Set<string>();
    const columns: string[] = [];
    for (const r of shown) {
      for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), columns.push(k);
    }
    return { columns, rows: shown.map((r) => columns.map((c) => r[c])), total: input.length };
  }
  throw new TypeError(
    `Cannot show "${
      Deno.inspect(input, { colors: false, depth: 0 })
    }" as a table: expected an array of records, {columns, rows} or an Arrow table`,
  );
}

/**
 * Group the digits of an integer with commas: `1234567` -> `1,234,567` (locale independent).
 *
 * @param n A count.
 * @returns Grouped digits.
 *
 * @example
 * ```ts
 * import { groupThousands } from "./table_view.ts";
 * console.log(groupThousands(1234567)); // 1,234,567
 * ```
 */
export function groupThousands(n: number | bigint): string {
  const s = String(n);
  const neg = s.startsWith("-");
  const digits = neg ? s.slice(1) : s;
  if (!/^\d+$/.test(digits)) return s;
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatNumber(v: number | bigint, float: boolean, digits: number): string {
  if (typeof v === "bigint") return String(v);
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (!float) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 10 ** -digits || a >= 1e15)) return v.toExponential(Math.max(1, digits - 1));
  return v.toFixed(digits);
}

function listText(items: ArrayLike<unknown>, max: number): string {
  const n = items.length;
  const parts: string[] = [];
  let len = 2;
  for (let i = 0; i < n; i++) {
    const s = cellText(items[i], max, 3);
    len += s.length + 2;
    if (len > max) {
      parts.push(`… (${n})`);
      break;
    }
    parts.push(s);
  }
  return `[${parts.join(", ")}]`;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => typeof x === "bigint" ? String(x) : x) ?? String(v);
  } catch {
    return Deno.inspect(v, { colors: false, depth: 2, compact: true, breakLength: Infinity });
  }
}

function cellText(v: unknown, max: number, digits: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v, !Number.isInteger(v), digits);
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
  if (v instanceof Uint8Array) return `<${groupThousands(v.length)} bytes>`;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return listText(v as unknown as ArrayLike<unknown>, max);
  }
  if (Array.isArray(v)) return listText(v, max);
  const o = v as { toArray?: () => ArrayLike<unknown>; toJSON?: () => unknown; length?: unknown };
  if (typeof o.toArray === "function" && typeof o.length === "number") {
    return listText(o.toArray(), max); // Arrow list vector
  }
  if (typeof o.toJSON === "function") return safeJson(o.toJSON()); // Arrow struct row
  return safeJson(v);
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\r\n|\r|\n/g, "⏎").replace(/\t/g, " ");
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

/**
 * A table shown in a notebook: an HTML table (every cell escaped) and aligned plain text of the
 * first rows, with a "showing N of M rows" caption. Build it with {@linkcode tableView}.
 */
export class TableView {
  /** Column names. */
  readonly columns: readonly string[];
  /** Rows of the whole input. */
  readonly totalRows: number;
  /** Rows shown. */
  readonly shownRows: number;
  #cells: string[][];
  #numeric: boolean[];
  #title?: string;
  #maxBytes: number;

  /**
   * Format the first rows of a table.
   *
   * @param input The table.
   * @param options See {@linkcode TableViewOptions}.
   */
  constructor(input: TableInput, options: TableViewOptions = {}) {
    const opts = TableViewOptionsSchema.parse(options);
    const p = prepare(input, opts.maxRows);
    this.columns = p.columns;
    this.totalRows = p.total;
    this.shownRows = p.rows.length;
    this.#title = opts.title;
    this.#maxBytes = opts.maxBytes;
    this.#numeric = p.columns.map((_, j) =>
      p.rows.some((r) => r[j] !== null && r[j] !== undefined) &&
      p.rows.every((r) =>
        r[j] === null || r[j] === undefined || typeof r[j] === "number" ||
        typeof r[j] === "bigint"
      )
    );
    const float = p.columns.map((_, j) =>
      p.rows.some((r) => typeof r[j] === "number" && !Number.isInteger(r[j]))
    );
    this.#cells = p.rows.map((r) =>
      r.map((v, j) => {
        const text = this.#numeric[j] && v !== null && v !== undefined
          ? formatNumber(v as number | bigint, float[j], opts.digits)
          : cellText(v, opts.maxCellChars, opts.digits);
        return clip(text, opts.maxCellChars);
      })
    );
  }

  /**
   * The caption: optional title, then "showing N of M rows, K columns".
   *
   * @returns One line of text.
   */
  caption(): string {
    const rows = `showing ${groupThousands(this.shownRows)} of ${groupThousands(this.totalRows)} ` +
      `row${this.totalRows === 1 ? "" : "s"}, ${this.columns.length} ` +
      `column${this.columns.length === 1 ? "" : "s"}`;
    return this.#title ? `${this.#title}: ${rows}` : rows;
  }

  /**
   * The HTML table; every header and cell is escaped.
   *
   * @returns An HTML fragment.
   */
  toHtml(): string {
    const right = "text-align:right;font-variant-numeric:tabular-nums";
    const th = this.columns.map((c, j) =>
      `<th${this.#numeric[j] ? ` style="${right}"` : ""}>${escapeHtml(clip(c, 200))}</th>`
    ).join("");
    const body = this.#cells.map((r) =>
      "<tr>" + r.map((s, j) =>
        `<td${this.#numeric[j] ? ` style="${right}"` : ""}>${escapeHtml(s)}</td>`
      ).join("") + "</tr>"
    ).join("\n");
    return `<table class="audiocurate-table">\n<caption style="caption-side:top;text-align:left">` +
      `${escapeHtml(this.caption())}</caption>\n<thead><tr>${th}</tr></thead>\n` +
      `<tbody>\n${body}\n</tbody>\n</table>`;
  }

  /**
   * Aligned plain text: caption, header, rows; number columns right-aligned.
   *
   * @returns Text lines joined by newlines.
   */
  toText(): string {
    const heads = this.columns.map((c) => clip(c, 200));
    const widths = heads.map((h, j) => Math.max(h.length, ...this.#cells.map((r) => r[j].length)));
    const line = (cells: string[]) =>
      cells.map((s, j) => this.#numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]))
        .join("  ").trimEnd();
    return [this.caption(), line(heads), ...this.#cells.map(line)].join("\n");
  }

  /**
   * The MIME bundle (`text/html` and `text/plain`), capped at the byte budget.
   *
   * @returns The bundle.
   */
  [$display](): MimeBundle {
    return capBundle({ "text/html": this.toHtml(), "text/plain": this.toText() }, this.#maxBytes);
  }

  /**
   * Same as {@linkcode TableView.toText}.
   *
   * @returns Plain text.
   */
  toString(): string {
    return this.toText();
  }
}

/**
 * View the first rows of a table in a notebook. Accepts an array of records, `{columns, rows}`
 * or an Apache Arrow `Table`. Columns of records are those of the shown rows, in first-seen
 * order. Numbers are right-aligned; non-integer columns get `digits` decimals.
 *
 * @param input The table.
 * @param options See {@linkcode TableViewOptions}.
 * @returns A displayable {@linkcode TableView}.
 *
 * @example
 * ```ts
 * import { tableView } from "./table_view.ts";
 * const view = tableView([{ id: "a", snr: 12.5 }, { id: "b", snr: 3 }], { maxRows: 1 });
 * console.log(view.toText());
 * // showing 1 of 2 rows, 2 columns
 * // id     snr
 * // a   12.500
 * ```
 */
export function tableView(input: TableInput, options: TableViewOptions = {}): TableView {
  return new TableView(input, options);
}
