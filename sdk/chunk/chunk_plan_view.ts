/**
 * The notebook view of a {@linkcode ChunkPlan}: recordings by plan status, chunks and hours,
 * then the plan rows and the recordings that cannot be chunked.
 *
 * @module
 */

import { durationText, plural } from "../notebook/_view_text.ts";
import type { ResultView } from "../notebook/result_view.ts";
import type { ChunkPlan, PlanStatus } from "./chunk_plan.ts";

/** Plan statuses in the order the view lists them. */
const STATUSES: readonly PlanStatus[] = ["pending", "resume", "retry", "stale", "rerun", "error"];

/** Errors named in the notes before "and N more". */
const NOTED_ERRORS = 5;

/**
 * What a notebook shows for a {@linkcode ChunkPlan}: a headline with the recordings planned, the
 * chunks and hours (and errors), facts (the dataset, recordings found, skipped as completed and
 * left out by the limit, planned recordings per status `pending`, `resume`, `retry`, `stale`,
 * `rerun`, `error`, chunks, hours, chunk length and overlap), the plan rows (recording, status,
 * chunks, duration, rate, channels, manifest) and notes: where manifests and chunks go, and the
 * first recordings that cannot be chunked with their reasons.
 *
 * @param plan From `chunkPlan`.
 * @returns The view, rendered by `resultBundle`.
 *
 * @example
 * ```ts
 * import { chunkPlanView } from "./chunk_plan_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const row = {
 *   recording_id: "A/rec", audio_path: "audio/A/rec.wav", manifest_path: "manifests/A/rec.csv",
 *   chunk_output_dir: "artifacts/chunks/A/rec", chunk_duration: 60, overlap: 0,
 *   sample_rate: 8000, channels: 1, frames: 7200000, n_chunks: 15, status: "pending", error: null,
 * };
 * const view = chunkPlanView({
 *   version: 1, dataset: "/data/ds", fingerprint: "f00d", rows: [row], skipped: [],
 *   params: { chunk_duration: 60, overlap: 0, tail: "remainder", min_tail: 1 },
 *   layout: {
 *     audio_dir: "audio", pattern: "*.wav", case_sensitive: false, manifest_dir: "manifests",
 *     chunks_dir: "artifacts/chunks", status_dir: ".audiocurate/chunk-status",
 *   },
 *   summary: { found: 1, planned: 1, skipped: 0, errors: 0, limited: 0, chunks: 15, hours: 0.25 },
 * });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // chunk plan: 1 recording, 15 chunks, 0.25 h, 0 errors
 * ```
 */
export function chunkPlanView(plan: ChunkPlan): ResultView {
  const s = plan.summary;
  const byStatus = new Map<string, number>(STATUSES.map((k) => [k, 0]));
  for (const r of plan.rows) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const facts: [string, string | number][] = [
    ["dataset", plan.dataset],
    ["recordings found", s.found],
    ["planned", s.planned],
    ["skipped as completed", s.skipped],
  ];
  if (s.limited > 0) facts.push(["left out by limit", s.limited]);
  for (const [status, n] of byStatus) facts.push([status, n]);
  facts.push(
    ["chunks", s.chunks],
    ["hours", s.hours.toFixed(2)],
    [
      "chunk length",
      `${plan.params.chunk_duration} s, overlap ${plan.params.overlap} s, tail ${plan.params.tail}`,
    ],
  );
  const errors = plan.rows.filter((r) => r.error !== null);
  const notes = [
    `manifests go to ${plan.layout.manifest_dir}/, chunks to ${plan.layout.chunks_dir}/ ` +
    `(in the dataset)`,
    ...errors.slice(0, NOTED_ERRORS).map((r) => `error: ${r.recording_id}: ${r.error}`),
  ];
  if (errors.length > NOTED_ERRORS) {
    notes.push(`... and ${plural(errors.length - NOTED_ERRORS, "more error")}`);
  }
  return {
    title: `chunk plan: ${plural(s.planned, "recording")}, ${plural(s.chunks, "chunk")}, ` +
      `${durationText(s.hours * 3600)}, ${plural(s.errors, "error")}`,
    facts,
    table: {
      columns: [
        "recording_id",
        "status",
        "n_chunks",
        "duration_sec",
        "sample_rate",
        "channels",
        "manifest_path",
      ],
      rows: plan.rows.map((r) => ({
        ...r,
        duration_sec: r.frames === null || r.sample_rate === null ? null : r.frames / r.sample_rate,
      })),
    },
    tableTitle: "plan",
    notes,
  };
}
