/**
 * OmegaConf-style `${...}` interpolation of a plain config tree.
 *
 * @module
 */

import { ConfigError } from "../log/errors.ts";
import {
  childAt,
  closest,
  configPrefix,
  deepCopy,
  formatKeyPath,
  getAt,
  isPlainObject,
  kindOf,
  plural,
  setOwn,
} from "./_tree.ts";
import { decodeValue } from "./decode_value.ts";

/** What a resolver sees besides its arguments. */
export interface ResolverContext {
  /** Dotted key of the value being resolved (where the `${name:...}` is written). */
  key: string;
  /** The same key as path segments. */
  path: readonly string[];
  /** The config file, when known. */
  file?: string;
  /** Read an environment variable through {@linkcode InterpolateOptions.env}. */
  getEnv(name: string): string | undefined;
}

/**
 * A custom resolver, called as `${name:arg1,arg2}`. Arguments arrive decoded: bare `3` is a
 * number, `'3'` a string, `${a.b}` the referenced value.
 */
export type Resolver = (args: unknown[], context: ResolverContext) => unknown;

/** Options of {@linkcode interpolate}. */
export interface InterpolateOptions {
  /** File name used in error messages. */
  file?: string;
  /**
   * Environment for `${oc.env:VAR}` / `${env:VAR}`. Default: the process environment, read only
   * when an env resolver is used (so no env permission is needed otherwise).
   */
  env?: Record<string, string | undefined>;
  /** Extra resolvers by name (`${name:args}`); they may not replace built-in ones. */
  resolvers?: Record<string, Resolver>;
}

/** A parsed template: literal text and interpolations. */
type Part = string | { raw: string; body: string };

/** Index of the `}` closing the `${` at `start`, or -1. Quotes and nesting are respected. */
function findClose(s: string, start: number): number {
  let quote: string | null = null;
  let j = start + 2;
  while (j < s.length) {
    const c = s[j];
    if (c === "\\") {
      j += 2;
      continue;
    }
    if (c === "$" && s[j + 1] === "{") {
      const end = findClose(s, j);
      if (end < 0) return -1;
      j = end + 1;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "}") {
      return j;
    }
    j++;
  }
  return -1;
}

/**
 * Split a string into literal text and `${...}` parts. `\${` keeps a literal `${`; `\\${`
 * is a literal backslash followed by an interpolation.
 */
