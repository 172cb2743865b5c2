/**
 * Streaming reader of uncompressed files (WAV, RF64/BW64, and also AIFF/AIFF-C): any frame range
 * as float32 per channel or as raw interleaved bytes, with positioned reads on one file handle,
 * so memory depends on the range asked for, never on the file's length.
 *
 * @module
 */

import { z } from "zod";
import type { ZodSchema } from "../config/zod_schema.ts";
import { AudioFileError } from "../log/errors.ts";
import { decodePcm, isPcmCodec } from "./pcm.ts";
import { ioError, probeFile } from "./probe.ts";
import type { AudioData, AudioInfo } from "./types.ts";
import { checkFrameRange } from "./_frame_range.ts";

/** Options of {@linkcode readFrames} and {@linkcode readFrameBytes}. */
export interface FrameRange {
  /** First frame (inclusive). Default 0. */
  start?: number;
  /** End frame (exclusive). Default: the number of frames in the file. */
  end?: number;
}

/** Schema of {@linkcode FrameRange}: the single source of its defaults. */
export const frameRangeSchema: ZodSchema<{ start: number; end?: number }, FrameRange> = z.object({
  start: z.number().default(0),
  end: z.number().optional(),
});

/**
 * An open uncompressed audio file. Reads never overlap: concurrent calls are queued on the one
 * file handle.
 *
 * @example
 * ```ts
 * import { WavReader } from "./wav_reader.ts";
 * const dir = await Deno.makeTempDir();
 * const bytes = new Uint8Array(44 + 8);
 * const v = new DataView(bytes.buffer);
 * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * v.setUint32(16, 16, true);
 * v.setUint16(20, 1, true); // PCM
 * v.setUint16(22, 1, true); // mono
 * v.setUint32(24, 8000, true);
 * v.setUint32(28, 16000, true);
 * v.setUint16(32, 2, true);
 * v.setUint16(34, 16, true);
 * bytes.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 8, true);
 * [0, 8192, 16384, -32768].forEach((s, i) => v.setInt16(44 + 2 * i, s, true));
 * await Deno.writeFile(`${dir}/a.wav`, bytes);
 * const reader = await WavReader.open(`${dir}/a.wav`);
 * const audio = await reader.read(1, 3);
 * console.log(reader.info.frames, Array.from(audio.channels[0])); // 4 [ 0.25, 0.5 ]
 * reader.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class WavReader {
  /** Header metadata of the file. */
  readonly info: AudioInfo;
  #file: Deno.FsFile | null;
  #counter: { bytesRead: number };
  #queue: Promise<unknown> = Promise.resolve();
  #blockAlign: number;

  private constructor(file: Deno.FsFile, info: AudioInfo, counter: { bytesRead: number }) {
    this.#file = file;
    this.info = info;
    this.#counter = counter;
    this.#blockAlign = info.channels * (info.bitsPerSample / 8);
  }

  /**
   * Open a file and read its header.
   *
   * @param path A WAV, RF64/BW64, AIFF or AIFF-C file with PCM or float samples.
   * @returns The reader; call {@linkcode WavReader.close} when done (or use `using`).
   * @throws {AudioFileError} When the file is not readable audio, or is compressed (FLAC, MP3:
   *   reason `unsupported`).
   *
   * @example
   * ```ts
   * import { WavReader } from "./wav_reader.ts";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/x.wav`, "text");
   * const err = await WavReader.open(`${dir}/x.wav`).catch((e) => e);
   * console.log(err.reason); // not_audio
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  static async open(path: string): Promise<WavReader> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path);
    } catch (err) {
      throw ioError(path, err);
    }
    const counter = { bytesRead: 0 };
    try {
      const info = await probeFile(file, path, counter);
      if (!isPcmCodec(info.codec)) {
        throw new AudioFileError(
          path,
          "unsupported",
          `${info.format.toUpperCase()} is compressed: the WAV reader reads uncompressed PCM only`,
        );
      }
      return new WavReader(file, info, counter);
    } catch (err) {
      file.close();
      throw err;
    }
  }

  /** Bytes read from the file so far, header included. */
  get bytesRead(): number {
    return this.#counter.bytesRead;
  }

  /**
   * Read frames `[start, end)` as float32 per channel.
   *
   * @param start First frame (inclusive).
   * @param end End frame (exclusive), at most `info.frames`.
   * @returns The samples in [-1, 1] (float files unchanged) and the sample rate.
   * @throws {RangeError} When the range is not whole numbers, runs backwards or past the end;
   *   the message names the file.
   *
   * @example
   * ```ts
   * import { WavReader } from "./wav_reader.ts";
   * const dir = await Deno.makeTempDir();
   * const bytes = new Uint8Array(44 + 400);
   * const v = new DataView(bytes.buffer);
   * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
   * v.setUint32(16, 16, true);
   * v.setUint16(20, 1, true);
   * v.setUint16(22, 2, true); // stereo
   * v.setUint32(24, 100, true);
   * v.setUint32(28, 400, true);
   * v.setUint16(32, 4, true);
   * v.setUint16(34, 16, true);
   * bytes.set(new TextEncoder().encode("data"), 36);
   * v.setUint32(40, 400, true); // 100 frames
   * await Deno.writeFile(`${dir}/s.wav`, bytes);
   * using reader = await WavReader.open(`${dir}/s.wav`);
   * const err = await reader.read(90, 120).catch((e) => e);
   * console.log(err instanceof RangeError); // true
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async read(start: number, end: number): Promise<AudioData> {
    const bytes = await this.readBytes(start, end);
    return {
      sampleRate: this.info.sampleRate,
      channels: decodePcm(bytes, { codec: this.info.codec, channels: this.info.channels }),
    };
  }

  /**
   * Read frames `[start, end)` as raw interleaved bytes in the file's own codec
   * (`info.codec`, e.g. `pcm_s16le`, or big-endian for AIFF).
   *
   * @param start First frame (inclusive).
   * @param end End frame (exclusive), at most `info.frames`.
   * @param into Optional buffer to read into (no allocation): when it is large enough, the
   *   result is a view of its first bytes, valid until the buffer is reused.
   * @returns `(end - start) * channels * bitsPerSample / 8` bytes.
   * @throws {RangeError} As {@linkcode WavReader.read}.
   *
   * @example
   * ```ts
   * import { WavReader } from "./wav_reader.ts";
   * const dir = await Deno.makeTempDir();
   * const bytes = new Uint8Array(44 + 4);
   * const v = new DataView(bytes.buffer);
   * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
   * v.setUint32(16, 16, true);
   * v.setUint16(20, 1, true);
   * v.setUint16(22, 1, true);
   * v.setUint32(24, 8000, true);
   * v.setUint32(28, 8000, true);
   * v.setUint16(32, 1, true);
   * v.setUint16(34, 8, true); // 8-bit unsigned
   * bytes.set(new TextEncoder().encode("data"), 36);
   * v.setUint32(40, 4, true);
   * bytes.set([128, 129, 130, 131], 44);
   * await Deno.writeFile(`${dir}/u8.wav`, bytes);
   * using reader = await WavReader.open(`${dir}/u8.wav`);
   * console.log(Array.from(await reader.readBytes(2, 4))); // [ 130, 131 ]
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async readBytes(start: number, end: number, into?: Uint8Array): Promise<Uint8Array> {
    checkFrameRange(this.info, start, end);
    const task = this.#queue.then(() => this.#readAt(start, end, into));
    this.#queue = task.catch(() => undefined);
    return await task;
  }

  async #readAt(start: number, end: number, into?: Uint8Array): Promise<Uint8Array> {
    const file = this.#file;
    const path = this.info.path;
    if (file === null) throw new AudioFileError(path, "io", "the reader is closed");
    const length = (end - start) * this.#blockAlign;
    const out = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
    if (length === 0) return out;
    try {
      await file.seek(this.info.dataOffset + start * this.#blockAlign, Deno.SeekMode.Start);
      let got = 0;
      while (got < length) {
        const r = await file.read(out.subarray(got));
        if (r === null || r === 0) break;
        got += r;
        this.#counter.bytesRead += r;
      }
      if (got < length) {
        throw new AudioFileError(
          path,
          "corrupt",
          `the file ended ${length - got} bytes early while reading frames ${start} to ${end}`,
        );
      }
    } catch (err) {
      throw err instanceof AudioFileError ? err : ioError(path, err);
    }
    return out;
  }

  /** Close the file handle (idempotent). */
  close(): void {
    if (this.#file !== null) {
      this.#file.close();
      this.#file = null;
    }
  }

  /** Close on `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Read frames `[start, end)` of an uncompressed file as float32 per channel, reading only that
 * range (plus the header).
 *
 * @param path A WAV, RF64/BW64, AIFF or AIFF-C file.
 * @param options `start` (default 0) and `end` (default: all frames), see {@linkcode FrameRange}.
 * @returns The samples and the sample rate.
 * @throws {RangeError} For a range outside the file; {@linkcode AudioFileError} for a file that
 *   is not readable uncompressed audio.
 *
 * @example
 * ```ts
 * import { readFrames } from "./wav_reader.ts";
 * const dir = await Deno.makeTempDir();
 * const bytes = new Uint8Array(44 + 40);
 * const v = new DataView(bytes.buffer);
 * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * v.setUint32(16, 16, true);
 * v.setUint16(20, 3, true); // IEEE float
 * v.setUint16(22, 1, true);
 * v.setUint32(24, 10, true);
 * v.setUint32(28, 40, true);
 * v.setUint16(32, 4, true);
 * v.setUint16(34, 32, true);
 * bytes.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 40, true);
 * for (let i = 0; i < 10; i++) v.setFloat32(44 + 4 * i, i / 10, true);
 * await Deno.writeFile(`${dir}/f.wav`, bytes);
 * const audio = await readFrames(`${dir}/f.wav`, { start: 5, end: 7 });
 * console.log(audio.channels[0].length, audio.channels[0][0]); // 2 0.5
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readFrames(path: string, options: FrameRange = {}): Promise<AudioData> {
  const { start, end } = frameRangeSchema.parse(options);
  const reader = await WavReader.open(path);
  try {
    return await reader.read(start, end ?? reader.info.frames);
  } finally {
    reader.close();
  }
}

/**
 * Read frames `[start, end)` of an uncompressed file as raw interleaved bytes in its own codec.
 *
 * @param path A WAV, RF64/BW64, AIFF or AIFF-C file.
 * @param options `start` (default 0) and `end` (default: all frames).
 * @returns The bytes, `(end - start) * blockAlign` long.
 * @throws {RangeError} For a range outside the file; {@linkcode AudioFileError} for a file that
 *   is not readable uncompressed audio.
 *
 * @example
 * ```ts
 * import { readFrameBytes } from "./wav_reader.ts";
 * const dir = await Deno.makeTempDir();
 * const bytes = new Uint8Array(44 + 6);
 * const v = new DataView(bytes.buffer);
 * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * v.setUint32(16, 16, true);
 * v.setUint16(20, 1, true);
 * v.setUint16(22, 1, true);
 * v.setUint32(24, 8000, true);
 * v.setUint32(28, 16000, true);
 * v.setUint16(32, 2, true);
 * v.setUint16(34, 16, true);
 * bytes.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 6, true);
 * bytes.set([1, 0, 2, 0, 3, 0], 44);
 * await Deno.writeFile(`${dir}/b.wav`, bytes);
 * console.log(Array.from(await readFrameBytes(`${dir}/b.wav`, { start: 1, end: 3 }))); // [ 2, 0, 3, 0 ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readFrameBytes(path: string, options: FrameRange = {}): Promise<Uint8Array> {
  const { start, end } = frameRangeSchema.parse(options);
  const reader = await WavReader.open(path);
  try {
    return await reader.readBytes(start, end ?? reader.info.frames);
  } finally {
    reader.close();
  }
}
