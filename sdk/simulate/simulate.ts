/**
 * URGENT-style simulation of noisy/clean training pairs: clean speech, noise and room impulse
 * responses in; `noisy/<id>.wav`, `clean/<id>.wav`, `meta.tsv` (URGENT's format) and a JSONL
 * utterance manifest out.
 *
 * @module
 */

import { join } from "node:path";
import type { Prng } from "../audio/prng.ts";
import { probe } from "../audio/probe.ts";
import { decode } from "../audio/decode.ts";
import { encodeWav } from "../audio/wav_writer.ts";
import { resolveInside } from "../io/resolve_inside.ts";
import { type WriteOutcome, writeOutput } from "../io/write_output.ts";
import { writeJsonl } from "../table/jsonl.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import { ConfigError, UsageError } from "../log/errors.ts";
import { formatZodError } from "../config/format_zod_error.ts";
import {
  composeAugmentation,
  formatAugmentation,
  formatMetaTsv,
  type MetaRow,
} from "../datasets/urgent_meta.ts";
import {
  type SimulateConfig,
  type SimulateConfigInput,
  SimulateConfigSchema,
} from "./simulate_config.ts";
import {
  type AudioSource,
  checkSourceId,
  listAudioSources,
  listSpeechSources,
  type SpeechSource,
} from "./sources.ts";
import { utteranceRng } from "./utterance_seed.ts";
import { drawPairParams, type PairParams } from "./draw_params.ts";
import { renderPair } from "./render_pair.ts";
import { distortionLabel } from "./distortion_label.ts";
import { hasFfmpeg, needsFfmpegError } from "./ffmpeg.ts";
import { displayAs } from "../notebook/display_as.ts";
import { simulateView } from "./simulate_view.ts";

