/**
 * Convert between plain rows or columns and Apache Arrow tables, with an explicit column type
 * spec: `utf8`, `int32`, `int64`, `float32`, `float64`, `bool` and `list<...>` of any of them,
 * each with a `?` suffix when nullable (`"utf8?"`, `"list<float32>"`). Values are checked against
 * the declared type (an error names the column and the row) instead of being silently cast.
 *
 * Reading back ({@linkcode rowsFromTable}, {@linkcode columnsFromTable}) gives plain JavaScript
 * values: strings, numbers (int64 too, as a number when exact, else a bigint), booleans, null,
 * and arrays of numbers for list columns.
 *
 * @module
 */

import * as arrow from "apache-arrow";
import { UsageError } from "../log/errors.ts";
import { showValue } from "./_show_value.ts";
import { TableDataError } from "./errors.ts";

/**
 * An Arrow data type as the SDK's public types name it: an apache-arrow `DataType` instance
 * (such as `new Float32()`), typed structurally so that the SDK's documented types do not name
 * apache-arrow's own (`deno doc --lint` cannot resolve npm declarations, deno#27364).
 */
export interface ArrowDataType {
  /** The Arrow type id (`Type` enum of apache-arrow). */
  readonly typeId: number;
  /** The type as text, e.g. `Float32` or `List<Utf8>`. */
  toString(): string;
}

/** An Arrow field: an apache-arrow `Field` instance, typed structurally. */
export interface ArrowField {
  /** Column name. */
  readonly name: string;
  /** Column type. */
  readonly type: ArrowDataType;
  /** Whether the column may hold nulls. */
  readonly nullable: boolean;
}

/**
 * An Arrow schema: an apache-arrow `Schema` instance (a table's `schema`, or what
 * {@linkcode arrowSchema} returns), typed structurally.
 *
 * @example
 * ```ts
 * import { type ArrowSchema, arrowSchema } from "./arrow.ts";
 * const schema: ArrowSchema = arrowSchema({ a: "int32" }, { source: "demo" });
 * console.log(schema.fields[0].name, schema.metadata.get("source")); // a demo
 * ```
 */
export interface ArrowSchema {
  /** The columns, in order. */
  readonly fields: readonly ArrowField[];
  /** Schema-level key-value metadata. */
  readonly metadata: Map<string, string>;
}

/** The scalar column types. */
export type ScalarColumnType = "utf8" | "int32" | "int64" | "float32" | "float64" | "bool";

/** A column type: a scalar or a list of scalars. */
export type ColumnType = ScalarColumnType | `list<${ScalarColumnType}>`;

/** A column type, with a `?` suffix when the column may hold nulls. */
export type ColumnTypeSpec = ColumnType | `${ColumnType}?`;

/** Column names to types, in column order (object key order). */
export type TableSpec = Readonly<Record<string, ColumnTypeSpec>>;

/** A column type spec taken apart. */
export interface ParsedColumnType {
  /** The scalar type (of the items, for a list). */
  scalar: ScalarColumnType;
  /** Whether the column holds lists of `scalar`. */
  list: boolean;
  /** Whether the column may hold nulls. */
  nullable: boolean;
}

const SCALARS: readonly ScalarColumnType[] = [
  "utf8",
  "int32",
  "int64",
  "float32",
  "float64",
  "bool",
];

/**
 * Take a column type spec apart.
 *
 * @param spec E.g. `"float32"`, `"utf8?"`, `"list<float32>"`.
 * @returns Scalar type, list flag and nullability.
 * @throws {UsageError} For an unknown type.
 *
 * @example
 * ```ts
 * import { parseColumnType } from "./arrow.ts";
 * console.log(parseColumnType("list<float32>?")); // { scalar: "float32", list: true, nullable: true }
 * ```
 */
