/**
 * The default config a zod schema describes.
 *
 * @module
 */

import type { ZodSchema } from "./zod_schema.ts";
import { isPlainObject } from "./_tree.ts";
import { defaultsOf } from "./_schema.ts";

/**
 * Collect the defaults a zod schema states into one config tree: what a YAML file would say to
 * get the same result, so docs and tests can dump the defaults (the schema stays the single
 * source of them).
 *
 * Rules: a key with `.default(v)` or `.prefault(v)` gets `v` (for a mapping default, the inner
 * keys' own defaults fill what `v` leaves out); a nested object without a default of its own
 * appears when some of its keys have defaults; required keys without a default, optional keys
 * and values behind a `.transform()` are left out, so the result need not validate on its own.
 *
 * @param schema A zod schema, usually an object.
 * @returns A new tree of defaults (`{}` when there are none).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { configDefaults } from "./config_defaults.ts";
 * const schema = z.object({
 *   seed: z.number().default(0),
 *   vad: z.object({ threshold: z.number().default(0.5), model: z.string() }),
 *   out: z.string(),
 * });
 * console.log(configDefaults(schema)); // { seed: 0, vad: { threshold: 0.5 } }
 * ```
 */
export function configDefaults(schema: ZodSchema): Record<string, unknown> {
  const d = defaultsOf(schema);
  return isPlainObject(d) ? d : {};
}
