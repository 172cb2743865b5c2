/**
 * Declaring a pipeline stage: name, code version, the zod schema of the parameters it reads,
 * where its inputs are, where its outputs go, and the function that runs it.
 *
 * @module
 */

import { join } from "node:path";
import type { SchemaOutput, ZodSchema } from "../config/zod_schema.ts";
import type { Logger } from "../log/logger.ts";

/** Where a stage's inputs and outputs are resolved. */
export interface StagePathContext {
  /** The pipeline's output root (absolute). */
  root: string;
}

/** Context of a stage's `inputs` function. */
export interface StageInputsContext<P> extends StagePathContext {
  /** The stage's parsed parameters. */
  params: P;
}

/**
 * One input of a stage: a directory, hashed as a whole (every file under it, minus
 * `manifest.json` at its top and the ignore list) or only the listed files.
 */
export interface StageInput {
  /** Directory, absolute or relative to the pipeline root. */
  root: string;
  /** Only these POSIX paths relative to `root` (default: every file under it). */
  files?: string[];
}

/** An input as the stage's `run` sees it. */
export interface ResolvedInput {
  /** Absolute directory. */
  root: string;
  /** Sorted POSIX paths relative to `root` that were hashed. */
  files: string[];
}

/** What a stage's `run` function receives. */
export interface StageRunContext<P> {
  /** Only the parameters the stage declares, parsed (defaults applied). */
  params: P;
  /** Its inputs, resolved and listed. */
  inputs: ResolvedInput[];
  /** The staging directory to write every output into (empty, created). */
  outDir: string;
  /** The pipeline root. */
  root: string;
  /** The device recorded for this run ("cpu"). */
  device: string;
  /** Logger for the stage's own lines. */
  logger: Logger;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
}

/** What {@linkcode defineStage} takes. */
export interface StageDefinition<S extends ZodSchema> {
  /** Stage name: lowercase letters, digits, `_` or `-`. */
  name: string;
  /** Bump when the stage's code changes its outputs; part of the cache key. */
  codeVersion: string;
  /**
   * Zod object schema of the parameters the stage reads. It is parsed against the whole
   * parameter tree; a `z.object` drops undeclared keys, so only declared keys are keyed.
   */
  params: S;
  /** Whether the device is part of the key (default false; it is always recorded). */
  deviceSensitive?: boolean;
  /** The stage's inputs (default: none). */
  inputs?: (ctx: StageInputsContext<SchemaOutput<S>>) => StageInput[] | Promise<StageInput[]>;
  /** The final output directory (default `<root>/<name>`). */
  outputDir?: (ctx: StagePathContext) => string;
  /** Write every output into `ctx.outDir`; throw on failure. */
  run: (ctx: StageRunContext<SchemaOutput<S>>) => Promise<void>;
}

/** A declared stage (see {@linkcode defineStage}). */
export interface Stage<S extends ZodSchema = ZodSchema> {
  /** Stage name. */
  readonly name: string;
  /** Code version. */
  readonly codeVersion: string;
  /** Parameter schema. */
  readonly params: S;
  /** Whether the device is keyed. */
  readonly deviceSensitive: boolean;
  /** Resolve the stage's inputs. */
  inputs(ctx: StageInputsContext<SchemaOutput<S>>): Promise<StageInput[]>;
  /** The final output directory, absolute. */
  outputDir(ctx: StagePathContext): string;
  /** The run function. */
  run(ctx: StageRunContext<SchemaOutput<S>>): Promise<void>;
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Declare a stage. Names must be lowercase identifiers; the code version must not be empty.
 *
 * @param def See {@linkcode StageDefinition}.
 * @returns A {@linkcode Stage} for `runStage`, `runPipeline` or `cached`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * const count = defineStage({
 *   name: "count",
 *   codeVersion: "1",
 *   params: z.object({ n: z.number().default(3) }),
 *   run: async ({ params, outDir }) => {
 *     await Deno.writeTextFile(`${outDir}/n.txt`, String(params.n));
 *   },
 * });
 * console.log(count.outputDir({ root: "/data" })); // /data/count
 * ```
 */
export function defineStage<S extends ZodSchema>(def: StageDefinition<S>): Stage<S> {
  if (!NAME.test(def.name)) {
    throw new TypeError(
      `Stage name "${def.name}" must be lowercase letters, digits, "_" or "-"`,
    );
  }
  if (def.codeVersion.trim() === "") {
    throw new TypeError(`Stage "${def.name}" needs a non-empty codeVersion`);
  }
  return {
    name: def.name,
    codeVersion: def.codeVersion,
    params: def.params,
    deviceSensitive: def.deviceSensitive ?? false,
    inputs: async (ctx) => def.inputs ? await def.inputs(ctx) : [],
    outputDir: (ctx) => def.outputDir ? def.outputDir(ctx) : join(ctx.root, def.name),
    run: (ctx) => def.run(ctx),
  };
}
