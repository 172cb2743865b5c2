/**
 * WAV writing: in memory ({@linkcode encodeWav}), whole files ({@linkcode writeWav}) and
 * streaming ({@linkcode WavWriter}), as 16/24/32-bit PCM or 32-bit IEEE float, with optional
 * seeded TPDF dither, WAVE_FORMAT_EXTENSIBLE for more than two channels or more than 16 bits,
 * and automatic RF64 (EBU Tech 3306) for data past 4 GiB.
 *
 * Every header starts with a 28-byte `JUNK` chunk right after `RIFF....WAVE`: the space a
 * `ds64` chunk needs. A file that grows past the RIFF limit is turned into RF64 on close by
 * rewriting the header in place (`RF64`, `ds64`); smaller files stay plain RIFF/WAVE.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import type { AudioData } from "./types.ts";
import { UsageError } from "../log/errors.ts";
import { exists } from "../io/exists.ts";

/**
 * Options of {@linkcode encodeWav}, {@linkcode writeWav} and {@linkcode WavWriter}.
 * Defaults come from {@linkcode wavWriteOptionsSchema}.
 */
export interface WavWriteOptions {
  /** Bits per PCM sample: 16, 24 or 32. Default 16 (32 when `float`). */
  bitDepth?: 16 | 24 | 32;
  /** Write 32-bit IEEE float samples (not clipped). Default false. */
  float?: boolean;
  /**
   * TPDF dither added before rounding to integer PCM, from a seeded generator so output bytes
   * are reproducible; `false` (the default) rounds without dither. Ignored for float output.
   */
  dither?: false | { seed: number };
  /** Replace an existing file at the target path (the CLI's `--force`). Default false. */
  overwrite?: boolean;
  /**
   * WAVE_FORMAT_EXTENSIBLE speaker mask; default the usual layout for 1-8 channels
   * (mono FC, stereo FL|FR, ..., 5.1 0x3F, 7.1 0x63F) and 0 (unassigned) above.
   */
  channelMask?: number;
  /**
   * Internal, for tests: the largest RIFF size (file bytes minus 8) and data size written as a
   * plain RIFF file; above it the header becomes RF64. Default 0xFFFFFFFF (the format's limit).
   */
  rf64Threshold?: number;
}

/**
 * The zod schema of {@linkcode WavWriteOptions}: the single source of their defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const wavWriteOptionsSchema = z.strictObject({
  bitDepth: z.literal([16, 24, 32]).optional(),
  float: z.boolean().default(false),
  dither: z.union([z.literal(false), z.strictObject({ seed: z.number().int() })]).default(false),
  overwrite: z.boolean().default(false),
  channelMask: z.number().int().min(0).max(0xffffffff).optional(),
  rf64Threshold: z.number().int().positive().max(0xffffffff).default(0xffffffff),
}).transform((o, ctx) => {
  const bitDepth = o.bitDepth ?? (o.float ? 32 : 16);
  if (o.float && bitDepth !== 32) {
    ctx.addIssue({
      code: "custom",
      message: `float output is 32-bit, found bitDepth ${bitDepth}`,
      path: ["bitDepth"],
    });
  }
  return { ...o, bitDepth };
});
const _wavWriteOptions: SameType<WavWriteOptions, z.input<typeof wavWriteOptionsSchema>> = true;

/** Options after defaults were applied. */
type ResolvedOptions = z.output<typeof wavWriteOptionsSchema>;

/** Stream format of a WAV file being written. */
interface Layout {
  sampleRate: number;
  channels: number;
  bitDepth: number;
  float: boolean;
  channelMask: number;
}

const JUNK_PAYLOAD = 28; // ds64 without table: riffSize, dataSize, sampleCount (u64) + tableLength
/** Bytes encoded per file write: memory stays bounded whatever the length or channel count. */
const BLOCK_BYTES = 256 * 1024;
const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const DEFAULT_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x70f, 0x63f];

function parseOptions(options: WavWriteOptions | undefined): ResolvedOptions {
  const parsed = wavWriteOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join(".") || "options";
    throw new UsageError(`Invalid WAV write option "${key}": ${issue.message}`);
  }
  return parsed.data;
}

