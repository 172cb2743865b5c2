/**
 * The `demo` adapter: the demo set simulated from the embedded demo data (`data/demo`) by
 * `simulateDemo` (`sdk/simulate/mod.ts`, loaded when the stage runs), which writes noisy/clean
 * pairs, a `meta.tsv` in URGENT's format and its own `manifest.jsonl` into the root.
 * `download` and `prepare` run that simulation; `rows` imports the `meta.tsv`, taking each
 * pair's split from the simulation's `manifest.jsonl` (else from a seeded hash of the clean
 * source id, so every pair of one source lands in one split).
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { mulberry32 } from "../../audio/prng.ts";
import type { SameType } from "../../config/_same_type.ts";
import { readJsonl } from "../../table/jsonl.ts";
import { type CorpusRule, CorpusRuleSchema } from "../corpus_rules.ts";
import { metaToUtterance } from "../meta_to_utterance.ts";
import {
  type AdapterRows,
  type DatasetAdapter,
  type DatasetContext,
  DatasetError,
} from "../registry.ts";
import { type SplitName, SPLITS } from "../splits.ts";
import { readMetaTsv } from "../urgent_meta.ts";
import type { PathsRelativeTo } from "./paths_relative_to.ts";

/**
 * Options of the `demo` adapter.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DemoOptionsSchema = z.strictObject({
  /** The simulation's `meta.tsv`, relative to the root. */
  meta_tsv: z.string().min(1).default("meta.tsv"),
  /** What relative paths in it are relative to: `list` (its folder) or `root`. */
  paths_relative_to: z.enum(["root", "list"]).default("list"),
  /**
   * A JSONL file (relative to the root) whose rows give each `utt_id` its `split`: the
   * simulation's own manifest. Null, or a missing file: the seeded draw below.
   */
  splits_from: z.string().min(1).nullable().default("manifest.jsonl"),
  /** Share of clean source utterances per split for the draw (normalised to sum 1). */
  split_ratios: z.strictObject({
    train: z.number().nonnegative().default(0.8),
    dev: z.number().nonnegative().default(0.1),
    test: z.number().nonnegative().default(0.1),
  }).prefault({}).refine((r) => r.train + r.dev + r.test > 0, {
    message: "expected at least one positive ratio",
  }),
  /** Seed of the split draw. */
  seed: z.int().default(0),
  /**
   * Corpus rules over `speech_sid` (then `speech_uid`). The simulation writes speaker ids
   * `demo_<voice>` with espeak voices `<lang>[-variant]+<variant>`, and utterance ids
   * `<lang>_<nnn>` (`data/demo/speech/speech.tsv`).
   */
  corpora: z.array(CorpusRuleSchema).prefault([
    { corpus: "demo", pattern: "^demo_(?<language>[a-z]{2,3})(?:-[a-z0-9]+)*\\+", domain: "tts" },
    { corpus: "demo", pattern: "^(?<language>[a-z]{2,3})_\\d+$", domain: "tts" },
  ]),
  /** Language of ids no rule matches. */
  default_language: z.string().min(1).default("und"),
});

/**
 * Share of clean source utterances per split for the `demo` adapter's split draw (normalised
 * to sum 1; at least one must be positive).
 */
export interface DemoSplitRatios {
  /** Share of the train split. Default 0.8. */
  train: number;
  /** Share of the dev split. Default 0.1. */
  dev: number;
  /** Share of the test split. Default 0.1. */
  test: number;
}
const _demoSplitRatios: SameType<
  DemoSplitRatios,
  z.output<typeof DemoOptionsSchema>["split_ratios"]
> = true;

/** Options of the `demo` adapter after defaults (see {@linkcode DemoOptionsSchema}). */
export interface DemoOptions {
  /** The simulation's `meta.tsv`, relative to the root. Default `"meta.tsv"`. */
  meta_tsv: string;
  /** What relative paths in it are relative to: `list` (its folder) or `root`. Default `"list"`. */
  paths_relative_to: PathsRelativeTo;
  /**
   * A JSONL file (relative to the root) whose rows give each `utt_id` its `split`: the
   * simulation's own manifest. Null, or a missing file: the seeded draw (`split_ratios`,
   * `seed`). Default `"manifest.jsonl"`.
   */
  splits_from: string | null;
  /**
   * Share of clean source utterances per split for the draw (normalised to sum 1). Default
   * train 0.8, dev 0.1, test 0.1.
   */
  split_ratios: DemoSplitRatios;
  /** Seed of the split draw. Default 0. */
  seed: number;
  /**
   * Corpus rules over `speech_sid` (then `speech_uid`). The simulation writes speaker ids
   * `demo_<voice>` with espeak voices `<lang>[-variant]+<variant>`, and utterance ids
   * `<lang>_<nnn>` (`data/demo/speech/speech.tsv`). Default: two rules naming corpus `demo`,
   * domain `tts`, with the language taken from either id shape.
   */
  corpora: CorpusRule[];
  /** Language of ids no rule matches. Default `"und"`. */
  default_language: string;
}
const _demoOptions: SameType<DemoOptions, z.output<typeof DemoOptionsSchema>> = true;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The split of a clean source utterance: a uniform draw seeded by the id and the seed, cut by
 * the ratios (train, dev, test in order). The same id always gets the same split.
 *
 * @param id The clean source id (`speech_uid`).
 * @param ratios Shares per split.
 * @param seed The seed.
 * @returns The split.
 *
 * @example
 * ```ts
 * import { drawSplit } from "./demo.ts";
 * const ratios = { train: 0.8, dev: 0.1, test: 0.1 };
 * console.log(drawSplit("en_001", ratios, 0) === drawSplit("en_001", ratios, 0)); // true
 * console.log(drawSplit("en_001", { train: 0, dev: 1, test: 0 }, 0)); // dev
 * ```
 */
