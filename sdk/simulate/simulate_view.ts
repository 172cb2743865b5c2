/**
 * The notebook view of a {@linkcode SimulateResult}: pairs, hours, distortions and SNRs at a
 * glance, the first manifest rows, and where the manifest and `meta.tsv` are.
 *
 * @module
 */

import { durationText, plural } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { SimulateResult } from "./simulate.ts";

function counts(values: readonly unknown[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(String(v ?? "n/a"), (m.get(String(v ?? "n/a")) ?? 0) + 1);
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";
}

/**
 * What a notebook shows for a {@linkcode SimulateResult}: a headline with the pairs and their
 * hours, facts (pairs per distortion and per split, the SNR range, pairs with reverberation,
 * files created, unchanged and replaced), the manifest rows (id, distortion, SNR, RIR,
 * augmentation, duration, noisy path) and notes naming the manifest and `meta.tsv`.
 *
 * @param result From `simulate`.
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { simulateView } from "./simulate_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const view = simulateView({
 *   rows: [{
 *     utt_id: "u1", path: "noisy/u1.wav", clean_path: "clean/u1.wav", duration_sec: 2, sr: 16000,
 *     language: "en", distortion: "noise", split: "train", snr_db: 5, rir: null,
 *     augmentation: "none",
 *   }],
 *   meta: [],
 *   metaPath: "out/meta.tsv",
 *   manifestPath: "out/manifest.jsonl",
 *   files: { created: 4, unchanged: 0, replaced: 0 },
 * });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // simulate: 1 pair, 2.0 s
 * ```
 */
export function simulateView(result: SimulateResult): ResultView {
  const rows = result.rows;
  const seconds = rows.reduce((s, r) => s + r.duration_sec, 0);
  const snrs = rows.map((r) => r.snr_db).filter((x): x is number => typeof x === "number");
  const lo = snrs.reduce((a, b) => Math.min(a, b), Infinity);
  const hi = snrs.reduce((a, b) => Math.max(a, b), -Infinity);
  const snr = snrs.length > 0 ? `${lo.toFixed(1)} to ${hi.toFixed(1)} dB` : "n/a";
  const f = result.files;
  return {
    title: `simulate: ${plural(rows.length, "pair")}, ${durationText(seconds)}`,
    facts: [
      ["pairs", rows.length],
      ["duration", `${(seconds / 3600).toFixed(2)} h (${seconds.toFixed(1)} s)`],
      ["distortions", counts(rows.map((r) => r.distortion))],
      ["splits", counts(rows.map((r) => r.split))],
      ["SNR", snr],
      ["with reverberation", rows.filter((r) => r.rir !== null && r.rir !== undefined).length],
      ["files", `${f.created} created, ${f.unchanged} unchanged, ${f.replaced} replaced`],
    ],
    table: {
      columns: ["utt_id", "distortion", "snr_db", "rir", "augmentation", "duration_sec", "path"],
      rows,
    },
    tableTitle: "manifest",
    notes: [`manifest: ${result.manifestPath}`, `URGENT meta: ${result.metaPath}`],
  };
}
