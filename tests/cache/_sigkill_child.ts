/**
 * Child process of the SIGKILL and lock tests: runs the toy chain with a sleeping stage `a`,
 * forced, on the root given as the first argument; JSON events on stdout.
 *
 * @module
 */

import { runPipeline } from "../../sdk/cache/run_pipeline.ts";
import { StatCache } from "../../sdk/cache/stat_cache.ts";
import { createLogger } from "../../sdk/log/logger.ts";
import { toyStages } from "./_toy_stages.ts";

const root = Deno.args[0];
await runPipeline(toyStages(), {
  root,
  params: { a: { sleepMs: 30_000 } },
  force: true,
  only: ["a"],
  logger: createLogger({ json: true, stream: Deno.stdout }),
  statCache: await StatCache.open(`${root}.stat-cache.json`),
});
