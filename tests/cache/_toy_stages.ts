/**
 * Toy stages for the cache tests: a -> b -> c, deterministic bytes, and an event collector.
 *
 * @module
 */

import { z } from "zod";
import { createLogger, type Logger } from "../../sdk/log/logger.ts";
import { defineStage, type Stage } from "../../sdk/cache/stage.ts";

/** Parameters of the toy chain (whole tree). */
export interface ToyParams {
  a?: { seed?: number; sleepMs?: number };
  b?: { scale?: number; note?: string; fail?: boolean };
  c?: { suffix?: string };
}

/** Build the a -> b -> c chain; `runs` counts each stage's executions. */
export function toyStages(runs: Record<string, number> = {}): Stage[] {
  const count = (n: string) => runs[n] = (runs[n] ?? 0) + 1;
  const a = defineStage({
    name: "a",
    codeVersion: "1",
    params: z.object({
      a: z.object({ seed: z.number().default(1), sleepMs: z.number().default(0) }).default({
        seed: 1,
        sleepMs: 0,
      }),
    }),
    run: async ({ params, outDir }) => {
      count("a");
      await Deno.writeTextFile(`${outDir}/data.txt`, `seed=${params.a.seed}\n`);
      await Deno.mkdir(`${outDir}/sub`);
      await Deno.writeTextFile(`${outDir}/sub/half.txt`, "partial\n");
      if (params.a.sleepMs > 0) await new Promise((r) => setTimeout(r, params.a.sleepMs));
      await Deno.writeTextFile(`${outDir}/sub/done.txt`, "done\n");
    },
  });
  const b = defineStage({
    name: "b",
    codeVersion: "1",
    params: z.object({
      b: z.object({
        scale: z.number().int().default(2),
        note: z.string().default(""),
        fail: z.boolean().default(false),
      }).default({ scale: 2, note: "", fail: false }),
    }),
    inputs: ({ root }) => [{ root: a.outputDir({ root }) }],
    run: async ({ params, inputs, outDir }) => {
      count("b");
      const text = await Deno.readTextFile(`${inputs[0].root}/data.txt`);
      await Deno.writeTextFile(`${outDir}/scaled.txt`, text.repeat(params.b.scale));
      if (params.b.fail) throw new Error("Toy stage b failed on purpose");
    },
  });
  const c = defineStage({
    name: "c",
    codeVersion: "1",
    params: z.object({ c: z.object({ suffix: z.string().default("!") }).default({ suffix: "!" }) }),
    inputs: ({ root }) => [{ root: b.outputDir({ root }) }],
    run: async ({ params, inputs, outDir }) => {
      count("c");
      const text = await Deno.readTextFile(`${inputs[0].root}/scaled.txt`);
      await Deno.writeTextFile(`${outDir}/final.txt`, text.trim() + params.c.suffix + "\n");
    },
  });
  return [a, b, c];
}

/** A JSON logger that keeps every line as an object. */
export function collector(): { logger: Logger; events: Record<string, unknown>[] } {
  const events: Record<string, unknown>[] = [];
  let buf = "";
  const logger = createLogger({
    json: true,
    level: "debug",
    stream: {
      writeSync(p) {
        buf += new TextDecoder().decode(p);
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
        return p.length;
      },
    },
  });
  return { logger, events };
}

/** The events of one name, as `stage -> event`. */
export function byStage(
  events: Record<string, unknown>[],
  name: string,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const e of events) if (e.event === name) out[String(e.stage)] = e;
  return out;
}
