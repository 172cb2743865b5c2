/**
 * Errors of the table layer: a table file that cannot be read (naming the file, the 1-based line
 * and the column) and in-memory values that do not fit a column type.
 *
 * @module
 */

/** Where in a table file a problem sits. */
export interface TableFileLocation {
  /** 1-based physical line of the file where the record starts (the header is line 1). */
  line?: number;
  /** The column (CSV header name or JSON key) at fault. */
  column?: string;
}

/**
 * A table file (CSV, JSONL, Parquet) that cannot be read, or a row in it that does not fit its
 * schema. The message is one sentence naming the file, then the line and column when known:
 * `Cannot read table "<path>" at line <n>, column "<col>": <detail>`.
 *
 * @example
 * ```ts
 * import { TableFileError } from "./errors.ts";
 * const err = new TableFileError("a.csv", "expected a number, found \"x\"", { line: 3, column: "sr" });
 * console.log(err.message); // Cannot read table "a.csv" at line 3, column "sr": expected a number, found "x"
 * ```
 */
export class TableFileError extends Error {
  /** The file at fault. */
  readonly path: string;
  /** 1-based line where the faulty record starts, when known. */
  readonly line?: number;
  /** The column at fault, when known. */
  readonly column?: string;
  /** The problem alone, lower case, no final period. */
  readonly detail: string;
  /**
   * An error whose message names the file, the position when known, and the problem.
   *
   * @param path The file at fault.
   * @param detail The problem, a lower-case sentence fragment without final period.
   * @param where Line and column, when known.
   */
  constructor(path: string, detail: string, where: TableFileLocation = {}) {
    let at = "";
    if (where.line !== undefined) at += ` at line ${where.line}`;
    if (where.column !== undefined) at += `${at ? "," : ""} column "${where.column}"`;
    super(`Cannot read table "${path}"${at}: ${detail}`);
    this.name = "TableFileError";
    this.path = path;
    this.line = where.line;
    this.column = where.column;
    this.detail = detail;
  }
}

/** Where in in-memory table data a problem sits. */
export interface TableDataLocation {
  /** 0-based row index. */
  row?: number;
  /** The column at fault. */
  column?: string;
}

/**
 * In-memory rows or columns that do not fit the declared column types (a string in an int32
 * column, a null in a non-nullable column, a missing column).
 *
 * @example
 * ```ts
 * import { TableDataError } from "./errors.ts";
 * const err = new TableDataError("expected an int32, found 1.5", { column: "sr", row: 2 });
 * console.log(err.message); // Column "sr" at row index 2: expected an int32, found 1.5
 * ```
 */
export class TableDataError extends Error {
  /** 0-based row index, when known. */
  readonly row?: number;
  /** The column at fault, when known. */
  readonly column?: string;
  /**
   * An error whose message names the column and row when known, then the problem.
   *
   * @param detail The problem, a lower-case sentence fragment without final period.
   * @param where Row index and column, when known.
   */
  constructor(detail: string, where: TableDataLocation = {}) {
    let head = where.column !== undefined ? `Column "${where.column}"` : "";
    if (where.row !== undefined) head += `${head ? " at row" : "Row"} index ${where.row}`;
    super(head ? `${head}: ${detail}` : detail.charAt(0).toUpperCase() + detail.slice(1));
    this.name = "TableDataError";
    this.row = where.row;
    this.column = where.column;
  }
}
