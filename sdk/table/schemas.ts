/**
 * The zod schemas, TypeScript types and column orders of every public table (see "Tables" in
 * the design): catalog, utterance manifest, scores (+ its Arrow column types), selection, chunk
 * plan and chunk manifest. Row schemas take typed values; for CSV files pass them to `readCsv`,
 * which coerces the strings first (an empty field is null in a nullable column).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { inferTableSpec, type TableSpec } from "./arrow.ts";

/**
 * A dataset-relative POSIX path: not absolute, no backslash, no `..` segment.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const RelativePosixPathSchema = z.string().min(1).refine(
  (p) => !p.startsWith("/") && !p.includes("\\") && !p.split("/").includes(".."),
  { message: "expected a dataset-relative POSIX path (no leading /, no \\, no ..)" },
);

// ---------------------------------------------------------------------------------------------
// Catalog

/** Column order of the catalog (discover), defined in the zod-free `columns.ts`. */
export { CATALOG_COLUMNS } from "./columns.ts";

/**
 * One catalog row. Ids are `audio_0000`, `audio_0001`, ... in sorted relative-path order. A file
 * that could not be read has an `error` and nulls where its header facts would be.
 *
 * @example
 * ```ts
 * import { CatalogRowSchema } from "./schemas.ts";
 * const row = CatalogRowSchema.parse({
 *   id: "audio_0000", rel_path: "a/b.wav", duration_sec: 1.5, sample_rate: 16000, channels: 1,
 *   file_size_mb: 0.05, format: "wav", bits_per_sample: 16, frames: 24000, error: null,
 * });
 * console.log(row.error === null, row.frames); // true 24000
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CatalogRowSchema = z.object({
  /** `audio_` and at least four digits. */
  id: z.string().regex(/^audio_\d{4,}$/, { message: "expected an id like audio_0000" }),
  /** Path relative to the catalog root, POSIX separators. */
  rel_path: RelativePosixPathSchema,
  /** Duration in seconds; null when unreadable. */
  duration_sec: z.number().nonnegative().nullable(),
  /** Samples per second; null when unreadable. */
  sample_rate: z.int().positive().nullable(),
  /** Channel count; null when unreadable. */
  channels: z.int().positive().nullable(),
  /** File size in MiB (bytes / 2^20). */
  file_size_mb: z.number().nonnegative(),
  /** Container format (`wav`, `flac`, ...); null when unknown. */
  format: z.string().nullable(),
  /** Bits per sample (0 for MP3); null when unreadable. */
  bits_per_sample: z.int().nonnegative().nullable(),
  /** Frames (samples per channel); null when unreadable. */
  frames: z.int().nonnegative().nullable(),
  /** Why the file could not be read; null when it could. */
  error: z.string().nullable(),
});

// The row types are declared by hand (so `deno doc` shows their fields) and pinned to their
// schemas with SameType. Rows of a closed schema are object-literal types, not interfaces, so
// that they stay assignable to `Record<string, unknown>` (CSV and table writers take that);
// rows of a loose schema are their declared columns (an interface) & Record<string, unknown>.

/**
 * One catalog row (see {@linkcode CatalogRowSchema}). Ids are `audio_0000`, `audio_0001`, ... in
 * sorted relative-path order. A file that could not be read has an `error` and nulls where its
 * header facts would be.
 */
export type CatalogRow = {
  /** `audio_` and at least four digits. */
  id: string;
  /** Path relative to the catalog root, POSIX separators. */
  rel_path: string;
  /** Duration in seconds; null when unreadable. */
  duration_sec: number | null;
  /** Samples per second; null when unreadable. */
  sample_rate: number | null;
  /** Channel count; null when unreadable. */
  channels: number | null;
  /** File size in MiB (bytes / 2^20). */
  file_size_mb: number;
  /** Container format (`wav`, `flac`, ...); null when unknown. */
  format: string | null;
  /** Bits per sample (0 for MP3); null when unreadable. */
  bits_per_sample: number | null;
  /** Frames (samples per channel); null when unreadable. */
  frames: number | null;
  /** Why the file could not be read; null when it could. */
  error: string | null;
};
const _catalogRow: SameType<CatalogRow, z.output<typeof CatalogRowSchema>> = true;

