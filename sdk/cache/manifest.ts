/**
 * The stage manifest (`<stage output dir>/manifest.json`): its zod schema, JSON Schema, cache key,
 * and crash-safe reading and writing.
 *
 * @module
 */

import { join } from "node:path";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { canonicalJson, sha256Hex } from "./canonical_json.ts";
import { syncDir } from "./_fs.ts";

/** File name of a stage manifest inside the stage's output directory. */
export const MANIFEST_FILE = "manifest.json";

/** Version of the manifest format and runner, recorded in every manifest. */
export const RUNNER_VERSION = "audiocurate-cache/1";

/** The hash algorithm of every recorded checksum. */
export const HASH_ALGO = "sha256";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One hashed file: POSIX path (relative to its root), size in bytes, sha256 hex.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const FileEntrySchema = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});

/**
 * The zod schema of `manifest.json`. `inputs` and `outputs` are the input roots and output
 * directories (POSIX, relative to the pipeline root when inside it); `input_files` paths start
 * with their input root, `output_files` paths are relative to the output directory.
 *
 * @example
 * ```ts
 * import { ManifestSchema } from "./manifest.ts";
 * console.log(ManifestSchema.safeParse({ stage: "x" }).success); // false
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ManifestSchema = z.object({
  stage: z.string().min(1),
  key: Sha256,
  inputs: z.array(z.string()),
  inputs_checksum: Sha256,
  params: z.record(z.string(), z.unknown()),
  runner_version: z.string().min(1),
  outputs: z.array(z.string()),
  timestamp: z.iso.datetime(),
  last_checked_ts: z.iso.datetime(),
  hash_algo: z.string().min(1),
  code_version: z.string().min(1),
  device: z.string().min(1),
  device_sensitive: z.boolean(),
  input_files: z.array(FileEntrySchema),
  output_files: z.array(FileEntrySchema),
});

/**
 * A parsed stage manifest (`manifest.json`). Validated by {@linkcode ManifestSchema}; every key is
 * required.
 */
export interface Manifest {
  /** Stage name. */
  stage: string;
  /**
   * Cache key, sha256 hex of the canonical JSON of `{stage, code_version, hash_algo,
   * inputs_checksum, params}`.
   */
  key: string;
  /** Input roots (POSIX, relative to the pipeline root when inside it). */
  inputs: string[];
  /** Content checksum of all input files, sha256 hex. */
  inputs_checksum: string;
  /** The parameters the stage declares, as JSON values. */
  params: Record<string, unknown>;
  /** Version of the manifest format and runner, e.g. {@linkcode RUNNER_VERSION}. */
  runner_version: string;
  /** Output directories (POSIX, relative to the pipeline root when inside it). */
  outputs: string[];
  /** When the stage ran, ISO 8601 date-time (UTC). */
  timestamp: string;
  /** When a later run last found the cache valid (or `timestamp`), ISO 8601 date-time (UTC). */
  last_checked_ts: string;
  /** Hash algorithm of every checksum, {@linkcode HASH_ALGO}. */
  hash_algo: string;
  /** The stage's code version; a change invalidates the cache. */
  code_version: string;
  /** The device the stage ran on (recorded always, keyed only when `device_sensitive`). */
  device: string;
  /** Whether the device is part of the cache key. */
  device_sensitive: boolean;
  /** Hashed input files; paths start with their input root. */
  input_files: FileEntry[];
  /** Hashed output files; paths are relative to the output directory. */
  output_files: FileEntry[];
}
const _manifest: SameType<Manifest, z.output<typeof ManifestSchema>> = true;

/** One hashed file of a manifest. Validated by {@linkcode FileEntrySchema}. */
export interface FileEntry {
  /** POSIX path, relative to its root. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Content checksum, sha256 hex. */
  sha256: string;
}
const _fileEntry: SameType<FileEntry, z.output<typeof FileEntrySchema>> = true;

/**
 * The JSON Schema (draft 2020-12) of `manifest.json`, derived from {@linkcode ManifestSchema}.
 *
 * @returns A JSON Schema object.
 *
 * @example
 * ```ts
 * import { manifestJsonSchema } from "./manifest.ts";
 * const schema = manifestJsonSchema();
 * console.log(schema.$schema); // https://json-schema.org/draft/2020-12/schema
 * ```
 */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ManifestSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
}

