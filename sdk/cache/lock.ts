/**
 * One pipeline runner per output root: an exclusive lock file naming its holder.
 *
 * @module
 */

import { join } from "node:path";
import { UsageError } from "../log/errors.ts";
import { pidAlive } from "./_fs.ts";

/** File name of the runner lock inside the output root. */
export const LOCK_FILE = ".audiocurate.lock";

/** Content of the lock file. */
export interface LockInfo {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder. */
  host: string;
  /** ISO time the lock was taken. */
  started: string;
}

/**
 * Another live runner holds the root's lock. A usage error: the CLI exits with code 2.
 *
 * @example
 * ```ts
 * import { LockHeldError } from "./lock.ts";
 * const e = new LockHeldError("/data/.audiocurate.lock", { pid: 1, host: "h", started: "" });
 * console.log(e.message); // Another pipeline runner (pid 1 on host h) holds the lock "/data/.audiocurate.lock"
 * ```
 */
export class LockHeldError extends UsageError {
  /** The lock file. */
  readonly path: string;
  /** Its holder. */
  readonly holder: LockInfo;
  /**
   * An error naming the holder's pid and host and the lock file.
   *
   * @param path The lock file.
   * @param holder Its content.
   */
  constructor(path: string, holder: LockInfo) {
    super(
      `Another pipeline runner (pid ${holder.pid} on host ${holder.host}) holds the lock "${path}"`,
    );
    this.name = "LockHeldError";
    this.path = path;
    this.holder = holder;
  }
}

/** A held lock; release it when done (also released at process unload). */
export interface RootLock {
  /** The lock file. */
  readonly path: string;
  /** Whether a stale lock (dead holder on this host) was taken over. */
  readonly tookOver?: LockInfo;
  /** Remove the lock file (idempotent). */
  release(): Promise<void>;
}

function hostname(): string {
  try {
    return Deno.hostname();
  } catch {
    return "unknown";
  }
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const data = JSON.parse(await Deno.readTextFile(path));
    if (typeof data?.pid === "number" && typeof data?.host === "string") {
      return { pid: data.pid, host: data.host, started: String(data.started ?? "") };
    }
    return undefined;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    return undefined;
  }
}

/**
 * Take the exclusive lock of an output root (`<root>/.audiocurate.lock`). The lock file is
 * written whole and then hard-linked into place, so it appears atomically with its content. A
 * lock held by a live process, or by any process on another host, raises
 * {@linkcode LockHeldError} at once; a lock left by a dead process on this host is taken over.
 *
 * @param root The output root (created when missing).
 * @returns The held lock.
 *
 * @example
 * ```ts
 * import { acquireLock } from "./lock.ts";
 * const root = await Deno.makeTempDir();
 * const lock = await acquireLock(root);
 * try {
 *   await acquireLock(root);
 * } catch (e) {
 *   console.log((e as Error).name); // LockHeldError
 * }
 * await lock.release();
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function acquireLock(root: string): Promise<RootLock> {
  await Deno.mkdir(root, { recursive: true });
  const path = join(root, LOCK_FILE);
  const me: LockInfo = { pid: Deno.pid, host: hostname(), started: new Date().toISOString() };
  const tmp = join(root, `${LOCK_FILE}.${Deno.pid}.tmp`);
  await Deno.writeTextFile(tmp, `${JSON.stringify(me)}\n`);
  let tookOver: LockInfo | undefined;
  try {
    for (let attempt = 0;; attempt++) {
      try {
        await Deno.link(tmp, path);
        break;
      } catch (err) {
        if (!(err instanceof Deno.errors.AlreadyExists) || attempt >= 3) throw err;
      }
      const holder = await readLock(path);
      if (holder === undefined) {
        // Unreadable: a lock file is linked complete, so this one is foreign or damaged.
        const st = await Deno.stat(path).catch(() => undefined);
        if (st === undefined) continue; // released meanwhile
        throw new LockHeldError(path, { pid: -1, host: "unknown", started: "" });
      }
      if (holder.host !== me.host || pidAlive(holder.pid)) {
        throw new LockHeldError(path, holder);
      }
      // Stale: its holder died on this host. Remove it and try again.
      tookOver = holder;
      await Deno.remove(path).catch(() => {});
    }
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
  let released = false;
  const releaseSync = () => {
    if (released) return;
    released = true;
    try {
      const info = JSON.parse(Deno.readTextFileSync(path));
      if (info.pid === me.pid && info.host === me.host) Deno.removeSync(path);
    } catch {
      // Gone already.
    }
  };
  globalThis.addEventListener("unload", releaseSync);
  return {
    path,
    tookOver,
    release() {
      globalThis.removeEventListener("unload", releaseSync);
      releaseSync();
      return Promise.resolve();
    },
  };
}
