/**
 * Whole-file decoding of every supported format to float32: WAV/RF64 and AIFF/AIFF-C through the
 * streaming reader, FLAC with `@wasm-audio-decoders/flac`, MP3 with `mpg123-decoder` (gapless:
 * encoder delay and padding removed when the file has a LAME/Xing header). Optional downmix and
 * resampling on the way out.
 *
 * @module
 */

import { FLACDecoder } from "@wasm-audio-decoders/flac";
import { MPEGDecoder } from "mpg123-decoder";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { AudioFileError, UsageError } from "../log/errors.ts";
import { downmix } from "./downmix.ts";
import { isPcmCodec } from "./pcm.ts";
import { ioError, probe } from "./probe.ts";
import { resample, RESAMPLE_QUALITIES, type ResampleQuality } from "./resample.ts";
import type { AudioData, AudioInfo } from "./types.ts";
import { readFrames } from "./wav_reader.ts";

/** Options of {@linkcode decode}; defaults come from {@linkcode decodeOptionsSchema}. */
export interface DecodeOptions {
  /** Average the channels into one (see `downmix`). Default false. */
  mono?: boolean;
  /** Resample to this rate (see `resample`); default: keep the file's rate. */
  sampleRate?: number;
  /** Resampler quality when `sampleRate` differs from the file's. Default "best". */
  quality?: ResampleQuality;
}

/**
 * The zod schema of {@linkcode DecodeOptions}: the single source of their defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const decodeOptionsSchema = z.strictObject({
  mono: z.boolean().default(false),
  sampleRate: z.number().int().positive().optional(),
  quality: z.enum(RESAMPLE_QUALITIES).default("best"),
});
const _decodeOptions: SameType<DecodeOptions, z.input<typeof decodeOptionsSchema>> = true;

async function readAll(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    throw ioError(path, err);
  }
}

function firstError(errors: { message: string; frameNumber: number }[]): string {
  const e = errors[0];
  return `decoder error at frame ${e.frameNumber}: ${e.message}`;
}

async function decodeFlac(path: string, info: AudioInfo): Promise<AudioData> {
  let bytes = await readAll(path);
  // Skip an ID3v2 tag in front of the stream: the decoder wants "fLaC" first.
  for (let i = 0; i + 4 <= Math.min(bytes.length, info.dataOffset); i++) {
    if (
      bytes[i] === 0x66 && bytes[i + 1] === 0x4c && bytes[i + 2] === 0x61 && bytes[i + 3] === 0x43
    ) {
      bytes = bytes.subarray(i);
      break;
    }
  }
  // The decoder's frame parser only emits a frame once it sees the next frame's sync code, so
  // it drops the last frame of every file. Appending a copy of the first frame header (at most
  // 16 bytes, CRC-8 included) lets it close the real last frame; the copy itself is an
  // incomplete frame and is discarded.
  const start = info.dataOffset - (info.fileSize - bytes.length);
  const header = bytes.subarray(start, start + 16);
  const padded = new Uint8Array(bytes.length + header.length);
  padded.set(bytes);
  padded.set(header, bytes.length);
  const decoder = new FLACDecoder();
  try {
    await decoder.ready;
    const out = await decoder.decodeFile(padded);
    if (out.errors.length > 0) throw new AudioFileError(path, "corrupt", firstError(out.errors));
    if (out.samplesDecoded === 0 && info.frames > 0) {
      throw new AudioFileError(path, "corrupt", "the FLAC stream decoded to no samples");
    }
    if (info.frames > 0 && out.samplesDecoded < info.frames) {
      throw new AudioFileError(
        path,
        "corrupt",
        `decoded ${out.samplesDecoded} of the ${info.frames} frames the header declares (truncated file?)`,
      );
    }
    return { sampleRate: out.sampleRate, channels: rescaleFlac(out.channelData, out.bitDepth) };
  } finally {
    decoder.free();
  }
}

/**
 * The WASM FLAC decoder scales integers by 1/(2^(bits-1) - 1), so full-scale negative samples
 * fall below -1 and nothing matches a PCM reader. Recover each integer (exact up to 24 bits:
 * float32 keeps 24 significant bits) and scale by 1/2^(bits-1) as `decodePcm` does.
 */
function rescaleFlac(channels: Float32Array[], bits: number): Float32Array[] {
  if (!(bits >= 4 && bits <= 32)) return channels;
  const down = 2 ** (bits - 1) - 1;
  const up = 1 / 2 ** (bits - 1);
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i] * down) * up;
  }
  return channels;
}

async function decodeMp3(path: string): Promise<AudioData> {
  const bytes = await readAll(path);
  const decoder = new MPEGDecoder({ enableGapless: true });
  try {
    await decoder.ready;
    const out = decoder.decode(bytes);
    if (out.samplesDecoded === 0) {
      const why = out.errors.length > 0 ? firstError(out.errors) : "no MPEG audio frames decoded";
      throw new AudioFileError(path, "corrupt", why);
    }
    // mpg123 resynchronises over damaged frames; a few errors with audio out are tolerated.
    return { sampleRate: out.sampleRate, channels: out.channelData };
  } finally {
    decoder.free();
  }
}

/**
 * Decode a whole audio file to float32 samples in [-1, 1] (float files may exceed it).
 * The format comes from the file's magic bytes ({@linkcode probe}), not its extension.
 * FLAC is bit-exact (integers scaled by 2^(bits-1), as for PCM); MP3 is decoded gapless, so a
 * file from an encoder that writes a LAME/Xing header comes back with the source's length and
 * alignment.
 *
 * @param path A WAV, RF64, AIFF, AIFF-C, FLAC or MP3 file.
 * @param options See {@linkcode DecodeOptions}.
 * @returns The samples, one Float32Array per channel.
 * @throws {AudioFileError} Naming the file, when it is missing, not audio, unsupported or
 *   corrupt.
 *
 * @example
 * ```ts
 * import { decode } from "./decode.ts";
 * import { writeWav } from "./wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const ch = new Float32Array(4800).fill(0.25);
 * await writeWav(`${dir}/a.wav`, { sampleRate: 48000, channels: [ch, ch] });
 * const audio = await decode(`${dir}/a.wav`, { mono: true, sampleRate: 16000 });
 * console.log(audio.sampleRate, audio.channels.length, audio.channels[0].length); // 16000 1 1600
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function decode(path: string, options?: DecodeOptions): Promise<AudioData> {
  const parsed = decodeOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `Invalid decode option "${issue.path.join(".") || "options"}": ${issue.message}`,
    );
  }
  const o = parsed.data;
  const info = await probe(path);
  let audio: AudioData;
  if (isPcmCodec(info.codec)) {
    audio = await readFrames(path);
  } else if (info.format === "flac") {
    audio = await decodeFlac(path, info);
  } else if (info.format === "mp3") {
    audio = await decodeMp3(path);
  } else {
    throw new AudioFileError(path, "unsupported", `codec "${info.codec}" cannot be decoded`);
  }
  if (o.mono) audio = downmix(audio);
  if (o.sampleRate !== undefined && o.sampleRate !== audio.sampleRate) {
    audio = await resample(audio, o.sampleRate, { quality: o.quality });
  }
  return audio;
}
