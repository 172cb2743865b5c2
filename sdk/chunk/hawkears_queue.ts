/**
 * The HawkEars inference queue: one job per recording, each one HawkEars call on the
 * recording's chunk folder writing into the recording's own output folder. One call per
 * recording pays the model loading once per recording, and since HawkEars 1.x writes its CSV
 * only when the whole call finishes, a failure costs one recording, not the batch.
 *
 * @module
 */

import { posix, resolve, sep } from "node:path";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { shellJoin, shellQuote } from "../io/shell_quote.ts";
import { globToRegExp } from "../io/glob.ts";
import { readCsv } from "../table/csv.ts";
import { type ChunkManifestRow, ChunkManifestRowSchema } from "../table/schemas.ts";
import { datasetRelative } from "./chunk_layout.ts";
import { HAWKEARS_VERSION_DEFAULTS, type InferConfig } from "./hawkears_config.ts";
import type { HawkearsVersion } from "./hawkears_labels.ts";

/**
 * One HawkEars call.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InferJobSchema = z.strictObject({
  /** Recording id, e.g. `StationA/rec1`. */
  recording_id: z.string().min(1),
  /** The recording's chunk manifest, dataset-relative. */
  manifest_path: z.string().min(1),
  /** Folder of the recording's chunks, dataset-relative. */
  chunk_dir: z.string().min(1),
  /** Folder HawkEars writes into, dataset-relative. */
  output_dir: z.string().min(1),
  /** Chunks in the manifest. */
  n_chunks: z.int().nonnegative(),
  /** The full HawkEars command, absolute logical (unresolved) paths. */
  argv: z.array(z.string()).min(1),
});

/** One HawkEars call. Validated by {@linkcode InferJobSchema}; no key has a default. */
export interface InferJob {
  /** Recording id, e.g. `StationA/rec1`. */
  recording_id: string;
  /** The recording's chunk manifest, dataset-relative. */
  manifest_path: string;
  /** Folder of the recording's chunks, dataset-relative. */
  chunk_dir: string;
  /** Folder HawkEars writes into, dataset-relative. */
  output_dir: string;
  /** Chunks in the manifest (a whole number >= 0). */
  n_chunks: number;
  /** The full HawkEars command, absolute logical (unresolved) paths. */
  argv: string[];
}
const _inferJob: SameType<InferJob, z.output<typeof InferJobSchema>> = true;

/**
 * The queue file (`infer-queue.json`): what an array task needs to run job `--index I`.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InferQueueSchema = z.strictObject({
  /** Format version. */
  version: z.literal(1),
  /** Absolute dataset root. */
  dataset: z.string().min(1),
  /** HawkEars generation. */
  hawkears_version: z.union([z.literal(1), z.literal(2)]),
  /** The argv prefix that starts HawkEars (also the head of every job's argv). */
  command: z.array(z.string()).min(1),
  /** Folder HawkEars runs in (absolute), or null for the caller's current folder. */
  cwd: z.string().nullable(),
  /** Extra attempts of a failed call. */
  max_retries: z.int().nonnegative(),
  /** The CSV report HawkEars writes into each output folder. */
  labels_file: z.string().min(1),
  /** Jobs sorted by recording id. */
  jobs: z.array(InferJobSchema),
});

/**
 * The queue file (`infer-queue.json`): what an array task needs to run job `--index I`.
 * Validated by {@linkcode InferQueueSchema}; no key has a default.
 */
export interface InferQueue {
  /** Format version (1). */
  version: 1;
  /** Absolute dataset root. */
  dataset: string;
  /** HawkEars generation. */
  hawkears_version: HawkearsVersion;
  /** The argv prefix that starts HawkEars (also the head of every job's argv). */
  command: string[];
  /** Folder HawkEars runs in (absolute), or null for the caller's current folder. */
  cwd: string | null;
  /** Extra attempts of a failed call (a whole number >= 0). */
  max_retries: number;
  /** The CSV report HawkEars writes into each output folder. */
  labels_file: string;
  /** Jobs sorted by recording id. */
  jobs: InferJob[];
}
const _inferQueue: SameType<InferQueue, z.output<typeof InferQueueSchema>> = true;

/** A recording left out of the queue, and why. */
export interface SkippedRecording {
  /** Recording id. */
  recording_id: string;
  /** The manifest, dataset-relative. */
  manifest_path: string;
  /** Why, in words. */
  reason: string;
}

/** What {@linkcode buildInferQueue} returns. */
export interface BuiltInferQueue {
  /** The queue. */
  queue: InferQueue;
  /** Recordings without chunks (nothing to analyse). */
  skipped: SkippedRecording[];
  /** Manifests read, dataset-relative, sorted. */
  manifests: string[];
}

