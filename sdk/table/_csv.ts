/**
 * The ONE module that touches the npm CSV library (`csv-parse`, `csv-stringify`). Everything
 * else in the SDK goes through `csv.ts`, so swapping back to `@std/csv` later touches this file
 * only. The interface is deliberately small: records of string fields with the 1-based line
 * where each record starts, and string matrices out.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { parse as parseSync } from "csv-parse/sync";
import { type Options as ParseOptions, parse as parseStream } from "csv-parse/stream";
import { stringify } from "csv-stringify/sync";

/** One parsed CSV record. */
export interface CsvRecord {
  /** The fields, unquoted, exactly as in the file (no trimming). */
  fields: string[];
  /** 1-based physical line of the file where the record starts. */
  line: number;
}

/** Dialect options understood by the parser. */
export interface CsvDialect {
  /** Field delimiter, one character. */
  delimiter: string;
  /** Quote character, or false to read quotes as plain text (loose TSV). */
  quote: string | false;
}

/**
 * A syntax error from the CSV parser: a problem and the 1-based line where it was seen.
 *
 * @example
 * ```ts
 * import { CsvSyntaxError, parseCsvRecords } from "./_csv.ts";
 * try {
 *   parseCsvRecords('a\n"open\n', { delimiter: ",", quote: '"' });
 * } catch (err) {
 *   console.log(err instanceof CsvSyntaxError, (err as CsvSyntaxError).line); // true 2
 * }
 * ```
 */
export class CsvSyntaxError extends Error {
  /** 1-based line where the parser noticed the problem. */
  readonly line?: number;
  /**
   * @param detail Lower-case sentence fragment.
   * @param line 1-based line, when known.
   */
  constructor(detail: string, line?: number) {
    super(detail);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

function parserOptions(dialect: CsvDialect): ParseOptions {
  return {
    delimiter: dialect.delimiter,
    quote: dialect.quote === false ? false : dialect.quote,
    // Fixed explicitly: the library otherwise guesses from the first line, and mixed CRLF/LF
    // files then fail. A bare CR is not a record end (RFC 4180 and every modern writer).
    record_delimiter: ["\r\n", "\n"],
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
  };
}

interface InfoRecord {
  record: string[];
  info: { empty_lines: number };
}

/** Turns the library's records into records with their start line. */
class LineCounter {
  #next = 1;
  #emptySeen = 0;
  place(rec: InfoRecord): CsvRecord {
    const skipped = rec.info.empty_lines - this.#emptySeen;
    this.#emptySeen = rec.info.empty_lines;
    const line = this.#next + skipped;
    let inner = 0;
    for (const f of rec.record) {
      for (let i = f.indexOf("\n"); i >= 0; i = f.indexOf("\n", i + 1)) inner++;
    }
    this.#next = line + 1 + inner;
    return { fields: rec.record, line };
  }
}

function translate(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (!(err instanceof Error) || typeof code !== "string") return err;
  if (!code.startsWith("CSV_")) return err;
  const line = (err as { lines?: number }).lines;
  let detail: string;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    detail = "a quoted field is not closed before the end of the file";
  } else if (code === "CSV_INVALID_CLOSING_QUOTE") {
    const got = /got "(.*?)"/s.exec(err.message)?.[1];
    detail = `a closing quote is followed by ${
      got === undefined ? "a character" : JSON.stringify(got)
    } instead of a delimiter or a line end`;
  } else {
    const m = err.message.replace(/ at line \d+/, "");
    detail = m.charAt(0).toLowerCase() + m.slice(1);
  }
  return new CsvSyntaxError(detail, line);
}

/**
 * Parse CSV text into records (header included, as the first record). Empty lines are skipped;
 * CRLF and LF line ends may be mixed; a byte-order mark is dropped.
 *
 * @param text The CSV text.
 * @param dialect Delimiter and quote.
 * @returns The records with their start lines.
 * @throws {CsvSyntaxError} On malformed quoting.
 *
 * @example
 * ```ts
 * import { parseCsvRecords } from "./_csv.ts";
 * const recs = parseCsvRecords('a,b\r\n"x\ny",1\n\nz,2\n', { delimiter: ",", quote: '"' });
 * console.log(recs.map((r) => r.line)); // [ 1, 2, 5 ]
 * ```
 */
export function parseCsvRecords(text: string, dialect: CsvDialect): CsvRecord[] {
  let raw: InfoRecord[];
  try {
    raw = parseSync(text, parserOptions(dialect)) as unknown as InfoRecord[];
  } catch (err) {
    throw translate(err);
  }
  const counter = new LineCounter();
  return raw.map((r) => counter.place(r));
}

/**
 * Parse a byte stream of CSV incrementally, yielding each record as soon as it is complete.
 *
 * @param chunks The bytes (for example `file.readable`).
 * @param dialect Delimiter and quote.
 * @returns The records with their start lines.
 * @throws {CsvSyntaxError} On malformed quoting.
 *
 * @example
 * ```ts
 * import { streamCsvRecords } from "./_csv.ts";
 * const bytes = new Blob(["a,b\n1,2\n"]).stream();
 * for await (const r of streamCsvRecords(bytes, { delimiter: ",", quote: '"' })) {
 *   console.log(r.line, r.fields); // 1 [ "a", "b" ], then 2 [ "1", "2" ]
 * }
 * ```
 */
export async function* streamCsvRecords(
  chunks: ReadableStream<Uint8Array>,
  dialect: CsvDialect,
): AsyncGenerator<CsvRecord> {
  const asBuffers = new TransformStream<Uint8Array, Buffer>({
    transform(chunk, ctl) {
      ctl.enqueue(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
  const records = chunks.pipeThrough(asBuffers).pipeThrough(
    parseStream(parserOptions(dialect)) as TransformStream<Buffer, InfoRecord>,
  );
  const counter = new LineCounter();
  const reader = records.getReader();
  try {
    while (true) {
      let step: ReadableStreamReadResult<InfoRecord>;
      try {
        step = await reader.read();
      } catch (err) {
        throw translate(err);
      }
      if (step.done) return;
      yield counter.place(step.value);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Output options of {@linkcode stringifyCsvRecords}. */
export interface CsvOutput {
  /** Field delimiter. */
  delimiter: string;
  /** Line end after every record. */
  eol: "\n" | "\r\n";
}

/**
 * Write records of string fields as RFC 4180 CSV: a field is quoted when it holds the
 * delimiter, a quote, CR or LF; quotes inside are doubled; every record ends with `eol`.
 *
 * @param records Rows of string fields (the header included, if wanted).
 * @param output Delimiter and line end.
 * @returns The CSV text.
 *
 * @example
 * ```ts
 * import { stringifyCsvRecords } from "./_csv.ts";
 * const text = stringifyCsvRecords([["a", "b"], ["x,y", "\r"]], { delimiter: ",", eol: "\n" });
 * console.log(JSON.stringify(text)); // "a,b\n\"x,y\",\"\r\"\n"
 * ```
 */
export function stringifyCsvRecords(records: string[][], output: CsvOutput): string {
  return stringify(records, {
    delimiter: output.delimiter,
    record_delimiter: output.eol,
    quote: '"',
    escape: '"',
    // The library quotes a field holding the record delimiter, but not a lone CR or LF when
    // that differs (e.g. "\n" inside a field with "\r\n" line ends); RFC 4180 wants both quoted.
    quoted_match: /[\r\n]/,
    // A one-column record with an empty field would be an empty line, which readers skip.
    quoted_empty: records.length > 0 && records[0].length === 1,
  });
}
