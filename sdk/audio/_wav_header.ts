/**
 * Private: WAV / RF64 / BW64 header parser (RIFF chunks, little-endian).
 *
 * Walks the chunk list from offset 12 with small positioned reads, never reading the `data`
 * payload: chunks before `fmt ` (LIST, bext, iXML, JUNK...), `ds64` 64-bit sizes, odd-sized
 * chunks with (or, tolerated, without) their pad byte, WAVE_FORMAT_EXTENSIBLE.
 *
 * @module
 */

import { AudioFileError } from "../log/errors.ts";
import { type HeaderParser, type HeaderWindow, makeInfo } from "./_header_window.ts";
import type { SampleFormat } from "./types.ts";

const FORMAT_NAMES: Record<number, string> = {
  0x0002: "Microsoft ADPCM",
  0x0006: "A-law",
  0x0007: "mu-law",
  0x0011: "IMA ADPCM",
  0x0031: "GSM 6.10",
  0x0050: "MPEG",
  0x0055: "MPEG layer III",
  0x0161: "WMA",
  0xf1ac: "FLAC",
};

/** Tail of the KSDATAFORMAT_SUBTYPE GUIDs: xxxxxxxx-0000-0010-8000-00aa00389b71. */
const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface Fmt {
  tag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
}

/**
 * Parse a WAV, RF64 or BW64 header. The window starts at offset 0 with at least 12 bytes.
 *
 * @param w Window over the file.
 * @returns The metadata.
 */
export function* parseWav(w: HeaderWindow): HeaderParser {
  const path = w.path;
  const magic = w.fourcc(0);
  const fileSize = w.fileSize;
  const form = w.fourcc(8);
  if (form !== "WAVE") {
    throw new AudioFileError(
      path,
      "not_audio",
      `RIFF file of type "${form.replace(/[^\x20-\x7e]/g, "?")}" is not WAVE audio`,
    );
  }
  const rf64 = magic !== "RIFF";
  const flags: string[] = [];
  if (rf64) flags.push("rf64");
  if (magic === "BW64") flags.push("bw64");
  let ds64DataSize = -1;
  let fmt: Fmt | null = null;
  let extensible = false;
  let dataOffset = -1;
  let dataSize = -1;
  let oddMet = false;
  let pos = 12;
  while (pos + 8 <= fileSize) {
    if (!(yield* w.need(pos, 8))) break;
    if (!w.isChunkId(pos)) {
      if (pos === 12) {
        throw new AudioFileError(path, "corrupt", `no valid chunk follows the WAVE header`);
      }
      break; // junk after the chunks we need, or a broken tail: decide below
    }
    const id = w.fourcc(pos);
    let size = w.u32(pos + 4, true);
    if (id === "ds64") {
      if (!(yield* w.need(pos + 8, 24))) {
        throw new AudioFileError(path, "corrupt", "the ds64 chunk is cut short");
      }
      ds64DataSize = w.u64le(pos + 16);
    } else if (id === "fmt ") {
      if (size < 16) {
        throw new AudioFileError(path, "corrupt", `the fmt chunk is ${size} bytes, below 16`);
      }
      const want = Math.min(size, 40);
      if (!(yield* w.need(pos + 8, want))) {
        throw new AudioFileError(path, "corrupt", "the fmt chunk is cut short");
      }
      const b = pos + 8;
      let tag = w.u16(b, true);
      if (tag === 0xfffe) {
        if (size < 40) {
          throw new AudioFileError(
            path,
            "corrupt",
            `the WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes, below 40`,
          );
        }
        const g = b + 24;
        for (let k = 0; k < 12; k++) {
          if (w.u8(g + 4 + k) !== GUID_TAIL[k]) {
            throw new AudioFileError(
              path,
              "unsupported",
              `the WAVE_FORMAT_EXTENSIBLE SubFormat GUID ${guidText(w, g)} is not supported`,
            );
          }
        }
        tag = w.u16(g, true);
        if (w.u16(g + 2, true) !== 0) {
          throw new AudioFileError(
            path,
            "unsupported",
            `the WAVE_FORMAT_EXTENSIBLE SubFormat GUID ${guidText(w, g)} is not supported`,
          );
        }
        extensible = true;
      }
      fmt = {
        tag,
        channels: w.u16(b + 2, true),
        sampleRate: w.u32(b + 4, true),
        blockAlign: w.u16(b + 12, true),
        bits: w.u16(b + 14, true),
      };
      if (dataOffset >= 0) break; // data came first
    } else if (id === "data") {
      if (rf64 && size === 0xffffffff) {
        if (ds64DataSize < 0) {
          throw new AudioFileError(
            path,
            "corrupt",
            `the ${magic} data chunk size is 0xFFFFFFFF but there is no ds64 chunk`,
          );
        }
        size = ds64DataSize;
      }
      dataOffset = pos + 8;
      dataSize = size;
      if (fmt !== null) break;
    }
    // Next chunk: sizes are padded to even. Tolerate writers that leave the pad byte out.
    let next = pos + 8 + size;
    if (size % 2 === 1) {
      oddMet = true;
      if (next + 1 + 8 <= fileSize && (yield* w.need(next, 9))) {
        if (w.isChunkId(next + 1) || !w.isChunkId(next)) next += 1;
      } else {
        next += 1;
      }
    }
    pos = next;
  }
  if (oddMet) flags.push("odd_padding");
  if (fmt === null) {
    throw new AudioFileError(path, "corrupt", "the WAVE file has no fmt chunk");
  }
  if (extensible) flags.push("extensible");
  const { codec, sampleFormat, bytesPerSample } = wavCodec(path, fmt);
  if (fmt.channels < 1) {
    throw new AudioFileError(path, "corrupt", "the fmt chunk declares 0 channels");
  }
  if (fmt.sampleRate < 1) {
    throw new AudioFileError(path, "corrupt", "the fmt chunk declares a sample rate of 0");
  }
  const blockAlign = fmt.channels * bytesPerSample;
  if (dataOffset < 0) {
    throw new AudioFileError(path, "header_only", "the WAVE file has no data chunk");
  }
  const present = Math.max(0, fileSize - dataOffset);
  if (dataSize > present) {
    dataSize = present;
    flags.push("truncated");
  }
  const frames = Math.floor(dataSize / blockAlign);
  if (frames === 0) {
    throw new AudioFileError(
      path,
      "header_only",
      flags.includes("truncated")
        ? "the data chunk is cut off before its first frame"
        : "the data chunk holds no audio frames",
    );
  }
  return makeInfo({
    path,
    format: rf64 ? "rf64" : "wav",
    codec,
    sampleFormat,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    bitsPerSample: bytesPerSample * 8,
    frames,
    dataOffset,
    dataSize,
    fileSize,
    flags,
  });
}

