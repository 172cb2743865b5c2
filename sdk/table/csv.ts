/**
 * CSV tables: parse and write RFC 4180 text, read files with an optional zod row schema (values
 * coerced from strings, errors naming file, line and column), stream big files row by row.
 *
 * Writing quotes a field only when it holds the delimiter, a quote, CR or LF (quotes doubled),
 * ends every record with `"\n"` by default (`eol: "\r\n"` on request), formats numbers in
 * JavaScript's shortest round-trip form (`String(x)`: `0.1`, `1e-7`, `NaN`, `Infinity`), writes
 * booleans as `true`/`false`, null and undefined as an empty field, arrays, typed arrays and
 * objects as JSON. Reading accepts LF, CRLF or both, skips empty lines and a byte-order mark,
 * and keeps every other character (spaces included) as written.
 *
 * @module
 */

import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
import { type WriteOutcome, writeOutput } from "../io/write_output.ts";
import {
  type CsvRecord,
  CsvSyntaxError,
  parseCsvRecords,
  streamCsvRecords,
  stringifyCsvRecords,
} from "./_csv.ts";
import { checkRow, csvCoercer } from "./_schema_rows.ts";
import { parseOptions } from "./_options.ts";
import { TableFileError } from "./errors.ts";

/**
 * Dialect options of CSV reading; the zod schema holds the defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CsvReadDialectSchema = z.object({
  /** Field delimiter, one character. Default `,` (use `\t` for TSV). */
  delimiter: z.string().length(1).default(","),
  /** Quote character, or false to read quotes as ordinary text (loose TSV). Default `"`. */
  quote: z.union([z.string().length(1), z.literal(false)]).default('"'),
});

/**
 * Options of CSV writing; the zod schema holds the defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CsvWriteOptionsSchema = z.object({
  /** Field delimiter, one character. Default `,`. */
  delimiter: z.string().length(1).default(","),
  /** Line end after every record, header included. Default `"\n"`. */
  eol: z.enum(["\n", "\r\n"]).default("\n"),
  /** Write the header line. Default true. */
  header: z.boolean().default(true),
  /** Replace an existing file whose content differs ({@linkcode writeCsv}). Default false. */
  overwrite: z.boolean().default(false),
});

/** Options of {@linkcode parseCsv}. */
export interface ParseCsvOptions<T = Record<string, string>> {
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Quote character, or false to read quotes as ordinary text. Default `"`. */
  quote?: string | false;
  /**
   * Row schema. CSV strings are first coerced to what each column expects (numbers,
   * booleans, JSON arrays; an empty field becomes null in a nullable column and is left out
   * in an optional one), then validated.
   */
  schema?: ZodSchema<T>;
  /** Name of the text's origin in error messages. Default `<text>`. */
  source?: string;
}

/** Options of {@linkcode readCsv} and {@linkcode readCsvRows}. */
export interface ReadCsvOptions<T = Record<string, string>> {
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Quote character, or false to read quotes as ordinary text. Default `"`. */
  quote?: string | false;
  /** Row schema, see {@linkcode ParseCsvOptions.schema}. */
  schema?: ZodSchema<T>;
  /**
   * Called with each bad row (wrong field count, schema failure); the row is skipped and
   * reading goes on. Without it the first bad row throws. Malformed quoting always throws.
   */
  onError?: (error: TableFileError) => void;
}

/** Options of {@linkcode stringifyCsv}. */
export interface StringifyCsvOptions {
  /** Columns in order. Default: every key of the rows, in order of first appearance. */
  columns?: readonly string[];
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Line end after every record. Default `"\n"`. */
  eol?: "\n" | "\r\n";
  /** Write the header line. Default true. */
  header?: boolean;
}

/** Options of {@linkcode writeCsv}. */
export interface WriteCsvOptions extends StringifyCsvOptions {
  /** Replace an existing file whose content differs. Default false (it throws instead). */
  overwrite?: boolean;
}

interface Converter<T> {
  header?: string[];
  convert(rec: CsvRecord): { ok: true; value: T } | { ok: false; error: TableFileError };
}

