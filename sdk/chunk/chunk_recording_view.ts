/**
 * The notebook view of a {@linkcode ChunkRecordingResult}: chunks written and reused, the
 * audio covered, where the chunks and the manifest are, and the first manifest rows.
 *
 * @module
 */

import { durationText, plural } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { ChunkRecordingResult } from "./chunk_recording.ts";

/** Where {@linkcode chunkRecording}'s outputs went, for the view's notes. */
export interface ChunkRecordingViewPaths {
  /** The recording that was cut (dataset-relative where `chunkRecording` passes it). */
  audioPath?: string;
  /** The chunk manifest written (dataset-relative where `chunkRecording` passes it). */
  manifestPath?: string;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

/**
 * What a notebook shows for a {@linkcode ChunkRecordingResult}: a headline with the recording,
 * its chunks and how many were written and reused, facts (audio covered, sample rate, stray
 * chunks removed, bytes read), the manifest rows (chunk, start, end, overlap, sha256, notes) and
 * notes naming the recording, the chunk folder and the manifest.
 *
 * @param result From `chunkRecording`.
 * @param paths The recording and the manifest written (`chunkRecording` passes them).
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { chunkRecordingView } from "./chunk_recording_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const row = {
 *   recording_id: "rec", chunk_id: "rec_chunk_0_1000", source_path: "chunks/rec_chunk_0_1000.wav",
 *   start_ms: 0, end_ms: 1000, overlap_ms: 0, sha256: "ab".repeat(32), notes: "",
 *   start_frame: 0, end_frame: 1000, sample_rate: 1000,
 * };
 * const view = chunkRecordingView(
 *   { recordingId: "rec", rows: [row], written: 1, reused: 0, removed: 0, bytesRead: 2000 },
 *   { manifestPath: "rec.csv" },
 * );
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // chunk recording rec: 1 chunk, 1 written, 0 reused
 * ```
 */
export function chunkRecordingView(
  result: ChunkRecordingResult,
  paths: ChunkRecordingViewPaths = {},
): ResultView {
  const rows = result.rows;
  const first = rows[0];
  const last = rows.at(-1);
  const covered = first && last ? (last.end_frame - first.start_frame) / first.sample_rate : 0;
  const folder = first ? first.source_path.replace(/\/?[^/]*$/, "") || "." : null;
  const notes: string[] = [];
  if (paths.audioPath !== undefined) notes.push(`recording: ${paths.audioPath}`);
  if (folder !== null) notes.push(`chunks in ${folder}/`);
  if (paths.manifestPath !== undefined) notes.push(`manifest: ${paths.manifestPath}`);
  const padded = rows.filter((r) => r.notes !== "").length;
  if (padded > 0) notes.push(`${plural(padded, "chunk")} padded with silence past the end`);
  return {
    title: `chunk recording ${result.recordingId}: ${plural(rows.length, "chunk")}, ` +
      `${result.written} written, ${result.reused} reused`,
    facts: [
      ["recording", result.recordingId],
      ["chunks", rows.length],
      ["written", result.written],
      ["reused", result.reused],
      ["stray chunks removed", result.removed],
      ["audio covered", durationText(covered)],
      ["sample rate", first ? first.sample_rate : null],
      ["read", mib(result.bytesRead)],
    ],
    table: {
      columns: ["chunk_id", "start_ms", "end_ms", "overlap_ms", "sha256", "notes"],
      rows: rows.map((r) => ({ ...r, sha256: r.sha256.slice(0, 12) })),
    },
    tableTitle: "chunk manifest (sha256 shortened)",
    notes,
  };
}