export function parseColumnType(spec: string): ParsedColumnType {
  const nullable = spec.endsWith("?");
  const body = nullable ? spec.slice(0, -1) : spec;
  const m = /^list<(\w+)>$/.exec(body);
  const scalar = (m ? m[1] : body) as ScalarColumnType;
  if (!SCALARS.includes(scalar)) {
    throw new UsageError(
      `Unknown column type "${spec}"; expected one of ${SCALARS.join(", ")}, list<...> of ` +
        `them, with "?" for nullable`,
    );
  }
  return { scalar, list: m !== null, nullable };
}

function scalarArrowType(t: ScalarColumnType): arrow.DataType {
  switch (t) {
    case "utf8":
      return new arrow.Utf8();
    case "int32":
      return new arrow.Int32();
    case "int64":
      return new arrow.Int64();
    case "float32":
      return new arrow.Float32();
    case "float64":
      return new arrow.Float64();
    case "bool":
      return new arrow.Bool();
  }
}

function arrowTypeOf(t: ParsedColumnType): arrow.DataType {
  const inner = scalarArrowType(t.scalar);
  return t.list ? new arrow.List(new arrow.Field("item", inner, true)) : inner;
}

/**
 * The Arrow schema of a table spec.
 *
 * @param spec Column names to types.
 * @param metadata Schema-level key-value metadata.
 * @returns The Arrow schema, an apache-arrow `Schema` instance typed as {@linkcode ArrowSchema}
 * (list items are a nullable field named `item`, as pyarrow writes).
 *
 * @example
 * ```ts
 * import { arrowSchema } from "./arrow.ts";
 * const schema = arrowSchema({ utt_id: "utf8", emb: "list<float32>", lang: "utf8?" });
 * console.log(schema.fields.map((f) => `${f.name}: ${f.type}${f.nullable ? "?" : ""}`));
 * // [ "utt_id: Utf8", "emb: List<Float32>", "lang: Utf8?" ]
 * ```
 */
export function arrowSchema(spec: TableSpec, metadata?: Record<string, string>): ArrowSchema {
  return buildArrowSchema(spec, metadata);
}

function buildArrowSchema(spec: TableSpec, metadata?: Record<string, string>): arrow.Schema {
  const fields = Object.entries(spec).map(([name, t]) => {
    const p = parseColumnType(t);
    return new arrow.Field(name, arrowTypeOf(p), p.nullable);
  });
  return new arrow.Schema(fields, new Map(Object.entries(metadata ?? {})));
}

function scalarOf(type: arrow.DataType): ScalarColumnType | undefined {
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type)) return "utf8";
  if (arrow.DataType.isBool(type)) return "bool";
  if (arrow.DataType.isInt(type) && type.isSigned) {
    if (type.bitWidth === 32) return "int32";
    if (type.bitWidth === 64) return "int64";
  }
  if (arrow.DataType.isFloat(type)) {
    if (type.precision === arrow.Precision.SINGLE) return "float32";
    if (type.precision === arrow.Precision.DOUBLE) return "float64";
  }
  if (arrow.DataType.isDictionary(type)) return scalarOf(type.dictionary);
  return undefined;
}

/**
 * The table spec of an Arrow schema (the inverse of {@linkcode arrowSchema}).
 *
 * @param schema An Arrow schema (an apache-arrow `Schema`, e.g. `table.schema`).
 * @returns Column names to type specs.
 * @throws {UsageError} For a column type outside the supported set, naming the column.
 *
 * @example
 * ```ts
 * import { arrowSchema, tableSpecOf } from "./arrow.ts";
 * console.log(tableSpecOf(arrowSchema({ a: "int32", b: "list<float32>?" }))); // { a: "int32", b: "list<float32>?" }
 * ```
 */
