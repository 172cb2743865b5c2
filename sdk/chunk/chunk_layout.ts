/**
 * Where a dataset keeps its recordings, chunks, manifests and status files, and how a
 * recording's id and paths follow from its place under `audio/`.
 *
 * @module
 */

import { z } from "zod";
import { posix } from "node:path";
import type { SameType } from "../config/_same_type.ts";

/**
 * Folders of a chunked dataset, relative to its root; the single source of their defaults.
 * The status folder must stay out of version control: chunking adds it to `.git/info/exclude`
 * so it never dirties a DataLad dataset.
 *
 * @example
 * ```ts
 * import { ChunkLayoutSchema } from "./chunk_layout.ts";
 * console.log(ChunkLayoutSchema.parse({}).chunks_dir); // artifacts/chunks
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkLayoutSchema = z.strictObject({
  /** Folder scanned for recordings. */
  audio_dir: z.string().min(1).default("audio"),
  /** Glob of recordings; without a slash it matches file names at any depth. */
  pattern: z.string().min(1).default("*.wav"),
  /** Match the pattern with case (default false: `*.wav` takes `A.WAV` too). */
  case_sensitive: z.boolean().default(false),
  /** Folder of the per-recording chunk manifests. */
  manifest_dir: z.string().min(1).default("manifests"),
  /** Folder of the per-recording chunk folders. */
  chunks_dir: z.string().min(1).default("artifacts/chunks"),
  /** Folder of the per-recording status files (kept out of git). */
  status_dir: z.string().min(1).default(".audiocurate/chunk-status"),
});

/**
 * Dataset folders after defaults, relative to the dataset root. Validated by
 * {@linkcode ChunkLayoutSchema}.
 */
export interface ChunkLayout {
  /** Folder scanned for recordings. Default `"audio"`. */
  audio_dir: string;
  /** Glob of recordings; without a slash it matches file names at any depth. Default `"*.wav"`. */
  pattern: string;
  /** Match the pattern with case (false: `*.wav` takes `A.WAV` too). Default false. */
  case_sensitive: boolean;
  /** Folder of the per-recording chunk manifests. Default `"manifests"`. */
  manifest_dir: string;
  /** Folder of the per-recording chunk folders. Default `"artifacts/chunks"`. */
  chunks_dir: string;
  /**
   * Folder of the per-recording status files (kept out of git). Default
   * `".audiocurate/chunk-status"`.
   */
  status_dir: string;
}
const _chunkLayout: SameType<ChunkLayout, z.output<typeof ChunkLayoutSchema>> = true;

/** Dataset folders as given: every key of {@linkcode ChunkLayout} is optional. */
export type ChunkLayoutInput = Partial<ChunkLayout>;
const _chunkLayoutInput: SameType<ChunkLayoutInput, z.input<typeof ChunkLayoutSchema>> = true;

/** The dataset-relative paths that belong to one recording. */
export interface RecordingPaths {
  /** Id: the path under the audio folder without its extension, e.g. `StationA/rec1`. */
  recording_id: string;
  /** The recording. */
  audio_path: string;
  /** Its chunk manifest (CSV). */
  manifest_path: string;
  /** Its chunk folder. */
  chunk_output_dir: string;
  /** Its status file (JSON). */
  status_path: string;
}

/**
 * Normalise a dataset-relative folder or file to POSIX form without `./`, refusing absolute
 * paths and `..`.
 *
 * @param path The path as configured.
 * @param what What it is, for the error message.
 * @returns The normalised relative path.
 * @throws {RangeError} When the path leaves the dataset.
 *
 * @example
 * ```ts
 * import { datasetRelative } from "./chunk_layout.ts";
 * console.log(datasetRelative("./artifacts//chunks/", "chunks_dir")); // artifacts/chunks
 * ```
 */
export function datasetRelative(path: string, what: string): string {
  const p = posix.normalize(path.replaceAll("\\", "/")).replace(/\/+$/, "");
  if (posix.isAbsolute(p) || p === ".." || p.startsWith("../")) {
    throw new RangeError(`${what} "${path}" must be a path inside the dataset`);
  }
  return p === "." ? "" : p;
}

/**
 * The paths of a recording, from its path under the audio folder. Ids keep the sub-folders, so
 * `StationA/x.wav` and `StationB/x.wav` do not collide.
 *
 * @param relToAudio The recording's POSIX path relative to `layout.audio_dir`.
 * @param layout Dataset folders.
 * @returns Dataset-relative POSIX paths.
 *
 * @example
 * ```ts
 * import { ChunkLayoutSchema, recordingPaths } from "./chunk_layout.ts";
 * const p = recordingPaths("StationA/rec 1.wav", ChunkLayoutSchema.parse({}));
 * console.log(p.recording_id, "|", p.manifest_path, "|", p.chunk_output_dir);
 * // StationA/rec 1 | manifests/StationA/rec 1.csv | artifacts/chunks/StationA/rec 1
 * ```
 */
export function recordingPaths(relToAudio: string, layout: ChunkLayout): RecordingPaths {
  const ext = posix.extname(relToAudio);
  const id = ext ? relToAudio.slice(0, -ext.length) : relToAudio;
  const join = (dir: string, ...rest: string[]) =>
    posix.join(datasetRelative(dir, "folder") || ".", ...rest);
  return {
    recording_id: id,
    audio_path: join(layout.audio_dir, relToAudio),
    manifest_path: join(layout.manifest_dir, `${id}.csv`),
    chunk_output_dir: join(layout.chunks_dir, id),
    status_path: join(layout.status_dir, `${id}.json`),
  };
}

/**
 * The file name of a chunk: `<recording file stem>_chunk_<startMs>_<endMs>.wav`.
 *
 * @param recordingId The recording id (its last segment is the stem).
 * @param startMs Chunk start, ms.
 * @param endMs Chunk end, ms.
 * @returns The file name.
 *
 * @example
 * ```ts
 * import { chunkFileName } from "./chunk_layout.ts";
 * console.log(chunkFileName("StationA/rec1", 0, 60000)); // rec1_chunk_0_60000.wav
 * ```
 */
export function chunkFileName(recordingId: string, startMs: number, endMs: number): string {
  return `${posix.basename(recordingId)}_chunk_${startMs}_${endMs}.wav`;
}
