/**
 * JSON Lines tables (one JSON object a line, e.g. the utterance manifest): lazy streaming reads
 * with an optional zod row schema, streaming atomic writes, and string forms.
 *
 * Reading accepts LF and CRLF, skips blank lines, takes a last line without newline, and names
 * the file and the 1-based line of any bad line. Writing emits one `JSON.stringify` object per
 * line, each ending with `"\n"`; typed arrays become arrays, bigints numbers (when exact), and,
 * as in JSON itself, `NaN`/`Infinity` become null and undefined values are left out.
 *
 * @module
 */

import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
import type { WriteOutcome } from "../io/write_output.ts";
import { writeTextStreamed } from "./_commit.ts";
import { checkRow } from "./_schema_rows.ts";
import { parseOptions } from "./_options.ts";
import { TableDataError, TableFileError } from "./errors.ts";

/** Options of {@linkcode readJsonl} and {@linkcode parseJsonl}. */
export interface ReadJsonlOptions<T = Record<string, unknown>> {
  /** Row schema every object is validated against (and transformed by). */
  schema?: ZodSchema<T>;
  /**
   * Called with each bad line (invalid JSON, not an object, schema failure); the line is
   * skipped and reading goes on. Without it the first bad line throws.
   */
  onError?: (error: TableFileError) => void;
}

/** Options of {@linkcode parseJsonl}. */
export interface ParseJsonlOptions<T = Record<string, unknown>> extends ReadJsonlOptions<T> {
  /** Name of the text's origin in error messages. Default `<text>`. */
  source?: string;
}

/**
 * Options of {@linkcode writeJsonl}; the zod schema holds the defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const WriteJsonlOptionsSchema = z.object({
  /** Replace an existing file whose content differs. Default false. */
  overwrite: z.boolean().default(false),
});

/** Options of {@linkcode writeJsonl}. */
export interface WriteJsonlOptions {
  /** Replace an existing file whose content differs. Default false (it throws instead). */
  overwrite?: boolean;
}

async function* textLines(readable: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = readable.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  try {
    while (true) {
      const step = await reader.read();
      if (step.done) break;
      buf += step.value;
      let start = 0;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n", start)) {
        const end = i > start && buf.charCodeAt(i - 1) === 13 ? i - 1 : i;
        yield buf.slice(start, end);
        start = i + 1;
      }
      buf = buf.slice(start);
    }
    if (buf.length > 0) yield buf.endsWith("\r") ? buf.slice(0, -1) : buf;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function* splitLines(text: string): Generator<string> {
  let start = 0;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  for (let i = text.indexOf("\n", start); i >= 0; i = text.indexOf("\n", start)) {
    const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    yield text.slice(start, end);
    start = i + 1;
  }
  if (start < text.length) yield text.endsWith("\r") ? text.slice(start, -1) : text.slice(start);
}

const SKIP = Symbol("skip");

function parseLine<T>(
  line: string,
  lineNo: number,
  source: string,
  options: ReadJsonlOptions<T>,
): T | typeof SKIP {
  if (line.trim() === "") return SKIP;
  let error: TableFileError | undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    error = new TableFileError(
      source,
      `the line is not valid JSON (${(err as Error).message})`,
      { line: lineNo },
    );
  }
  if (!error && (value === null || typeof value !== "object" || Array.isArray(value))) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    error = new TableFileError(source, `expected a JSON object, found ${kind}`, { line: lineNo });
  }
  if (!error && options.schema) {
    const res = checkRow(options.schema, value, value as Record<string, unknown>, {
      path: source,
      line: lineNo,
    });
    if (res.ok) return res.value;
    error = res.error;
  }
  if (error) {
    if (options.onError) {
      options.onError(error);
      return SKIP;
    }
    throw error;
  }
  return value as T;
}

