/**
 * Header-only metadata of WAV, RF64/BW64, AIFF, AIFF-C, FLAC and MP3 files.
 *
 * The format comes from the magic bytes, never the extension. One read of the first 16 KiB
 * covers nearly every header; bigger headers are walked chunk by chunk with small positioned
 * reads, so the audio payload of WAV, AIFF and FLAC files is never read (an MP3 without a
 * Xing/Info/VBRI header has its frame headers read through the file to count them).
 *
 * @module
 */

import { AudioFileError } from "../log/errors.ts";
import { HEAD_READ, type HeaderParser, HeaderWindow } from "./_header_window.ts";
import { parseWav } from "./_wav_header.ts";
import { parseAiff } from "./_aiff_header.ts";
import { parseFlac } from "./_flac_header.ts";
import { parseMp3 } from "./_mp3_header.ts";
import type { AudioInfo } from "./types.ts";

/** Reused first-read buffer of the synchronous path (never shared across an await). */
const HEAD = new Uint8Array(HEAD_READ);

/**
 * Read the header of an audio file and return its metadata, without reading the audio payload.
 *
 * Uses synchronous file operations inside: on a local disk they are several times faster than
 * asynchronous ones for a read this small (see `bench/probe.ts`). For many files on a network
 * filesystem, use `probeMany` with a concurrency above 1.
 *
 * Frames: WAV/RF64 from the data size (ds64 for RF64), AIFF from COMM (capped by the SSND
 * bytes present), FLAC from STREAMINFO (or, when it says 0, from the last frame header: flag
 * `estimated`), MP3 from the Xing/Info or VBRI frame count less the LAME tag's encoder delay
 * and padding (flag `gapless`; the length of the original audio, as gapless decoders give it),
 * else by counting every frame header (delay and padding included).
 *
 * @param path File to read.
 * @returns Format, codec, sample rate, channels, frames, duration, payload offset and size,
 *   flags (`truncated`, `extensible`, `rf64`, `bw64`, `odd_padding`, `vbr`, `gapless`,
 *   `estimated`). `bitsPerSample` is the container size (24 for 20-bit samples in 3 bytes).
 * @throws {AudioFileError} With reason `empty`, `header_only`, `not_audio`, `unsupported`,
 *   `corrupt` or `io`; the message names the file and the reason.
 *
 * @example
 * ```ts
 * import { probe } from "./probe.ts";
 * const dir = await Deno.makeTempDir();
 * const header = new Uint8Array(44);
 * const v = new DataView(header.buffer);
 * header.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "), 0);
 * v.setUint32(16, 16, true); // fmt size
 * v.setUint16(20, 1, true); // PCM
 * v.setUint16(22, 1, true); // mono
 * v.setUint32(24, 8000, true);
 * v.setUint32(28, 16000, true);
 * v.setUint16(32, 2, true);
 * v.setUint16(34, 16, true);
 * header.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 16000, true); // 8000 frames
 * const bytes = new Uint8Array(44 + 16000);
 * bytes.set(header);
 * await Deno.writeFile(`${dir}/a.WAV`, bytes);
 * const info = await probe(`${dir}/a.WAV`);
 * console.log(info.format, info.codec, info.frames, info.durationSec); // wav pcm_s16le 8000 1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function probe(path: string): Promise<AudioInfo> {
  try {
    return Promise.resolve(probeSync(path));
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Synchronous {@linkcode probe}: the fastest way to probe many files on a local disk.
 *
 * @param path File to read.
 * @returns The metadata, as {@linkcode probe}.
 * @throws {AudioFileError} As {@linkcode probe}.
 *
 * @example
 * ```ts
 * import { probeSync } from "./probe.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/notes.wav`, "not audio at all");
 * try {
 *   probeSync(`${dir}/notes.wav`);
 * } catch (err) {
 *   console.log((err as Error).message.endsWith("no known audio signature at the start")); // true
 * }
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function probeSync(path: string): AudioInfo {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path);
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    let n = 0;
    let eof = false;
    while (n < HEAD.length) {
      const got = file.readSync(HEAD.subarray(n));
      if (got === null || got === 0) {
        eof = true;
        break;
      }
      n += got;
    }
    const fileSize = eof ? n : file.seekSync(0, Deno.SeekMode.End);
    const w = new HeaderWindow(path, fileSize, HEAD.subarray(0, n));
    const parser = parseHeader(w);
    let step = parser.next();
    while (!step.done) {
      const { offset, length } = step.value;
      const want = Math.max(0, Math.min(length, fileSize - offset));
      const buf = new Uint8Array(want);
      file.seekSync(offset, Deno.SeekMode.Start);
      let got = 0;
      while (got < want) {
        const r = file.readSync(buf.subarray(got));
        if (r === null || r === 0) break;
        got += r;
      }
      step = parser.next(buf.subarray(0, got));
    }
    return step.value;
  } catch (err) {
    throw err instanceof AudioFileError ? err : ioError(path, err);
  } finally {
    file.close();
  }
}

/**
 * Probe an open file with asynchronous positioned reads (seek + read). Used by the concurrent
 * path of `probeMany` and by `WavReader`; the file position is left anywhere.
 *
 * @param file An open file.
 * @param path Its path, for the metadata and the messages.
 * @param counter When given, `counter.bytesRead` grows by the bytes read.
 * @returns The metadata, as {@linkcode probe}.
 * @throws {AudioFileError} As {@linkcode probe}.
 *
 * @example
 * ```ts
 * import { probeFile } from "./probe.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/empty.wav`, new Uint8Array(0));
 * using file = await Deno.open(`${dir}/empty.wav`);
 * const err = await probeFile(file, `${dir}/empty.wav`).catch((e) => e);
 * console.log(err.reason); // empty
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function probeFile(
  file: Deno.FsFile,
  path: string,
  counter?: { bytesRead: number },
): Promise<AudioInfo> {
  try {
    const fileSize = await file.seek(0, Deno.SeekMode.End);
    const head = await readAt(file, 0, Math.min(HEAD_READ, fileSize));
    if (counter) counter.bytesRead += head.length;
    const w = new HeaderWindow(path, fileSize, head);
    const parser = parseHeader(w);
    let step = parser.next();
    while (!step.done) {
      const { offset, length } = step.value;
      const got = await readAt(file, offset, Math.min(length, fileSize - offset));
      if (counter) counter.bytesRead += got.length;
      step = parser.next(got);
    }
    return step.value;
  } catch (err) {
    throw err instanceof AudioFileError ? err : ioError(path, err);
  }
}

/**
 * Probe audio already in memory (a whole file, or at least its header region plus the true file
 * size).
 *
 * @param bytes The file's bytes from offset 0.
 * @param path A name for the metadata and the messages.
 * @param fileSize The file's size when `bytes` holds only its beginning; defaults to
 *   `bytes.length`.
 * @returns The metadata, as {@linkcode probe}.
 * @throws {AudioFileError} As {@linkcode probe}; the end of `bytes` reads as the end of the data,
 *   so a header cut short gives reason `corrupt` (or `header_only`).
 *
 * @example
 * ```ts
 * import { probeBytes } from "./probe.ts";
 * const err = (() => {
 *   try {
 *     return probeBytes(new TextEncoder().encode("hello"), "hello.wav");
 *   } catch (e) {
 *     return e as { reason: string };
 *   }
 * })();
 * console.log("reason" in err ? err.reason : "parsed"); // not_audio
 * ```
 */
