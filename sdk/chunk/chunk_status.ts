/**
 * Per-recording chunking status files: `in_progress | completed | failed`, the parameter
 * fingerprint, the input's identity and counts, written atomically outside version control.
 *
 * @module
 */

import { z } from "zod";
import { dirname, join, relative, resolve } from "node:path";
import type { SameType } from "../config/_same_type.ts";
import { AudioFileError } from "../log/errors.ts";

/** States of a recording's chunking. */
export const CHUNK_STATES = ["in_progress", "completed", "failed"] as const;

/**
 * Identity of an input file: its annex key when it is an annexed link, else size and mtime.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const InputIdentitySchema = z.strictObject({
  /** Size in bytes. */
  size: z.int().nonnegative(),
  /** Modification time, ms since the epoch (null where the file system has none). */
  mtime_ms: z.number().nullable(),
  /** git-annex key (e.g. `MD5E-s10584044--...wav`) when the file is an annexed link. */
  annex_key: z.string().nullable(),
});

/**
 * Identity of an input file: its annex key when it is an annexed link, else size and mtime.
 * Validated by {@linkcode InputIdentitySchema}.
 */
export interface InputIdentity {
  /** Size in bytes (a whole number). */
  size: number;
  /** Modification time, ms since the epoch (null where the file system has none). */
  mtime_ms: number | null;
  /** git-annex key (e.g. `MD5E-s10584044--...wav`) when the file is an annexed link, else null. */
  annex_key: string | null;
}
const _inputIdentity: SameType<InputIdentity, z.output<typeof InputIdentitySchema>> = true;

/**
 * A status file.
 *
 * @example
 * ```ts
 * import { ChunkStatusSchema } from "./chunk_status.ts";
 * console.log(ChunkStatusSchema.shape.status.options.join(" ")); // in_progress completed failed
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkStatusSchema = z.strictObject({
  /** Format version. */
  version: z.literal(1),
  /** Recording id. */
  recording_id: z.string(),
  /** Recording, dataset-relative. */
  audio_path: z.string(),
  /** Chunk folder, dataset-relative. */
  chunk_output_dir: z.string(),
  /** Chunk manifest, dataset-relative. */
  manifest_path: z.string(),
  /** Where the work stands. */
  status: z.enum(CHUNK_STATES),
  /** Fingerprint of the chunking parameters. */
  fingerprint: z.string(),
  /** The parameters themselves. */
  params: z.record(z.string(), z.unknown()),
  /** Identity of the recording when the work started. */
  input: InputIdentitySchema,
  /** Chunks planned. */
  chunks_total: z.int().nonnegative(),
  /** Chunks written by this run. */
  chunks_written: z.int().nonnegative(),
  /** Chunks found already in place (identical bytes, or kept on resume). */
  chunks_reused: z.int().nonnegative(),
  /** What went wrong, when failed. */
  error: z.string().nullable(),
  /** Last update, ISO 8601 (for people; nothing hashes this file). */
  updated_at: z.string(),
});

/** A status file. Validated by {@linkcode ChunkStatusSchema}; no key has a default. */
export interface ChunkStatus {
  /** Format version (1). */
  version: 1;
  /** Recording id. */
  recording_id: string;
  /** Recording, dataset-relative. */
  audio_path: string;
  /** Chunk folder, dataset-relative. */
  chunk_output_dir: string;
  /** Chunk manifest, dataset-relative. */
  manifest_path: string;
  /** Where the work stands: one of {@linkcode CHUNK_STATES}. */
  status: typeof CHUNK_STATES[number];
  /** Fingerprint of the chunking parameters. */
  fingerprint: string;
  /** The parameters themselves. */
  params: Record<string, unknown>;
  /** Identity of the recording when the work started. */
  input: InputIdentity;
  /** Chunks planned (a whole number >= 0). */
  chunks_total: number;
  /** Chunks written by this run (a whole number >= 0). */
  chunks_written: number;
  /** Chunks found already in place (identical bytes, or kept on resume). */
  chunks_reused: number;
  /** What went wrong, when failed; null otherwise. */
  error: string | null;
  /** Last update, ISO 8601 (for people; nothing hashes this file). */
  updated_at: string;
}
const _chunkStatus: SameType<ChunkStatus, z.output<typeof ChunkStatusSchema>> = true;

const ANNEX_KEY = /(?:^|\/)((?:[A-Z0-9]+E?)-s\d+--[0-9a-fA-F]+[^/]*)$/;