function parseTemplate(s: string, onUnclosed: (raw: string) => never): Part[] {
  const parts: Part[] = [];
  let buf = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      let n = 0;
      while (s[i + n] === "\\") n++;
      if (s[i + n] === "$" && s[i + n + 1] === "{") {
        buf += "\\".repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          buf += "${";
          i += n + 2;
        } else {
          i += n;
        }
      } else {
        buf += s.slice(i, i + n);
        i += n;
      }
      continue;
    }
    if (c === "$" && s[i + 1] === "{") {
      const end = findClose(s, i);
      if (end < 0) onUnclosed(s.slice(i));
      if (buf) parts.push(buf);
      buf = "";
      parts.push({ raw: s.slice(i, end + 1), body: s.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    buf += c;
    i++;
  }
  if (buf) parts.push(buf);
  return parts;
}

/** Split resolver arguments at top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === "{" || c === "[") {
      depth++;
    } else if (c === "}" || c === "]") {
      depth--;
    } else if (c === "," && depth === 0) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** Parse a key such as `a.b`, `a.list[0]`, `.sibling`, `..uncle` into up-levels and segments. */
function parseKey(key: string): { up: number; segments: string[] } | undefined {
  let up = 0;
  while (key[up] === ".") up++;
  const rest = key.slice(up);
  const segments: string[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/y;
  let i = 0;
  let expectSegment = true;
  while (i < rest.length) {
    if (!expectSegment) {
      if (rest[i] === ".") {
        i++;
        expectSegment = true;
        continue;
      }
      if (rest[i] !== "[") return undefined;
    }
    re.lastIndex = i;
    const m = re.exec(rest);
    if (!m) return undefined;
    segments.push((m[1] ?? m[2]).trim());
    i = re.lastIndex;
    expectSegment = false;
  }
  if (expectSegment && rest.length > 0) return undefined; // trailing dot
  if (segments.length === 0 || segments.some((s) => s === "")) return undefined;
  return { up, segments };
}

const RESOLVER_HEAD = /^\s*([A-Za-z_][\w.-]*)\s*:/;

/**
 * Resolve OmegaConf-style `${...}` interpolations in a config tree and return a new tree. The
 * input is not modified.
 *
 * Supported forms:
 * - `${a.b}`: absolute dotted key; `${a.list.0}` or `${a.list[0]}` index lists;
 *   `${.b}` is a sibling and `${..b}` a sibling of the parent (relative keys).
 * - A value that is exactly one `${...}` keeps the referenced type (number, list, mapping);
 *   one inside a longer string is joined as text: `exp_${model.name}_${seed}` is a string
 *   (only scalars can be joined; `null` reads `null`).
 * - Nested: `${a.${b}}` resolves `${b}` first and uses its text as part of the key.
 * - `${oc.env:VAR}` / `${env:VAR}` read an environment variable (always a string);
 *   `${oc.env:VAR,default}` gives `default` when VAR is unset (as a string, or null for `null`).
 *   `${oc.decode:${oc.env:N,3}}` decodes a string as a YAML scalar (`"3"` -> 3).
 * - `\${a}` is the literal text `${a}`.
 *
 * A reference cycle throws a {@linkcode ConfigError} naming it (`a.b -> c.d -> a.b`); a missing
 * key throws one naming the key and where it was referenced.
 *
 * @param config Plain data, typically parsed YAML.
 * @param options See {@linkcode InterpolateOptions}.
 * @returns A new tree with every interpolation resolved.
 * @throws {ConfigError} On a cycle, a missing key or variable, or a malformed interpolation.
 *
 * @example
 * ```ts
 * import { interpolate } from "./interpolate.ts";
 * const cfg = interpolate({
 *   seed: 3,
 *   model: { name: "tiny", sizes: [64, 128] },
 *   exp: "exp_${model.name}_${seed}",
 *   width: "${model.sizes[1]}",
 *   home: "${oc.env:DATA_HOME,/tmp/data}",
 *   literal: "\\${seed}",
 * }, { env: {} });
 * console.log(cfg);
 * // { seed: 3, model: {...}, exp: "exp_tiny_3", width: 128, home: "/tmp/data", literal: "${seed}" }
 * ```
 */
export function interpolate(config: unknown, options: InterpolateOptions = {}): unknown {
  const file = options.file;
  const memo = new Map<string, unknown>();
  const stack: string[][] = [];
  const onStack = new Set<string>();

  const err = (at: readonly string[], msg: string): never => {
    throw new ConfigError(`${configPrefix(file, formatKeyPath(at) || undefined)}: ${msg}`);
  };

  const getEnv = (name: string, at: readonly string[]): string | undefined => {
    if (options.env) return options.env[name];
    try {
      return Deno.env.get(name);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        return err(at, `reading environment variable "${name}" needs --allow-env`);
      }
      throw e;
    }
  };

  const builtins: Record<string, Resolver> = {};
  const envResolver = (name: string): Resolver => (args, ctx) => {
    const at = ctx.path;
    if (args.length < 1 || args.length > 2 || typeof args[0] !== "string" || !args[0]) {
      return err(at, `"\${${name}:VAR}" takes a variable name and an optional default`);
    }
    const v = ctx.getEnv(args[0]);
    if (v !== undefined) return v;
    if (args.length === 2) return args[1] === null ? null : String(args[1]);
    return err(
      at,
      `environment variable "${args[0]}" is not set and has no default` +
        ` (write \${${name}:${args[0]},DEFAULT} to give one)`,
    );
  };
  builtins["oc.env"] = envResolver("oc.env");
  builtins["env"] = envResolver("env");
  builtins["oc.decode"] = (args, ctx) => {
    if (args.length !== 1) {
      return err(ctx.path, '"${oc.decode:...}" takes one argument');
    }
    const v = args[0];
    if (typeof v !== "string") return v;
    try {
      return decodeValue(v);
    } catch {
      return err(ctx.path, `cannot decode ${JSON.stringify(v)} as YAML`);
    }
  };
  const resolvers: Record<string, Resolver> = { ...(options.resolvers ?? {}), ...builtins };

  const toText = (value: unknown, raw: string, at: readonly string[]): string => {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
      return String(value);
    }
    if (value === null) return "null";
    return err(
      at,
      `interpolation "${raw}" inside a longer string refers to ${kindOf(value)}; ` +
        "only strings, numbers, booleans and null can be joined into text",
    );
  };

  /** Evaluate a template; a lone interpolation keeps its type, anything else is text. */
  const evalTemplate = (s: string, at: readonly string[]): unknown => {
    const parts = parseTemplate(s, (raw) => err(at, `unclosed interpolation "${raw}"`));
    if (parts.length === 1 && typeof parts[0] !== "string") {
      const value = evalInterp(parts[0], at);
      return isPlainObject(value) || Array.isArray(value) ? deepCopy(value) : value;
    }
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : toText(evalInterp(p, at), p.raw, at);
    return out;
  };

  const evalArg = (arg: string, at: readonly string[]): unknown => {
    const t = arg.trim();
    const q = t[0];
    if (t.length >= 2 && (q === "'" || q === '"') && t[t.length - 1] === q) {
      const inner = t.slice(1, -1).replace(new RegExp(`\\\\${q}`, "g"), q);
      return inner.includes("${") ? String(evalTemplate(inner, at)) : inner;
    }
    if (t.includes("${")) return evalTemplate(t, at);
    try {
      return decodeValue(t);
    } catch {
      return t;
    }
  };

  const evalInterp = (p: { raw: string; body: string }, at: readonly string[]): unknown => {
    const head = RESOLVER_HEAD.exec(p.body);
    const firstNested = p.body.indexOf("${");
    if (head && (firstNested < 0 || head[0].length <= firstNested)) {
      const name = head[1];
      const fn = resolvers[name];
      if (!fn) {
        const known = Object.keys(resolvers).sort().map((n) => `"${n}"`).join(", ");
        return err(
          at,
          `interpolation "${p.raw}" uses unknown resolver "${name}" (known: ${known})`,
        );
      }
      const argText = p.body.slice(head[0].length);
      const args = argText.trim() === "" ? [] : splitArgs(argText).map((a) => evalArg(a, at));
      const ctx = { key: formatKeyPath(at), path: at, file, getEnv: (n: string) => getEnv(n, at) };
      if (Object.prototype.hasOwnProperty.call(builtins, name)) return fn(args, ctx);
      try {
        return fn(args, ctx);
      } catch (e) {
        if (e instanceof ConfigError) throw e;
        const why = e instanceof Error ? e.message : String(e);
        return err(at, `resolver "${name}" failed on "${p.raw}": ${why}`);
      }
    }
    const keyParts = parseTemplate(p.body, (raw) => err(at, `unclosed interpolation "${raw}"`));
    let key = "";
    for (const kp of keyParts) {
      key += typeof kp === "string" ? kp : toText(evalInterp(kp, at), kp.raw, at);
    }
    key = key.trim();
    const parsed = parseKey(key);
    if (!parsed) return err(at, `interpolation "${p.raw}" is not a valid key`);
    let base: string[] = [];
    if (parsed.up > 0) {
      const keep = at.length - parsed.up;
      if (keep < 0) return err(at, `interpolation "${p.raw}" goes above the top of the config`);
      base = at.slice(0, keep);
    }
    return lookup([...base, ...parsed.segments], p.raw, at);
  };

  const lookup = (segs: string[], raw: string, at: readonly string[]): unknown => {
    let node: unknown = config;
    let resolvedMode = false;
    const cur: string[] = [];
    for (const seg of segs) {
      if (!resolvedMode && typeof node === "string" && node.includes("${")) {
        node = resolveAt(cur);
        resolvedMode = true;
      }
      const c = childAt(node, seg);
      if (!c.found) {
        const target = formatKeyPath(segs);
        let why = "";
        if (isPlainObject(node)) {
          const hint = closest(seg, Object.keys(node));
          if (hint) why = ` (did you mean "${formatKeyPath([...cur, hint])}"?)`;
        } else if (Array.isArray(node)) {
          why = ` ("${formatKeyPath(cur)}" is a list of ${plural(node.length, "item")})`;
        } else if (cur.length > 0) {
          why = ` ("${formatKeyPath(cur)}" is ${kindOf(node)}, not a mapping)`;
        }
        return err(at, `interpolation "${raw}" refers to missing key "${target}"${why}`);
      }
      node = c.value;
      cur.push(seg);
    }
    return resolvedMode ? node : resolveAt(cur);
  };

  const resolveAt = (path: string[]): unknown => {
    const id = JSON.stringify(path);
    if (memo.has(id)) return memo.get(id);
    if (onStack.has(id)) {
      const from = stack.findIndex((p) => JSON.stringify(p) === id);
      const chain = [...stack.slice(from), path].map((p) => formatKeyPath(p) || "<root>");
      const origin = stack[stack.length - 1];
      return err(origin, `interpolation cycle ${chain.join(" -> ")}`);
    }
    stack.push(path);
    onStack.add(id);
    const raw = getAt(config, path).value;
    let out: unknown;
    if (typeof raw === "string") {
      out = raw.includes("${") ? evalTemplate(raw, path) : raw;
    } else if (Array.isArray(raw)) {
      out = raw.map((_, i) => resolveAt([...path, String(i)]));
    } else if (isPlainObject(raw)) {
      const obj: Record<string, unknown> = {};
      for (const k of Object.keys(raw)) setOwn(obj, k, resolveAt([...path, k]));
      out = obj;
    } else {
      out = raw;
    }
    stack.pop();
    onStack.delete(id);
    memo.set(id, out);
    return out;
  };

  return deepCopy(resolveAt([]));
}
