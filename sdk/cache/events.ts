/**
 * Stage events of the runner: typed objects, emitted as one JSON object per line (`--json`) or
 * as readable human lines ("SKIPPED score: unchanged").
 *
 * @module
 */

import type { Logger } from "../log/logger.ts";

/** Why a stage's cache did not hit. */
export type CacheMissReason =
  | "no_manifest"
  | "params_changed"
  | "input_changed"
  | "output_missing"
  | "output_modified"
  | "code_version_changed"
  | "hash_algo_changed"
  | "device_changed"
  | "forced"
  | "incomplete";

/** A cache miss: the reason, and the keys or paths behind it where they apply. */
export interface CacheMiss {
  /** The reason. */
  reason: CacheMissReason;
  /** Dotted parameter keys that changed (`params_changed`). */
  keys?: string[];
  /** Paths that changed, went missing or were modified (input_changed, output_*). */
  paths?: string[];
  /** One readable fragment (e.g. why a manifest could not be read). */
  detail?: string;
}

/** Hashing counters of one check or run. */
export interface HashCounters {
  /** Files whose hash came from the stat cache. */
  files_stat_hit: number;
  /** Files hashed (read) again. */
  files_rehashed: number;
  /** Bytes read for hashing. */
  bytes_hashed: number;
}

/** A stage whose key and outputs matched: not run. */
export interface StageSkippedEvent extends HashCounters {
  /** Event name. */
  event: "stage_skipped";
  /** Stage name. */
  stage: string;
  /** Always "unchanged". */
  reason: "unchanged";
}

/** A stage that will run, and why. */
export interface StageCacheMissEvent extends CacheMiss {
  /** Event name. */
  event: "stage_cache_miss";
  /** Stage name. */
  stage: string;
}

/** A stage starting. */
export interface StageRunningEvent {
  /** Event name. */
  event: "stage_running";
  /** Stage name. */
  stage: string;
  /** Final output directory. */
  out_dir: string;
}

/** A stage that ran and recorded its manifest. */
export interface StageCompletedEvent extends HashCounters {
  /** Event name. */
  event: "stage_completed";
  /** Stage name. */
  stage: string;
  /** Wall time of the whole stage (check, run, hashing, promotion) in milliseconds. */
  duration_ms: number;
  /** Number of output files recorded. */
  outputs: number;
}

/** A stage that threw: partial outputs removed, previous good outputs kept. */
export interface StageFailedEvent {
  /** Event name. */
  event: "stage_failed";
  /** Stage name. */
  stage: string;
  /** The error as one sentence. */
  error: string;
  /** What to do next, e.g. `rerun with --from score`. */
  hint: string;
}

/** Any stage event. */
export type StageEvent =
  | StageSkippedEvent
  | StageCacheMissEvent
  | StageRunningEvent
  | StageCompletedEvent
  | StageFailedEvent;

function describeMiss(e: CacheMiss): string {
  const list = e.keys ?? e.paths;
  const shown = list && list.length > 0
    ? ` (${list.slice(0, 5).join(", ")}${list.length > 5 ? `, +${list.length - 5} more` : ""})`
    : e.detail
    ? ` (${e.detail})`
    : "";
  return `${e.reason}${shown}`;
}

/**
 * The readable line of an event: `SKIPPED score: unchanged`,
 * `RUN score: params_changed (vad.threshold)`, `DONE score: 3 files in 12 ms`,
 * `FAILED score: <error>; rerun with --from score`. `stage_running` has no line of its own
 * (the `RUN` line already said it) and returns undefined.
 *
 * @param e An event.
 * @returns One line, or undefined.
 *
 * @example
 * ```ts
 * import { formatStageEvent } from "./events.ts";
 * console.log(formatStageEvent({
 *   event: "stage_cache_miss", stage: "score", reason: "params_changed", keys: ["vad.threshold"],
 * })); // RUN score: params_changed (vad.threshold)
 * ```
 */
export function formatStageEvent(e: StageEvent): string | undefined {
  switch (e.event) {
    case "stage_skipped":
      return `SKIPPED ${e.stage}: unchanged` +
        (e.files_rehashed > 0
          ? ` (${e.files_rehashed} ${e.files_rehashed === 1 ? "file" : "files"} re-hashed)`
          : "");
    case "stage_cache_miss":
      return `RUN ${e.stage}: ${describeMiss(e)}`;
    case "stage_running":
      return undefined;
    case "stage_completed":
      return `DONE ${e.stage}: ${e.outputs} ${e.outputs === 1 ? "file" : "files"} in ` +
        `${Math.round(e.duration_ms)} ms`;
    case "stage_failed":
      return `FAILED ${e.stage}: ${e.error}; ${e.hint}`;
  }
}

/**
 * Emit a stage event: `logger.event(name, fields)` in JSON mode (one object a line), else the
 * human line of {@linkcode formatStageEvent} at info level (`stage_failed` at error level).
 *
 * @param logger Where to write.
 * @param e The event.
 *
 * @example
 * ```ts
 * import { emitStageEvent } from "./events.ts";
 * import { createLogger } from "../log/logger.ts";
 * const log = createLogger({ json: true, stream: Deno.stdout });
 * emitStageEvent(log, {
 *   event: "stage_skipped", stage: "a", reason: "unchanged",
 *   files_stat_hit: 2, files_rehashed: 0, bytes_hashed: 0,
 * });
 * ```
 */
export function emitStageEvent(logger: Logger, e: StageEvent): void {
  if (logger.json) {
    const { event, ...fields } = e;
    logger.event(event, fields);
    return;
  }
  const line = formatStageEvent(e);
  if (line === undefined) {
    logger.debug(`Stage ${e.stage} running into "${(e as StageRunningEvent).out_dir}"`);
  } else if (e.event === "stage_failed") {
    logger.error(line);
  } else {
    logger.info(line);
  }
}
