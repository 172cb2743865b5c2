/**
 * The `urgent2026` adapter: URGENT 2026 Track 1 data prepared by the official scripts, imported
 * from a simulation `meta.tsv`, clean-source scp files (dynamic mixing), or the pre-simulated
 * Kaldi folder (`wav.scp`, `spk1.scp`, `utt2fs`, `speech_length.scp`).
 *
 * It never downloads: URGENT's data comes from many licensed corpora that the official shell
 * scripts fetch and process (over 1.3 TB). `download` and `prepare` check that the configured
 * lists exist and otherwise print the official commands and fail.
 *
 * @module
 */

import { dirname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { probe } from "../../audio/probe.ts";
import type { SameType } from "../../config/_same_type.ts";
import type { UtteranceRow } from "../../table/schemas.ts";
import {
  corpusOf,
  type CorpusRule,
  CorpusRuleSchema,
  ISO639_3_TO_1,
  URGENT2026_CORPUS_RULES,
} from "../corpus_rules.ts";
import { parseKaldiIntMap, parseKaldiMap, parseScp, type ScpEntry } from "../kaldi.ts";
import { metaToUtterance } from "../meta_to_utterance.ts";
import {
  type AdapterRows,
  type DatasetAdapter,
  type DatasetContext,
  DatasetError,
  type SkippedFile,
} from "../registry.ts";
import { type SplitName, SPLITS } from "../splits.ts";
import { readMetaTsv } from "../urgent_meta.ts";
import type { PathsRelativeTo } from "./paths_relative_to.ts";

/** The kinds of list a split can come from. */
export const URGENT_SOURCE_KINDS: readonly ["meta_tsv", "speech_scp", "kaldi_dir"] = Object.freeze(
  ["meta_tsv", "speech_scp", "kaldi_dir"] as const,
);

/** A kind of list a split can come from (one of {@linkcode URGENT_SOURCE_KINDS}). */
export type UrgentSourceKind = (typeof URGENT_SOURCE_KINDS)[number];

/**
 * Where one split's utterances are listed.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const UrgentSplitSourceSchema = z.strictObject({
  /**
   * `meta_tsv`: a simulation `meta.tsv` (noisy/clean pairs); `speech_scp`: a clean-source scp
   * (`uid fs path`, or `uid path` with `utt2fs`; dynamic mixing); `kaldi_dir`: a pre-simulated
   * Kaldi folder (`wav.scp`, `spk1.scp`, `utt2fs`, `speech_length.scp`, `utt2spk`, `utt2lang`,
   * `text`).
   */
  kind: z.enum(URGENT_SOURCE_KINDS).default("meta_tsv"),
  /** The list file (or folder for `kaldi_dir`), relative to the root. */
  path: z.string().min(1),
  /** With `speech_scp`: `utt2spk` (speaker ids; default the utterance id). */
  utt2spk: z.string().min(1).nullable().default(null),
  /** With `speech_scp`: `utt2fs` for a 2-column scp. */
  utt2fs: z.string().min(1).nullable().default(null),
  /** With `speech_scp`: lengths in samples (`source_length.scp`); without it files are probed. */
  length_scp: z.string().min(1).nullable().default(null),
  /** With `speech_scp`: transcripts (`text`). */
  text: z.string().min(1).nullable().default(null),
});

/**
 * Where one split's utterances are listed, after defaults (see
 * {@linkcode UrgentSplitSourceSchema}).
 */
