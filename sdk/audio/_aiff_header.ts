/**
 * Private: AIFF / AIFF-C header parser (IFF chunks, big-endian).
 *
 * Reads `COMM` (channels, frames, sample size, 80-bit IEEE extended sample rate, AIFF-C
 * compression type) and the `SSND` chunk header (offset field), never its sound data.
 *
 * @module
 */

import { AudioFileError } from "../log/errors.ts";
import { type HeaderParser, type HeaderWindow, makeInfo } from "./_header_window.ts";
import type { SampleFormat } from "./types.ts";

interface Comm {
  channels: number;
  frames: number;
  sampleSize: number;
  sampleRate: number;
  compression: string;
}

/**
 * Parse an AIFF or AIFF-C header. The window starts at offset 0 with at least 12 bytes.
 *
 * @param w Window over the file.
 * @returns The metadata.
 */
export function* parseAiff(w: HeaderWindow): HeaderParser {
  const path = w.path;
  const fileSize = w.fileSize;
  const form = w.fourcc(8);
  if (form !== "AIFF" && form !== "AIFC") {
    throw new AudioFileError(
      path,
      form === "8SVX" ? "unsupported" : "not_audio",
      `IFF file of type "${form.replace(/[^\x20-\x7e]/g, "?")}" is not AIFF audio`,
    );
  }
  const aifc = form === "AIFC";
  const flags: string[] = [];
  let comm: Comm | null = null;
  let dataOffset = -1;
  let ssndSize = -1;
  let oddMet = false;
  let pos = 12;
  while (pos + 8 <= fileSize) {
    if (!(yield* w.need(pos, 8))) break;
    if (!w.isChunkId(pos)) {
      if (pos === 12) {
        throw new AudioFileError(path, "corrupt", `no valid chunk follows the ${form} header`);
      }
      break;
    }
    const id = w.fourcc(pos);
    const size = w.u32(pos + 4, false);
    if (id === "COMM") {
      const want = aifc ? 22 : 18;
      if (size < want) {
        throw new AudioFileError(path, "corrupt", `the COMM chunk is ${size} bytes, below ${want}`);
      }
      if (!(yield* w.need(pos + 8, want))) {
        throw new AudioFileError(path, "corrupt", "the COMM chunk is cut short");
      }
      const b = pos + 8;
      comm = {
        channels: w.i16(b, false),
        frames: w.u32(b + 2, false),
        sampleSize: w.i16(b + 6, false),
        sampleRate: extended80(w, b + 8),
        compression: aifc ? w.fourcc(b + 18) : "NONE",
      };
      if (dataOffset >= 0) break; // SSND came first
    } else if (id === "SSND") {
      if (size < 8 || !(yield* w.need(pos + 8, 8))) {
        throw new AudioFileError(path, "corrupt", "the SSND chunk is cut short");
      }
      const offset = w.u32(pos + 8, false);
      dataOffset = pos + 16 + offset;
      ssndSize = Math.max(0, size - 8 - offset);
      if (comm !== null) break;
    }
    if (size % 2 === 1) oddMet = true;
    pos += 8 + size + (size % 2);
  }
  if (oddMet) flags.push("odd_padding");
  if (comm === null) {
    throw new AudioFileError(path, "corrupt", `the ${form} file has no COMM chunk`);
  }
  const { codec, sampleFormat, bytesPerSample } = aiffCodec(path, comm);
  if (comm.channels < 1) {
    throw new AudioFileError(path, "corrupt", `the COMM chunk declares ${comm.channels} channels`);
  }
  if (!(comm.sampleRate >= 1) || !Number.isFinite(comm.sampleRate)) {
    throw new AudioFileError(
      path,
      "corrupt",
      `the COMM chunk declares a sample rate of ${comm.sampleRate}`,
    );
  }
  if (dataOffset < 0 || comm.frames === 0) {
    throw new AudioFileError(
      path,
      "header_only",
      dataOffset < 0 ? `the ${form} file has no SSND chunk` : "the COMM chunk declares 0 frames",
    );
  }
  const blockAlign = comm.channels * bytesPerSample;
  const present = Math.max(0, fileSize - dataOffset);
  let dataSize = Math.min(ssndSize, comm.frames * blockAlign);
  let frames = comm.frames;
  if (dataSize > present || Math.floor(dataSize / blockAlign) < frames) {
    dataSize = Math.min(dataSize, present);
    frames = Math.floor(dataSize / blockAlign);
    flags.push("truncated");
  }
  if (frames === 0) {
    throw new AudioFileError(path, "header_only", "the SSND chunk holds no audio frames");
  }
  const sampleRate = comm.sampleRate;
  return makeInfo({
    path,
    format: aifc ? "aifc" : "aiff",
    codec,
    sampleFormat,
    sampleRate,
    channels: comm.channels,
    bitsPerSample: bytesPerSample * 8,
    frames,
    dataOffset,
    dataSize,
    fileSize,
    flags,
  });
}

/** 80-bit IEEE 754 extended precision (big-endian) at a file offset. */
function extended80(w: HeaderWindow, at: number): number {
  const se = w.u16(at, false);
  const hi = w.u32(at + 2, false);
  const lo = w.u32(at + 6, false);
  const sign = se & 0x8000 ? -1 : 1;
  const exp = se & 0x7fff;
  if (exp === 0 && hi === 0 && lo === 0) return 0;
  if (exp === 0x7fff) return NaN;
  const mantissa = hi * 4294967296 + lo; // integer bit included, 64 bits (rounded to 53)
  return sign * mantissa * Math.pow(2, exp - 16383 - 63);
}

function aiffCodec(
  path: string,
  comm: Comm,
): { codec: string; sampleFormat: SampleFormat; bytesPerSample: number } {
  const bytes = Math.ceil(comm.sampleSize / 8);
  const intBe = ["", "pcm_s8", "pcm_s16be", "pcm_s24be", "pcm_s32be"];
  const intLe = ["", "pcm_s8", "pcm_s16le", "pcm_s24le", "pcm_s32le"];
  const int = (table: string[], n: number) => {
    const codec = table[n];
    if (codec === undefined || codec === "") {
      throw new AudioFileError(
        path,
        "unsupported",
        `integer PCM with ${comm.sampleSize} bits per sample is not supported`,
      );
    }
    return { codec, sampleFormat: "int" as const, bytesPerSample: n };
  };
  switch (comm.compression) {
    case "NONE":
    case "twos":
      return int(intBe, bytes);
    case "sowt":
      return int(intLe, bytes);
    case "in24":
      return int(intBe, 3);
    case "in32":
      return int(intBe, 4);
    case "42ni":
      return int(intLe, 3);
    case "23ni":
      return int(intLe, 4);
    case "raw ":
      return { codec: "pcm_u8", sampleFormat: "int", bytesPerSample: 1 };
    case "fl32":
    case "FL32":
      return { codec: "pcm_f32be", sampleFormat: "float", bytesPerSample: 4 };
    case "fl64":
    case "FL64":
      return { codec: "pcm_f64be", sampleFormat: "float", bytesPerSample: 8 };
  }
  throw new AudioFileError(
    path,
    "unsupported",
    `AIFF-C compression type "${
      comm.compression.replace(/[^\x20-\x7e]/g, "?")
    }" is not supported, only uncompressed PCM and float`,
  );
}