function checkFormat(sampleRate: number, channels: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new UsageError(`Invalid sample rate "${sampleRate}": expected a positive integer`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 65535) {
    throw new UsageError(`Invalid channel count "${channels}": expected 1 to 65535`);
  }
}

function makeLayout(sampleRate: number, channels: number, o: ResolvedOptions): Layout {
  checkFormat(sampleRate, channels);
  return {
    sampleRate,
    channels,
    bitDepth: o.bitDepth,
    float: o.float,
    channelMask: o.channelMask ?? DEFAULT_MASKS[channels] ?? 0,
  };
}

function isExtensible(l: Layout): boolean {
  return l.channels > 2 || l.bitDepth > 16;
}

function fmtPayloadSize(l: Layout): number {
  if (isExtensible(l)) return 40;
  return l.float ? 18 : 16;
}

/** Bytes before the sample data; the same for RIFF and RF64 (JUNK and ds64 have one size). */
function headerSize(l: Layout): number {
  return 12 + (8 + JUNK_PAYLOAD) + (8 + fmtPayloadSize(l)) + (hasFact(l) ? 12 : 0) + 8;
}

/** A `fact` chunk (frame count) goes with every format other than plain PCM, as the spec asks. */
function hasFact(l: Layout): boolean {
  return l.float || isExtensible(l);
}

function writeTag(view: DataView, offset: number, tag: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(offset + i, tag.charCodeAt(i));
}

function setU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value % 0x100000000, true);
  view.setUint32(offset + 4, Math.floor(value / 0x100000000), true);
}

/** Build the header for `dataSize` bytes of samples (`frames` frames). */
function buildHeader(l: Layout, dataSize: number, frames: number, threshold: number): Uint8Array {
  const size = headerSize(l);
  const pad = dataSize % 2;
  const riffSize = size - 8 + dataSize + pad;
  const rf64 = riffSize > threshold || dataSize > threshold;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const blockAlign = l.channels * (l.bitDepth / 8);
  writeTag(view, 0, rf64 ? "RF64" : "RIFF");
  view.setUint32(4, rf64 ? 0xffffffff : riffSize, true);
  writeTag(view, 8, "WAVE");
  writeTag(view, 12, rf64 ? "ds64" : "JUNK");
  view.setUint32(16, JUNK_PAYLOAD, true);
  if (rf64) {
    setU64(view, 20, riffSize);
    setU64(view, 28, dataSize);
    setU64(view, 36, frames);
    view.setUint32(44, 0, true);
  }
  let p = 48;
  writeTag(view, p, "fmt ");
  view.setUint32(p + 4, fmtPayloadSize(l), true);
  const tag = isExtensible(l) ? 0xfffe : l.float ? 3 : 1;
  view.setUint16(p + 8, tag, true);
  view.setUint16(p + 10, l.channels, true);
  view.setUint32(p + 12, l.sampleRate, true);
  view.setUint32(p + 16, l.sampleRate * blockAlign, true);
  view.setUint16(p + 20, blockAlign, true);
  view.setUint16(p + 22, l.bitDepth, true);
  if (isExtensible(l)) {
    view.setUint16(p + 24, 22, true);
    view.setUint16(p + 26, l.bitDepth, true);
    view.setUint32(p + 28, l.channelMask, true);
    view.setUint16(p + 32, l.float ? 3 : 1, true);
    view.setUint16(p + 34, 0, true);
    for (let i = 0; i < GUID_TAIL.length; i++) view.setUint8(p + 36 + i, GUID_TAIL[i]);
  } else if (l.float) {
    view.setUint16(p + 24, 0, true);
  }
  p += 8 + fmtPayloadSize(l);
  if (hasFact(l)) {
    writeTag(view, p, "fact");
    view.setUint32(p + 4, 4, true);
    view.setUint32(p + 8, rf64 || frames > 0xffffffff ? 0xffffffff : frames, true);
    p += 12;
  }
  writeTag(view, p, "data");
  view.setUint32(p + 4, rf64 ? 0xffffffff : dataSize, true);
  return bytes;
}