export interface UrgentSplitSource {
  /**
   * `meta_tsv`: a simulation `meta.tsv` (noisy/clean pairs); `speech_scp`: a clean-source scp
   * (`uid fs path`, or `uid path` with `utt2fs`; dynamic mixing); `kaldi_dir`: a pre-simulated
   * Kaldi folder (`wav.scp`, `spk1.scp`, `utt2fs`, `speech_length.scp`, `utt2spk`, `utt2lang`,
   * `text`). Default `"meta_tsv"`.
   */
  kind: UrgentSourceKind;
  /** The list file (or folder for `kaldi_dir`), relative to the root. */
  path: string;
  /** With `speech_scp`: `utt2spk` (speaker ids; default the utterance id). Default `null`. */
  utt2spk: string | null;
  /** With `speech_scp`: `utt2fs` for a 2-column scp. Default `null`. */
  utt2fs: string | null;
  /**
   * With `speech_scp`: lengths in samples (`source_length.scp`); without it files are probed.
   * Default `null`.
   */
  length_scp: string | null;
  /** With `speech_scp`: transcripts (`text`). Default `null`. */
  text: string | null;
}
const _urgentSplitSource: SameType<
  UrgentSplitSource,
  z.output<typeof UrgentSplitSourceSchema>
> = true;

/**
 * Options of the `urgent2026` adapter (`options:` in `configs/datasets/urgent2026.yaml`).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const Urgent2026OptionsSchema = z.strictObject({
  /**
   * Per split, where its utterances are listed, or null when the dataset has none. Defaults are
   * the files `utils/prepare_train_data.sh` and `utils/prepare_validation_data.sh` write in a
   * checkout of urgent2026_challenge_track1 (the root).
   */
  splits: z.strictObject({
    train: UrgentSplitSourceSchema.nullable().prefault({
      kind: "meta_tsv",
      path: "simulation_train/log/meta.tsv",
    }),
    dev: UrgentSplitSourceSchema.nullable().prefault({
      kind: "meta_tsv",
      path: "simulation_validation/log/meta.tsv",
    }),
    test: UrgentSplitSourceSchema.nullable().default(null),
  }).prefault({}),
  /**
   * What relative audio paths inside the lists are relative to: `root` (URGENT's scripts write
   * paths relative to the checkout they run in) or `list` (the list file's folder).
   */
  paths_relative_to: z.enum(["root", "list"]).default("root"),
  /** Corpus rules over `speech_sid` (then `speech_uid`), first match wins. */
  corpora: z.array(CorpusRuleSchema).prefault(URGENT2026_CORPUS_RULES.map((r) => ({ ...r }))),
  /** Language of ids no rule matches (`und`, never a guessed English). */
  default_language: z.string().min(1).default("und"),
});

/** Per split, where the `urgent2026` adapter finds its utterances, or null when it has none. */
export interface UrgentSplits {
  /** Default the `meta_tsv` `simulation_train/log/meta.tsv`. */
  train: UrgentSplitSource | null;
  /** Default the `meta_tsv` `simulation_validation/log/meta.tsv`. */
  dev: UrgentSplitSource | null;
  /** Default `null` (no test split). */
  test: UrgentSplitSource | null;
}
const _urgentSplits: SameType<UrgentSplits, z.output<typeof Urgent2026OptionsSchema>["splits"]> =
  true;

/** Options of the `urgent2026` adapter after defaults (see {@linkcode Urgent2026OptionsSchema}). */
export interface Urgent2026Options {
  /**
   * Per split, where its utterances are listed, or null when the dataset has none. Defaults are
   * the files `utils/prepare_train_data.sh` and `utils/prepare_validation_data.sh` write in a
   * checkout of urgent2026_challenge_track1 (the root): train and dev, no test.
   */
  splits: UrgentSplits;
  /**
   * What relative audio paths inside the lists are relative to: `root` (URGENT's scripts write
   * paths relative to the checkout they run in) or `list` (the list file's folder). Default
   * `"root"`.
   */
  paths_relative_to: PathsRelativeTo;
  /**
   * Corpus rules over `speech_sid` (then `speech_uid`), first match wins. Default
   * {@linkcode URGENT2026_CORPUS_RULES}.
   */
  corpora: CorpusRule[];
  /** Language of ids no rule matches (`und`, never a guessed English). Default `"und"`. */
  default_language: string;
}
const _urgent2026Options: SameType<Urgent2026Options, z.output<typeof Urgent2026OptionsSchema>> =
  true;

