/**
 * `evaluate`: enhance a test set with a checkpoint or an ONNX model, or take a folder of
 * enhanced files from any system; score every system's outputs with the registry's scorers;
 * summarise (tails, breakdown, ranking emulator, paired comparisons); write the per-utterance
 * table (Parquet and CSV), `summary.json`, `problems.csv` and a self-contained `report.html`.
 *
 * @module
 */

import { basename, dirname, extname, join, resolve } from "node:path";
import { decode } from "../audio/decode.ts";
import { encodeWav } from "../audio/wav_writer.ts";
import { resolveInside } from "../io/resolve_inside.ts";
import { writeOutput } from "../io/write_output.ts";
import { errorSentence, UsageError } from "../log/errors.ts";
import { displayAs } from "../notebook/display_as.ts";
import {
  closeScorers,
  getScorer,
  initScorers,
  readManifestRows,
  type ReadyScorer,
  type Scorer,
  scoreRow,
  ScoringConfigSchema,
} from "../score/mod.ts";
import { writeCsv } from "../table/csv.ts";
import { writeParquet } from "../table/parquet.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import { evalTableRows, evalTableSpec, relPath } from "./_table.ts";
import {
  type EvalConfig,
  type EvalConfigInput,
  EvalConfigSchema,
  type EvalSystem,
  NOISY_SYSTEM,
} from "./eval_config.ts";
import type { EvalRow } from "./eval_row.ts";
import type { Enhancer } from "./enhancer.ts";
import { matchEnhanced } from "./match_enhanced.ts";
import { type MetricInfo, metricInfo } from "./metric_info.ts";
import { loadOnnxEnhancer } from "./onnx_enhancer.ts";
import { renderEvalReport, type ReportSystem } from "./render_eval_report.ts";
import { spectralGainEnhancer } from "./spectral_gain_enhancer.ts";
import { evaluateView } from "./evaluate_view.ts";
import { type EvalSummary, summarizeEval } from "./summarize_eval.ts";

/** Version of the evaluation outputs (in `summary.json` and the Parquet metadata). */
export const EVAL_FORMAT_VERSION = 1;

/** The files {@linkcode evaluate} writes into its output folder. */
export const EVAL_FILES: Readonly<{
  parquet: "utterances.parquet";
  csv: "utterances.csv";
  summary: "summary.json";
  problems: "problems.csv";
  report: "report.html";
  audio: "audio";
}> = Object.freeze({
  parquet: "utterances.parquet",
  csv: "utterances.csv",
  summary: "summary.json",
  problems: "problems.csv",
  report: "report.html",
  audio: "audio",
});

/** Options of {@linkcode evaluate}. */
export interface EvaluateOptions {
  /** The evaluation config (`data.manifest` required; see `EvalConfigSchema`). */
  config: EvalConfigInput;
  /** Output folder (default the config's `out`). */
  out?: string;
  /** Replace outputs that exist with different content. */
  force?: boolean;
  /** Called after each utterance of each system. */
  onProgress?: (progress: { system: string; done: number; total: number }) => void;
  /** Receives warnings (a scorer that cannot run; default `console.warn`). */
  onWarning?: (line: string) => void;
}

/** One system as evaluated. */
export interface EvaluatedSystem extends ReportSystem {
  /** Seconds spent producing its outputs (enhancing and writing, or matching). */
  enhanceSeconds: number;
  /** Seconds spent scoring. */
  scoreSeconds: number;
}

/** What {@linkcode evaluate} returns. */
export interface EvaluateResult {
  /** The output folder (absolute). */
  outDir: string;
  /** The files written, by kind (absolute). */
  files: { parquet: string; csv: string; summary: string; problems: string; report: string };
  /** Every evaluated row (absolute paths). */
  rows: EvalRow[];
  /** The summary. */
  summary: EvalSummary;
  /** The systems, with timings. */
  systems: EvaluatedSystem[];
  /** Per-utterance problems (missing or mismatched files, failed enhancement). */
  problems: { system: string; uttId: string; problem: string }[];
  /** Files of enhanced folders that match no utterance. */
  extraFiles: { system: string; file: string }[];
  /** Scorers that could not run. */
  unavailable: { scorer: string; columns: string[]; reason: string }[];
  /** Seconds of test audio (the noisy inputs, once). */
  audioSeconds: number;
  /** Seconds for the whole run. */
  seconds: number;
}

