/**
 * `score`: run the configured scorers over an utterance manifest in parallel worker threads and
 * write `scores.parquet` (DESIGN.md types; scorer names, versions and settings in the Parquet
 * metadata). A failing file gets its error in its row; the rest go on. `shard` scores every
 * n-th row into a part file and {@linkcode mergeScores} joins the parts.
 *
 * @module
 */

import { dirname, isAbsolute, resolve } from "node:path";
import { readJsonl } from "../table/jsonl.ts";
import { readParquet, writeParquet } from "../table/parquet.ts";
import type { TableSpec } from "../table/arrow.ts";
import { SCORES_ARROW_SCHEMA, type UtteranceRow, UtteranceRowSchema } from "../table/schemas.ts";
import { hashFile } from "../cache/hash_file.ts";
import { comparePaths } from "../cache/hash_files.ts";
import { canonicalJson } from "../cache/canonical_json.ts";
import { UsageError } from "../log/errors.ts";
import "./scorers/mod.ts";
import { getScorer } from "./scorer.ts";
import { lossProxy } from "./loss_proxy.ts";
import { closeScorers, initScorers, type ScoredRow, scoreRow } from "./score_rows.ts";
import {
  type ScoringConfig,
  type ScoringConfigInput,
  ScoringConfigSchema,
} from "./scoring_config.ts";
import { displayAs } from "../notebook/display_as.ts";
import { scoreView, type ScoreViewDetail } from "./score_view.ts";

/** Version of the scores table written here (part of the metadata). */
export const SCORES_FORMAT_VERSION = "1";

/** Options of {@linkcode score}. */
export interface ScoreOptions {
  /** Scoring configuration (defaults: `ScoringConfigSchema`). */
  config: ScoringConfigInput;
  /** Output Parquet file. */
  out: string;
  /** Score only rows `i`, `i + n`, ... of the sorted manifest into a part file. */
  shard?: { index: number; count: number };
  /** Modules to import in every worker before scoring (they call `registerScorer`). */
  plugins?: string[];
  /** Replace an existing output with different content. */
  force?: boolean;
  /** Called after each utterance. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@linkcode score} did. */
export interface ScoreResult {
  /** The file written. */
  out: string;
  /** Rows written. */
  rows: number;
  /** Rows with an error. */
  errors: number;
  /** Seconds spent. */
  seconds: number;
  /** Seconds of audio scored. */
  audioSeconds: number;
}

/**
 * The part-file name of a shard: `<out without .parquet>.part-<i>-of-<n>.parquet`.
 *
 * @param out The final output.
 * @param index Shard index (0-based).
 * @param count Number of shards.
 * @returns The part file path.
 *
 * @example
 * ```ts
 * import { shardPath } from "./score.ts";
 * console.log(shardPath("out/scores.parquet", 2, 8)); // out/scores.part-2-of-8.parquet
 * ```
 */
export function shardPath(out: string, index: number, count: number): string {
  return `${out.replace(/\.parquet$/i, "")}.part-${index}-of-${count}.parquet`;
}

/**
 * Parse `i/n` (as given to `--shard`).
 *
 * @param text E.g. `0/4`.
 * @returns The shard.
 * @throws {UsageError} Unless `0 <= i < n`.
 *
 * @example
 * ```ts
 * import { parseShard } from "./score.ts";
 * console.log(parseShard("1/4")); // { index: 1, count: 4 }
 * ```
 */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new UsageError(`Invalid shard "${text}": expected i/n with 0 <= i < n, e.g. 0/4`);
  }
  return { index, count };
}