/** The official preparation steps, printed when the data is absent (`reference/urgent.md` §1). */
export const URGENT2026_PREPARE_HINT: readonly string[] = Object.freeze([
  "URGENT 2026 Track 1 data cannot be downloaded by this tool: it is built from licensed corpora",
  "by the official scripts (about 1.3 TB while preparing). To prepare it:",
  "  git clone https://github.com/urgent-challenge/urgent2025_challenge   # prepare its data first",
  "  git clone https://github.com/urgent-challenge/urgent2026_challenge_track1",
  "  cd urgent2026_challenge_track1",
  "  # set urgent25_path in utils/prepare_train_data.sh, then:",
  "  bash utils/prepare_train_data.sh        # -> simulation_train/log/meta.tsv, data/train_sources/",
  "  bash utils/prepare_validation_data.sh   # -> simulation_validation/log/meta.tsv, data/validation/",
  "A pre-simulated training set (without ESD) is on Hugging Face:",
  "  https://huggingface.co/datasets/lichenda/urgent26_track1_universal_se",
  "Then point root: in the dataset config at that checkout (or set options.splits.* to the lists).",
]);

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The configured split sources whose list file or folder is absent under the root.
 *
 * @param root Absolute data root.
 * @param options The adapter options.
 * @returns `[split, absolute path]` of each missing list.
 *
 * @example
 * ```ts
 * import { missingUrgentLists, Urgent2026OptionsSchema } from "./urgent2026.ts";
 * const missing = await missingUrgentLists("/nonexistent", Urgent2026OptionsSchema.parse({}));
 * console.log(missing.map(([s]) => s)); // [ "train", "dev" ]
 * ```
 */
export async function missingUrgentLists(
  root: string,
  options: Urgent2026Options,
): Promise<[SplitName, string][]> {
  const out: [SplitName, string][] = [];
  for (const split of SPLITS) {
    const src = options.splits[split];
    if (!src) continue;
    const p = resolve(root, src.path);
    if (!(await exists(p))) out.push([split, p]);
  }
  return out;
}

async function checkPresent(ctx: DatasetContext<Urgent2026Options>): Promise<void> {
  const missing = await missingUrgentLists(ctx.root, ctx.options);
  if (missing.length === 0) {
    ctx.log(`${ctx.config.name}: every configured list is present under ${ctx.root}`);
    return;
  }
  const [split, path] = missing[0];
  throw new DatasetError(
    `URGENT 2026 data is absent: the ${split} list "${path}" does not exist` +
      (missing.length > 1 ? ` (and ${missing.length - 1} more)` : "") +
      "; prepare it with the official scripts printed above",
    [...URGENT2026_PREPARE_HINT],
  );
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    throw new DatasetError(`The ${what} "${path}" does not exist or cannot be read`);
  }
}

function pathBaseFor(ctx: DatasetContext<Urgent2026Options>, listPath: string): string {
  return ctx.options.paths_relative_to === "list" ? dirname(listPath) : ctx.root;
}

interface ScpRowsInput {
  entries: ScpEntry[];
  pathBase: string;
  split: SplitName;
  fsOf: (uid: string) => number | undefined;
  lengthOf: (uid: string) => number | undefined;
  speakerOf: (uid: string) => string;
  textOf: (uid: string) => string | null;
  langOf: (uid: string) => string | undefined;
  cleanOf?: (uid: string) => string | undefined;
  distortion: string;
}