// ---------------------------------------------------------------------------------------------
// Utterance manifest

/** Required columns of the utterance manifest, in order. */
export const UTTERANCE_COLUMNS = [
  "utt_id",
  "path",
  "duration_sec",
  "sr",
  "language",
  "distortion",
  "split",
] as const;

/** Optional columns of the utterance manifest, in order (after the required ones). */
export const UTTERANCE_OPTIONAL_COLUMNS = [
  "corpus",
  "speaker",
  "clean_path",
  "snr_db",
  "rir",
  "augmentation",
  "licence",
] as const;

/**
 * One utterance manifest row (one JSON object a line). Optional fields may be absent or null;
 * other keys are kept as they are.
 *
 * @example
 * ```ts
 * import { UtteranceRowSchema } from "./schemas.ts";
 * const row = UtteranceRowSchema.parse({
 *   utt_id: "u1", path: "wav/u1.wav", duration_sec: 2, sr: 16000, language: "en",
 *   distortion: "noise", split: "train", snr_db: 5, text: "kept as an extra",
 * });
 * console.log(row.snr_db, row.text); // 5 kept as an extra
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const UtteranceRowSchema = z.looseObject({
  /** Unique utterance id. */
  utt_id: z.string().min(1),
  /** Audio path (relative to the manifest's dataset root, or absolute). */
  path: z.string().min(1),
  /** Duration in seconds. */
  duration_sec: z.number().nonnegative(),
  /** Sample rate in Hz. */
  sr: z.int().positive(),
  /** Language code, e.g. `en`. */
  language: z.string(),
  /** Distortion label, e.g. `noise`, `reverb`, `clean`. */
  distortion: z.string(),
  /** Split name, e.g. `train`, `valid`, `test`. */
  split: z.string(),
  /** Source corpus. */
  corpus: z.string().nullish(),
  /** Speaker id. */
  speaker: z.string().nullish(),
  /** Clean reference path, for simulated data. */
  clean_path: z.string().nullish(),
  /** Signal-to-noise ratio of the simulation, dB. */
  snr_db: z.number().nullish(),
  /** Room impulse response used, if any. */
  rir: z.string().nullish(),
  /** Augmentation description. */
  augmentation: z.string().nullish(),
  /** Licence of the source audio. */
  licence: z.string().nullish(),
});

/**
 * The declared columns of {@linkcode UtteranceRow}: the required ones, then the optional
 * ones (absent or null when unknown).
 */
export interface UtteranceRowColumns {
  /** Unique utterance id. */
  utt_id: string;
  /** Audio path (relative to the manifest's dataset root, or absolute). */
  path: string;
  /** Duration in seconds. */
  duration_sec: number;
  /** Sample rate in Hz. */
  sr: number;
  /** Language code, e.g. `en`. */
  language: string;
  /** Distortion label, e.g. `noise`, `reverb`, `clean`. */
  distortion: string;
  /** Split name, e.g. `train`, `valid`, `test`. */
  split: string;
  /** Source corpus. */
  corpus?: string | null;
  /** Speaker id. */
  speaker?: string | null;
  /** Clean reference path, for simulated data. */
  clean_path?: string | null;
  /** Signal-to-noise ratio of the simulation, dB. */
  snr_db?: number | null;
  /** Room impulse response used, if any. */
  rir?: string | null;
  /** Augmentation description. */
  augmentation?: string | null;
  /** Licence of the source audio. */
  licence?: string | null;
}

/**
 * One utterance manifest row (see {@linkcode UtteranceRowSchema}). Optional fields may be absent
 * or null; other keys are kept as they are.
 */
export type UtteranceRow = UtteranceRowColumns & Record<string, unknown>;
const _utteranceRow: SameType<UtteranceRow, z.output<typeof UtteranceRowSchema>> = true;

// ---------------------------------------------------------------------------------------------
// Scores

/** Required columns of the scores table, in order. */
export const SCORES_COLUMNS = [
  "utt_id",
  "path",
  "duration_sec",
  "sr",
  "language",
  "distortion",
  "loss_proxy",
  "ssl_embed",
] as const;

