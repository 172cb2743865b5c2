/**
 * Run one stage with its cache: skip when the key and the recorded outputs still match, else run
 * into a staging folder, promote it atomically and write the manifest last.
 *
 * @module
 */

import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ConfigError, errorSentence } from "../log/errors.ts";
import { createLogger, type Logger } from "../log/logger.ts";
import { formatZodError } from "../config/format_zod_error.ts";
import { asZod } from "../config/_as_zod.ts";
import { canonicalJson, sha256Hex } from "./canonical_json.ts";
import { listFiles } from "./dir_checksum.ts";
import { type FileHash, hashFiles, type HashStats } from "./hash_files.ts";
import { StatCache } from "./stat_cache.ts";
import {
  cacheKey,
  type FileEntry,
  HASH_ALGO,
  type Manifest,
  MANIFEST_FILE,
  readManifest,
  RUNNER_VERSION,
  writeManifest,
} from "./manifest.ts";
import { type CacheMiss, emitStageEvent, type HashCounters } from "./events.ts";
import type { ResolvedInput, Stage } from "./stage.ts";
import { exists, removeTree, syncDir } from "./_fs.ts";

/** Options of {@linkcode runStage}. */
export interface RunStageOptions {
  /** The pipeline's output root. */
  root: string;
  /** The whole parameter tree; the stage's schema picks (and defaults) what it declares. */
  params?: Record<string, unknown>;
  /** Run even when the cache matches (reason `forced`). */
  force?: boolean;
  /** Hash every file again instead of trusting the stat cache. */
  rehash?: boolean;
  /** Stat cache to use (the caller saves it); default: the per-machine one, saved at the end. */
  statCache?: StatCache;
  /** Where events go (default: human lines on stderr). */
  logger?: Logger;
  /** Device recorded in the manifest (default "cpu"); keyed for device-sensitive stages. */
  device?: string;
  /** Cancels the stage's run function. */
  signal?: AbortSignal;
}

/** What {@linkcode runStage} did. */
export interface StageResult {
  /** Stage name. */
  stage: string;
  /** Skipped (cache hit), ran and recorded, or failed (previous outputs kept). */
  status: "skipped" | "ran" | "failed";
  /** Final output directory. */
  outDir: string;
  /** Why it ran (status "ran" or "failed"). */
  miss?: CacheMiss;
  /** The manifest now on disk (absent after a failure with no previous manifest). */
  manifest?: Manifest;
  /** What was thrown (status "failed"). */
  error?: unknown;
  /** Wall time in milliseconds. */
  durationMs: number;
  /** Hashing counters of the check and the run. */
  hash: HashCounters;
}

/** The device this runner records: "cpu" (no CUDA execution provider is wired in). */
export const DEFAULT_DEVICE = "cpu";

function posix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/** A path relative to the root when inside it, else absolute; POSIX. */
function showPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return posix(abs);
  return posix(rel);
}

function addStats(c: HashCounters, s: HashStats): void {
  c.files_stat_hit += s.statHits;
  c.files_rehashed += s.rehashed;
  c.bytes_hashed += s.bytesHashed;
}

/**
 * Parse the stage's declared parameters out of the whole tree.
 *
 * @param stage The stage.
 * @param params The whole parameter tree.
 * @returns The stage's parameters, a plain JSON object.
 * @throws {ConfigError} Naming the stage and the key when they do not fit the schema.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * import { stageParams } from "./run_stage.ts";
 * const s = defineStage({
 *   name: "s", codeVersion: "1", params: z.object({ k: z.number().default(2) }),
 *   run: async () => {},
 * });
 * console.log(stageParams(s, { k: 5, other: "dropped" })); // { k: 5 }
 * ```
 */
export function stageParams(stage: Stage, params: Record<string, unknown> = {}): Record<
  string,
  unknown
> {
  const parsed = asZod(stage.params).safeParse(params);
  if (!parsed.success) {
    throw new ConfigError(formatZodError(parsed.error, {
      input: params,
      schema: stage.params,
      prefix: (p) => `Stage "${stage.name}" parameter "${p.map(String).join(".")}"`,
    }));
  }
  const v = parsed.data;
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new ConfigError(`Stage "${stage.name}" parameter schema must produce an object`);
  }
  return JSON.parse(JSON.stringify(v));
}

function flatten(v: unknown, prefix: string, out: Map<string, string>): void {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, "{}");
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, canonicalJson(v ?? null));
  }
}