function converter<T>(source: string, schema: ZodSchema<T> | undefined): Converter<T> {
  const coerce = schema ? csvCoercer(schema) : undefined;
  const conv: Converter<T> = {
    convert(rec) {
      const header = conv.header;
      if (!header) {
        const seen = new Set<string>();
        for (const name of rec.fields) {
          if (seen.has(name)) {
            return {
              ok: false,
              error: new TableFileError(source, `the header names column "${name}" twice`, {
                line: rec.line,
              }),
            };
          }
          seen.add(name);
        }
        conv.header = rec.fields;
        return { ok: true, value: undefined as T };
      }
      if (rec.fields.length !== header.length) {
        return {
          ok: false,
          error: new TableFileError(
            source,
            `expected ${header.length} fields as in the header, found ${rec.fields.length}`,
            { line: rec.line },
          ),
        };
      }
      const raw = Object.fromEntries(header.map((h, i) => [h, rec.fields[i]]));
      if (!schema) return { ok: true, value: raw as T };
      return checkRow(schema, coerce!(raw), raw, { path: source, line: rec.line });
    },
  };
  return conv;
}

const SKIP = Symbol("skip");

/** Convert one record; the header and rows sent to `onError` give SKIP. */
function accept<T>(
  conv: Converter<T>,
  rec: CsvRecord,
  onError: ((error: TableFileError) => void) | undefined,
): T | typeof SKIP {
  const first = !conv.header;
  const res = conv.convert(rec);
  if (!res.ok) {
    if (onError && !first) {
      onError(res.error);
      return SKIP;
    }
    throw res.error;
  }
  return first ? SKIP : res.value;
}

function convertAll<T>(
  records: CsvRecord[],
  conv: Converter<T>,
  onError: ((error: TableFileError) => void) | undefined,
): T[] {
  const out: T[] = [];
  for (const rec of records) {
    const v = accept(conv, rec, onError);
    if (v !== SKIP) out.push(v);
  }
  return out;
}

function syntaxError(source: string, err: unknown): unknown {
  return err instanceof CsvSyntaxError
    ? new TableFileError(source, err.message, { line: err.line })
    : err;
}

/**
 * Parse CSV text with a header line into one object per record. Without a schema every value is
 * the field's string; with one, values are coerced and validated (see
 * {@linkcode ParseCsvOptions.schema}).
 *
 * @param text CSV text; the first non-empty record is the header.
 * @param options Delimiter, quote, row schema, source name.
 * @returns The records.
 * @throws {TableFileError} On malformed quoting, a wrong field count or a schema failure, naming
 * the line and column.
 *
 * @example
 * ```ts
 * import { parseCsv } from "./csv.ts";
 * import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
 * const text = 'id,name\n1,"Smith, J."\n2,"say ""hi"""\n';
 * console.log(parseCsv(text)); // [ { id: "1", name: "Smith, J." }, { id: "2", name: 'say "hi"' } ]
 * const typed = parseCsv(text, { schema: z.object({ id: z.number(), name: z.string() }) });
 * console.log(typed[0].id + 1); // 2
 * ```
 */
export function parseCsv<T = Record<string, string>>(
  text: string,
  options: ParseCsvOptions<T> = {},
): T[] {
  const source = options.source ?? "<text>";
  const dialect = parseOptions(CsvReadDialectSchema, options, "parseCsv");
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text, dialect);
  } catch (err) {
    throw syntaxError(source, err);
  }
  return convertAll(records, converter(source, options.schema), undefined);
}

async function openCsv(path: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new TableFileError(path, "the file does not exist");
    }
    throw new TableFileError(path, (err as Error).message);
  }
}

