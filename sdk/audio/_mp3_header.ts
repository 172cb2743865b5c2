/**
 * Private: MP3 (MPEG-1/2/2.5 layer III) header parser.
 *
 * Skips ID3v2 tags (done by the caller), parses the first frame header, then takes the frame
 * count from a Xing/Info or VBRI header. With a LAME tag, the encoder delay and padding it
 * records are subtracted (flag `gapless`), so `frames` is the length of the original audio, as
 * gapless decoders (mpg123, libsndfile) output it. Without such a header every frame header is
 * read, frame to frame, through the file (frame headers only; nothing is decoded): the count is
 * exact, so no `estimated` flag.
 *
 * @module
 */

import { AudioFileError } from "../log/errors.ts";
import {
  type HeaderParser,
  type HeaderWindow,
  makeInfo,
  type ReadRequest,
} from "./_header_window.ts";

/** Bytes read at a time while walking frame headers through a file without a Xing header. */
const SCAN_READ = 262144;

/** How far past the ID3v2 tag the first frame may start (zero padding, junk). */
const SYNC_SEARCH = 65536;

const BITRATE_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATE_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** A decoded MPEG audio frame header. */
export interface Mp3Frame {
  /** Version bits: 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5. */
  version: number;
  /** Layer bits: 1 layer III, 2 layer II, 3 layer I. */
  layer: number;
  /** Bits per second. */
  bitrate: number;
  /** Samples per second. */
  sampleRate: number;
  /** 1 or 2. */
  channels: number;
  /** Bytes of the whole frame, header included. */
  length: number;
  /** Samples per channel in the frame. */
  samples: number;
  /** Side information bytes (where a Xing header would start after the 4-byte header). */
  sideInfo: number;
}

/**
 * Decode the 4-byte frame header at a file offset (window must hold it).
 *
 * @param w Window.
 * @param p File offset.
 * @returns The header, or null when the bytes are not a valid MPEG audio frame header (layer I
 *   and II headers are decoded too so that the caller can name them).
 */
