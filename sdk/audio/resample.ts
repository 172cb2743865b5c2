/**
 * Sample-rate conversion with libsamplerate's band-limited sinc converters (WASM build from
 * npm `@alexanderolsen/libsamplerate-js`), or with a Kaiser-window polyphase FIR for rational
 * ratios (`quality: "polyphase"`, many times faster for 48 kHz to 16 kHz).
 *
 * @module
 */

import libsamplerate from "@alexanderolsen/libsamplerate-js";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import type { AudioData } from "./types.ts";
import { UsageError } from "../log/errors.ts";
import { gcd, PolyphaseResampler } from "./dsp/_polyphase.ts";
import { kaiserLowpass } from "./dsp/kaiser_lowpass.ts";

/**
 * The converters: libsamplerate's SRC_SINC_BEST_QUALITY, _MEDIUM_QUALITY and _FASTEST, and
 * `polyphase`, a Kaiser-window polyphase FIR ({@linkcode kaiserLowpass}: pass band to 91.3 % of
 * the lower Nyquist frequency, as soxr's "HQ" that librosa uses, 100 dB stop band), in one stage
 * for ratios with small factors (48 kHz to 16 kHz) and two for the others (44.1 kHz to 16 kHz
 * goes through 48 kHz). `polyphase` needs each stage's filter to fit in 2^21 taps (any pair of
 * the usual rates from 8 kHz to 192 kHz); for other pairs it uses `best`.
 *
 * @example
 * ```ts
 * import { RESAMPLE_QUALITIES } from "./resample.ts";
 * console.log(RESAMPLE_QUALITIES.join(" ")); // best medium fastest polyphase
 * ```
 */
export const RESAMPLE_QUALITIES: readonly ["best", "medium", "fastest", "polyphase"] = [
  "best",
  "medium",
  "fastest",
  "polyphase",
];

/** A converter, see {@linkcode RESAMPLE_QUALITIES}. */
export type ResampleQuality = typeof RESAMPLE_QUALITIES[number];

/** Options of {@linkcode resample}; defaults come from {@linkcode resampleOptionsSchema}. */
export interface ResampleOptions {
  /**
   * Converter. Default "best" (libsamplerate, about 97 dB stop-band attenuation); "polyphase"
   * is as clean (100 dB) with a slightly narrower pass band, and much faster.
   */
  quality?: ResampleQuality;
}

/**
 * The zod schema of {@linkcode ResampleOptions}: the single source of their defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const resampleOptionsSchema = z.strictObject({
  quality: z.enum(RESAMPLE_QUALITIES).default("best"),
});
const _resampleOptions: SameType<ResampleOptions, z.input<typeof resampleOptionsSchema>> = true;

/** Sample rates the converter accepts (the limits of the WASM build). */
const MAX_RATE = 192000;
/** Samples (all channels) the WASM build's transfer buffers hold. */
const WASM_BUFFER = 1008000;
/** Channels one converter instance handles at most. */
const MAX_GROUP = 128;

const { create, ConverterType } = libsamplerate;

/** Polyphase stage chains by `from/to`, built once each (a handful of rate pairs in practice). */
const POLYPHASE = new Map<string, PolyphaseResampler[] | null>();

/** Largest reduced factor converted in one polyphase stage; above it, two stages. */
const ONE_STAGE_MAX_FACTOR = 32;

/** A polyphase stage `from -> to` with the given pass and stop edges (fractions, see kaiserLowpass). */
function stage(from: number, to: number, passband?: number, stopband?: number) {
  return new PolyphaseResampler({
    up: to,
    down: from,
    window: kaiserLowpass({ up: to, down: from, passband, stopband }),
  });
}

/**
 * The polyphase stages of a rate pair, or null when a filter would be too long. A ratio with
 * small factors (48 kHz to 16 kHz: 1/3) is one stage. Otherwise (44.1 kHz to 16 kHz:
 * 160/441) the sharp filter runs at an integer ratio between the lower rate and a multiple of it
 * (48 kHz to 16 kHz), and the fractional step is a second stage whose filter only has to keep
 * images from folding into the final band, so it is short: about ten taps an output instead of
 * about 400.
 */
