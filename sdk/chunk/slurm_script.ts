/**
 * SLURM job-array scripts: one `sbatch` script per array of at most `max_array_size` tasks,
 * each task running the same argv with its global index substituted for `{index}`.
 *
 * @module
 */

import { z } from "zod";
import { extname, isAbsolute, resolve } from "node:path";
import { formatZodError } from "../config/format_zod_error.ts";
import type { SameType } from "../config/_same_type.ts";
import { ConfigError, UsageError } from "../log/errors.ts";
import { shellQuote } from "../io/shell_quote.ts";
import { writeOutput } from "../io/write_output.ts";

/** SLURM's time formats: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`, or no limit. */
const TIME = /^(\d+(:\d{1,2}){0,2}|\d+-\d+(:\d{1,2}){0,2}|INFINITE|UNLIMITED)$/;
/** `--mem` values: a whole number with an optional K, M, G or T unit. */
const MEM = /^\d+[KMGT]?$/i;
/** Words that need no quoting in an `#SBATCH` line. */
const SAFE_DIRECTIVE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Environment variable names. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const oneLine = (what: string) =>
  z.string().min(1).refine((s) => !/[\r\n\0]/.test(s), {
    message: `${what} must be one line (no newline or NUL)`,
  });

/**
 * SLURM resources of a job array, as the snake_case keys of the YAML config; the single source
 * of their defaults. Every value lands in an `#SBATCH` line, so none may hold a newline.
 *
 * @example
 * ```ts
 * import { SlurmResourcesSchema } from "./slurm_script.ts";
 * console.log(SlurmResourcesSchema.parse({ time: "04:00:00", gres: "gpu:1" }));
 * // {
 * //   job_name: "audiocurate",
 * //   time: "04:00:00",
 * //   cpus_per_task: 1,
 * //   mem: "2G",
 * //   gres: "gpu:1",
 * //   max_parallel: 8,
 * //   max_array_size: 1001,
 * //   log_dir: "logs",
 * //   setup: [],
 * //   extra_directives: []
 * // }
 * console.log(SlurmResourcesSchema.safeParse({ time: "4h" }).success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SlurmResourcesSchema = z.strictObject({
  /** `--job-name`, also the `%x` of the log file names. */
  job_name: oneLine("job_name").default("audiocurate"),
  /** `--partition`; left out when unset (the cluster's default partition). */
  partition: oneLine("partition").optional(),
  /** `--account` (the allocation to charge); left out when unset. */
  account: oneLine("account").optional(),
  /** `--time` per task: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` or `UNLIMITED`. */
  time: oneLine("time").refine((s) => TIME.test(s), {
    message: "expected a SLURM time such as 01:00:00, 90 (minutes) or 2-00:00:00",
  }).default("01:00:00"),
  /** `--cpus-per-task`. */
  cpus_per_task: z.int().positive().default(1),
  /** `--mem` per node: a whole number with an optional unit K, M, G or T. */
  mem: oneLine("mem").refine((s) => MEM.test(s), {
    message: "expected a memory size such as 2G, 500M or 4096",
  }).default("2G"),
  /** `--gres`, e.g. `gpu:1`; left out when unset. */
  gres: oneLine("gres").optional(),
  /** Most tasks of one array running at once (the `%K` of `--array`). */
  max_parallel: z.int().positive().default(8),
  /**
   * The cluster's `MaxArraySize`: array indices stay at or below `max_array_size - 1`, so a
   * longer task list is split into several arrays (`scontrol show config | grep MaxArraySize`).
   */
  max_array_size: z.int().positive().max(4000001).default(1001),
  /**
   * Folder of the task logs (`<log_dir>/%x_%A_%a.out`), relative to the work folder unless
   * absolute. SLURM does not create it: {@linkcode writeSlurmScripts} does.
   */
  log_dir: oneLine("log_dir").refine((s) => !s.includes("\\"), {
    message: "log_dir cannot hold a backslash (SLURM would stop expanding %A and %a)",
  }).default("logs"),
  /** Shell lines run before the command, e.g. `module load apptainer`. */
  setup: z.array(oneLine("each setup line")).default([]),
  /** Raw `#SBATCH` values, e.g. `--constraint=cpu`, written as given. */
  extra_directives: z.array(
    oneLine("each extra directive").refine((s) => s.startsWith("-"), {
      message: 'each extra directive must start with "-", e.g. --qos=normal',
    }),
  ).default([]),
});

