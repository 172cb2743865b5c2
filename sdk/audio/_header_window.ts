/**
 * Private: a window of file bytes that the header parsers read through. A parser is a generator
 * that yields a {@linkcode ReadRequest} whenever it needs bytes outside the current window; a
 * driver (sync file, async file, or in-memory bytes) answers with the bytes read. One parser thus
 * serves the fast synchronous path, the concurrent asynchronous path and in-memory probing.
 *
 * @module
 */

import type { AudioInfo } from "./types.ts";

/** Bytes a parser asks for: `length` bytes from file offset `offset` (fewer at the end). */
export interface ReadRequest {
  /** File offset. */
  offset: number;
  /** Bytes wanted. */
  length: number;
}

/** A header parser: yields read requests, receives the bytes, returns the metadata. */
export type HeaderParser = Generator<ReadRequest, AudioInfo, Uint8Array>;

/** Smallest read a parser issues when it leaves the window (a chunk header, a frame header). */
export const MIN_READ = 4096;

/** First read of a probe: covers the header of nearly every real file in one system call. */
export const HEAD_READ = 16384;

/** A window `[start, start + bytes.length)` of a file of `fileSize` bytes. */
export class HeaderWindow {
  /** Bytes of the window. */
  bytes: Uint8Array;
  /** File offset of `bytes[0]`. */
  start: number;
  /** Size of the whole file. */
  readonly fileSize: number;
  /** The path, for messages. */
  readonly path: string;
  #view: DataView;

  /**
   * @param path The path, for messages.
   * @param fileSize Size of the whole file.
   * @param bytes The bytes read from offset 0.
   */
  constructor(path: string, fileSize: number, bytes: Uint8Array) {
    this.path = path;
    this.fileSize = fileSize;
    this.bytes = bytes;
    this.start = 0;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** End of the window (exclusive file offset). */
  get end(): number {
    return this.start + this.bytes.length;
  }

  /**
   * Make `[offset, offset + length)` readable (as far as the file goes), reading if needed.
   *
   * @param offset File offset.
   * @param length Bytes needed.
   * @param readAhead Bytes to read when a read is needed (at least `length`).
   * @returns True when all `length` bytes are present (false: the file ends before).
   */
  *need(
    offset: number,
    length: number,
    readAhead: number = MIN_READ,
  ): Generator<ReadRequest, boolean, Uint8Array> {
    if (offset < this.start || offset + length > this.end) {
      if (offset >= this.fileSize) return false;
      const got: Uint8Array = yield { offset, length: Math.max(length, readAhead) };
      this.bytes = got;
      this.start = offset;
      this.#view = new DataView(got.buffer, got.byteOffset, got.byteLength);
    }
    return offset + length <= this.end;
  }

  /** Whether `[offset, offset + length)` lies in the window. */
  has(offset: number, length: number): boolean {
    return offset >= this.start && offset + length <= this.end;
  }

  /** Byte at a file offset (must be in the window). */
  u8(offset: number): number {
    return this.bytes[offset - this.start];
  }

  /** Unsigned 16-bit integer at a file offset. */
  u16(offset: number, littleEndian: boolean): number {
    return this.#view.getUint16(offset - this.start, littleEndian);
  }

  /** Signed 16-bit integer at a file offset. */
  i16(offset: number, littleEndian: boolean): number {
    return this.#view.getInt16(offset - this.start, littleEndian);
  }

  /** Unsigned 32-bit integer at a file offset. */
  u32(offset: number, littleEndian: boolean): number {
    return this.#view.getUint32(offset - this.start, littleEndian);
  }

  /** Unsigned 64-bit little-endian integer at a file offset, as a number (exact below 2^53). */
  u64le(offset: number): number {
    const lo = this.#view.getUint32(offset - this.start, true);
    const hi = this.#view.getUint32(offset - this.start + 4, true);
    return hi * 4294967296 + lo;
  }

  /** Four ASCII characters at a file offset. */
  fourcc(offset: number): string {
    const i = offset - this.start;
    const b = this.bytes;
    return String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);
  }

  /** Whether the four bytes at a file offset look like a chunk id (printable ASCII). */
  isChunkId(offset: number): boolean {
    const i = offset - this.start;
    for (let k = 0; k < 4; k++) {
      const c = this.bytes[i + k];
      if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
  }
}

/**
 * Assemble an {@linkcode AudioInfo} with `durationSec` computed from `frames / sampleRate`.
 *
 * @param fields Every field but `durationSec`.
 * @returns The metadata.
 */
export function makeInfo(fields: Omit<AudioInfo, "durationSec">): AudioInfo {
  return {
    path: fields.path,
    format: fields.format,
    codec: fields.codec,
    sampleFormat: fields.sampleFormat,
    sampleRate: fields.sampleRate,
    channels: fields.channels,
    bitsPerSample: fields.bitsPerSample,
    frames: fields.frames,
    durationSec: fields.sampleRate > 0 ? fields.frames / fields.sampleRate : 0,
    dataOffset: fields.dataOffset,
    dataSize: fields.dataSize,
    fileSize: fields.fileSize,
    flags: fields.flags,
  };
}
