/**
 * DNSMOS (Microsoft's non-intrusive speech quality estimator) as its published evaluation script
 * computes it: P.835 SIG, BAK, OVRL from `sig_bak_ovr.onnx` (or the personalized
 * `psig_bak_ovr.onnx`) and P.808 MOS from `model_v8.onnx`, run with onnxruntime-node.
 *
 * Processing of a 16 kHz clip: repeated until it holds 9.01 s (see
 * {@linkcode repeatToSegment}); 9.01 s segments at 1 s hops ({@linkcode dnsmosSegmentCount});
 * per segment the raw P.835 outputs are calibrated with the script's polynomials and the P.808
 * model reads the log-mel input of {@linkcode P808Features}; the clip's scores are the means
 * over its segments.
 *
 * @module
 */

import * as ort from "onnxruntime-node";
import { z } from "zod";
import { join } from "node:path";
import { calibrateP835 } from "./dnsmos_calibration.ts";
import {
  DNSMOS_SEGMENT_SAMPLES,
  P808_FRAMES,
  P808_INPUT_SAMPLES,
  P808_MELS,
  P808Features,
} from "./dnsmos_features.ts";
import {
  checkDnsmosBytes,
  defaultDnsmosDir,
  DNSMOS_DIR_ENV,
  dnsmosModelFile,
} from "./dnsmos_model_files.ts";
import { dnsmosSegmentStarts, repeatToSegment } from "./dnsmos_segments.ts";
import { ConfigError, UsageError } from "../../log/errors.ts";
import type { SameType } from "../../config/_same_type.ts";

/**
 * Schema of {@linkcode LoadDnsmosOptions}, the single source of their defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const LoadDnsmosOptionsSchema = z.strictObject({
  /**
   * Folder holding the model files; default `AUDIOCURATE_DNSMOS_DIR`, else the folder
   * `deno task models` fills by default when it holds the models.
   */
  modelsDir: z.string().min(1).nullable().default(null),
  /** Use the personalized P.835 model (`psig_bak_ovr.onnx`) and its cubic calibration. */
  personalized: z.boolean().default(false),
  /** Run the P.808 model too (else `p808` is null and `model_v8.onnx` is not loaded). */
  p808: z.boolean().default(true),
  /**
   * Threads each model may use inside one call. 1 (default) lets parallel workers scale
   * with the cores.
   */
  intraOpNumThreads: z.int().min(1).default(1),
});

/** Options of {@linkcode loadDnsmos}. Validated by {@linkcode LoadDnsmosOptionsSchema}. */
export interface LoadDnsmosOptions {
  /**
   * Folder holding the model files. Default `null`: `AUDIOCURATE_DNSMOS_DIR`, else the folder
   * `deno task models` fills by default when it holds the models.
   */
  modelsDir?: string | null;
  /**
   * Use the personalized P.835 model (`psig_bak_ovr.onnx`) and its cubic calibration. Default
   * false.
   */
  personalized?: boolean;
  /**
   * Run the P.808 model too (else `p808` is null and `model_v8.onnx` is not loaded). Default true.
   */
  p808?: boolean;
  /**
   * Threads each model may use inside one call (1 lets parallel workers scale with the cores).
   * Default 1.
   */
  intraOpNumThreads?: number;
}
const _loadDnsmosOptions: SameType<LoadDnsmosOptions, z.input<typeof LoadDnsmosOptionsSchema>> =
  true;

/** The DNSMOS scores of one clip: means over its segments. */
export interface DnsmosScores {
  /** P.835 speech signal quality, calibrated (about 1 to 5). */
  sig: number;
  /** P.835 background noise quality, calibrated. */
  bak: number;
  /** P.835 overall quality, calibrated. */
  ovrl: number;
  /** P.808 MOS (null when the P.808 model is off). */
  p808: number | null;
  /** Number of 9.01 s segments scored. */
  segments: number;
}

