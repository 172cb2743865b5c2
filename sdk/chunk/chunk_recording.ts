/**
 * Cut one recording into WAV chunks by streaming frame ranges: the recording is never loaded,
 * each chunk is written to a temporary file while its sha256 is computed, then renamed into
 * place; a per-recording manifest and status file record the result, and an interrupted run
 * resumes.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { basename, dirname, join, posix, relative, resolve } from "node:path";
import { openFrameSource } from "../audio/frame_source.ts";
import { wavHeader } from "../audio/wav_header.ts";
import { errorSentence, UsageError } from "../log/errors.ts";
import { writeOutput } from "../io/write_output.ts";
import { stringifyCsv } from "../table/csv.ts";
import { CHUNK_MANIFEST_COLUMNS, type ChunkManifestRow } from "../table/schemas.ts";
import { type ChunkBound, chunkBounds, frameToMs } from "./chunk_bounds.ts";
import { chunkFileName } from "./chunk_layout.ts";
import { displayAs } from "../notebook/display_as.ts";
import { chunkRecordingView } from "./chunk_recording_view.ts";
import { chunkFingerprint, type ChunkParamsInput, resolveChunkParams } from "./chunk_params.ts";
import {
  type ChunkStatus,
  excludeFromGit,
  inputIdentity,
  readChunkStatus,
  writeChunkStatus,
} from "./chunk_status.ts";

/** Bytes moved per read/write while copying a chunk. */
const COPY_BLOCK_BYTES = 1 << 20;

/** Options of {@linkcode chunkRecording}. */
export interface ChunkRecordingOptions {
  /** The recording (WAV, RF64, AIFF or FLAC). */
  audioPath: string;
  /** Folder for the chunks. */
  outputDir: string;
  /** The chunk manifest CSV to write. */
  manifestPath: string;
  /** Recording id for the manifest and status (default: the file's stem). */
  recordingId?: string;
  /** Chunking parameters (defaults: `ChunkParamsSchema`). */
  params?: ChunkParamsInput;
  /** Root that manifest and status paths are relative to (default: the current folder). */
  dataset?: string;
  /** Status file (default: none is written). Keep it out of git, e.g. under `.audiocurate/`. */
  statusPath?: string;
  /** Replace chunks or a manifest with different content, and delete stray chunk files. */
  force?: boolean;
  /** Called after each chunk with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Bytes moved per read and write (default 1 MiB); memory use is about twice this. */
  blockBytes?: number;
}

/** What {@linkcode chunkRecording} did. */
export interface ChunkRecordingResult {
  /** Recording id. */
  recordingId: string;
  /** The manifest rows, one per chunk, in order. */
  rows: ChunkManifestRow[];
  /** Chunks written by this run. */
  written: number;
  /** Chunks already in place with the right bytes (kept). */
  reused: number;
  /** Stray chunk files deleted (only with `force`). */
  removed: number;
  /** Bytes of audio read from the recording. */
  bytesRead: number;
}

function posixRel(root: string, path: string): string {
  return relative(root, path).split("\\").join("/");
}

async function hashExisting(path: string): Promise<{ sha256: string; size: number } | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return null;
  }
  try {
    const hash = createHash("sha256");
    const buf = new Uint8Array(COPY_BLOCK_BYTES);
    let size = 0;
    for (;;) {
      const n = await file.read(buf);
      if (n === null) break;
      hash.update(buf.subarray(0, n));
      size += n;
    }
    return { sha256: hash.digest("hex"), size };
  } finally {
    file.close();
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}

