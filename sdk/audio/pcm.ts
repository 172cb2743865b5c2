/**
 * Interleaved PCM bytes to per-channel float32, for every integer and float layout that WAV,
 * RF64, AIFF and AIFF-C store. Codec names follow ffmpeg.
 *
 * @module
 */

/** The PCM codecs {@linkcode decodePcm} understands (ffmpeg names). */
export type PcmCodec =
  | "pcm_u8"
  | "pcm_s8"
  | "pcm_s16le"
  | "pcm_s16be"
  | "pcm_s24le"
  | "pcm_s24be"
  | "pcm_s32le"
  | "pcm_s32be"
  | "pcm_f32le"
  | "pcm_f32be"
  | "pcm_f64le"
  | "pcm_f64be";

const BYTES: Record<PcmCodec, number> = {
  pcm_u8: 1,
  pcm_s8: 1,
  pcm_s16le: 2,
  pcm_s16be: 2,
  pcm_s24le: 3,
  pcm_s24be: 3,
  pcm_s32le: 4,
  pcm_s32be: 4,
  pcm_f32le: 4,
  pcm_f32be: 4,
  pcm_f64le: 8,
  pcm_f64be: 8,
};

/** Options of {@linkcode decodePcm}. */
export interface DecodePcmOptions {
  /** PCM codec name, e.g. `pcm_s16le` (see {@linkcode PcmCodec}). */
  codec: string;
  /** Number of interleaved channels. */
  channels: number;
}

/**
 * Whether a codec name is one {@linkcode decodePcm} understands.
 *
 * @param codec Codec name.
 * @returns True for the PCM codecs listed in {@linkcode PcmCodec}.
 *
 * @example
 * ```ts
 * import { isPcmCodec } from "./pcm.ts";
 * console.log(isPcmCodec("pcm_s24le"), isPcmCodec("mp3")); // true false
 * ```
 */
export function isPcmCodec(codec: string): codec is PcmCodec {
  return Object.hasOwn(BYTES, codec);
}

/**
 * Bytes one sample of a PCM codec takes.
 *
 * @param codec PCM codec name.
 * @returns 1, 2, 3, 4 or 8.
 * @throws {RangeError} When the codec is not a PCM codec.
 *
 * @example
 * ```ts
 * import { pcmBytesPerSample } from "./pcm.ts";
 * console.log(pcmBytesPerSample("pcm_s24be")); // 3
 * ```
 */
export function pcmBytesPerSample(codec: string): number {
  if (!isPcmCodec(codec)) {
    throw new RangeError(`Unsupported PCM codec "${codec}"`);
  }
  return BYTES[codec];
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Convert interleaved PCM bytes to one Float32Array per channel. Integers are scaled by
 * 2^(bits-1) (unsigned 8-bit is centred first), so values lie in [-1, 1); float samples are
 * passed through unchanged (a float file may hold values beyond ±1).
 *
 * @param bytes Interleaved samples; the length must be a whole number of frames.
 * @param options Codec (e.g. `pcm_s16le`; AIFF 8-bit is `pcm_s8`, WAV 8-bit is `pcm_u8`) and
 *   channel count.
 * @returns One array per channel, each `bytes.length / (channels * bytesPerSample)` long.
 * @throws {RangeError} For an unknown codec, a channel count below 1, or a byte length that is
 *   not a whole number of frames.
 *
 * @example
 * ```ts
 * import { decodePcm } from "./pcm.ts";
 * // two stereo frames of 16-bit little-endian: (16384, -32768), (0, 32767)
 * const bytes = new Uint8Array([0x00, 0x40, 0x00, 0x80, 0x00, 0x00, 0xff, 0x7f]);
 * const [left, right] = decodePcm(bytes, { codec: "pcm_s16le", channels: 2 });
 * console.log(left[0], right[0]); // 0.5 -1
 * ```
 */
export function decodePcm(bytes: Uint8Array, options: DecodePcmOptions): Float32Array[] {
  const { codec, channels } = options;
  const bps = pcmBytesPerSample(codec);
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(`Channel count must be a positive integer, got "${channels}"`);
  }
  const blockAlign = bps * channels;
  if (bytes.length % blockAlign !== 0) {
    throw new RangeError(
      `PCM byte length ${bytes.length} is not a whole number of ${blockAlign}-byte frames`,
    );
  }
  const frames = bytes.length / blockAlign;
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) out.push(new Float32Array(frames));
  if (frames === 0) return out;
  const n = frames * channels;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Fast paths: native little-endian typed views when the bytes are aligned.
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % bps === 0) {
    if (codec === "pcm_s16le") {
      deinterleave(new Int16Array(bytes.buffer, bytes.byteOffset, n), out, 1 / 32768);
      return out;
    }
    if (codec === "pcm_s32le") {
      deinterleave(new Int32Array(bytes.buffer, bytes.byteOffset, n), out, 1 / 2147483648);
      return out;
    }
    if (codec === "pcm_f32le") {
      deinterleave(new Float32Array(bytes.buffer, bytes.byteOffset, n), out, 1);
      return out;
    }
    if (codec === "pcm_f64le") {
      deinterleave(new Float64Array(bytes.buffer, bytes.byteOffset, n), out, 1);
      return out;
    }
  }
  switch (codec as PcmCodec) {
    case "pcm_u8":
      fill(out, (i) => (bytes[i] - 128) / 128);
      break;
    case "pcm_s8":
      fill(out, (i) => ((bytes[i] << 24) >> 24) / 128);
      break;
    case "pcm_s16le":
      fill(out, (i) => view.getInt16(i * 2, true) / 32768);
      break;
    case "pcm_s16be":
      fill(out, (i) => view.getInt16(i * 2, false) / 32768);
      break;
    case "pcm_s24le":
      fill(out, (i) => {
        const o = i * 3;
        return (((bytes[o + 2] << 24) | (bytes[o + 1] << 16) | (bytes[o] << 8)) >> 8) / 8388608;
      });
      break;
    case "pcm_s24be":
      fill(out, (i) => {
        const o = i * 3;
        return (((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8)) >> 8) / 8388608;
      });
      break;
    case "pcm_s32le":
      fill(out, (i) => view.getInt32(i * 4, true) / 2147483648);
      break;
    case "pcm_s32be":
      fill(out, (i) => view.getInt32(i * 4, false) / 2147483648);
      break;
    case "pcm_f32le":
      fill(out, (i) => view.getFloat32(i * 4, true));
      break;
    case "pcm_f32be":
      fill(out, (i) => view.getFloat32(i * 4, false));
      break;
    case "pcm_f64le":
      fill(out, (i) => view.getFloat64(i * 8, true));
      break;
    case "pcm_f64be":
      fill(out, (i) => view.getFloat64(i * 8, false));
      break;
  }
  return out;
}

function deinterleave(
  src: Int16Array | Int32Array | Float32Array | Float64Array,
  out: Float32Array[],
  scale: number,
): void {
  const channels = out.length;
  if (channels === 1) {
    const dst = out[0];
    for (let i = 0; i < dst.length; i++) dst[i] = src[i] * scale;
    return;
  }
  for (let c = 0; c < channels; c++) {
    const dst = out[c];
    for (let f = 0, i = c; f < dst.length; f++, i += channels) dst[f] = src[i] * scale;
  }
}

function fill(out: Float32Array[], sample: (index: number) => number): void {
  const channels = out.length;
  for (let c = 0; c < channels; c++) {
    const dst = out[c];
    for (let f = 0, i = c; f < dst.length; f++, i += channels) dst[f] = sample(i);
  }
}
