/**
 * Internal: parse an options object with its zod schema (the single source of defaults), turning
 * a validation failure into a one-sentence {@linkcode UsageError}.
 *
 * @module
 */

import type { z } from "zod";
import { UsageError } from "../log/errors.ts";

/**
 * Parse `options` with `schema`.
 *
 * @param schema The options schema.
 * @param options What the caller passed.
 * @param fn Name of the public function, for the message.
 * @returns The options with defaults filled in.
 * @throws {UsageError} Naming the option and the problem.
 *
 * @example
 * ```ts
 * import { parseOptions } from "./_options.ts";
 * import { z } from "zod";
 * const schema = z.object({ eol: z.enum(["\n", "\r\n"]).default("\n") });
 * console.log(JSON.stringify(parseOptions(schema, {}, "f").eol)); // "\n"
 * try {
 *   parseOptions(schema, { eol: "\r" }, "f");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Invalid option "eol" of f')); // true
 * }
 * ```
 */
export function parseOptions<T>(schema: z.ZodType<T>, options: unknown, fn: string): T {
  const res = schema.safeParse(options ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const key = issue.path.map(String).join(".");
  const msg = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  throw new UsageError(`Invalid option "${key}" of ${fn}: ${msg}`);
}
