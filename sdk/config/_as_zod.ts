/**
 * Internal: gives a {@linkcode ZodSchema} back its full zod type. Not exported from `mod.ts`,
 * because the public types must not name zod's own (see `zod_schema.ts`).
 *
 * @module
 */

import type { z } from "zod";
import type { ZodSchema } from "./zod_schema.ts";

/**
 * The same schema with its full zod type, for code inside the SDK that calls zod's API.
 *
 * @param schema A schema typed as {@linkcode ZodSchema}.
 * @returns The same object, typed `z.ZodType`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { asZod } from "./_as_zod.ts";
 * console.log(asZod(z.string()).safeParse(3).success); // false
 * ```
 */
export function asZod<O, I>(schema: ZodSchema<O, I>): z.ZodType<O, I> {
  return schema as unknown as z.ZodType<O, I>;
}
