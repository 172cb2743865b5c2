/**
 * Worker side of the hashing pool of `hash_files.ts`: receives `{ id, path }`, answers
 * `{ id, size, sha256 }` or `{ id, error }`. Internal; not part of the public API.
 *
 * @module
 */

import { hashFileSync } from "./hash_file.ts";

/** A request to the worker. */
export interface HashRequest {
  /** Request id echoed in the answer. */
  id: number;
  /** Absolute path to hash. */
  path: string;
}

/** The worker's answer. */
export type HashResponse =
  | { id: number; size: number; sha256: string }
  | { id: number; error: string };

// deno-lint-ignore no-explicit-any
const scope = self as any;
scope.onmessage = (ev: MessageEvent<HashRequest>) => {
  const { id, path } = ev.data;
  try {
    const d = hashFileSync(path);
    scope.postMessage({ id, size: d.size, sha256: d.sha256 } satisfies HashResponse);
  } catch (err) {
    scope.postMessage({ id, error: (err as Error).message } satisfies HashResponse);
  }
};
