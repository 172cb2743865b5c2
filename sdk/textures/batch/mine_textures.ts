/**
 * `mineTextures`: batch audio archaeology. Discover the audio under a folder, select sources
 * by the rules of the `selection` section, and mine each one into
 * `<export_dir>/<project>/<source_slug>/{pads,swells,clouds,hiss,drums,silences}/`, recording
 * per-source results and errors in `batch_results.json`. One failing source never stops the
 * batch.
 *
 * @module
 */

import { canonicalJson, sha256Hex } from "../../cache/canonical_json.ts";
import { decode } from "../../audio/decode.ts";
import { discover } from "../../discover/discover.ts";
import { selectSources } from "../../discover/select_sources.ts";
import { resolveInside } from "../../io/resolve_inside.ts";
import { errorSentence, UsageError } from "../../log/errors.ts";
import { displayAs } from "../../notebook/display_as.ts";
import type { TexturesConfig } from "../config/textures_config.ts";
import { round4 } from "../round4.ts";
import { TEXTURE_CATEGORIES, type TextureCategory } from "../types.ts";
import { mineSource } from "./mine_source.ts";
import { mineTexturesView } from "./mine_textures_view.ts";
import { uniqueSlugs } from "./source_slug.ts";
import { writeBytes, type WriteStatus } from "./write_item.ts";

/** Options of {@linkcode mineTextures}. */
export interface MineTexturesOptions {
  /** The folder to discover sources in (the CLI's `--input_dir`). */
  inputDir: string;
  /** Project name: the folder under the export root (`--project_name`). */
  projectName: string;
  /** The configuration (see `loadTexturesConfig`). */
  config: TexturesConfig;
  /** Export root; default `config.paths.export_dir`. */
  exportDir?: string;
  /** List what would be mined and write nothing. */
  dryRun?: boolean;
  /** First selected source to mine, 0-based (`--start-index`). */
  startIndex?: number;
  /** How many sources to mine from there (`--count`); default all. */
  count?: number;
  /** Replace existing outputs with different content (`--force`); default keep them. */
  force?: boolean;
  /** Progress events. */
  onEvent?: (event: MineEvent) => void;
}

/** Progress of {@linkcode mineTextures}. */
export type MineEvent =
  | { type: "source_started"; index: number; total: number; relPath: string; slug: string }
  | { type: "stage_done"; slug: string; stage: string; ms: number }
  | { type: "source_done"; index: number; slug: string; files: number; ms: number }
  | { type: "source_failed"; index: number; slug: string; error: string };

/** One source's line in `batch_results.json`. */
export interface SourceResult {
  /** Position in the selected list (0-based, sorted by path). */
  index: number;
  /** Path relative to the input folder. */
  rel_path: string;
  /** Folder name under the project. */
  slug: string;
  /** `ok`, `error`, or `planned` (dry run). */
  status: "ok" | "error" | "planned";
  /** One sentence when status is error. */
  error: string | null;
  /** Duration from the header, seconds. */
  duration_sec: number | null;
  /** Source rate, Hz. */
  sample_rate: number | null;
  /** Source channels. */
  channels: number | null;
  /** Files per category. */
  counts: Record<TextureCategory, number>;
  /** Files per write outcome. */
  writes: Record<WriteStatus, number>;
  /** Mean seam dip of the source's loops, dB (null without loops). */
  mean_seam_dip_db: number | null;
}

/**
 * What {@linkcode mineTextures} returns; batch_results.json holds the same less `export_root`
 * and `timings` (so two runs of the same input and seed write the same bytes).
 */
export interface MineTexturesResult {
  /** Format version of batch_results.json. */
  version: 1;
  /** Project name. */
  project: string;
  /** The input folder as given. */
  input_dir: string;
  /** The export root of the project (`<export_dir>/<project>`), as resolved. */
  export_root: string;
  /** The seed used (drawn from the OS when the config's is null). */
  seed: number;
  /** sha256 of the canonical JSON of the configuration. */
  config_sha256: string;
  /** Whether this was a dry run. */
  dry_run: boolean;
  /** Discovery and selection totals. */
  selection: { discovered: number; selected: number; rejected: Record<string, number> };
  /** The slice of the selection that was mined. */
  start_index: number;
  /** Sources in the slice. */
  count: number;
  /** Per source, in order. */
  sources: SourceResult[];
  /** Totals over the sources. */
  totals: {
    ok: number;
    failed: number;
    files: Record<TextureCategory, number>;
    writes: Record<WriteStatus, number>;
  };
  /** Wall time per stage summed over sources, milliseconds (not written to the JSON). */
  timings?: Record<string, number>;
}

function zeroCounts(): Record<TextureCategory, number> {
  return Object.fromEntries(TEXTURE_CATEGORIES.map((c) => [c, 0])) as Record<
    TextureCategory,
    number
  >;
}

function zeroWrites(): Record<WriteStatus, number> {
  return { created: 0, unchanged: 0, replaced: 0, kept: 0 };
}

function checkProject(name: string): void {
  if (!name || name === "." || name === ".." || /[\\/]/.test(name) || name.includes("\0")) {
    throw new UsageError(
      `Invalid project name "${name}": use a plain folder name without slashes`,
    );
  }
}

