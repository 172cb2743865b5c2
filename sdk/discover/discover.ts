/**
 * `discover`: a catalog of the audio files under a folder, from headers only.
 *
 * @module
 */

import { probeMany } from "../audio/probe_many.ts";
import type { CatalogRow } from "../table/schemas.ts";
import { findAudioFiles, type FindAudioOptions } from "./find_audio_files.ts";
import { sortPaths } from "./_sort_paths.ts";
import { displayAs } from "../notebook/display_as.ts";
import { discoverView } from "./discover_view.ts";

/** Options of {@linkcode discover}: the walker settings plus a progress callback. */
export interface DiscoverOptions extends FindAudioOptions {
  /** Called after each batch of probed files with the count done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Totals of one discovery. */
export interface DiscoverSummary {
  /** Audio files listed (readable or not). */
  files: number;
  /** Files whose header could be read. */
  readable: number;
  /** Files with an `error`. */
  errors: number;
  /** Total duration of the readable files in seconds. */
  totalDurationSec: number;
  /** Readable files per container format, keys sorted. */
  formats: Record<string, number>;
  /** Error rows per reason (`empty`, `not_audio`, `corrupt`, `io`, ...), keys sorted. */
  errorReasons: Record<string, number>;
  /** Directories skipped by the skip list. */
  skippedDirs: number;
  /** Directory symlinks not entered again (loops or a folder linked twice). */
  repeatedDirs: number;
}

/** What {@linkcode discover} returns. */
export interface DiscoverResult {
  /** One row per file, sorted by `rel_path` in code-point order, ids in that order. */
  rows: CatalogRow[];
  /** Totals. */
  summary: DiscoverSummary;
}

const BATCH = 256;

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function sortedCounts(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries(sortPaths([...m.keys()]).map((k) => [k, m.get(k)!]));
}

/**
 * The id of the `index`-th file of `count`: `audio_` and the index padded to four digits, or to
 * as many as the largest index needs (so 10,001 files give `audio_00000` to `audio_10000`).
 *
 * @param index 0-based position in sorted order.
 * @param count Number of files in the catalog.
 * @returns The id.
 *
 * @example
 * ```ts
 * import { catalogId } from "./discover.ts";
 * console.log(catalogId(7, 12), catalogId(7, 10001)); // audio_0007 audio_00007
 * ```
 */
export function catalogId(index: number, count: number): string {
  const width = Math.max(4, String(Math.max(0, count - 1)).length);
  return `audio_${String(index).padStart(width, "0")}`;
}

/**
 * Catalog the audio files under `root` ({@linkcode findAudioFiles} for the walk and its skip
 * rules), reading headers only (`probe`, never a decode). A file that cannot be read still gets
 * a row, with nulls for its header facts and `error` set to one sentence; the batch goes on.
 * Durations are rounded to microseconds and sizes (MiB) to six decimals, so the rows, and the
 * bytes rendered from them, depend only on the files.
 *
 * @param root The folder to catalog.
 * @param options Walker settings and a progress callback, see {@linkcode DiscoverOptions}.
 * @returns Rows and a summary.
 * @throws {Deno.errors.NotFound} When `root` does not exist.
 *
 * @example
 * ```ts
 * import { discover } from "./discover.ts";
 * import { writeWav } from "../audio/wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * await writeWav(`${dir}/tone.wav`, { sampleRate: 8000, channels: [new Float32Array(8000)] });
 * await Deno.writeTextFile(`${dir}/notes.wav`, "not audio");
 * const { rows, summary } = await discover(dir);
 * console.log(rows.map((r) => [r.id, r.rel_path, r.duration_sec]));
 * // [ [ "audio_0000", "notes.wav", null ], [ "audio_0001", "tone.wav", 1 ] ]
 * console.log(summary.readable, summary.errors); // 1 1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function discover(
  root: string,
  options: DiscoverOptions = {},
): Promise<DiscoverResult> {
  const { onProgress, ...walkOptions } = options;
  const found = findAudioFiles(root, walkOptions);
  const base = root.replace(/\/+$/, "") || "/";
  const n = found.files.length;
  const rows: CatalogRow[] = new Array(n);
  const formats = new Map<string, number>();
  const reasons = new Map<string, number>();
  let total = 0;
  let readable = 0;
  for (let start = 0; start < n; start += BATCH) {
    const rels = found.files.slice(start, start + BATCH);
    const results = await probeMany(rels.map((r) => `${base}/${r}`));
    for (let j = 0; j < rels.length; j++) {
      const i = start + j;
      const { info, error } = results[j];
      if (info) {
        readable++;
        total += info.durationSec;
        formats.set(info.format, (formats.get(info.format) ?? 0) + 1);
        rows[i] = {
          id: catalogId(i, n),
          rel_path: rels[j],
          duration_sec: round(info.durationSec, 6),
          sample_rate: info.sampleRate,
          channels: info.channels,
          file_size_mb: round(info.fileSize / 2 ** 20, 6),
          format: info.format,
          bits_per_sample: info.bitsPerSample,
          frames: info.frames,
          error: null,
        };
      } else {
        const reason = error?.reason ?? "io";
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        let size = 0;
        try {
          size = Deno.statSync(`${base}/${rels[j]}`).size;
        } catch {
          // a dangling link or a file gone meanwhile: size 0
        }
        rows[i] = {
          id: catalogId(i, n),
          rel_path: rels[j],
          duration_sec: null,
          sample_rate: null,
          channels: null,
          file_size_mb: round(size / 2 ** 20, 6),
          format: null,
          bits_per_sample: null,
          frames: null,
          error: errorDetail(error),
        };
      }
    }
    onProgress?.(Math.min(start + BATCH, n), n);
  }
  return displayAs({
    rows,
    summary: {
      files: n,
      readable,
      errors: n - readable,
      totalDurationSec: total,
      formats: sortedCounts(formats),
      errorReasons: sortedCounts(reasons),
      skippedDirs: found.skippedDirs.length,
      repeatedDirs: found.repeatedDirs.length,
    },
  }, discoverView);
}

/** The error sentence without the absolute path (the row names the file by `rel_path`). */
function errorDetail(error: Error | null): string {
  if (!error) return "Unknown error";
  const msg = error.message.split("\n")[0];
  const m = /^Cannot read audio file ".*?": (.*)$/s.exec(msg);
  const detail = m ? m[1] : msg;
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

/**
 * The summary as a few lines for a terminal: files, hours, formats with counts, errors.
 *
 * @param summary From {@linkcode discover}.
 * @returns Lines joined with `\n`, no final newline.
 *
 * @example
 * ```ts
 * import { formatDiscoverSummary } from "./discover.ts";
 * console.log(formatDiscoverSummary({
 *   files: 3, readable: 2, errors: 1, totalDurationSec: 5400, formats: { flac: 1, wav: 1 },
 *   errorReasons: { empty: 1 }, skippedDirs: 2, repeatedDirs: 0,
 * }));
 * // Files: 3 (2 readable, 1 error)
 * // Duration: 1.50 h (5400.0 s)
 * // Formats: flac 1, wav 1
 * // Errors: empty 1
 * // Skipped folders: 2
 * ```
 */
export function formatDiscoverSummary(summary: DiscoverSummary): string {
  const list = (r: Record<string, number>) =>
    Object.entries(r).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  const lines = [
    `Files: ${summary.files} (${summary.readable} readable, ${summary.errors} ` +
    `error${summary.errors === 1 ? "" : "s"})`,
    `Duration: ${(summary.totalDurationSec / 3600).toFixed(2)} h ` +
    `(${summary.totalDurationSec.toFixed(1)} s)`,
    `Formats: ${list(summary.formats)}`,
    `Errors: ${list(summary.errorReasons)}`,
    `Skipped folders: ${summary.skippedDirs}`,
  ];
  if (summary.repeatedDirs > 0) {
    lines.push(`Folder links not followed again (loops or twins): ${summary.repeatedDirs}`);
  }
  return lines.join("\n");
}
