/**
 * Tabular I/O and the schemas of every public table: CSV (RFC 4180, one internal module wraps
 * the npm CSV library), JSONL streaming, Arrow conversion with explicit column types, Parquet
 * files (parquet-wasm) with key-value metadata, and zod schemas with column orders.
 *
 * @module
 */

export * from "./errors.ts";
export * from "./csv.ts";
export * from "./jsonl.ts";
export * from "./arrow.ts";
export * from "./parquet.ts";
export * from "./schemas.ts";
