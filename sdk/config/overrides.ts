/**
 * Dotted command-line overrides in Hydra style: parse `key=value`, `--key value`, `+key=value`,
 * `++key=value` and `~key`, and apply them to a config tree without mutating it.
 *
 * @module
 */

import type { ZodSchema } from "./zod_schema.ts";
import { UsageError } from "../log/errors.ts";
import {
  closest,
  formatKeyPath,
  getAt,
  hasOwn,
  isIndex,
  isPlainObject,
  kindOf,
  plural,
  setOwn,
} from "./_tree.ts";
import { schemaHasPath, schemaKeysAt } from "./_schema.ts";
import { decodeValue } from "./decode_value.ts";

/**
 * What an override does:
 * - `set` (`key=value`, `--key value`): change a key that exists;
 * - `add` (`+key=value`): add a key that does not exist yet;
 * - `upsert` (`++key=value`): add or change;
 * - `delete` (`~key`): remove a key.
 */
export type OverrideOp = "set" | "add" | "upsert" | "delete";

/** One parsed override. */
export interface Override {
  /** Key path segments, e.g. `["data", "manifest"]`; list indices are digit strings. */
  path: string[];
  /** The decoded value (absent for `delete`). */
  value?: unknown;
  /** What to do. */
  op: OverrideOp;
  /** The command-line text it came from, for messages. */
  source?: string;
}

/** Result of {@linkcode parseOverrides}. */
export interface ParsedOverrides {
  /** The overrides, in command-line order (later ones win). */
  overrides: Override[];
  /** Everything else, in order: positional arguments and flags that are not overrides. */
  rest: string[];
}

/** Options of {@linkcode parseOverrides}. */
export interface ParseOverridesOptions {
  /**
   * Names (without dashes) of the caller's own flags that take a value, such as `config` or
   * `out`: their value goes to `rest` with them instead of being read as an override.
   */
  valueFlags?: string[];
  /**
   * Also read `--name value` / `--name=value` with an undotted name (`--seed 7`) as an
   * override (default false: only dotted names such as `--exp.name`, so the caller's own flags
   * pass through).
   */
  plainFlags?: boolean;
}

/** Options of {@linkcode applyOverrides}. */
export interface ApplyOverridesOptions {
  /**
   * Hydra semantics (default true): `key=value` may only change a key that exists in the config
   * or is declared by `schema`; a new key needs `+key=value` (or `++`). False: any key may be
   * set and missing parents are created.
   */
  strict?: boolean;
  /** A zod schema whose declared keys count as existing (so defaults need not be in the file). */
  schema?: ZodSchema;
  /** Config file name for messages. */
  file?: string;
}

const SEG = String.raw`[A-Za-z_][\w-]*`;
const KEY_RE = new RegExp(String.raw`^${SEG}(?:\.(?:${SEG}|\d+)|\[\d+\])*$`);

/**
 * Split a dotted key such as `a.b`, `a.list.0` or `a.list[0]` into segments.
 *
 * @param key The dotted key.
 * @returns Its segments, or undefined when it is not a valid override key.
 *
 * @example
 * ```ts
 * import { parseKeyPath } from "./overrides.ts";
 * console.log(parseKeyPath("data.files[2].path")); // [ "data", "files", "2", "path" ]
 * console.log(parseKeyPath("not a key")); // undefined
 * ```
 */
export function parseKeyPath(key: string): string[] | undefined {
  if (!KEY_RE.test(key)) return undefined;
  return key.replace(/\[(\d+)\]/g, ".$1").split(".");
}

function decodeFor(source: string, text: string): unknown {
  try {
    return decodeValue(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid YAML /, "") : "";
    throw new UsageError(
      `Override "${source}" has an invalid value ${JSON.stringify(text)}: ${detail}`,
    );
  }
}

/**
 * Read one `key=value`, `+key=value`, `++key=value` or `~key` argument.
 *
 * @param text The argument.
 * @returns The override, or undefined when `text` is not an override (a path, a flag...).
 * @throws {UsageError} When the value is a malformed list or mapping, or `~key=value` is used.
 *
 * @example
 * ```ts
 * import { parseOverride } from "./overrides.ts";
 * console.log(parseOverride("vad.threshold=0.3"));
 * // { path: [ "vad", "threshold" ], value: 0.3, op: "set", source: "vad.threshold=0.3" }
 * console.log(parseOverride("data/a.wav")); // undefined
 * ```
 */