/** Optional metric columns of the scores table, in order (after the required ones). */
export const SCORES_METRIC_COLUMNS = [
  "mos_ovrl",
  "mos_sig",
  "mos_bak",
  "mos_p808",
  "speech_ratio",
  "snr_est_db",
  "clip_ratio",
  "bandwidth_hz",
  "lufs",
  "si_sdr",
  "stoi",
  "estoi",
] as const;

/**
 * Arrow/Parquet column types of the required scores columns, exactly as the design fixes them:
 * `utt_id:str, path:str, duration_sec:float64, sr:int32, language:str?, distortion:str?,
 * loss_proxy:float32, ssl_embed:list<float32>`.
 *
 * @example
 * ```ts
 * import { SCORES_ARROW_SCHEMA } from "./schemas.ts";
 * console.log(SCORES_ARROW_SCHEMA.ssl_embed); // list<float32>
 * ```
 */
export const SCORES_ARROW_SCHEMA: Readonly<
  Record<
    (typeof SCORES_COLUMNS)[number],
    "utf8" | "utf8?" | "float64" | "int32" | "float32" | "list<float32>"
  >
> = Object.freeze({
  utt_id: "utf8",
  path: "utf8",
  duration_sec: "float64",
  sr: "int32",
  language: "utf8?",
  distortion: "utf8?",
  loss_proxy: "float32",
  ssl_embed: "list<float32>",
});

/**
 * Arrow/Parquet column types of the optional metric columns: all nullable float64 (a scorer
 * that fails on one file leaves a null).
 *
 * @example
 * ```ts
 * import { SCORES_METRIC_ARROW_SCHEMA } from "./schemas.ts";
 * console.log(SCORES_METRIC_ARROW_SCHEMA.mos_ovrl); // float64?
 * ```
 */
export const SCORES_METRIC_ARROW_SCHEMA: Readonly<
  Record<(typeof SCORES_METRIC_COLUMNS)[number], "float64?">
> = Object.freeze(
  Object.fromEntries(SCORES_METRIC_COLUMNS.map((c) => [c, "float64?"])) as Record<
    (typeof SCORES_METRIC_COLUMNS)[number],
    "float64?"
  >,
);

const optionalMetric = z.number().nullish();

/**
 * One scores row. Metric columns may be absent or null; other keys (more scorers' outputs) are
 * kept as they are.
 *
 * @example
 * ```ts
 * import { ScoresRowSchema } from "./schemas.ts";
 * const row = ScoresRowSchema.parse({
 *   utt_id: "u1", path: "wav/u1.wav", duration_sec: 2, sr: 16000, language: null,
 *   loss_proxy: 0.7, ssl_embed: [0.1, 0.2], mos_ovrl: 3.1, my_metric: 42,
 * });
 * console.log(row.mos_ovrl, row.my_metric); // 3.1 42
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ScoresRowSchema = z.looseObject({
  /** Utterance id (from the manifest). */
  utt_id: z.string().min(1),
  /** Audio path. */
  path: z.string().min(1),
  /** Duration in seconds. */
  duration_sec: z.number().nonnegative(),
  /** Sample rate in Hz. */
  sr: z.int().positive(),
  /** Language code, when known. */
  language: z.string().nullish(),
  /** Distortion label, when known. */
  distortion: z.string().nullish(),
  /** The selection loss proxy. */
  loss_proxy: z.number(),
  /** SSL embedding (float32 values). */
  ssl_embed: z.array(z.number()),
  /** DNSMOS overall. */
  mos_ovrl: optionalMetric,
  /** DNSMOS signal. */
  mos_sig: optionalMetric,
  /** DNSMOS background. */
  mos_bak: optionalMetric,
  /** DNSMOS P.808. */
  mos_p808: optionalMetric,
  /** Fraction of frames with speech (VAD). */
  speech_ratio: optionalMetric,
  /** Estimated SNR, dB. */
  snr_est_db: optionalMetric,
  /** Fraction of clipped samples. */
  clip_ratio: optionalMetric,
  /** Effective bandwidth, Hz. */
  bandwidth_hz: optionalMetric,
  /** Integrated loudness, LUFS. */
  lufs: optionalMetric,
  /** SI-SDR against the clean reference, dB. */
  si_sdr: optionalMetric,
  /** STOI against the clean reference. */
  stoi: optionalMetric,
  /** ESTOI against the clean reference. */
  estoi: optionalMetric,
});

