/**
 * The ONE module that wraps the npm `yaml` package. Everything else in the SDK reads and writes
 * YAML through {@linkcode parseYamlText} and {@linkcode stringifyYamlValue}, so swapping back
 * to `@std/yaml` later touches this file only.
 *
 * Safe parsing: YAML 1.2 core schema, a single document, no custom tags (`!!js/function`,
 * `!!python/...`, `!foo` are errors), no merge keys (`<<`), no duplicate keys, no collection
 * keys, no `__proto__` key, at most 100 aliases. Every problem becomes a {@linkcode YamlError}
 * naming the file, line and column.
 *
 * @module
 */

import process from "node:process";
import {
  Alias,
  Document,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  Scalar,
  visit,
  type YAMLError,
} from "yaml";
import { YamlError } from "./yaml_error.ts";

/** Tags of the YAML 1.2 core schema: the only explicit tags accepted. */
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

/** Options of {@linkcode parseYamlText}. */
export interface ParseYamlTextOptions {
  /** File name used in error messages. */
  path?: string;
}

/** Options of {@linkcode stringifyYamlValue}. */
export interface StringifyYamlValueOptions {
  /** Sort mapping keys alphabetically (default false: insertion order). */
  sortKeys?: boolean;
}

function where(path: string | undefined): string {
  return path ? ` in "${path}"` : "";
}

function displayTag(tag: string): string {
  const core = "tag:yaml.org,2002:";
  return tag.startsWith(core) ? `!!${tag.slice(core.length)}` : tag;
}

/** Strip the position and source excerpt that `yaml` appends, and lower-case the first word. */
function cleanMessage(msg: string): string {
  let m = msg.split("\n")[0].replace(/ at line \d+, column \d+:?\s*$/, "").trim();
  m = m.replace(/\.$/, "");
  return m.length > 1 && /^[A-Z][a-z]/.test(m) ? m[0].toLowerCase() + m.slice(1) : m;
}

/**
 * Run `fn` with `process.env` replaced by an empty object when env access is not granted.
 * `yaml` reads `process.env.LOG_TOKENS` / `LOG_STREAM` while parsing, which throws (or prompts)
 * under Deno without `--allow-env`. Parsing is synchronous, so the swap cannot leak.
 */
function withoutEnvPrompt<T>(fn: () => T): T {
  let granted = true;
  try {
    for (const variable of ["LOG_TOKENS", "LOG_STREAM"]) {
      if (Deno.permissions.querySync({ name: "env", variable }).state !== "granted") {
        granted = false;
      }
    }
  } catch {
    granted = false;
  }
  if (granted) return fn();
  const p = process as unknown as { env: unknown };
  const saved = p.env;
  try {
    p.env = {};
    return fn();
  } finally {
    p.env = saved;
  }
}

/**
 * Parse one YAML document safely into plain data (mappings, lists, strings, numbers, booleans,
 * null). An empty document gives `null`.
 *
 * @param text The YAML text.
 * @param options See {@linkcode ParseYamlTextOptions}.
 * @returns The plain value.
 * @throws {YamlError} On a syntax error or anything outside the safe subset.
 *
 * @example
 * ```ts
 * import { parseYamlText } from "./_yaml.ts";
 * console.log(parseYamlText("a: [1, 2]\nb: yes\n")); // { a: [ 1, 2 ], b: "yes" }
 * ```
 */
