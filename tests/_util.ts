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

/**
 * Run `fn` with a fresh temporary directory that is removed afterwards, pass or fail.
 *
 * @param fn Receives the directory path.
 * @param prefix Name prefix of the directory.
 */
export async function withDir(
  fn: (dir: string) => Promise<void>,
  prefix = "audiocurate-test-",
): Promise<void> {
  const dir = await tempDir(prefix);
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Exit code and decoded output of a CLI run. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/**
 * Run the project's CLI (`tasks/cli.ts`) in a child process, without colours.
 *
 * @param args Subcommand and its arguments.
 * @returns Exit code, stdout and stderr.
 */
export async function runCli(...args: string[]): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/cli.ts", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