/**
 * The declared columns of {@linkcode ScoresRow}: the required ones, then the metric columns
 * (absent or null when a scorer did not run or failed on the file).
 */
export interface ScoresRowColumns {
  /** Utterance id (from the manifest). */
  utt_id: string;
  /** Audio path. */
  path: string;
  /** Duration in seconds. */
  duration_sec: number;
  /** Sample rate in Hz. */
  sr: number;
  /** Language code, when known. */
  language?: string | null;
  /** Distortion label, when known. */
  distortion?: string | null;
  /** The selection loss proxy. */
  loss_proxy: number;
  /** SSL embedding (float32 values). */
  ssl_embed: number[];
  /** DNSMOS overall. */
  mos_ovrl?: number | null;
  /** DNSMOS signal. */
  mos_sig?: number | null;
  /** DNSMOS background. */
  mos_bak?: number | null;
  /** DNSMOS P.808. */
  mos_p808?: number | null;
  /** Fraction of frames with speech (VAD). */
  speech_ratio?: number | null;
  /** Estimated SNR, dB. */
  snr_est_db?: number | null;
  /** Fraction of clipped samples. */
  clip_ratio?: number | null;
  /** Effective bandwidth, Hz. */
  bandwidth_hz?: number | null;
  /** Integrated loudness, LUFS. */
  lufs?: number | null;
  /** SI-SDR against the clean reference, dB. */
  si_sdr?: number | null;
  /** STOI against the clean reference. */
  stoi?: number | null;
  /** ESTOI against the clean reference. */
  estoi?: number | null;
}

/**
 * One scores row (see {@linkcode ScoresRowSchema}). Metric columns may be absent or null; other
 * keys (more scorers' outputs) are kept as they are.
 */
export type ScoresRow = ScoresRowColumns & Record<string, unknown>;
const _scoresRow: SameType<ScoresRow, z.output<typeof ScoresRowSchema>> = true;

/**
 * The Arrow column types of a scores table holding these rows: the required columns
 * ({@linkcode SCORES_ARROW_SCHEMA}), then the metric columns present in any row (nullable
 * float64), then extra columns in order of first appearance with guessed types (see
 * `inferTableSpec`).
 *
 * @param rows The scores rows.
 * @returns The table spec to pass to `tableFromRows` or `writeParquet`.
 *
 * @example
 * ```ts
 * import { scoresArrowSchema } from "./schemas.ts";
 * const spec = scoresArrowSchema([{
 *   utt_id: "u", path: "p", duration_sec: 1, sr: 16000, loss_proxy: 0, ssl_embed: [0],
 *   mos_ovrl: 3, vad_frames: 12,
 * }]);
 * console.log(Object.entries(spec).slice(-2)); // [ [ "mos_ovrl", "float64?" ], [ "vad_frames", "int32" ] ]
 * ```
 */
export function scoresArrowSchema(rows: readonly Record<string, unknown>[]): TableSpec {
  const present = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) present.add(k);
  const spec: Record<string, string> = { ...SCORES_ARROW_SCHEMA };
  for (const c of SCORES_METRIC_COLUMNS) {
    if (present.has(c)) spec[c] = SCORES_METRIC_ARROW_SCHEMA[c];
  }
  const extras = [...present].filter((k) => !(k in spec));
  if (extras.length > 0) {
    const guessed = inferTableSpec(rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const k of extras) if (k in r) o[k] = r[k];
      return o;
    }));
    for (const k of extras) spec[k] = guessed[k];
  }
  return spec as TableSpec;
}

// ---------------------------------------------------------------------------------------------
// Selection

/** Columns of a selection CSV, in order; only `utt_id` is required. */
export const SELECTION_COLUMNS = [
  "utt_id",
  "group",
  "loss",
  "tail",
  "rank",
  "nearest_cosine",
] as const;

