/**
 * The contract every CLI subcommand follows, and the flag parser they share.
 *
 * A subcommand declares its flags once; the parser validates them, `--help` is generated from
 * the same declaration, and errors become {@linkcode UsageError} (exit code 2).
 *
 * @module
 */

import { UsageError } from "../sdk/log/errors.ts";

/** How a flag's value is read. */
export type FlagType = "string" | "number" | "boolean" | "list";

/** One declared flag. */
export interface FlagSpec {
  /** Value type; `list` collects repeated flags. */
  type: FlagType;
  /** One line for `--help`. */
  description: string;
  /** Optional one-letter alias, without the dash. */
  short?: string;
  /** Placeholder shown in help, e.g. `PATH`. */
  value?: string;
}

/** Parsed flags and the remaining positional arguments. */
export interface ParsedArgs {
  /** Flag values by declared name (booleans default to false, lists to []). */
  flags: Record<string, string | number | boolean | string[] | undefined>;
  /** Positional arguments in order. */
  positionals: string[];
}

/** What a subcommand's run function receives. */
export interface CommandContext {
  /** True when `--quiet` was given: no progress, only results and errors. */
  quiet: boolean;
}

/** A CLI subcommand. */
export interface Command {
  /** Subcommand name as typed, e.g. `probe`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after the command name, e.g. `FILE... [--json]`. */
  usage: string;
  /** Longer description for `--help`. */
  description?: string;
  /** Declared flags (without the global `--help` and `--quiet`). */
  flags: Record<string, FlagSpec>;
  /** Runs the command; returns the exit code (0 success, 1 failed run). */
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

/**
 * Parse command-line arguments against declared flags.
 *
 * Accepts `--name value`, `--name=value`, `-x value`, `--flag` / `--no-flag` for booleans, and
 * `--` to end flag parsing. Unknown flags, missing values and non-numeric numbers throw
 * {@linkcode UsageError}.
 *
 * @param argv The arguments after the subcommand name.
 * @param spec The declared flags.
 * @returns Flag values and positionals.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./_command.ts";
 * const parsed = parseArgs(["a.wav", "--json", "--limit=3"], {
 *   json: { type: "boolean", description: "JSON output" },
 *   limit: { type: "number", description: "At most N" },
 * });
 * console.log(parsed.flags.json, parsed.flags.limit, parsed.positionals); // true 3 ["a.wav"]
 * ```
 */
export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  for (const [name, s] of Object.entries(spec)) {
    if (s.type === "boolean") flags[name] = false;
    if (s.type === "list") flags[name] = [];
  }
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const short = arg.slice(1);
      const long = byShort.get(short);
      if (!long) throw new UsageError(`Unknown option "${arg}"`);
      name = long;
    }
    let s = spec[name];
    let negated = false;
    if (!s && name.startsWith("no-") && spec[name.slice(3)]?.type === "boolean") {
      name = name.slice(3);
      s = spec[name];
      negated = true;
    }
    if (!s) throw new UsageError(`Unknown option "--${name}"`);
    if (s.type === "boolean") {
      if (inline !== undefined && !["true", "false"].includes(inline)) {
        throw new UsageError(`Option "--${name}" takes no value, found "${inline}"`);
      }
      flags[name] = negated ? false : inline !== "false";
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`Option "--${name}" needs a value`);
      value = argv[++i];
    }
    if (s.type === "number") {
      const n = Number(value);
      if (value.trim() === "" || !Number.isFinite(n)) {
        throw new UsageError(`Option "--${name}" expects a number, found "${value}"`);
      }
      flags[name] = n;
    } else if (s.type === "list") {
      (flags[name] as string[]).push(value);
    } else {
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

/**
 * Render the `--help` text of a subcommand from its declaration.
 *
 * @param cmd The subcommand.
 * @param prog How the program is invoked, e.g. `deno task cli`.
 * @returns Help text ending in a newline.
 *
 * @example
 * ```ts
 * import { helpText } from "./_command.ts";
 * const text = helpText({
 *   name: "x", summary: "Do x", usage: "FILE", flags: {}, run: () => Promise.resolve(0),
 * }, "deno task cli");
 * console.log(text.split("\n")[0]); // Usage: deno task cli x FILE
 * ```
 */
export function helpText(cmd: Command, prog: string): string {
  const lines = [`Usage: ${prog} ${cmd.name} ${cmd.usage}`.trimEnd(), "", cmd.summary];
  if (cmd.description) lines.push("", cmd.description.trim());
  lines.push("", "Options:");
  const rows: [string, string][] = [];
  for (const [name, s] of Object.entries(cmd.flags)) {
    const short = s.short ? `-${s.short}, ` : "    ";
    const value = s.type === "boolean" ? "" : ` ${s.value ?? s.type.toUpperCase()}`;
    rows.push([`  ${short}--${name}${value}`, s.description]);
  }
  rows.push(["      --quiet", "Print only results and errors, no progress"]);
  rows.push(["  -h, --help", "Show this help"]);
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  for (const [a, b] of rows) lines.push(a.padEnd(width) + b);
  lines.push("", "Exit codes: 0 success, 1 failed run, 2 bad usage.");
  return lines.join("\n") + "\n";
}
