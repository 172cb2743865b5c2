/**
 * `curateTextures`: grade and score every output file of a project (clouds included), write a
 * manifest CSV of features, grade and score per file, and copy the best of each category.
 *
 * @module
 */

import { relative, resolve } from "node:path";
import { decode } from "../../audio/decode.ts";
import { findAudioFiles } from "../../discover/find_audio_files.ts";
import { errorSentence, UsageError } from "../../log/errors.ts";
import { displayAs } from "../../notebook/display_as.ts";
import { stringifyCsv } from "../../table/csv.ts";
import { writeBytes, type WriteStatus } from "../batch/write_item.ts";
import type { TexturesConfig } from "../config/textures_config.ts";
import type { TextureCategory } from "../types.ts";
import { categoryOf, isLoopFile } from "./category_of.ts";
import { curateTexturesView } from "./curate_textures_view.ts";
import { gradeItem, scoreItem } from "./grade_item.ts";
import { type ItemFeatures, itemFeatures } from "./item_features.ts";

/** Options of {@linkcode curateTextures}. */
export interface CurateTexturesOptions {
  /** The folder to curate, e.g. `export/<project>` (`--input_root`). */
  inputRoot: string;
  /** Where the manifest and the best-of copies go (`--output_root`). */
  outputRoot: string;
  /** The configuration (`curation` section). */
  config: TexturesConfig;
  /** Replace existing outputs with different content (`--force`); default keep them. */
  force?: boolean;
}

/** One manifest row. */
export interface CurationRow extends ItemFeatures {
  /** Path relative to the input root (POSIX). */
  rel_path: string;
  /** First folder of the path when the file sits in `<source>/<category>/`, else empty. */
  source: string;
  /** Category, or empty when unknown. */
  category: TextureCategory | "";
  /** A, B or F (E: the file could not be read). */
  grade: "A" | "B" | "F" | "E";
  /** Why not A. */
  grade_reasons: string;
  /** Category score (higher is better). */
  score: number;
  /** Rank within the category by score (1 = best). */
  rank: number;
  /** Copied into the best-of folder. */
  selected: boolean;
  /** Path of the copy relative to the output root, or empty. */
  copy_path: string;
}

/** What {@linkcode curateTextures} returns. */
export interface CurateTexturesResult {
  /** Manifest rows, sorted by category, rank, path. */
  rows: CurationRow[];
  /** The manifest's path. */
  manifestPath: string;
  /** Files per grade. */
  grades: Record<"A" | "B" | "F" | "E", number>;
  /** Best-of copies per category. */
  copies: Record<string, number>;
  /** Write outcomes (copies and manifest). */
  writes: Record<WriteStatus, number>;
}

const EMPTY_FEATURES: ItemFeatures = {
  duration_sec: 0,
  channels: 0,
  sample_rate: 0,
  peak_dbfs: -Infinity,
  rms_dbfs: -Infinity,
  crest: 0,
  crest_db: 0,
  flatness: 0,
  centroid_hz: 0,
  clip_runs: 0,
  lufs: null,
  short_rms_max_db: -Infinity,
  rms_var: 0,
  loop: false,
  seam_step: null,
  seam_dip_db: null,
};

/** Manifest columns in order. */
export const CURATION_COLUMNS: readonly string[] = [
  "rel_path",
  "source",
  "category",
  "grade",
  "score",
  "rank",
  "selected",
  "copy_path",
  "grade_reasons",
  ...Object.keys(EMPTY_FEATURES),
];