export function mp3Frame(w: HeaderWindow, p: number): Mp3Frame | null {
  const b1 = w.u8(p + 1);
  if (w.u8(p) !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  if (version === 1 || layer === 0) return null;
  const b2 = w.u8(p + 2);
  const brIndex = b2 >> 4;
  const srIndex = (b2 >> 2) & 3;
  if (brIndex === 15 || srIndex === 3) return null;
  const sampleRate = RATES[version][srIndex];
  const padding = (b2 >> 1) & 1;
  const channels = (w.u8(p + 3) >> 6) === 3 ? 1 : 2;
  const v1 = version === 3;
  if (layer !== 1) {
    // Layer I or II: enough to recognise and name them.
    return {
      version,
      layer,
      bitrate: 0,
      sampleRate,
      channels,
      length: 0,
      samples: layer === 3 ? 384 : 1152,
      sideInfo: 0,
    };
  }
  if (brIndex === 0) {
    return { version, layer, bitrate: 0, sampleRate, channels, length: 0, samples: 0, sideInfo: 0 };
  }
  const bitrate = (v1 ? BITRATE_V1 : BITRATE_V2)[brIndex] * 1000;
  const length = Math.floor(((v1 ? 144 : 72) * bitrate) / sampleRate) + padding;
  return {
    version,
    layer,
    bitrate,
    sampleRate,
    channels,
    length,
    samples: v1 ? 1152 : 576,
    sideInfo: v1 ? (channels === 1 ? 17 : 32) : (channels === 1 ? 9 : 17),
  };
}

function sameStream(a: Mp3Frame, b: Mp3Frame): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/**
 * Parse an MP3 whose audio (after ID3v2 tags) starts near `start`.
 *
 * @param w Window over the file.
 * @param start File offset just after the ID3v2 tags (0 when none).
 * @returns The metadata.
 */
export function* parseMp3(w: HeaderWindow, start: number): HeaderParser {
  const path = w.path;
  const fileSize = w.fileSize;
  // First frame: a valid header followed by another valid header of the same stream.
  let first: Mp3Frame | null = null;
  let firstPos = -1;
  const searchEnd = Math.min(fileSize, start + SYNC_SEARCH);
  for (let p = start; p + 4 <= searchEnd; p++) {
    if (!w.has(p, 4) && !(yield* w.need(p, 4, SYNC_SEARCH))) break;
    const f = mp3Frame(w, p);
    if (f === null) continue;
    if (f.layer !== 1) {
      throw new AudioFileError(
        path,
        "unsupported",
        `MPEG layer ${f.layer === 2 ? "II" : "I"} audio is not supported, only layer III (MP3)`,
      );
    }
    if (f.bitrate === 0) {
      throw new AudioFileError(path, "unsupported", "free-format MP3 bitrate is not supported");
    }
    const next = p + f.length;
    if (next + 4 <= fileSize) {
      if (!(yield* w.need(next, 4))) continue;
      const g = mp3Frame(w, next);
      if (g === null || !sameStream(f, g)) {
        yield* w.need(p, 4, SYNC_SEARCH); // back to the search window
        continue;
      }
    }
    first = f;
    firstPos = p;
    break;
  }
  if (first === null) {
    throw new AudioFileError(
      path,
      start > 0 ? "corrupt" : "not_audio",
      start > 0 ? "no MP3 frame follows the ID3v2 tag" : "no MP3 frame header was found",
    );
  }
  const flags: string[] = [];
  // Xing / Info / VBRI in the first frame.
  yield* w.need(firstPos, Math.min(first.length, fileSize - firstPos));
  const tag = vbrHeader(w, firstPos, first);
  const audioEnd = yield* tagsAtEnd(w, firstPos);
  if (tag !== null && !(tag.bytes > 0 && firstPos + tag.bytes > fileSize + 1)) {
    if (tag.vbr) flags.push("vbr");
    let frames = tag.frames * first.samples;
    if (tag.delay + tag.padding > 0 && tag.delay + tag.padding < frames) {
      frames -= tag.delay + tag.padding;
      flags.push("gapless");
    }
    const dataOffset = firstPos + first.length;
    return makeInfo({
      path,
      format: "mp3",
      codec: "mp3",
      sampleFormat: "compressed",
      sampleRate: first.sampleRate,
      channels: first.channels,
      bitsPerSample: 0,
      frames,
      dataOffset,
      dataSize: Math.max(0, audioEnd - dataOffset),
      fileSize,
      flags,
    });
  }
  if (tag !== null) flags.push("truncated"); // its byte count runs past the end of the file
  // Walk every frame header.
  let count = 0;
  let pos = firstPos;
  let bitrate = first.bitrate;
  let vbr = false;
  let truncated = false;
  while (pos + 4 <= audioEnd) {
    if (!w.has(pos, 4)) yield* w.need(pos, 4, SCAN_READ);
    let f = mp3Frame(w, pos);
    if (f === null || !sameStream(f, first) || f.length === 0) {
      const found = yield* resync(w, pos, audioEnd, first);
      if (found < 0) break;
      pos = found;
      f = mp3Frame(w, pos) as Mp3Frame;
    }
    if (pos + f.length > audioEnd) {
      truncated = true;
      break;
    }
    if (f.bitrate !== bitrate) vbr = true;
    bitrate = f.bitrate;
    count++;
    pos += f.length;
  }
  if (truncated && !flags.includes("truncated")) flags.push("truncated");
  if (vbr) flags.push("vbr");
  if (tag !== null) count--; // the Xing/Info frame itself holds no audio
  if (count <= 0) {
    throw new AudioFileError(path, "header_only", "the MP3 file holds no complete audio frame");
  }
  return makeInfo({
    path,
    format: "mp3",
    codec: "mp3",
    sampleFormat: "compressed",
    sampleRate: first.sampleRate,
    channels: first.channels,
    bitsPerSample: 0,
    frames: count * first.samples,
    dataOffset: firstPos + (tag !== null ? first.length : 0),
    dataSize: pos - firstPos - (tag !== null ? first.length : 0),
    fileSize,
    flags,
  });
}

/** Find the next frame header in `[from, from + 4096)` that is followed by another. */
function* resync(
  w: HeaderWindow,
  from: number,
  end: number,
  like: Mp3Frame,
): Generator<ReadRequest, number, Uint8Array> {
  const limit = Math.min(end - 4, from + 4096);
  for (let p = from + 1; p <= limit; p++) {
    if (!w.has(p, 4)) yield* w.need(p, 4, SCAN_READ);
    const f = mp3Frame(w, p);
    if (f === null || !sameStream(f, like) || f.length === 0) continue;
    const q = p + f.length;
    if (q + 4 > end) return p; // last frame
    yield* w.need(q, 4, SCAN_READ);
    const g = mp3Frame(w, q);
    yield* w.need(p, 4, SCAN_READ);
    if (g !== null && sameStream(g, like)) return p;
  }
  return -1;
}

interface VbrTag {
  frames: number;
  bytes: number;
  vbr: boolean;
  delay: number;
  padding: number;
}

/** Xing/Info (with LAME extension) or VBRI header of the frame at `p`, or null. */
function vbrHeader(w: HeaderWindow, p: number, f: Mp3Frame): VbrTag | null {
  const end = p + f.length;
  for (const x of [p + 4 + f.sideInfo, p + 6 + f.sideInfo]) {
    if (x + 8 > end || !w.has(x, 8)) continue;
    const id = w.fourcc(x);
    if (id !== "Xing" && id !== "Info") continue;
    const fl = w.u32(x + 4, false);
    let q = x + 8;
    let frames = -1;
    let bytes = 0;
    if (fl & 1) {
      if (!w.has(q, 4)) return null;
      frames = w.u32(q, false);
      q += 4;
    }
    if (fl & 2) {
      if (!w.has(q, 4)) return null;
      bytes = w.u32(q, false);
      q += 4;
    }
    if (fl & 4) q += 100;
    if (fl & 8) q += 4;
    if (frames < 0) return null; // no frame count: walk the file instead
    let delay = 0;
    let padding = 0;
    if (q + 24 <= end && w.has(q, 24)) {
      const enc = w.fourcc(q);
      if (enc === "LAME" || enc === "Lavf" || enc === "Lavc" || enc === "GOGO") {
        delay = (w.u8(q + 21) << 4) | (w.u8(q + 22) >> 4);
        padding = ((w.u8(q + 22) & 0x0f) << 8) | w.u8(q + 23);
      }
    }
    return { frames, bytes, vbr: id === "Xing", delay, padding };
  }
  const v = p + 36;
  if (v + 18 <= end && w.has(v, 18) && w.fourcc(v) === "VBRI") {
    return {
      frames: w.u32(v + 14, false),
      bytes: w.u32(v + 10, false),
      vbr: true,
      delay: 0,
      padding: 0,
    };
  }
  return null;
}

/** End of the audio: the file size less an ID3v1 tag and an APEv2 tag at the end. */
function* tagsAtEnd(
  w: HeaderWindow,
  start: number,
): Generator<ReadRequest, number, Uint8Array> {
  const fileSize = w.fileSize;
  let end = fileSize;
  const tail = Math.min(fileSize - start, 160);
  if (tail <= 0) return end;
  yield* w.need(fileSize - tail, tail);
  if (end - 128 >= start && w.has(end - 128, 3) && w.fourcc(end - 128).startsWith("TAG")) {
    end -= 128;
  }
  if (
    end - 32 >= start && w.has(end - 32, 8) && w.fourcc(end - 32) === "APET" &&
    w.fourcc(end - 28) === "AGEX"
  ) {
    const size = w.u32(end - 32 + 12, true);
    const hasHeader = (w.u8(end - 32 + 23) & 0x80) !== 0;
    end = Math.max(start, end - size - (hasHeader ? 32 : 0));
  }
  return end;
}
