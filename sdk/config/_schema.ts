/**
 * Internal helpers that read a zod 4 schema's structure: which keys a config may have, and the
 * default of each key. Only `schema._zod.def` is read, so classic and mini schemas both work.
 *
 * @module
 */

import type { ZodSchema } from "./zod_schema.ts";
import { deepCopy, isIndex, isPlainObject, setOwn } from "./_tree.ts";

/** The parts of a zod 4 definition these helpers read. */
interface Def {
  type: string;
  innerType?: ZodSchema;
  defaultValue?: unknown;
  shape?: Record<string, ZodSchema>;
  catchall?: ZodSchema;
  element?: ZodSchema;
  valueType?: ZodSchema;
  items?: ZodSchema[];
  rest?: ZodSchema | null;
  options?: ZodSchema[];
  left?: ZodSchema;
  right?: ZodSchema;
  in?: ZodSchema;
  getter?: () => ZodSchema;
}

/** The definition of a schema. */
export function defOf(schema: ZodSchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
]);

/** Strip wrappers (optional, default, readonly, lazy, the input side of pipes...). */
export function unwrap(schema: ZodSchema): ZodSchema {
  let s = schema;
  for (let i = 0; i < 64; i++) {
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === "lazy" && d.getter) s = d.getter();
    else if (d.type === "pipe" && d.in) s = d.in;
    else return s;
  }
  return s;
}

/** Sentinel: the schema accepts anything below this point. */
export const ANY = Symbol("any");

/**
 * The schemas a child key may have (several for unions), `ANY` when anything goes, or an empty
 * list when the key is not allowed.
 */
export function childSchemas(schema: ZodSchema, seg: string): (ZodSchema | typeof ANY)[] {
  const s = unwrap(schema);
  const d = defOf(s);
  switch (d.type) {
    case "any":
    case "unknown":
      return [ANY];
    case "object": {
      if (d.shape && Object.prototype.hasOwnProperty.call(d.shape, seg)) return [d.shape[seg]];
      if (d.catchall && defOf(d.catchall).type !== "never") return [d.catchall];
      return [];
    }
    case "record":
      return d.valueType ? [d.valueType] : [ANY];
    case "array":
      return isIndex(seg) && d.element ? [d.element] : [];
    case "tuple": {
      if (!isIndex(seg)) return [];
      const i = Number(seg);
      if (d.items && i < d.items.length) return [d.items[i]];
      return d.rest ? [d.rest] : [];
    }
    case "union":
      return (d.options ?? []).flatMap((o) => childSchemas(o, seg));
    case "intersection":
      return [
        ...(d.left ? childSchemas(d.left, seg) : []),
        ...(d.right ? childSchemas(d.right, seg) : []),
      ];
    default:
      return [];
  }
}

/** Whether the schema declares a key path (through objects, records, lists, unions). */
export function schemaHasPath(schema: ZodSchema, path: readonly string[]): boolean {
  let current: (ZodSchema | typeof ANY)[] = [schema];
  for (const seg of path) {
    if (current.includes(ANY)) return true;
    current = current.flatMap((s) => (s === ANY ? [ANY] : childSchemas(s, seg)));
    if (current.length === 0) return false;
  }
  return true;
}

/** The keys an object schema declares at a path (for "did you mean" hints), or undefined. */
export function schemaKeysAt(schema: ZodSchema, path: readonly string[]): string[] | undefined {
  let current: (ZodSchema | typeof ANY)[] = [schema];
  for (const seg of path) {
    current = current.flatMap((s) => (s === ANY ? [] : childSchemas(s, seg)));
  }
  const keys = new Set<string>();
  let any = false;
  for (const s of current) {
    if (s === ANY) continue;
    const d = defOf(unwrap(s));
    if (d.type === "object" && d.shape) {
      any = true;
      for (const k of Object.keys(d.shape)) keys.add(k);
    }
  }
  return any ? [...keys] : undefined;
}

/** Whether a schema transforms its input (a pipe or transform somewhere on top). */
function transforms(schema: ZodSchema): boolean {
  let s = schema;
  for (let i = 0; i < 64; i++) {
    const d = defOf(s);
    if (d.type === "pipe" || d.type === "transform") return true;
    if (WRAPPERS.has(d.type) && d.innerType) s = d.innerType;
    else if (d.type === "lazy" && d.getter) s = d.getter();
    else return false;
  }
  return false;
}

/**
 * The input-side default of a schema: what a YAML file would have to say to get the same
 * result. `undefined` when there is none (a required key, an optional key, a transformed value).
 */
export function defaultsOf(schema: ZodSchema, depth = 0): unknown {
  if (depth > 32) return undefined;
  const d = defOf(schema);
  switch (d.type) {
    case "default":
    case "prefault": {
      if (!d.innerType || (d.type === "default" && transforms(d.innerType))) return undefined;
      const v = d.defaultValue;
      const inner = defaultsOf(d.innerType, depth + 1);
      if (isPlainObject(v) && isPlainObject(inner)) {
        const out: Record<string, unknown> = { ...inner };
        for (const k of Object.keys(v)) setOwn(out, k, v[k]);
        return deepCopy(out);
      }
      return v === undefined ? undefined : deepCopy(v);
    }
    case "optional": {
      // An optional key has a default only when its inner schema states one explicitly.
      const inner = d.innerType ? defOf(d.innerType).type : "";
      return inner === "default" || inner === "prefault"
        ? defaultsOf(d.innerType!, depth + 1)
        : undefined;
    }
    case "nullable":
    case "readonly":
    case "catch":
    case "nonoptional":
      return d.innerType ? defaultsOf(d.innerType, depth + 1) : undefined;
    case "lazy":
      return d.getter ? defaultsOf(d.getter(), depth + 1) : undefined;
    case "pipe":
      return d.in ? defaultsOf(d.in, depth + 1) : undefined;
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(d.shape ?? {})) {
        const v = defaultsOf(child, depth + 1);
        if (v !== undefined) setOwn(out, k, v);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    default:
      return undefined;
  }
}
