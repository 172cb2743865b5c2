/**
 * Write a resolved config as deterministic YAML (the "frozen" config saved next to outputs).
 *
 * @module
 */

import { stringifyYaml } from "./yaml.ts";

/** Options of {@linkcode dumpConfig}. */
export interface DumpConfigOptions {
  /** Sort mapping keys alphabetically (default false: the schema's key order). */
  sortKeys?: boolean;
  /** Comment lines written at the top, each prefixed with `# ` (no timestamps, for hashing). */
  header?: string;
}

/**
 * Render a resolved config as YAML: the same config always gives the same bytes, and
 * {@linkcode parseYaml} reads it back equal (strings such as `on` or `2024-01-01` are quoted,
 * interpolation-looking strings are kept as text, shared objects are written out in full).
 *
 * @param config The resolved config (plain data).
 * @param options See {@linkcode DumpConfigOptions}.
 * @returns YAML text ending with a newline.
 *
 * @example
 * ```ts
 * import { dumpConfig } from "./dump_config.ts";
 * import { parseYaml } from "./yaml.ts";
 * const cfg = { exp: { name: "base", seed: 3 }, stages: ["score", "select"] };
 * const text = dumpConfig(cfg, { header: "resolved from configs/exp.yaml" });
 * console.log(text);
 * // # resolved from configs/exp.yaml\nexp:\n  name: base\n  seed: 3\nstages:\n  - score\n  - select\n
 * console.log(JSON.stringify(parseYaml(text)) === JSON.stringify(cfg)); // true
 * ```
 */
export function dumpConfig(config: unknown, options: DumpConfigOptions = {}): string {
  const body = stringifyYaml(config, { sortKeys: options.sortKeys });
  if (!options.header) return body;
  const header = options.header.split("\n").map((l) => (l ? `# ${l}` : "#")).join("\n");
  return `${header}\n${body}`;
}