/** Raw model outputs of one segment. */
export interface DnsmosSegmentOutput {
  /** Raw P.835 SIG, BAK, OVRL, before calibration. */
  raw: { sig: number; bak: number; ovrl: number };
  /** P.808 MOS (null when the P.808 model is off). */
  p808: number | null;
}

/** A loaded DNSMOS: sessions are created once and reused by every call. */
export interface Dnsmos {
  /** The model folder in use. */
  readonly modelsDir: string;
  /** Whether the personalized P.835 model is in use. */
  readonly personalized: boolean;
  /** Whether the P.808 model is loaded. */
  readonly p808: boolean;
  /**
   * Score a mono 16 kHz clip of any length (at least one sample).
   *
   * @param audio16k Samples at 16 kHz.
   * @returns Means over segments.
   */
  score(audio16k: Float32Array): Promise<DnsmosScores>;
  /**
   * Run the models alone on prepared inputs (for benchmarks and checks).
   *
   * @param segment 144160 samples at 16 kHz.
   * @param mel The 900 x 120 P.808 input ({@linkcode P808Features}), or null to skip P.808.
   * @returns Raw outputs.
   */
  runModels(segment: Float32Array, mel: Float32Array | null): Promise<DnsmosSegmentOutput>;
  /** Release the ONNX sessions. */
  close(): Promise<void>;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Decide which folder holds the DNSMOS models: the given one, else `AUDIOCURATE_DNSMOS_DIR`,
 * else the default download folder when it holds `sig_bak_ovr.onnx`.
 *
 * @param modelsDir A folder from options or config (null or undefined: none).
 * @returns The folder.
 * @throws {ConfigError} When none is configured, saying how to get the models.
 *
 * @example
 * ```ts
 * import { resolveDnsmosDir } from "./dnsmos.ts";
 * console.log(await resolveDnsmosDir("/models/dnsmos")); // /models/dnsmos
 * ```
 */
export async function resolveDnsmosDir(modelsDir?: string | null): Promise<string> {
  if (modelsDir) return modelsDir;
  const env = Deno.env.get(DNSMOS_DIR_ENV);
  if (env) return env;
  const fallback = defaultDnsmosDir();
  if (fallback && await isFile(join(fallback, "sig_bak_ovr.onnx"))) return fallback;
  throw new ConfigError(
    `No DNSMOS model folder: run "deno task models" to download the models, then set ` +
      `${DNSMOS_DIR_ENV} or the dnsmos scorer's models_dir to the folder it prints`,
  );
}

async function readModel(dir: string, file: string): Promise<Uint8Array> {
  const path = join(dir, file);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      const what = await Deno.stat(dir).then(() => "has no", () => "does not exist, so no");
      throw new ConfigError(
        `DNSMOS model folder "${dir}" ${what} file "${file}"; run "deno task models" to ` +
          `download the models`,
      );
    }
    throw err;
  }
  await checkDnsmosBytes(bytes, dnsmosModelFile(file), path);
  return bytes;
}

/**
 * The DNSMOS model folder when its models are installed (`AUDIOCURATE_DNSMOS_DIR`, or the
 * folder `deno task models` downloads to), else null. The demo and the notebooks use it to leave
 * `dnsmos` out, saying so, where the models are absent.
 *
 * @returns The folder, or null.
 *
 * @example
 * ```ts
 * import { installedDnsmosDir } from "./dnsmos.ts";
 * const dir = await installedDnsmosDir();
 * console.log(dir === null || typeof dir === "string"); // true
 * ```
 */