/**
 * Curate a folder of mined textures. Every `.wav` under `inputRoot` (sorted; the output root
 * is skipped when it lies inside) is decoded, measured ({@linkcode itemFeatures}), graded
 * ({@linkcode gradeItem}) and scored per category ({@linkcode scoreItem}). The top
 * `curation.top_n` of each category (grade F left out when `exclude_grade_f`) are copied to
 * `outputRoot/<category>/`, named `<source>__<file>` when the source folder is known. The
 * manifest `outputRoot/manifest.csv` lists every file with its features, grade, score, rank
 * and copy. Sources are never changed or deleted; existing outputs are kept unless `force`.
 *
 * @param options Roots, configuration and force.
 * @returns Rows, grade counts, copies and write outcomes.
 * @throws {UsageError} When the input root does not exist or is the output root.
 *
 * @example
 * ```ts
 * import { curateTextures } from "./curate_textures.ts";
 * import { TexturesConfigSchema } from "../config/textures_config.ts";
 * import { writeWav } from "../../audio/wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const x = Float32Array.from({ length: 8000 }, (_, i) => 0.5 * Math.sin(i / 5) * Math.exp(-i / 800));
 * await Deno.mkdir(`${dir}/in/song/drums`, { recursive: true });
 * await writeWav(`${dir}/in/song/drums/song_drum_001.wav`, { sampleRate: 44100, channels: [x] });
 * const r = await curateTextures({ inputRoot: `${dir}/in`, outputRoot: `${dir}/best`,
 *   config: TexturesConfigSchema.parse({}) });
 * console.log(r.rows[0].category, r.rows[0].grade, r.rows[0].copy_path); // drums A drums/song__song_drum_001.wav
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function curateTextures(
  options: CurateTexturesOptions,
): Promise<CurateTexturesResult> {
  const { config } = options;
  const cur = config.curation;
  const t = cur.thresholds;
  try {
    await Deno.stat(options.inputRoot);
  } catch {
    throw new UsageError(`Input root "${options.inputRoot}" does not exist`);
  }
  const outRel = relative(resolve(options.inputRoot), resolve(options.outputRoot));
  if (outRel === "") {
    throw new UsageError(
      `Output root "${options.outputRoot}" is the input root; give a separate folder`,
    );
  }
  const inside = outRel !== "" && !outRel.startsWith("..")
    ? `${outRel.split("\\").join("/")}/`
    : null;
  const found = findAudioFiles(options.inputRoot, { extensions: [".wav"], skip_dirs: [] });
  const files = found.files.filter((f) => !(inside && f.startsWith(inside)));
  const base = options.inputRoot.replace(/\/+$/, "") || "/";
  const rows: CurationRow[] = [];
  for (const rel of files) {
    const parts = rel.split("/");
    const category = categoryOf(rel);
    const source = parts.length >= 3 ? parts[parts.length - 3] : "";
    const row: CurationRow = {
      rel_path: rel,
      source,
      category: category ?? "",
      grade: "E",
      grade_reasons: "",
      score: -Infinity,
      rank: 0,
      selected: false,
      copy_path: "",
      ...EMPTY_FEATURES,
    };
    try {
      const audio = await decode(`${base}/${rel}`);
      const f = itemFeatures(audio, {
        clippingTolerance: t.clipping_tolerance,
        minClipRun: t.min_clip_run,
        minLufsDurationSec: cur.min_lufs_duration_sec,
        loop: isLoopFile(category, parts.at(-1)!),
      });
      const g = gradeItem(f, t);
      Object.assign(row, f, { grade: g.grade, grade_reasons: g.reasons });
      row.score = scoreItem(category, f);
    } catch (err) {
      row.grade_reasons = errorSentence(err);
    }
    rows.push(row);
  }
  const byCat = new Map<string, CurationRow[]>();
  for (const r of rows) {
    const list = byCat.get(r.category) ?? [];
    list.push(r);
    byCat.set(r.category, list);
  }
  const writes: Record<WriteStatus, number> = { created: 0, unchanged: 0, replaced: 0, kept: 0 };
  const copies: Record<string, number> = {};
  const cats = [...byCat.keys()].sort();
  for (const cat of cats) {
    const list = byCat.get(cat)!;
    list.sort((a, b) =>
      b.score - a.score || (a.rel_path < b.rel_path ? -1 : a.rel_path > b.rel_path ? 1 : 0)
    );
    list.forEach((r, i) => (r.rank = i + 1));
    if (!cat) continue;
    let n = 0;
    for (const r of list) {
      if (n >= cur.top_n) break;
      if (r.grade === "E" || (cur.exclude_grade_f && r.grade === "F")) continue;
      const name = r.rel_path.split("/").at(-1)!;
      r.copy_path = `${cat}/${r.source ? `${r.source}__` : ""}${name}`;
      r.selected = true;
      const bytes = await Deno.readFile(`${base}/${r.rel_path}`);
      writes[await writeBytes(options.outputRoot, r.copy_path, bytes, { force: options.force })]++;
      n++;
    }
    copies[cat] = n;
  }
  const ordered = cats.flatMap((c) => byCat.get(c)!);
  const manifestPath = `${options.outputRoot.replace(/\/+$/, "")}/manifest.csv`;
  const text = stringifyCsv(
    ordered.map((r) => ({ ...r, score: Number.isFinite(r.score) ? r.score : null })),
    { columns: CURATION_COLUMNS },
  );
  writes[
    await writeBytes(options.outputRoot, "manifest.csv", new TextEncoder().encode(text), {
      force: options.force,
    })
  ]++;
  const grades = { A: 0, B: 0, F: 0, E: 0 };
  for (const r of rows) grades[r.grade]++;
  return displayAs({ rows: ordered, manifestPath, grades, copies, writes }, curateTexturesView);
}