/**
 * SLURM resources of a job array after defaults, validated by
 * {@linkcode SlurmResourcesSchema}. Every value lands in an `#SBATCH` line, so none may hold a
 * newline.
 */
export interface SlurmResources {
  /** `--job-name`, also the `%x` of the log file names. Default `"audiocurate"`. */
  job_name: string;
  /** `--partition`; left out when unset (the cluster's default partition). Default unset. */
  partition?: string;
  /** `--account` (the allocation to charge); left out when unset. Default unset. */
  account?: string;
  /**
   * `--time` per task: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` or `UNLIMITED`. Default
   * `"01:00:00"`.
   */
  time: string;
  /** `--cpus-per-task` (a whole number > 0). Default 1. */
  cpus_per_task: number;
  /** `--mem` per node: a whole number with an optional unit K, M, G or T. Default `"2G"`. */
  mem: string;
  /** `--gres`, e.g. `gpu:1`; left out when unset. Default unset. */
  gres?: string;
  /** Most tasks of one array running at once (the `%K` of `--array`). Default 8. */
  max_parallel: number;
  /**
   * The cluster's `MaxArraySize`: array indices stay at or below `max_array_size - 1`, so a
   * longer task list is split into several arrays (`scontrol show config | grep MaxArraySize`).
   * At most 4000001. Default 1001.
   */
  max_array_size: number;
  /**
   * Folder of the task logs (`<log_dir>/%x_%A_%a.out`), relative to the work folder unless
   * absolute. SLURM does not create it: {@linkcode writeSlurmScripts} does. Default `"logs"`.
   */
  log_dir: string;
  /** Shell lines run before the command, e.g. `module load apptainer`. Default `[]`. */
  setup: string[];
  /** Raw `#SBATCH` values, e.g. `--constraint=cpu`, written as given. Default `[]`. */
  extra_directives: string[];
}
const _slurmResources: SameType<SlurmResources, z.output<typeof SlurmResourcesSchema>> = true;

/** SLURM resources as given: every key of {@linkcode SlurmResources} is optional. */
export type SlurmResourcesInput = Partial<SlurmResources>;
const _slurmResourcesInput: SameType<SlurmResourcesInput, z.input<typeof SlurmResourcesSchema>> =
  true;

/** Options of {@linkcode renderSlurmArrays}. */
export interface RenderSlurmOptions {
  /** Resources; missing keys take the defaults of {@linkcode SlurmResourcesSchema}. */
  resources: SlurmResourcesInput;
  /** Number of tasks, global indices `0..tasks-1`. */
  tasks: number;
  /** The command of each task as argv; `{index}` in any element becomes the global index. */
  command: string[];
  /** Absolute folder the tasks run in (`--chdir` and `cd`); relative log dirs resolve here. */
  workdir: string;
  /** Variables exported before the setup lines, written in sorted order. */
  env?: Record<string, string>;
}

/** One rendered `sbatch` script. */
export interface SlurmArrayScript {
  /** The script text. */
  text: string;
  /** Global index of this array's task 0 (`IDX = SLURM_ARRAY_TASK_ID + offset`). */
  offset: number;
  /** Tasks in this array. */
  count: number;
  /** The `--array` value, e.g. `0-999%8`. */
  arraySpec: string;
  /** Absolute folder of the task logs, which must exist before the tasks start. */
  logDir: string;
}

