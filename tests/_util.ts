/**
 * Helpers shared by the tests: temporary folders and external-tool detection.
 *
 * @module
 */

/**
 * Create a fresh temporary directory.
 *
 * @param prefix Name prefix of the directory.
 * @returns Absolute path of a new, empty directory.
 */
export async function tempDir(prefix = "audiocurate-test-"): Promise<string> {
  return await Deno.makeTempDir({ prefix });
}

/**
 * Whether an external program can be run (found on PATH).
 *
 * @param cmd Program name.
 * @returns True when `cmd --version` (or `-h`) could be spawned.
 */
export async function hasCommand(cmd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("sh", {
      args: ["-c", `command -v "$0"`, cmd],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Run a program and return its stdout as text; throws with stderr on failure.
 *
 * @param cmd Program name.
 * @param args Arguments.
 * @returns Standard output decoded as UTF-8.
 */
export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${dec.decode(out.stderr)}`);
  }
  return dec.decode(out.stdout);
}