/**
 * Cut a recording into chunks (see the module description). Chunks keep the source's sample
 * format (AIFF becomes little-endian WAV; FLAC becomes PCM WAV of its bit depth); `extend`
 * tails are padded with digital silence. An existing chunk with identical bytes is kept as is;
 * one with different bytes, stray chunk files from other parameters, or a different manifest
 * are refused unless `force`.
 *
 * @param options The recording, outputs, parameters.
 * @returns The manifest rows and counts.
 * @throws {AudioFileError} When the recording cannot be read (the status says `failed`).
 * @throws {UsageError} When an output exists with other content and `force` is not set.
 *
 * @example
 * ```ts
 * import { chunkRecording } from "./chunk_recording.ts";
 * import { writeWav } from "../audio/wav_writer.ts";
 * const ds = await Deno.makeTempDir();
 * await writeWav(`${ds}/rec.wav`, { sampleRate: 1000, channels: [new Float32Array(2500)] });
 * const res = await chunkRecording({
 *   audioPath: `${ds}/rec.wav`, outputDir: `${ds}/chunks`, manifestPath: `${ds}/rec.csv`,
 *   params: { chunk_duration: 1, min_tail: 0 }, dataset: ds,
 * });
 * console.log(res.rows.map((r) => r.source_path)); // [ "chunks/rec_chunk_0_1000.wav", "chunks/rec_chunk_1000_2000.wav", "chunks/rec_chunk_2000_2500.wav" ]
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export async function chunkRecording(
  options: ChunkRecordingOptions,
): Promise<ChunkRecordingResult> {
  const params = resolveChunkParams(options.params ?? {});
  const root = resolve(options.dataset ?? ".");
  const audioPath = resolve(root, options.audioPath);
  const outDir = resolve(root, options.outputDir);
  const manifestPath = resolve(root, options.manifestPath);
  const recordingId = options.recordingId ?? basename(audioPath).replace(/\.[^.]*$/, "");
  const statusPath = options.statusPath ? resolve(root, options.statusPath) : undefined;
  const fingerprint = chunkFingerprint(params);
  const force = options.force ?? false;

  const base = {
    version: 1 as const,
    recording_id: recordingId,
    audio_path: posixRel(root, audioPath),
    chunk_output_dir: posixRel(root, outDir),
    manifest_path: posixRel(root, manifestPath),
    fingerprint,
    params: params as unknown as Record<string, unknown>,
  };
  const previous = statusPath ? await readChunkStatus(statusPath) : null;
  let status: ChunkStatus | undefined;
  const save = async (patch: Partial<ChunkStatus>) => {
    if (!statusPath || !status) return;
    status = { ...status, ...patch, updated_at: new Date().toISOString() };
    await writeChunkStatus(statusPath, status);
  };

  let identity;
  try {
    identity = await inputIdentity(audioPath);
  } catch (err) {
    if (statusPath) {
      await writeChunkStatus(statusPath, {
        ...base,
        status: "failed",
        input: { size: 0, mtime_ms: null, annex_key: null },
        chunks_total: 0,
        chunks_written: 0,
        chunks_reused: 0,
        error: errorSentence(err),
        updated_at: new Date().toISOString(),
      });
    }
    throw err;
  }
  // Resuming: chunks from an interrupted run with the same parameters and input are complete
  // files (each was renamed into place), so they are kept when their size is right.
  const resumable = previous !== null && previous.fingerprint === fingerprint &&
    JSON.stringify(previous.input) === JSON.stringify(identity);

  if (statusPath) {
    const statusDir = dirname(statusPath);
    if (statusDir.startsWith(root)) {
      const top = posixRel(root, statusDir).split("/")[0];
      if (top && top !== "..") await excludeFromGit(root, top);
    }
  }
  status = {
    ...base,
    status: "in_progress",
    input: identity,
    chunks_total: 0,
    chunks_written: 0,
    chunks_reused: 0,
    error: null,
    updated_at: new Date().toISOString(),
  };

  let source;
  try {
    source = await openFrameSource(audioPath);
  } catch (err) {
    await save({ status: "failed", error: errorSentence(err) });
    throw err;
  }
  try {
    const { layout } = source;
    const bounds = chunkBounds(source.info.frames, layout.sampleRate, params);
    await save({ chunks_total: bounds.length });
    const names = bounds.map((b) =>
      chunkFileName(
        recordingId,
        frameToMs(b.startFrame, layout.sampleRate),
        frameToMs(b.endFrame, layout.sampleRate),
      )
    );
    const wanted = new Set(names);
    const strays = await strayChunks(outDir, recordingId, wanted);
    if (strays.length > 0 && !force) {
      throw new UsageError(
        `Chunk folder "${outDir}" holds ${strays.length} chunk file(s) this plan would not write ` +
          `(e.g. "${strays[0]}", from other parameters?); rerun with --force to delete them`,
      );
    }
    await Deno.mkdir(outDir, { recursive: true });
    const blockAlign = layout.channels * (layout.bitsPerSample / 8);
    const blockFrames = Math.max(
      1,
      Math.floor((options.blockBytes ?? COPY_BLOCK_BYTES) / blockAlign),
    );
    // Two reusable read buffers: one being hashed and written while the next is read.
    const buffers = [0, 1].map(() => new Uint8Array(blockFrames * blockAlign));
    const rows: ChunkManifestRow[] = [];
    let written = 0;
    let reused = 0;
    let bytesRead = 0;
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i];
      const target = join(outDir, names[i]);
      const frames = b.endFrame - b.startFrame;
      const header = wavHeader({ ...layout, frames });
      const dataBytes = frames * blockAlign;
      const expectedSize = header.length + dataBytes + (dataBytes % 2);
      let sha: string | undefined;
      if (resumable) {
        const existing = await hashExisting(target);
        if (existing && existing.size === expectedSize) {
          sha = existing.sha256;
          reused++;
        }
      }
      if (sha === undefined) {
        const res = await writeChunk(source, b, header, target, {
          blockAlign,
          blockFrames,
          buffers,
          layout,
          // A forward-only source (FLAC, MP3) keeps frames from the latest read's start on, so
          // the part shared with the next chunk is read in one piece starting where it starts.
          splitAt: source.forwardOnly && i + 1 < bounds.length ? bounds[i + 1].startFrame : null,
        });
        bytesRead += res.bytesRead;
        const existing = await hashExisting(target);
        if (existing && existing.sha256 === res.sha256) {
          await Deno.remove(res.tmp);
          reused++;
        } else if (existing && !force) {
          await Deno.remove(res.tmp);
          throw new UsageError(
            `Chunk "${target}" already exists with different content; rerun with --force to replace it`,
          );
        } else {
          await Deno.rename(res.tmp, target);
          written++;
        }
        sha = res.sha256;
      }
      rows.push({
        recording_id: recordingId,
        chunk_id: names[i].replace(/\.wav$/, ""),
        source_path: posixRel(root, target),
        start_ms: frameToMs(b.startFrame, layout.sampleRate),
        end_ms: frameToMs(b.endFrame, layout.sampleRate),
        overlap_ms: frameToMs(b.overlapFrames, layout.sampleRate),
        sha256: sha,
        notes: b.padFrames > 0 ? `padded ${b.padFrames} frames of silence past the end` : "",
        start_frame: b.startFrame,
        end_frame: b.endFrame,
        sample_rate: layout.sampleRate,
      });
      options.onProgress?.(i + 1, bounds.length);
      if ((i + 1) % 16 === 0) await save({ chunks_written: written, chunks_reused: reused });
    }
    const csv = stringifyCsv(rows as unknown as Record<string, unknown>[], {
      columns: [...CHUNK_MANIFEST_COLUMNS],
    });
    await Deno.mkdir(dirname(manifestPath), { recursive: true });
    await writeOutput(manifestPath, csv, { force });
    for (const s of strays) await Deno.remove(join(outDir, s));
    await save({ status: "completed", chunks_written: written, chunks_reused: reused });
    const result = { recordingId, rows, written, reused, removed: strays.length, bytesRead };
    const paths = { audioPath: base.audio_path, manifestPath: base.manifest_path };
    return displayAs(result, (r) => chunkRecordingView(r, paths));
  } catch (err) {
    await save({ status: "failed", error: errorSentence(err) });
    throw err;
  } finally {
    source.close();
  }
}

async function strayChunks(dir: string, recordingId: string, wanted: Set<string>) {
  const prefix = `${posix.basename(recordingId)}_chunk_`;
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.name.startsWith(prefix) && e.name.endsWith(".wav") && !wanted.has(e.name)) {
        out.push(e.name);
      }
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out.sort();
}

interface SourceLike {
  read(start: number, end: number, into?: Uint8Array): Promise<Uint8Array>;
}

async function writeChunk(
  source: SourceLike,
  b: ChunkBound,
  header: Uint8Array,
  target: string,
  o: {
    blockAlign: number;
    blockFrames: number;
    buffers: Uint8Array[];
    layout: { bitsPerSample: number; float: boolean };
    splitAt: number | null;
  },
): Promise<{ tmp: string; sha256: string; bytesRead: number }> {
  const tmp = join(dirname(target), `.${basename(target)}.${Deno.pid}.tmp`);
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
  const hash = createHash("sha256");
  let bytesRead = 0;
  let next: Promise<Uint8Array> | null = null;
  try {
    await writeAll(file, header);
    hash.update(header);
    const { blockFrames } = o;
    const realEnd = b.endFrame - b.padFrames;
    const pieces: [number, number][] = [];
    const split = o.splitAt !== null && o.splitAt > b.startFrame && o.splitAt < realEnd
      ? o.splitAt
      : realEnd;
    for (let f = b.startFrame; f < split; f += blockFrames) {
      pieces.push([f, Math.min(split, f + blockFrames)]);
    }
    if (split < realEnd) pieces.push([split, realEnd]);
    // Pipelined: the next piece is read and the current one written by the runtime's I/O
    // threads while this thread hashes; the two buffers alternate.
    const readPiece = (k: number) =>
      k < pieces.length ? source.read(pieces[k][0], pieces[k][1], o.buffers[k % 2]) : null;
    next = readPiece(0);
    for (let k = 0; next !== null; k++) {
      const bytes = await next;
      next = readPiece(k + 1);
      bytesRead += bytes.length;
      const write = writeAll(file, bytes);
      hash.update(bytes);
      await write;
    }
    if (b.padFrames > 0) {
      // Digital silence: 0 everywhere except 8-bit WAV, which is unsigned with 128 as zero.
      const silence = new Uint8Array(Math.min(b.padFrames, blockFrames) * o.blockAlign);
      if (o.layout.bitsPerSample === 8 && !o.layout.float) silence.fill(128);
      for (let left = b.padFrames * o.blockAlign; left > 0; left -= silence.length) {
        const part = silence.subarray(0, Math.min(left, silence.length));
        hash.update(part);
        await writeAll(file, part);
      }
    }
    const dataBytes = (b.endFrame - b.startFrame) * o.blockAlign;
    if (dataBytes % 2 === 1) {
      // RIFF chunks are word-aligned: an odd-sized data chunk is followed by a pad byte.
      const pad = new Uint8Array(1);
      hash.update(pad);
      await writeAll(file, pad);
    }
  } catch (err) {
    next?.catch(() => {}); // a read already in flight
    file.close();
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
  file.close();
  return { tmp, sha256: hash.digest("hex"), bytesRead };
}
