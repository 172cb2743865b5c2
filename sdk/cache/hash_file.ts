/**
 * Streaming sha256 of one file with an explicit 1 MiB read loop.
 *
 * @module
 */

import { createHash } from "node:crypto";

/** Size of the read buffer of {@linkcode hashFile}: 1 MiB. */
export const HASH_CHUNK_BYTES = 1 << 20;

/** The size and sha256 of one file. */
export interface FileDigest {
  /** Bytes read. */
  size: number;
  /** sha256 of the bytes, 64 lowercase hex digits. */
  sha256: string;
}

/**
 * Hash a file with sha256 (node:crypto), reading it through one reused 1 MiB buffer so memory
 * stays flat whatever the file size. A symlink is followed: the target's bytes are hashed.
 *
 * @param path The file.
 * @returns Its size in bytes (as read) and sha256.
 * @throws {Error} `Cannot hash file "<path>": <reason>` when it cannot be opened or read.
 *
 * @example
 * ```ts
 * import { hashFile } from "./hash_file.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * console.log(await hashFile(`${dir}/a.txt`));
 * // { size: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function hashFile(path: string): Promise<FileDigest> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (err) {
    throw new Error(`Cannot hash file "${path}": ${(err as Error).message}`, { cause: err });
  }
  try {
    const hash = createHash("sha256");
    const buf = new Uint8Array(HASH_CHUNK_BYTES);
    let size = 0;
    while (true) {
      const n = await file.read(buf);
      if (n === null) break;
      hash.update(n === buf.length ? buf : buf.subarray(0, n));
      size += n;
    }
    return { size, sha256: hash.digest("hex") };
  } catch (err) {
    throw new Error(`Cannot hash file "${path}": ${(err as Error).message}`, { cause: err });
  } finally {
    file.close();
  }
}

/**
 * Synchronous twin of {@linkcode hashFile} (same 1 MiB loop), for workers and small files
 * where the per-read promise costs more than it saves.
 *
 * @param path The file.
 * @returns Its size in bytes (as read) and sha256.
 * @throws {Error} `Cannot hash file "<path>": <reason>` when it cannot be opened or read.
 *
 * @example
 * ```ts
 * import { hashFileSync } from "./hash_file.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/empty.txt`, "");
 * console.log(hashFileSync(`${dir}/empty.txt`).size); // 0
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function hashFileSync(path: string): FileDigest {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (err) {
    throw new Error(`Cannot hash file "${path}": ${(err as Error).message}`, { cause: err });
  }
  try {
    const hash = createHash("sha256");
    const buf = new Uint8Array(HASH_CHUNK_BYTES);
    let size = 0;
    while (true) {
      const n = file.readSync(buf);
      if (n === null) break;
      hash.update(n === buf.length ? buf : buf.subarray(0, n));
      size += n;
    }
    return { size, sha256: hash.digest("hex") };
  } catch (err) {
    throw new Error(`Cannot hash file "${path}": ${(err as Error).message}`, { cause: err });
  } finally {
    file.close();
  }
}