/**
 * Mine textures from every selected source under `inputDir` (see the module description).
 * Sources are the catalog rows `selectSources` keeps, sorted by path; `startIndex`/`count`
 * take a slice of them (slugs are computed over the whole selection, so a slice mines into
 * the same folders as a full run). The seed is `reproducibility.random_seed` (or one drawn
 * from the OS, recorded in the result). Outputs never leave the project root; existing files
 * with other content are kept unless `force`. `batch_results.json` is rewritten on every
 * non-dry run.
 *
 * @param options See {@linkcode MineTexturesOptions}.
 * @returns The batch results.
 * @throws {UsageError} For a bad project name or slice; `Deno.errors.NotFound` when `inputDir`
 *   does not exist. Per-source failures are recorded, not thrown.
 *
 * @example
 * ```ts
 * import { mineTextures } from "./mine_textures.ts";
 * import { loadTexturesConfig } from "../config/load_textures_config.ts";
 * import { writeWav } from "../../audio/wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const x = Float32Array.from({ length: 3 * 44100 }, (_, i) => 0.1 * Math.sin(i / 20));
 * await Deno.mkdir(`${dir}/in`);
 * await writeWav(`${dir}/in/Tone A.wav`, { sampleRate: 44100, channels: [x] });
 * const config = await loadTexturesConfig({ overrides: ["selection.min_duration_sec=1",
 *   "drones.enabled=false", "clouds.enabled=false", "hiss.enabled=false"] });
 * const r = await mineTextures({ inputDir: `${dir}/in`, projectName: "demo", config,
 *   exportDir: `${dir}/export` });
 * console.log(r.sources[0].slug, r.sources[0].status, r.totals.files.pads > 0); // tone_a ok true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function mineTextures(options: MineTexturesOptions): Promise<MineTexturesResult> {
  const { config } = options;
  checkProject(options.projectName);
  const exportDir = options.exportDir ?? config.paths.export_dir;
  const root = resolveInside(exportDir, options.projectName);
  const seed = config.reproducibility.random_seed ??
    crypto.getRandomValues(new Uint32Array(1))[0];
  const { rows } = await discover(options.inputDir, config.discovery);
  const selection = selectSources(rows, config.selection);
  const selected = [...selection.selected].sort((a, b) =>
    a.rel_path < b.rel_path ? -1 : a.rel_path > b.rel_path ? 1 : 0
  );
  const slugs = uniqueSlugs(selected.map((r) => r.rel_path));
  const start = options.startIndex ?? 0;
  if (!Number.isInteger(start) || start < 0) {
    throw new UsageError(`--start-index must be a whole number of at least 0, got ${start}`);
  }
  const count = options.count ?? Math.max(0, selected.length - start);
  if (!Number.isInteger(count) || count < 0) {
    throw new UsageError(`--count must be a whole number of at least 0, got ${count}`);
  }
  const slice = selected.slice(start, start + count);
  const result: MineTexturesResult = {
    version: 1,
    project: options.projectName,
    input_dir: options.inputDir,
    export_root: root,
    seed,
    config_sha256: sha256Hex(canonicalJson(config)),
    dry_run: !!options.dryRun,
    selection: {
      discovered: rows.length,
      selected: selected.length,
      rejected: selection.summary.reasons,
    },
    start_index: start,
    count: slice.length,
    sources: [],
    totals: { ok: 0, failed: 0, files: zeroCounts(), writes: zeroWrites() },
    timings: {},
  };
  const timings = result.timings!;
  const base = options.inputDir.replace(/\/+$/, "") || "/";
  for (let k = 0; k < slice.length; k++) {
    const row = slice[k];
    const index = start + k;
    const slug = slugs[index];
    const entry: SourceResult = {
      index,
      rel_path: row.rel_path,
      slug,
      status: "planned",
      error: null,
      duration_sec: row.duration_sec,
      sample_rate: row.sample_rate,
      channels: row.channels,
      counts: zeroCounts(),
      writes: zeroWrites(),
      mean_seam_dip_db: null,
    };
    result.sources.push(entry);
    if (options.dryRun) continue;
    options.onEvent?.({
      type: "source_started",
      index,
      total: selected.length,
      relPath: row.rel_path,
      slug,
    });
    const t0 = performance.now();
    try {
      const td = performance.now();
      const audio = await decode(`${base}/${row.rel_path}`);
      const decodeMs = performance.now() - td;
      timings.decode = (timings.decode ?? 0) + decodeMs;
      options.onEvent?.({ type: "stage_done", slug, stage: "decode", ms: decodeMs });
      const r = await mineSource(audio, {
        root,
        slug,
        seed,
        config,
        force: options.force,
        onStage: (stage, ms) => {
          timings[stage] = (timings[stage] ?? 0) + ms;
          options.onEvent?.({ type: "stage_done", slug, stage, ms });
        },
      });
      entry.status = "ok";
      entry.counts = r.counts;
      entry.writes = r.writes;
      entry.mean_seam_dip_db = r.meanSeamDipDb;
      result.totals.ok++;
      for (const c of TEXTURE_CATEGORIES) result.totals.files[c] += r.counts[c];
      for (const w of Object.keys(r.writes) as WriteStatus[]) {
        result.totals.writes[w] += r.writes[w];
      }
      options.onEvent?.({
        type: "source_done",
        index,
        slug,
        files: r.files.length,
        ms: performance.now() - t0,
      });
    } catch (err) {
      entry.status = "error";
      entry.error = errorSentence(err);
      result.totals.failed++;
      options.onEvent?.({ type: "source_failed", index, slug, error: entry.error });
    }
  }
  if (!options.dryRun) {
    const { timings: _t, export_root: _r, ...json } = result;
    await writeBytes(
      root,
      "batch_results.json",
      new TextEncoder().encode(JSON.stringify(json, null, 2) + "\n"),
      { force: true },
    );
  }
  for (const k of Object.keys(timings)) timings[k] = round4(timings[k]);
  return displayAs(result, mineTexturesView);
}
