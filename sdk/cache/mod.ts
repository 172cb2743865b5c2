/**
 * The stage cache: content hashing (streaming sha256, directory checksums, a per-machine stat
 * cache), stage manifests keyed by content hash, declared stages, the pipeline runner with stage
 * selection and a root lock, stage events, and `cached` for notebook cells.
 *
 * @module
 */

export * from "./canonical_json.ts";
export * from "./hash_file.ts";
export * from "./hash_files.ts";
export * from "./dir_checksum.ts";
export * from "./stat_cache.ts";
export * from "./manifest.ts";
export * from "./stage.ts";
export * from "./events.ts";
export * from "./lock.ts";
export * from "./run_stage.ts";
export * from "./run_pipeline.ts";
export * from "./cached.ts";
