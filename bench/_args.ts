/**
 * Command-line helpers shared by the benchmark scripts.
 *
 * @module
 */

/**
 * Read `--name N` from the script's arguments as a positive whole number.
 *
 * @param name Flag with its dashes, e.g. `--files`.
 * @param fallback Value when the flag is absent.
 * @returns The number; exits with code 2 and one sentence when it is not a positive integer.
 */
export function intArg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(Deno.args[i + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} must be a positive whole number, got "${Deno.args[i + 1]}"`);
    Deno.exit(2);
  }
  return n;
}