export async function installedDnsmosDir(): Promise<string | null> {
  try {
    const dir = await resolveDnsmosDir(Deno.env.get(DNSMOS_DIR_ENV) ?? null);
    return (await Deno.stat(join(dir, "sig_bak_ovr.onnx"))).isFile ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Load the DNSMOS models: resolve the folder, check each file's sha256 against the known sums
 * (once per load), and open one onnxruntime session per model.
 *
 * @param options See {@linkcode LoadDnsmosOptionsSchema}.
 * @returns A {@linkcode Dnsmos} to score clips with.
 * @throws {ConfigError} When no folder is configured or a file is missing.
 * @throws {Error} When a file's sha256 does not match.
 *
 * @example
 * ```ts
 * import { loadDnsmos } from "./dnsmos.ts";
 * const dir = Deno.env.get("AUDIOCURATE_DNSMOS_DIR") ?? "../shared/models/dnsmos";
 * // Runs where the models are installed (deno task models, or AUDIOCURATE_DNSMOS_DIR).
 * if (await Deno.stat(dir).then(() => true, () => false)) {
 *   const dnsmos = await loadDnsmos({ modelsDir: dir });
 *   const t = Float32Array.from({ length: 32000 }, (_, i) => 0.1 * Math.sin(i / 3));
 *   const s = await dnsmos.score(t);
 *   console.log(s.segments, s.ovrl >= 1 && s.ovrl <= 5); // 1 true
 *   await dnsmos.close();
 * }
 * ```
 */
export async function loadDnsmos(options?: LoadDnsmosOptions): Promise<Dnsmos> {
  const parsed = LoadDnsmosOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `Invalid DNSMOS option "${issue.path.join(".") || "options"}": ${issue.message}`,
    );
  }
  const o = parsed.data;
  const dir = await resolveDnsmosDir(o.modelsDir);
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: o.intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  };
  const p835File = o.personalized ? "psig_bak_ovr.onnx" : "sig_bak_ovr.onnx";
  const p835 = await ort.InferenceSession.create(await readModel(dir, p835File), sessionOptions);
  let p808: ort.InferenceSession | null = null;
  try {
    if (o.p808) {
      p808 = await ort.InferenceSession.create(
        await readModel(dir, "model_v8.onnx"),
        sessionOptions,
      );
    }
  } catch (err) {
    await p835.release();
    throw err;
  }
  const p835In = p835.inputNames[0], p835Out = p835.outputNames[0];
  const p808In = p808?.inputNames[0] ?? "", p808Out = p808?.outputNames[0] ?? "";
  const features = new P808Features();

  async function runModels(
    segment: Float32Array,
    mel: Float32Array | null,
  ): Promise<DnsmosSegmentOutput> {
    const r = await p835.run({
      [p835In]: new ort.Tensor("float32", segment, [1, DNSMOS_SEGMENT_SAMPLES]),
    });
    const v = r[p835Out].data as Float32Array;
    let mos: number | null = null;
    if (p808 && mel) {
      const q = await p808.run({
        [p808In]: new ort.Tensor("float32", mel, [1, P808_FRAMES, P808_MELS]),
      });
      mos = (q[p808Out].data as Float32Array)[0];
    }
    return { raw: { sig: v[0], bak: v[1], ovrl: v[2] }, p808: mos };
  }

  return {
    modelsDir: dir,
    personalized: o.personalized,
    p808: p808 !== null,
    runModels,
    async score(audio16k: Float32Array): Promise<DnsmosScores> {
      const audio = repeatToSegment(audio16k);
      const starts = dnsmosSegmentStarts(audio.length);
      let sig = 0, bak = 0, ovrl = 0, mos = 0;
      for (const start of starts) {
        // Copies: each call owns its tensors, so concurrent calls never share buffers.
        const segment = audio.slice(start, start + DNSMOS_SEGMENT_SAMPLES);
        const mel = p808 ? features.compute(segment.subarray(0, P808_INPUT_SAMPLES)) : null;
        const out = await runModels(segment, mel);
        const cal = calibrateP835(out.raw, o.personalized);
        sig += cal.sig;
        bak += cal.bak;
        ovrl += cal.ovrl;
        mos += out.p808 ?? 0;
      }
      const n = starts.length;
      return {
        sig: sig / n,
        bak: bak / n,
        ovrl: ovrl / n,
        p808: p808 ? mos / n : null,
        segments: n,
      };
    },
    async close(): Promise<void> {
      await p835.release();
      await p808?.release();
    },
  };
}
