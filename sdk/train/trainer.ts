/**
 * The trainer backend contract and its registry: `train` validates the curated selection,
 * writes the experiment folder, then hands the utterances to the backend named by
 * `train.backend` in the config (`configs/train/*.yaml`).
 *
 * A backend declares its config schema (the `train` section, the single source of its
 * defaults), what audio it needs (`pairs`: noisy `path` + `clean_path` of equal rate and length;
 * `sources`: one clean source per utterance, `clean_path` or else `path`), writes its data files
 * into the experiment's `data/` folder (`prepare`, deterministic bytes: they are stage inputs),
 * and trains (`run`), writing its checkpoints under `<outDir>/checkpoints/`.
 *
 * @module
 */

import type { ZodSchema } from "../config/zod_schema.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import type { TrainLog } from "./train_log.ts";

/** One curated utterance as a backend receives it (absolute paths, probed facts). */
export interface TrainUtterance {
  /** Utterance id. */
  uttId: string;
  /** Absolute noisy file (`path`), or null for `sources` backends. */
  noisyPath: string | null;
  /** Absolute clean file (`clean_path`; for `sources`, `clean_path` or else `path`). */
  cleanPath: string | null;
  /** Sample rate in Hz, as probed (equal for noisy and clean). */
  sampleRate: number;
  /** Samples per channel (of the clean file where there is one, else the noisy one). */
  frames: number;
  /** The manifest row. */
  row: UtteranceRow;
}

/** What audio a backend needs from each curated utterance. */
export type TrainerInputs = "pairs" | "sources";

/** Context of {@linkcode Trainer.check} and {@linkcode Trainer.prepare}. */
export interface TrainerPrepareContext<C> {
  /** The backend's validated `train` section. */
  config: C;
  /** The experiment seed (`seed` of the config). */
  seed: number;
  /** The experiment name. */
  expName: string;
  /** The experiment folder (absolute). */
  expDir: string;
  /** `<expDir>/data` (absolute, exists and is empty when `prepare` starts). */
  dataDir: string;
  /** The curated list file as given (for messages). */
  listPath: string;
  /** The curated utterances, sorted by id. */
  utterances: readonly TrainUtterance[];
}

/** Context of {@linkcode Trainer.run}. */
export interface TrainerRunContext<C> extends TrainerPrepareContext<C> {
  /** The stage's output folder (a staging folder, promoted when `run` returns). */
  outDir: string;
  /** The attempt's log (appends to `<expDir>/logs/train.log`, echoes to the terminal). */
  log: TrainLog;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
}

/** What {@linkcode Trainer.run} returns. */
export interface TrainerRunResult {
  /** The main checkpoint, POSIX path relative to the output folder. */
  checkpoint: string;
  /** Every checkpoint written, relative to the output folder, sorted. */
  checkpoints: string[];
}

/** A trainer backend. */
export interface Trainer<C = unknown> {
  /** Backend name, the value of `train.backend`, e.g. `spectral-gain`. */
  name: string;
  /** Bump when the backend's outputs change for the same inputs; part of the stage's key. */
  version: string;
  /** One line for `--list`. */
  description: string;
  /** Schema of the `train` section (with `backend`); the single source of its defaults. */
  configSchema: ZodSchema<C>;
  /** What audio the backend needs (see {@linkcode TrainerInputs}). */
  inputs(config: C): TrainerInputs;
  /** Short model tag for generated experiment names, e.g. `bsrnn`. */
  modelTag(config: C): string;
  /** Extra checks before anything is written; throw a `TrainInputError` naming the problem. */
  check?(ctx: TrainerPrepareContext<C>): void | Promise<void>;
  /**
   * Write the backend's data files into `ctx.dataDir` (same inputs, same bytes).
   *
   * @returns The files written, POSIX paths relative to `dataDir`, sorted.
   */
  prepare(ctx: TrainerPrepareContext<C>): Promise<string[]>;
  /** Train; write checkpoints under `<outDir>/checkpoints/`; throw on failure. */
  run(ctx: TrainerRunContext<C>): Promise<TrainerRunResult>;
}

const REGISTRY = new Map<string, Trainer<unknown>>();

/**
 * Register a trainer backend under its name.
 *
 * @param trainer The backend.
 * @param options `replace: true` to replace one registered under the same name.
 * @throws {Error} When the name is taken and `replace` is not set.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { getTrainer, registerTrainer } from "./trainer.ts";
 * registerTrainer({
 *   name: "example-noop",
 *   version: "1",
 *   description: "Writes an empty checkpoint",
 *   configSchema: z.object({ backend: z.literal("example-noop") }),
 *   inputs: () => "sources",
 *   modelTag: () => "noop",
 *   prepare: () => Promise.resolve([]),
 *   run: async ({ outDir }) => {
 *     await Deno.mkdir(`${outDir}/checkpoints`);
 *     await Deno.writeTextFile(`${outDir}/checkpoints/model.txt`, "");
 *     return { checkpoint: "checkpoints/model.txt", checkpoints: ["checkpoints/model.txt"] };
 *   },
 * }, { replace: true });
 * console.log(getTrainer("example-noop").description); // Writes an empty checkpoint
 * ```
 */
export function registerTrainer<C>(trainer: Trainer<C>, options: { replace?: boolean } = {}): void {
  if (REGISTRY.has(trainer.name) && !options.replace) {
    throw new Error(`A trainer named "${trainer.name}" is already registered`);
  }
  REGISTRY.set(trainer.name, trainer as Trainer<unknown>);
}

/**
 * The trainer registered under a name.
 *
 * @param name Backend name (`train.backend`).
 * @returns The backend.
 * @throws {Error} Naming the unknown backend and the registered ones.
 *
 * @example
 * ```ts
 * import { getTrainer } from "./trainer.ts";
 * try {
 *   getTrainer("nope");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Unknown trainer backend "nope"')); // true
 * }
 * ```
 */
export function getTrainer(name: string): Trainer<unknown> {
  const t = REGISTRY.get(name);
  if (!t) {
    const known = [...REGISTRY.keys()].sort();
    throw new Error(
      `Unknown trainer backend "${name}"; registered: ${known.length ? known.join(", ") : "none"}`,
    );
  }
  return t;
}

/**
 * The registered trainers, sorted by name.
 *
 * @returns Name, version and description of each.
 *
 * @example
 * ```ts
 * import { listTrainers } from "./trainer.ts";
 * console.log(Array.isArray(listTrainers())); // true
 * ```
 */
export function listTrainers(): { name: string; version: string; description: string }[] {
  return [...REGISTRY.values()]
    .map((t) => ({ name: t.name, version: t.version, description: t.description }))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
