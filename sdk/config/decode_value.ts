/**
 * Read a command-line or resolver value the way YAML reads a scalar.
 *
 * @module
 */

import { parseYamlText } from "./_yaml.ts";

/** YAML 1.2 core-schema scalars: null, booleans, integers, floats. */
const CORE_SCALAR = new RegExp(
  "^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE" +
    "|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+" +
    "|[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?" +
    "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
);

/**
 * Decode one value typed on a command line (or given to a resolver) as YAML would read it:
 * `3` -> 3, `0.5` -> 0.5, `true` -> true, `null` or `~` -> null, `[1, 2]` -> a list,
 * `{a: 1}` -> a mapping. Quotes force a string: `'3'` or `"3"` -> "3" (on a shell, quote the
 * quotes: `seed="'3'"`). Anything else, including paths, globs and text with `#` or `: `, is
 * kept as the string it is; the empty string stays empty.
 *
 * @param text The raw text.
 * @returns The decoded value.
 * @throws {YamlError} When a flow list/mapping or a quoted string is not valid YAML.
 *
 * @example
 * ```ts
 * import { decodeValue } from "./decode_value.ts";
 * console.log(decodeValue("3"), decodeValue("true"), decodeValue("null")); // 3 true null
 * console.log(decodeValue("[1, 2]"), typeof decodeValue("'3'"), decodeValue("data/a.jsonl"));
 * // [ 1, 2 ] string data/a.jsonl
 * ```
 */
export function decodeValue(text: string): unknown {
  if (text === "") return "";
  const first = text[0];
  const last = text[text.length - 1];
  const quoted = text.length >= 2 && (first === "'" || first === '"') && last === first;
  if (first === "[" || first === "{" || quoted || CORE_SCALAR.test(text)) {
    return parseYamlText(text);
  }
  return text;
}