/**
 * Stream a JSONL file lazily: the file is read in chunks and each object is yielded as soon as
 * its line is complete, so memory stays flat whatever the file size. Breaking out of the loop
 * stops reading and closes the file.
 *
 * @param path The JSONL file.
 * @param options Row schema and error callback.
 * @returns An async generator of rows.
 * @throws {TableFileError} For a missing file, or a bad line (naming its 1-based number) when no
 * `onError` is given.
 *
 * @example
 * ```ts
 * import { readJsonl } from "./jsonl.ts";
 * import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/m.jsonl`, '{"utt_id":"a","sr":16000}\r\n\n{"utt_id":"b","sr":8000}');
 * const schema = z.object({ utt_id: z.string(), sr: z.int() });
 * for await (const row of readJsonl(`${dir}/m.jsonl`, { schema })) console.log(row.utt_id, row.sr);
 * // a 16000
 * // b 8000
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function* readJsonl<T = Record<string, unknown>>(
  path: string,
  options: ReadJsonlOptions<T> = {},
): AsyncGenerator<T> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new TableFileError(path, "the file does not exist");
    }
    throw new TableFileError(path, (err as Error).message);
  }
  let lineNo = 0;
  const lines = textLines(file.readable);
  try {
    for await (const line of lines) {
      const v = parseLine(line, ++lineNo, path, options);
      if (v !== SKIP) yield v;
    }
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Parse JSONL text into rows (same rules as {@linkcode readJsonl}).
 *
 * @param text JSONL text.
 * @param options Row schema, error callback, source name for messages.
 * @returns The rows.
 * @throws {TableFileError} For a bad line when no `onError` is given.
 *
 * @example
 * ```ts
 * import { parseJsonl } from "./jsonl.ts";
 * console.log(parseJsonl('{"a":1}\n\n{"a":2}\n')); // [ { a: 1 }, { a: 2 } ]
 * try {
 *   parseJsonl('{"a":1}\n{"a":\n', { source: "m.jsonl" });
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Cannot read table "m.jsonl" at line 2')); // true
 * }
 * ```
 */
export function parseJsonl<T = Record<string, unknown>>(
  text: string,
  options: ParseJsonlOptions<T> = {},
): T[] {
  const source = options.source ?? "<text>";
  const out: T[] = [];
  let lineNo = 0;
  for (const line of splitLines(text)) {
    const v = parseLine(line, ++lineNo, source, options);
    if (v !== SKIP) out.push(v);
  }
  return out;
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === "bigint") {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) {
      throw new TableDataError(
        `the bigint ${value} cannot be written to JSON exactly`,
        key ? { column: key } : {},
      );
    }
    return n;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  return value;
}

function lineOf(row: unknown): string {
  return JSON.stringify(row, replacer) + "\n";
}

/**
 * Serialise rows as JSONL text, one object a line, every line ending with `"\n"`.
 *
 * @param rows The rows.
 * @returns The text ("" for no rows).
 *
 * @example
 * ```ts
 * import { stringifyJsonl } from "./jsonl.ts";
 * console.log(JSON.stringify(stringifyJsonl([{ a: 1, e: new Float32Array([0.5]) }, { a: NaN }])));
 * // "{\"a\":1,\"e\":[0.5]}\n{\"a\":null}\n"
 * ```
 */
export function stringifyJsonl(rows: Iterable<Record<string, unknown>>): string {
  let out = "";
  for (const row of rows) out += lineOf(row);
  return out;
}

/**
 * Write rows to a JSONL file as they come (an array, any iterable or an async iterable, e.g. a
 * generator over a large manifest), through a temporary file committed atomically: an existing
 * file with the same bytes is left alone; one with different bytes is replaced only with
 * `overwrite`.
 *
 * @param path Target file; its folder is created.
 * @param rows The rows.
 * @param options Overwrite.
 * @returns Whether the file was created, unchanged or replaced.
 * @throws {UsageError} When the file exists with other content and `overwrite` is not set.
 *
 * @example
 * ```ts
 * import { readJsonl, writeJsonl } from "./jsonl.ts";
 * const dir = await Deno.makeTempDir();
 * async function* rows() {
 *   for (let i = 0; i < 3; i++) yield { utt_id: `u${i}`, duration_sec: i / 2 };
 * }
 * console.log(await writeJsonl(`${dir}/m.jsonl`, rows())); // created
 * console.log(await writeJsonl(`${dir}/m.jsonl`, rows())); // unchanged
 * for await (const r of readJsonl(`${dir}/m.jsonl`)) console.log(r.utt_id); // u0, u1, u2
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeJsonl(
  path: string,
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  options: WriteJsonlOptions = {},
): Promise<WriteOutcome> {
  const { overwrite } = parseOptions(WriteJsonlOptionsSchema, options, "writeJsonl");
  return await writeTextStreamed(path, async (write) => {
    if (Symbol.asyncIterator in rows) {
      for await (const row of rows) await write(lineOf(row));
    } else {
      for (const row of rows) await write(lineOf(row));
    }
  }, overwrite);
}
