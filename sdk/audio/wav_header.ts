/**
 * The header of a canonical WAV file (`RIFF`/`WAVE`, `fmt `, optional `fact`, `data`) for a
 * known number of frames, to put in front of sample bytes copied from elsewhere (the chunk
 * writer cuts recordings into WAV chunks this way, byte for byte).
 *
 * @module
 */

import { z } from "zod";
import { asZod } from "../config/_as_zod.ts";
import type { ZodSchema } from "../config/zod_schema.ts";
import { UsageError } from "../log/errors.ts";

/**
 * Options of {@linkcode wavHeader}; defaults come from {@linkcode wavHeaderOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { WavHeaderOptions } from "./wav_header.ts";
 * const o: WavHeaderOptions = { sampleRate: 48000, channels: 1, bitsPerSample: 32, float: true, frames: 0 };
 * console.log(o.float); // true
 * ```
 */
export interface WavHeaderOptions {
  /** Samples per second (a whole number). */
  sampleRate: number;
  /** Interleaved channels, 1 to 65535. */
  channels: number;
  /** Container bits per sample: 8, 16, 24 or 32 for integers (8-bit is unsigned), 32 or 64 for float. */
  bitsPerSample: number;
  /** IEEE float samples instead of integers. Default false. */
  float?: boolean;
  /** Frames (samples per channel) of the data that follows the header. */
  frames: number;
  /**
   * Significant bits of integer samples, left-justified in the container (e.g. 20 in 24).
   * Default `bitsPerSample`; a smaller value selects WAVE_FORMAT_EXTENSIBLE.
   */
  validBits?: number;
  /**
   * WAVE_FORMAT_EXTENSIBLE speaker mask. Default the usual layout for 1 to 8 channels (mono FC,
   * stereo FL|FR, 3.0 0x7, quad 0x33, 5.0 0x37, 5.1 0x3F, 6.1 0x70F, 7.1 0x63F, as `WavWriter`
   * writes) and 0 (unassigned) above.
   */
  channelMask?: number;
}

/** Parsed {@linkcode WavHeaderOptions}, defaults applied. */
export type ResolvedWavHeaderOptions = Required<WavHeaderOptions>;

const DEFAULT_MASKS = [0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x70f, 0x63f];
const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const U32 = 0xffffffff;

/**
 * The zod schema of {@linkcode WavHeaderOptions}: the single source of their defaults.
 *
 * @example
 * ```ts
 * import { wavHeaderOptionsSchema } from "./wav_header.ts";
 * const o = wavHeaderOptionsSchema.parse({ sampleRate: 8000, channels: 6, bitsPerSample: 16, frames: 1 });
 * console.log(o.float, o.validBits, o.channelMask.toString(16)); // false 16 3f
 * ```
 */
export const wavHeaderOptionsSchema: ZodSchema<ResolvedWavHeaderOptions, WavHeaderOptions> = z
  .strictObject({
    sampleRate: z.number().int().min(1).max(U32),
    channels: z.number().int().min(1).max(65535),
    bitsPerSample: z.number().int(),
    float: z.boolean().default(false),
    frames: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    validBits: z.number().int().min(1).optional(),
    channelMask: z.number().int().min(0).max(U32).optional(),
  })
  .superRefine((o, ctx) => {
    const allowed = o.float ? [32, 64] : [8, 16, 24, 32];
    if (!allowed.includes(o.bitsPerSample)) {
      ctx.addIssue({
        code: "custom",
        path: ["bitsPerSample"],
        message: `expected ${allowed.join(", ")} for ${o.float ? "float" : "integer"} samples, ` +
          `found ${o.bitsPerSample}`,
      });
    }
    const valid = o.validBits ?? o.bitsPerSample;
    if (valid > o.bitsPerSample || (o.float && valid !== o.bitsPerSample)) {
      ctx.addIssue({
        code: "custom",
        path: ["validBits"],
        message: `expected at most ${o.bitsPerSample} (all of them for float), found ${valid}`,
      });
    }
    if (o.channels * (o.bitsPerSample / 8) > 65535) {
      ctx.addIssue({
        code: "custom",
        path: ["channels"],
        message: `${o.channels} channels of ${o.bitsPerSample} bits exceed the 65535-byte frame`,
      });
    } else if (o.sampleRate * o.channels * (o.bitsPerSample / 8) > U32) {
      ctx.addIssue({
        code: "custom",
        path: ["sampleRate"],
        message: `${o.sampleRate} Hz gives a byte rate past the 32-bit field of the header`,
      });
    }
  })
  .transform((o) => ({
    ...o,
    validBits: o.validBits ?? o.bitsPerSample,
    channelMask: o.channelMask ?? DEFAULT_MASKS[o.channels] ?? 0,
  }));

