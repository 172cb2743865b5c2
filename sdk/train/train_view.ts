/**
 * How a {@linkcode TrainResult} shows itself in a notebook: the experiment, whether the stage
 * ran or was skipped because nothing changed, the hours of curated audio, the loss where the
 * backend records one, and the checkpoint. `train` returns its result with this display.
 *
 * @module
 */

import type { ResultView } from "../notebook/result_view.ts";
import type { TrainResult } from "./train.ts";

/** What a backend recorded about its loss, shown by {@linkcode trainView} when known. */
export interface TrainLossDetails {
  /** Loss after each epoch, in order (spectral-gain's `metrics.json`). */
  lossPerEpoch?: readonly number[];
  /** Loss of the unprocessed input, for comparison (spectral-gain's `loss_noisy`). */
  inputLoss?: number | null;
}

const STATUS: Readonly<Record<TrainResult["status"], string>> = {
  ran: "ran",
  skipped: "skipped: cached, nothing changed",
  failed: "failed",
};

function hoursText(h: number): string {
  if (!Number.isFinite(h) || h === 0) return String(h);
  if (h >= 10) return h.toFixed(1);
  if (h >= 0.1) return h.toFixed(2);
  return String(Number(h.toPrecision(2)));
}

function lossText(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function relTo(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}

/** `val_loss=0.412` in a checkpoint's name (the URGENT baseline names its checkpoints so). */
function valLossOf(checkpoint: string | null): number | null {
  const m = checkpoint === null ? null : /val_loss=(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(
    checkpoint.slice(checkpoint.lastIndexOf("/") + 1),
  );
  return m ? Number(m[1]) : null;
}

function errorLines(err: unknown, max: number): string[] {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `… and ${lines.length - max} more lines`];
}

/**
 * The notebook view of a training run: a headline with the experiment, its status and hours,
 * then the backend, why the stage ran (or that it was skipped because cached), the curated
 * utterances and hours, the final loss where the backend records it (per-epoch losses, or the
 * `val_loss` in the checkpoint's name), the checkpoint, the experiment folder and the log;
 * a table of checkpoints when there are several; the error and the log's tail after a failure.
 *
 * @param result What `train` returned.
 * @param loss The backend's recorded loss, when known (`train` reads it from the stage's
 *   `metrics.json`).
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { trainView } from "./train_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const stage = { stage: "train", status: "skipped" as const, outDir: "/x/e1/train", durationMs: 12,
 *   hash: { files_stat_hit: 5, files_rehashed: 0, bytes_hashed: 0 } };
 * const view = trainView({
 *   name: "e1", expDir: "/x/e1", backend: "spectral-gain", status: "skipped",
 *   checkpoint: "/x/e1/train/checkpoints/spectral_gain.json",
 *   checkpoints: ["/x/e1/train/checkpoints/spectral_gain.json"],
 *   logPath: "/x/e1/logs/train.log", utterances: 12, hours: 0.25, stage,
 * }, { lossPerEpoch: [0.5, 0.31], inputLoss: 0.9 });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // train: e1 skipped (cached), 12 utterances, 0.25 h
 * ```
 */
export function trainView(result: TrainResult, loss: TrainLossDetails = {}): ResultView {
  const r = result;
  const headStatus = r.status === "skipped" ? "skipped (cached)" : r.status;
  const title = `train: ${r.name} ${headStatus}, ${r.utterances} utterances, ` +
    `${hoursText(r.hours)} h`;
  const facts: [string, string | number | null][] = [
    ["backend", r.backend],
    ["status", STATUS[r.status] ?? r.status],
  ];
  const miss = r.stage?.miss;
  if (r.status !== "skipped" && miss) {
    const detail = [...(miss.keys ?? []), ...(miss.paths ?? [])];
    const shown = detail.slice(0, 3).join(", ") +
      (detail.length > 3 ? `, … ${detail.length - 3} more` : "");
    facts.push([
      "why it ran",
      miss.reason === "no_manifest"
        ? "no_manifest (first run)"
        : miss.reason + (shown ? ` (${shown})` : "") + (miss.detail ? `: ${miss.detail}` : ""),
    ]);
  }
  facts.push(["utterances", r.utterances], ["hours of audio", hoursText(r.hours)]);
  const epochs = loss.lossPerEpoch ?? [];
  if (epochs.length > 0) {
    facts.push([
      "final loss",
      `${lossText(epochs[epochs.length - 1])} after ${epochs.length} ` +
      `${epochs.length === 1 ? "epoch" : "epochs"}` +
      (loss.inputLoss !== undefined && loss.inputLoss !== null
        ? ` (unprocessed input ${lossText(loss.inputLoss)})`
        : ""),
    ]);
  } else {
    const val = valLossOf(r.checkpoint);
    if (val !== null) facts.push(["final loss", `val_loss ${lossText(val)} (checkpoint name)`]);
  }
  facts.push(["checkpoint", r.checkpoint]);
  if (r.checkpoints.length > 1) facts.push(["checkpoints", r.checkpoints.length]);
  facts.push(["experiment", r.expDir], ["log", r.logPath]);
  if (r.stage?.hash) {
    const h = r.stage.hash;
    facts.push([
      "input hashing",
      `${h.files_stat_hit} from the stat cache, ${h.files_rehashed} rehashed`,
    ]);
  }
  if (typeof r.stage?.durationMs === "number") {
    facts.push(["time", `${(r.stage.durationMs / 1000).toFixed(1)} s`]);
  }
  const notes: string[] = [];
  if (r.status === "failed") {
    notes.push(...errorLines(r.error, 12).map((l, i) => i === 0 ? `error: ${l}` : l));
  }
  return {
    title,
    facts,
    ...(r.checkpoints.length > 1
      ? {
        table: r.checkpoints.map((c) => ({
          checkpoint: relTo(r.expDir, c),
          main: c === r.checkpoint ? "yes" : "",
        })),
        tableTitle: "checkpoints",
      }
      : {}),
    notes,
  };
}
