/**
 * Plan the chunking of a dataset's recordings: scan `<dataset>/audio/`, probe each recording's
 * header, and list the chunks to write, skipping recordings already chunked with the same
 * parameters from the same input.
 *
 * @module
 */

import { z } from "zod";
import { join, posix, resolve } from "node:path";
import { probe } from "../audio/probe.ts";
import { comparePaths } from "../cache/hash_files.ts";
import { matchGlob } from "../io/glob.ts";
import { errorSentence, UsageError } from "../log/errors.ts";
import type { ChunkPlanRow } from "../table/schemas.ts";
import { chunkBounds } from "./chunk_bounds.ts";
import {
  type ChunkLayout,
  ChunkLayoutSchema,
  datasetRelative,
  recordingPaths,
} from "./chunk_layout.ts";
import { chunkFingerprint, type ChunkParams, resolveChunkParams } from "./chunk_params.ts";
import type { ChunkParamsInput } from "./chunk_params.ts";
import type { ChunkLayoutInput } from "./chunk_layout.ts";
import { inputIdentity, readChunkStatus } from "./chunk_status.ts";
import { displayAs } from "../notebook/display_as.ts";
import { chunkPlanView } from "./chunk_plan_view.ts";

/**
 * Why a recording is in the plan:
 * `pending` (never chunked), `resume` (interrupted), `retry` (failed before), `stale`
 * (completed with other parameters or from another version of the file), `rerun` (completed,
 * planned again by `include_existing`), `error` (cannot be chunked; see `error`).
 */
export type PlanStatus = "pending" | "resume" | "retry" | "stale" | "rerun" | "error";

/** One plan row: the chunk plan table's columns (`error` holds why a recording cannot be chunked). */
export type ChunkPlanEntry = ChunkPlanRow;

/** Options of {@linkcode chunkPlan}. */
export interface ChunkPlanOptions {
  /** Chunking parameters (defaults: `ChunkParamsSchema`). */
  params?: ChunkParamsInput;
  /** Dataset folders (defaults: `ChunkLayoutSchema`). */
  layout?: ChunkLayoutInput;
  /** Plan at most this many recordings (after skipping completed ones). */
  limit?: number;
  /** Plan completed recordings again instead of skipping them. */
  includeExisting?: boolean;
}

/** Counts of a plan. */
export interface ChunkPlanSummary {
  /** Recordings matching the pattern. */
  found: number;
  /** Rows in the plan (errors included). */
  planned: number;
  /** Recordings skipped as completed. */
  skipped: number;
  /** Rows that cannot be chunked. */
  errors: number;
  /** Recordings left out by `limit`. */
  limited: number;
  /** Chunks over all planned rows. */
  chunks: number;
  /** Hours of audio over all planned rows. */
  hours: number;
}

/** A chunk plan: what `--plan-json` holds and `chunk run --plan` reads. */
export interface ChunkPlan {
  /** Format version. */
  version: 1;
  /** Absolute dataset root; row paths are relative to it. */
  dataset: string;
  /** Chunking parameters. */
  params: ChunkParams;
  /** Their fingerprint. */
  fingerprint: string;
  /** Dataset folders. */
  layout: ChunkLayout;
  /** One row per planned recording, sorted by audio path. */
  rows: ChunkPlanEntry[];
  /** Recording ids skipped as completed. */
  skipped: string[];
  /** Counts. */
  summary: ChunkPlanSummary;
}

