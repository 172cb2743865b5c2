/**
 * Internal: write a file through a temporary sibling in chunks, then commit it with the same rules
 * as `writeOutput` (identical bytes: unchanged; different bytes: replaced only when allowed), for
 * outputs too large to hold in memory.
 *
 * @module
 */

import { dirname } from "node:path";
import type { WriteOutcome } from "../io/write_output.ts";
import { UsageError } from "../log/errors.ts";

let counter = 0;

async function readFull(file: Deno.FsFile, buf: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < buf.length) {
    const n = await file.read(buf.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return filled;
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([Deno.stat(a), Deno.stat(b)]);
  if (sa.size !== sb.size) return false;
  using fa = await Deno.open(a);
  using fb = await Deno.open(b);
  const ba = new Uint8Array(1 << 16);
  const bb = new Uint8Array(1 << 16);
  while (true) {
    const [na, nb] = await Promise.all([readFull(fa, ba), readFull(fb, bb)]);
    if (na !== nb) return false;
    for (let i = 0; i < na; i++) if (ba[i] !== bb[i]) return false;
    if (na < ba.length) return true;
  }
}

/**
 * Stream text into `path` atomically.
 *
 * @param path Target file; its folder is created.
 * @param produce Calls `write` with successive pieces of text.
 * @param overwrite Replace an existing file with different content.
 * @returns What happened to the target.
 *
 * @example
 * ```ts
 * import { writeTextStreamed } from "./_commit.ts";
 * const dir = await Deno.makeTempDir();
 * const outcome = await writeTextStreamed(`${dir}/a.txt`, async (write) => {
 *   for (let i = 0; i < 3; i++) await write(`${i}\n`);
 * }, false);
 * console.log(outcome, await Deno.readTextFile(`${dir}/a.txt`)); // created 0\n1\n2\n
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextStreamed(
  path: string,
  produce: (write: (text: string) => Promise<void>) => Promise<void>,
  overwrite: boolean,
): Promise<WriteOutcome> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}-${++counter}.tmp`;
  const enc = new TextEncoder();
  try {
    {
      using file = await Deno.open(tmp, { write: true, create: true, truncate: true });
      let pending = "";
      const flush = async () => {
        let bytes = enc.encode(pending);
        pending = "";
        while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
      };
      await produce(async (text) => {
        pending += text;
        if (pending.length >= 1 << 16) await flush();
      });
      await flush();
    }
    let exists = true;
    try {
      await Deno.lstat(path);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      exists = false;
    }
    if (exists && await sameContent(tmp, path)) {
      await Deno.remove(tmp);
      return "unchanged";
    }
    if (exists && !overwrite) {
      throw new UsageError(
        `Output "${path}" already exists with different content; rerun with --force to replace it`,
      );
    }
    await Deno.rename(tmp, path);
    return exists ? "replaced" : "created";
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}
