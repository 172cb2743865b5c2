/**
 * The `dnsmos` scorer: Microsoft's DNSMOS P.835 SIG, BAK, OVRL and P.808 MOS, computed as the
 * published evaluation script does (see `sdk/score/dnsmos/`). The models come from the config's
 * `models_dir`, the scoring config's `models_dir`, `AUDIOCURATE_DNSMOS_DIR`, or the folder
 * `deno task models` fills by default.
 *
 * @module
 */

import { z } from "zod";
import { join } from "node:path";
import { downmix } from "../../audio/downmix.ts";
import { resample } from "../../audio/resample.ts";
import type { AudioData } from "../../audio/types.ts";
import type { Scorer, ScoreValues } from "../scorer.ts";
import { type Dnsmos, loadDnsmos } from "../dnsmos/dnsmos.ts";
import { DNSMOS_SAMPLE_RATE } from "../dnsmos/dnsmos_features.ts";
import { RESAMPLE_QUALITIES, type ResampleQuality } from "../../audio/resample.ts";
import type { SameType } from "../../config/_same_type.ts";
import { parseScorerConfig } from "./_parse_config.ts";

/**
 * Config of the `dnsmos` scorer, the single source of its defaults:
 *
 * - `models_dir` (null): folder of the model files; null falls back to the scoring config's
 *   `models_dir` (that folder, or its `dnsmos/` subfolder when it has one), then
 *   `AUDIOCURATE_DNSMOS_DIR`, then the folder `deno task models` fills by default.
 * - `personalized` (false): the personalized P.835 model (`psig_bak_ovr.onnx`), meant for
 *   clips where interfering talkers count as noise.
 * - `p808` (true): also run the P.808 model (`mos_p808`; null when off).
 * - `resample_quality` ("polyphase"): converter to 16 kHz for other rates. "polyphase" (a
 *   Kaiser polyphase FIR, pass band to 91.3 % of 8 kHz as librosa's soxr_hq in the reference
 *   script, 100 dB stop band) costs about 30 ms per 10 s at 48 kHz; libsamplerate's "best"
 *   (96 % of the band) about 740 ms, more than the models; "medium" and "fastest" cut the top
 *   10 % and 20 % of the band, which DNSMOS hears.
 * - `threads` (1): onnxruntime intra-op threads per model (1 lets parallel workers scale).
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const DnsmosConfigSchema = z.object({
  models_dir: z.string().min(1).nullable().default(null),
  personalized: z.boolean().default(false),
  p808: z.boolean().default(true),
  resample_quality: z.enum(RESAMPLE_QUALITIES).default("polyphase"),
  threads: z.number().int().min(1).default(1),
}).strict();

/**
 * The `dnsmos` scorer's config after defaults (snake_case, as in `configs/scoring.yaml`).
 * Validated by {@linkcode DnsmosConfigSchema}.
 */
export interface DnsmosConfig {
  /**
   * Folder of the model files; null falls back to the scoring config's `models_dir` (that
   * folder, or its `dnsmos/` subfolder when it has one), then `AUDIOCURATE_DNSMOS_DIR`, then the
   * folder `deno task models` fills by default. Default `null`.
   */
  models_dir: string | null;
  /**
   * Use the personalized P.835 model (`psig_bak_ovr.onnx`), meant for clips where interfering
   * talkers count as noise. Default false.
   */
  personalized: boolean;
  /** Also run the P.808 model (`mos_p808`; null when off). Default true. */
  p808: boolean;
  /**
   * Converter to 16 kHz for other rates: "polyphase" (pass band to 91.3 % of 8 kHz as the
   * reference script's soxr_hq, 100 dB stop band, fast) or libsamplerate's "best" (96 %, about
   * 20 times slower); "medium" and "fastest" cut the top 10 % and 20 % of the band, which
   * DNSMOS hears. Default `"polyphase"`.
   */
  resample_quality: ResampleQuality;
  /** onnxruntime intra-op threads per model (1 lets parallel workers scale). Default 1. */
  threads: number;
}
const _dnsmosConfig: SameType<DnsmosConfig, z.output<typeof DnsmosConfigSchema>> = true;

