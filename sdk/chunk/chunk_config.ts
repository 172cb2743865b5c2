/**
 * The `chunk` section of the configuration (`configs/chunk.yaml`): parameters, dataset folders,
 * SLURM resources and the runner command.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { type ChunkParams, ChunkParamsSchema } from "./chunk_params.ts";
import { type ChunkLayout, ChunkLayoutSchema } from "./chunk_layout.ts";
import { type SlurmResources, SlurmResourcesSchema } from "./slurm_script.ts";

/**
 * Schema of `configs/chunk.yaml`; the single source of its defaults.
 *
 * @example
 * ```ts
 * import { ChunkConfigSchema } from "./chunk_config.ts";
 * const cfg = ChunkConfigSchema.parse({ params: { chunk_duration: 30 } });
 * console.log(cfg.params.chunk_duration, cfg.layout.pattern, cfg.runner); // 30 *.wav null
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkConfigSchema = z.strictObject({
  /** Chunk length, overlap, tail policy. */
  params: ChunkParamsSchema.prefault({}),
  /** Dataset folders and the recording pattern. */
  layout: ChunkLayoutSchema.prefault({}),
  /** Resources of the SLURM array (`--slurm-script`). */
  slurm: SlurmResourcesSchema.prefault({}),
  /**
   * Argv prefix that starts the CLI in `datalad run` records and SLURM tasks; null: this
   * checkout with the running Deno.
   */
  runner: z.array(z.string().min(1)).min(1).nullable().default(null),
});

/** The chunk configuration after defaults. Validated by {@linkcode ChunkConfigSchema}. */
export interface ChunkConfig {
  /** Chunk length, overlap, tail policy. Default: every key at its default. */
  params: ChunkParams;
  /** Dataset folders and the recording pattern. Default: every key at its default. */
  layout: ChunkLayout;
  /** Resources of the SLURM array (`--slurm-script`). Default: every key at its default. */
  slurm: SlurmResources;
  /**
   * Argv prefix that starts the CLI in `datalad run` records and SLURM tasks; null: this
   * checkout with the running Deno. Default `null`.
   */
  runner: string[] | null;
}
const _chunkConfig: SameType<ChunkConfig, z.output<typeof ChunkConfigSchema>> = true;
