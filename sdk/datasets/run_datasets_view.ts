/**
 * How a {@linkcode RunDatasetsResult} shows itself in a notebook: the manifests written (rows,
 * hours, filters), what verify found, and where the manifests are. `runDatasets` returns its
 * result with this display.
 *
 * @module
 */

import type { ResultView } from "../notebook/result_view.ts";
import type { RunDatasetsResult } from "./run_datasets.ts";

function hoursText(h: number): string {
  if (!Number.isFinite(h) || h === 0) return String(h);
  if (h >= 10) return h.toFixed(1);
  if (h >= 0.1) return h.toFixed(2);
  return String(Number(h.toPrecision(2)));
}

function problemText(s: RunDatasetsResult["verified"][number]["summary"]): string {
  const parts = ([
    ["missing", s.missing],
    ["unreadable", s.unreadable],
    ["wrong rate", s.wrong_rate],
    ["wrong length", s.wrong_length],
  ] as const).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return parts.join(", ");
}

/**
 * The notebook view of a dataset run: a headline with the manifests, rows and hours and the
 * verify outcome; facts (the manifest folder, rows and hours in all, dropped and skipped
 * entries, files verified and their problems); one row per split (source split, rows, hours,
 * outcome, rows dropped by filter, skipped entries, files verified ok); notes with each
 * manifest's path.
 *
 * @param result What `runDatasets` returned.
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { runDatasetsView } from "./run_datasets_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const view = runDatasetsView({ manifestDir: "/d/manifests", ok: true, verified: [],
 *   manifests: [{ split: "train", source: "train", path: "/d/manifests/train.jsonl", rows: 120,
 *     hours: 0.5, outcome: "created", skipped: 0,
 *     dropped: { language: 0, sample_rate: 2, distortion: 0, max_hours: 0 } }] });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // datasets: 1 manifest, 120 rows, 0.50 h
 * ```
 */
export function runDatasetsView(result: RunDatasetsResult): ResultView {
  const r = result;
  const rows = r.manifests.reduce((a, m) => a + m.rows, 0);
  const hours = r.manifests.reduce((a, m) => a + m.hours, 0);
  const files = r.verified.reduce((a, v) => a + v.summary.files, 0);
  const ok = r.verified.reduce((a, v) => a + v.summary.ok, 0);
  const parts: string[] = [];
  if (r.manifests.length > 0) {
    parts.push(
      `${r.manifests.length} ${r.manifests.length === 1 ? "manifest" : "manifests"}`,
      `${rows} rows`,
      `${hoursText(hours)} h`,
    );
  }
  if (r.verified.length > 0) {
    parts.push(ok === files ? `${files} files verified ok` : `${files - ok} of ${files} files bad`);
  }
  const title = `datasets: ${parts.join(", ") || "nothing written or verified"}`;

  const dropped: Record<string, number> = {};
  for (const m of r.manifests) {
    for (const [k, n] of Object.entries(m.dropped)) dropped[k] = (dropped[k] ?? 0) + n;
  }
  const droppedText = Object.entries(dropped).filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} by ${k}`).join(", ");
  const facts: [string, string | number | null][] = [["manifest folder", r.manifestDir]];
  if (r.manifests.length > 0) {
    facts.push(
      ["splits written", r.manifests.map((m) => m.split).join(", ")],
      ["rows", rows],
      ["hours", hoursText(hours)],
      ["dropped by filters", droppedText || "none"],
      ["skipped entries", r.manifests.reduce((a, m) => a + m.skipped, 0)],
    );
  }
  if (r.verified.length > 0) {
    const bad = r.verified.map((v) => [v.split, problemText(v.summary)] as const)
      .filter(([, t]) => t !== "").map(([s, t]) => `${s}: ${t}`);
    facts.push(
      ["files verified", `${files} (${ok} ok)`],
      ["verify", r.ok ? "every file fine" : bad.join("; ")],
    );
  }

  const splits = [...new Set([...r.manifests, ...r.verified].map((x) => x.split))];
  const table = splits.map((split) => {
    const m = r.manifests.find((x) => x.split === split);
    const v = r.verified.find((x) => x.split === split);
    const row: Record<string, string | number | null> = { split };
    if (r.manifests.length > 0) {
      Object.assign(row, {
        source: m?.source ?? null,
        rows: m?.rows ?? null,
        hours: m ? hoursText(m.hours) : "",
        outcome: m?.outcome ?? "",
        dropped: m
          ? Object.entries(m.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`)
            .join(", ")
          : "",
        skipped: m?.skipped ?? null,
      });
    }
    if (r.verified.length > 0) {
      Object.assign(row, {
        verified: v ? `${v.summary.ok}/${v.summary.files} ok` : "",
        problems: v ? problemText(v.summary) : "",
      });
    }
    return row;
  });
  const notes = [
    ...r.manifests.map((m) => `${m.split} manifest (${m.outcome}): ${m.path}`),
    ...r.verified.filter((v) => !r.manifests.some((m) => m.split === v.split))
      .map((v) => `${v.split} manifest (verified): ${v.path}`),
  ];
  return { title, facts, table, tableTitle: "splits", notes };
}
