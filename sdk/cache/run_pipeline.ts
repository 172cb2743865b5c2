/**
 * Run a chain of stages in canonical order with stage selection (`from`, `to`, `only`), `force`,
 * one runner per output root, and a summary.
 *
 * @module
 */

import { resolve } from "node:path";
import { UsageError } from "../log/errors.ts";
import { createLogger, type Logger } from "../log/logger.ts";
import { acquireLock } from "./lock.ts";
import { runStage, stageParams, type StageResult } from "./run_stage.ts";
import type { Stage } from "./stage.ts";
import { StatCache } from "./stat_cache.ts";

/** Options of {@linkcode runPipeline} and {@linkcode selectStages}. */
export interface SelectStagesOptions {
  /** First stage to run (inclusive). */
  from?: string;
  /** Last stage to run (inclusive). */
  to?: string;
  /** Exactly these stages, in canonical order; takes precedence over from/to. */
  only?: string[];
}

/** Options of {@linkcode runPipeline}. */
export interface RunPipelineOptions extends SelectStagesOptions {
  /** The output root (created; locked while running). */
  root: string;
  /** The whole parameter tree; each stage's schema picks what it declares. */
  params?: Record<string, unknown>;
  /** Rerun the selected stages even when cached. */
  force?: boolean;
  /** Hash every file again instead of trusting the stat cache. */
  rehash?: boolean;
  /** Where events go (default: human lines on stderr). */
  logger?: Logger;
  /** Stat cache to use (default: the per-machine one); saved at the end. */
  statCache?: StatCache;
  /** Device recorded in manifests (default "cpu"). */
  device?: string;
  /** Cancels the running stage. */
  signal?: AbortSignal;
}

/** One stage's line of the summary. */
export interface PipelineStageSummary {
  /** Stage name. */
  stage: string;
  /** "not_selected": outside the selection; "not_run": after a failure. */
  status: StageResult["status"] | "not_selected" | "not_run";
  /** Its result, for stages that were considered. */
  result?: StageResult;
}

/** What {@linkcode runPipeline} did. */
export interface PipelineSummary {
  /** True when no selected stage failed. */
  ok: boolean;
  /** Every stage, in canonical order. */
  stages: PipelineStageSummary[];
  /** The stage that failed, if any. */
  failed?: string;
  /** Counts by status. */
  counts: { ran: number; skipped: number; failed: number; not_run: number };
}

function names(stages: readonly Stage[]): string {
  return stages.map((s) => s.name).join(", ");
}

/**
 * The stages a selection picks, in canonical order (the array's order). `only` takes precedence
 * and may name any stages; otherwise `from` and `to` bound an inclusive contiguous range.
 *
 * @param stages Every stage, in canonical order.
 * @param options See {@linkcode SelectStagesOptions}.
 * @returns The selected stages.
 * @throws {UsageError} On unknown names, an empty `only`, duplicate stage names, or `from`
 *   after `to`; the message lists the valid stages.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * import { selectStages } from "./run_pipeline.ts";
 * const mk = (name: string) =>
 *   defineStage({ name, codeVersion: "1", params: z.object({}), run: async () => {} });
 * const all = ["a", "b", "c", "d"].map(mk);
 * console.log(selectStages(all, { from: "b", to: "c" }).map((s) => s.name)); // [ "b", "c" ]
 * console.log(selectStages(all, { only: ["d", "a"] }).map((s) => s.name)); // [ "a", "d" ]
 * ```
 */