/**
 * One selection row (`*.csv`); other columns are kept as they are.
 *
 * @example
 * ```ts
 * import { SelectionRowSchema } from "./schemas.ts";
 * console.log(SelectionRowSchema.parse({ utt_id: "u1", rank: 3, tail: true })); // { utt_id: "u1", tail: true, rank: 3 }
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const SelectionRowSchema = z.looseObject({
  /** Selected utterance id. */
  utt_id: z.string().min(1),
  /** Quota group the utterance counts toward. */
  group: z.string().nullish(),
  /** Loss proxy value used to select. */
  loss: z.number().nullish(),
  /** Whether the utterance is in the selected loss tail. */
  tail: z.boolean().nullish(),
  /** 1-based rank in selection order. */
  rank: z.int().positive().nullish(),
  /** Cosine similarity to the nearest already-selected embedding. */
  nearest_cosine: z.number().nullish(),
});

/**
 * The declared columns of {@linkcode SelectionRow}: only `utt_id` is required; the others
 * are absent or null when the selector does not write them.
 */
export interface SelectionRowColumns {
  /** Selected utterance id. */
  utt_id: string;
  /** Quota group the utterance counts toward. */
  group?: string | null;
  /** Loss proxy value used to select. */
  loss?: number | null;
  /** Whether the utterance is in the selected loss tail. */
  tail?: boolean | null;
  /** 1-based rank in selection order. */
  rank?: number | null;
  /** Cosine similarity to the nearest already-selected embedding. */
  nearest_cosine?: number | null;
}

/**
 * One selection row (see {@linkcode SelectionRowSchema}); only `utt_id` is required, other
 * columns are kept as they are.
 */
export type SelectionRow = SelectionRowColumns & Record<string, unknown>;
const _selectionRow: SameType<SelectionRow, z.output<typeof SelectionRowSchema>> = true;

// ---------------------------------------------------------------------------------------------
// Chunk plan and chunk manifest

/** Columns of a chunk plan, in order: the six the roadmap names, then the probe facts. */
export const CHUNK_PLAN_COLUMNS = [
  "recording_id",
  "audio_path",
  "manifest_path",
  "chunk_output_dir",
  "chunk_duration",
  "overlap",
  "sample_rate",
  "channels",
  "frames",
  "n_chunks",
  "status",
  "error",
] as const;

/**
 * One chunk plan row (one recording). Paths are dataset-relative POSIX paths; probe facts are
 * null for a recording that could not be read.
 *
 * @example
 * ```ts
 * import { ChunkPlanRowSchema } from "./schemas.ts";
 * const r = ChunkPlanRowSchema.safeParse({
 *   recording_id: "r1", audio_path: "/abs/a.wav", manifest_path: "m/r1.csv", chunk_output_dir: "c/r1",
 *   chunk_duration: 60, overlap: 0, sample_rate: 48000, channels: 1, frames: 480000, n_chunks: 1,
 *   status: "pending", error: null,
 * });
 * console.log(r.success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkPlanRowSchema = z.object({
  /** Recording id (unique in the plan). */
  recording_id: z.string().min(1),
  /** Audio file, dataset-relative. */
  audio_path: RelativePosixPathSchema,
  /** Chunk manifest to write, dataset-relative. */
  manifest_path: RelativePosixPathSchema,
  /** Folder for the chunks, dataset-relative. */
  chunk_output_dir: RelativePosixPathSchema,
  /** Chunk length in seconds. */
  chunk_duration: z.number().positive(),
  /** Overlap between consecutive chunks in seconds. */
  overlap: z.number().nonnegative(),
  /** Samples per second; null when unreadable. */
  sample_rate: z.int().positive().nullable(),
  /** Channel count; null when unreadable. */
  channels: z.int().positive().nullable(),
  /** Frames; null when unreadable. */
  frames: z.int().nonnegative().nullable(),
  /** Number of chunks planned. */
  n_chunks: z.int().nonnegative(),
  /** Plan status: `pending`, `resume`, `retry`, `stale`, `rerun` or `error`. */
  status: z.string().min(1),
  /** Why the recording cannot be chunked (status `error`), else null. */
  error: z.string().nullable(),
});

/**
 * One chunk plan row (one recording; see {@linkcode ChunkPlanRowSchema}). Paths are
 * dataset-relative POSIX paths; probe facts are null for a recording that could not be read.
 */