/**
 * DNSMOS values of one clip with loaded models: the clip is mixed to mono (mean of its
 * channels, as `downmix`), resampled to 16 kHz and scored (any length of at least one sample;
 * clips shorter than 9.01 s are repeated, longer ones averaged over 9.01 s segments at 1 s hops).
 *
 * @param dnsmos The loaded models.
 * @param audio The clip at any rate.
 * @param config The scorer config.
 * @returns `{ mos_sig, mos_bak, mos_ovrl, mos_p808 }` (`mos_p808` null when P.808 is off).
 * @throws {Error} For an empty clip.
 *
 * @example
 * ```ts
 * import { loadDnsmos } from "../dnsmos/dnsmos.ts";
 * import { DnsmosConfigSchema, dnsmosValues } from "./dnsmos.ts";
 * const dir = Deno.env.get("AUDIOCURATE_DNSMOS_DIR") ?? "../shared/models/dnsmos";
 * // Runs where the models are installed (deno task models, or AUDIOCURATE_DNSMOS_DIR).
 * if (await Deno.stat(dir).then(() => true, () => false)) {
 *   const dnsmos = await loadDnsmos({ modelsDir: dir, p808: false });
 *   const x = Float32Array.from({ length: 8000 }, (_, i) => 0.1 * Math.sin(i / 2));
 *   const v = await dnsmosValues(dnsmos, { sampleRate: 8000, channels: [x, x] },
 *     DnsmosConfigSchema.parse({}));
 *   console.log(typeof v.mos_ovrl, v.mos_p808); // number null
 *   await dnsmos.close();
 * }
 * ```
 */
export async function dnsmosValues(
  dnsmos: Dnsmos,
  audio: AudioData,
  config: DnsmosConfig,
): Promise<ScoreValues> {
  const mono = await resample(downmix(audio), DNSMOS_SAMPLE_RATE, {
    quality: config.resample_quality,
  });
  const s = await dnsmos.score(mono.channels[0]);
  return { mos_sig: s.sig, mos_bak: s.bak, mos_ovrl: s.ovrl, mos_p808: s.p808 };
}

async function hasModels(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(dir, "sig_bak_ovr.onnx"))).isFile;
  } catch {
    return false;
  }
}

/**
 * The `dnsmos` scorer: `mos_sig`, `mos_bak`, `mos_ovrl` (P.835, calibrated) and `mos_p808`;
 * see {@linkcode DnsmosConfigSchema} and {@linkcode dnsmosValues}. Registered by the scorers'
 * `mod.ts`.
 *
 * @example
 * ```ts
 * import { dnsmosScorer } from "./dnsmos.ts";
 * const dir = Deno.env.get("AUDIOCURATE_DNSMOS_DIR") ?? "../shared/models/dnsmos";
 * // Runs where the models are installed (deno task models, or AUDIOCURATE_DNSMOS_DIR).
 * if (await Deno.stat(dir).then(() => true, () => false)) {
 *   const inst = await dnsmosScorer.init(dnsmosScorer.configSchema.parse({ models_dir: dir }), {});
 *   const row = { utt_id: "u", path: "u.wav", duration_sec: 1, sr: 16000, language: "en", distortion: "clean", split: "test" };
 *   const audio = { sampleRate: 16000, channels: [Float32Array.from({ length: 16000 }, (_, i) => 0.1 * Math.sin(i / 3))] };
 *   const v = await inst.score({ uttId: "u", row, audio });
 *   console.log(Object.keys(v).join(",")); // mos_sig,mos_bak,mos_ovrl,mos_p808
 *   await inst.close?.();
 * }
 * ```
 */
export const dnsmosScorer: Scorer<DnsmosConfig> = {
  name: "dnsmos",
  version: "1",
  description: "DNSMOS P.835 SIG/BAK/OVRL and P.808 MOS (Microsoft's ONNX models)",
  configSchema: DnsmosConfigSchema,
  columns: Object.freeze({
    mos_sig: "float64?",
    mos_bak: "float64?",
    mos_ovrl: "float64?",
    mos_p808: "float64?",
  }),
  async init(config, context) {
    const parsed = parseScorerConfig(DnsmosConfigSchema, config, "dnsmos");
    let dir = parsed.models_dir;
    if (dir === null && context.modelsDir) {
      const sub = join(context.modelsDir, "dnsmos");
      dir = await hasModels(sub) ? sub : context.modelsDir;
    }
    const dnsmos = await loadDnsmos({
      modelsDir: dir,
      personalized: parsed.personalized,
      p808: parsed.p808,
      intraOpNumThreads: parsed.threads,
    });
    return {
      score: ({ audio }) => dnsmosValues(dnsmos, audio, parsed),
      close: () => dnsmos.close(),
    };
  },
};
