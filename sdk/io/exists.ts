/**
 * Whether a path exists.
 *
 * @module
 */

/**
 * Whether a path exists (file, directory or link, without following the link).
 *
 * @param path A path.
 * @returns True when lstat succeeds, false when the path is missing; other errors are thrown.
 *
 * @example
 * ```ts
 * import { exists } from "./exists.ts";
 * console.log(await exists("deno.json"), await exists("no/such/file")); // true false
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