/** The HawkEars flags for one chunk folder and output folder. */
export interface HawkearsArgvPaths {
  /** Chunk folder as HawkEars should see it: the logical path, never resolved. */
  chunkDir: string;
  /** Output folder. */
  outputDir: string;
}

function num(x: number): string {
  return String(x);
}

/**
 * The full HawkEars argv for one chunk folder. 1.x:
 * `<command> -i <chunks> -o <out> --rtype csv --merge 0 -p <min_score> [--region R] [--date D]
 * [-b B] [--threads N] [extra]`, where `--merge 0` keeps one label per 3 s segment so labels stay
 * inside their chunk. 2.x (`hawkears analyze`, whose input is also `-i`):
 * `<command> -i <chunks> -o <out> --rtype csv --min_score <x> [--region R] [--date D]
 * [--low-band|--no-low-band] [--threads N] [extra]`.
 *
 * @param config Validated inference config.
 * @param paths Chunk and output folders.
 * @returns The argv.
 *
 * @example
 * ```ts
 * import { InferConfigSchema } from "./hawkears_config.ts";
 * import { hawkearsArgv } from "./hawkears_queue.ts";
 * const cfg = InferConfigSchema.parse({ runner: { dataset: "d" }, hawkears: { region: "CA-NT" } });
 * console.log(hawkearsArgv(cfg, { chunkDir: "/d/c", outputDir: "/d/o" }).join(" "));
 * // python vendor/HawkEars/analyze.py -i /d/c -o /d/o --rtype csv --merge 0 -p 0.8 --region CA-NT
 * ```
 */
export function hawkearsArgv(config: InferConfig, paths: HawkearsArgvPaths): string[] {
  const h = config.hawkears;
  const v = config.runner.hawkears_version;
  const argv = [...config.runner.command, "-i", paths.chunkDir, "-o", paths.outputDir];
  argv.push("--rtype", "csv");
  if (v === 1) argv.push("--merge", "0", "-p", num(h.min_score));
  else argv.push("--min_score", num(h.min_score));
  if (h.region !== undefined) argv.push("--region", h.region);
  if (h.date !== undefined) argv.push("--date", h.date);
  if (v === 1 && h.band !== undefined) argv.push("-b", num(h.band));
  if (v === 2 && h.low_band !== undefined) argv.push(h.low_band ? "--low-band" : "--no-low-band");
  if (h.threads !== undefined) argv.push("--threads", num(h.threads));
  argv.push(...h.extra_args);
  return argv;
}

const GLOB_CHARS = /[*?[{]/;

/** The folder part of a manifests setting: everything before the first glob segment. */
function manifestRoot(pattern: string): string {
  const fixed: string[] = [];
  for (const seg of pattern.split("/")) {
    if (GLOB_CHARS.test(seg)) break;
    fixed.push(seg);
  }
  return fixed.join("/");
}

async function walkCsv(root: string, rel: string, out: string[]): Promise<void> {
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(resolve(root, rel || "."))) entries.push(e);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory) await walkCsv(root, child, out);
    else if ((e.isFile || e.isSymlink) && e.name.toLowerCase().endsWith(".csv")) out.push(child);
  }
}

/**
 * The chunk manifests a config names, dataset-relative and sorted: every `*.csv` below a
 * folder, or the files matching a glob (matched with case, relative to the dataset).
 *
 * @param dataset Dataset root.
 * @param manifests A dataset-relative folder or glob.
 * @returns Dataset-relative POSIX paths.
 * @throws {Error} When nothing is found.
 *
 * @example
 * ```ts
 * import { findManifests } from "./hawkears_queue.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/manifests/A`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/manifests/A/r1.csv`, "");
 * await Deno.writeTextFile(`${dir}/manifests/r0.csv`, "");
 * console.log(await findManifests(dir, "manifests")); // [ "manifests/A/r1.csv", "manifests/r0.csv" ]
 * console.log(await findManifests(dir, "manifests/A/*.csv")); // [ "manifests/A/r1.csv" ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function findManifests(dataset: string, manifests: string): Promise<string[]> {
  const pattern = datasetRelative(manifests, "runner.manifests");
  const found: string[] = [];
  if (GLOB_CHARS.test(pattern)) {
    const all: string[] = [];
    await walkCsv(dataset, manifestRoot(pattern), all);
    const re = globToRegExp(pattern, { caseSensitive: true });
    found.push(...all.filter((p) => re.test(p)));
  } else {
    await walkCsv(dataset, pattern, found);
  }
  if (found.length === 0) {
    throw new Error(`No chunk manifests (*.csv) match "${manifests}" in dataset "${dataset}"`);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The `status` of a chunking status file: undefined when absent or unreadable. */
