/**
 * Parquet files through `parquet-wasm` (Rust's arrow-rs/parquet compiled to WebAssembly) and
 * Arrow IPC: write an Arrow table (or rows with a table spec) with key-value metadata and a
 * compression codec, read a file back as an Arrow table, read only the footer metadata.
 *
 * The files are plain Parquet as pyarrow, pandas and DuckDB read them: `utf8` -> VARCHAR,
 * `float64` -> DOUBLE, `float32` -> FLOAT, `int32` -> INTEGER, `int64` -> BIGINT, `bool` ->
 * BOOLEAN, `list<float32>` -> FLOAT[]. The key-value metadata (e.g. scorer names and versions of
 * a scores table) lands in the Parquet footer, where `parquet_kv_metadata()` and
 * `pq.read_metadata().metadata` see it, next to the `ARROW:schema` entry arrow-rs adds. Output is
 * deterministic: the same table and options give the same bytes.
 *
 * The WebAssembly module (about 5 MB) loads on first use, not on import.
 *
 * @module
 */

import { openAsBlob } from "node:fs";
import * as arrow from "apache-arrow";
import { z } from "zod";
import { type WriteOutcome, writeOutput } from "../io/write_output.ts";
import { replaceKeyValueMetadata } from "./_parquet_footer.ts";
import { type ArrowSchema, tableFromRows, type TableSpec } from "./arrow.ts";
import { parseOptions } from "./_options.ts";
import { TableDataError, TableFileError } from "./errors.ts";

type ParquetWasm = typeof import("parquet-wasm");
let wasmModule: Promise<ParquetWasm> | undefined;

function parquetWasm(): Promise<ParquetWasm> {
  // The package's "node" export reads its .wasm next to it synchronously; Deno picks that
  // export for npm packages, so a plain dynamic import is all the initialisation needed.
  wasmModule ??= import("parquet-wasm");
  return wasmModule;
}

/** Compression codecs for {@linkcode writeParquet}. */
export const PARQUET_COMPRESSIONS = [
  "zstd",
  "snappy",
  "gzip",
  "brotli",
  "lz4_raw",
  "none",
] as const;

/** A compression codec name. */
export type ParquetCompression = typeof PARQUET_COMPRESSIONS[number];

/**
 * Options of {@linkcode encodeParquet} and {@linkcode writeParquet}; the zod schema holds the defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ParquetWriteOptionsSchema = z.object({
  /** Key-value metadata for the Parquet footer. Default none. */
  metadata: z.record(z.string(), z.string()).default({}),
  /** Compression codec. Default `zstd` (read by pyarrow, pandas, DuckDB, Spark). */
  compression: z.enum(PARQUET_COMPRESSIONS).default("zstd"),
  /** Maximum rows per row group. Default 131072. */
  rowGroupSize: z.int().positive().default(131072),
  /** Replace an existing file whose content differs ({@linkcode writeParquet}). Default false. */
  overwrite: z.boolean().default(false),
});

/** Options of {@linkcode encodeParquet}. */
export interface EncodeParquetOptions {
  /** Key-value metadata for the Parquet footer, merged over the table schema's metadata. */
  metadata?: Record<string, string>;
  /** Compression codec. Default `zstd`. */
  compression?: ParquetCompression;
  /** Maximum rows per row group. Default 131072. */
  rowGroupSize?: number;
}

/** Options of {@linkcode writeParquet}. */
export interface WriteParquetOptions extends EncodeParquetOptions {
  /** Column types, required when `data` is rows (a table spec or an Arrow schema). */
  schema?: TableSpec | ArrowSchema;
  /** Replace an existing file whose content differs. Default false (it throws instead). */
  overwrite?: boolean;
}

/** Options of {@linkcode readParquet} and {@linkcode decodeParquet}. */
export interface ReadParquetOptions {
  /** Read only these columns. Default all. */
  columns?: string[];
}

