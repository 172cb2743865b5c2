/**
 * The selector contract and registry: every selection strategy (`cvar`, `coverage_only`,
 * `mos_threshold`, and users' own) is a named, versioned {@linkcode Selector} with a zod config
 * schema, looked up by the `name` of a `configs/select/*.yaml` file.
 *
 * @module
 */

import type { ZodSchema } from "../config/zod_schema.ts";
import type { Quotas } from "./quotas.ts";
import type { ScoresFrame } from "./scores_frame.ts";
import type { Selection } from "./selection.ts";

/** What a selector receives besides the scores and its config. */
export interface SelectContext {
  /** Quota groups (null: one group). */
  quotas?: Quotas | null;
  /** The quota file, for the meta. */
  quotasPath?: string | null;
  /** The scores file and its sha256, for messages and the meta. */
  scores?: { path: string | null; sha256: string | null } | null;
}

/**
 * A named, versioned selection strategy: it takes a scores table and returns a selection.
 *
 * @typeParam C The config after defaults.
 */
export interface Selector<C = Record<string, unknown>> {
  /** Name used as the config's `name` (e.g. `cvar`). */
  name: string;
  /** Version; bump it whenever the selections it makes change. */
  version: string;
  /** One line for listings. */
  description: string;
  /** Config schema, the single source of the selector's defaults. */
  configSchema: ZodSchema<C>;
  /** Select from the scores. */
  select(scores: ScoresFrame, config: C, context: SelectContext): Promise<Selection>;
}

const REGISTRY = new Map<string, Selector<unknown>>();

/**
 * Register a selector under its name; registering a taken name is an error unless `replace`.
 *
 * @param selector The selector.
 * @param options `replace` swaps an existing registration.
 * @throws {Error} When the name is taken.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { getSelector, registerSelector } from "./selector.ts";
 * import { selectCvar } from "./select_cvar.ts";
 * registerSelector({
 *   name: "example_all_hard",
 *   version: "1",
 *   description: "cvar with lambda 1",
 *   configSchema: z.object({ K_hours: z.number().default(1) }),
 *   select: (scores, config, context) => selectCvar(scores, { ...config, tail_weight: 1 }, context),
 * });
 * console.log(getSelector("example_all_hard").version); // 1
 * ```
 */
export function registerSelector<C>(
  selector: Selector<C>,
  options: { replace?: boolean } = {},
): void {
  if (REGISTRY.has(selector.name) && !options.replace) {
    throw new Error(`A selector named "${selector.name}" is already registered`);
  }
  REGISTRY.set(selector.name, selector as Selector<unknown>);
}

/**
 * Look a selector up by name.
 *
 * @param name Its registered name.
 * @returns The selector.
 * @throws {Error} Naming the registered selectors when there is none by that name.
 *
 * @example
 * ```ts
 * import { getSelector } from "./selector.ts";
 * try {
 *   getSelector("nope");
 * } catch (err) {
 *   console.log((err as Error).message.startsWith('Unknown selector "nope"')); // true
 * }
 * ```
 */
export function getSelector(name: string): Selector<unknown> {
  const s = REGISTRY.get(name);
  if (!s) {
    throw new Error(
      `Unknown selector "${name}"; registered: ${[...REGISTRY.keys()].sort().join(", ") || "none"}`,
    );
  }
  return s;
}

/**
 * The registered selectors, sorted by name.
 *
 * @returns Name, version and description of each.
 *
 * @example
 * ```ts
 * import { listSelectors } from "./selector.ts";
 * console.log(Array.isArray(listSelectors())); // true
 * ```
 */
export function listSelectors(): { name: string; version: string; description: string }[] {
  return [...REGISTRY.values()].map(({ name, version, description }) => ({
    name,
    version,
    description,
  })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