/** Round half to even, as C's lrint does in the default rounding mode. */
function roundEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** 1.5 * 2^52: `(v + ROUND_MAGIC) - ROUND_MAGIC` is `v` rounded half to even (|v| < 2^51). */
const ROUND_MAGIC = 6755399441055744;

/** Converts float samples to interleaved little-endian bytes, keeping the dither state. */
class SampleEncoder {
  readonly #layout: Layout;
  readonly #dither: boolean;
  /** mulberry32 state (the sequence of `mulberry32(seed)`, inlined in the integer path). */
  #state: number;

  constructor(layout: Layout, dither: false | { seed: number }) {
    this.#layout = layout;
    this.#dither = !!dither && !layout.float;
    this.#state = dither ? dither.seed >>> 0 : 0;
  }

  /** Encode frames [start, start+count) of `channels` into `out` from byte 0. */
  encode(channels: Float32Array[], start: number, count: number, out: Uint8Array): number {
    const { bitDepth, float } = this.#layout;
    if (!float && (bitDepth === 16 || bitDepth === 24)) {
      return this.#encodeInt(channels, start, count, out, bitDepth / 8);
    }
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const n = channels.length;
    const scale = 2 ** (bitDepth - 1);
    const lo = -scale;
    const hi = scale - 1;
    const dither = this.#dither;
    let p = 0;
    for (let i = start; i < start + count; i++) {
      for (let c = 0; c < n; c++) {
        const x = channels[c][i];
        if (float) {
          view.setFloat32(p, x, true);
          p += 4;
          continue;
        }
        let v = x * scale;
        if (dither) v += this.#next() - this.#next();
        let q = v !== v ? 0 : roundEven(v);
        if (q < lo) q = lo;
        else if (q > hi) q = hi;
        view.setInt32(p, q, true);
        p += 4;
      }
    }
    return p;
  }