/** Dotted keys whose values differ between two parameter objects, sorted. */
function changedKeys(a: unknown, b: unknown): string[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  flatten(a, "", fa);
  flatten(b, "", fb);
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  return [...keys].filter((k) => fa.get(k) !== fb.get(k)).sort();
}

/** Paths added, removed or changed between two file listings, sorted. */
function changedPaths(a: FileEntry[], b: FileEntry[]): string[] {
  const ma = new Map(a.map((f) => [f.path, `${f.size}:${f.sha256}`]));
  const mb = new Map(b.map((f) => [f.path, `${f.size}:${f.sha256}`]));
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  return [...keys].filter((k) => ma.get(k) !== mb.get(k)).sort();
}

/** Stale work of a killed run next to `outDir`: the marker, staging and set-aside folders. */
async function findStale(outDir: string): Promise<string[]> {
  const parent = dirname(outDir);
  const base = basename(outDir);
  const found: string[] = [];
  try {
    for await (const e of Deno.readDir(parent)) {
      if (
        e.name === `${base}.incomplete` || e.name.startsWith(`${base}.staging-`) ||
        e.name.startsWith(`${base}.old-`)
      ) found.push(join(parent, e.name));
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return found.sort();
}

/** Clean stale work; a set-aside previous output comes back when the output is missing. */
async function cleanStale(outDir: string, stale: string[]): Promise<void> {
  for (const p of stale) {
    if (basename(p).startsWith(`${basename(outDir)}.old-`) && !(await exists(outDir))) {
      await Deno.rename(p, outDir);
    } else {
      await removeTree(p);
    }
  }
}

async function resolveInputs(
  stage: Stage,
  root: string,
  params: Record<string, unknown>,
  opts: { statCache?: StatCache; rehash?: boolean },
  counters: HashCounters,
): Promise<{ inputs: ResolvedInput[]; names: string[]; files: FileEntry[] }> {
  const declared = await stage.inputs({ root, params });
  const inputs: ResolvedInput[] = [];
  const names: string[] = [];
  const files: FileEntry[] = [];
  for (const input of declared) {
    const abs = resolve(root, input.root);
    const name = showPath(root, abs);
    if (!(await exists(abs))) {
      throw new Error(`Stage "${stage.name}" input "${name}" does not exist`);
    }
    const list = input.files
      ? [...input.files].sort()
      : (await listFiles(abs)).filter((p) => p !== MANIFEST_FILE);
    const hashed = await hashFiles(list, {
      root: abs,
      statCache: opts.statCache,
      rehash: opts.rehash,
    });
    addStats(counters, hashed.stats);
    inputs.push({ root: abs, files: list });
    names.push(name);
    for (const f of hashed.files) {
      files.push({
        path: name === "." ? f.path : `${name}/${f.path}`,
        size: f.size,
        sha256: f.sha256,
      });
    }
  }
  return { inputs, names, files };
}

async function checkOutputs(
  outDir: string,
  recorded: FileEntry[],
  opts: { statCache?: StatCache; rehash?: boolean },
  counters: HashCounters,
): Promise<CacheMiss | undefined> {
  const missing: string[] = [];
  const present: string[] = [];
  for (const f of recorded) {
    if (await exists(join(outDir, f.path))) present.push(f.path);
    else missing.push(f.path);
  }
  if (missing.length > 0) return { reason: "output_missing", paths: missing.sort() };
  const hashed = await hashFiles(present, {
    root: outDir,
    statCache: opts.statCache,
    rehash: opts.rehash,
  });
  addStats(counters, hashed.stats);
  const byPath = new Map(recorded.map((f) => [f.path, f]));
  const modified = hashed.files.filter((f) => {
    const r = byPath.get(f.path);
    return !r || r.sha256 !== f.sha256 || r.size !== f.size;
  }).map((f) => f.path);
  const now = (await listFiles(outDir)).filter((p) => p !== MANIFEST_FILE);
  for (const p of now) if (!byPath.has(p)) modified.push(p);
  if (modified.length > 0) return { reason: "output_modified", paths: modified.sort() };
  return undefined;
}

function toEntries(files: FileHash[]): FileEntry[] {
  return files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));
}

