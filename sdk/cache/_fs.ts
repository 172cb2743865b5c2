/**
 * Small file-system helpers of the stage runner (internal).
 *
 * @module
 */

/**
 * fsync a directory so a rename inside it is durable (best effort: not every platform allows
 * opening a directory).
 *
 * @param dir A directory.
 */
export async function syncDir(dir: string): Promise<void> {
  try {
    const f = await Deno.open(dir, { read: true });
    try {
      await f.sync();
    } finally {
      f.close();
    }
  } catch {
    // Opening or syncing a directory is not supported everywhere; the rename is still atomic.
  }
}

export { exists } from "../io/exists.ts";

/**
 * Remove a file or directory tree; a missing path is fine.
 *
 * @param path A path.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await Deno.remove(path, { recursive: true });
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/**
 * Whether a process with this id is alive on this machine.
 *
 * @param pid A process id.
 * @returns False when the process is known not to exist.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (Deno.build.os === "linux") {
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      // A zombie (state Z) has exited already.
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state !== "Z";
    } catch {
      return false;
    }
  }
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch (err) {
    return !(err instanceof Deno.errors.NotFound);
  }
}