  /** mulberry32's next value (see `sdk/audio/prng.ts`). */
  #next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * 16- or 24-bit PCM, the hot path: the same arithmetic as the generic loop (TPDF dither
   * `a - b` from two consecutive mulberry32 values, round half to even, clamp), with the
   * generator inlined and bytes stored directly.
   */
  #encodeInt(
    channels: Float32Array[],
    start: number,
    count: number,
    out: Uint8Array,
    bytes: number,
  ): number {
    const n = channels.length;
    const scale = bytes === 2 ? 32768 : 8388608;
    const lo = -scale;
    const hi = scale - 1;
    const dither = this.#dither;
    let s = this.#state;
    const stride = n * bytes;
    const end = start + count;
    // (ua - ub) * 2^-32 equals ua / 2^32 - ub / 2^32 exactly (both are exact in binary64).
    const inv = 1 / 4294967296;
    let p = 0;
    for (let c = 0; c < n; c++) {
      const ch = channels[c];
      let sc = s;
      // Draws are per frame in channel order: channel c takes draws 2(n i + c) and 2(n i + c) + 1.
      for (let k = 0; k < c; k++) sc = (sc + 2 * 0x6d2b79f5) >>> 0;
      const skip = (2 * (n - 1) * 0x6d2b79f5) >>> 0;
      let q = 0;
      p = c * bytes;
      for (let i = start; i < end; i++) {
        let v = ch[i] * scale;
        if (dither) {
          sc = (sc + 0x6d2b79f5) >>> 0;
          let t = Math.imul(sc ^ (sc >>> 15), sc | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          const ua = (t ^ (t >>> 14)) >>> 0;
          sc = (sc + 0x6d2b79f5) >>> 0;
          t = Math.imul(sc ^ (sc >>> 15), sc | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          v += (ua - ((t ^ (t >>> 14)) >>> 0)) * inv;
          sc = (sc + skip) >>> 0;
        }
        // Round half to even by adding and subtracting 1.5 * 2^52 (exact for |v| < 2^51, and
        // anything larger is clamped below); NaN fails both comparisons and `NaN | 0` is 0.
        const r = (v + ROUND_MAGIC) - ROUND_MAGIC;
        q = r < lo ? lo : r > hi ? hi : r | 0;
        out[p] = q; // Uint8Array stores keep the low 8 bits
        out[p + 1] = q >> 8;
        if (bytes === 3) out[p + 2] = q >> 16;
        p += stride;
      }
    }
    // State after 2 n count draws: seed + 2 n count C (mod 2^32), the product taken mod 2^32.
    if (dither) s = (s + Math.imul((2 * n * count) >>> 0, 0x6d2b79f5)) >>> 0;
    p = count * stride;
    this.#state = s;
    return p;
  }
}

function checkChannels(channels: Float32Array[], expected: number, what: string): number {
  if (channels.length !== expected) {
    throw new UsageError(
      `Cannot write ${what}: expected ${expected} channels, found "${channels.length}"`,
    );
  }
  const frames = channels[0]?.length ?? 0;
  for (const ch of channels) {
    if (!(ch instanceof Float32Array)) {
      throw new UsageError(`Cannot write ${what}: every channel must be a Float32Array`);
    }
    if (ch.length !== frames) {
      throw new UsageError(
        `Cannot write ${what}: channels have different lengths (${frames} and ${ch.length})`,
      );
    }
  }
  return frames;
}

/**
 * Encode audio as a complete WAV file in memory (e.g. for a notebook audio player).
 *
 * @param audio The samples; values outside [-1, 1) are clipped for integer PCM.
 * @param options See {@linkcode WavWriteOptions}; `overwrite` does not apply.
 * @returns The bytes of the WAV file.
 *
 * @example
 * ```ts
 * import { encodeWav } from "./wav_writer.ts";
 * const tone = new Float32Array(8000).map((_, i) => 0.5 * Math.sin(i / 10));
 * const bytes = encodeWav({ sampleRate: 8000, channels: [tone] });
 * console.log(new TextDecoder().decode(bytes.subarray(0, 4))); // RIFF
 * console.log(bytes.length); // 16080
 * ```
 */
export function encodeWav(audio: AudioData, options?: WavWriteOptions): Uint8Array {
  const o = parseOptions(options);
  const layout = makeLayout(audio.sampleRate, audio.channels.length, o);
  const frames = checkChannels(audio.channels, layout.channels, "WAV data");
  const blockAlign = layout.channels * (layout.bitDepth / 8);
  const dataSize = frames * blockAlign;
  const header = buildHeader(layout, dataSize, frames, o.rf64Threshold);
  const out = new Uint8Array(header.length + dataSize + (dataSize % 2));
  out.set(header, 0);
  new SampleEncoder(layout, o.dither).encode(
    audio.channels,
    0,
    frames,
    out.subarray(header.length, header.length + dataSize),
  );
  return out;
}

/** Options of {@linkcode WavWriter.create}: the stream format plus {@linkcode WavWriteOptions}. */
export interface WavWriterCreateOptions extends WavWriteOptions {
  /** Samples per second. */
  sampleRate: number;
  /** Number of channels every {@linkcode WavWriter.write} call must give. */
  channels: number;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}

function alreadyExists(path: string): UsageError {
  return new UsageError(
    `Output "${path}" already exists; pass overwrite: true (--force) to replace it`,
  );
}

/**
 * Streaming WAV writer: frames are appended block by block to a temporary file next to the
 * target, and {@linkcode WavWriter.close} patches the header (RIFF, or RF64 past 4 GiB) and
 * renames it into place, so a failed or abandoned write never leaves half a file at the target.
 * Memory use does not depend on the length written.
 *
 * @example
 * ```ts
 * import { WavWriter } from "./wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const writer = await WavWriter.create(`${dir}/out.wav`, { sampleRate: 16000, channels: 2 });
 * for (let i = 0; i < 3; i++) {
 *   await writer.write([new Float32Array(1600), new Float32Array(1600).fill(0.25)]);
 * }
 * await writer.close();
 * console.log(writer.framesWritten); // 4800
 * console.log((await Deno.stat(`${dir}/out.wav`)).size); // 19280
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class WavWriter {
  /** The target path. */
  readonly path: string;
  /** Samples per second. */
  readonly sampleRate: number;
  /** Number of channels. */
  readonly channels: number;
  readonly #tmpPath: string;
  readonly #file: Deno.FsFile;
  readonly #layout: Layout;
  readonly #options: ResolvedOptions;
  readonly #encoder: SampleEncoder;
  readonly #buffer: Uint8Array;
  readonly #blockFrames: number;
  #frames = 0;
  #dataBytes = 0;
  #state: "open" | "closed" | "failed" = "open";
  #queue: Promise<void> = Promise.resolve();

  private constructor(
    path: string,
    tmpPath: string,
    file: Deno.FsFile,
    layout: Layout,
    options: ResolvedOptions,
  ) {
    this.path = path;
    this.sampleRate = layout.sampleRate;
    this.channels = layout.channels;
    this.#tmpPath = tmpPath;
    this.#file = file;
    this.#layout = layout;
    this.#options = options;
    this.#encoder = new SampleEncoder(layout, options.dither);
    const blockAlign = layout.channels * (layout.bitDepth / 8);
    this.#blockFrames = Math.max(1, Math.floor(BLOCK_BYTES / blockAlign));
    this.#buffer = new Uint8Array(this.#blockFrames * blockAlign);
  }

  /**
   * Open a writer. The target's folder is created; an existing target is refused unless
   * `overwrite` is set (checked here and again when the file is moved into place).
   *
   * @param path Target WAV file.
   * @param options Stream format and {@linkcode WavWriteOptions}.
   * @returns An open writer; call {@linkcode WavWriter.close} (or `abort`) when done.
   *
   * @example
   * ```ts
   * import { WavWriter } from "./wav_writer.ts";
   * const dir = await Deno.makeTempDir();
   * const w = await WavWriter.create(`${dir}/a.wav`, { sampleRate: 8000, channels: 1, bitDepth: 24 });
   * await w.write([new Float32Array(800)]);
   * await w.close();
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  static async create(path: string, options: WavWriterCreateOptions): Promise<WavWriter> {
    const { sampleRate, channels, ...rest } = options;
    const o = parseOptions(rest);
    const layout = makeLayout(sampleRate, channels, o);
    if (!o.overwrite && await exists(path)) throw alreadyExists(path);
    const dir = dirname(path);
    await Deno.mkdir(dir, { recursive: true });
    let n = 0;
    for (;;) {
      const tmpPath = join(dir, `.${basename(path)}.${Deno.pid}.${n}.tmp`);
      try {
        const file = await Deno.open(tmpPath, { write: true, createNew: true });
        const writer = new WavWriter(path, tmpPath, file, layout, o);
        try {
          await writeAll(file, buildHeader(layout, 0, 0, o.rf64Threshold));
        } catch (err) {
          await writer.abort();
          throw err;
        }
        return writer;
      } catch (err) {
        if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
        n++;
      }
    }
  }

  /** Frames (samples per channel) written so far. */
  get framesWritten(): number {
    return this.#frames;
  }

  /**
   * Append frames. Calls are queued in order even when not awaited one by one.
   *
   * @param audio One Float32Array per channel, all of the same length.
   * @returns Resolves once the frames are handed to the file.
   *
   * @example
   * ```ts
   * import { WavWriter } from "./wav_writer.ts";
   * const dir = await Deno.makeTempDir();
   * const w = await WavWriter.create(`${dir}/a.wav`, { sampleRate: 8000, channels: 1 });
   * await w.write([new Float32Array([0, 0.5, -0.5])]);
   * console.log(w.framesWritten); // 3
   * await w.close();
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async write(audio: Float32Array[]): Promise<void> {
    if (this.#state !== "open") {
      throw new UsageError(`Cannot write to "${this.path}": the writer is closed`);
    }
    const frames = checkChannels(audio, this.channels, `to "${this.path}"`);
    // Everything up to here runs synchronously, so calls queue in the order they were made.
    const job = this.#queue.then(() => this.#append(audio, frames));
    this.#queue = job.catch(() => {});
    return await job;
  }

  async #append(audio: Float32Array[], frames: number): Promise<void> {
    if (this.#state !== "open") {
      throw new UsageError(`Cannot write to "${this.path}": the writer is closed`);
    }
    try {
      for (let start = 0; start < frames; start += this.#blockFrames) {
        const count = Math.min(this.#blockFrames, frames - start);
        const n = this.#encoder.encode(audio, start, count, this.#buffer);
        await writeAll(this.#file, this.#buffer.subarray(0, n));
        this.#frames += count;
        this.#dataBytes += n;
      }
    } catch (err) {
      await this.#discard();
      throw err;
    }
  }

  /**
   * Finish the file: pad to an even size, write the final header (RF64 with `ds64` when the
   * data passed the RIFF limit) and move the file into place.
   *
   * @returns Resolves when the target file is complete.
   *
   * @example
   * ```ts
   * import { WavWriter } from "./wav_writer.ts";
   * const dir = await Deno.makeTempDir();
   * const w = await WavWriter.create(`${dir}/a.wav`, { sampleRate: 8000, channels: 1 });
   * await w.close();
   * console.log((await Deno.stat(`${dir}/a.wav`)).size); // 80
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async close(): Promise<void> {
    await this.#queue;
    if (this.#state === "closed") return;
    if (this.#state === "failed") {
      throw new UsageError(`Cannot finish "${this.path}": an earlier write failed`);
    }
    try {
      if (this.#dataBytes % 2 === 1) await writeAll(this.#file, new Uint8Array(1));
      const header = buildHeader(
        this.#layout,
        this.#dataBytes,
        this.#frames,
        this.#options.rf64Threshold,
      );
      await this.#file.seek(0, Deno.SeekMode.Start);
      await writeAll(this.#file, header);
      this.#file.close();
      this.#state = "closed";
      if (!this.#options.overwrite && await exists(this.path)) throw alreadyExists(this.path);
      await Deno.rename(this.#tmpPath, this.path);
    } catch (err) {
      await this.#discard();
      throw err;
    }
  }

  /**
   * Give up: close and delete the temporary file; the target is left untouched.
   *
   * @returns Resolves when the temporary file is gone.
   *
   * @example
   * ```ts
   * import { WavWriter } from "./wav_writer.ts";
   * const dir = await Deno.makeTempDir();
   * const w = await WavWriter.create(`${dir}/a.wav`, { sampleRate: 8000, channels: 1 });
   * await w.abort();
   * console.log([...Deno.readDirSync(dir)].length); // 0
   * await Deno.remove(dir);
   * ```
   */
  async abort(): Promise<void> {
    await this.#queue;
    if (this.#state === "closed" && !(await exists(this.#tmpPath))) return;
    await this.#discard();
  }

  async #discard(): Promise<void> {
    if (this.#state === "open") {
      try {
        this.#file.close();
      } catch {
        // already closed
      }
    }
    this.#state = "failed";
    await Deno.remove(this.#tmpPath).catch(() => {});
  }
}

/**
 * Write audio to a WAV file, streaming it block by block through a {@linkcode WavWriter}
 * (temporary file + rename, so the target is never half written).
 *
 * @param path Target file; refused when it exists, unless `overwrite`.
 * @param audio The samples.
 * @param options See {@linkcode WavWriteOptions}.
 * @returns Resolves when the file is complete.
 *
 * @example
 * ```ts
 * import { writeWav } from "./wav_writer.ts";
 * const dir = await Deno.makeTempDir();
 * const ch = new Float32Array(48000).map((_, i) => 0.3 * Math.sin(2 * Math.PI * 440 * i / 48000));
 * await writeWav(`${dir}/tone.wav`, { sampleRate: 48000, channels: [ch, ch] }, { bitDepth: 24 });
 * console.log((await Deno.stat(`${dir}/tone.wav`)).size); // 288116
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeWav(
  path: string,
  audio: AudioData,
  options?: WavWriteOptions,
): Promise<void> {
  const writer = await WavWriter.create(path, {
    ...options,
    sampleRate: audio.sampleRate,
    channels: audio.channels.length,
  });
  try {
    await writer.write(audio.channels);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.close();
}
