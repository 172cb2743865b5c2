/**
 * Private: FLAC header parser. Reads STREAMINFO and walks the metadata block headers (seeking
 * over big blocks such as pictures) to find where the first audio frame starts. When STREAMINFO
 * leaves the total sample count unknown (0, as streamed encoders write), the count is taken from
 * the last frame header found near the end of the file (flag `estimated`).
 *
 * @module
 */

import { AudioFileError } from "../log/errors.ts";
import { type HeaderParser, type HeaderWindow, makeInfo } from "./_header_window.ts";

/** Bytes read at the end of the file to find the last frame header. */
const TAIL_READ = 65536;

/**
 * Parse a FLAC header whose `fLaC` marker sits at `start` (after any ID3v2 tag).
 *
 * @param w Window over the file.
 * @param start File offset of `fLaC`.
 * @returns The metadata.
 */
export function* parseFlac(w: HeaderWindow, start: number): HeaderParser {
  const path = w.path;
  const fileSize = w.fileSize;
  const flags: string[] = [];
  let pos = start + 4;
  if (!(yield* w.need(pos, 4 + 34)) || (w.u8(pos) & 0x7f) !== 0) {
    throw new AudioFileError(path, "corrupt", "the FLAC stream does not start with STREAMINFO");
  }
  if ((w.u8(pos + 1) << 16 | w.u16(pos + 2, false)) < 34) {
    throw new AudioFileError(path, "corrupt", "the FLAC STREAMINFO block is too short");
  }
  const s = pos + 4;
  const maxBlock = w.u16(s + 2, false);
  const packed = w.u32(s + 10, false);
  const sampleRate = packed >>> 12;
  const channels = ((packed >>> 9) & 0x7) + 1;
  const bits = ((packed >>> 4) & 0x1f) + 1;
  let frames = (packed & 0xf) * 4294967296 + w.u32(s + 14, false);
  if (sampleRate === 0) {
    throw new AudioFileError(path, "corrupt", "the FLAC STREAMINFO declares a sample rate of 0");
  }
  // Walk the metadata block headers to the first frame.
  for (;;) {
    if (!(yield* w.need(pos, 4))) {
      throw new AudioFileError(path, "corrupt", "the FLAC metadata blocks run past the end");
    }
    const head = w.u8(pos);
    const length = (w.u8(pos + 1) << 16) | w.u16(pos + 2, false);
    pos += 4 + length;
    if (head & 0x80) break;
    if (pos > fileSize) {
      throw new AudioFileError(path, "corrupt", "the FLAC metadata blocks run past the end");
    }
  }
  const dataOffset = pos;
  const dataSize = fileSize - dataOffset;
  if (dataSize <= 0) {
    throw new AudioFileError(path, "header_only", "the FLAC file has metadata but no frames");
  }
  if (frames === 0) {
    const tailStart = Math.max(dataOffset, fileSize - TAIL_READ);
    yield* w.need(tailStart, fileSize - tailStart);
    frames = lastFrameEnd(w, tailStart, fileSize, maxBlock);
    if (frames === 0) {
      throw new AudioFileError(
        path,
        "corrupt",
        "the FLAC STREAMINFO does not give the length and no frame header was found at the end",
      );
    }
    flags.push("estimated");
  }
  return makeInfo({
    path,
    format: "flac",
    codec: "flac",
    sampleFormat: "compressed",
    sampleRate,
    channels,
    bitsPerSample: bits,
    frames,
    dataOffset,
    dataSize,
    fileSize,
    flags,
  });
}

interface FrameHeader {
  /** First sample of the frame. */
  sample: number;
  /** Samples in the frame. */
  blockSize: number;
}

/**
 * End sample of the last frame whose header lies in `[from, to)` (the window must hold it),
 * or 0 when none. A candidate counts when its CRC-8 matches and, if several match, when it
 * continues another candidate (guards against sync codes inside compressed data).
 */
function lastFrameEnd(w: HeaderWindow, from: number, to: number, fixedBlock: number): number {
  const found: FrameHeader[] = [];
  for (let p = from; p + 6 <= to; p++) {
    if (w.u8(p) !== 0xff || (w.u8(p + 1) & 0xfe) !== 0xf8) continue;
    const h = frameHeader(w, p, to, fixedBlock);
    if (h !== null) found.push(h);
  }
  if (found.length === 0) return 0;
  for (let i = found.length - 1; i > 0; i--) {
    const h = found[i];
    // Consistent: an earlier candidate ends exactly where this one starts.
    for (let j = i - 1; j >= 0; j--) {
      if (found[j].sample + found[j].blockSize === h.sample) return h.sample + h.blockSize;
    }
  }
  const last = found[found.length - 1];
  return last.sample + last.blockSize;
}

function frameHeader(
  w: HeaderWindow,
  p: number,
  end: number,
  fixedBlock: number,
): FrameHeader | null {
  const variable = (w.u8(p + 1) & 1) === 1;
  const b2 = w.u8(p + 2);
  const b3 = w.u8(p + 3);
  const bsCode = b2 >> 4;
  const srCode = b2 & 0xf;
  if (bsCode === 0 || srCode === 15) return null;
  if ((b3 >> 4) > 10 || ((b3 >> 1) & 7) === 3 || (b3 & 1) === 1) return null;
  // UTF-8-like coded number.
  let q = p + 4;
  const first = w.u8(q++);
  let value: number;
  let extra: number;
  if (first < 0x80) {
    value = first;
    extra = 0;
  } else if (first >= 0xc0 && first < 0xe0) {
    value = first & 0x1f;
    extra = 1;
  } else if (first >= 0xe0 && first < 0xf0) {
    value = first & 0x0f;
    extra = 2;
  } else if (first >= 0xf0 && first < 0xf8) {
    value = first & 0x07;
    extra = 3;
  } else if (first >= 0xf8 && first < 0xfc) {
    value = first & 0x03;
    extra = 4;
  } else if (first >= 0xfc && first < 0xfe) {
    value = first & 0x01;
    extra = 5;
  } else if (first === 0xfe) {
    value = 0;
    extra = 6;
  } else return null;
  if (q + extra + 3 > end) return null;
  for (let k = 0; k < extra; k++) {
    const c = w.u8(q++);
    if ((c & 0xc0) !== 0x80) return null;
    value = value * 64 + (c & 0x3f);
  }
  let blockSize: number;
  if (bsCode === 1) blockSize = 192;
  else if (bsCode <= 5) blockSize = 576 << (bsCode - 2);
  else if (bsCode === 6) blockSize = w.u8(q++) + 1;
  else if (bsCode === 7) {
    blockSize = w.u16(q, false) + 1;
    q += 2;
  } else blockSize = 256 << (bsCode - 8);
  if (srCode === 12) q += 1;
  else if (srCode === 13 || srCode === 14) q += 2;
  if (q >= end) return null;
  let crc = 0;
  for (let k = p; k < q; k++) crc = CRC8[(crc ^ w.u8(k)) & 0xff];
  if (crc !== w.u8(q)) return null;
  if (variable) return { sample: value, blockSize };
  const nominal = fixedBlock > 0 ? fixedBlock : blockSize; // fixed blocking: all but the last
  return { sample: value * nominal, blockSize };
}

const CRC8 = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    t[i] = c;
  }
  return t;
})();