export type ChunkPlanRow = {
  /** Recording id (unique in the plan). */
  recording_id: string;
  /** Audio file, dataset-relative. */
  audio_path: string;
  /** Chunk manifest to write, dataset-relative. */
  manifest_path: string;
  /** Folder for the chunks, dataset-relative. */
  chunk_output_dir: string;
  /** Chunk length in seconds. */
  chunk_duration: number;
  /** Overlap between consecutive chunks in seconds. */
  overlap: number;
  /** Samples per second; null when unreadable. */
  sample_rate: number | null;
  /** Channel count; null when unreadable. */
  channels: number | null;
  /** Frames; null when unreadable. */
  frames: number | null;
  /** Number of chunks planned. */
  n_chunks: number;
  /** Plan status: `pending`, `resume`, `retry`, `stale`, `rerun` or `error`. */
  status: string;
  /** Why the recording cannot be chunked (status `error`), else null. */
  error: string | null;
};
const _chunkPlanRow: SameType<ChunkPlanRow, z.output<typeof ChunkPlanRowSchema>> = true;

/** Columns of a chunk manifest, in order: the eight existing tools read, then frame facts. */
export const CHUNK_MANIFEST_COLUMNS = [
  "recording_id",
  "chunk_id",
  "source_path",
  "start_ms",
  "end_ms",
  "overlap_ms",
  "sha256",
  "notes",
  "start_frame",
  "end_frame",
  "sample_rate",
] as const;

/**
 * One chunk manifest row (one chunk of a recording); `end_ms >= start_ms` and
 * `end_frame >= start_frame`.
 *
 * @example
 * ```ts
 * import { ChunkManifestRowSchema } from "./schemas.ts";
 * const row = ChunkManifestRowSchema.parse({
 *   recording_id: "r1", chunk_id: "r1_0000", source_path: "rec/r1.wav", start_ms: 0, end_ms: 60000,
 *   overlap_ms: 0, sha256: "0".repeat(64), notes: "", start_frame: 0, end_frame: 2880000,
 *   sample_rate: 48000,
 * });
 * console.log(row.end_frame / row.sample_rate); // 60
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkManifestRowSchema = z.object({
  /** Recording id (as in the plan). */
  recording_id: z.string().min(1),
  /** Chunk id, unique in the recording. */
  chunk_id: z.string().min(1),
  /** Recording the chunk was cut from. */
  source_path: z.string().min(1),
  /** Chunk start, ms. */
  start_ms: z.number().nonnegative(),
  /** Chunk end, ms. */
  end_ms: z.number().nonnegative(),
  /** Overlap with the previous chunk, ms. */
  overlap_ms: z.number().nonnegative(),
  /** Lower-case hex sha256 of the chunk file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "expected 64 lower-case hex digits" }),
  /** Free notes (may be empty). */
  notes: z.string(),
  /** First frame (inclusive). */
  start_frame: z.int().nonnegative(),
  /** End frame (exclusive). */
  end_frame: z.int().nonnegative(),
  /** Samples per second. */
  sample_rate: z.int().positive(),
}).refine((r) => r.end_ms >= r.start_ms, {
  message: "end_ms is before start_ms",
  path: ["end_ms"],
}).refine((r) => r.end_frame >= r.start_frame, {
  message: "end_frame is before start_frame",
  path: ["end_frame"],
});

/**
 * One chunk manifest row (one chunk of a recording; see {@linkcode ChunkManifestRowSchema});
 * `end_ms >= start_ms` and `end_frame >= start_frame`.
 */
export type ChunkManifestRow = {
  /** Recording id (as in the plan). */
  recording_id: string;
  /** Chunk id, unique in the recording. */
  chunk_id: string;
  /** Recording the chunk was cut from. */
  source_path: string;
  /** Chunk start, ms. */
  start_ms: number;
  /** Chunk end, ms. */
  end_ms: number;
  /** Overlap with the previous chunk, ms. */
  overlap_ms: number;
  /** Lower-case hex sha256 of the chunk file. */
  sha256: string;
  /** Free notes (may be empty). */
  notes: string;
  /** First frame (inclusive). */
  start_frame: number;
  /** End frame (exclusive). */
  end_frame: number;
  /** Samples per second. */
  sample_rate: number;
};
const _chunkManifestRow: SameType<ChunkManifestRow, z.output<typeof ChunkManifestRowSchema>> = true;