export function tableSpecOf(schema: ArrowSchema): TableSpec {
  const spec: Record<string, ColumnTypeSpec> = {};
  for (const f of schema.fields) {
    // An ArrowDataType is an apache-arrow DataType instance (see its JSDoc).
    const type = f.type as arrow.DataType;
    let t: ColumnType | undefined;
    if (arrow.DataType.isList(type)) {
      const inner = scalarOf(type.children[0].type);
      if (inner) t = `list<${inner}>`;
    } else {
      t = scalarOf(type);
    }
    if (!t) {
      throw new UsageError(`Column "${f.name}" has the unsupported Arrow type ${f.type}`);
    }
    spec[f.name] = f.nullable ? `${t}?` : t;
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Building Arrow data from JS values

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const EXPECT: Record<ScalarColumnType, string> = {
  utf8: "a string",
  int32: "an int32 (an integer from -2147483648 to 2147483647)",
  int64: "an int64 (a bigint or a safe integer)",
  float32: "a number",
  float64: "a number",
  bool: "a boolean",
};

function bad(t: ScalarColumnType, v: unknown, column: string, row: number, item?: number): never {
  const at = item === undefined ? "" : `item ${item}: `;
  throw new TableDataError(`${at}expected ${EXPECT[t]}, found ${showValue(v)}`, {
    column,
    row,
  });
}

type Fill = (v: unknown, at: number, row: number, item?: number) => void;

/** Writes checked scalar values into a buffer. */
interface ScalarSink {
  fill: Fill;
  finish(length: number, nullCount: number, nullBitmap: Uint8Array | undefined): arrow.Data;
}

function numericSink(t: ScalarColumnType, size: number, column: string): ScalarSink {
  const type = scalarArrowType(t);
  let fill: Fill;
  let values: Float32Array | Float64Array | Int32Array | BigInt64Array;
  switch (t) {
    case "float32":
    case "float64": {
      const arr = t === "float32" ? new Float32Array(size) : new Float64Array(size);
      values = arr;
      fill = (v, at, row, item) => {
        if (typeof v !== "number") bad(t, v, column, row, item);
        arr[at] = v;
      };
      break;
    }
    case "int32": {
      const arr = new Int32Array(size);
      values = arr;
      fill = (v, at, row, item) => {
        if (typeof v !== "number" || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
          bad(t, v, column, row, item);
        }
        arr[at] = v;
      };
      break;
    }
    default: {
      const arr = new BigInt64Array(size);
      values = arr;
      fill = (v, at, row, item) => {
        if (typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX) arr[at] = v;
        else if (typeof v === "number" && Number.isSafeInteger(v)) arr[at] = BigInt(v);
        else bad(t, v, column, row, item);
      };
    }
  }
  return {
    fill,
    finish: (length, nullCount, nullBitmap) =>
      arrow.makeData({
        type: type as arrow.Float,
        length,
        nullCount,
        nullBitmap,
        data: values as Float32Array,
      }),
  };
}

function boolSink(size: number, column: string): ScalarSink {
  const bits = new Uint8Array((size + 7) >> 3);
  return {
    fill: (v, at, row, item) => {
      if (typeof v !== "boolean") bad("bool", v, column, row, item);
      if (v) bits[at >> 3] |= 1 << (at & 7);
    },
    finish: (length, nullCount, nullBitmap) =>
      arrow.makeData({ type: new arrow.Bool(), length, nullCount, nullBitmap, data: bits }),
  };
}

function utf8Sink(size: number, column: string): ScalarSink {
  const enc = new TextEncoder();
  const offsets = new Int32Array(size + 1);
  let bytes = new Uint8Array(Math.max(64, size * 8));
  let used = 0;
  let last = 0;
  return {
    fill: (v, at, row, item) => {
      if (typeof v !== "string") bad("utf8", v, column, row, item);
      // Nulls before `at` get empty slots.
      for (let k = last + 1; k <= at; k++) offsets[k] = used;
      if (bytes.length - used < v.length * 3) {
        let cap = bytes.length * 2;
        while (cap - used < v.length * 3) cap *= 2;
        const grown = new Uint8Array(cap);
        grown.set(bytes.subarray(0, used));
        bytes = grown;
      }
      used += enc.encodeInto(v, bytes.subarray(used)).written;
      if (used > INT32_MAX) {
        throw new TableDataError("more than 2 GiB of text in one column", { column, row });
      }
      offsets[at + 1] = used;
      last = at + 1;
    },
    finish: (length, nullCount, nullBitmap) => {
      for (let k = last + 1; k <= length; k++) offsets[k] = used;
      return arrow.makeData({
        type: new arrow.Utf8(),
        length,
        nullCount,
        nullBitmap,
        valueOffsets: offsets,
        data: bytes.subarray(0, used),
      });
    },
  };
}

function scalarSink(t: ScalarColumnType, size: number, column: string): ScalarSink {
  if (t === "bool") return boolSink(size, column);
  if (t === "utf8") return utf8Sink(size, column);
  return numericSink(t, size, column);
}

function isList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Build one Arrow column from JS values, checking every value against the declared type. */
function buildColumn(values: ArrayLike<unknown>, t: ParsedColumnType, column: string): arrow.Data {
  const n = values.length;
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  const markNull = (i: number) => {
    if (!t.nullable) {
      throw new TableDataError("expected a value, found null in a non-nullable column", {
        column,
        row: i,
      });
    }
    if (!nullBitmap) nullBitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
    nullBitmap[i >> 3] &= ~(1 << (i & 7));
    nullCount++;
  };
  if (!t.list) {
    const sink = scalarSink(t.scalar, n, column);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) markNull(i);
      else sink.fill(v, i, i);
    }
    return sink.finish(n, nullCount, nullBitmap);
  }
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) markNull(i);
    else if (!isList(v)) {
      throw new TableDataError(
        `expected a list (an array or typed array), found ${showValue(v)}`,
        { column, row: i },
      );
    } else total += v.length;
    if (total > INT32_MAX) {
      throw new TableDataError("more than 2^31 list items in one column", { column, row: i });
    }
    offsets[i + 1] = total;
  }
  const sink = scalarSink(t.scalar, total, column);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const items = v as ArrayLike<unknown>;
    const base = offsets[i];
    for (let k = 0; k < items.length; k++) {
      const x = items[k];
      sink.fill(typeof x === "bigint" && t.scalar !== "int64" ? Number(x) : x, base + k, i, k);
    }
  }
  const child = sink.finish(total, 0, undefined);
  return arrow.makeData({
    type: arrowTypeOf(t) as arrow.List,
    length: n,
    nullCount,
    nullBitmap,
    valueOffsets: offsets,
    child,
  });
}

