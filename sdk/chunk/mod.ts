/**
 * Chunk planning and running: SLURM job-array scripts that run one plan row per array task.
 * Plans and chunked recordings show themselves in a notebook (`chunkPlanView`,
 * `chunkRecordingView`).
 *
 * @example
 * ```ts
 * import { renderSlurmArrays } from "./mod.ts";
 * const [script] = renderSlurmArrays({
 *   resources: {},
 *   tasks: 4,
 *   command: ["echo", "{index}"],
 *   workdir: "/tmp",
 * });
 * console.log(script.arraySpec); // 0-3%8
 * ```
 *
 * @module
 */

export * from "./slurm_script.ts";
export * from "./hawkears_config.ts";
export * from "./hawkears_queue.ts";
export * from "./hawkears_run.ts";
export * from "./hawkears_labels.ts";
export * from "./chunk_params.ts";
export * from "./chunk_bounds.ts";
export * from "./chunk_layout.ts";
export * from "./chunk_status.ts";
export * from "./chunk_plan.ts";
export * from "./chunk_recording.ts";
export * from "./chunk_runner.ts";
export * from "./chunk_datalad.ts";
export * from "./chunk_config.ts";
export * from "./plan_io.ts";
export * from "./apply_plan.ts";
export * from "./chunk_plan_view.ts";
export * from "./chunk_recording_view.ts";