function polyphaseFor(fromRate: number, toRate: number): PolyphaseResampler[] | null {
  const key = `${fromRate}/${toRate}`;
  let chain = POLYPHASE.get(key);
  if (chain === undefined) {
    try {
      const g = gcd(fromRate, toRate);
      if (Math.max(fromRate / g, toRate / g) <= ONE_STAGE_MAX_FACTOR) {
        chain = [stage(fromRate, toRate)];
      } else {
        // The final band: [0, B] with B the lower Nyquist frequency, kept to 91.3 %.
        const band = Math.min(fromRate, toRate) / 2;
        const relaxed = (a: number, b: number) => {
          const nyq = Math.min(a, b) / 2;
          // Frequencies within B of a multiple of the output rate b fold into [0, B].
          return stage(a, b, (0.913 * band) / nyq, (b - band) / nyq);
        };
        if (toRate < fromRate) {
          const mid = toRate * Math.ceil(fromRate / toRate);
          chain = [relaxed(fromRate, mid), stage(mid, toRate)];
        } else {
          const mid = fromRate * Math.ceil(toRate / fromRate);
          chain = [stage(fromRate, mid), relaxed(mid, toRate)];
        }
      }
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      chain = null;
    }
    if (POLYPHASE.size >= 16) POLYPHASE.delete(POLYPHASE.keys().next().value!);
    POLYPHASE.set(key, chain);
  }
  return chain;
}

const CONVERTERS = {
  best: ConverterType.SRC_SINC_BEST_QUALITY,
  medium: ConverterType.SRC_SINC_MEDIUM_QUALITY,
  fastest: ConverterType.SRC_SINC_FASTEST,
} as const;

function checkRate(rate: number, what: string): void {
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE) {
    throw new UsageError(
      `Invalid ${what} sample rate "${rate}": expected an integer from 1 to 192000`,
    );
  }
}

/**
 * Resample one group of channels (at most 128) to exactly `outFrames` frames.
 *
 * libsamplerate's output is time-aligned with its input (no added delay), but the converter
 * keeps the last filter-length of input until more arrives; we stream the input in chunks through
 * the `full` API and then feed silence until every output frame is out, which is what
 * end-of-input does inside the `simple` API (whose wrapper drops that tail on long inputs).
 */
async function resampleGroup(
  channels: Float32Array[],
  fromRate: number,
  toRate: number,
  outFrames: number,
  converter: (typeof CONVERTERS)[keyof typeof CONVERTERS],
): Promise<Float32Array[]> {
  const nch = channels.length;
  const frames = channels[0].length;
  const ratio = toRate / fromRate;
  const src = await create(nch, fromRate, toRate, { converterType: converter });
  try {
    const perCall = Math.floor(WASM_BUFFER / (nch * Math.max(1, ratio)) / 2);
    const chunkFrames = Math.max(1, Math.min(65536, perCall));
    const input = new Float32Array(chunkFrames * nch);
    const output = new Float32Array(Math.ceil(chunkFrames * ratio + 2) * nch);
    const result = channels.map(() => new Float32Array(outFrames));
    const got = { frames: 0 };
    let produced = 0;
    let pos = 0;
    let silentCalls = 0;
    // Enough silence to flush the longest (best quality) filter at any ratio, with margin.
    const maxSilentCalls = Math.ceil((4096 * Math.max(1, 1 / ratio)) / chunkFrames) + 64;
    while (produced < outFrames) {
      const take = Math.min(chunkFrames, Math.max(0, frames - pos));
      if (take === 0 && ++silentCalls > maxSilentCalls) {
        throw new Error(`Resampler produced ${produced} of ${outFrames} frames`);
      }
      // After the input comes silence, just enough to cover the filter and the frames still due.
      const silence = Math.min(
        chunkFrames,
        Math.ceil((outFrames - produced) / ratio) + Math.ceil(256 / Math.min(1, ratio)),
      );
      const block = input.subarray(0, (take === 0 ? silence : take) * nch);
      block.fill(0);
      for (let c = 0; c < nch; c++) {
        const ch = channels[c];
        for (let i = 0; i < take; i++) block[i * nch + c] = ch[pos + i];
      }
      pos += take;
      src.full(block, output, got);
      const keep = Math.min(got.frames, outFrames - produced);
      for (let c = 0; c < nch; c++) {
        const out = result[c];
        for (let i = 0; i < keep; i++) out[produced + i] = output[i * nch + c];
      }
      produced += keep;
    }
    return result;
  } finally {
    src.destroy();
  }
}