async function scpRows(
  ctx: DatasetContext<Urgent2026Options>,
  input: ScpRowsInput,
): Promise<AdapterRows> {
  const rows: UtteranceRow[] = [];
  const skipped: SkippedFile[] = [];
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(input.pathBase, p));
  for (const e of input.entries) {
    const path = abs(e.path);
    let fs = e.fs ?? input.fsOf(e.uid);
    let length = input.lengthOf(e.uid);
    if (fs === undefined || length === undefined) {
      try {
        const info = await probe(path);
        fs ??= info.sampleRate;
        length ??= info.frames;
      } catch (err) {
        skipped.push({ path, reason: (err as Error).message });
        continue;
      }
    }
    const sid = input.speakerOf(e.uid);
    const info = corpusOf(sid, {
      rules: ctx.options.corpora,
      fallbackId: e.uid,
      defaultLanguage: ctx.options.default_language,
    });
    const listed = input.langOf(e.uid);
    const language = info.matched ? info.language : listed ?? info.language;
    const clean = input.cleanOf?.(e.uid);
    rows.push({
      utt_id: e.uid,
      path,
      duration_sec: length / fs,
      sr: fs,
      language,
      distortion: input.distortion,
      split: input.split,
      corpus: info.corpus,
      speaker: sid,
      ...(clean !== undefined ? { clean_path: abs(clean) } : {}),
      licence: info.licence ?? ctx.config.licence,
      domain: info.domain,
      length,
      text: input.textOf(e.uid),
    });
  }
  return { rows, skipped };
}

async function metaRows(
  ctx: DatasetContext<Urgent2026Options>,
  listPath: string,
  split: SplitName,
): Promise<AdapterRows> {
  if (!(await exists(listPath))) {
    throw new DatasetError(
      `The meta.tsv "${listPath}" does not exist; run --stage prepare first`,
      [...URGENT2026_PREPARE_HINT],
    );
  }
  const meta = await readMetaTsv(listPath);
  const pathBase = pathBaseFor(ctx, listPath);
  const rows = meta.map((m) =>
    metaToUtterance(m, {
      split,
      pathBase,
      rules: ctx.options.corpora,
      defaultLanguage: ctx.options.default_language,
      licence: ctx.config.licence,
    })
  );
  return { rows, skipped: [] };
}

async function sourceScpRows(
  ctx: DatasetContext<Urgent2026Options>,
  src: UrgentSplitSource,
  split: SplitName,
): Promise<AdapterRows> {
  const listPath = resolve(ctx.root, src.path);
  const entries = parseScp(await readText(listPath, "speech scp"), { source: listPath });
  const opt = async (p: string | null, what: string) =>
    p === null ? undefined : {
      path: resolve(ctx.root, p),
      text: await readText(resolve(ctx.root, p), what),
    };
  const spk = await opt(src.utt2spk, "utt2spk");
  const fsF = await opt(src.utt2fs, "utt2fs");
  const len = await opt(src.length_scp, "length scp");
  const txt = await opt(src.text, "text file");
  const utt2spk = spk ? parseKaldiMap(spk.text, { source: spk.path }) : new Map();
  const utt2fs = fsF ? parseKaldiIntMap(fsF.text, { source: fsF.path }) : new Map();
  const lengths = len ? parseKaldiIntMap(len.text, { source: len.path }) : new Map();
  const texts = txt ? parseKaldiMap(txt.text, { source: txt.path, rest: true }) : new Map();
  return await scpRows(ctx, {
    entries,
    pathBase: pathBaseFor(ctx, listPath),
    split,
    fsOf: (u) => utt2fs.get(u),
    lengthOf: (u) => lengths.get(u),
    speakerOf: (u) => utt2spk.get(u) ?? u,
    textOf: (u) => texts.get(u) ?? null,
    langOf: () => undefined,
    distortion: "clean",
  });
}