interface PlannedSystem {
  name: string;
  kind: "noisy" | "ckpt" | "onnx" | "enhanced";
  source: string;
}

function defaultName(s: EvalSystem): string {
  const path = (s.ckpt ?? s.onnx ?? s.enhanced ?? "").replace(/\/+$/, "");
  if (s.ckpt) {
    const parts = resolve(path).split("/");
    const n = parts.length;
    if (n >= 4 && parts[n - 2] === "checkpoints" && parts[n - 3] === "train") return parts[n - 4];
    if (n >= 3 && parts[n - 2] === "checkpoints") return parts[n - 3];
  }
  const b = basename(path);
  return s.enhanced || !extname(b) ? b : b.slice(0, -extname(b).length);
}

function planSystems(config: EvalConfig): PlannedSystem[] {
  const out: PlannedSystem[] = [];
  const taken = new Set<string>();
  if (config.include_noisy) {
    out.push({ name: NOISY_SYSTEM, kind: "noisy", source: "" });
    taken.add(NOISY_SYSTEM);
  }
  for (const s of config.systems) {
    let name = s.name ?? defaultName(s).replace(/[^A-Za-z0-9._=+-]/g, "_");
    if (name === "" || /^[^A-Za-z0-9]/.test(name)) name = `system${out.length + 1}`;
    if (taken.has(name)) {
      if (s.name !== null) throw new UsageError(`System name "${name}" is given twice`);
      let k = 2;
      while (taken.has(`${name}-${k}`)) k++;
      name = `${name}-${k}`;
    }
    taken.add(name);
    const kind = s.ckpt ? "ckpt" : s.onnx ? "onnx" : "enhanced";
    out.push({ name, kind, source: (s.ckpt ?? s.onnx ?? s.enhanced)! });
  }
  if (out.length === 0) {
    throw new UsageError(
      "No system to evaluate: give --ckpt, --onnx or --enhanced (or systems in the config), " +
        "or keep include_noisy",
    );
  }
  return out;
}

interface MetricScorers {
  ready: ReadyScorer[];
  metrics: MetricInfo[];
  owner: Map<string, Scorer<unknown>>;
  unavailable: EvaluateResult["unavailable"];
}

async function prepareScorers(
  config: EvalConfig,
  warn: (line: string) => void,
): Promise<MetricScorers> {
  const ready: ReadyScorer[] = [];
  const metrics: MetricInfo[] = [];
  const owner = new Map<string, Scorer<unknown>>();
  const unavailable: EvaluateResult["unavailable"] = [];
  for (const name of config.metrics.scorers) {
    const scorer = getScorer(name);
    const columns = Object.entries(scorer.columns).filter(([, t]) => t.startsWith("float"))
      .map(([c]) => c).filter((c) => !owner.has(c));
    if (columns.length === 0) {
      warn(`skip: scorer "${name}" has no numeric columns to evaluate`);
      continue;
    }
    for (const c of columns) {
      owner.set(c, scorer);
      metrics.push(metricInfo(c, config.metrics.lower_is_better));
    }
    try {
      const [r] = await initScorers(ScoringConfigSchema.parse({
        data: { manifest: config.data.manifest },
        scorers: [name],
        scorer: config.metrics.scorer,
        models_dir: config.metrics.models_dir,
      }));
      ready.push(r);
    } catch (err) {
      const reason = errorSentence(err);
      unavailable.push({ scorer: name, columns, reason });
      warn(
        `skip: scorer "${name}" cannot run, its columns (${columns.join(", ")}) are NaN: ${reason}`,
      );
    }
  }
  return { ready, metrics, owner, unavailable };
}

