/**
 * Internal: validate table rows against zod schemas with messages that name file, line and
 * column, and turn CSV strings into the types a row schema expects (numbers, booleans, null).
 *
 * @module
 */

import { asZod } from "../config/_as_zod.ts";
import type { ZodSchema } from "../config/zod_schema.ts";
import { showValue } from "./_show_value.ts";
import { TableFileError } from "./errors.ts";

/** What a column schema expects once wrappers are removed. */
type Kind = "string" | "number" | "bigint" | "boolean" | "json" | "other";

interface Expectation {
  kind: Kind;
  nullable: boolean;
  optional: boolean;
}

interface Def {
  type: string;
  innerType?: ZodSchema;
  in?: ZodSchema;
  getter?: () => ZodSchema;
  values?: unknown[];
  options?: ZodSchema[];
  shape?: Record<string, ZodSchema>;
}

function defOf(schema: ZodSchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: ZodSchema, acc: Expectation, depth = 0): Expectation {
  if (depth > 32) return { ...acc, kind: "other" };
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
      return unwrap(def.innerType!, { ...acc, optional: true }, depth + 1);
    case "nullable":
      return unwrap(def.innerType!, { ...acc, nullable: true }, depth + 1);
    case "catch":
    case "readonly":
    case "nonoptional":
      return unwrap(def.innerType!, acc, depth + 1);
    case "pipe":
      return unwrap(def.in!, acc, depth + 1);
    case "lazy":
      return unwrap(def.getter!(), acc, depth + 1);
    case "string":
    case "enum":
    case "template_literal":
      return { ...acc, kind: "string" };
    case "number":
      return { ...acc, kind: "number" };
    case "bigint":
      return { ...acc, kind: "bigint" };
    case "boolean":
      return { ...acc, kind: "boolean" };
    case "array":
    case "tuple":
    case "object":
    case "record":
      return { ...acc, kind: "json" };
    case "literal": {
      const kinds = new Set((def.values ?? []).map((v) => typeof v));
      if (kinds.size !== 1) return { ...acc, kind: "other" };
      const k = [...kinds][0];
      return { ...acc, kind: k === "number" || k === "boolean" || k === "bigint" ? k : "string" };
    }
    case "union": {
      let nullable = acc.nullable;
      let optional = acc.optional;
      const kinds = new Set<Kind>();
      for (const opt of def.options ?? []) {
        const t = defOf(opt).type;
        if (t === "null") nullable = true;
        else if (t === "undefined") optional = true;
        else {
          const e = unwrap(opt, { kind: "other", nullable: false, optional: false }, depth + 1);
          nullable ||= e.nullable;
          optional ||= e.optional;
          kinds.add(e.kind);
        }
      }
      return { kind: kinds.size === 1 ? [...kinds][0] : "other", nullable, optional };
    }
    default:
      return { ...acc, kind: "other" };
  }
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Read a number the way CSV writers spell it: decimal and exponent forms, `NaN`, `inf`,
 * `Infinity`. Anything else gives undefined.
 *
 * @param text The field.
 * @returns The number, or undefined.
 *
 * @example
 * ```ts
 * import { parseCsvNumber } from "./_schema_rows.ts";
 * console.log(parseCsvNumber(" 1.5e3 "), parseCsvNumber("-inf"), parseCsvNumber("0x10")); // 1500 -Infinity undefined
 * ```
 */
export function parseCsvNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER_RE.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case "nan":
      return NaN;
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Infinity;
    case "-inf":
    case "-infinity":
      return -Infinity;
  }
  return undefined;
}

