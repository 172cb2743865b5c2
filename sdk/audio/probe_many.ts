/**
 * Probe a batch of files, errors as values so one bad file does not stop the batch.
 *
 * @module
 */

import { z } from "zod";
import { asZod } from "../config/_as_zod.ts";
import type { ZodSchema } from "../config/zod_schema.ts";
import { AudioFileError } from "../log/errors.ts";
import { ioError, probeFile, probeSync } from "./probe.ts";
import type { AudioInfo } from "./types.ts";

/** Options of {@linkcode probeMany}. Defaults come from {@linkcode probeManyOptionsSchema}. */
export interface ProbeManyOptions {
  /**
   * Files in flight at once. 1 (the default) probes one after the other with synchronous reads,
   * the fastest on a local disk; above 1, asynchronous reads overlap that many files, which
   * pays off where each open or read waits on a network filesystem.
   */
  concurrency?: number;
}

/** Schema of {@linkcode ProbeManyOptions}: the single source of its defaults. */
export const probeManyOptionsSchema: ZodSchema<{ concurrency: number }, ProbeManyOptions> = z
  .object({
    concurrency: z.number().int().min(1).max(4096).default(1),
  });

/** One file's outcome in {@linkcode probeMany}: `info` or `error`, the other null. */
export interface ProbeResult {
  /** The path as given. */
  path: string;
  /** Metadata when the file could be read. */
  info: AudioInfo | null;
  /** Why it could not (reason and a message naming the file). */
  error: AudioFileError | null;
}

/**
 * Probe many files; results come back in the order of `paths`.
 *
 * @param paths Files to probe.
 * @param options Concurrency, see {@linkcode ProbeManyOptions}.
 * @returns One result per path, in order, each with `info` or `error`.
 * @throws {RangeError} When `concurrency` is not a whole number from 1 to 4096.
 *
 * @example
 * ```ts
 * import { probeMany } from "./probe_many.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.wav`, "text");
 * await Deno.writeFile(`${dir}/b.wav`, new Uint8Array(0));
 * const results = await probeMany([`${dir}/a.wav`, `${dir}/b.wav`], { concurrency: 2 });
 * console.log(results.map((r) => r.error?.reason)); // [ "not_audio", "empty" ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function probeMany(
  paths: readonly string[],
  options: ProbeManyOptions = {},
): Promise<ProbeResult[]> {
  const parsed = asZod(probeManyOptionsSchema).safeParse(options);
  if (!parsed.success) {
    throw new RangeError(
      `probeMany concurrency must be a whole number from 1 to 4096, got "${options.concurrency}"`,
    );
  }
  const { concurrency } = parsed.data;
  const out: ProbeResult[] = new Array(paths.length);
  if (concurrency === 1) {
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      try {
        out[i] = { path, info: probeSync(path), error: null };
      } catch (err) {
        out[i] = { path, info: null, error: asAudioError(path, err) };
      }
    }
    return out;
  }
  let next = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const i = next++;
      const path = paths[i];
      try {
        out[i] = { path, info: await probeAsync(path), error: null };
      } catch (err) {
        out[i] = { path, info: null, error: asAudioError(path, err) };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return out;
}

async function probeAsync(path: string): Promise<AudioInfo> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    return await probeFile(file, path);
  } finally {
    file.close();
  }
}

function asAudioError(path: string, err: unknown): AudioFileError {
  return err instanceof AudioFileError ? err : ioError(path, err);
}
