/**
 * Validation of DSP option objects: every public DSP function parses its options with a zod
 * schema (the single source of defaults) through {@linkcode parseOptions}, so a bad value becomes
 * one readable {@linkcode UsageError} sentence.
 *
 * @module
 */

import type { z } from "zod";
import { UsageError } from "../../log/errors.ts";

/**
 * Parse an options object with a zod schema, turning the first issue into a `UsageError`.
 *
 * @param schema The zod schema that holds the defaults.
 * @param value The options as given by the caller (undefined means all defaults).
 * @param what What the options configure, e.g. `STFT`, used in the message.
 * @returns The parsed options with defaults filled in.
 * @throws {UsageError} When a value does not fit the schema.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { parseOptions } from "./options.ts";
 * const schema = z.object({ nFft: z.number().int().default(2048) });
 * console.log(parseOptions(schema, {}, "STFT").nFft); // 2048
 * try {
 *   parseOptions(schema, { nFft: 1.5 }, "STFT");
 * } catch (e) {
 *   console.log((e as Error).message); // Invalid STFT option "nFft" (1.5): ...
 * }
 * ```
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const res = schema.safeParse(value ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const path = issue.path.map(String).join(".");
  let found: unknown = value;
  for (const key of issue.path) {
    found = found !== null && typeof found === "object"
      ? (found as Record<PropertyKey, unknown>)[key as PropertyKey]
      : undefined;
  }
  const shown = typeof found === "number" || typeof found === "boolean"
    ? String(found)
    : JSON.stringify(found) ?? "undefined";
  const where = path === "" ? "" : ` "${path}" (${shown})`;
  const detail = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  throw new UsageError(`Invalid ${what} option${where}: ${detail}`);
}