async function chunkState(path: string): Promise<{ state?: string; problem?: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { problem: "no status file" };
    return { problem: `unreadable status file (${(err as Error).message})` };
  }
  try {
    const data = JSON.parse(text);
    if (data && typeof data.status === "string") return { state: data.status };
  } catch {
    // fall through
  }
  return { problem: "status file without a status" };
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/**
 * Build the inference queue from the per-recording chunk manifests: one job per recording, sorted
 * by recording id, each running HawkEars once on the recording's chunk folder (the folder of its
 * chunks' `source_path`) into `<output_dir>/<recording_id>/`. Paths handed to HawkEars are
 * absolute but logical (`path.resolve`, never `realpath`): in a DataLad dataset the chunks are
 * symlinks into the annex, and a resolved path would make HawkEars name `MD5E-...` files.
 *
 * With `runner.require_completed_chunks` (the default), a recording whose chunking status
 * (`<status_dir>/<recording_id>.json`) is missing or not `completed` is refused: the error names
 * every such recording. Recordings whose manifest has no rows are skipped and reported.
 *
 * @param config Validated inference config.
 * @returns The queue, the skipped recordings and the manifests read.
 * @throws {Error} For an incomplete recording, an unreadable manifest, a manifest mixing
 *   recordings or chunk folders, or a recording id given by two manifests.
 *
 * @example
 * ```ts
 * import { InferConfigSchema } from "./hawkears_config.ts";
 * import { buildInferQueue } from "./hawkears_queue.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/manifests`);
 * await Deno.writeTextFile(`${dir}/manifests/r1.csv`,
 *   "recording_id,chunk_id,source_path,start_ms,end_ms,overlap_ms,sha256,notes,start_frame,end_frame,sample_rate\n" +
 *   `r1,r1_chunk_0_60000,artifacts/chunks/r1/r1_chunk_0_60000.wav,0,60000,0,${"0".repeat(64)},,0,960000,16000\n`);
 * const cfg = InferConfigSchema.parse({ runner: { dataset: dir, require_completed_chunks: false } });
 * const { queue } = await buildInferQueue(cfg);
 * console.log(queue.jobs[0].chunk_dir, queue.jobs[0].output_dir); // artifacts/chunks/r1 artifacts/infer/r1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function buildInferQueue(config: InferConfig): Promise<BuiltInferQueue> {
  const r = config.runner;
  const dataset = resolve(r.dataset);
  try {
    if (!(await Deno.stat(dataset)).isDirectory) throw new Error("not a folder");
  } catch {
    throw new Error(`Dataset "${r.dataset}" is not a folder`);
  }
  const outputRoot = datasetRelative(r.output_dir, "runner.output_dir");
  const statusDir = datasetRelative(r.status_dir, "runner.status_dir");
  const manifestsAt = datasetRelative(r.manifests, "runner.manifests");
  const manifests = await findManifests(dataset, manifestsAt);
  const jobs: InferJob[] = [];
  const skipped: SkippedRecording[] = [];
  const incomplete: string[] = [];
  const seen = new Map<string, string>();
  for (const manifest of manifests) {
    const rows: ChunkManifestRow[] = await readCsv(resolve(dataset, manifest), {
      schema: ChunkManifestRowSchema,
    });
    const ids = [...new Set(rows.map((row) => row.recording_id))];
    if (ids.length > 1) {
      throw new Error(
        `Chunk manifest "${manifest}" holds several recordings (${ids.slice(0, 3).join(", ")}); ` +
          "expected one manifest per recording",
      );
    }
    const id = ids[0] ?? posix.relative(manifestRoot(manifestsAt) || ".", manifest)
      .replace(/\.csv$/i, "");
    const other = seen.get(id);
    if (other !== undefined) {
      throw new Error(`Recording "${id}" has two chunk manifests: "${other}" and "${manifest}"`);
    }
    seen.set(id, manifest);
    if (rows.length === 0) {
      skipped.push({
        recording_id: id,
        manifest_path: manifest,
        reason: "the manifest has no chunks",
      });
      continue;
    }
    if (r.require_completed_chunks) {
      const status = posix.join(statusDir || ".", `${id}.json`);
      const { state, problem } = await chunkState(resolve(dataset, status));
      if (state !== "completed") {
        incomplete.push(`"${id}" (${problem ?? `status "${state}"`} in ${status})`);
        continue;
      }
    }
    const dirs = [...new Set(rows.map((row) => posix.dirname(row.source_path)))];
    if (dirs.length > 1) {
      throw new Error(
        `Chunks of recording "${id}" lie in several folders (${dirs.slice(0, 3).join(", ")}); ` +
          "HawkEars runs on one chunk folder per recording",
      );
    }
    const chunkDir = datasetRelative(dirs[0], `source_path of recording "${id}"`);
    const outputDir = posix.join(outputRoot || ".", id);
    jobs.push({
      recording_id: id,
      manifest_path: manifest,
      chunk_dir: chunkDir,
      output_dir: outputDir,
      n_chunks: rows.length,
      argv: hawkearsArgv(config, {
        chunkDir: resolve(dataset, chunkDir),
        outputDir: resolve(dataset, outputDir),
      }),
    });
  }
  if (incomplete.length > 0) {
    const shown = incomplete.slice(0, 5).join(", ");
    const more = incomplete.length > 5 ? ` and ${incomplete.length - 5} more` : "";
    throw new Error(
      `Chunking is not completed for ${incomplete.length === 1 ? "recording" : "recordings"} ` +
        `${shown}${more}; finish chunking first or set runner.require_completed_chunks: false`,
    );
  }
  jobs.sort((a, b) => (a.recording_id < b.recording_id ? -1 : 1));
  skipped.sort((a, b) => (a.recording_id < b.recording_id ? -1 : 1));
  const queue: InferQueue = {
    version: 1,
    dataset: toPosix(dataset),
    hawkears_version: r.hawkears_version,
    command: [...r.command],
    cwd: r.cwd === undefined ? null : toPosix(resolve(r.cwd)),
    max_retries: r.max_retries,
    labels_file: HAWKEARS_VERSION_DEFAULTS[r.hawkears_version].labels_file,
    jobs,
  };
  return { queue, skipped, manifests };
}

/**
 * The queue's JSON text (two-space indented, one trailing newline), deterministic for the same
 * inputs.
 *
 * @param queue The queue.
 * @returns The JSON text.
 *
 * @example
 * ```ts
 * import { stringifyInferQueue } from "./hawkears_queue.ts";
 * const text = stringifyInferQueue({
 *   version: 1, dataset: "/d", hawkears_version: 1, command: ["hawkears"], cwd: null, max_retries: 2,
 *   labels_file: "HawkEars_labels.csv", jobs: [],
 * });
 * console.log(JSON.parse(text).labels_file); // HawkEars_labels.csv
 * ```
 */
