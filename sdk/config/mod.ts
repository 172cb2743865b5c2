/**
 * Configs: safe YAML loading, OmegaConf-style `${a.b}` interpolation, Hydra-style dotted
 * command-line overrides, and zod validation with one readable sentence per problem.
 *
 * ```ts
 * import { z } from "zod";
 * import { resolveConfig } from "./mod.ts";
 * const schema = z.object({ seed: z.number().default(0), exp: z.string().default("run_${seed}") });
 * console.log(resolveConfig({ seed: 3 }, schema)); // { seed: 3, exp: "run_3" }
 * ```
 *
 * @module
 */

export { parseYaml, readYaml, stringifyYaml } from "./yaml.ts";
export type { ParseYamlOptions, StringifyYamlOptions } from "./yaml.ts";
export { YamlError } from "./yaml_error.ts";
export type { YamlErrorInfo } from "./yaml_error.ts";
export { decodeValue } from "./decode_value.ts";
export { interpolate } from "./interpolate.ts";
export type { InterpolateOptions, Resolver, ResolverContext } from "./interpolate.ts";
export { applyOverrides, parseKeyPath, parseOverride, parseOverrides } from "./overrides.ts";
export type {
  ApplyOverridesOptions,
  Override,
  OverrideOp,
  ParsedOverrides,
  ParseOverridesOptions,
} from "./overrides.ts";
export { formatZodError, zodIssueSentences } from "./format_zod_error.ts";
export type { FormatZodErrorOptions } from "./format_zod_error.ts";
export { configDefaults } from "./config_defaults.ts";
export { dumpConfig } from "./dump_config.ts";
export type { DumpConfigOptions } from "./dump_config.ts";
export { loadConfig, resolveConfig } from "./load_config.ts";
export type { LoadConfigOptions, ResolveConfigOptions } from "./load_config.ts";
export type { SchemaInput, SchemaOutput, ZodSchema } from "./zod_schema.ts";