/** Quote a value for an `#SBATCH` line (sbatch's own parser: `"` quotes, `\` escapes). */
function directiveQuote(value: string): string {
  if (SAFE_DIRECTIVE.test(value)) return value;
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** One argv element as a shell word, with each `{index}` expanding to `$IDX`. */
function quoteArg(arg: string): string {
  if (!arg.includes("{index}")) return shellQuote(arg);
  return arg.split("{index}").map((part) => part === "" ? "" : shellQuote(part)).join('"$IDX"');
}

function parseResources(input: SlurmResourcesInput): SlurmResources {
  const r = SlurmResourcesSchema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  throw new ConfigError(
    formatZodError(r.error, {
      input,
      schema: SlurmResourcesSchema,
      prefix: (path) => `SLURM resources key "${path.map(String).join(".")}"`,
    }),
  );
}

/**
 * Render the `sbatch` scripts of a job array: one per `max_array_size` tasks, each with
 * 0-based indices, the `%K` throttle `max_parallel`, logs at `<log_dir>/%x_%A_%a.out`, `set -euo
 * pipefail`, `cd` into the work folder, the exported `env`, the `setup` lines and the command.
 * Each task computes its global index as `IDX=$((SLURM_ARRAY_TASK_ID + offset))`; every argv
 * element is shell-quoted, with `{index}` expanding to `$IDX`.
 *
 * @param options See {@linkcode RenderSlurmOptions}.
 * @returns The scripts, in index order.
 * @throws {UsageError} For 0 tasks, an empty command, a relative work folder or a bad env name.
 * @throws {ConfigError} For invalid resources, naming the key.
 *
 * @example
 * ```ts
 * import { renderSlurmArrays } from "./slurm_script.ts";
 * const scripts = renderSlurmArrays({
 *   resources: { max_array_size: 3, max_parallel: 2 },
 *   tasks: 5,
 *   command: ["audiocurate", "chunk", "run", "--plan", "my plan.json", "--index", "{index}"],
 *   workdir: "/data/birds",
 * });
 * console.log(scripts.map((s) => [s.arraySpec, s.offset])); // [ [ "0-2%2", 0 ], [ "0-1%2", 3 ] ]
 * console.log(scripts[1].text.split("\n").slice(-2)[0]);
 * // audiocurate chunk run --plan 'my plan.json' --index "$IDX"
 * ```
 */
export function renderSlurmArrays(options: RenderSlurmOptions): SlurmArrayScript[] {
  const { tasks, command, workdir, env = {} } = options;
  if (!Number.isSafeInteger(tasks) || tasks < 0) {
    throw new UsageError(`Task count must be a whole number >= 0, found ${tasks}`);
  }
  if (tasks === 0) throw new UsageError("No tasks in the job array: nothing to submit");
  if (command.length === 0) throw new UsageError("The SLURM task command is empty");
  if (!isAbsolute(workdir)) {
    throw new UsageError(`SLURM work folder "${workdir}" must be an absolute path`);
  }
  const names = Object.keys(env).sort();
  for (const name of names) {
    if (!ENV_NAME.test(name)) {
      throw new UsageError(`Environment variable name "${name}" is not a valid shell name`);
    }
  }
  const r = parseResources(options.resources);
  const logDir = resolve(workdir, r.log_dir);
  const head = [
    "#!/bin/bash",
    `#SBATCH --job-name=${directiveQuote(r.job_name)}`,
    "", // --array, per script
    `#SBATCH --output=${directiveQuote(`${r.log_dir.replaceAll("%", "%%")}/%x_%A_%a.out`)}`,
    `#SBATCH --chdir=${directiveQuote(workdir)}`,
    `#SBATCH --time=${r.time}`,
    `#SBATCH --cpus-per-task=${r.cpus_per_task}`,
    `#SBATCH --mem=${r.mem}`,
  ];
  if (r.partition !== undefined) head.push(`#SBATCH --partition=${directiveQuote(r.partition)}`);
  if (r.account !== undefined) head.push(`#SBATCH --account=${directiveQuote(r.account)}`);
  if (r.gres !== undefined) head.push(`#SBATCH --gres=${directiveQuote(r.gres)}`);
  for (const d of r.extra_directives) head.push(`#SBATCH ${d}`);
  const body = [
    `cd ${shellQuote(workdir)}`,
    ...names.map((name) => `export ${name}=${shellQuote(env[name])}`),
    ...r.setup,
    command.map(quoteArg).join(" "),
    "",
  ];
  const parts = Math.ceil(tasks / r.max_array_size);
  const scripts: SlurmArrayScript[] = [];
  for (let p = 0; p < parts; p++) {
    const offset = p * r.max_array_size;
    const count = Math.min(r.max_array_size, tasks - offset);
    const arraySpec = `0-${count - 1}%${r.max_parallel}`;
    const lines = [...head];
    lines[2] = `#SBATCH --array=${arraySpec}`;
    lines.push(
      "set -euo pipefail",
      `# Array ${p + 1} of ${parts}: global indices ${offset}..${offset + count - 1} of ${tasks}`,
      `IDX=$((SLURM_ARRAY_TASK_ID + ${offset}))`,
      ...body,
    );
    scripts.push({ text: lines.join("\n"), offset, count, arraySpec, logDir });
  }
  return scripts;
}

/** Options of {@linkcode writeSlurmScripts}. */
export interface WriteSlurmScriptsOptions {
  /** Replace existing scripts whose content differs. Default false. */
  force?: boolean;
}

/**
 * The file of each script: the first at `path`, the others at `<path without ext>.part<N><ext>`
 * with N counting from 2.
 */
function partPaths(path: string, n: number): string[] {
  const ext = extname(path);
  const stem = path.slice(0, path.length - ext.length);
  return Array.from({ length: n }, (_, i) => i === 0 ? path : `${stem}.part${i + 1}${ext}`);
}

/**
 * Write rendered scripts, executable (0o755): the first at `path`, the others at
 * `<path without ext>.part2<ext>`, `.part3`, and so on. Creates each script's log folder, which
 * SLURM needs before a task starts. Refuses, before writing anything, to replace a file with
 * different content unless `force`.
 *
 * @param path File of the first script, e.g. `chunk.sbatch.sh`.
 * @param scripts From {@linkcode renderSlurmArrays}.
 * @param options See {@linkcode WriteSlurmScriptsOptions}.
 * @returns The paths written, in order.
 * @throws {UsageError} When a file exists with different content and `force` is not set.
 *
 * @example
 * ```ts
 * import { renderSlurmArrays, slurmSubmitCommands, writeSlurmScripts } from "./slurm_script.ts";
 * const dir = await Deno.makeTempDir();
 * const scripts = renderSlurmArrays({
 *   resources: { max_array_size: 2 },
 *   tasks: 3,
 *   command: ["echo", "{index}"],
 *   workdir: dir,
 * });
 * const paths = await writeSlurmScripts(`${dir}/run.sh`, scripts);
 * console.log(paths.map((p) => p.slice(dir.length + 1))); // [ "run.sh", "run.part2.sh" ]
 * console.log((await Deno.stat(`${dir}/logs`)).isDirectory); // true
 * console.log(slurmSubmitCommands(["my dir/run.sh"])); // [ "sbatch 'my dir/run.sh'" ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeSlurmScripts(
  path: string,
  scripts: readonly SlurmArrayScript[],
  options: WriteSlurmScriptsOptions = {},
): Promise<string[]> {
  const paths = partPaths(path, scripts.length);
  const encoder = new TextEncoder();
  if (!options.force) {
    for (let i = 0; i < paths.length; i++) {
      let existing: string;
      try {
        existing = await Deno.readTextFile(paths[i]);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) continue;
        throw err;
      }
      if (existing !== scripts[i].text) {
        throw new UsageError(
          `Output "${paths[i]}" already exists with different content; rerun with --force to ` +
            "replace it",
        );
      }
    }
  }
  for (let i = 0; i < paths.length; i++) {
    await writeOutput(paths[i], encoder.encode(scripts[i].text), options);
    await Deno.chmod(paths[i], 0o755);
    await Deno.mkdir(scripts[i].logDir, { recursive: true });
  }
  return paths;
}

/**
 * The commands that submit written scripts, one `sbatch <path>` line each (shell-quoted).
 *
 * @param paths From {@linkcode writeSlurmScripts}.
 * @returns One line per script.
 *
 * @example
 * ```ts
 * import { slurmSubmitCommands } from "./slurm_script.ts";
 * console.log(slurmSubmitCommands(["run.sh", "run.part2.sh"]));
 * // [ "sbatch run.sh", "sbatch run.part2.sh" ]
 * ```
 */
export function slurmSubmitCommands(paths: readonly string[]): string[] {
  return paths.map((p) => `sbatch ${shellQuote(p)}`);
}