/**
 * Convert audio to another sample rate with a band-limited sinc filter. The result has
 * `Math.round(frames * targetRate / sampleRate)` frames and is time-aligned with the input;
 * content above the lower Nyquist frequency is filtered out (no aliasing).
 *
 * @param audio The audio to convert.
 * @param targetRate Wanted sample rate (integer, 1 to 192000; the ratio must lie within 1/256..256).
 * @param options See {@linkcode ResampleOptions}.
 * @returns New audio at `targetRate`, or `audio` itself when the rates already match.
 *
 * @example
 * ```ts
 * import { resample } from "./resample.ts";
 * const x = new Float32Array(48000).map((_, i) => Math.sin(2 * Math.PI * 440 * i / 48000));
 * const y = await resample({ sampleRate: 48000, channels: [x] }, 16000);
 * console.log(y.sampleRate, y.channels[0].length); // 16000 16000
 * ```
 */
export async function resample(
  audio: AudioData,
  targetRate: number,
  options?: ResampleOptions,
): Promise<AudioData> {
  const parsed = resampleOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `Invalid resample option "${issue.path.join(".") || "options"}": ${issue.message}`,
    );
  }
  checkRate(audio.sampleRate, "source");
  checkRate(targetRate, "target");
  const ratio = targetRate / audio.sampleRate;
  if (ratio < 1 / 256 || ratio > 256) {
    throw new UsageError(
      `Cannot resample from ${audio.sampleRate} Hz to ${targetRate} Hz: the ratio must lie within 1/256 and 256`,
    );
  }
  if (audio.channels.length === 0) {
    throw new UsageError("Cannot resample audio without channels");
  }
  const frames = audio.channels[0].length;
  for (const ch of audio.channels) {
    if (ch.length !== frames) {
      throw new UsageError(
        `Cannot resample: channels have different lengths (${frames} and ${ch.length})`,
      );
    }
  }
  if (targetRate === audio.sampleRate) return audio;
  const outFrames = Math.round(frames * ratio);
  if (frames === 0 || outFrames === 0) {
    return {
      sampleRate: targetRate,
      channels: audio.channels.map(() => new Float32Array(outFrames)),
    };
  }
  if (parsed.data.quality === "polyphase") {
    const poly = polyphaseFor(audio.sampleRate, targetRate);
    if (poly) {
      // Channels go through in pairs: one pass shares each filter tap between two signals.
      const channels: Float32Array[] = [];
      const src = audio.channels;
      for (let c = 0; c < src.length; c += 2) {
        const pair = c + 1 < src.length;
        let ys: ArrayLike<number>[] = pair ? [src[c], src[c + 1]] : [src[c]];
        for (const st of poly) ys = st.processPair(ys[0], pair ? ys[1] : null).slice(0, ys.length);
        for (const y of ys) {
          const out = new Float32Array(outFrames);
          for (let i = 0; i < outFrames; i++) out[i] = y[i];
          channels.push(out);
        }
      }
      return { sampleRate: targetRate, channels };
    }
  }
  const converter = CONVERTERS[parsed.data.quality === "polyphase" ? "best" : parsed.data.quality];
  const out: Float32Array[] = [];
  for (let g = 0; g < audio.channels.length; g += MAX_GROUP) {
    const group = audio.channels.slice(g, g + MAX_GROUP);
    out.push(...await resampleGroup(group, audio.sampleRate, targetRate, outFrames, converter));
  }
  return { sampleRate: targetRate, channels: out };
}