/** Footer facts of a Parquet file, from {@linkcode readParquetMetadata}. */
export interface ParquetFileInfo {
  /** Number of rows. */
  numRows: number;
  /** Number of row groups. */
  numRowGroups: number;
  /** The writer, e.g. `parquet-rs version 56.0.0`. */
  createdBy?: string;
  /** Key-value metadata, without the `ARROW:schema` entry. */
  metadata: Record<string, string>;
}

const ARROW_SCHEMA_KEY = "ARROW:schema";

function codec(pw: ParquetWasm, name: ParquetCompression) {
  switch (name) {
    case "zstd":
      return pw.Compression.ZSTD;
    case "snappy":
      return pw.Compression.SNAPPY;
    case "gzip":
      return pw.Compression.GZIP;
    case "brotli":
      return pw.Compression.BROTLI;
    case "lz4_raw":
      return pw.Compression.LZ4_RAW;
    case "none":
      return pw.Compression.UNCOMPRESSED;
  }
}

/**
 * Encode an Arrow table as Parquet bytes in memory. The key-value metadata is the table
 * schema's metadata with `options.metadata` merged over it; it is written both into the footer
 * and into the embedded Arrow schema, so every reader agrees.
 *
 * @param table The Arrow table.
 * @param options Metadata, compression, row group size.
 * @returns The Parquet file bytes.
 *
 * @example
 * ```ts
 * import { decodeParquet, encodeParquet } from "./parquet.ts";
 * import { tableFromRows } from "./arrow.ts";
 * const table = tableFromRows([{ id: "a", x: 0.5 }], { schema: { id: "utf8", x: "float32" } });
 * const bytes = await encodeParquet(table, { metadata: { scorer: "demo" } });
 * console.log(new TextDecoder().decode(bytes.subarray(0, 4))); // PAR1
 * const back = await decodeParquet(bytes);
 * console.log(back.numRows, back.schema.metadata.get("scorer")); // 1 demo
 * ```
 */