/**
 * The identity of an input file. An annexed link (a symlink into `.git/annex/objects`) is
 * identified by its key and must have its content present; anything else by size and mtime.
 *
 * @param path The file.
 * @returns Its identity.
 * @throws {AudioFileError} When the file is missing, or annexed without content (the message
 *   says to run `datalad get`).
 *
 * @example
 * ```ts
 * import { inputIdentity } from "./chunk_status.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.wav`, "1234");
 * console.log((await inputIdentity(`${dir}/a.wav`)).size); // 4
 * await Deno.symlink(".git/annex/objects/xx/MD5E-s4--81dc9bdb52d04dc20036dbd8313ed055.wav", `${dir}/b.wav`);
 * const err = await inputIdentity(`${dir}/b.wav`).catch((e) => e);
 * console.log(err.message.includes("datalad get")); // true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function inputIdentity(path: string): Promise<InputIdentity> {
  let lst: Deno.FileInfo;
  try {
    lst = await Deno.lstat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new AudioFileError(path, "io", "the file does not exist");
    }
    throw new AudioFileError(path, "io", (err as Error).message);
  }
  let annexKey: string | null = null;
  if (lst.isSymlink) {
    const target = await Deno.readLink(path);
    const m = target.match(ANNEX_KEY);
    if (m && target.includes("annex/objects")) annexKey = m[1];
  }
  let st: Deno.FileInfo;
  try {
    st = await Deno.stat(path);
  } catch {
    throw new AudioFileError(
      path,
      "io",
      annexKey
        ? "the file is annexed but its content is not present; run `datalad get` on it first"
        : "the file is a broken symbolic link",
    );
  }
  return {
    size: st.size,
    mtime_ms: annexKey ? null : st.mtime?.getTime() ?? null,
    annex_key: annexKey,
  };
}

/**
 * Read a status file.
 *
 * @param path The status file.
 * @returns The status, or null when the file does not exist or is not a valid status (a torn
 *   or foreign file counts as no status: the recording is planned again).
 *
 * @example
 * ```ts
 * import { readChunkStatus } from "./chunk_status.ts";
 * console.log(await readChunkStatus("/nonexistent/status.json")); // null
 * ```
 */
export async function readChunkStatus(path: string): Promise<ChunkStatus | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return null;
  }
  try {
    const parsed = ChunkStatusSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Write a status file atomically (temporary file, then rename), creating its folder.
 *
 * @param path The status file.
 * @param status The status.
 *
 * @example
 * ```ts
 * import { readChunkStatus, writeChunkStatus } from "./chunk_status.ts";
 * const dir = await Deno.makeTempDir();
 * await writeChunkStatus(`${dir}/s/r.json`, {
 *   version: 1, recording_id: "r", audio_path: "audio/r.wav", chunk_output_dir: "c/r",
 *   manifest_path: "m/r.csv", status: "completed", fingerprint: "f", params: {},
 *   input: { size: 1, mtime_ms: 0, annex_key: null }, chunks_total: 1, chunks_written: 1,
 *   chunks_reused: 0, error: null, updated_at: "2026-01-01T00:00:00.000Z",
 * });
 * console.log((await readChunkStatus(`${dir}/s/r.json`))?.status); // completed
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeChunkStatus(path: string, status: ChunkStatus): Promise<void> {
  const data = ChunkStatusSchema.parse(status);
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(data, null, 2) + "\n");
  await Deno.rename(tmp, path);
}

/**
 * Keep a dataset folder out of git without touching tracked files: add `/<folder>/` to
 * `.git/info/exclude` (local to the clone, so the dataset stays clean for `datalad run`).
 * Does nothing when the dataset is not a git work tree.
 *
 * @param dataset Dataset root.
 * @param folder Dataset-relative folder, e.g. `.audiocurate`.
 * @returns True when the exclude file was changed.
 *
 * @example
 * ```ts
 * import { excludeFromGit } from "./chunk_status.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/.git/info`, { recursive: true });
 * console.log(await excludeFromGit(dir, ".audiocurate"), await excludeFromGit(dir, ".audiocurate")); // true false
 * console.log(await Deno.readTextFile(`${dir}/.git/info/exclude`)); // /.audiocurate/
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function excludeFromGit(dataset: string, folder: string): Promise<boolean> {
  const gitDir = join(dataset, ".git");
  try {
    if (!(await Deno.stat(gitDir)).isDirectory) return false;
  } catch {
    return false;
  }
  const rel = relative(resolve(dataset), resolve(dataset, folder)).split("\\").join("/");
  const line = `/${rel}/`;
  const file = join(gitDir, "info", "exclude");
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch {
    // no exclude file yet
  }
  if (text.split("\n").includes(line)) return false;
  await Deno.mkdir(dirname(file), { recursive: true });
  await Deno.writeTextFile(file, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${line}\n`);
  return true;
}