function valuesFrom(
  row: UtteranceRow,
  res: Awaited<ReturnType<typeof scoreRow>> | null,
  problem: string | null,
  ms: MetricScorers,
): { values: Record<string, number>; reasons: Record<string, string> } {
  const values: Record<string, number> = {};
  const reasons: Record<string, string> = {};
  const errors = (res?.error ?? "").split("; ").filter((s) => s !== "");
  const unavailable = new Map(ms.unavailable.map((u) => [u.scorer, u]));
  for (const m of ms.metrics) {
    const c = m.column;
    const scorer = ms.owner.get(c)!;
    const v = res?.values[c];
    if (typeof v === "number" && Number.isFinite(v)) {
      values[c] = v;
      continue;
    }
    values[c] = NaN;
    if (problem !== null) reasons[c] = problem;
    else if (unavailable.has(scorer.name)) reasons[c] = `scorer ${scorer.name} could not run`;
    else if (res && res.sr === null) reasons[c] = res.error ?? "the audio could not be decoded";
    else if (scorer.needsClean && !row.clean_path) {
      reasons[c] = "no clean reference in the manifest";
    } else {
      const own = errors.find((e) => e.startsWith(`scorer ${scorer.name}: `));
      const clean = errors.find((e) => e.startsWith("clean reference: "));
      reasons[c] = own ??
        (scorer.needsClean && clean ? clean : `scorer ${scorer.name} gave no value for it`);
    }
  }
  return { values, reasons };
}

function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._=+-]/g, "_");
}