/**
 * Read a manifest and resolve its relative paths against its folder.
 *
 * @param path The JSONL manifest.
 * @returns Rows sorted by utt_id.
 * @throws {UsageError} For duplicate ids, naming one.
 *
 * @example
 * ```ts
 * import { readManifestRows } from "./score.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/m.jsonl`, JSON.stringify({ utt_id: "a", path: "a.wav", duration_sec: 1, sr: 16000, language: "en", distortion: "noise", split: "train" }) + "\n");
 * console.log((await readManifestRows(`${dir}/m.jsonl`))[0].path === `${dir}/a.wav`); // true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readManifestRows(path: string): Promise<UtteranceRow[]> {
  const base = dirname(resolve(path));
  const rows: UtteranceRow[] = [];
  for await (const row of readJsonl(path, { schema: UtteranceRowSchema })) {
    const r = { ...row, path: isAbsolute(row.path) ? row.path : resolve(base, row.path) };
    const clean = row.clean_path as string | null | undefined;
    if (clean) r.clean_path = isAbsolute(clean) ? clean : resolve(base, clean);
    rows.push(r);
  }
  rows.sort((a, b) => comparePaths(a.utt_id, b.utt_id));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].utt_id === rows[i - 1].utt_id) {
      throw new UsageError(`Manifest "${path}" has utterance id "${rows[i].utt_id}" twice`);
    }
  }
  return rows;
}

function columnsSpec(config: ScoringConfig): TableSpec {
  const spec: Record<string, string> = { ...SCORES_ARROW_SCHEMA };
  for (const name of config.scorers) {
    for (const [col, type] of Object.entries(getScorer(name).columns)) {
      if (col in SCORES_ARROW_SCHEMA && col !== "ssl_embed") {
        throw new Error(`Scorer "${name}" declares reserved column "${col}"`);
      }
      if (col !== "ssl_embed") spec[col] = type;
    }
  }
  spec.error = "utf8?";
  return spec as TableSpec;
}

async function runInProcess(
  rows: UtteranceRow[],
  config: ScoringConfig,
  onDone: (i: number, r: ScoredRow) => void,
): Promise<void> {
  const scorers = await initScorers(config);
  try {
    for (let i = 0; i < rows.length; i++) onDone(i, await scoreRow(rows[i], scorers));
  } finally {
    await closeScorers(scorers);
  }
}

async function runWorkers(
  rows: UtteranceRow[],
  config: ScoringConfig,
  plugins: string[],
  onDone: (i: number, r: ScoredRow) => void,
): Promise<void> {
  const n = Math.min(config.workers, rows.length);
  let next = 0;
  const url = new URL("./_score_worker.ts", import.meta.url).href;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: n }, () =>
      new Promise<void>((resolveWorker, reject) => {
        const w = new Worker(url, { type: "module" });
        workers.push(w);
        const feed = () => {
          if (next < rows.length) {
            const index = next++;
            w.postMessage({ type: "row", index, row: rows[index] });
          } else w.postMessage({ type: "close" });
        };
        w.onmessage = (e: MessageEvent) => {
          const m = e.data;
          if (m.type === "ready") feed();
          else if (m.type === "result") {
            onDone(m.index, m.result);
            feed();
          } else if (m.type === "closed") resolveWorker();
          else if (m.type === "fatal") reject(new Error(m.error));
        };
        w.onerror = (e) => {
          e.preventDefault();
          reject(new Error(`Scoring worker failed: ${e.message}`));
        };
        w.postMessage({ type: "init", config, plugins });
      })));
  } finally {
    for (const w of workers) w.terminate();
  }
}

function scoresMetadata(config: ScoringConfig, extra: Record<string, string>) {
  const scorers = config.scorers.map((name) => {
    const s = getScorer(name);
    return {
      name,
      version: s.version,
      config: s.configSchema.parse(config.scorer[name] ?? {}),
    };
  });
  return {
    "audiocurate.scores_version": SCORES_FORMAT_VERSION,
    "audiocurate.scorers": canonicalJson(scorers),
    "audiocurate.loss_proxy": canonicalJson(config.loss_proxy),
    ...extra,
  };
}

/**
 * Score a manifest (see the module description). The loss proxy is computed over the rows of
 * this run; a shard's part file holds per-shard losses that {@linkcode mergeScores} recomputes
 * over the whole pool.
 *
 * @param options Config, output, shard.
 * @returns Counts and timing.
 *
 * @example
 * ```ts
 * import { score } from "./score.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/m.jsonl`, "");
 * const err = await score({ config: { data: { manifest: `${dir}/m.jsonl` }, scorers: ["nope"] }, out: `${dir}/s.parquet` }).catch((e) => e);
 * console.log(err.message.startsWith('Unknown scorer "nope"')); // true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function score(options: ScoreOptions): Promise<ScoreResult> {
  const t0 = performance.now();
  const config = ScoringConfigSchema.parse(options.config);
  const spec = columnsSpec(config);
  let rows = await readManifestRows(config.data.manifest);
  const splits = config.data.splits;
  if (splits) rows = rows.filter((r) => splits.includes(r.split));
  const out = options.shard
    ? shardPath(options.out, options.shard.index, options.shard.count)
    : options.out;
  if (options.shard) {
    const { index, count } = options.shard;
    rows = rows.filter((_, i) => i % count === index);
  }
  const results = new Array<ScoredRow>(rows.length);
  let done = 0;
  const onDone = (i: number, r: ScoredRow) => {
    results[i] = r;
    options.onProgress?.(++done, rows.length);
  };
  if (rows.length > 0) {
    if (config.workers <= 1 && (options.plugins ?? []).length === 0) {
      await runInProcess(rows, config, onDone);
    } else await runWorkers(rows, config, options.plugins ?? [], onDone);
  }
  const table = rows.map((row, i) => toScoresRow(row, results[i]));
  applyLoss(table, config);
  const manifestDigest = await hashFile(config.data.manifest);
  await writeParquet(out, table, {
    schema: spec,
    overwrite: options.force,
    metadata: scoresMetadata(config, {
      "audiocurate.manifest": resolve(config.data.manifest),
      "audiocurate.manifest_sha256": manifestDigest.sha256,
      "audiocurate.shard": options.shard ? `${options.shard.index}/${options.shard.count}` : "",
    }),
  });
  return withView(
    {
      out,
      rows: table.length,
      errors: table.filter((r) => r.error !== null).length,
      seconds: (performance.now() - t0) / 1000,
      audioSeconds: table.reduce((s, r) => s + (r.duration_sec as number), 0),
    },
    config,
    table,
  );
}

/** Rows kept for the notebook view (the whole table is not kept alive). */
const VIEW_ROWS = 10;
/** Failures kept for the notebook view. */
const VIEW_FAILURES = 5;

