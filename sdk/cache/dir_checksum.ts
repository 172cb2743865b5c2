/**
 * List a folder's files (sorted, with an ignore list) and checksum it from its listing.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { canonicalJson, sha256Hex } from "./canonical_json.ts";
import { comparePaths, type FileHash, hashFiles, type HashStats } from "./hash_files.ts";
import type { StatCache } from "./stat_cache.ts";

/**
 * Names always left out of listings: OS and tool litter and editor temp files. A pattern
 * without `/` matches a file or folder name anywhere (`*` and `?` stay inside one name); a
 * pattern with `/` matches the whole relative path.
 */
export const DEFAULT_IGNORE: readonly string[] = [
  ".DS_Store",
  "Thumbs.db",
  "__pycache__",
  "*~",
  ".*.swp",
  ".*.swo",
  "#*#",
  ".#*",
];

/** Options of {@linkcode listFiles}. */
export interface ListFilesOptions {
  /** Patterns ignored in addition to {@linkcode DEFAULT_IGNORE}. */
  ignore?: string[];
}

/** Options of {@linkcode dirChecksum}. */
export interface DirChecksumOptions {
  /** Patterns ignored in addition to {@linkcode DEFAULT_IGNORE}. */
  ignore?: string[];
  /** Stat cache to consult and update (the caller saves it). */
  statCache?: StatCache;
  /** Hash every file even when the stat cache has it. */
  rehash?: boolean;
  /** Most files hashed at once (see `hashFiles`). */
  concurrency?: number;
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (const ch of glob) {
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "u");
}

/** A compiled ignore list: `matches(relPath, name)`. */
function compileIgnore(patterns: readonly string[]): (rel: string, name: string) => boolean {
  const byName = patterns.filter((p) => !p.includes("/")).map(globToRegExp);
  const byPath = patterns.filter((p) => p.includes("/")).map((p) =>
    globToRegExp(p.replace(/^\/+|\/+$/g, ""))
  );
  return (rel, name) => byName.some((r) => r.test(name)) || byPath.some((r) => r.test(rel));
}

/**
 * List the files under `root`, recursively, as POSIX paths relative to it, sorted by code point.
 * Ignored names (see {@linkcode DEFAULT_IGNORE}) are skipped, an ignored folder with all it
 * holds. Symlinks: a link to a file is listed (and later hashed by its target's bytes); a link
 * to a folder is not followed (no loops, no escaping the root) and is left out, as is a broken
 * link.
 *
 * @param root The folder.
 * @param options See {@linkcode ListFilesOptions}.
 * @returns Sorted relative paths.
 * @throws {Error} `Cannot list folder "<root>": <reason>` when it is missing or not a folder.
 *
 * @example
 * ```ts
 * import { listFiles } from "./dir_checksum.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/sub`);
 * await Deno.writeTextFile(`${root}/sub/b.txt`, "b");
 * await Deno.writeTextFile(`${root}/a.txt`, "a");
 * await Deno.writeTextFile(`${root}/.DS_Store`, "");
 * console.log(await listFiles(root)); // [ "a.txt", "sub/b.txt" ]
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function listFiles(root: string, options: ListFilesOptions = {}): Promise<string[]> {
  const base = resolve(root);
  const ignored = compileIgnore([...DEFAULT_IGNORE, ...(options.ignore ?? [])]);
  try {
    const st = await Deno.stat(base);
    if (!st.isDirectory) throw new Error("not a folder");
  } catch (err) {
    throw new Error(`Cannot list folder "${root}": ${(err as Error).message}`, { cause: err });
  }
  const out: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    for await (const e of Deno.readDir(dir)) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (ignored(rel, e.name)) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory) await walk(abs, rel);
      else if (e.isFile) out.push(rel);
      else if (e.isSymlink) {
        const target = await Deno.stat(abs).catch(() => undefined);
        if (target?.isFile) out.push(rel);
      }
    }
  }
  await walk(base, "");
  return out.sort(comparePaths);
}

/**
 * Checksum a folder: list it ({@linkcode listFiles}), hash every file (`hashFiles`, stat cache
 * and worker pool), and take `sha256Hex(canonicalJson(files))` of the sorted
 * `{ path, size, sha256 }` listing. The checksum depends on relative paths and bytes only, not
 * on creation order, times or the root's location.
 *
 * @param root The folder.
 * @param options See {@linkcode DirChecksumOptions}.
 * @returns The checksum, the listing and the hashing counters.
 * @throws {Error} When the folder cannot be listed or a file cannot be read.
 *
 * @example
 * ```ts
 * import { dirChecksum } from "./dir_checksum.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/a.txt`, "abc");
 * const { checksum, files } = await dirChecksum(root);
 * console.log(checksum.length, files[0].path); // 64 a.txt
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function dirChecksum(
  root: string,
  options: DirChecksumOptions = {},
): Promise<{ checksum: string; files: FileHash[]; stats: HashStats }> {
  const paths = await listFiles(root, { ignore: options.ignore });
  const { files, stats } = await hashFiles(paths, {
    root,
    statCache: options.statCache,
    rehash: options.rehash,
    concurrency: options.concurrency,
  });
  const listing = files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));
  return { checksum: sha256Hex(canonicalJson(listing)), files, stats };
}
