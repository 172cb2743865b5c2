/**
 * The scorer contract and registry: every quality proxy (`signal`, `vad`, `dnsmos`, `embed`,
 * `intrusive`, and users' own) is a named, versioned {@linkcode Scorer} with a zod config
 * schema, registered once and looked up by name from `configs/scoring.yaml`.
 *
 * @module
 */

import type { ZodSchema } from "../config/zod_schema.ts";
import type { AudioData } from "../audio/types.ts";
import type { UtteranceRow } from "../table/schemas.ts";

/** Everything a scorer sees of one utterance. */
export interface ScoreInput {
  /** Utterance id. */
  uttId: string;
  /** The manifest row. */
  row: UtteranceRow;
  /** The decoded audio at its own sample rate (all channels). */
  audio: AudioData;
  /** The clean reference, decoded, when the row has `clean_path`. */
  clean?: AudioData;
}

/** A scorer's values for one utterance: numbers (null when undefined) or an embedding. */
export type ScoreValues = Record<string, number | null | Float32Array>;

/** A scorer made ready by {@linkcode Scorer.init} (models loaded, buffers allocated). */
export interface ScorerInstance {
  /** Score one utterance; throw to record an error for this row only. */
  score(input: ScoreInput): Promise<ScoreValues>;
  /** Free models and buffers. */
  close?(): Promise<void> | void;
}

/** What a scorer's `init` receives besides its config. */
export interface ScorerContext {
  /** Folder of model files (DNSMOS), from config `models_dir`; scorers fall back to their own env vars. */
  modelsDir?: string;
}

/**
 * A named, versioned quality proxy.
 *
 * @typeParam C The config after defaults.
 */
export interface Scorer<C = Record<string, unknown>> {
  /** Name used in `configs/scoring.yaml` (`scorers: [signal, vad, ...]`). */
  name: string;
  /** Version; bump it whenever the values it produces change (it is part of the cache key). */
  version: string;
  /** One line for listings. */
  description: string;
  /** Config schema, the single source of the scorer's defaults. */
  configSchema: ZodSchema<C>;
  /**
   * Output columns and their Arrow types (`"float64?"` for metrics, `"list<float32>"` for an
   * embedding), in output order.
   */
  columns: Readonly<Record<string, string>>;
  /** True when the scorer needs the clean reference (rows without one get nulls). */
  needsClean?: boolean;
  /** Load models and make an instance. */
  init(config: C, context: ScorerContext): Promise<ScorerInstance>;
}

const REGISTRY = new Map<string, Scorer<unknown>>();

/**
 * Register a scorer under its name; registering the same name twice is an error unless
 * `replace` is set.
 *
 * @param scorer The scorer.
 * @param options `replace` swaps an existing registration.
 * @throws {Error} When the name is taken.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { getScorer, registerScorer } from "./scorer.ts";
 * registerScorer({
 *   name: "example_peak",
 *   version: "1",
 *   description: "Peak absolute sample",
 *   configSchema: z.object({}),
 *   columns: { example_peak: "float64?" },
 *   init: () => Promise.resolve({
 *     score: ({ audio }) => Promise.resolve({
 *       example_peak: Math.max(...audio.channels[0].map(Math.abs)),
 *     }),
 *   }),
 * });
 * console.log(getScorer("example_peak").version); // 1
 * ```
 */
export function registerScorer<C>(scorer: Scorer<C>, options: { replace?: boolean } = {}): void {
  if (REGISTRY.has(scorer.name) && !options.replace) {
    throw new Error(`A scorer named "${scorer.name}" is already registered`);
  }
  REGISTRY.set(scorer.name, scorer as Scorer<unknown>);
}

/**
 * Look a scorer up by name.
 *
 * @param name Its registered name.
 * @returns The scorer.
 * @throws {Error} Naming the known scorers when there is none by that name.
 *
 * @example
 * ```ts
 * import { getScorer } from "./scorer.ts";
 * try {
 *   getScorer("nope");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Unknown scorer "nope"')); // true
 * }
 * ```
 */
export function getScorer(name: string): Scorer<unknown> {
  const s = REGISTRY.get(name);
  if (!s) {
    throw new Error(
      `Unknown scorer "${name}"; registered: ${[...REGISTRY.keys()].sort().join(", ") || "none"}`,
    );
  }
  return s;
}

/**
 * The registered scorers, sorted by name.
 *
 * @returns Name, version and description of each.
 *
 * @example
 * ```ts
 * import { listScorers } from "./scorer.ts";
 * console.log(Array.isArray(listScorers())); // true
 * ```
 */
export function listScorers(): { name: string; version: string; description: string }[] {
  return [...REGISTRY.values()].map(({ name, version, description }) => ({
    name,
    version,
    description,
  })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
