/**
 * Check that every file a manifest names exists, is readable audio, and has the sample rate and
 * length the manifest records.
 *
 * @module
 */

import { probe } from "../audio/probe.ts";
import { displayAs } from "../notebook/display_as.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import { MANIFEST_PATH_KEYS, readUtteranceManifest } from "./manifest.ts";
import { verifyManifestView } from "./verify_manifest_view.ts";

/** What was wrong with one file. */
export type VerifyProblem = "missing" | "unreadable" | "wrong_rate" | "wrong_length";

/** The check of one file. */
export interface VerifyReport {
  /** The utterance. */
  utt_id: string;
  /** Which row key named the file (`path`, `clean_path`, `noise_path`). */
  column: string;
  /** The file (absolute). */
  file: string;
  /** True when nothing is wrong. */
  ok: boolean;
  /** The problem, or null. */
  problem: VerifyProblem | null;
  /** One sentence saying what is wrong (null when ok). */
  detail: string | null;
  /** Sample rate found, when readable. */
  sample_rate: number | null;
  /** Frames found, when readable. */
  frames: number | null;
}

/** Counts over a verify run. */
export interface VerifySummary {
  /** Files checked. */
  files: number;
  /** Files without problem. */
  ok: number;
  /** Files per problem. */
  missing: number;
  /** Files that exist but cannot be read as audio. */
  unreadable: number;
  /** Files whose sample rate differs from the row's `sr`. */
  wrong_rate: number;
  /** Files whose length differs from `duration_sec` by more than one frame. */
  wrong_length: number;
}

/** Options of {@linkcode verifyRows} and {@linkcode verifyManifest}. */
export interface VerifyOptions {
  /** Row keys whose files are checked (default `path`, `clean_path`, `noise_path` when set). */
  columns?: readonly string[];
  /** Called with each report as soon as it is made (e.g. to print it). */
  onReport?: (report: VerifyReport) => void;
}

/** Reports and summary of a verify run. */
export interface VerifyResult {
  /** One report per file, in row order then column order. */
  reports: VerifyReport[];
  /** Counts. */
  summary: VerifySummary;
}

async function checkFile(
  row: UtteranceRow,
  column: string,
  file: string,
): Promise<VerifyReport> {
  const base = { utt_id: row.utt_id, column, file, sample_rate: null, frames: null };
  try {
    const st = await Deno.stat(file);
    if (!st.isFile) {
      return { ...base, ok: false, problem: "missing", detail: `"${file}" is not a file` };
    }
  } catch {
    return { ...base, ok: false, problem: "missing", detail: `"${file}" does not exist` };
  }
  let info;
  try {
    info = await probe(file);
  } catch (err) {
    return { ...base, ok: false, problem: "unreadable", detail: (err as Error).message };
  }
  const found = { ...base, sample_rate: info.sampleRate, frames: info.frames };
  if (info.sampleRate !== row.sr) {
    return {
      ...found,
      ok: false,
      problem: "wrong_rate",
      detail: `"${file}" is at ${info.sampleRate} Hz, the manifest says ${row.sr} Hz`,
    };
  }
  const expected = row.duration_sec * row.sr;
  if (Math.abs(info.frames - expected) > 1 + 1e-6) {
    return {
      ...found,
      ok: false,
      problem: "wrong_length",
      detail: `"${file}" holds ${info.frames} frames (${
        (info.frames / info.sampleRate).toFixed(4)
      } s), the manifest says ${row.duration_sec} s (${Math.round(expected * 1000) / 1000} frames)`,
    };
  }
  return { ...found, ok: true, problem: null, detail: null };
}

/**
 * Verify the files of manifest rows (paths already absolute). Every file is checked; a bad one
 * gets a report and the batch goes on. The length check allows one frame either way.
 *
 * @param rows Manifest rows.
 * @param options Columns to check, report callback.
 * @returns Reports and summary.
 *
 * @example
 * ```ts
 * import { verifyRows } from "./verify.ts";
 * const { summary, reports } = await verifyRows([{
 *   utt_id: "u", path: "/nonexistent/u.wav", duration_sec: 1, sr: 16000, language: "en",
 *   distortion: "clean", split: "test",
 * }]);
 * console.log(summary.missing, reports[0].detail); // 1 "/nonexistent/u.wav" does not exist
 * ```
 */
export async function verifyRows(
  rows: readonly UtteranceRow[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const columns = options.columns ?? MANIFEST_PATH_KEYS;
  const reports: VerifyReport[] = [];
  const summary: VerifySummary = {
    files: 0,
    ok: 0,
    missing: 0,
    unreadable: 0,
    wrong_rate: 0,
    wrong_length: 0,
  };
  for (const row of rows) {
    for (const column of columns) {
      const file = (row as Record<string, unknown>)[column];
      if (typeof file !== "string" || file === "") continue;
      const report = await checkFile(row, column, file);
      reports.push(report);
      summary.files++;
      if (report.problem === null) summary.ok++;
      else summary[report.problem]++;
      options.onReport?.(report);
    }
  }
  return displayAs({ reports, summary }, (r) => verifyManifestView(r));
}

/**
 * Verify every file a JSONL manifest names (relative paths resolved against its folder).
 *
 * @param path The manifest.
 * @param options Columns to check, report callback.
 * @returns Reports and summary.
 * @throws {TableFileError} When the manifest itself cannot be read.
 *
 * @example
 * ```ts
 * import { encodeWav } from "../audio/wav_writer.ts";
 * import { verifyManifest } from "./verify.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/a.wav`, encodeWav({ sampleRate: 8000, channels: [new Float32Array(8000)] }));
 * await Deno.writeTextFile(`${dir}/m.jsonl`, '{"utt_id":"a","path":"a.wav","duration_sec":1,"sr":16000,"language":"en","distortion":"clean","split":"train"}\n');
 * const { summary } = await verifyManifest(`${dir}/m.jsonl`);
 * console.log(summary.wrong_rate, summary.ok); // 1 0
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function verifyManifest(
  path: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const result = await verifyRows(await readUtteranceManifest(path), options);
  return displayAs(result, (r) => verifyManifestView(r, { manifest: path }));
}

/**
 * One line summing a verify run up.
 *
 * @param summary The counts.
 * @returns E.g. `12 files: 10 ok, 1 missing, 0 unreadable, 1 wrong rate, 0 wrong length`.
 *
 * @example
 * ```ts
 * import { formatVerifySummary } from "./verify.ts";
 * console.log(formatVerifySummary({ files: 2, ok: 2, missing: 0, unreadable: 0, wrong_rate: 0, wrong_length: 0 }));
 * // 2 files: 2 ok, 0 missing, 0 unreadable, 0 wrong rate, 0 wrong length
 * ```
 */
export function formatVerifySummary(summary: VerifySummary): string {
  return `${summary.files} files: ${summary.ok} ok, ${summary.missing} missing, ` +
    `${summary.unreadable} unreadable, ${summary.wrong_rate} wrong rate, ` +
    `${summary.wrong_length} wrong length`;
}