export function parseOverride(text: string): Override | undefined {
  if (text.startsWith("~")) {
    const eq = text.indexOf("=");
    const key = eq >= 0 ? text.slice(1, eq) : text.slice(1);
    const path = parseKeyPath(key);
    if (!path) return undefined;
    if (eq >= 0) {
      throw new UsageError(`Override "${text}" is not supported; write "~${key}" to delete a key`);
    }
    return { path, op: "delete", source: text };
  }
  const m = /^(\+\+|\+)?([^=]+)=([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const path = parseKeyPath(m[2]);
  if (!path) return undefined;
  const op: OverrideOp = m[1] === "++" ? "upsert" : m[1] === "+" ? "add" : "set";
  return { path, value: decodeFor(text, m[3]), op, source: text };
}

/**
 * Sort command-line pieces into dotted config overrides and everything else.
 *
 * Forms read as overrides (values are decoded as YAML scalars by
 * {@linkcode decodeValue}: `3` -> 3, `true`, `null`, `[1,2]`; quotes force a string):
 * - `data.manifest=PATH`: set an existing key;
 * - `--exp.name X` and `--exp.name=X`: the same, as a flag (the key must contain a `.` or `[`,
 *   so plain flags like `--force` are left alone, unless `options.plainFlags`);
 * - `+new.key=v`: add a key that does not exist (Hydra);
 * - `++key=v`: add or set;
 * - `~key`: delete a key.
 *
 * Everything else (positionals, other flags, anything after `--`, which stays in place) is
 * returned in `rest`, in order, for the caller's own flag parser.
 *
 * @param argv Command-line pieces.
 * @param options See {@linkcode ParseOverridesOptions}.
 * @returns The overrides and the rest.
 * @throws {UsageError} On a dotted flag without a value or a malformed value.
 *
 * @example
 * ```ts
 * import { parseOverrides } from "./overrides.ts";
 * const { overrides, rest } = parseOverrides(
 *   ["--config", "c.yaml", "data.manifest=m.jsonl", "--exp.name", "base", "+tags=[a,b]", "x.wav"],
 *   { valueFlags: ["config"] },
 * );
 * console.log(overrides.map((o) => [o.op, o.path.join("."), o.value]));
 * // [ [ "set", "data.manifest", "m.jsonl" ], [ "set", "exp.name", "base" ], [ "add", "tags", [ "a", "b" ] ] ]
 * console.log(rest); // [ "--config", "c.yaml", "x.wav" ]
 * ```
 */
export function parseOverrides(
  argv: readonly string[],
  options: ParseOverridesOptions = {},
): ParsedOverrides {
  const valueFlags = new Set(options.valueFlags ?? []);
  const overrides: Override[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const body = a.slice(2);
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const path = options.plainFlags || /[.[]/.test(name) ? parseKeyPath(name) : undefined;
      if (!path) {
        rest.push(a);
        if (eq < 0 && valueFlags.has(name) && i + 1 < argv.length) rest.push(argv[++i]);
        continue;
      }
      let text: string;
      let source: string;
      if (eq >= 0) {
        text = body.slice(eq + 1);
        source = a;
      } else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith("--") && next.length > 2)) {
          throw new UsageError(`Option "${a}" needs a value, e.g. ${a} VALUE or ${a}=VALUE`);
        }
        text = next;
        source = `${a} ${next}`;
        i++;
      }
      overrides.push({ path, value: decodeFor(source, text), op: "set", source });
      continue;
    }
    const o = parseOverride(a);
    if (o) overrides.push(o);
    else rest.push(a);
  }
  return { overrides, rest };
}

function describeOverride(o: Override): string {
  if (o.source) return o.source;
  const key = formatKeyPath(o.path);
  if (o.op === "delete") return `~${key}`;
  const prefix = o.op === "add" ? "+" : o.op === "upsert" ? "++" : "";
  return `${prefix}${key}=${JSON.stringify(o.value)}`;
}