export async function encodeParquet(
  table: arrow.Table,
  options: EncodeParquetOptions = {},
): Promise<Uint8Array> {
  const opts = parseOptions(ParquetWriteOptionsSchema, options, "encodeParquet");
  const meta = new Map(table.schema.metadata);
  for (const [k, v] of Object.entries(opts.metadata)) meta.set(k, v);
  meta.delete(ARROW_SCHEMA_KEY);
  const sorted = new Map([...meta].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const schema = new arrow.Schema(table.schema.fields, sorted);
  // One record batch per table: arrow-rs splits row groups by rowGroupSize on its own.
  const batches = table.batches.map((b) => new arrow.RecordBatch(schema, b.data));
  const ipc = arrow.tableToIPC(new arrow.Table(schema, batches), "stream");
  const pw = await parquetWasm();
  const wasmTable = pw.Table.fromIPCStream(ipc);
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(codec(pw, opts.compression))
    .setMaxRowGroupSize(opts.rowGroupSize)
    .build();
  const bytes = pw.writeParquet(wasmTable, props);
  // Key-value metadata given to parquet-wasm comes out in a different order on every call (a
  // Rust HashMap), so it is written into the footer here, sorted: same input, same bytes.
  if (sorted.size === 0) return bytes;
  return replaceKeyValueMetadata(bytes, [...sorted], [ARROW_SCHEMA_KEY]);
}

/**
 * Decode Parquet bytes into an Arrow table. The schema metadata holds the file's key-value
 * metadata (without `ARROW:schema`).
 *
 * @param bytes A whole Parquet file.
 * @param options Columns to read.
 * @param source Name of the bytes' origin in error messages.
 * @returns The Arrow table.
 * @throws {TableFileError} When the bytes are not a readable Parquet file.
 *
 * @example
 * ```ts
 * import { decodeParquet, encodeParquet } from "./parquet.ts";
 * import { rowsFromTable, tableFromColumns } from "./arrow.ts";
 * const t = tableFromColumns({ a: [1, 2], b: ["x", null] }, { schema: { a: "int32", b: "utf8?" } });
 * const back = await decodeParquet(await encodeParquet(t), { columns: ["b"] });
 * console.log(rowsFromTable(back)); // [ { b: "x" }, { b: null } ]
 * ```
 */
export async function decodeParquet(
  bytes: Uint8Array,
  options: ReadParquetOptions = {},
  source = "<bytes>",
): Promise<arrow.Table> {
  if (options.columns) {
    return await readColumns(new Blob([bytes as Uint8Array<ArrayBuffer>]), options.columns, source);
  }
  const pw = await parquetWasm();
  let ipc: Uint8Array;
  try {
    ipc = pw.readParquet(bytes).intoIPCStream();
  } catch (err) {
    throw new TableFileError(source, `not a readable Parquet file (${errorText(err)})`);
  }
  const table = arrow.tableFromIPC(ipc);
  return withMetadata(table, table.schema.metadata);
}

/** The table with `meta` (less `ARROW:schema`) as its schema metadata. */
function withMetadata(table: arrow.Table, meta: Map<string, string>): arrow.Table {
  const clean = new Map([...meta].filter(([k]) => k !== ARROW_SCHEMA_KEY));
  const schema = new arrow.Schema(table.schema.fields, clean);
  return new arrow.Table(schema, table.batches.map((b) => new arrow.RecordBatch(schema, b.data)));
}

/**
 * Read some columns through parquet-wasm's async reader, which fetches only their column
 * chunks from the blob (its sync `readParquet` ignores the `columns` option in 0.8.0).
 */
async function readColumns(blob: Blob, columns: string[], source: string): Promise<arrow.Table> {
  const pw = await parquetWasm();
  let file: import("parquet-wasm").ParquetFile;
  try {
    file = await pw.ParquetFile.fromFile(blob);
  } catch (err) {
    throw new TableFileError(source, `not a readable Parquet file (${errorText(err)})`);
  }
  try {
    const meta = new Map<string, string>();
    for (const [k, v] of file.metadata().fileMetadata().keyValueMetadata()) {
      meta.set(String(k), String(v ?? ""));
    }
    let ipc: Uint8Array;
    try {
      ipc = (await file.read({ columns })).intoIPCStream();
    } catch (err) {
      const missing = /Column (.*) not found/.exec(errorText(err));
      throw new TableFileError(
        source,
        missing ? `there is no column "${missing[1]}"` : errorText(err),
      );
    }
    const read = arrow.tableFromIPC(ipc);
    // Requested order, not file order.
    const ordered = read.select(columns);
    return withMetadata(ordered, meta);
  } finally {
    file.free();
  }
}

function errorText(err: unknown): string {
  const s = err instanceof Error ? err.message : String(err);
  return s.split("\n")[0];
}

/**
 * Write a Parquet file atomically from an Arrow table, or from rows with `options.schema`. An
 * existing file with the same bytes is left alone; one with different bytes is replaced only
 * with `overwrite`.
 *
 * @param path Target file; its folder is created.
 * @param data An Arrow table, or row objects (then `options.schema` is required).
 * @param options Schema (for rows), metadata, compression, row group size, overwrite.
 * @returns Whether the file was created, unchanged or replaced.
 * @throws {TableDataError} For rows without a schema or with values that do not fit it.
 * @throws {UsageError} When the file exists with other content and `overwrite` is not set.
 *
 * @example
 * ```ts
 * import { readParquet, readParquetMetadata, writeParquet } from "./parquet.ts";
 * const dir = await Deno.makeTempDir();
 * const rows = [{ utt_id: "a", sr: 16000, emb: [0.25, 0.5] }, { utt_id: "b", sr: 8000, emb: [1] }];
 * const schema = { utt_id: "utf8", sr: "int32", emb: "list<float32>" } as const;
 * console.log(await writeParquet(`${dir}/s.parquet`, rows, { schema, metadata: { "scorer.signal": "1.0" } }));
 * // created
 * const table = await readParquet(`${dir}/s.parquet`);
 * console.log(table.numRows, String(table.schema.fields[2].type)); // 2 List<Float32>
 * console.log((await readParquetMetadata(`${dir}/s.parquet`)).metadata); // { "scorer.signal": "1.0" }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeParquet(
  path: string,
  data: arrow.Table | readonly Record<string, unknown>[],
  options: WriteParquetOptions = {},
): Promise<WriteOutcome> {
  const { overwrite } = parseOptions(ParquetWriteOptionsSchema, options, "writeParquet");
  let table: arrow.Table;
  if (data instanceof arrow.Table) table = data;
  else {
    if (!options.schema) {
      throw new TableDataError(
        `writing rows to "${path}" needs options.schema (a table spec or an Arrow schema)`,
      );
    }
    table = tableFromRows(data, { schema: options.schema });
  }
  const bytes = await encodeParquet(table, options);
  return await writeOutput(path, bytes, { force: overwrite });
}

function fileError(path: string, err: unknown): TableFileError {
  if ((err as { code?: string }).code === "ENOENT" || err instanceof Deno.errors.NotFound) {
    return new TableFileError(path, "the file does not exist");
  }
  return new TableFileError(path, errorText(err));
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    throw fileError(path, err);
  }
}

/**
 * Read a Parquet file as an Arrow table; the schema metadata holds the file's key-value metadata.
 * Use {@linkcode rowsFromTable} or {@linkcode columnsFromTable} for plain values.
 *
 * @param path The Parquet file.
 * @param options Columns to read.
 * @returns The Arrow table.
 * @throws {TableFileError} For a missing or unreadable file.
 *
 * @example
 * ```ts
 * import { readParquet, writeParquet } from "./parquet.ts";
 * import { rowsFromTable } from "./arrow.ts";
 * const dir = await Deno.makeTempDir();
 * await writeParquet(`${dir}/t.parquet`, [{ x: 1.5, s: null }], { schema: { x: "float64", s: "utf8?" } });
 * console.log(rowsFromTable(await readParquet(`${dir}/t.parquet`))); // [ { x: 1.5, s: null } ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readParquet(
  path: string,
  options: ReadParquetOptions = {},
): Promise<arrow.Table> {
  if (options.columns) {
    let blob: Blob;
    try {
      blob = await openAsBlob(path);
    } catch (err) {
      throw fileError(path, err);
    }
    return await readColumns(blob, options.columns, path);
  }
  return await decodeParquet(await readBytes(path), options, path);
}

/**
 * Read only the footer of a Parquet file (the data pages are not read): row count, row groups,
 * writer and key-value metadata.
 *
 * @param path The Parquet file.
 * @returns The footer facts.
 * @throws {TableFileError} For a missing or unreadable file.
 *
 * @example
 * ```ts
 * import { readParquetMetadata, writeParquet } from "./parquet.ts";
 * const dir = await Deno.makeTempDir();
 * await writeParquet(`${dir}/t.parquet`, [{ x: 1 }, { x: 2 }], {
 *   schema: { x: "int32" },
 *   metadata: { scorers: JSON.stringify([{ name: "signal", version: "1" }]) },
 * });
 * const info = await readParquetMetadata(`${dir}/t.parquet`);
 * console.log(info.numRows, JSON.parse(info.metadata.scorers)[0].name); // 2 signal
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readParquetMetadata(path: string): Promise<ParquetFileInfo> {
  let blob: Blob;
  try {
    blob = await openAsBlob(path);
  } catch (err) {
    throw fileError(path, err);
  }
  const pw = await parquetWasm();
  try {
    const file = await pw.ParquetFile.fromFile(blob);
    const meta = file.metadata();
    const fm = meta.fileMetadata();
    const kv: Record<string, string> = {};
    for (const [k, v] of fm.keyValueMetadata()) {
      if (k !== ARROW_SCHEMA_KEY) kv[String(k)] = String(v ?? "");
    }
    const info: ParquetFileInfo = {
      numRows: fm.numRows(),
      numRowGroups: meta.numRowGroups(),
      metadata: kv,
    };
    const by = fm.createdBy();
    if (by) info.createdBy = by;
    file.free();
    return info;
  } catch (err) {
    throw new TableFileError(path, `not a readable Parquet file (${errorText(err)})`);
  }
}
