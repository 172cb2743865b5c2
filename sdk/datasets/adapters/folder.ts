/**
 * The `folder` adapter: a manifest from the audio files under the root that match globs, with
 * labels (language, distortion, split, speaker, ...) read from the folders on each file's path.
 *
 * Example: with `labels: {language: 0, distortion: 1}`, `en/reverb/spk3/a.wav` gets language
 * `en` and distortion `reverb`. Indexes count the folders of the path relative to the root (the
 * file name is not a part); a negative index counts from the deepest folder (`-1`).
 *
 * @module
 */

import { extname, join, relative } from "node:path";
import { z } from "zod";
import { probe } from "../../audio/probe.ts";
import type { SameType } from "../../config/_same_type.ts";
import { matchGlob } from "../../io/glob.ts";
import type { UtteranceRow } from "../../table/schemas.ts";
import type { AdapterRows, DatasetAdapter, DatasetContext, SkippedFile } from "../registry.ts";
import { DatasetError } from "../registry.ts";
import { type SplitName, SPLITS } from "../splits.ts";

/** The row fields a path part can set. */
export const FOLDER_LABEL_FIELDS: readonly [
  "language",
  "distortion",
  "split",
  "corpus",
  "speaker",
  "licence",
] = Object.freeze(
  ["language", "distortion", "split", "corpus", "speaker", "licence"] as const,
);

/** A row field a path part can set (one of {@linkcode FOLDER_LABEL_FIELDS}). */
export type FolderLabelField = (typeof FOLDER_LABEL_FIELDS)[number];

/**
 * Options of the `folder` adapter.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const FolderOptionsSchema = z.strictObject({
  /** Globs of files to take, relative to the root (a glob without `/` matches file names). */
  include: z.array(z.string().min(1)).min(1).default([
    "**/*.wav",
    "**/*.flac",
    "**/*.mp3",
    "**/*.aif",
    "**/*.aiff",
  ]),
  /** Globs of files to leave out. */
  exclude: z.array(z.string().min(1)).default([]),
  /** Row field -> index of the folder on the path that holds its value. */
  labels: z.partialRecord(z.enum(FOLDER_LABEL_FIELDS), z.int()).default({}),
  /** Values of fields no label sets (or whose folder is absent). */
  defaults: z.strictObject({
    language: z.string().min(1).default("und"),
    distortion: z.string().min(1).default("clean"),
    corpus: z.string().nullable().default(null),
    speaker: z.string().nullable().default(null),
    licence: z.string().nullable().default(null),
  }).prefault({}),
  /**
   * Without a `split` label: per split, globs of the files it takes (first split that matches,
   * in train, dev, test order). Default: every file in train.
   */
  splits: z.strictObject({
    train: z.array(z.string().min(1)).default(["**"]),
    dev: z.array(z.string().min(1)).default([]),
    test: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  /** Folder names read as a split by a `split` label, besides train, dev and test. */
  split_aliases: z.record(z.string(), z.enum(SPLITS)).default({
    valid: "dev",
    validation: "dev",
    val: "dev",
    eval: "test",
    evaluation: "test",
  }),
  /** Skip folders whose name starts with `.`. */
  skip_dot_dirs: z.boolean().default(true),
});

/** Values of the `folder` adapter's row fields that no label sets (or whose folder is absent). */
export interface FolderDefaults {
  /** Language code. Default `"und"`. */
  language: string;
  /** Distortion label. Default `"clean"`. */
  distortion: string;
  /** Source corpus. Default `null` (none). */
  corpus: string | null;
  /** Speaker id. Default `null` (none). */
  speaker: string | null;
  /** Licence of the audio. Default `null` (none). */
  licence: string | null;
}
const _folderDefaults: SameType<
  FolderDefaults,
  z.output<typeof FolderOptionsSchema>["defaults"]
> = true;

/**
 * Per split, globs (relative to the root) of the files it takes, for the `folder` adapter
 * without a `split` label: the first split that matches, in train, dev, test order.
 */
export interface FolderSplits {
  /** Globs of the train files. Default `["**"]` (every file). */
  train: string[];
  /** Globs of the dev files. Default `[]`. */
  dev: string[];
  /** Globs of the test files. Default `[]`. */
  test: string[];
}
const _folderSplits: SameType<FolderSplits, z.output<typeof FolderOptionsSchema>["splits"]> = true;