export function probeBytes(bytes: Uint8Array, path = "<bytes>", fileSize?: number): AudioInfo {
  const size = fileSize ?? bytes.length;
  const have = Math.min(bytes.length, size);
  const w = new HeaderWindow(path, size, bytes.subarray(0, have));
  const parser = parseHeader(w);
  let step = parser.next();
  while (!step.done) {
    const { offset, length } = step.value;
    const from = Math.min(offset, have);
    step = parser.next(bytes.subarray(from, Math.min(offset + length, have)));
  }
  return step.value;
}

async function readAt(file: Deno.FsFile, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(Math.max(0, length));
  await file.seek(offset, Deno.SeekMode.Start);
  let got = 0;
  while (got < buf.length) {
    const r = await file.read(buf.subarray(got));
    if (r === null || r === 0) break;
    got += r;
  }
  return buf.subarray(0, got);
}

/** Signatures of audio containers that are recognised but not supported. */
const UNSUPPORTED_MAGIC: [string, string][] = [
  ["OggS", "Ogg (Vorbis/Opus/FLAC in Ogg)"],
  ["RIFX", "big-endian RIFF WAVE (RIFX)"],
  ["caff", "Core Audio Format (CAF)"],
  [".snd", "Sun/NeXT AU"],
  ["wvpk", "WavPack"],
  ["MAC ", "Monkey's Audio"],
  ["TTA1", "True Audio"],
  ["#!AM", "AMR"],
  ["MThd", "MIDI"],
  ["\x30\x26\xb2\x75", "ASF/WMA"],
];

