/**
 * Safe YAML reading and deterministic YAML writing for configs and sidecar files.
 *
 * The accepted subset is YAML 1.2 with the core schema: one document, plain values (mappings,
 * lists, strings, numbers, booleans, null), anchors and aliases. Custom tags (`!!js/function`,
 * `!!python/object`, `!foo`), merge keys (`<<`), duplicate keys and collection keys are errors
 * that name the file, line and column. `yes`/`on` stay strings (YAML 1.2), dates stay strings.
 *
 * @module
 */

import { ConfigError } from "../log/errors.ts";
import { parseYamlText, stringifyYamlValue } from "./_yaml.ts";

export { YamlError, type YamlErrorInfo } from "./yaml_error.ts";

/** Options of {@linkcode parseYaml}. */
export interface ParseYamlOptions {
  /** File name used in error messages (nothing is read from it). */
  path?: string;
}

/** Options of {@linkcode stringifyYaml}. */
export interface StringifyYamlOptions {
  /** Sort mapping keys alphabetically (default false: keys keep their insertion order). */
  sortKeys?: boolean;
}

/**
 * Parse YAML text safely into plain data. An empty document gives `null`.
 *
 * @param text The YAML text.
 * @param options See {@linkcode ParseYamlOptions}.
 * @returns Plain data: mappings, lists, strings, numbers, booleans, null.
 * @throws {YamlError} On a syntax error, a duplicate key or a tag outside the core schema; the
 * message names the file, line and column.
 *
 * @example
 * ```ts
 * import { parseYaml } from "./yaml.ts";
 * const cfg = parseYaml("seed: 3\nname: exp_${seed}\n") as { seed: number; name: string };
 * console.log(cfg.seed + 1, cfg.name); // 4 exp_${seed}
 * try {
 *   parseYaml("run: !!js/function 'function () {}'\n", { path: "bad.yaml" });
 * } catch (err) {
 *   console.log((err as Error).message);
 *   // Unsupported YAML tag "!!js/function" in "bad.yaml" at line 1, column 6 (...)
 * }
 * ```
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): unknown {
  return parseYamlText(text, { path: options.path });
}

/**
 * Read and safely parse a YAML file.
 *
 * @param path The file to read.
 * @returns Plain data (`null` for an empty file).
 * @throws {ConfigError} When the file is missing or unreadable; {@linkcode YamlError} when it
 * is not safe YAML.
 *
 * @example
 * ```ts
 * import { readYaml } from "./yaml.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.yaml`, "vad:\n  threshold: 0.5\n");
 * console.log(await readYaml(`${dir}/a.yaml`)); // { vad: { threshold: 0.5 } }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readYaml(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ConfigError(`Config file "${path}" does not exist`);
    }
    if (err instanceof Deno.errors.IsADirectory) {
      throw new ConfigError(`Config file "${path}" is a directory, not a YAML file`);
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new ConfigError(`Cannot read config file "${path}": ${detail}`);
  }
  return parseYamlText(text, { path });
}

/**
 * Render plain data as YAML, deterministically: the same value always gives the same bytes.
 * Strings that YAML 1.1 readers (PyYAML) would misread, such as `on`, `yes` or dates, are
 * quoted; shared objects are written out in full (no anchors); `undefined` values are left out.
 *
 * @param value Plain data.
 * @param options See {@linkcode StringifyYamlOptions}.
 * @returns YAML text ending with a newline.
 *
 * @example
 * ```ts
 * import { parseYaml, stringifyYaml } from "./yaml.ts";
 * const text = stringifyYaml({ seed: 3, vad: { mode: "on", threshold: 0.5 } });
 * console.log(text); // seed: 3\nvad:\n  mode: "on"\n  threshold: 0.5\n
 * console.log(parseYaml(text)); // { seed: 3, vad: { mode: "on", threshold: 0.5 } }
 * ```
 */
export function stringifyYaml(value: unknown, options: StringifyYamlOptions = {}): string {
  return stringifyYamlValue(value, { sortKeys: options.sortKeys });
}