// ---------------------------------------------------------------------------------------------
// Inference

/**
 * The kind of one value: a column type, or `int` (an integer that fits int32: widens to float),
 * `list<int>`, `list<>` (an empty array: fits any list); undefined when unsupported.
 */
function kindOf(v: unknown): string | undefined {
  switch (typeof v) {
    case "string":
      return "utf8";
    case "boolean":
      return "bool";
    case "bigint":
      return "int64";
    case "number":
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? "int" : "float64";
  }
  if (v instanceof Float32Array) return "list<float32>";
  if (v instanceof Float64Array) return "list<float64>";
  if (v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array) {
    return "list<int>";
  }
  if (v instanceof BigInt64Array) return "list<int64>";
  if (Array.isArray(v)) {
    let sub: string | undefined;
    for (const x of v) {
      const k = kindOf(x);
      if (k === undefined || k.startsWith("list")) return undefined;
      sub = sub === undefined ? k : mergeKinds(sub, k);
      if (sub === undefined) return undefined;
    }
    return `list<${sub ?? ""}>`;
  }
  return undefined;
}

/** The kind holding both, or undefined when they do not mix. */
function mergeKinds(a: string, b: string): string | undefined {
  if (a === b) return a;
  const la = /^list<(.*)>$/.exec(a);
  const lb = /^list<(.*)>$/.exec(b);
  if (la && lb) {
    if (la[1] === "") return b;
    if (lb[1] === "") return a;
    const inner = mergeKinds(la[1], lb[1]);
    return inner === undefined ? undefined : `list<${inner}>`;
  }
  if (la || lb) return undefined;
  const pair = [a, b].sort().join();
  if (pair === "float64,int" || pair === "float32,float64") return "float64";
  if (pair === "float32,int") return "float32";
  return undefined;
}

