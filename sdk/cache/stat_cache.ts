/**
 * A per-machine stat cache: `(path, size, mtime, ctime, ino, dev) -> sha256`, kept outside the
 * stage manifests, with git's racy-clean rule.
 *
 * @module
 */

import { dirname, join } from "node:path";

/** One remembered hash. Times are integer nanoseconds written as decimal strings. */
export interface StatCacheEntry {
  /** File size in bytes. */
  size: number;
  /** Modification time in ns (Deno gives it to the millisecond, so the last 6 digits are 0). */
  mtimeNs: string;
  /** Status change time in ns (Deno 2.9 on Linux gives whole seconds). */
  ctimeNs: string;
  /** Inode number (-1 where the platform gives none). */
  ino: number;
  /** Device id (-1 where the platform gives none). */
  dev: number;
  /** sha256 of the content, 64 lowercase hex digits. */
  sha256: string;
  /** Wall-clock time (ms since the epoch) just before the file was stat'ed and hashed. */
  hashedAtMs: number;
}

/** On-disk layout of the stat cache file. */
export interface StatCacheFile {
  /** Layout version, 1. */
  version: 1;
  /** Entries keyed by absolute path. */
  entries: Record<string, StatCacheEntry>;
}

/**
 * Slack of the racy-clean rule in ms. File times come from the kernel's coarse clock (up to one
 * tick, 10 ms, behind `Date.now()`), Deno truncates them to the millisecond, and a network file
 * system stamps them with the server's clock; so an entry is trusted only when the file's mtime
 * is more than this much older than the moment it was hashed. The cost of a large slack is one
 * extra hash, on the next run, of a file written less than a second before it was hashed.
 */
export const RACY_SLACK_MS = 1000;

const ENV_VAR = "AUDIOCURATE_STAT_CACHE";

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: fall through to the next candidate
  }
}

/**
 * The default location of the stat cache: `$AUDIOCURATE_STAT_CACHE` if set, else
 * `$XDG_CACHE_HOME/audiocurate/stat-cache.json`, else `~/.cache/audiocurate/stat-cache.json`,
 * else (no home) the system temp folder.
 *
 * @returns An absolute (or env-given) path.
 *
 * @example
 * ```ts
 * import { defaultStatCachePath } from "./stat_cache.ts";
 * console.log(defaultStatCachePath().endsWith(".json")); // true
 * ```
 */
