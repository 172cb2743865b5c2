/**
 * Keep every write inside its declared output root.
 *
 * @module
 */

import { isAbsolute, relative, resolve, sep } from "node:path";
import { UsageError } from "../log/errors.ts";

/**
 * Resolve `path` against `root` and refuse any result outside `root` (`..` segments, absolute
 * paths elsewhere). Symlinks are not followed here; callers that create files write through
 * fresh paths.
 *
 * @param root The output root.
 * @param path A path relative to the root (or absolute, if inside it).
 * @returns The absolute resolved path.
 * @throws {UsageError} When the path escapes the root.
 *
 * @example
 * ```ts
 * import { resolveInside } from "./resolve_inside.ts";
 * console.log(resolveInside("/data/out", "a/b.csv")); // /data/out/a/b.csv
 * try {
 *   resolveInside("/data/out", "../etc/passwd");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith("Path")); // true
 * }
 * ```
 */
export function resolveInside(root: string, path: string): string {
  const absRoot = resolve(root);
  const target = resolve(absRoot, path);
  const rel = relative(absRoot, target);
  if (rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))) {
    return target;
  }
  throw new UsageError(`Path "${path}" escapes the output root "${root}"`);
}
