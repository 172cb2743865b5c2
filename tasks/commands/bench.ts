/**
 * `bench`: run the comparison benchmarks in bench/ (each prints its own ratio against a
 * reference run in the same process tree).
 *
 * @module
 */

import type { Command } from "../_command.ts";
import { UsageError } from "../../sdk/log/errors.ts";

async function listBenches(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir("bench")) {
    if (e.isFile && e.name.endsWith(".ts") && !e.name.startsWith("_")) {
      names.push(e.name.replace(/\.ts$/, ""));
    }
  }
  return names.sort();
}

/** The `bench` subcommand. */
export const benchCommand: Command = {
  name: "bench",
  summary: "Run benchmarks from bench/ and print ratios against their references",
  usage: "[NAME...] [--list]",
  description: "Without names, runs every bench/*.ts in turn. Extra flags after -- go to the " +
    "benchmark scripts.",
  flags: {
    list: { type: "boolean", description: "List the benchmarks and exit" },
  },
  async run(args) {
    const all = await listBenches();
    if (args.flags.list) {
      for (const n of all) console.log(n);
      return 0;
    }
    const wanted = args.positionals.length > 0 ? args.positionals : all;
    for (const n of wanted) {
      if (!all.includes(n)) {
        throw new UsageError(`Unknown benchmark "${n}"; known: ${all.join(", ")}`);
      }
    }
    let failed = 0;
    for (const n of wanted) {
      console.log(`== bench/${n}.ts`);
      const st = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `bench/${n}.ts`],
        stdout: "inherit",
        stderr: "inherit",
      }).spawn().status;
      if (!st.success) {
        failed++;
        console.error(`Benchmark "bench/${n}.ts" failed with exit code ${st.code}`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