export function parseYamlText(text: string, options: ParseYamlTextOptions = {}): unknown {
  const file = options.path;
  const lc = new LineCounter();
  const fail = (pos: number, head: string, tail = ""): never => {
    const { line, col } = lc.linePos(pos);
    throw new YamlError(`${head}${where(file)} at line ${line}, column ${col}${tail}`, {
      file,
      line,
      column: col,
    });
  };
  const doc = withoutEnvPrompt(() =>
    parseDocument(text, {
      version: "1.2",
      schema: "core",
      customTags: [],
      merge: false,
      uniqueKeys: true,
      strict: true,
      prettyErrors: false,
      lineCounter: lc,
    })
  );
  const first = (errs: YAMLError[]) => errs.length > 0 ? errs[0] : undefined;
  const err = first(doc.errors);
  if (err) {
    let msg = cleanMessage(err.message);
    if (err.code === "DUPLICATE_KEY") {
      const key = text.slice(err.pos[0], err.pos[1]).trim();
      msg = `duplicate key ${JSON.stringify(key)}`;
    } else if (err.code === "MULTIPLE_DOCS") {
      msg = "more than one YAML document (only one is read)";
    }
    fail(err.pos[0], "Invalid YAML", `: ${msg}`);
  }
  // Explicit tags, odd keys and unresolved aliases: walk every node.
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag && !CORE_TAGS.has(node.tag)) {
      const start = node.range?.[0] ?? 0;
      let tagPos = text.lastIndexOf("!", start);
      while (tagPos > 0 && text[tagPos - 1] === "!") tagPos--;
      fail(
        tagPos >= 0 ? tagPos : start,
        `Unsupported YAML tag "${displayTag(node.tag)}"`,
        " (only plain YAML 1.2 values are allowed, no custom tags)",
      );
    }
    if (isAlias(node) && (node as Alias).resolve(doc) === undefined) {
      fail(node.range?.[0] ?? 0, `Unknown YAML alias "*${(node as Alias).source}"`);
    }
    if (isPair(node)) {
      const k = node.key;
      const at = (isNode(k) && k.range?.[0]) || 0;
      if (isCollection(k)) fail(at, "Unsupported YAML key", " (keys must be plain scalars)");
      if (isAlias(k)) fail(at, "Unsupported YAML key", " (an alias cannot be a key)");
      if (isScalar(k) && k.value === "<<" && k.type === "PLAIN") {
        fail(at, 'Unsupported YAML merge key "<<"', " (use ${...} interpolation instead)");
      }
      if (isScalar(k) && k.value === "__proto__") fail(at, 'Unsupported YAML key "__proto__"');
    }
  });
  const warn = first(doc.warnings);
  if (warn) fail(warn.pos[0], "Invalid YAML", `: ${cleanMessage(warn.message)}`);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new YamlError(
      `Invalid YAML${where(file)}: ${cleanMessage(e instanceof Error ? e.message : String(e))}`,
      { file },
    );
  }
}

/** Strings that YAML 1.1 readers (PyYAML, older tools) would read as booleans or dates. */
const YAML11_LOOKALIKE =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$/;

/**
 * Render plain data as YAML, deterministically: same value, same bytes. Strings that YAML 1.1
 * readers would misread (`yes`, `on`, dates) are quoted; repeated objects are written out in
 * full (no anchors); `undefined` values are left out.
 *
 * @param value Plain data.
 * @param options See {@linkcode StringifyYamlValueOptions}.
 * @returns YAML text ending with a newline.
 *
 * @example
 * ```ts
 * import { stringifyYamlValue } from "./_yaml.ts";
 * console.log(stringifyYamlValue({ b: 1, a: ["on", 2] }, { sortKeys: true }));
 * // a:\n  - "on"\n  - 2\nb: 1\n
 * ```
 */
export function stringifyYamlValue(
  value: unknown,
  options: StringifyYamlValueOptions = {},
): string {
  const doc = new Document(value, {
    version: "1.2",
    schema: "core",
    aliasDuplicateObjects: false,
    keepUndefined: false,
    sortMapEntries: options.sortKeys ?? false,
  });
  visit(doc, {
    Scalar(key, node: Scalar) {
      if (key !== "key" && typeof node.value === "string" && YAML11_LOOKALIKE.test(node.value)) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  if (isMap(doc.contents) && doc.contents.items.length === 0) return "{}\n";
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