function finalKind(k: string | undefined): ColumnType {
  if (k === undefined) return "utf8";
  return k.replace(/<>$/, "<float64>").replace(/\bint\b/, "int32") as ColumnType;
}

/**
 * Guess a table spec from rows: integers that fit int32 give `int32`, other numbers `float64`,
 * bigints `int64`, strings `utf8`, booleans `bool`, Float32Arrays `list<float32>`, number
 * arrays `list<float64>` (or `list<int32>`); a column with a null or a missing value is
 * nullable; an all-null column is `utf8?`. Prefer an explicit spec for public tables.
 *
 * @param rows The rows; columns in order of first appearance.
 * @returns The guessed spec.
 * @throws {TableDataError} For a column mixing kinds (numbers and strings, ...).
 *
 * @example
 * ```ts
 * import { inferTableSpec } from "./arrow.ts";
 * console.log(inferTableSpec([{ a: 1, b: "x", c: [0.5] }, { a: 2.5, b: null }]));
 * // { a: "float64", b: "utf8?", c: "list<float64>?" }
 * ```
 */
export function inferTableSpec(rows: readonly Record<string, unknown>[]): TableSpec {
  const kinds = new Map<string, string | undefined>();
  const nullable = new Set<string>();
  rows.forEach((row, i) => {
    for (const [key, v] of Object.entries(row)) {
      if (!kinds.has(key)) {
        kinds.set(key, undefined);
        if (i > 0) nullable.add(key);
      }
      if (v === null || v === undefined) {
        nullable.add(key);
        continue;
      }
      const k = kindOf(v);
      if (k === undefined) {
        throw new TableDataError(`cannot store ${showValue(v)} in an Arrow column`, {
          column: key,
          row: i,
        });
      }
      const prev = kinds.get(key);
      const merged = prev === undefined ? k : mergeKinds(prev, k);
      if (merged === undefined) {
        throw new TableDataError(
          `mixes ${finalKind(prev)} and ${finalKind(k)} values`,
          { column: key, row: i },
        );
      }
      kinds.set(key, merged);
    }
    for (const key of kinds.keys()) if (!(key in row)) nullable.add(key);
  });
  const spec: Record<string, ColumnTypeSpec> = {};
  for (const [key, k] of kinds) {
    const base = finalKind(k);
    spec[key] = nullable.has(key) || k === undefined ? `${base}?` : base;
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Options of {@linkcode tableFromColumns} and {@linkcode tableFromRows}. */
export interface TableFromOptions {
  /** Column types, as a spec or an Arrow schema. Default: inferred ({@linkcode inferTableSpec}). */
  schema?: TableSpec | ArrowSchema;
  /** Schema-level key-value metadata (merged over an Arrow schema's own). */
  metadata?: Record<string, string>;
  /** Ignore keys the schema does not declare instead of throwing. Default false. */
  dropExtra?: boolean;
}

function resolveSpec(
  schema: TableSpec | ArrowSchema,
  metadata: Record<string, string> | undefined,
): { spec: TableSpec; meta: Record<string, string> } {
  if (isArrowSchema(schema)) {
    return {
      spec: tableSpecOf(schema),
      meta: { ...Object.fromEntries(schema.metadata), ...metadata },
    };
  }
  return { spec: schema, meta: { ...metadata } };
}

/**
 * Whether a `schema` option is an Arrow schema rather than a table spec (whose values are all
 * strings, so an array of fields and a metadata map cannot be one).
 *
 * @param schema A table spec or an Arrow schema.
 * @returns True for an Arrow schema.
 *
 * @example
 * ```ts
 * import { arrowSchema, isArrowSchema } from "./arrow.ts";
 * console.log(isArrowSchema(arrowSchema({ a: "int32" })), isArrowSchema({ a: "int32" })); // true false
 * ```
 */
export function isArrowSchema(schema: TableSpec | ArrowSchema): schema is ArrowSchema {
  return schema instanceof arrow.Schema ||
    (Array.isArray((schema as ArrowSchema).fields) &&
      (schema as ArrowSchema).metadata instanceof Map);
}

function assemble(
  spec: TableSpec,
  meta: Record<string, string>,
  length: number,
  column: (name: string) => ArrayLike<unknown> | undefined,
): arrow.Table {
  const schema = buildArrowSchema(spec, meta);
  const children = schema.fields.map((f) => {
    const t = parseColumnType(spec[f.name]);
    const values = column(f.name);
    if (values === undefined) {
      if (!t.nullable) throw new TableDataError("the column is missing", { column: f.name });
      return buildColumn(new Array(length).fill(null), t, f.name);
    }
    if (values.length !== length) {
      throw new TableDataError(
        `has ${values.length} values where other columns have ${length}`,
        { column: f.name },
      );
    }
    return buildColumn(values, t, f.name);
  });
  const data = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]);
}