/**
 * Evaluate systems on a test set (see the module description). Every utterance of every
 * system gets a row: a missing or mismatched enhanced file, a failed enhancement or a metric
 * that cannot be computed leaves NaN values with the reason in the `reason` column, and the
 * problems are listed per file in `problems.csv`, `summary.json` and the report. A scorer that
 * cannot start (e.g. DNSMOS without its models) is skipped with a warning; its columns are NaN.
 * Outputs are deterministic (no timestamps; seeded bootstrap); paths in them are relative to
 * the output folder.
 *
 * @param options Config, output folder, force, callbacks.
 * @returns Rows, summary, files, problems and timings.
 * @throws {UsageError} Without systems, without utterances, for a baseline that is not a
 *   system, or when an output exists with other content and `force` is not set.
 *
 * @example
 * ```ts
 * import { writeWav } from "../audio/wav_writer.ts";
 * import { evaluate } from "./evaluate.ts";
 * const dir = await Deno.makeTempDir();
 * const sr = 8000;
 * const clean = Float32Array.from({ length: sr }, (_, i) => Math.sin(i / 5) * Math.sin(i / 700));
 * await writeWav(`${dir}/c.wav`, { sampleRate: sr, channels: [clean] }, { float: true });
 * await writeWav(`${dir}/n.wav`, { sampleRate: sr, channels: [clean.map((v, i) => v + 0.1 * Math.sin(i * 2.1))] }, { float: true });
 * await Deno.writeTextFile(`${dir}/m.jsonl`, JSON.stringify({ utt_id: "u1", path: "n.wav", clean_path: "c.wav", duration_sec: 1, sr, language: "en", distortion: "noise", split: "test" }) + "\n");
 * const res = await evaluate({
 *   config: { data: { manifest: `${dir}/m.jsonl` }, metrics: { scorers: ["intrusive"] }, bootstrap: { resamples: 50 } },
 *   out: `${dir}/eval`,
 * });
 * console.log(res.rows.length, res.rows[0].system, res.rows[0].values.si_sdr > 10); // 1 noisy true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const t0 = performance.now();
  const config = EvalConfigSchema.parse(options.config);
  const warn = options.onWarning ?? ((line: string) => console.warn(line));
  const outDir = resolve(options.out ?? config.out);
  const force = options.force ?? false;
  const planned = planSystems(config);
  const baseline = config.compare.baseline;
  if (baseline !== null && !planned.some((p) => p.name === baseline)) {
    throw new UsageError(
      `Config compare.baseline "${baseline}" is not among the systems: ${
        planned.map((p) => p.name).join(", ")
      }`,
    );
  }

  let manifestRows = await readManifestRows(config.data.manifest);
  if (config.data.split !== null) {
    manifestRows = manifestRows.filter((r) => r.split === config.data.split);
  }
  if (manifestRows.length === 0) {
    throw new UsageError(
      `Manifest "${config.data.manifest}" has no utterances` +
        (config.data.split !== null ? ` of split "${config.data.split}"` : ""),
    );
  }
  const ms = await prepareScorers(config, warn);
  const rows: EvalRow[] = [];
  const problems: EvaluateResult["problems"] = [];
  const extraFiles: EvaluateResult["extraFiles"] = [];
  const systems: EvaluatedSystem[] = [];
  const audioSeconds = manifestRows.reduce((s, r) => s + r.duration_sec, 0);

  try {
    for (const sys of planned) {
      const total = manifestRows.length;
      let enhanceMs = 0, scoreMs = 0, nProblems = 0;
      // Where each utterance's output is, or why there is none.
      const outputs = new Map<string, { path: string | null; problem: string | null }>();
      let enhancer: Enhancer | null = null;
      const te = performance.now();
      if (sys.kind === "noisy") {
        for (const r of manifestRows) outputs.set(r.utt_id, { path: r.path, problem: null });
      } else if (sys.kind === "enhanced") {
        const dir = resolve(sys.source);
        if (!(await Deno.stat(dir).then((s) => s.isDirectory, () => false))) {
          throw new UsageError(`Enhanced folder "${sys.source}" does not exist`);
        }
        const m = await matchEnhanced(manifestRows, dir, {
          maxLengthDiff: config.match.max_length_diff,
          extensions: config.match.extensions,
        });
        for (const x of m.matches) outputs.set(x.uttId, { path: x.path, problem: x.problem });
        for (const f of m.extra) extraFiles.push({ system: sys.name, file: f });
      } else {
        enhancer = sys.kind === "ckpt"
          ? await spectralGainEnhancer(sys.source)
          : await loadOnnxEnhancer(sys.source, config.onnx);
      }
      enhanceMs += performance.now() - te;
      try {
        let done = 0;
        for (const row of manifestRows) {
          let out = outputs.get(row.utt_id);
          if (enhancer) {
            const t1 = performance.now();
            out = await enhanceOne(
              enhancer,
              row,
              join(outDir, EVAL_FILES.audio, safeSegment(sys.name)),
              force,
            );
            enhanceMs += performance.now() - t1;
          }
          const { path, problem } = out ?? { path: null, problem: "No output" };
          let res = null;
          if (path !== null) {
            const t2 = performance.now();
            res = await scoreRow({ ...row, path }, ms.ready);
            scoreMs += performance.now() - t2;
          }
          if (problem !== null) {
            nProblems++;
            problems.push({ system: sys.name, uttId: row.utt_id, problem });
          }
          const { values, reasons } = valuesFrom(row, res, problem, ms);
          rows.push({
            system: sys.name,
            uttId: row.utt_id,
            audioPath: path,
            noisyPath: row.path,
            cleanPath: (row.clean_path as string | null | undefined) ?? null,
            meta: {
              sr: row.sr,
              duration_sec: row.duration_sec,
              snr_db: row.snr_db ?? null,
              corpus: row.corpus ?? null,
              ...("rir" in row ? { rir: row.rir ?? null } : {}),
              augmentation: row.augmentation ?? null,
              language: row.language,
              split: row.split,
            },
            values,
            reasons,
          });
          options.onProgress?.({ system: sys.name, done: ++done, total });
        }
      } finally {
        await enhancer?.close();
      }
      systems.push({
        name: sys.name,
        kind: sys.kind,
        source: sys.source,
        problems: nProblems,
        enhanceSeconds: enhanceMs / 1000,
        scoreSeconds: scoreMs / 1000,
      });
    }
  } finally {
    await closeScorers(ms.ready);
  }

  const summary = summarizeEval(rows, {
    metrics: ms.metrics,
    dimensions: config.slices.dimensions,
    snrBinDb: config.slices.snr_bin_db,
    durationBinSec: config.slices.duration_bin_sec,
    quantiles: config.tails.quantiles,
    cvarAlpha: config.tails.cvar_alpha,
    worst: config.tails.worst,
    hardThresholds: config.tails.hard_thresholds,
    rankingCategories: config.ranking.categories,
    rankedSystems: systems.map((s) => s.name).filter((s) =>
      config.ranking.include_noisy || s !== NOISY_SYSTEM || systems.length === 1
    ),
    baseline: config.compare.baseline,
    bootstrap: config.bootstrap,
  });
  const files = {
    parquet: join(outDir, EVAL_FILES.parquet),
    csv: join(outDir, EVAL_FILES.csv),
    summary: join(outDir, EVAL_FILES.summary),
    problems: join(outDir, EVAL_FILES.problems),
    report: join(outDir, EVAL_FILES.report),
  };
  const cols = ms.metrics.map((m) => m.column);
  const table = evalTableRows(rows, cols, outDir);
  const reportSystems = systems.map(({ name, kind, source, problems }) => ({
    name,
    kind,
    source,
    problems,
  }));
  await writeParquet(files.parquet, table, {
    schema: evalTableSpec(cols),
    overwrite: force,
    metadata: {
      "audiocurate.eval_version": String(EVAL_FORMAT_VERSION),
      "audiocurate.systems": JSON.stringify(reportSystems),
      "audiocurate.scorers": JSON.stringify(
        config.metrics.scorers.map((name) => ({ name, version: getScorer(name).version })),
      ),
    },
  });
  await writeCsv(files.csv, table, { columns: Object.keys(evalTableSpec(cols)), overwrite: force });
  await writeCsv(
    files.problems,
    [
      ...problems.map((p) => ({ system: p.system, utt_id: p.uttId, file: "", problem: p.problem })),
      ...extraFiles.map((e) => ({
        system: e.system,
        utt_id: "",
        file: e.file,
        problem: "Matches no utterance of the test set",
      })),
    ],
    { columns: ["system", "utt_id", "file", "problem"], overwrite: force },
  );
  const rel = (p: string | null) => relPath(outDir, p);
  const { systems: _names, utterances: perSystem, ...rest } = summary;
  const json = {
    version: EVAL_FORMAT_VERSION,
    manifest: config.data.manifest,
    split: config.data.split,
    utterances: manifestRows.length,
    audioSeconds,
    systems: reportSystems.map((s) => ({ ...s, utterances: perSystem[s.name] ?? 0 })),
    unavailable: ms.unavailable,
    settings: {
      scorers: config.metrics.scorers,
      quantiles: config.tails.quantiles,
      cvarAlpha: config.tails.cvar_alpha,
      hardThresholds: config.tails.hard_thresholds,
      bootstrap: config.bootstrap,
      slices: config.slices,
    },
    ...rest,
    worst: Object.fromEntries(
      Object.entries(summary.worst).map(([k, list]) => [
        k,
        list.map((w) => ({
          ...w,
          audioPath: rel(w.audioPath),
          noisyPath: rel(w.noisyPath),
          cleanPath: rel(w.cleanPath),
        })),
      ]),
    ),
    problems,
    extraFiles,
  };
  await writeOutput(files.summary, JSON.stringify(json, null, 2) + "\n", { force });
  const html = renderEvalReport(summary, rows, {
    title: config.report.title,
    outDir,
    manifest: config.data.manifest,
    split: config.data.split,
    systems: reportSystems,
    problems,
    extraFiles,
    unavailable: ms.unavailable,
    dimensions: config.slices.dimensions,
    quantiles: config.tails.quantiles,
    alpha: config.tails.cvar_alpha,
    hardThresholds: config.tails.hard_thresholds,
    confidence: config.bootstrap.confidence,
  });
  await writeOutput(files.report, html, { force });
  return displayAs({
    outDir,
    files,
    rows,
    summary,
    systems,
    problems,
    extraFiles,
    unavailable: ms.unavailable,
    audioSeconds,
    seconds: (performance.now() - t0) / 1000,
  }, evaluateView);
}

async function enhanceOne(
  enhancer: Enhancer,
  row: UtteranceRow,
  audioDir: string,
  force: boolean,
): Promise<{ path: string | null; problem: string | null }> {
  let target: string;
  try {
    target = resolveInside(audioDir, `${row.utt_id}.wav`);
  } catch (err) {
    return { path: null, problem: `Cannot name the output: ${errorSentence(err)}` };
  }
  let audio;
  try {
    audio = await decode(row.path);
  } catch (err) {
    return { path: null, problem: `Cannot read the noisy input: ${errorSentence(err)}` };
  }
  let out;
  try {
    out = await enhancer.enhance(audio);
  } catch (err) {
    return { path: null, problem: `Enhancement failed: ${errorSentence(err)}` };
  }
  const n = audio.channels[0]?.length ?? 0;
  const m = out.channels[0]?.length ?? 0;
  if (out.sampleRate !== audio.sampleRate || m !== n) {
    return {
      path: null,
      problem: `Enhanced output has ${m} samples at ${out.sampleRate} Hz for an input of ${n} ` +
        `samples at ${audio.sampleRate} Hz`,
    };
  }
  await Deno.mkdir(dirname(target), { recursive: true });
  await writeOutput(target, encodeWav(out, { float: true }), { force });
  return { path: target, problem: null };
}