/** Options of {@linkcode simulate}. */
export interface SimulateOptions {
  /** Clean speech: a list, or a folder read by `listSpeechSources`. */
  speech: readonly SpeechSource[] | string;
  /** Noise: a list, or a folder read by `listAudioSources`. */
  noise: readonly AudioSource[] | string;
  /** Room impulse responses: a list or a folder; none (the default) means no reverberation. */
  rirs?: readonly AudioSource[] | string;
  /** Settings (YAML values); defaults from {@linkcode SimulateConfigSchema}. */
  config?: SimulateConfigInput;
  /** Output folder. */
  outDir: string;
  /** Global seed; default the config's `seed`. */
  seed?: number;
  /** Replace existing outputs whose content differs (the CLI's `--force`). Default false. */
  force?: boolean;
  /** Corpus name in the manifest and the `speech_sid` prefix. Default `sim`. */
  corpus?: string;
  /** Pairs rendered at once (ffmpeg runs overlap; the DSP is single-threaded). Default 4. */
  concurrency?: number;
  /** Called after each pair is written. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@linkcode simulate} wrote. */
export interface SimulateResult {
  /** The manifest rows (paths relative to the output folder), sorted by id. */
  rows: UtteranceRow[];
  /** The `meta.tsv` rows, same order. */
  meta: MetaRow[];
  /** Path of `meta.tsv`. */
  metaPath: string;
  /** Path of the JSONL manifest (`manifest.jsonl`). */
  manifestPath: string;
  /** How many files were created, left unchanged (same bytes) or replaced. */
  files: Record<WriteOutcome, number>;
}

/**
 * Name of the utterance manifest in the output folder.
 *
 * @example
 * ```ts
 * import { SIMULATION_MANIFEST } from "./simulate.ts";
 * console.log(SIMULATION_MANIFEST); // manifest.jsonl
 * ```
 */
export const SIMULATION_MANIFEST = "manifest.jsonl";
/**
 * Name of URGENT's simulation manifest in the output folder.
 *
 * @example
 * ```ts
 * import { SIMULATION_META } from "./simulate.ts";
 * console.log(SIMULATION_META); // meta.tsv
 * ```
 */
export const SIMULATION_META = "meta.tsv";

/** Decoded noise and RIRs, least recently used dropped beyond a bound. */
class SignalCache {
  #map = new Map<string, Promise<Float64Array>>();
  constructor(readonly limit: number) {}
  get(path: string, sampleRate: number): Promise<Float64Array> {
    const key = `${sampleRate}\u0000${path}`;
    let p = this.#map.get(key);
    if (p) {
      this.#map.delete(key);
      this.#map.set(key, p);
      return p;
    }
    p = decode(path, { sampleRate }).then((a) => Float64Array.from(a.channels[0]));
    this.#map.set(key, p);
    while (this.#map.size > this.limit) {
      this.#map.delete(this.#map.keys().next().value as string);
    }
    return p;
  }
}

async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed: unknown;
  async function worker(): Promise<void> {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (err) {
        failed ??= err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
  return out;
}

function byId<T extends { id: string }>(list: readonly T[], what: string): T[] {
  const seen = new Set<string>();
  for (const s of list) {
    checkSourceId(s.id, what);
    if (seen.has(s.id)) throw new UsageError(`The ${what} id "${s.id}" is given twice`);
    seen.add(s.id);
  }
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function parseConfig(config: SimulateConfigInput | undefined): SimulateConfig {
  const parsed = SimulateConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    throw new ConfigError(formatZodError(parsed.error, { input: config }).split("\n")[0]);
  }
  return parsed.data;
}

/** One row between drawing and rendering. */
interface Planned {
  source: SpeechSource;
  sampleRate: number;
  length: number;
  params: PairParams;
  rng: Prng;
}

/**
 * Simulate URGENT-style noisy/clean pairs, one per speech utterance.
 *
 * Each utterance gets its own generator, seeded from the global seed and its id
 * (`utteranceSeed`), which draws its parameters (`drawPairParams`: noise and SNR, wind noise,
 * reverberation and RIR, 0-3 extra augmentations among bandwidth limitation, clipping, codec and
 * packet loss) and then renders them (`renderPair`). So a pair depends only on the seed, its
 * utterance, the noise and RIR pools and the settings: simulating one utterance alone gives
 * the same bytes as simulating it in a batch.
 *
 * Writes, under `outDir`: `noisy/<id>.wav` and `clean/<id>.wav` (16-bit PCM at the speech's
 * rate, first channel of the source), `meta.tsv` in URGENT's format (paths relative to
 * `outDir`, `speech_sid` = `<corpus>_<speaker>`), and `manifest.jsonl` (utterance rows:
 * `path` noisy, `clean_path`, `distortion` from `distortionLabel`, `snr_db`, `rir`,
 * `augmentation`, `corpus`, `speaker`, `split`), both sorted by id. Rows that draw a codec or
 * wind noise need ffmpeg: when it cannot be run, nothing is written and the error names the
 * rows.
 *
 * @param options Sources, settings, output folder, seed.
 * @returns The rows and what was written.
 * @throws {UsageError} For bad ids, a missing folder, or outputs that differ without `force`.
 *
 * @example
 * ```ts
 * import { simulate } from "./simulate.ts";
 * import { writeWav } from "../audio/wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin(i / 9));
 * const hiss = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i * i));
 * await writeWav(`${dir}/u1.wav`, { sampleRate: 16000, channels: [tone] });
 * await writeWav(`${dir}/hiss.wav`, { sampleRate: 16000, channels: [hiss] });
 * const result = await simulate({
 *   speech: [{ id: "u1", path: `${dir}/u1.wav`, language: "en" }],
 *   noise: [{ id: "hiss", path: `${dir}/hiss.wav` }],
 *   config: { num_augmentations: [1] },
 *   outDir: `${dir}/out`,
 * });
 * console.log(result.rows[0].path, result.rows[0].distortion); // noisy/u1.wav noise
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const config = parseConfig(options.config);
  const seed = options.seed ?? config.seed;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`Seed must be an integer, found ${seed}`);
  const corpus = options.corpus ?? "sim";
  const speech = byId(
    typeof options.speech === "string" ? await listSpeechSources(options.speech) : options.speech,
    "utterance",
  );
  const noise = byId(
    typeof options.noise === "string" ? await listAudioSources(options.noise) : options.noise,
    "noise",
  );
  const rirs = byId(
    typeof options.rirs === "string" ? await listAudioSources(options.rirs) : options.rirs ?? [],
    "RIR",
  );
  if (speech.length === 0) throw new UsageError("No speech to simulate from");
  if (noise.length === 0 && config.wind_noise.prob < 1) {
    throw new UsageError("No noise files given: at least one is needed");
  }
  const noiseById = new Map(noise.map((s) => [s.id, s]));
  const rirById = new Map(rirs.map((s) => [s.id, s]));
  const noiseIds = noise.map((s) => s.id), rirIds = rirs.map((s) => s.id);

  // 1. Draw every pair's parameters from header lengths, before writing anything.
  const planned: Planned[] = [];
  for (const source of speech) {
    const info = await probe(source.path);
    const rng = utteranceRng(seed, source.id);
    const params = drawPairParams({
      length: info.frames,
      sampleRate: info.sampleRate,
      noiseIds,
      rirIds,
      config,
    }, rng);
    planned.push({ source, sampleRate: info.sampleRate, length: info.frames, params, rng });
  }
  const needing = planned.filter((p) =>
    p.params.wind !== null || p.params.augmentations.some((a) => a.kind === "codec")
  );
  if (needing.length > 0 && !(await hasFfmpeg(config.ffmpeg))) {
    const first = needing[0];
    const what = first.params.wind !== null
      ? "wind noise"
      : formatAugmentation(first.params.augmentations.filter((a) => a.kind === "codec"));
    const more = needing.length > 1 ? ` (and ${needing.length - 1} more rows)` : "";
    throw needsFfmpegError(`Utterance "${first.source.id}" drew ${what}${more}`, config.ffmpeg);
  }

  // 2. Render and write each pair.
  const outDir = options.outDir;
  const files: Record<WriteOutcome, number> = { created: 0, unchanged: 0, replaced: 0 };
  const cache = new SignalCache(64);
  let done = 0;
  const results = await mapPool(planned, Math.max(1, options.concurrency ?? 4), async (p) => {
    const { source, params } = p;
    const audio = await decode(source.path);
    const speechSignal = Float64Array.from(audio.channels[0]);
    const fs = audio.sampleRate;
    const noiseSource = params.wind === null ? noiseById.get(params.noiseUid) : undefined;
    const rirSource = params.rirUid === null ? undefined : rirById.get(params.rirUid);
    const pair = await renderPair({
      speech: speechSignal,
      sampleRate: fs,
      params,
      noise: noiseSource ? await cache.get(noiseSource.path, fs) : null,
      rir: rirSource ? await cache.get(rirSource.path, fs) : null,
      config,
    }, p.rng);
    const noisyRel = `noisy/${source.id}.wav`, cleanRel = `clean/${source.id}.wav`;
    for (const [rel, signal] of [[noisyRel, pair.noisy], [cleanRel, pair.clean]] as const) {
      const bytes = encodeWav({ sampleRate: fs, channels: [Float32Array.from(signal)] });
      const outcome = await writeOutput(resolveInside(outDir, rel), bytes, {
        force: options.force,
      });
      files[outcome]++;
    }
    const speaker = source.speaker ?? source.id;
    const augmentation = composeAugmentation({
      windNoise: params.wind ?? undefined,
      augmentations: params.augmentations,
    });
    const meta: MetaRow = {
      id: source.id,
      noisy_path: noisyRel,
      speech_uid: source.id,
      speech_sid: `${corpus}_${speaker.replace(/\s+/g, "_")}`,
      clean_path: cleanRel,
      noise_uid: params.noiseUid,
      snr_dB: params.snrDb,
      rir_uid: params.rirUid,
      augmentation,
      fs,
      length: speechSignal.length,
      text: source.text?.replace(/[\t\r\n]+/g, " ") ?? null,
    };
    const row: UtteranceRow = {
      utt_id: source.id,
      path: noisyRel,
      duration_sec: speechSignal.length / fs,
      sr: fs,
      language: source.language ?? "und",
      distortion: distortionLabel(params),
      split: source.split ?? "train",
      corpus,
      speaker,
      clean_path: cleanRel,
      snr_db: params.snrDb,
      rir: params.rirUid,
      augmentation: formatAugmentation(augmentation),
    };
    options.onProgress?.(++done, planned.length);
    return { meta, row };
  });

  const metaPath = join(outDir, SIMULATION_META);
  const manifestPath = join(outDir, SIMULATION_MANIFEST);
  const meta = results.map((r) => r.meta);
  const rows = results.map((r) => r.row);
  files[await writeOutput(metaPath, formatMetaTsv(meta), { force: options.force })]++;
  files[await writeJsonl(manifestPath, rows, { overwrite: options.force ?? false })]++;
  return displayAs({ rows, meta, metaPath, manifestPath, files }, simulateView);
}