/**
 * Stream a CSV file record by record: the file is read in chunks and each row is yielded as soon
 * as it is complete, so files larger than memory can be processed. Breaking out of the loop
 * closes the file.
 *
 * @param path The CSV file.
 * @param options Delimiter, quote, row schema, error callback.
 * @returns An async generator of rows.
 * @throws {TableFileError} Naming the file, the 1-based line and the column.
 *
 * @example
 * ```ts
 * import { readCsvRows } from "./csv.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "x,y\n1,2\n3,4\n");
 * for await (const row of readCsvRows(`${dir}/a.csv`)) console.log(row.x); // 1, then 3
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function* readCsvRows<T = Record<string, string>>(
  path: string,
  options: ReadCsvOptions<T> = {},
): AsyncGenerator<T> {
  const dialect = parseOptions(CsvReadDialectSchema, options, "readCsvRows");
  const file = await openCsv(path);
  const conv = converter(path, options.schema);
  const records = streamCsvRecords(file.readable, dialect);
  try {
    while (true) {
      let step: IteratorResult<CsvRecord>;
      try {
        step = await records.next();
      } catch (err) {
        throw syntaxError(path, err);
      }
      if (step.done) return;
      const res = accept(conv, step.value, options.onError);
      if (res !== SKIP) yield res;
    }
  } finally {
    await records.return(undefined);
  }
}

/**
 * Read a whole CSV file with a header line. With a schema each row is coerced from strings and
 * validated; the first bad row throws (or goes to `onError` and is skipped).
 *
 * @param path The CSV file.
 * @param options Delimiter, quote, row schema, error callback.
 * @returns The rows.
 * @throws {TableFileError} Naming the file, the 1-based line and the column, e.g.
 * `Cannot read table "a.csv" at line 3, column "sr": invalid input: expected number, received
 * string (found "abc")`.
 *
 * @example
 * ```ts
 * import { readCsv } from "./csv.ts";
 * import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "id,sr\na,16000\nb,x\n");
 * const schema = z.object({ id: z.string(), sr: z.int() });
 * try {
 *   await readCsv(`${dir}/a.csv`, { schema });
 * } catch (err) {
 *   console.log((err as Error).message.includes('at line 3, column "sr"')); // true
 * }
 * const skipped: string[] = [];
 * const rows = await readCsv(`${dir}/a.csv`, { schema, onError: (e) => skipped.push(e.message) });
 * console.log(rows, skipped.length); // [ { id: "a", sr: 16000 } ] 1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readCsv<T = Record<string, string>>(
  path: string,
  options: ReadCsvOptions<T> = {},
): Promise<T[]> {
  const dialect = parseOptions(CsvReadDialectSchema, options, "readCsv");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new TableFileError(path, "the file does not exist");
    }
    throw new TableFileError(path, (err as Error).message);
  }
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text, dialect);
  } catch (err) {
    throw syntaxError(path, err);
  }
  return convertAll(records, converter(path, options.schema), options.onError);
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  switch (typeof v) {
    case "string":
      return v;
    case "number":
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "true" : "false";
  }
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return JSON.stringify(Array.from(v as unknown as ArrayLike<number>, (x) => Number(x)));
  }
  return JSON.stringify(v);
}

/**
 * Write rows as RFC 4180 CSV text with a header line (see the module notes for how values are
 * written). Columns default to every key of the rows in order of first appearance; a key not
 * in `columns` is not written.
 *
 * @param rows The rows.
 * @param options Columns, delimiter, line end, header.
 * @returns The CSV text, every record (header included) ending with `eol`.
 *
 * @example
 * ```ts
 * import { stringifyCsv } from "./csv.ts";
 * const text = stringifyCsv([{ id: "a,b", score: 0.1 + 0.2, ok: true, note: null }]);
 * console.log(JSON.stringify(text)); // "id,score,ok,note\n\"a,b\",0.30000000000000004,true,\n"
 * ```
 */
export function stringifyCsv(
  rows: Iterable<Record<string, unknown>>,
  options: StringifyCsvOptions = {},
): string {
  const format = parseOptions(CsvWriteOptionsSchema, options, "stringifyCsv");
  const list = Array.isArray(rows) ? rows as Record<string, unknown>[] : [...rows];
  let columns = options.columns ? [...options.columns] : undefined;
  if (!columns) {
    const seen = new Set<string>();
    for (const r of list) for (const k of Object.keys(r)) seen.add(k);
    columns = [...seen];
  }
  if (columns.length === 0) return "";
  const records: string[][] = format.header ? [columns] : [];
  for (const r of list) records.push(columns.map((c) => formatValue(r[c])));
  return stringifyCsvRecords(records, format);
}

/**
 * Write rows to a CSV file atomically (temporary file and rename). An existing file with the same
 * bytes is left alone; one with different bytes is replaced only with `overwrite`.
 *
 * @param path Target file; its folder is created.
 * @param rows The rows.
 * @param options Columns, delimiter, line end, header, overwrite.
 * @returns Whether the file was created, unchanged or replaced.
 * @throws {UsageError} When the file exists with other content and `overwrite` is not set.
 *
 * @example
 * ```ts
 * import { readCsv, writeCsv } from "./csv.ts";
 * const dir = await Deno.makeTempDir();
 * const rows = [{ utt_id: "u1", text: 'He said "hi",\nthen left' }];
 * console.log(await writeCsv(`${dir}/a.csv`, rows)); // created
 * console.log(await readCsv(`${dir}/a.csv`)); // [ { utt_id: "u1", text: 'He said "hi",\nthen left' } ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeCsv(
  path: string,
  rows: Iterable<Record<string, unknown>>,
  options: WriteCsvOptions = {},
): Promise<WriteOutcome> {
  const { overwrite } = parseOptions(CsvWriteOptionsSchema, options, "writeCsv");
  return await writeOutput(path, stringifyCsv(rows, options), { force: overwrite });
}
