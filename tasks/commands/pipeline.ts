/**
 * `pipeline`: run the configured stages with caching (stage manifests keyed by content hash).
 *
 * @module
 */

import { z } from "zod";
import type { Command } from "../_command.ts";
import { loadConfig } from "../../sdk/config/load_config.ts";
import { type PipelineSummary, runPipeline } from "../../sdk/cache/run_pipeline.ts";
import { createLogger, type LogLevel } from "../../sdk/log/logger.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import type { Stage } from "../../sdk/cache/stage.ts";
import { STAGE_REGISTRY } from "../stages/mod.ts";

/** Schema (and defaults) of configs/pipeline.yaml; stage parameter blocks pass through. */
export const PipelineConfig = z.looseObject({
  root: z.string().default("data/demo/out"),
  stages: z.array(z.string()).min(1).default(["audio_summary", "summary_report"]),
});

const LEVELS = ["debug", "info", "warn", "error"];

/** Options of {@linkcode runConfiguredPipeline}. */
export interface ConfiguredPipelineOptions {
  /** Pipeline config file. */
  config: string;
  /** Dotted overrides (`summary_report.quiet_lufs=-25`). */
  overrides?: string[];
  /** First stage (inclusive). */
  from?: string;
  /** Last stage (inclusive). */
  to?: string;
  /** Only these stages, in canonical order. */
  only?: string[];
  /** Rerun the selected stages. */
  force?: boolean;
  /** Bypass the stat cache. */
  rehash?: boolean;
  /** One JSON event per line. */
  json?: boolean;
  /** Least severe level printed. */
  logLevel?: LogLevel;
  /** Print nothing but errors. */
  quiet?: boolean;
}

/**
 * Load a pipeline config, resolve its stage names against the registry and run them.
 *
 * @param options See {@linkcode ConfiguredPipelineOptions}.
 * @returns The runner's summary.
 *
 * @example
 * ```ts
 * import { runConfiguredPipeline } from "./pipeline.ts";
 * const dir = await Deno.makeTempDir();
 * const summary = await runConfiguredPipeline({
 *   config: "configs/pipeline.yaml",
 *   overrides: [`root=${dir}`],
 *   quiet: true,
 * });
 * console.log(summary.ok, summary.counts.ran); // true 2
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runConfiguredPipeline(
  options: ConfiguredPipelineOptions,
): Promise<PipelineSummary> {
  const cfg = await loadConfig(options.config, PipelineConfig, {
    overrides: options.overrides ?? [],
  });
  const stages: Stage[] = cfg.stages.map((name) => {
    const stage = STAGE_REGISTRY[name];
    if (!stage) {
      throw new UsageError(
        `Config "${options.config}" names unknown stage "${name}"; known stages: ${
          Object.keys(STAGE_REGISTRY).join(", ")
        }`,
      );
    }
    return stage;
  });
  // JSON events are the machine-readable result: stdout, so they can be piped; human lines
  // stay on stderr with the rest of the diagnostics.
  const logger = createLogger({
    json: options.json,
    stream: options.json ? Deno.stdout : Deno.stderr,
    quiet: options.quiet,
    level: options.logLevel ?? "info",
  });
  return await runPipeline(stages, {
    root: cfg.root,
    params: cfg as Record<string, unknown>,
    from: options.from,
    to: options.to,
    only: options.only,
    force: options.force,
    rehash: options.rehash,
    logger,
  });
}

/** The `pipeline` subcommand. */
export const pipelineCommand: Command = {
  name: "pipeline",
  summary: "Run the configured stages with caching; unchanged stages are skipped",
  usage: "[--config PATH] [--from S] [--to S] [--stages a,b] [--force] [key=value...]",
  description: "Stages run in the canonical order of the config's `stages` list. --from/--to " +
    "select a contiguous range (inclusive); --stages takes precedence and runs the named stages " +
    "in canonical order. A stage is skipped when its cache key (code version, declared " +
    "parameters, input content) matches its manifest and its outputs are unchanged. One runner " +
    "per output root at a time.",
  flags: {
    config: {
      type: "string",
      value: "PATH",
      description: "Pipeline config (configs/pipeline.yaml)",
    },
    from: { type: "string", value: "STAGE", description: "First stage to consider (inclusive)" },
    to: { type: "string", value: "STAGE", description: "Last stage to consider (inclusive)" },
    stages: { type: "string", value: "A,B", description: "Only these stages (canonical order)" },
    force: { type: "boolean", description: "Rerun the selected stages even when cached" },
    rehash: { type: "boolean", description: "Hash every file again (bypass the stat cache)" },
    "log-level": { type: "string", value: "LEVEL", description: "debug, info, warn or error" },
    json: { type: "boolean", description: "One JSON event per line" },
  },
  async run(args, ctx) {
    const level = (args.flags["log-level"] as string | undefined) ?? "info";
    if (!LEVELS.includes(level)) {
      throw new UsageError(
        `Option "--log-level" expects one of ${LEVELS.join(", ")}, found "${level}"`,
      );
    }
    const stagesFlag = args.flags.stages as string | undefined;
    const summary = await runConfiguredPipeline({
      config: (args.flags.config as string | undefined) ?? "configs/pipeline.yaml",
      overrides: args.positionals,
      from: args.flags.from as string | undefined,
      to: args.flags.to as string | undefined,
      only: stagesFlag?.split(",").map((s) => s.trim()).filter((s) => s !== ""),
      force: Boolean(args.flags.force),
      rehash: Boolean(args.flags.rehash),
      json: Boolean(args.flags.json),
      logLevel: level as LogLevel,
      quiet: ctx.quiet,
    });
    if (!args.flags.json && !ctx.quiet) {
      const c = summary.counts;
      console.error(
        `pipeline: ${c.ran} ran, ${c.skipped} skipped, ${c.failed} failed, ${c.not_run} not run`,
      );
    }
    return summary.ok ? 0 : 1;
  },
};