/**
 * Run one stage with its cache.
 *
 * Skips (event `stage_skipped`, `last_checked_ts` updated) when the manifest's key matches —
 * stage, code version, hash algorithm, the content checksum of its inputs, its declared
 * parameters (and the device for device-sensitive stages) — and every recorded output is
 * present with the same bytes (checked through the stat cache). Otherwise emits
 * `stage_cache_miss` with the reason, writes the `<outDir>.incomplete` marker, runs the stage
 * into `<outDir>.staging-<pid>`, hashes it, sets the old output aside, renames the staging
 * folder into place, writes `manifest.json` last (atomically), then removes the old output and
 * the marker. A run killed midway leaves the marker: the next run cleans it up and reruns with
 * reason `incomplete`. On a throw, the staging folder is removed, the previous outputs are
 * kept (restored if they had been set aside), `stage_failed` is emitted with the hint
 * `rerun with --from <stage>`, and the result has status "failed" (nothing is thrown).
 *
 * @param stage The stage.
 * @param options See {@linkcode RunStageOptions}.
 * @returns What happened.
 * @throws {ConfigError} When the parameters do not fit the stage's schema (before anything runs).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineStage } from "./stage.ts";
 * import { runStage } from "./run_stage.ts";
 * import { StatCache } from "./stat_cache.ts";
 * const root = await Deno.makeTempDir();
 * const statCache = await StatCache.open(`${root}/.stat-cache.json`);
 * const hello = defineStage({
 *   name: "hello",
 *   codeVersion: "1",
 *   params: z.object({ who: z.string().default("world") }),
 *   run: async ({ params, outDir }) => {
 *     await Deno.writeTextFile(`${outDir}/hello.txt`, `hello ${params.who}\n`);
 *   },
 * });
 * console.log((await runStage(hello, { root, statCache })).status); // ran
 * console.log((await runStage(hello, { root, statCache })).status); // skipped
 * const r = await runStage(hello, { root, statCache, params: { who: "you" } });
 * console.log(r.status, r.miss?.reason, r.miss?.keys); // ran params_changed [ "who" ]
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function runStage(stage: Stage, options: RunStageOptions): Promise<StageResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const logger = options.logger ?? createLogger();
  const device = options.device ?? DEFAULT_DEVICE;
  const params = stageParams(stage, options.params);
  const outDir = resolve(root, stage.outputDir({ root }));
  const ownCache = options.statCache === undefined;
  const statCache = options.statCache ?? await StatCache.open();
  const hashOpts = { statCache, rehash: options.rehash };
  const counters: HashCounters = { files_stat_hit: 0, files_rehashed: 0, bytes_hashed: 0 };
  const elapsed = () => performance.now() - started;
  const marker = `${outDir}.incomplete`;
  const staging = `${outDir}.staging-${Deno.pid}`;
  const aside = `${outDir}.old-${Deno.pid}`;
  let miss: CacheMiss | undefined;
  let previous: Manifest | undefined;

  const fail = (error: unknown): StageResult => {
    emitStageEvent(logger, {
      event: "stage_failed",
      stage: stage.name,
      error: errorSentence(error),
      hint: `rerun with --from ${stage.name}`,
    });
    return {
      stage: stage.name,
      status: "failed",
      outDir,
      miss,
      manifest: previous,
      error,
      durationMs: elapsed(),
      hash: counters,
    };
  };

  try {
    const stale = await findStale(outDir);
    if (stale.length > 0) await cleanStale(outDir, stale);

    let resolved;
    try {
      resolved = await resolveInputs(stage, root, params, hashOpts, counters);
    } catch (err) {
      return fail(err);
    }
    const inputsChecksum = sha256Hex(canonicalJson(resolved.files));
    const key = cacheKey({
      stage: stage.name,
      codeVersion: stage.codeVersion,
      hashAlgo: HASH_ALGO,
      inputsChecksum,
      params,
      device: stage.deviceSensitive ? device : undefined,
    });

    const read = await readManifest(outDir);
    previous = read.manifest;
    if (stale.length > 0) {
      miss = {
        reason: "incomplete",
        detail: `a previous run was interrupted`,
        paths: stale.map((p) => showPath(root, p)),
      };
    } else if (options.force) {
      miss = { reason: "forced" };
    } else if (read.manifest === undefined) {
      miss = { reason: "no_manifest", detail: read.detail };
    } else {
      const m = read.manifest;
      if (m.stage !== stage.name) {
        miss = { reason: "no_manifest", detail: `the manifest belongs to stage "${m.stage}"` };
      } else if (m.hash_algo !== HASH_ALGO) {
        miss = { reason: "hash_algo_changed", detail: `${m.hash_algo} -> ${HASH_ALGO}` };
      } else if (m.code_version !== stage.codeVersion) {
        miss = {
          reason: "code_version_changed",
          detail: `${m.code_version} -> ${stage.codeVersion}`,
        };
      } else if (canonicalJson(m.params) !== canonicalJson(params)) {
        miss = { reason: "params_changed", keys: changedKeys(m.params, params) };
      } else if (
        stage.deviceSensitive && (m.device !== device || !m.device_sensitive)
      ) {
        miss = { reason: "device_changed", detail: `${m.device} -> ${device}` };
      } else if (m.inputs_checksum !== inputsChecksum) {
        const paths = changedPaths(m.input_files, resolved.files);
        miss = { reason: "input_changed", paths: paths.length ? paths : resolved.names };
      } else if (m.key !== key) {
        miss = { reason: "no_manifest", detail: "the manifest's key does not match" };
      } else {
        miss = await checkOutputs(outDir, m.output_files, hashOpts, counters);
      }
      if (miss === undefined) {
        const updated: Manifest = { ...m, last_checked_ts: new Date().toISOString() };
        await writeManifest(outDir, updated);
        emitStageEvent(logger, {
          event: "stage_skipped",
          stage: stage.name,
          reason: "unchanged",
          ...counters,
        });
        return {
          stage: stage.name,
          status: "skipped",
          outDir,
          manifest: updated,
          durationMs: elapsed(),
          hash: counters,
        };
      }
    }

    emitStageEvent(logger, { event: "stage_cache_miss", stage: stage.name, ...miss });
    await Deno.mkdir(dirname(outDir), { recursive: true });
    await Deno.writeTextFile(
      marker,
      `${JSON.stringify({ pid: Deno.pid, started: new Date().toISOString() })}\n`,
    );
    let setAside = false;
    let promoted = false;
    try {
      await removeTree(staging);
      await Deno.mkdir(staging, { recursive: true });
      emitStageEvent(logger, { event: "stage_running", stage: stage.name, out_dir: outDir });
      await stage.run({
        params,
        inputs: resolved.inputs,
        outDir: staging,
        root,
        device,
        logger: logger.child({ stage: stage.name }),
        signal: options.signal ?? new AbortController().signal,
      });
      const written = await listFiles(staging);
      if (written.includes(MANIFEST_FILE)) {
        throw new Error(
          `Stage "${stage.name}" wrote "${MANIFEST_FILE}", a name reserved for the runner`,
        );
      }
      // Fresh files: the stat cache could not vouch for them (racy), so hash without it.
      const outHash = await hashFiles(written, { root: staging });
      addStats(counters, outHash.stats);
      if (await exists(outDir)) {
        await Deno.rename(outDir, aside);
        setAside = true;
      }
      await Deno.rename(staging, outDir);
      promoted = true;
      await syncDir(dirname(outDir));
      const now = new Date().toISOString();
      const manifest: Manifest = {
        stage: stage.name,
        key,
        inputs: resolved.names,
        inputs_checksum: inputsChecksum,
        params,
        runner_version: RUNNER_VERSION,
        outputs: [showPath(root, outDir)],
        timestamp: now,
        last_checked_ts: now,
        hash_algo: HASH_ALGO,
        code_version: stage.codeVersion,
        device,
        device_sensitive: stage.deviceSensitive,
        input_files: resolved.files,
        output_files: toEntries(outHash.files),
      };
      await writeManifest(outDir, manifest);
      if (setAside) await removeTree(aside);
      await Deno.remove(marker).catch(() => {});
      await syncDir(dirname(outDir));
      emitStageEvent(logger, {
        event: "stage_completed",
        stage: stage.name,
        duration_ms: Math.round(elapsed()),
        outputs: outHash.files.length,
        ...counters,
      });
      return {
        stage: stage.name,
        status: "ran",
        outDir,
        miss,
        manifest,
        durationMs: elapsed(),
        hash: counters,
      };
    } catch (err) {
      await removeTree(staging).catch(() => {});
      if (promoted) await removeTree(outDir).catch(() => {});
      if (setAside) await Deno.rename(aside, outDir).catch(() => {});
      await Deno.remove(marker).catch(() => {});
      return fail(err);
    }
  } finally {
    if (ownCache) await statCache.save();
  }
}