/** Detect the container from the magic bytes and run its parser. */
function* parseHeader(w: HeaderWindow): HeaderParser {
  const path = w.path;
  const size = w.fileSize;
  if (size === 0) throw new AudioFileError(path, "empty", "the file is empty (0 bytes)");
  const b = w.bytes;
  const magic = b.length >= 4 ? w.fourcc(0) : "";
  const tooShort = (kind: string) =>
    new AudioFileError(
      path,
      "corrupt",
      `the file is ${size} bytes, too short for a ${kind} header`,
    );
  if (magic === "RIFF" || magic === "RF64" || magic === "BW64") {
    if (size < 12) throw tooShort("WAV");
    return yield* parseWav(w);
  }
  if (magic === "FORM") {
    if (size < 12) throw tooShort("AIFF");
    return yield* parseAiff(w);
  }
  if (magic === "fLaC") return yield* parseFlac(w, 0);
  if (b.length >= 3 && b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) { // "ID3"
    let off = 0;
    while ((yield* w.need(off, 10)) && w.fourcc(off).startsWith("ID3")) {
      const s = (w.u8(off + 6) << 21) | (w.u8(off + 7) << 14) | (w.u8(off + 8) << 7) |
        w.u8(off + 9);
      off += 10 + s + ((w.u8(off + 5) & 0x10) ? 10 : 0);
    }
    if (off >= size) {
      throw new AudioFileError(path, "header_only", "the file holds an ID3v2 tag and no audio");
    }
    if ((yield* w.need(off, 4)) && w.fourcc(off) === "fLaC") return yield* parseFlac(w, off);
    return yield* parseMp3(w, off);
  }
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) {
    if ((b[1] & 0x06) === 0) {
      throw new AudioFileError(path, "unsupported", "AAC in ADTS streams is not supported");
    }
    return yield* parseMp3(w, 0);
  }
  if (b.length >= 8 && w.fourcc(4) === "ftyp") {
    throw new AudioFileError(path, "unsupported", "MP4/M4A files are not supported");
  }
  for (const [sig, name] of UNSUPPORTED_MAGIC) {
    if (magic === sig) {
      throw new AudioFileError(path, "unsupported", `${name} files are not supported`);
    }
  }
  if (size < 4 && ["RIFF", "RF64", "BW64", "FORM", "fLaC"].some((m) => m.startsWith(magicOf(b)))) {
    throw tooShort("audio");
  }
  throw new AudioFileError(
    path,
    "not_audio",
    "not an audio file: no known audio signature at the start",
  );
}

function magicOf(b: Uint8Array): string {
  return String.fromCharCode(...b.subarray(0, 4));
}

/**
 * Wrap an operating-system error as an {@linkcode AudioFileError} with reason `io`.
 *
 * @param path The file.
 * @param err What was thrown.
 * @returns The error to throw.
 *
 * @example
 * ```ts
 * import { ioError } from "./probe.ts";
 * const err = ioError("a.wav", new Deno.errors.NotFound("gone"));
 * console.log(err.reason, err.message); // io Cannot read audio file "a.wav": the file does not exist
 * ```
 */
export function ioError(path: string, err: unknown): AudioFileError {
  if (err instanceof Deno.errors.NotFound) {
    return new AudioFileError(path, "io", "the file does not exist");
  }
  if (err instanceof Deno.errors.PermissionDenied) {
    return new AudioFileError(path, "io", "permission denied");
  }
  if (err instanceof Deno.errors.IsADirectory) {
    return new AudioFileError(path, "io", "it is a directory, not a file");
  }
  const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return new AudioFileError(path, "io", msg.charAt(0).toLowerCase() + msg.slice(1));
}