/**
 * Schema of a plan file (the JSON {@linkcode ChunkPlan}), for `chunk run --plan`.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkPlanFileSchema = z.object({
  version: z.literal(1),
  dataset: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  fingerprint: z.string(),
  layout: z.record(z.string(), z.unknown()),
  rows: z.array(z.looseObject({
    recording_id: z.string().min(1),
    audio_path: z.string().min(1),
    manifest_path: z.string().min(1),
    chunk_output_dir: z.string().min(1),
    status: z.string(),
    error: z.string().nullable(),
  })),
});

async function scanAudio(root: string, layout: ChunkLayout): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, rel: string) => {
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(dir)) entries.push(e);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) {
        if (!e.name.startsWith(".")) await walk(join(dir, e.name), r);
      } else if (e.isFile || e.isSymlink) {
        if (matchGlob(r, layout.pattern, { caseSensitive: layout.case_sensitive })) found.push(r);
      }
    }
  };
  await walk(root, "");
  return found.sort(comparePaths);
}

/**
 * Plan the chunks of every recording under `<dataset>/<audio_dir>` that matches the pattern.
 * Unreadable recordings stay in the plan with status `error` and the reason; the rest go on.
 *
 * @param dataset Dataset root.
 * @param options Parameters, folders, limit.
 * @returns The plan.
 * @throws {UsageError} When the audio folder is missing, or two recordings map to one id.
 *
 * @example
 * ```ts
 * import { chunkPlan } from "./chunk_plan.ts";
 * import { writeWav } from "../audio/wav_writer.ts";
 * const ds = await Deno.makeTempDir();
 * await writeWav(`${ds}/audio/A/rec.wav`, { sampleRate: 100, channels: [new Float32Array(250)] });
 * await Deno.mkdir(`${ds}/audio/B`);
 * await Deno.writeTextFile(`${ds}/audio/B/bad.wav`, "not audio");
 * const plan = await chunkPlan(ds, { params: { chunk_duration: 1 } });
 * console.log(plan.rows.map((r) => `${r.recording_id}:${r.n_chunks}:${r.status}`));
 * // [ "A/rec:2:pending", "B/bad:0:error" ] (the 0.5 s tail is under min_tail)
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export async function chunkPlan(
  dataset: string,
  options: ChunkPlanOptions = {},
): Promise<ChunkPlan> {
  const params = resolveChunkParams(options.params ?? {});
  const layoutParsed = ChunkLayoutSchema.safeParse(options.layout ?? {});
  if (!layoutParsed.success) {
    const issue = layoutParsed.error.issues[0];
    throw new UsageError(`Invalid chunk layout ${issue.path.join(".")}: ${issue.message}`);
  }
  const layout = layoutParsed.data;
  for (const key of ["audio_dir", "manifest_dir", "chunks_dir", "status_dir"] as const) {
    layout[key] = datasetRelative(layout[key], key) || ".";
  }
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new UsageError(`Invalid limit ${options.limit}: expected a whole number > 0`);
  }
  const root = resolve(dataset);
  const audioRoot = join(root, layout.audio_dir);
  try {
    if (!(await Deno.stat(audioRoot)).isDirectory) throw new Error("not a folder");
  } catch {
    throw new UsageError(`Dataset "${dataset}" has no audio folder "${layout.audio_dir}"`);
  }
  const files = await scanAudio(audioRoot, layout);
  const fingerprint = chunkFingerprint(params);

  const byId = new Map<string, string>();
  for (const f of files) {
    const { recording_id } = recordingPaths(f, layout);
    const other = byId.get(recording_id);
    if (other !== undefined) {
      throw new UsageError(
        `Recordings "${posix.join(layout.audio_dir, other)}" and "${
          posix.join(layout.audio_dir, f)
        }" both map to recording id "${recording_id}"; rename one or narrow --pattern`,
      );
    }
    byId.set(recording_id, f);
  }

  const rows: ChunkPlanEntry[] = [];
  const skipped: string[] = [];
  let limited = 0;
  for (const f of files) {
    const paths = recordingPaths(f, layout);
    const abs = join(root, paths.audio_path);
    const base: ChunkPlanEntry = {
      recording_id: paths.recording_id,
      audio_path: paths.audio_path,
      manifest_path: paths.manifest_path,
      chunk_output_dir: paths.chunk_output_dir,
      chunk_duration: params.chunk_duration,
      overlap: params.overlap,
      sample_rate: null,
      channels: null,
      frames: null,
      n_chunks: 0,
      status: "pending",
      error: null,
    };
    let row: ChunkPlanEntry;
    try {
      const identity = await inputIdentity(abs);
      const info = await probe(abs);
      if (info.format === "mp3") {
        throw new UsageError(
          `Cannot chunk "${paths.audio_path}": MP3 cannot be cut sample-exactly; convert it to WAV or FLAC first`,
        );
      }
      const status = await readChunkStatus(join(root, paths.status_path));
      let planStatus: PlanStatus = "pending";
      if (status) {
        const same = status.fingerprint === fingerprint &&
          JSON.stringify(status.input) === JSON.stringify(identity);
        if (
          status.status === "completed" && same && await isFile(join(root, paths.manifest_path))
        ) {
          if (!options.includeExisting) {
            skipped.push(paths.recording_id);
            continue;
          }
          planStatus = "rerun";
        } else if (status.status === "completed") planStatus = "stale";
        else if (status.status === "failed") planStatus = "retry";
        else planStatus = same ? "resume" : "stale";
      }
      row = {
        ...base,
        sample_rate: info.sampleRate,
        channels: info.channels,
        frames: info.frames,
        n_chunks: chunkBounds(info.frames, info.sampleRate, params).length,
        status: planStatus,
      };
    } catch (err) {
      row = { ...base, status: "error", error: errorSentence(err) };
    }
    if (options.limit !== undefined && rows.length >= options.limit) {
      limited++;
      continue;
    }
    rows.push(row);
  }
  const ok = rows.filter((r) => r.status !== "error");
  const plan: ChunkPlan = {
    version: 1,
    dataset: root,
    params,
    fingerprint,
    layout,
    rows,
    skipped,
    summary: {
      found: files.length,
      planned: rows.length,
      skipped: skipped.length,
      errors: rows.length - ok.length,
      limited,
      chunks: ok.reduce((s, r) => s + r.n_chunks, 0),
      hours: ok.reduce((s, r) => s + (r.frames ?? 0) / (r.sample_rate ?? 1), 0) / 3600,
    },
  };
  return displayAs(plan, chunkPlanView);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