export function defaultStatCachePath(): string {
  const override = envGet(ENV_VAR);
  if (override) return override;
  const xdg = envGet("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "audiocurate", "stat-cache.json");
  const home = envGet("HOME") ?? envGet("USERPROFILE");
  if (home) return join(home, ".cache", "audiocurate", "stat-cache.json");
  return join(envGet("TMPDIR") ?? "/tmp", "audiocurate-stat-cache.json");
}

function ns(date: Date | null): string {
  return date === null ? "-1" : (BigInt(date.getTime()) * 1_000_000n).toString();
}

function isEntry(v: unknown): v is StatCacheEntry {
  if (typeof v !== "object" || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.size === "number" && typeof e.mtimeNs === "string" &&
    typeof e.ctimeNs === "string" && typeof e.ino === "number" && typeof e.dev === "number" &&
    typeof e.sha256 === "string" && /^[0-9a-f]{64}$/.test(e.sha256) &&
    typeof e.hashedAtMs === "number";
}

async function readEntries(path: string): Promise<Map<string, StatCacheEntry>> {
  const out = new Map<string, StatCacheEntry>();
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return out;
    throw new Error(`Cannot read stat cache "${path}": ${(err as Error).message}`, {
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out; // a corrupt cache is only a cache: start again
  }
  const entries = (data as Partial<StatCacheFile> | null)?.entries;
  if ((data as Partial<StatCacheFile> | null)?.version !== 1 || typeof entries !== "object") {
    return out;
  }
  for (const [k, v] of Object.entries(entries ?? {})) if (isEntry(v)) out.set(k, v);
  return out;
}

let tmpCounter = 0;

/**
 * Remembers file hashes by their stat so unchanged files are not read again. Keyed by absolute
 * path and checked against `(size, mtimeNs, ctimeNs, ino, dev)`; any difference is a miss.
 *
 * Precision, honestly: Deno 2.9's `Deno.FileInfo` gives `mtime` to the millisecond and, on
 * Linux, `ctime` to the second (node:fs bigint stat in Deno is no finer), so the stored
 * nanosecond fields end in zeros. A same-size rewrite inside the same millisecond as the
 * previous write is caught only by the racy-clean rule: an entry whose mtime is not older than
 * the moment it was hashed (minus {@linkcode RACY_SLACK_MS}) is never trusted, so such a file is
 * hashed again on the next run.
 *
 * The file is JSON, written atomically (temp file + rename). {@linkcode StatCache.save} reloads
 * the file and merges, so two processes saving at once both keep their entries (last writer
 * wins per path).
 *
 * @example
 * ```ts
 * import { StatCache } from "./stat_cache.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
 * const minuteAgo = new Date(Date.now() - 60_000);
 * await Deno.utime(`${dir}/a.txt`, minuteAgo, minuteAgo); // not racy: older than the hash
 * const st = await Deno.stat(`${dir}/a.txt`);
 * const cache = await StatCache.open(`${dir}/stat-cache.json`);
 * const sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
 * cache.record(`${dir}/a.txt`, st, sha, Date.now());
 * console.log(cache.lookup(`${dir}/a.txt`, st)?.slice(0, 8)); // ba7816bf
 * await cache.save();
 * console.log((await StatCache.open(`${dir}/stat-cache.json`)).size); // 1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class StatCache {
  /** Where the cache is loaded from and saved to. */
  readonly path: string;
  #entries: Map<string, StatCacheEntry>;
  #dirty = new Map<string, StatCacheEntry | null>();

  private constructor(path: string, entries: Map<string, StatCacheEntry>) {
    this.path = path;
    this.#entries = entries;
  }

  /**
   * Load a stat cache; a missing or unreadable-as-JSON file gives an empty cache.
   *
   * @param path The cache file; default {@linkcode defaultStatCachePath}.
   * @returns The cache.
   * @throws {Error} When the file exists but cannot be read (permissions).
   */
  static async open(path?: string): Promise<StatCache> {
    const p = path ?? defaultStatCachePath();
    return new StatCache(p, await readEntries(p));
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The remembered sha256 of a file, if its stat still matches and the entry is not racy.
   *
   * @param absPath Absolute path of the file (the key).
   * @param st Its current `Deno.stat` (symlinks followed).
   * @returns The sha256, or `undefined` on a miss.
   */
  lookup(absPath: string, st: Deno.FileInfo): string | undefined {
    const e = this.#entries.get(absPath);
    if (!e || st.mtime === null) return undefined;
    if (
      e.size !== st.size || e.mtimeNs !== ns(st.mtime) || e.ctimeNs !== ns(st.ctime) ||
      e.ino !== (st.ino ?? -1) || e.dev !== (st.dev ?? -1)
    ) return undefined;
    if (st.mtime.getTime() >= e.hashedAtMs - RACY_SLACK_MS) return undefined; // racy-clean
    return e.sha256;
  }

  /**
   * Remember the hash of a file as of the stat `st`.
   *
   * @param absPath Absolute path of the file (the key).
   * @param st The stat taken before hashing (and found unchanged after).
   * @param sha256 The content hash.
   * @param hashedAtMs `Date.now()` taken just before `st` was taken (`hashFiles` does this):
   *   the entry is trusted later only if the file's mtime is older than this by more than
   *   {@linkcode RACY_SLACK_MS}.
   */
  record(absPath: string, st: Deno.FileInfo, sha256: string, hashedAtMs: number): void {
    const e: StatCacheEntry = {
      size: st.size,
      mtimeNs: ns(st.mtime),
      ctimeNs: ns(st.ctime),
      ino: st.ino ?? -1,
      dev: st.dev ?? -1,
      sha256,
      hashedAtMs,
    };
    this.#entries.set(absPath, e);
    this.#dirty.set(absPath, e);
  }

  /**
   * Forget one path (e.g. a deleted output).
   *
   * @param absPath Absolute path of the file.
   */
  delete(absPath: string): void {
    this.#entries.delete(absPath);
    this.#dirty.set(absPath, null);
  }

  /**
   * Write the cache: reload the file, apply this instance's changes on top, write a temp file
   * in the same folder and rename it over the cache. Does nothing if nothing changed.
   *
   * @returns When written.
   */
  async save(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const merged = await readEntries(this.path);
    for (const [k, v] of this.#dirty) {
      if (v === null) merged.delete(k);
      else merged.set(k, v);
    }
    const data: StatCacheFile = { version: 1, entries: Object.fromEntries(merged) };
    await Deno.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${Deno.pid}.${++tmpCounter}.tmp`;
    try {
      await Deno.writeTextFile(tmp, JSON.stringify(data));
      await Deno.rename(tmp, this.path);
    } catch (err) {
      await Deno.remove(tmp).catch(() => {});
      throw new Error(`Cannot save stat cache "${this.path}": ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.#entries = merged;
    this.#dirty.clear();
  }
}