/**
 * Whether the header uses WAVE_FORMAT_EXTENSIBLE: more than two channels, or integer samples of
 * more than 16 bits or with fewer valid bits than the container (Microsoft's rule for PCM).
 * Float with one or two channels stays plain IEEE float (format 3), as sox writes it.
 */
function isExtensible(o: ResolvedWavHeaderOptions): boolean {
  if (o.channels > 2) return true;
  return !o.float && (o.bitsPerSample > 16 || o.validBits !== o.bitsPerSample);
}

/**
 * Build the header of a WAV file holding `frames` frames. The sample bytes follow it directly
 * (interleaved, little-endian, 8-bit unsigned); when their length is odd, append one zero pad
 * byte after them: the RIFF size counts it.
 *
 * Layout: 16-byte `fmt ` (PCM, 44-byte header) for 8/16-bit integers on one or two channels;
 * 18-byte `fmt ` plus `fact` (58 bytes) for float on one or two channels; otherwise
 * WAVE_FORMAT_EXTENSIBLE, a 40-byte `fmt ` with the valid bits, channel mask and PCM or float
 * SubFormat GUID, plus `fact` (80 bytes). Byte for byte what sox 14.4 writes for every integer
 * layout and for float on one or two channels (sox writes plain float for 3+ channels, this
 * writes EXTENSIBLE as Microsoft asks, and sox leaves the mask 0 for 3, 5 and 7 channels).
 *
 * @param options See {@linkcode WavHeaderOptions}.
 * @returns The header bytes (44, 58 or 80 long).
 * @throws {UsageError} For an invalid option, or data of 4 GiB or more (the RIFF limit): the
 *   message says to use shorter chunks.
 *
 * @example
 * ```ts
 * import { wavHeader } from "./wav_header.ts";
 * import { probeBytes } from "./probe.ts";
 * const header = wavHeader({ sampleRate: 48000, channels: 2, bitsPerSample: 24, frames: 10 });
 * const file = new Uint8Array(header.length + 10 * 6);
 * file.set(header);
 * const info = probeBytes(file, "chunk.wav");
 * console.log(header.length, info.codec, info.frames, info.flags); // 80 pcm_s24le 10 [ "extensible" ]
 * ```
 */
export function wavHeader(options: WavHeaderOptions): Uint8Array {
  const parsed = asZod(wavHeaderOptionsSchema).safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `Invalid WAV header option "${issue.path.join(".") || "options"}": ${issue.message}`,
    );
  }
  const o = parsed.data;
  const extensible = isExtensible(o);
  const fact = extensible || o.float;
  const fmtSize = extensible ? 40 : o.float ? 18 : 16;
  const size = 12 + 8 + fmtSize + (fact ? 12 : 0) + 8;
  const blockAlign = o.channels * (o.bitsPerSample / 8);
  const dataSize = o.frames * blockAlign;
  const riffSize = size - 8 + dataSize + (dataSize % 2);
  if (riffSize > U32) {
    throw new UsageError(
      `WAV data of ${dataSize} bytes (${o.frames} frames of ${blockAlign} bytes) is past the ` +
        `4 GiB limit of a WAV file; use shorter chunks`,
    );
  }
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  const tag = (at: number, id: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = id.charCodeAt(i);
  };
  tag(0, "RIFF");
  v.setUint32(4, riffSize, true);
  tag(8, "WAVE");
  tag(12, "fmt ");
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, extensible ? 0xfffe : o.float ? 3 : 1, true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.sampleRate, true);
  v.setUint32(28, o.sampleRate * blockAlign, true);
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, o.bitsPerSample, true);
  if (extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, o.validBits, true);
    v.setUint32(40, o.channelMask, true);
    v.setUint16(44, o.float ? 3 : 1, true);
    bytes.set(GUID_TAIL, 48);
  }
  let p = 20 + fmtSize;
  if (fact) {
    tag(p, "fact");
    v.setUint32(p + 4, 4, true);
    v.setUint32(p + 8, o.frames, true);
    p += 12;
  }
  tag(p, "data");
  v.setUint32(p + 4, dataSize, true);
  return bytes;
}
