/**
 * Load a config: YAML -> overrides -> interpolation -> zod validation -> typed value.
 *
 * @module
 */

import { asZod } from "./_as_zod.ts";
import type { SchemaOutput, ZodSchema } from "./zod_schema.ts";
import { ConfigError, UsageError } from "../log/errors.ts";
import { configPrefix, deepMerge, describeValue, isPlainObject } from "./_tree.ts";
import { configDefaults } from "./config_defaults.ts";
import { formatZodError } from "./format_zod_error.ts";
import { interpolate, type Resolver } from "./interpolate.ts";
import { applyOverrides, type Override, parseOverrides } from "./overrides.ts";
import { readYaml } from "./yaml.ts";

/** Options of {@linkcode loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Overrides, applied after the file and before interpolation: command-line pieces such as
   * `data.manifest=PATH`, `--exp.name X`, `--seed 7`, `+new.key=v`, `~key` (see
   * {@linkcode parseOverrides}; anything that is not an override is an error), or already
   * parsed overrides.
   */
  overrides?: readonly string[] | readonly Override[];
  /** Hydra strictness of overrides (default true): `key=v` needs an existing or declared key. */
  strict?: boolean;
  /** Environment for `${oc.env:VAR}`; default the process environment. */
  env?: Record<string, string | undefined>;
  /**
   * A base layer under the file (mappings merge key by key, the file wins), e.g. a preset.
   * Constant defaults belong in the zod schema, which is always the bottom layer.
   */
  defaults?: Record<string, unknown>;
  /** Extra interpolation resolvers (`${name:args}`). */
  resolvers?: Record<string, Resolver>;
}

/** Options of {@linkcode resolveConfig}. */
export interface ResolveConfigOptions extends LoadConfigOptions {
  /** The file the config came from, named in messages. */
  file?: string;
}

/**
 * Resolve an in-memory config exactly as {@linkcode loadConfig} resolves a file: layer the
 * schema's defaults, `options.defaults` and the config; apply overrides; interpolate; validate.
 *
 * @param config Plain data (e.g. parsed YAML); `null` or `undefined` count as `{}`.
 * @param schema The zod schema: the single source of defaults and validation.
 * @param options See {@linkcode ResolveConfigOptions}.
 * @returns The validated, typed config (a new object).
 * @throws {UsageError} On a bad override. {@linkcode ConfigError} on an interpolation problem
 * or a validation failure: one sentence per problem, one per line.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { resolveConfig } from "./load_config.ts";
 * const schema = z.object({ seed: z.number().default(0), name: z.string().default("exp_${seed}") });
 * console.log(resolveConfig({}, schema, { overrides: ["seed=7"] })); // { seed: 7, name: "exp_7" }
 * ```
 */
export function resolveConfig<S extends ZodSchema>(
  config: unknown,
  schema: S,
  options: ResolveConfigOptions = {},
): SchemaOutput<S> {
  const file = options.file;
  const raw = config ?? {};
  if (!isPlainObject(raw)) {
    throw new ConfigError(
      `${configPrefix(file, undefined)}: expected a mapping at the top level, ` +
        `found ${describeValue(raw)}`,
    );
  }
  let tree = deepMerge(deepMerge(configDefaults(schema), options.defaults ?? {}), raw);
  const given = options.overrides ?? [];
  if (given.length > 0) {
    let overrides: Override[];
    if (typeof given[0] === "string") {
      const parsed = parseOverrides(given as readonly string[], { plainFlags: true });
      if (parsed.rest.length > 0) {
        throw new UsageError(
          `Unexpected argument "${parsed.rest[0]}"; config overrides look like key=value, ` +
            "+key=value or ~key",
        );
      }
      overrides = parsed.overrides;
    } else {
      overrides = [...(given as readonly Override[])];
    }
    tree = applyOverrides(tree, overrides, { strict: options.strict, schema, file });
  }
  const resolved = interpolate(tree, { file, env: options.env, resolvers: options.resolvers });
  const result = asZod(schema).safeParse(resolved, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(formatZodError(result.error, { file, input: resolved, schema }));
  }
  return result.data;
}

/**
 * Load a YAML config file: read it safely, layer it over the schema's defaults (and
 * `options.defaults`), apply dotted overrides, resolve `${...}` interpolations, then validate
 * with the zod schema, which is the single source of defaults.
 *
 * Validation problems become one {@linkcode ConfigError} whose message has one sentence per
 * problem, one per line, e.g.
 * `Config "configs/score.yaml" key "vad.threshold": expected a number, found "high"`.
 *
 * @param path The YAML file.
 * @param schema The zod schema.
 * @param options See {@linkcode LoadConfigOptions}.
 * @returns The validated, typed config.
 * @throws {ConfigError} For a missing file, unsafe YAML ({@linkcode YamlError}), an
 * interpolation problem or a validation failure; {@linkcode UsageError} for a bad override.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { loadConfig } from "./load_config.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/score.yaml`, "vad:\n  threshold: 0.5\nname: run_${vad.threshold}\n");
 * const schema = z.object({
 *   vad: z.object({ threshold: z.number().min(0).max(1), frame_ms: z.number().default(30) }),
 *   name: z.string(),
 * }).strict();
 * const cfg = await loadConfig(`${dir}/score.yaml`, schema, { overrides: ["vad.threshold=0.3"] });
 * console.log(cfg); // { vad: { threshold: 0.3, frame_ms: 30 }, name: "run_0.3" }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadConfig<S extends ZodSchema>(
  path: string,
  schema: S,
  options: LoadConfigOptions = {},
): Promise<SchemaOutput<S>> {
  const raw = await readYaml(path);
  return resolveConfig(raw, schema, { ...options, file: path });
}
