/**
 * How an {@linkcode EvaluateResult} shows itself in a notebook: the systems, the utterances,
 * which metrics were computed and which could not be, each system's mean per metric, the
 * ranking, and where the report is. `evaluate` returns its result with this display; the
 * figures stay in `report.html`.
 *
 * @module
 */

import type { ResultView } from "../notebook/result_view.ts";
import type { EvaluateResult } from "./evaluate.ts";

function durationText(sec: number): string {
  if (sec < 120) return `${sec.toFixed(1)} s`;
  if (sec < 7200) return `${(sec / 60).toFixed(1)} min`;
  return `${(sec / 3600).toFixed(2)} h`;
}

function firstFew<T>(items: readonly T[], n: number, line: (x: T) => string, rest: string) {
  const out = items.slice(0, n).map(line);
  if (items.length > n) out.push(`… and ${items.length - n} more ${rest}`);
  return out;
}

/**
 * The notebook view of an evaluation: a headline with the systems, utterances and metrics;
 * facts (the systems and their kinds, the test audio, metrics computed and those that could
 * not be, with why, the ranking, problems, time, output folder); a table with one row per
 * system (kind, problems, overall rank, mean of every computed metric); and notes with the
 * report and table paths, the ranking's restriction, unavailable scorers and the first
 * problems.
 *
 * @param result What `evaluate` returned.
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { evaluateView } from "./evaluate_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const stat = { n: 2, missing: 0, mean: 7.5, quantiles: {}, alpha: 0.1, cvar: 5, threshold: null,
 *   belowShare: null, low: 5, high: 10 };
 * const view = evaluateView({
 *   outDir: "/e", rows: [], problems: [], extraFiles: [], unavailable: [], audioSeconds: 3, seconds: 1,
 *   files: { parquet: "/e/utterances.parquet", csv: "/e/utterances.csv", summary: "/e/summary.json",
 *     problems: "/e/problems.csv", report: "/e/report.html" },
 *   systems: [{ name: "noisy", kind: "noisy", source: "", problems: 0, enhanceSeconds: 0, scoreSeconds: 1 }],
 *   summary: { metrics: [{ column: "si_sdr", label: "SI-SDR", unit: "dB", higherIsBetter: true }],
 *     systems: ["noisy"], utterances: { noisy: 2 }, overall: { noisy: { si_sdr: stat } }, hardAny: {},
 *     slices: [], worst: {}, comparisons: [],
 *     ranking: { categories: [], missing: [], droppedCategories: [], rows: [], note: "" } },
 * });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // evaluate: 1 system, 2 utterances, 1 metric computed
 * ```
 */
export function evaluateView(result: EvaluateResult): ResultView {
  const r = result;
  const s = r.summary;
  const names = s.systems.length > 0 ? s.systems : r.systems.map((x) => x.name);
  const utterances = Math.max(0, ...names.map((n) => s.utterances[n] ?? 0));
  const computed = s.metrics.filter((m) =>
    names.some((n) => (s.overall[n]?.[m.column]?.n ?? 0) > 0)
  );
  const notComputed = s.metrics.filter((m) => !computed.includes(m));
  const why = new Map<string, string>();
  for (const u of r.unavailable) {
    for (const c of u.columns) why.set(c, `scorer ${u.scorer} could not run`);
  }
  const missing = [
    ...notComputed.map((m) => m.column),
    ...[...why.keys()].filter((c) => !s.metrics.some((m) => m.column === c)),
  ];
  const byReason = new Map<string, string[]>();
  for (const c of missing) {
    const reason = why.get(c) ?? "no value for any utterance";
    byReason.set(reason, [...(byReason.get(reason) ?? []), c]);
  }
  const unavailable = [...byReason].map(([reason, cols]) => `${cols.join(", ")} (${reason})`);
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const nProblems = r.problems.length + r.extraFiles.length;
  const title =
    `evaluate: ${plural(names.length, "system")}, ${plural(utterances, "utterance")}, ${
      plural(computed.length, "metric")
    } computed` +
    (missing.length > 0 ? `, ${missing.length} unavailable` : "") +
    (nProblems > 0 ? `, ${plural(nProblems, "problem")}` : "");

  const rk = s.ranking;
  const ranked = rk.rows.length > 1 && rk.categories.length > 0;
  const rankOf = new Map(ranked ? rk.rows.map((x) => [x.system, x.overallRank]) : []);
  const facts: [string, string | number | null][] = [
    ["systems", r.systems.map((x) => `${x.name} (${x.kind})`).join(", ")],
    ["utterances", utterances],
    ["test audio", durationText(r.audioSeconds)],
    ["metrics computed", computed.map((m) => m.column).join(", ") || "none"],
    ["metrics unavailable", unavailable.join("; ") || "none"],
  ];
  if (ranked) {
    const order = [...rk.rows].sort((a, b) => a.overallRank - b.overallRank);
    facts.push(["ranking", order.map((x) => `${x.overallRank}. ${x.system}`).join(", ")]);
  }
  facts.push(
    [
      "problems",
      `${plural(r.problems.length, "utterance")}, ${plural(r.extraFiles.length, "unmatched file")}`,
    ],
    ["time", `${r.seconds.toFixed(1)} s`],
    ["output", r.outDir],
  );

  const kind = new Map(r.systems.map((x) => [x.name, x]));
  const table = names.map((n) => {
    const row: Record<string, string | number | null> = {
      system: n,
      kind: kind.get(n)?.kind ?? "",
      problems: kind.get(n)?.problems ?? 0,
    };
    if (ranked) row.rank = rankOf.get(n) ?? null;
    for (const m of computed) {
      const v = s.overall[n]?.[m.column]?.mean;
      row[m.column] = typeof v === "number" && Number.isFinite(v) ? v : null;
    }
    return row;
  });

  const notes = [
    `report: ${r.files.report}`,
    `per-utterance table: ${r.files.parquet} (and ${r.files.csv})`,
    `summary: ${r.files.summary}`,
  ];
  if (rk.note) notes.push(`ranking: ${rk.note}`);
  for (const u of r.unavailable) notes.push(`unavailable: scorer ${u.scorer}: ${u.reason}`);
  notes.push(
    ...firstFew(
      r.problems,
      5,
      (p) => `problem: ${p.system} ${p.uttId}: ${p.problem}`,
      `problems (${r.files.problems})`,
    ),
    ...firstFew(
      r.extraFiles,
      3,
      (e) => `unmatched: ${e.system} ${e.file}`,
      `unmatched files (${r.files.problems})`,
    ),
  );
  return {
    title,
    facts,
    table,
    tableTitle: "mean per system and metric",
    maxRows: 20,
    notes,
  };
}