async function kaldiDirRows(
  ctx: DatasetContext<Urgent2026Options>,
  src: UrgentSplitSource,
  split: SplitName,
): Promise<AdapterRows> {
  const dir = resolve(ctx.root, src.path);
  const file = (name: string) => join(dir, name);
  const wav = parseScp(await readText(file("wav.scp"), "wav.scp"), {
    source: file("wav.scp"),
    columns: 2,
  });
  const optional = async (name: string) =>
    (await exists(file(name))) ? await readText(file(name), name) : undefined;
  const spk1Text = await optional("spk1.scp");
  const fsText = await optional("utt2fs");
  const lenText = await optional("speech_length.scp");
  const spkText = await optional("utt2spk");
  const langText = await optional("utt2lang");
  const textText = await optional("text");
  const spk1 = spk1Text === undefined ? new Map<string, string>() : new Map(
    parseScp(spk1Text, { source: file("spk1.scp"), columns: 2 }).map((e) => [e.uid, e.path]),
  );
  const utt2fs = fsText ? parseKaldiIntMap(fsText, { source: file("utt2fs") }) : new Map();
  const lengths = lenText
    ? parseKaldiIntMap(lenText, { source: file("speech_length.scp") })
    : new Map();
  const utt2spk = spkText ? parseKaldiMap(spkText, { source: file("utt2spk") }) : new Map();
  const utt2lang = langText ? parseKaldiMap(langText, { source: file("utt2lang") }) : new Map();
  const texts = textText
    ? parseKaldiMap(textText, { source: file("text"), rest: true })
    : new Map();
  return await scpRows(ctx, {
    entries: wav,
    pathBase: ctx.options.paths_relative_to === "list" ? dir : ctx.root,
    split,
    fsOf: (u) => utt2fs.get(u),
    lengthOf: (u) => lengths.get(u),
    speakerOf: (u) => utt2spk.get(u) ?? u,
    textOf: (u) => {
      const t = texts.get(u);
      return t === undefined || t === "<not-available>" ? null : t;
    },
    langOf: (u) => {
      const l = utt2lang.get(u);
      return l === undefined ? undefined : ISO639_3_TO_1[l] ?? l;
    },
    cleanOf: (u) => spk1.get(u),
    distortion: "unknown",
  });
}

/**
 * The rows of one split from its configured source (see {@linkcode UrgentSplitSourceSchema}).
 *
 * @param ctx The adapter context.
 * @param split The split.
 * @returns Rows with absolute paths, and skipped entries.
 * @throws {DatasetError} When the split has no source or its list is absent.
 *
 * @example
 * ```ts
 * import { formatMetaTsv } from "../urgent_meta.ts";
 * import { urgentSplitRows, Urgent2026OptionsSchema } from "./urgent2026.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/meta.tsv`, formatMetaTsv([{
 *   id: "fileid_1", noisy_path: "noisy/0/fileid_1.flac", speech_uid: "mls_german_1_2_000003",
 *   speech_sid: "mls_german_1_2_000003", clean_path: "clean/0/fileid_1.flac", noise_uid: "fma_1",
 *   snr_dB: 12.5, rir_uid: null, augmentation: [{ kind: "none" }], fs: 16000, length: 32000, text: null,
 * }]));
 * const options = Urgent2026OptionsSchema.parse({ splits: { train: { path: "meta.tsv" }, dev: null } });
 * const config = { name: "u", adapter: "urgent2026", root, manifest_dir: null, path_mode: "auto" as const, licence: null, options: {} };
 * const { rows } = await urgentSplitRows({ config, options, root, force: false, log: () => {} }, "train");
 * console.log(rows[0].language, rows[0].corpus, rows[0].duration_sec); // de mls 2
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function urgentSplitRows(
  ctx: DatasetContext<Urgent2026Options>,
  split: SplitName,
): Promise<AdapterRows> {
  const src = ctx.options.splits[split];
  if (!src) {
    throw new DatasetError(
      `Dataset "${ctx.config.name}" has no ${split} split (options.splits.${split} is null)`,
    );
  }
  if (src.kind === "meta_tsv") return await metaRows(ctx, resolve(ctx.root, src.path), split);
  if (src.kind === "speech_scp") return await sourceScpRows(ctx, src, split);
  return await kaldiDirRows(ctx, src, split);
}

/** The `urgent2026` adapter. */
export const urgent2026Adapter: DatasetAdapter<Urgent2026Options> = {
  name: "urgent2026",
  description: "URGENT 2026 Track 1: meta.tsv, source scp or pre-simulated Kaldi lists",
  optionsSchema: Urgent2026OptionsSchema,
  download: checkPresent,
  prepare: checkPresent,
  splits: (ctx) => SPLITS.filter((s) => ctx.options.splits[s] !== null),
  rows: urgentSplitRows,
};