/** Copy-on-write update of one key; `value` undefined with `del` removes it. */
function updateAt(
  node: unknown,
  path: readonly string[],
  i: number,
  change: { del: boolean; value?: unknown },
  fail: (msg: string) => never,
): unknown {
  const seg = path[i];
  const last = i === path.length - 1;
  const here = formatKeyPath(path.slice(0, i));
  if (Array.isArray(node)) {
    if (!isIndex(seg)) return fail(`"${here}" is a list, so "${seg}" must be an index`);
    const idx = Number(seg);
    const limit = last && !change.del ? node.length : node.length - 1;
    if (idx > limit) {
      return fail(
        `"${here}" is a list of ${plural(node.length, "item")}, index ${idx} is out of range`,
      );
    }
    const copy = node.slice();
    if (last) {
      if (change.del) copy.splice(idx, 1);
      else copy[idx] = change.value;
    } else {
      copy[idx] = updateAt(node[idx] ?? {}, path, i + 1, change, fail);
    }
    return copy;
  }
  if (isPlainObject(node)) {
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(node)) setOwn(copy, k, node[k]);
    if (last) {
      if (change.del) delete copy[seg];
      else setOwn(copy, seg, change.value);
    } else {
      const child = hasOwn(node, seg) ? node[seg] : undefined;
      setOwn(copy, seg, updateAt(child ?? {}, path, i + 1, change, fail));
    }
    return copy;
  }
  const what = typeof node === "string" ? `a string (${JSON.stringify(node)})` : kindOf(node);
  return fail(`"${here}" is ${what}, not a mapping`);
}

/**
 * Apply overrides to a config tree and return the new tree; the input is not modified
 * (unchanged branches are shared with it).
 *
 * Hydra semantics, when `strict` (the default): `key=value` may only change a key that exists
 * in the config or is declared by `options.schema`, otherwise it is an error suggesting the
 * closest key and the `+` form; `+key=value` adds a key and is an error when the key already
 * exists; `++key=value` adds or changes; `~key` deletes and is an error when the key is absent.
 * With `strict: false`, `key=value` may create any key. Missing parents of a new key are
 * created as mappings; a `null` parent becomes a mapping. Later overrides win.
 *
 * @param config The config tree (usually parsed YAML, before interpolation).
 * @param overrides Parsed overrides, or `key=value` strings.
 * @param options See {@linkcode ApplyOverridesOptions}.
 * @returns A new tree.
 * @throws {UsageError} Naming the override and the key at fault.
 *
 * @example
 * ```ts
 * import { applyOverrides } from "./overrides.ts";
 * const cfg = { vad: { threshold: 0.5 }, tags: ["a"] };
 * console.log(applyOverrides(cfg, ["vad.threshold=0.3", "+vad.mode=fast", "tags.0=b"]));
 * // { vad: { threshold: 0.3, mode: "fast" }, tags: [ "b" ] }
 * try {
 *   applyOverrides(cfg, ["vad.treshold=0.3"]);
 * } catch (err) {
 *   console.log((err as Error).message);
 *   // Override "vad.treshold=0.3": key "vad.treshold" does not exist in the config (did you ...
 * }
 * ```
 */
export function applyOverrides(
  config: unknown,
  overrides: readonly (Override | string)[],
  options: ApplyOverridesOptions = {},
): unknown {
  const strict = options.strict ?? true;
  const inFile = options.file ? `config "${options.file}"` : "the config";
  let current = config;
  for (const item of overrides) {
    let o: Override;
    if (typeof item === "string") {
      const parsed = parseOverride(item);
      if (!parsed) {
        throw new UsageError(
          `Unexpected argument "${item}"; config overrides look like key=value, +key=value or ~key`,
        );
      }
      o = parsed;
    } else {
      o = item;
    }
    const src = describeOverride(o);
    const key = formatKeyPath(o.path);
    const fail = (msg: string): never => {
      throw new UsageError(`Override "${src}": ${msg}`);
    };
    if (o.path.length === 0) fail("the key is empty");
    const exists = getAt(current, o.path).found;
    const declared = options.schema ? schemaHasPath(options.schema, o.path) : false;
    if (o.op === "set" && strict && !exists && !declared) {
      const parentPath = o.path.slice(0, -1);
      const parent = getAt(current, parentPath);
      const candidates = new Set<string>(
        parent.found && isPlainObject(parent.value) ? Object.keys(parent.value) : [],
      );
      if (options.schema) {
        for (const k of schemaKeysAt(options.schema, parentPath) ?? []) candidates.add(k);
      }
      const hint = closest(o.path[o.path.length - 1], [...candidates]);
      const mean = hint ? ` (did you mean "${formatKeyPath([...parentPath, hint])}"?)` : "";
      fail(
        `key "${key}" does not exist in ${inFile}${mean}; ` +
          `write "+${key}=..." to add a new key`,
      );
    }
    if (o.op === "add" && exists) {
      fail(
        `key "${key}" already exists in ${inFile}; write "${key}=..." to change it` +
          ` or "++${key}=..." to add or change it`,
      );
    }
    if (o.op === "delete" && !exists) fail(`key "${key}" does not exist in ${inFile}`);
    current = updateAt(
      current ?? {},
      o.path,
      0,
      { del: o.op === "delete", value: o.value },
      fail,
    );
  }
  return current;
}
