/**
 * Write an output file atomically, never replacing different content without `force`.
 *
 * @module
 */

import { dirname } from "node:path";
import { UsageError } from "../log/errors.ts";

/** Options of {@linkcode writeOutput}. */
export interface WriteOutputOptions {
  /** Replace an existing file whose content differs (the CLI's `--force`). Default false. */
  force?: boolean;
}

/** What {@linkcode writeOutput} did. */
export type WriteOutcome = "created" | "unchanged" | "replaced";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Write `data` to `path` through a temporary file in the same folder and a rename, so readers
 * never see half a file. An existing file with identical bytes is left alone ("unchanged"); one
 * with different bytes is replaced only with `force`, otherwise a {@linkcode UsageError} names it.
 *
 * @param path Target file; its folder is created.
 * @param data Bytes or text (UTF-8).
 * @param options See {@linkcode WriteOutputOptions}.
 * @returns Whether the file was created, unchanged or replaced.
 *
 * @example
 * ```ts
 * import { writeOutput } from "./write_output.ts";
 * const dir = await Deno.makeTempDir();
 * console.log(await writeOutput(`${dir}/a.txt`, "one")); // created
 * console.log(await writeOutput(`${dir}/a.txt`, "one")); // unchanged
 * console.log(await writeOutput(`${dir}/a.txt`, "two", { force: true })); // replaced
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeOutput(
  path: string,
  data: Uint8Array | string,
  options: WriteOutputOptions = {},
): Promise<WriteOutcome> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let existing: Uint8Array | undefined;
  try {
    existing = await Deno.readFile(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  if (existing && sameBytes(existing, bytes)) return "unchanged";
  if (existing && !options.force) {
    throw new UsageError(
      `Output "${path}" already exists with different content; rerun with --force to replace it`,
    );
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
  return existing ? "replaced" : "created";
}