/**
 * Build an Arrow table from columns of values (arrays or typed arrays of equal length).
 *
 * @param columns Column name to values; a nullable column may be left out (all null).
 * @param options Column types, metadata, extra-key handling.
 * @returns One-batch Arrow table with the spec's column order.
 * @throws {TableDataError} For a value that does not fit its column type, naming column and row.
 *
 * @example
 * ```ts
 * import { tableFromColumns } from "./arrow.ts";
 * const table = tableFromColumns(
 *   { utt_id: ["a", "b"], sr: [16000, 8000], emb: [new Float32Array([1, 2]), [3]] },
 *   { schema: { utt_id: "utf8", sr: "int32", emb: "list<float32>", lang: "utf8?" } },
 * );
 * console.log(table.numRows, String(table.schema.fields[2].type)); // 2 List<Float32>
 * ```
 */
export function tableFromColumns(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  options: TableFromOptions = {},
): arrow.Table {
  const names = Object.keys(columns);
  const length = names.length > 0 ? columns[names[0]].length : 0;
  let spec: TableSpec;
  let meta: Record<string, string>;
  if (options.schema) ({ spec, meta } = resolveSpec(options.schema, options.metadata));
  else {
    spec = inferTableSpec(Array.from({ length }, (_, i) => {
      const row: Record<string, unknown> = {};
      for (const n of names) row[n] = columns[n][i];
      return row;
    }));
    meta = { ...options.metadata };
  }
  if (!options.dropExtra) {
    for (const n of names) {
      if (!(n in spec)) {
        throw new TableDataError("the schema does not declare this column", { column: n });
      }
    }
  }
  return assemble(spec, meta, length, (name) => columns[name]);
}

/**
 * Build an Arrow table from row objects. A missing key or undefined is a null.
 *
 * @param rows The rows.
 * @param options Column types, metadata, extra-key handling.
 * @returns One-batch Arrow table with the spec's column order.
 * @throws {TableDataError} For a value that does not fit its column type, naming column and row,
 * or a key the schema does not declare (unless `dropExtra`).
 *
 * @example
 * ```ts
 * import { rowsFromTable, tableFromRows } from "./arrow.ts";
 * const rows = [{ id: "a", score: 0.5, ok: true }, { id: "b", score: null, ok: false }];
 * const table = tableFromRows(rows, { schema: { id: "utf8", score: "float32?", ok: "bool" } });
 * console.log(rowsFromTable(table)); // [ { id: "a", score: 0.5, ok: true }, { id: "b", score: null, ok: false } ]
 * ```
 */