/** Options of the `folder` adapter after defaults (see {@linkcode FolderOptionsSchema}). */
export interface FolderOptions {
  /**
   * Globs of files to take, relative to the root (a glob without `/` matches file names).
   * Default: every `.wav`, `.flac`, `.mp3`, `.aif` and `.aiff` file at any depth.
   */
  include: string[];
  /** Globs of files to leave out. Default `[]`. */
  exclude: string[];
  /** Row field -> index of the folder on the path that holds its value. Default `{}`. */
  labels: Partial<Record<FolderLabelField, number>>;
  /** Values of fields no label sets (or whose folder is absent). Default: see the fields. */
  defaults: FolderDefaults;
  /**
   * Without a `split` label: per split, globs of the files it takes (first split that matches,
   * in train, dev, test order). Default: every file in train.
   */
  splits: FolderSplits;
  /**
   * Folder names read as a split by a `split` label, besides train, dev and test. Default
   * `valid`, `validation` and `val` -> dev, `eval` and `evaluation` -> test.
   */
  split_aliases: Record<string, SplitName>;
  /** Skip folders whose name starts with `.`. Default `true`. */
  skip_dot_dirs: boolean;
}
const _folderOptions: SameType<FolderOptions, z.output<typeof FolderOptionsSchema>> = true;

/**
 * The relative POSIX paths under `root` matching the include globs and none of the exclude
 * globs, sorted in code-point order (symlinked folders are not followed).
 *
 * @param root The folder.
 * @param options Include and exclude globs, dot-folder skipping.
 * @returns Relative paths.
 *
 * @example
 * ```ts
 * import { listFolderFiles } from "./folder.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/en/noise`, { recursive: true });
 * for (const f of ["en/noise/b.wav", "en/noise/a.WAV", "en/readme.txt"]) await Deno.writeTextFile(`${dir}/${f}`, "");
 * console.log(await listFolderFiles(dir, { include: ["*.wav"], exclude: [], skip_dot_dirs: true }));
 * // [ "en/noise/a.WAV", "en/noise/b.wav" ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function listFolderFiles(
  root: string,
  options: Pick<FolderOptions, "include" | "exclude" | "skip_dot_dirs">,
): Promise<string[]> {
  const out: string[] = [];
  async function walk(abs: string): Promise<void> {
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(abs)) entries.push(e);
    for (const e of entries) {
      const child = join(abs, e.name);
      if (e.isDirectory) {
        if (options.skip_dot_dirs && e.name.startsWith(".")) continue;
        await walk(child);
      } else if (e.isFile || e.isSymlink) {
        const rel = relative(root, child).split("\\").join("/");
        if (!options.include.some((g) => matchGlob(rel, g))) continue;
        if (options.exclude.some((g) => matchGlob(rel, g))) continue;
        out.push(rel);
      }
    }
  }
  await walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The labels a relative path gives: each field's folder by index (negative from the deepest).
 *
 * @param relPath Relative POSIX path of a file.
 * @param labels Field -> folder index.
 * @returns Field -> folder name, for the indexes that exist.
 *
 * @example
 * ```ts
 * import { labelsFromPath } from "./folder.ts";
 * console.log(labelsFromPath("de/clipping/spk2/u7.wav", { language: 0, distortion: 1, speaker: -1 }));
 * // { language: "de", distortion: "clipping", speaker: "spk2" }
 * ```
 */
export function labelsFromPath(
  relPath: string,
  labels: Readonly<Partial<Record<string, number>>>,
): Record<string, string> {
  const parts = relPath.split("/").slice(0, -1);
  const out: Record<string, string> = {};
  for (const [field, index] of Object.entries(labels)) {
    if (index === undefined) continue;
    const i = index < 0 ? parts.length + index : index;
    if (i >= 0 && i < parts.length) out[field] = parts[i];
  }
  return out;
}

function splitOf(
  rel: string,
  labelled: string | undefined,
  options: FolderOptions,
): SplitName | null | "bad" {
  if (labelled !== undefined) {
    if ((SPLITS as readonly string[]).includes(labelled)) return labelled as SplitName;
    return options.split_aliases[labelled] ?? "bad";
  }
  for (const s of SPLITS) if (options.splits[s].some((g) => matchGlob(rel, g))) return s;
  return null;
}

