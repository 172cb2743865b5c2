/**
 * `exportTr8s`: lay out a kit for the Roland TR-8S as its reference manual asks:
 * `ROLAND/TR-8S/SAMPLE/<KIT>_<CAT>/NAME.WAV`, one folder level, at most 256 files per folder
 * and 256 folders, unique upper-case names of at most 16 characters, converted for real (mono
 * unless the category is kept stereo, 44.1 kHz, 16-bit with TPDF dither or 24-bit), with
 * warnings past 400 samples, about 180 s (44.1 kHz mono) per file and the soft total budget,
 * and a CSV mapping every device name back to its source.
 *
 * @module
 */

import { relative, resolve } from "node:path";
import { decode } from "../../audio/decode.ts";
import { downmix } from "../../audio/downmix.ts";
import { resample } from "../../audio/resample.ts";
import { sha256Hex } from "../../cache/canonical_json.ts";
import { findAudioFiles } from "../../discover/find_audio_files.ts";
import { errorSentence, UsageError } from "../../log/errors.ts";
import { displayAs } from "../../notebook/display_as.ts";
import { stringifyCsv } from "../../table/csv.ts";
import { writeBytes, type WriteStatus } from "../batch/write_item.ts";
import type { TexturesConfig } from "../config/textures_config.ts";
import { categoryOf } from "../curate/category_of.ts";
import { peakOf } from "../dsp/normalize_peak.ts";
import { round4 } from "../round4.ts";
import { stageSeed } from "../stage_rng.ts";
import { canonicalWav } from "./canonical_wav.ts";
import { exportTr8sView } from "./export_tr8s_view.ts";
import { TR8S_CODES, tr8sClean, tr8sFolder, tr8sName } from "./tr8s_names.ts";

/** The device's sample folder, relative to the card root. */
export const TR8S_SAMPLE_DIR = "ROLAND/TR-8S/SAMPLE";

/** Options of {@linkcode exportTr8s}. */
export interface ExportTr8sOptions {
  /** Folder of samples to export (`--input_dir`), e.g. a curated folder. */
  inputDir: string;
  /** The card root to write into (`--output_dir`). */
  outputDir: string;
  /** Kit name (`--kit_name`). */
  kitName: string;
  /** The configuration (`tr8s` section, and the seed for dither). */
  config: TexturesConfig;
  /** Replace existing files with different content (`--force`); default keep them. */
  force?: boolean;
}

/** One exported sample (a row of the mapping CSV). */
export interface Tr8sRow {
  /** The kit name as given. */
  kit: string;
  /** Folder under SAMPLE/. */
  folder: string;
  /** Sample name without `.WAV`. */
  name: string;
  /** Path on the card. */
  device_path: string;
  /** Source path relative to the input folder. */
  source_path: string;
  /** Category of the source. */
  category: string;
  /** Channels written. */
  channels: number;
  /** Rate written, Hz. */
  sample_rate: number;
  /** Bits per sample. */
  bit_depth: number;
  /** Frames written. */
  frames: number;
  /** Seconds. */
  duration_sec: number;
  /** sha256 of the written file. */
  sha256: string;
  /** Warnings for this file, `;`-separated. */
  warnings: string;
}

/** What {@linkcode exportTr8s} returns. */
export interface ExportTr8sResult {
  /** Exported samples. */
  rows: Tr8sRow[];
  /** Sources that could not be converted, with the reason. */
  errors: { source_path: string; error: string }[];
  /** Folder names created, sorted. */
  folders: string[];
  /** Kit-level and per-file warnings. */
  warnings: string[];
  /** The mapping CSV's path (relative to the output dir). */
  mapPath: string;
  /** Write outcomes. */
  writes: Record<WriteStatus, number>;
}

function tagOf(name: string): string {
  const m = /_(bright|mid|dark|warm|airy|raw)(?:\.[^.]*)?$/i.exec(name);
  if (!m) return "";
  return { bright: "B", mid: "M", dark: "D", warm: "W", airy: "A", raw: "R" }[
    m[1].toLowerCase() as "bright"
  ] ?? "";
}