export function drawSplit(
  id: string,
  ratios: Readonly<Record<SplitName, number>>,
  seed: number,
): SplitName {
  const total = ratios.train + ratios.dev + ratios.test;
  const u = mulberry32(fnv1a(`${seed}:${id}`))() * total;
  if (u < ratios.train) return "train";
  if (u < ratios.train + ratios.dev) return "dev";
  return ratios.test > 0 ? "test" : ratios.dev > 0 ? "dev" : "train";
}

function metaPath(ctx: DatasetContext<DemoOptions>): string {
  return resolve(ctx.root, ctx.options.meta_tsv);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The signature the demo adapter calls `simulateDemo` with. */
export type SimulateDemo = (options: { outDir: string; force: boolean }) => Promise<unknown>;

/**
 * Load `simulateDemo` from `sdk/simulate/mod.ts` at run time.
 *
 * @returns The function.
 * @throws {DatasetError} "Simulation not available yet" when the module or the export is
 * absent; an error inside the module's own loading is passed on.
 */
async function loadSimulateDemo(): Promise<SimulateDemo> {
  const url = new URL("../../simulate/mod.ts", import.meta.url);
  if (!(await exists(fileURLToPath(url)))) {
    throw new DatasetError(
      "Simulation not available yet: sdk/simulate/mod.ts does not exist, so the demo pairs " +
        "cannot be made",
    );
  }
  const mod = await import(url.href) as Record<string, unknown>;
  if (typeof mod.simulateDemo !== "function") {
    throw new DatasetError(
      "Simulation not available yet: sdk/simulate/mod.ts does not export simulateDemo",
    );
  }
  return mod.simulateDemo as SimulateDemo;
}

async function simulate(ctx: DatasetContext<DemoOptions>): Promise<void> {
  const meta = metaPath(ctx);
  if (!ctx.force && (await exists(meta))) {
    ctx.log(`${ctx.config.name}: ${meta} exists; use --force to simulate again`);
    return;
  }
  const simulateDemo = await loadSimulateDemo();
  ctx.log(`${ctx.config.name}: simulating the demo pairs into ${ctx.root}`);
  await simulateDemo({ outDir: ctx.root, force: ctx.force });
  if (!(await exists(meta))) {
    throw new DatasetError(
      `The demo simulation finished but "${meta}" does not exist; check options.meta_tsv`,
    );
  }
}

async function listedSplits(ctx: DatasetContext<DemoOptions>): Promise<Map<string, string> | null> {
  if (ctx.options.splits_from === null) return null;
  const path = resolve(ctx.root, ctx.options.splits_from);
  if (!(await exists(path))) return null;
  const out = new Map<string, string>();
  for await (const row of readJsonl(path)) {
    if (typeof row.utt_id === "string" && typeof row.split === "string") {
      out.set(row.utt_id, row.split);
    }
  }
  return out;
}

/**
 * The rows of one split of the demo data, from its `meta.tsv`.
 *
 * @param ctx The adapter context.
 * @param split The split.
 * @returns Rows with absolute paths.
 * @throws {DatasetError} When the `meta.tsv` does not exist yet.
 *
 * @example
 * ```ts
 * import { formatMetaTsv } from "../urgent_meta.ts";
 * import { demoRows, DemoOptionsSchema } from "./demo.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/meta.tsv`, formatMetaTsv([{
 *   id: "fileid_1", noisy_path: "noisy/fileid_1.wav", speech_uid: "de_003", speech_sid: "de_003",
 *   clean_path: "clean/fileid_1.wav", noise_uid: "pink_0", snr_dB: 3.5, rir_uid: null,
 *   augmentation: [{ kind: "none" }], fs: 16000, length: 24000, text: null,
 * }]));
 * const options = DemoOptionsSchema.parse({ split_ratios: { train: 1, dev: 0, test: 0 } });
 * const config = { name: "demo", adapter: "demo", root: dir, manifest_dir: null, path_mode: "auto" as const, licence: null, options: {} };
 * const { rows } = await demoRows({ config, options, root: dir, force: false, log: () => {} }, "train");
 * console.log(rows[0].language, rows[0].corpus, rows[0].path === `${dir}/noisy/fileid_1.wav`); // de demo true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function demoRows(
  ctx: DatasetContext<DemoOptions>,
  split: SplitName,
): Promise<AdapterRows> {
  const meta = metaPath(ctx);
  if (!(await exists(meta))) {
    throw new DatasetError(
      `The demo meta.tsv "${meta}" does not exist yet; run --stage prepare to simulate it`,
    );
  }
  const o = ctx.options;
  const pathBase = o.paths_relative_to === "list" ? dirname(meta) : ctx.root;
  const listed = await listedSplits(ctx);
  const splitOf = (id: string, source: string) =>
    listed?.get(id) ?? drawSplit(source, o.split_ratios, o.seed);
  const rows = (await readMetaTsv(meta))
    .filter((m) => splitOf(m.id, m.speech_uid) === split)
    .map((m) =>
      metaToUtterance(m, {
        split,
        pathBase,
        rules: o.corpora,
        defaultLanguage: o.default_language,
        licence: ctx.config.licence,
      })
    );
  return { rows, skipped: [] };
}

/** The `demo` adapter. */
export const demoAdapter: DatasetAdapter<DemoOptions> = {
  name: "demo",
  description: "The embedded demo data: simulated URGENT-style pairs and their meta.tsv",
  optionsSchema: DemoOptionsSchema,
  download: simulate,
  prepare: simulate,
  splits: () => [...SPLITS],
  rows: demoRows,
};
