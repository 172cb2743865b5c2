/**
 * The dataset registry: adapters that download, prepare and list a dataset's utterances, looked
 * up by the `adapter` key of `configs/datasets/<name>.yaml`.
 *
 * @module
 */

import type { ZodSchema } from "../config/zod_schema.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import type { DatasetConfig } from "./dataset_config.ts";
import type { SplitName } from "./splits.ts";

/** What an adapter's stage receives. */
export interface DatasetContext<O = unknown> {
  /** The dataset config (common keys). */
  config: DatasetConfig;
  /** The adapter's own options, validated by its `optionsSchema`. */
  options: O;
  /** Absolute data root. */
  root: string;
  /** Redo work whose output exists (`--force`). */
  force: boolean;
  /** Prints one progress or information line (to standard error in the CLI). */
  log: (line: string) => void;
}

/** A file an adapter left out of the manifest, and why. */
export interface SkippedFile {
  /** The file (absolute) or list entry at fault. */
  path: string;
  /** One sentence. */
  reason: string;
}

/** The utterances of one split, with absolute audio paths. */
export interface AdapterRows {
  /** Manifest rows (absolute `path` and `clean_path`), validated later. */
  rows: UtteranceRow[];
  /** Files or entries left out. */
  skipped: SkippedFile[];
}

/** A dataset adapter. */
export interface DatasetAdapter<O = unknown> {
  /** Registered name, the `adapter` key of a dataset config. */
  name: string;
  /** One line for listings. */
  description: string;
  /** zod schema of the config's `options` mapping: the single source of its defaults. */
  optionsSchema: ZodSchema<O>;
  /**
   * Fetch the data. Throws a {@linkcode DatasetError} whose message says what to do when it
   * cannot (never fakes data).
   */
  download(ctx: DatasetContext<O>): Promise<void>;
  /** Turn downloaded data into what `rows` reads; throws a {@linkcode DatasetError} likewise. */
  prepare(ctx: DatasetContext<O>): Promise<void>;
  /** The splits this dataset can feed, given its options. */
  splits(ctx: DatasetContext<O>): SplitName[];
  /** The rows of one split (absolute paths); throws a {@linkcode DatasetError} when absent. */
  rows(ctx: DatasetContext<O>, split: SplitName): Promise<AdapterRows>;
}

/**
 * A dataset stage that cannot run: data absent, a tool missing. The message is one sentence
 * naming the file or value at fault and what to do; `hint` holds extra lines (commands, URLs)
 * the CLI prints before it.
 *
 * @example
 * ```ts
 * import { DatasetError } from "./registry.ts";
 * const err = new DatasetError("Dataset data/x is absent", ["run prepare first"]);
 * console.log(err.message, err.hint.length); // Dataset data/x is absent 1
 * ```
 */
export class DatasetError extends Error {
  /** Lines to print before the message (commands, URLs). */
  readonly hint: string[];
  /**
   * A dataset error.
   *
   * @param message One sentence, sentence case, no final period.
   * @param hint Extra lines.
   */
  constructor(message: string, hint: string[] = []) {
    super(message);
    this.name = "DatasetError";
    this.hint = hint;
  }
}

const REGISTRY = new Map<string, DatasetAdapter<unknown>>();

/**
 * Register a dataset adapter under its name.
 *
 * @param adapter The adapter.
 * @param options `replace` an adapter of the same name (default false: throw).
 * @throws {Error} When the name is taken and `replace` is not set.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { getDataset, registerDataset } from "./registry.ts";
 * registerDataset({
 *   name: "example_empty",
 *   description: "No utterances",
 *   optionsSchema: z.object({}),
 *   download: () => Promise.resolve(),
 *   prepare: () => Promise.resolve(),
 *   splits: () => ["train"],
 *   rows: () => Promise.resolve({ rows: [], skipped: [] }),
 * });
 * console.log(getDataset("example_empty").description); // No utterances
 * ```
 */
export function registerDataset<O>(
  adapter: DatasetAdapter<O>,
  options: { replace?: boolean } = {},
): void {
  if (REGISTRY.has(adapter.name) && !options.replace && REGISTRY.get(adapter.name) !== adapter) {
    throw new Error(`A dataset adapter named "${adapter.name}" is already registered`);
  }
  REGISTRY.set(adapter.name, adapter as DatasetAdapter<unknown>);
}

/**
 * Look an adapter up by name.
 *
 * @param name Its registered name.
 * @returns The adapter.
 * @throws {Error} Naming the registered adapters when there is none by that name.
 *
 * @example
 * ```ts
 * import { getDataset } from "./registry.ts";
 * try {
 *   getDataset("nope");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Unknown dataset adapter "nope"')); // true
 * }
 * ```
 */
export function getDataset(name: string): DatasetAdapter<unknown> {
  const a = REGISTRY.get(name);
  if (!a) {
    throw new Error(
      `Unknown dataset adapter "${name}"; registered: ${
        [...REGISTRY.keys()].sort().join(", ") || "none"
      }`,
    );
  }
  return a;
}

/**
 * The registered adapter names, sorted.
 *
 * @returns Names.
 *
 * @example
 * ```ts
 * import { listDatasets } from "./registry.ts";
 * console.log(Array.isArray(listDatasets())); // true
 * ```
 */
export function listDatasets(): string[] {
  return [...REGISTRY.keys()].sort();
}