/**
 * Export a folder of samples as a TR-8S kit (see the module description). Files are taken in
 * sorted path order and grouped by category ({@linkcode categoryOf}); a category with more
 * than `max_files_per_folder` files continues in `<KIT>_<CAT>2`, ... More folders than
 * `max_folders` is an error. Peaks past full scale are scaled down (and warned about), never
 * clipped. Each file's dither has its own seed. The mapping CSV is
 * `<output_dir>/tr8s_map_<KIT>.csv`, outside the device folders.
 *
 * @param options Folders, kit name, configuration, force.
 * @returns Rows, errors, folders, warnings and write outcomes.
 * @throws {UsageError} For an empty kit name, a missing input folder or too many folders.
 *
 * @example
 * ```ts
 * import { exportTr8s } from "./export_tr8s.ts";
 * import { TexturesConfigSchema } from "../config/textures_config.ts";
 * import { writeWav } from "../../audio/wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const x = Float32Array.from({ length: 4800 }, (_, i) => 0.5 * Math.sin(i / 5) * Math.exp(-i / 800));
 * await Deno.mkdir(`${dir}/in/drums`, { recursive: true });
 * await writeWav(`${dir}/in/drums/song_drum_001.wav`, { sampleRate: 48000, channels: [x, x] });
 * const r = await exportTr8s({ inputDir: `${dir}/in`, outputDir: `${dir}/card`, kitName: "dust",
 *   config: TexturesConfigSchema.parse({}) });
 * console.log(r.rows[0].device_path, r.rows[0].channels, r.rows[0].sample_rate, r.rows[0].frames);
 * // ROLAND/TR-8S/SAMPLE/DUST_DRM/DRM_SONG_DRU_001.WAV 1 44100 4410
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function exportTr8s(options: ExportTr8sOptions): Promise<ExportTr8sResult> {
  const cfg = options.config.tr8s;
  const kit = tr8sClean(options.kitName);
  if (!kit) {
    throw new UsageError(
      `Kit name "${options.kitName}" has no letters or digits; give a name such as DUSTKIT`,
    );
  }
  try {
    await Deno.stat(options.inputDir);
  } catch {
    throw new UsageError(`Input folder "${options.inputDir}" does not exist`);
  }
  const outRel = relative(resolve(options.inputDir), resolve(options.outputDir))
    .split("\\").join("/");
  const skipPrefix = outRel === "" ? "" : outRel.startsWith("..") ? null : `${outRel}/`;
  const found = findAudioFiles(options.inputDir, { skip_dirs: [] });
  const files = found.files.filter((f) =>
    skipPrefix === null
      ? true
      : skipPrefix === ""
      ? !f.startsWith("ROLAND/")
      : !f.startsWith(skipPrefix)
  );
  const groups = new Map<string, string[]>();
  for (const f of files) {
    const code = TR8S_CODES[categoryOf(f) ?? "other"];
    const list = groups.get(code) ?? [];
    list.push(f);
    groups.set(code, list);
  }
  const codes = [...groups.keys()].sort();
  const perFolder = cfg.max_files_per_folder;
  let folderCount = 0;
  for (const c of codes) folderCount += Math.ceil(groups.get(c)!.length / perFolder);
  if (folderCount > cfg.max_folders) {
    throw new UsageError(
      `Kit "${kit}" needs ${folderCount} folders, more than the ${cfg.max_folders} the TR-8S reads; export fewer samples`,
    );
  }
  const seed = options.config.reproducibility.random_seed ?? 0;
  const base = options.inputDir.replace(/\/+$/, "") || "/";
  const rows: Tr8sRow[] = [];
  const errors: ExportTr8sResult["errors"] = [];
  const warnings: string[] = [];
  const writes: Record<WriteStatus, number> = { created: 0, unchanged: 0, replaced: 0, kept: 0 };
  const taken = new Set<string>();
  const folders = new Set<string>();
  let totalSec = 0;
  const maxFrames = cfg.max_seconds_per_file * 44100;
  for (const code of codes) {
    const list = groups.get(code)!;
    for (let i = 0; i < list.length; i++) {
      const rel = list[i];
      const folder = tr8sFolder(kit, code, Math.floor(i / perFolder));
      const parts = rel.split("/");
      const fileName = parts.at(-1)!;
      const stem = fileName.replace(/\.[^.]*$/, "");
      // Curated copies are "<source>__<file>"; mined files sit in "<source>/<category>/".
      const source = stem.includes("__")
        ? stem.split("__")[0]
        : parts.length >= 3
        ? parts[parts.length - 3]
        : stem;
      try {
        let audio = await decode(`${base}/${rel}`);
        const cat = categoryOf(rel) ?? "other";
        if (!cfg.stereo_categories.includes(cat) || audio.channels.length > 2) {
          audio = downmix(audio);
        }
        if (audio.sampleRate !== cfg.sample_rate) {
          audio = await resample(audio, cfg.sample_rate, { quality: "best" });
        }
        const fileWarnings: string[] = [];
        const pk = peakOf(audio.channels);
        if (pk > 1) {
          const g = 1 / pk;
          audio = { ...audio, channels: audio.channels.map((c) => c.map((v) => v * g)) };
          fileWarnings.push(`scaled by ${round4(20 * Math.log10(g))} dB to avoid clipping`);
        }
        const frames = audio.channels[0].length;
        const monoEquivalent = frames * audio.channels.length * (44100 / audio.sampleRate);
        if (monoEquivalent > maxFrames) {
          fileWarnings.push(
            `about ${
              round4(monoEquivalent / 44100)
            } s of 44.1 kHz mono, past the ~${cfg.max_seconds_per_file} s the TR-8S imports`,
          );
        }
        totalSec += monoEquivalent / 44100;
        const name = tr8sName(
          { code, source, index: i + 1, tag: code === "PAD" ? tagOf(fileName) : "" },
          taken,
          cfg.name_length,
        );
        const devicePath = `${TR8S_SAMPLE_DIR}/${folder}/${name}.WAV`;
        const dither = options.config.global.dither
          ? stageSeed(seed, devicePath, "tr8s", 0)
          : false;
        const bytes = canonicalWav(audio, { bitDepth: cfg.bit_depth, dither });
        writes[await writeBytes(options.outputDir, devicePath, bytes, { force: options.force })]++;
        folders.add(folder);
        for (const w of fileWarnings) warnings.push(`${devicePath}: ${w}`);
        rows.push({
          kit: options.kitName,
          folder,
          name,
          device_path: devicePath,
          source_path: rel,
          category: cat,
          channels: audio.channels.length,
          sample_rate: audio.sampleRate,
          bit_depth: cfg.bit_depth,
          frames,
          duration_sec: round4(frames / audio.sampleRate),
          sha256: sha256Hex(bytes),
          warnings: fileWarnings.join("; "),
        });
      } catch (err) {
        errors.push({ source_path: rel, error: errorSentence(err) });
      }
    }
  }
  if (rows.length > cfg.max_samples) {
    warnings.push(
      `${rows.length} samples: the TR-8S imports at most ${cfg.max_samples} (fewer when memory is short)`,
    );
  }
  if (totalSec > cfg.max_total_seconds) {
    warnings.push(
      `about ${
        round4(totalSec)
      } s of 44.1 kHz mono in all, past the soft budget of ${cfg.max_total_seconds} s`,
    );
  }
  const mapPath = `tr8s_map_${kit}.csv`;
  writes[
    await writeBytes(
      options.outputDir,
      mapPath,
      new TextEncoder().encode(stringifyCsv(rows.map((r) => ({ ...r })))),
      {
        force: options.force,
      },
    )
  ]++;
  const outputDir = resolve(options.outputDir);
  return displayAs(
    { rows, errors, folders: [...folders].sort(), warnings, mapPath, writes },
    (r) => exportTr8sView(r, { outputDir }),
  );
}