/** What the cache key is computed from. */
export interface CacheKeyParts {
  /** Stage name. */
  stage: string;
  /** The stage's declared code version. */
  codeVersion: string;
  /** Hash algorithm (always {@linkcode HASH_ALGO} today). */
  hashAlgo: string;
  /** Checksum over the stage's input files. */
  inputsChecksum: string;
  /** Only the parameters the stage declares, after defaults. */
  params: Record<string, unknown>;
  /** The device, keyed only for device-sensitive stages (leave undefined otherwise). */
  device?: string;
}

/**
 * The cache key of a stage run: sha256 of the canonical JSON of
 * `{stage, code_version, hash_algo, inputs_checksum, params}` (plus `device` when given).
 *
 * @param parts See {@linkcode CacheKeyParts}.
 * @returns 64 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { cacheKey } from "./manifest.ts";
 * const k = cacheKey({
 *   stage: "a",
 *   codeVersion: "1",
 *   hashAlgo: "sha256",
 *   inputsChecksum: "0".repeat(64),
 *   params: { n: 1 },
 * });
 * console.log(k.length); // 64
 * ```
 */
export function cacheKey(parts: CacheKeyParts): string {
  const obj: Record<string, unknown> = {
    stage: parts.stage,
    code_version: parts.codeVersion,
    hash_algo: parts.hashAlgo,
    inputs_checksum: parts.inputsChecksum,
    params: parts.params,
  };
  if (parts.device !== undefined) obj.device = parts.device;
  return sha256Hex(canonicalJson(obj));
}

/** Result of {@linkcode readManifest}: a manifest, or why there is none. */
export type ReadManifestResult =
  | { manifest: Manifest; miss?: undefined }
  | { manifest?: undefined; miss: "missing" | "unparseable" | "invalid"; detail: string };

/**
 * Read and validate `<dir>/manifest.json`. A missing, unparseable or schema-invalid file is
 * returned as a miss with a reason, never thrown; other I/O errors (permissions) are thrown.
 *
 * @param dir The stage output directory.
 * @returns `{manifest}` or `{miss, detail}`.
 *
 * @example
 * ```ts
 * import { readManifest } from "./manifest.ts";
 * const dir = await Deno.makeTempDir();
 * console.log((await readManifest(dir)).miss); // missing
 * await Deno.writeTextFile(`${dir}/manifest.json`, "{oops");
 * console.log((await readManifest(dir)).miss); // unparseable
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readManifest(dir: string): Promise<ReadManifestResult> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return { miss: "missing", detail: `no manifest at "${path}"` };
    }
    if (err instanceof TypeError) {
      return { miss: "unparseable", detail: `manifest "${path}" is not valid UTF-8` };
    }
    throw err;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { miss: "unparseable", detail: `manifest "${path}" is not valid JSON: ${why}` };
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? first.path.join(".") : "(root)";
    return {
      miss: "invalid",
      detail: `manifest "${path}" does not fit the schema at "${where}": ${first.message}`,
    };
  }
  return { manifest: parsed.data };
}

/**
 * Write `<dir>/manifest.json` atomically: a temporary file in the same folder, fsync, rename,
 * then fsync of the folder where the platform allows it. Validates against the schema first.
 *
 * @param dir The stage output directory (must exist).
 * @param manifest The manifest.
 *
 * @example
 * ```ts
 * import { cacheKey, readManifest, writeManifest } from "./manifest.ts";
 * const dir = await Deno.makeTempDir();
 * const now = new Date().toISOString();
 * const zero = "0".repeat(64);
 * await writeManifest(dir, {
 *   stage: "a", key: zero, inputs: [], inputs_checksum: zero, params: {},
 *   runner_version: "x", outputs: ["a"], timestamp: now, last_checked_ts: now,
 *   hash_algo: "sha256", code_version: "1", device: "cpu", device_sensitive: false,
 *   input_files: [], output_files: [],
 * });
 * console.log((await readManifest(dir)).manifest?.stage); // a
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const valid = ManifestSchema.parse(manifest);
  const path = join(dir, MANIFEST_FILE);
  const tmp = join(dir, `.${MANIFEST_FILE}.${Deno.pid}.tmp`);
  const bytes = new TextEncoder().encode(`${JSON.stringify(valid, null, 2)}\n`);
  try {
    const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      let off = 0;
      while (off < bytes.length) off += await file.write(bytes.subarray(off));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}
