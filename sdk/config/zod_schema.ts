/**
 * The type the SDK's public signatures give a zod schema. It is declared here, structurally,
 * rather than taken from zod's package so that `deno doc --lint` can check the SDK's public
 * types without resolving zod's own npm declarations (deno#27364). Every zod 4 schema fits it,
 * so callers pass `z.object(...)` and friends unchanged; inside the SDK, `asZod` (in
 * `_as_zod.ts`) gives the value back its full zod type.
 *
 * @module
 */

/**
 * A zod 4 schema with output type `Output` and input type `Input`: anything built with
 * `import { z } from "zod"`, such as `z.object({...})`. The SDK reads the schema's definition
 * (`_zod.def`) to find defaults, key paths and column types, so other validators do not fit.
 *
 * @typeParam Output What `parse` returns (defaults applied).
 * @typeParam Input What `parse` accepts (keys with defaults optional).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { ZodSchema } from "./zod_schema.ts";
 * const schema: ZodSchema<{ seed: number }, { seed?: number }> = z.object({
 *   seed: z.number().default(0),
 * });
 * console.log(schema.parse({})); // { seed: 0 }
 * ```
 */
export interface ZodSchema<Output = unknown, Input = unknown> {
  /** zod's internals: the definition and, as types only, the inferred output and input. */
  readonly _zod: {
    /** The schema's definition (its kind, shape, defaults). */
    readonly def: unknown;
    /** The output type (a type-level field: there is no value). */
    readonly output: Output;
    /** The input type (a type-level field: there is no value). */
    readonly input: Input;
  };
  /** Validates `data`, applying defaults; throws zod's error on failure. */
  parse(data: unknown): Output;
}

/**
 * What a schema's `parse` returns: `z.output<S>` without naming zod's types.
 *
 * @typeParam S The schema.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { SchemaOutput } from "./zod_schema.ts";
 * const schema = z.object({ seed: z.number().default(0) });
 * const value: SchemaOutput<typeof schema> = { seed: 1 };
 * console.log(value.seed); // 1
 * ```
 */
export type SchemaOutput<S extends ZodSchema> = S["_zod"]["output"];

/**
 * What a schema's `parse` accepts: `z.input<S>` without naming zod's types.
 *
 * @typeParam S The schema.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { SchemaInput } from "./zod_schema.ts";
 * const schema = z.object({ seed: z.number().default(0) });
 * const value: SchemaInput<typeof schema> = {};
 * console.log(value); // {}
 * ```
 */
export type SchemaInput<S extends ZodSchema> = S["_zod"]["input"];