/**
 * The rows of one split of a folder dataset: files listed, labelled from their path, probed
 * for rate and length (header only); unreadable files are skipped with their reason.
 *
 * @param ctx The adapter context.
 * @param split The split.
 * @returns Rows (absolute paths, `utt_id` = relative path without extension) and skipped files.
 * @throws {DatasetError} When the root does not exist.
 *
 * @example
 * ```ts
 * import { encodeWav } from "../../audio/wav_writer.ts";
 * import { folderRows, FolderOptionsSchema } from "./folder.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/fr/noise`, { recursive: true });
 * await Deno.writeFile(`${dir}/fr/noise/a.wav`, encodeWav({ sampleRate: 16000, channels: [new Float32Array(8000)] }));
 * const options = FolderOptionsSchema.parse({ labels: { language: 0, distortion: 1 } });
 * const config = { name: "f", adapter: "folder", root: dir, manifest_dir: null, path_mode: "auto" as const, licence: null, options: {} };
 * const { rows } = await folderRows({ config, options, root: dir, force: false, log: () => {} }, "train");
 * console.log(rows[0].utt_id, rows[0].language, rows[0].distortion, rows[0].duration_sec); // fr/noise/a fr noise 0.5
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function folderRows(
  ctx: DatasetContext<FolderOptions>,
  split: SplitName,
): Promise<AdapterRows> {
  const o = ctx.options;
  try {
    if (!(await Deno.stat(ctx.root)).isDirectory) throw new Error("not a folder");
  } catch {
    throw new DatasetError(`Dataset root "${ctx.root}" does not exist or is not a folder`);
  }
  const files = await listFolderFiles(ctx.root, o);
  const rows: UtteranceRow[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  for (const rel of files) {
    const abs = join(ctx.root, rel);
    const labels = labelsFromPath(rel, o.labels);
    const s = splitOf(rel, labels.split, o);
    if (s === "bad") {
      skipped.push({
        path: abs,
        reason: `the split folder "${labels.split}" is not train, dev, test or an alias`,
      });
      continue;
    }
    if (s !== split) continue;
    const uttId = rel.slice(0, rel.length - extname(rel).length);
    const twin = seen.get(uttId);
    if (twin !== undefined) {
      skipped.push({ path: abs, reason: `the utterance id "${uttId}" is taken by "${twin}"` });
      continue;
    }
    let info;
    try {
      info = await probe(abs);
    } catch (err) {
      skipped.push({ path: abs, reason: (err as Error).message });
      continue;
    }
    seen.set(uttId, rel);
    rows.push({
      utt_id: uttId,
      path: abs,
      duration_sec: info.frames / info.sampleRate,
      sr: info.sampleRate,
      language: labels.language ?? o.defaults.language,
      distortion: labels.distortion ?? o.defaults.distortion,
      split,
      corpus: labels.corpus ?? o.defaults.corpus ?? ctx.config.name,
      speaker: labels.speaker ?? o.defaults.speaker,
      licence: labels.licence ?? o.defaults.licence ?? ctx.config.licence,
    });
  }
  return { rows, skipped };
}

async function checkRoot(ctx: DatasetContext<FolderOptions>): Promise<void> {
  try {
    if ((await Deno.stat(ctx.root)).isDirectory) {
      ctx.log(`${ctx.config.name}: folder ${ctx.root} is present; nothing to download`);
      return;
    }
  } catch {
    // reported below
  }
  throw new DatasetError(
    `Dataset root "${ctx.root}" does not exist; a folder dataset is read in place, so put the ` +
      "audio there or set root: in the dataset config",
  );
}

/** The `folder` adapter. */
export const folderAdapter: DatasetAdapter<FolderOptions> = {
  name: "folder",
  description: "Audio files under a folder, labels from path parts, splits from globs or a folder",
  optionsSchema: FolderOptionsSchema,
  download: checkRoot,
  prepare: checkRoot,
  splits: (ctx) =>
    ctx.options.labels.split !== undefined
      ? [...SPLITS]
      : SPLITS.filter((s) => ctx.options.splits[s].length > 0),
  rows: folderRows,
};