export function tableFromRows(
  rows: Iterable<Record<string, unknown>>,
  options: TableFromOptions = {},
): arrow.Table {
  const list = Array.isArray(rows) ? rows as Record<string, unknown>[] : [...rows];
  const { spec, meta } = options.schema
    ? resolveSpec(options.schema, options.metadata)
    : { spec: inferTableSpec(list), meta: { ...options.metadata } };
  if (!options.dropExtra) {
    list.forEach((row, i) => {
      for (const k of Object.keys(row)) {
        if (!(k in spec)) {
          throw new TableDataError("the schema does not declare this column", {
            column: k,
            row: i,
          });
        }
      }
    });
  }
  return assemble(spec, meta, list.length, (name) => list.map((r) => r[name]));
}

// ---------------------------------------------------------------------------------------------
// Back to JS values

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (v instanceof arrow.Vector) return columnValues(v);
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) {
    return Array.from(v as unknown as ArrayLike<unknown>, plain);
  }
  if (typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    return plainObject((v as { toJSON(): Record<string, unknown> }).toJSON());
  }
  return v;
}

function plainObject(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = plain(x);
  return out;
}

/** Numeric types whose `toArray()` is a typed array of plain numbers. */
function isSmallNumeric(t: arrow.DataType): boolean {
  return (arrow.DataType.isFloat(t) && t.precision !== arrow.Precision.HALF) ||
    (arrow.DataType.isInt(t) && t.bitWidth <= 32);
}

/** The values of one column as plain JS values. */
function columnValues(vec: arrow.Vector): unknown[] {
  const t = vec.type;
  if (vec.nullCount === 0 && isSmallNumeric(t)) {
    return Array.from(vec.toArray() as ArrayLike<number>);
  }
  const out: unknown[] = new Array(vec.length);
  if (arrow.DataType.isList(t)) {
    let at = 0;
    for (const data of vec.data) {
      const child = data.children[0];
      const fast = child && child.offset === 0 && child.nullCount === 0 &&
        isSmallNumeric(child.type);
      if (!fast) break;
      const offs = data.valueOffsets as Int32Array;
      const values = child.values as ArrayLike<number> & {
        subarray(a: number, b: number): ArrayLike<number>;
      };
      for (let i = 0; i < data.length; i++) {
        out[at + i] = data.getValid(i) ? Array.from(values.subarray(offs[i], offs[i + 1])) : null;
      }
      at += data.length;
    }
    if (at === vec.length) return out;
  }
  for (let i = 0; i < vec.length; i++) out[i] = plain(vec.get(i));
  return out;
}

/**
 * Read an Arrow table back as one plain object per row (see the module notes for the value
 * forms).
 *
 * @param table An Arrow table.
 * @returns The rows, keys in column order.
 *
 * @example
 * ```ts
 * import { rowsFromTable, tableFromColumns } from "./arrow.ts";
 * const t = tableFromColumns({ a: [1, null], e: [[0.5, 1.5], [2]] }, { schema: { a: "int64?", e: "list<float32>" } });
 * console.log(rowsFromTable(t)); // [ { a: 1, e: [ 0.5, 1.5 ] }, { a: null, e: [ 2 ] } ]
 * ```
 */
export function rowsFromTable(table: arrow.Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((_, i) => columnValues(table.getChildAt(i)!));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = cols[c][r];
    rows[r] = row;
  }
  return rows;
}

/**
 * Read an Arrow table back as one plain array per column.
 *
 * @param table An Arrow table.
 * @returns Column name to values, in column order.
 *
 * @example
 * ```ts
 * import { columnsFromTable, tableFromRows } from "./arrow.ts";
 * const t = tableFromRows([{ a: "x", b: 1 }, { a: "y", b: 2 }], { schema: { a: "utf8", b: "float64" } });
 * console.log(columnsFromTable(t)); // { a: [ "x", "y" ], b: [ 1, 2 ] }
 * ```
 */
export function columnsFromTable(table: arrow.Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  table.schema.fields.forEach((f, i) => {
    out[f.name] = columnValues(table.getChildAt(i)!);
  });
  return out;
}