export function selectStages(stages: readonly Stage[], options: SelectStagesOptions = {}): Stage[] {
  const index = new Map<string, number>();
  stages.forEach((s, i) => {
    if (index.has(s.name)) throw new UsageError(`Stage "${s.name}" is declared twice`);
    index.set(s.name, i);
  });
  const valid = `valid stages, in order: ${names(stages)}`;
  const find = (flag: string, name: string): number => {
    const i = index.get(name);
    if (i === undefined) throw new UsageError(`Unknown stage "${name}" in ${flag}; ${valid}`);
    return i;
  };
  const from = options.from === undefined ? 0 : find("--from", options.from);
  const to = options.to === undefined ? stages.length - 1 : find("--to", options.to);
  if (options.only !== undefined) {
    if (options.only.length === 0) throw new UsageError(`--stages names no stage; ${valid}`);
    const picked = new Set(options.only.map((n) => find("--stages", n)));
    return stages.filter((_, i) => picked.has(i));
  }
  if (from > to) {
    throw new UsageError(
      `--from "${options.from}" comes after --to "${options.to}"; ${valid}`,
    );
  }
  return stages.slice(from, to + 1);
}

/**
 * Run stages in canonical order. Takes the root's lock first (a second runner fails at once
 * with `LockHeldError`), validates the selection and every selected stage's parameters before
 * anything runs, then runs each selected stage with {@linkcode runStage}. Stages outside the
 * selection do not run; their existing outputs serve as inputs downstream. The first failure
 * stops the run (later stages are "not_run"); nothing is thrown for it, `ok` is false.
 *
 * @param stages Every stage, in canonical order.
 * @param options See {@linkcode RunPipelineOptions}.
 * @returns A {@linkcode PipelineSummary}.
 * @throws {UsageError} Bad selection, or the lock is held.
 * @throws {ConfigError} Parameters that do not fit a selected stage's schema.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * import { runPipeline } from "./run_pipeline.ts";
 * import { StatCache } from "./stat_cache.ts";
 * const root = await Deno.makeTempDir();
 * const statCache = await StatCache.open(`${root}/.stat-cache.json`);
 * const a = defineStage({
 *   name: "a", codeVersion: "1", params: z.object({}),
 *   run: async ({ outDir }) => await Deno.writeTextFile(`${outDir}/x.txt`, "x"),
 * });
 * const b = defineStage({
 *   name: "b", codeVersion: "1", params: z.object({}),
 *   inputs: ({ root }) => [{ root: a.outputDir({ root }) }],
 *   run: async ({ inputs, outDir }) => {
 *     const x = await Deno.readTextFile(`${inputs[0].root}/x.txt`);
 *     await Deno.writeTextFile(`${outDir}/y.txt`, x + x);
 *   },
 * });
 * const first = await runPipeline([a, b], { root, statCache });
 * console.log(first.counts); // { ran: 2, skipped: 0, failed: 0, not_run: 0 }
 * const again = await runPipeline([a, b], { root, statCache });
 * console.log(again.counts.skipped); // 2
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function runPipeline(
  stages: readonly Stage[],
  options: RunPipelineOptions,
): Promise<PipelineSummary> {
  const selected = new Set(selectStages(stages, options));
  const params = options.params ?? {};
  for (const s of selected) stageParams(s, params);
  const root = resolve(options.root);
  const logger = options.logger ?? createLogger();
  const lock = await acquireLock(root);
  const statCache = options.statCache ?? await StatCache.open();
  const summary: PipelineSummary = {
    ok: true,
    stages: [],
    counts: { ran: 0, skipped: 0, failed: 0, not_run: 0 },
  };
  try {
    for (const stage of stages) {
      if (!selected.has(stage)) {
        summary.stages.push({ stage: stage.name, status: "not_selected" });
        continue;
      }
      if (!summary.ok) {
        summary.stages.push({ stage: stage.name, status: "not_run" });
        summary.counts.not_run++;
        continue;
      }
      const result = await runStage(stage, {
        root,
        params,
        force: options.force,
        rehash: options.rehash,
        logger,
        statCache,
        device: options.device,
        signal: options.signal,
      });
      summary.stages.push({ stage: stage.name, status: result.status, result });
      summary.counts[result.status]++;
      if (result.status === "failed") {
        summary.ok = false;
        summary.failed = stage.name;
      }
    }
  } finally {
    await statCache.save().catch((err) => logger.warn(`Stat cache not saved: ${err}`));
    await lock.release();
  }
  return summary;
}