export function stringifyInferQueue(queue: InferQueue): string {
  return JSON.stringify(InferQueueSchema.parse(queue), null, 2) + "\n";
}

/**
 * Read and validate a queue file written by {@linkcode stringifyInferQueue}.
 *
 * @param path The queue file.
 * @returns The queue.
 * @throws {Error} Naming the file when it is missing, not JSON or not a queue.
 *
 * @example
 * ```ts
 * import { readInferQueue, stringifyInferQueue } from "./hawkears_queue.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/q.json`, stringifyInferQueue({
 *   version: 1, dataset: dir, hawkears_version: 2, command: ["hawkears"], cwd: null, max_retries: 0,
 *   labels_file: "scores.csv", jobs: [],
 * }));
 * console.log((await readInferQueue(`${dir}/q.json`)).hawkears_version); // 2
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readInferQueue(path: string): Promise<InferQueue> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error(`Queue "${path}" does not exist`);
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`Queue "${path}" is not JSON`);
  }
  const parsed = InferQueueSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Queue "${path}" is not an inference queue: ${issue.path.join(".") || "top level"}: ` +
        issue.message,
    );
  }
  return parsed.data;
}

/**
 * The queue as shell lines, one per job, each quoted for a POSIX shell with `shellJoin`
 * (file names with spaces, quotes or non-ASCII letters survive). When the queue has a `cwd`,
 * the lines run in a subshell that changes into it first.
 *
 * @param queue The queue.
 * @returns One line per job, each ending in a newline.
 *
 * @example
 * ```ts
 * import { renderInferCommands } from "./hawkears_queue.ts";
 * const text = renderInferCommands({
 *   version: 1, dataset: "/d", hawkears_version: 2, command: ["hawkears"], cwd: "/opt/he",
 *   max_retries: 2,
 *   labels_file: "scores.csv",
 *   jobs: [{ recording_id: "it's", manifest_path: "m/it's.csv", chunk_dir: "c/it's",
 *     output_dir: "o/it's", n_chunks: 1, argv: ["hawkears", "analyze", "-i", "/d/c/it's"] }],
 * });
 * console.log(text.trim()); // (cd /opt/he && hawkears analyze -i '/d/c/it'\''s')
 * ```
 */
export function renderInferCommands(queue: InferQueue): string {
  return queue.jobs.map((job) => {
    const line = shellJoin(job.argv);
    return (queue.cwd === null ? line : `(cd ${shellQuote(queue.cwd)} && ${line})`) + "\n";
  }).join("");
}
