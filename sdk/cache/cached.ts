/**
 * The stage cache for a notebook cell: `await cached(stage, { root, params })` shares manifests
 * and outputs with `deno task pipeline` runs on the same root.
 *
 * @module
 */

import { resolve } from "node:path";
import { createLogger } from "../log/logger.ts";
import { acquireLock } from "./lock.ts";
import type { Manifest } from "./manifest.ts";
import { runStage, type RunStageOptions } from "./run_stage.ts";
import type { Stage } from "./stage.ts";
import { StatCache } from "./stat_cache.ts";

/** What {@linkcode cached} returns. */
export interface CachedResult {
  /** The stage's final output directory. */
  outDir: string;
  /** Its manifest (output files, key, timestamps). */
  manifest: Manifest;
  /** Whether it ran now or came from the cache. */
  status: "ran" | "skipped";
}

/**
 * Run a stage through the cache from a notebook cell or a script: the same key, manifest and
 * outputs as the pipeline runner, under the same root lock (so it fails at once while a
 * pipeline runs on that root). Logs go to stderr as human lines unless a logger is given.
 *
 * @param stage The stage.
 * @param options See `RunStageOptions` (root, params, force, rehash, logger, statCache, device).
 * @returns The output directory and manifest.
 * @throws The stage's own error when it fails (after `stage_failed`; previous outputs kept).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * import { cached } from "./cached.ts";
 * import { StatCache } from "./stat_cache.ts";
 * const root = await Deno.makeTempDir();
 * const statCache = await StatCache.open(`${root}/.stat-cache.json`);
 * const squares = defineStage({
 *   name: "squares", codeVersion: "1", params: z.object({ n: z.number().default(4) }),
 *   run: async ({ params, outDir }) => {
 *     const rows = Array.from({ length: params.n }, (_, i) => i * i).join("\n");
 *     await Deno.writeTextFile(`${outDir}/squares.txt`, rows + "\n");
 *   },
 * });
 * const r1 = await cached(squares, { root, statCache });
 * const r2 = await cached(squares, { root, statCache });
 * console.log(r1.status, r2.status, r2.manifest.output_files[0].path); // ran skipped squares.txt
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function cached(stage: Stage, options: RunStageOptions): Promise<CachedResult> {
  const root = resolve(options.root);
  const lock = await acquireLock(root);
  const statCache = options.statCache ?? await StatCache.open();
  try {
    const r = await runStage(stage, {
      ...options,
      root,
      statCache,
      logger: options.logger ?? createLogger(),
    });
    if (r.status === "failed") throw r.error;
    return { outDir: r.outDir, manifest: r.manifest!, status: r.status };
  } finally {
    await statCache.save();
    await lock.release();
  }
}