function wavCodec(
  path: string,
  fmt: Fmt,
): { codec: string; sampleFormat: SampleFormat; bytesPerSample: number } {
  // Container size: the block alignment per channel when it is consistent, else from the bits.
  let bytes = Math.ceil(fmt.bits / 8);
  if (fmt.channels > 0 && fmt.blockAlign % fmt.channels === 0) {
    const perChannel = fmt.blockAlign / fmt.channels;
    if (perChannel >= bytes && perChannel <= 8) bytes = perChannel;
  }
  if (fmt.tag === 1) {
    const codec = ["", "pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le"][bytes];
    if (codec === undefined || codec === "") {
      throw new AudioFileError(
        path,
        "unsupported",
        `integer PCM with ${fmt.bits} bits per sample is not supported`,
      );
    }
    return { codec, sampleFormat: "int", bytesPerSample: bytes };
  }
  if (fmt.tag === 3) {
    if (bytes === 4) return { codec: "pcm_f32le", sampleFormat: "float", bytesPerSample: 4 };
    if (bytes === 8) return { codec: "pcm_f64le", sampleFormat: "float", bytesPerSample: 8 };
    throw new AudioFileError(
      path,
      "unsupported",
      `float PCM with ${fmt.bits} bits per sample is not supported`,
    );
  }
  const name = FORMAT_NAMES[fmt.tag];
  const hex = `0x${fmt.tag.toString(16).padStart(4, "0")}`;
  throw new AudioFileError(
    path,
    "unsupported",
    `WAVE format tag ${hex}${name ? ` (${name})` : ""} is not supported, only PCM and float`,
  );
}

function guidText(w: HeaderWindow, at: number): string {
  const hex = (o: number, n: number, le: boolean): string => {
    let s = "";
    for (let k = 0; k < n; k++) {
      s += w.u8(at + o + (le ? n - 1 - k : k)).toString(16).padStart(2, "0");
    }
    return s;
  };
  return `${hex(0, 4, true)}-${hex(4, 2, true)}-${hex(6, 2, true)}-${hex(8, 2, false)}-${
    hex(10, 6, false)
  }`;
}