function coerceOne(text: string, e: Expectation): unknown {
  if (text === "") {
    if (e.nullable) return null;
    if (e.optional) return undefined;
    return "";
  }
  switch (e.kind) {
    case "number":
      return parseCsvNumber(text) ?? text;
    case "bigint":
      return /^[+-]?\d+$/.test(text.trim()) ? BigInt(text.trim()) : text;
    case "boolean": {
      const t = text.trim().toLowerCase();
      if (t === "true" || t === "1") return true;
      if (t === "false" || t === "0") return false;
      return text;
    }
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

function objectShape(schema: ZodSchema, depth = 0): Record<string, ZodSchema> | undefined {
  if (depth > 32) return undefined;
  const def = defOf(schema);
  if (def.type === "object") return def.shape;
  if (def.type === "pipe") return objectShape(def.in!, depth + 1);
  if (def.innerType) return objectShape(def.innerType, depth + 1);
  if (def.type === "lazy") return objectShape(def.getter!(), depth + 1);
  return undefined;
}

/**
 * Build a function that turns a record of CSV strings into the types the row schema expects:
 * numbers, booleans, bigints, JSON for arrays and objects; an empty field becomes null where the
 * column is nullable, is left out where it is optional, and stays "" otherwise. Columns the
 * schema does not name stay strings.
 *
 * @param schema A zod object schema (possibly wrapped).
 * @returns The coercing function.
 *
 * @example
 * ```ts
 * import { csvCoercer } from "./_schema_rows.ts";
 * import { z } from "zod";
 * const coerce = csvCoercer(z.object({ n: z.number(), e: z.string().nullable(), o: z.boolean().optional() }));
 * console.log(coerce({ n: "2", e: "", o: "", x: "kept" })); // { n: 2, e: null, x: "kept" }
 * ```
 */
export function csvCoercer(
  schema: ZodSchema,
): (record: Record<string, string>) => Record<string, unknown> {
  const shape = objectShape(schema) ?? {};
  const plan = new Map<string, Expectation>();
  for (const [key, col] of Object.entries(shape)) {
    plan.set(key, unwrap(col, { kind: "other", nullable: false, optional: false }));
  }
  return (record) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const e = plan.get(key);
      const v = e ? coerceOne(record[key], e) : record[key];
      if (v !== undefined) out[key] = v;
    }
    return out;
  };
}

/** Where a row came from, for messages. */
export interface RowOrigin {
  /** The file. */
  path: string;
  /** 1-based line where the row starts. */
  line: number;
}

/**
 * Validate one row; on failure build a {@linkcode TableFileError} naming the file, the line, the
 * first column at fault and every problem found.
 *
 * @param schema The row schema.
 * @param row The value to check (already coerced).
 * @param raw The row as it was in the file, to quote the found value.
 * @param origin File and line.
 * @returns The parsed row or the error.
 *
 * @example
 * ```ts
 * import { checkRow } from "./_schema_rows.ts";
 * import { z } from "zod";
 * const res = checkRow(z.object({ sr: z.int() }), { sr: "x" }, { sr: "x" }, { path: "a.csv", line: 4 });
 * if (!res.ok) console.log(res.error.message);
 * // Cannot read table "a.csv" at line 4, column "sr": invalid input: expected number, received string (found "x")
 * ```
 */
export function checkRow<T>(
  schema: ZodSchema<T>,
  row: unknown,
  raw: Record<string, unknown> | undefined,
  origin: RowOrigin,
): { ok: true; value: T } | { ok: false; error: TableFileError } {
  const res = asZod(schema).safeParse(row);
  if (res.success) return { ok: true, value: res.data };
  const parts: string[] = [];
  let column: string | undefined;
  for (const issue of res.error.issues) {
    const [head, ...rest] = issue.path;
    const col = head === undefined ? undefined : String(head);
    let msg = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    if (rest.length > 0) msg = `at ${rest.map((p) => `[${String(p)}]`).join("")}: ${msg}`;
    if (col !== undefined && raw && rest.length === 0 && raw[col] !== undefined) {
      msg += ` (found ${showValue(raw[col])})`;
    }
    if (parts.length === 0) {
      column = col;
      parts.push(msg);
    } else {
      parts.push(col === undefined ? msg : `column "${col}": ${msg}`);
    }
  }
  return {
    ok: false,
    error: new TableFileError(origin.path, parts.join("; "), { line: origin.line, column }),
  };
}