/** Attach the notebook view, keeping only the scorers, the first rows and the first failures. */
function withView(
  result: ScoreResult,
  config: ScoringConfig,
  table: readonly Record<string, unknown>[],
): ScoreResult {
  const columns = new Set<string>();
  for (const name of config.scorers) {
    for (const col of Object.keys(getScorer(name).columns)) {
      if (col !== "ssl_embed") columns.add(col);
    }
  }
  columns.add("loss_proxy");
  const failures: ScoreViewDetail["failures"][number][] = [];
  for (const r of table) {
    if (failures.length >= VIEW_FAILURES) break;
    if (r.error !== null && r.error !== undefined) {
      failures.push({ utt_id: String(r.utt_id), error: String(r.error) });
    }
  }
  const detail: ScoreViewDetail = {
    scorers: config.scorers.map((name) => ({ name, version: getScorer(name).version })),
    columns: [...columns],
    preview: table.slice(0, VIEW_ROWS).map((r) =>
      Object.fromEntries(["utt_id", ...columns].map((c) => [c, r[c] ?? null]))
    ),
    failures,
  };
  return displayAs(result, (r) => scoreView(r, detail));
}

function toScoresRow(row: UtteranceRow, r: ScoredRow): Record<string, unknown> {
  const embed = r.values.ssl_embed;
  const out: Record<string, unknown> = {
    utt_id: row.utt_id,
    path: row.path,
    duration_sec: r.duration_sec ?? row.duration_sec,
    sr: r.sr ?? row.sr,
    language: row.language ?? null,
    distortion: row.distortion ?? null,
    loss_proxy: 0,
    ssl_embed: embed instanceof Float32Array ? Array.from(embed) : [],
  };
  for (const [k, v] of Object.entries(r.values)) if (k !== "ssl_embed") out[k] = v;
  out.error = r.error;
  return out;
}

function applyLoss(table: Record<string, unknown>[], config: ScoringConfig): void {
  const loss = lossProxy(table, config.loss_proxy);
  table.forEach((r, i) => (r.loss_proxy = Math.fround(loss[i])));
}

/**
 * Join the part files of `count` shards into one scores file, sorted by utt_id, with the loss
 * proxy recomputed over the whole pool.
 *
 * @param options Config (for the loss proxy and metadata), output, shard count.
 * @returns Counts.
 * @throws {UsageError} When a part is missing, naming it.
 *
 * @example
 * ```ts
 * import { mergeScores } from "./score.ts";
 * const err = await mergeScores({ config: { data: { manifest: "m.jsonl" }, scorers: [] as unknown as string[] }, out: "/nonexistent/s.parquet", count: 2 }).catch((e) => e);
 * console.log(err instanceof Error); // true
 * ```
 */
export async function mergeScores(
  options: { config: ScoreOptions["config"]; out: string; count: number; force?: boolean },
): Promise<ScoreResult> {
  const t0 = performance.now();
  const config = ScoringConfigSchema.parse(options.config);
  const spec = columnsSpec(config);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < options.count; i++) {
    const part = shardPath(options.out, i, options.count);
    try {
      await Deno.stat(part);
    } catch {
      throw new UsageError(`Shard part "${part}" is missing; run --shard ${i}/${options.count}`);
    }
    const table = await readParquet(part);
    for (const r of table.toArray()) {
      const o = r.toJSON() as Record<string, unknown>;
      const emb = o.ssl_embed as { toArray?: () => ArrayLike<number> } | null;
      o.ssl_embed = emb && typeof emb.toArray === "function" ? Array.from(emb.toArray()) : [];
      rows.push(o);
    }
  }
  rows.sort((a, b) => comparePaths(a.utt_id as string, b.utt_id as string));
  applyLoss(rows, config);
  const manifestDigest = await hashFile(config.data.manifest);
  await writeParquet(options.out, rows, {
    schema: spec,
    overwrite: options.force,
    metadata: scoresMetadata(config, {
      "audiocurate.manifest": resolve(config.data.manifest),
      "audiocurate.manifest_sha256": manifestDigest.sha256,
      "audiocurate.shard": "",
    }),
  });
  return withView(
    {
      out: options.out,
      rows: rows.length,
      errors: rows.filter((r) => r.error !== null).length,
      seconds: (performance.now() - t0) / 1000,
      audioSeconds: rows.reduce((s, r) => s + Number(r.duration_sec), 0),
    },
    config,
    rows,
  );
}
