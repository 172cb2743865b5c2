/**
 * Chunking parameters: chunk length, overlap, and what happens to the tail of a recording.
 *
 * @module
 */

import { z } from "zod";
import { canonicalJson, sha256Hex } from "../cache/canonical_json.ts";
import type { SameType } from "../config/_same_type.ts";

/**
 * What to do with the last window when it runs past the end of the recording (the meanings of
 * OpenSoundscape's `final_clip`):
 *
 * - `none`: drop it; every chunk has the full length.
 * - `remainder`: keep it, cut short at the end of the recording.
 * - `full`: shift it back so it ends at the end of the recording (full length, re-covering
 *   audio already in the previous chunk); a recording shorter than one chunk gives one short
 *   chunk.
 * - `extend`: keep the full length and pad the missing frames with digital silence.
 *
 * Unlike OpenSoundscape, windows stop at the first one that reaches the end, so an overlap never
 * produces a run of ever-shorter redundant tail chunks (BirdNET's rule).
 */
export const TAIL_POLICIES = ["none", "remainder", "full", "extend"] as const;

/** One of {@linkcode TAIL_POLICIES}. */
export type TailPolicy = typeof TAIL_POLICIES[number];

/**
 * Chunking parameters; the single source of their defaults.
 *
 * The default tail policy is `remainder` with `min_tail` 1 s: every second of a recording lands
 * in a chunk without padding silence that a classifier could score, and a tail under one second
 * (too short for a 3 s classifier window to say anything: BirdNET's minimum length) is dropped.
 *
 * @example
 * ```ts
 * import { ChunkParamsSchema } from "./chunk_params.ts";
 * console.log(ChunkParamsSchema.parse({ chunk_duration: 30 }));
 * // { chunk_duration: 30, overlap: 0, tail: "remainder", min_tail: 1 }
 * console.log(ChunkParamsSchema.safeParse({ chunk_duration: 3, overlap: 3 }).success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ChunkParamsSchema = z.strictObject({
  /** Chunk length, seconds (> 0). */
  chunk_duration: z.number().positive().default(60),
  /** Overlap between consecutive chunks, seconds (0 <= overlap < chunk_duration). */
  overlap: z.number().nonnegative().default(0),
  /** Tail policy, see {@linkcode TAIL_POLICIES}. */
  tail: z.enum(TAIL_POLICIES).default("remainder"),
  /** Shortest tail kept, seconds of real audio (policies remainder, full and extend). */
  min_tail: z.number().nonnegative().default(1),
}).refine((p) => p.overlap < p.chunk_duration, {
  message: "overlap must be shorter than chunk_duration",
  path: ["overlap"],
});

/** Chunking parameters after defaults. Validated by {@linkcode ChunkParamsSchema}. */
export interface ChunkParams {
  /** Chunk length, seconds (> 0). Default 60. */
  chunk_duration: number;
  /** Overlap between consecutive chunks, seconds (0 <= overlap < chunk_duration). Default 0. */
  overlap: number;
  /** Tail policy, see {@linkcode TAIL_POLICIES}. Default `"remainder"`. */
  tail: TailPolicy;
  /** Shortest tail kept, seconds of real audio (policies remainder, full and extend). Default 1. */
  min_tail: number;
}
const _chunkParams: SameType<ChunkParams, z.output<typeof ChunkParamsSchema>> = true;

/** Chunking parameters as given: every key of {@linkcode ChunkParams} is optional. */
export type ChunkParamsInput = Partial<ChunkParams>;
const _chunkParamsInput: SameType<ChunkParamsInput, z.input<typeof ChunkParamsSchema>> = true;

/**
 * Validate parameters and fill in defaults, with one readable sentence on failure.
 *
 * @param input Parameters as given.
 * @returns The validated parameters.
 * @throws {RangeError} Naming the first invalid value.
 *
 * @example
 * ```ts
 * import { resolveChunkParams } from "./chunk_params.ts";
 * console.log(resolveChunkParams({ overlap: 2 }).chunk_duration); // 60
 * try {
 *   resolveChunkParams({ chunk_duration: 0 });
 * } catch (err) {
 *   console.log((err as Error).message); // Invalid chunk_duration: must be greater than 0 (got 0)
 * }
 * ```
 */
export function resolveChunkParams(input: ChunkParamsInput = {}): ChunkParams {
  const parsed = ChunkParamsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path.join(".") || "parameters";
  const got = (input as Record<string, unknown>)[key];
  const what = issue.code === "too_small" ? "must be greater than 0" : issue.message;
  throw new RangeError(
    `Invalid ${key}: ${
      key === "overlap" && issue.code === "custom" ? "must be shorter than chunk_duration" : what
    } (got ${JSON.stringify(got)})`,
  );
}

/**
 * A short fingerprint of the parameters (and code version) that decide the chunk bytes: equal
 * fingerprints mean equal chunks from equal input.
 *
 * @param params Validated parameters.
 * @returns 16 hex digits of a sha256 over canonical JSON.
 *
 * @example
 * ```ts
 * import { chunkFingerprint, resolveChunkParams } from "./chunk_params.ts";
 * const a = chunkFingerprint(resolveChunkParams({ chunk_duration: 30 }));
 * console.log(a === chunkFingerprint(resolveChunkParams({ chunk_duration: 30.0 }))); // true
 * console.log(a === chunkFingerprint(resolveChunkParams({ chunk_duration: 31 }))); // false
 * ```
 */
export function chunkFingerprint(params: ChunkParams): string {
  return sha256Hex(canonicalJson({ chunker: "audiocurate-chunk/1", ...params })).slice(0, 16);
}
