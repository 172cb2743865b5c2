/**
 * Byte-by-byte builders of WAV/RF64 and AIFF/AIFF-C fixtures with arbitrary chunks, for the
 * audio tests. Nothing here depends on the code under test.
 *
 * @module
 */

const enc = new TextEncoder();

/** A RIFF or IFF chunk. */
export interface Chunk {
  /** Four-character id. */
  id: string;
  /** Payload. */
  body: Uint8Array;
  /** Size written in the header instead of `body.length` (e.g. 0xFFFFFFFF, or a lie). */
  declaredSize?: number;
  /** Write the pad byte after an odd-sized body (default true). */
  pad?: boolean;
}

/** Sample layouts the builders can encode. */
export type FixtureCodec =
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

/** Bytes per sample of a codec. */
export function bytesOf(codec: FixtureCodec): number {
  const m = codec.match(/(\d+)/);
  return Number(m![1]) / 8;
}

/** Full-scale divisor of an integer codec (1 for float). */
export function scaleOf(codec: FixtureCodec): number {
  return codec.startsWith("pcm_f") ? 1 : 2 ** (bytesOf(codec) * 8 - 1);
}

/**
 * Interleave raw sample values: integers for integer codecs (signed, even for `pcm_u8`, which is
 * stored offset by 128), floats for float codecs.
 */
export function encodeSamples(channels: number[][], codec: FixtureCodec): Uint8Array {
  const n = channels[0].length;
  const c = channels.length;
  const b = bytesOf(codec);
  const out = new Uint8Array(n * c * b);
  const v = new DataView(out.buffer);
  const le = codec.endsWith("le") || b === 1;
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const x = channels[ch][i];
      switch (codec) {
        case "pcm_u8":
          v.setUint8(o, x + 128);
          break;
        case "pcm_s8":
          v.setInt8(o, x);
          break;
        case "pcm_s16le":
        case "pcm_s16be":
          v.setInt16(o, x, le);
          break;
        case "pcm_s24le":
        case "pcm_s24be": {
          const u = x & 0xffffff;
          const bytes = [u & 0xff, (u >> 8) & 0xff, (u >> 16) & 0xff];
          if (!le) bytes.reverse();
          out.set(bytes, o);
          break;
        }
        case "pcm_s32le":
        case "pcm_s32be":
          v.setInt32(o, x, le);
          break;
        case "pcm_f32le":
        case "pcm_f32be":
          v.setFloat32(o, x, le);
          break;
        case "pcm_f64le":
        case "pcm_f64be":
          v.setFloat64(o, x, le);
          break;
      }
      o += b;
    }
  }
  return out;
}

/** A chunk from text (e.g. an iXML or LIST payload). */
export function textChunk(id: string, text: string, pad = true): Chunk {
  return { id, body: enc.encode(text), pad };
}

function chunkBytes(chunks: Chunk[], littleEndian: boolean): Uint8Array {
  let total = 0;
  for (const c of chunks) {
    total += 8 + c.body.length + (c.body.length % 2 && c.pad !== false ? 1 : 0);
  }
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let o = 0;
  for (const c of chunks) {
    out.set(enc.encode(c.id), o);
    v.setUint32(o + 4, c.declaredSize ?? c.body.length, littleEndian);
    out.set(c.body, o + 8);
    o += 8 + c.body.length + (c.body.length % 2 && c.pad !== false ? 1 : 0);
  }
  return out;
}

/** A RIFF/RF64/BW64 WAVE file from chunks. */
export function riffWave(chunks: Chunk[], magic: "RIFF" | "RF64" | "BW64" = "RIFF"): Uint8Array {
  const body = chunkBytes(chunks, true);
  const out = new Uint8Array(12 + body.length);
  const v = new DataView(out.buffer);
  out.set(enc.encode(magic), 0);
  v.setUint32(4, magic === "RIFF" ? 4 + body.length : 0xffffffff, true);
  out.set(enc.encode("WAVE"), 8);
  out.set(body, 12);
  return out;
}

/** Options of {@linkcode fmtChunk}. */
export interface FmtOptions {
  /** Format tag: 1 PCM, 3 float, 7 mu-law... */
  tag: number;
  channels: number;
  sampleRate: number;
  bits: number;
  /** Write WAVE_FORMAT_EXTENSIBLE with this SubFormat tag (1 PCM, 3 float). */
  extensible?: boolean;
}

/** A `fmt ` chunk: 16 bytes for PCM, 18 (cbSize 0) for other tags, 40 for EXTENSIBLE. */
export function fmtChunk(o: FmtOptions): Chunk {
  const body = new Uint8Array(o.extensible ? 40 : o.tag === 1 ? 16 : 18);
  const v = new DataView(body.buffer);
  const blockAlign = o.channels * Math.ceil(o.bits / 8);
  v.setUint16(0, o.extensible ? 0xfffe : o.tag, true);
  v.setUint16(2, o.channels, true);
  v.setUint32(4, o.sampleRate, true);
  v.setUint32(8, o.sampleRate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, o.bits, true);
  if (o.extensible) {
    v.setUint16(16, 22, true); // cbSize
    v.setUint16(18, o.bits, true); // valid bits
    v.setUint32(20, o.channels === 2 ? 3 : 4, true); // channel mask
    v.setUint16(24, o.tag, true); // SubFormat GUID
    body.set(
      [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71],
      26,
    );
  }
  return { id: "fmt ", body };
}

/** A `ds64` chunk (28 bytes, no table). */
export function ds64Chunk(riffSize: number, dataSize: number, sampleCount: number): Chunk {
  const body = new Uint8Array(28);
  const v = new DataView(body.buffer);
  v.setBigUint64(0, BigInt(riffSize), true);
  v.setBigUint64(8, BigInt(dataSize), true);
  v.setBigUint64(16, BigInt(sampleCount), true);
  return { id: "ds64", body };
}

/** Options of {@linkcode wav}. */
export interface WavOptions {
  codec: FixtureCodec;
  sampleRate: number;
  /** Raw sample values per channel (see {@linkcode encodeSamples}). */
  samples: number[][];
  extensible?: boolean;
  /** Chunks written before `fmt `. */
  before?: Chunk[];
  /** Chunks written between `fmt ` and `data`. */
  between?: Chunk[];
  /** Declared data size (default: the real size). */
  declaredDataSize?: number;
  /** Write RF64 with a ds64 chunk (data size 0xFFFFFFFF in the data chunk). */
  rf64?: boolean;
}

/** A complete WAV (or RF64) file with known samples. */
export function wav(o: WavOptions): Uint8Array {
  const data = encodeSamples(o.samples, o.codec);
  const tag = o.codec.startsWith("pcm_f") ? 3 : 1;
  const fmt = fmtChunk({
    tag,
    channels: o.samples.length,
    sampleRate: o.sampleRate,
    bits: bytesOf(o.codec) * 8,
    extensible: o.extensible,
  });
  const chunks: Chunk[] = [];
  if (o.rf64) {
    const riffSize = 4 + 36 + 8 + fmt.body.length + 8 + data.length;
    chunks.push(ds64Chunk(riffSize, o.declaredDataSize ?? data.length, o.samples[0].length));
  }
  chunks.push(...(o.before ?? []), fmt, ...(o.between ?? []));
  chunks.push({
    id: "data",
    body: data,
    declaredSize: o.rf64 ? 0xffffffff : o.declaredDataSize,
  });
  return riffWave(chunks, o.rf64 ? "RF64" : "RIFF");
}

/** 80-bit IEEE 754 extended (big-endian) encoding of a positive number. */
export function extended80(x: number): Uint8Array {
  const out = new Uint8Array(10);
  if (x === 0) return out;
  let exp = Math.floor(Math.log2(x));
  let mant = x / 2 ** exp; // [1, 2)
  if (mant >= 2) {
    mant /= 2;
    exp += 1;
  }
  const v = new DataView(out.buffer);
  v.setUint16(0, exp + 16383, false);
  const hi = Math.floor(mant * 2 ** 31);
  const lo = Math.round((mant * 2 ** 31 - hi) * 2 ** 32);
  v.setUint32(2, hi >>> 0, false);
  v.setUint32(6, lo >>> 0, false);
  return out;
}

/** Options of {@linkcode aiff}. */
export interface AiffOptions {
  codec: FixtureCodec;
  sampleRate: number;
  samples: number[][];
  /** AIFF-C compression type; writes an AIFC file when set. */
  compression?: string;
  /** SSND offset field (that many zero bytes precede the samples). */
  ssndOffset?: number;
  /** Frames declared in COMM (default: the real count). */
  declaredFrames?: number;
  /** Chunks written before COMM. */
  before?: Chunk[];
}

/** A complete AIFF or AIFF-C file with known samples. */
export function aiff(o: AiffOptions): Uint8Array {
  const data = encodeSamples(o.samples, o.codec);
  const aifc = o.compression !== undefined;
  const comm = new Uint8Array(aifc ? 24 : 18);
  const v = new DataView(comm.buffer);
  v.setInt16(0, o.samples.length, false);
  v.setUint32(2, o.declaredFrames ?? o.samples[0].length, false);
  v.setInt16(6, bytesOf(o.codec) * 8, false);
  comm.set(extended80(o.sampleRate), 8);
  if (aifc) {
    comm.set(enc.encode(o.compression!.padEnd(4, " ").slice(0, 4)), 18);
    // empty Pascal string name + pad byte
  }
  const offset = o.ssndOffset ?? 0;
  const ssnd = new Uint8Array(8 + offset + data.length);
  new DataView(ssnd.buffer).setUint32(0, offset, false);
  ssnd.set(data, 8 + offset);
  const chunks: Chunk[] = [...(o.before ?? [])];
  if (aifc) {
    const fver = new Uint8Array(4);
    new DataView(fver.buffer).setUint32(0, 0xa2805140, false);
    chunks.push({ id: "FVER", body: fver });
  }
  chunks.push({ id: "COMM", body: comm }, { id: "SSND", body: ssnd });
  const body = chunkBytes(chunks, false);
  const out = new Uint8Array(12 + body.length);
  out.set(enc.encode("FORM"), 0);
  new DataView(out.buffer).setUint32(4, 4 + body.length, false);
  out.set(enc.encode(aifc ? "AIFC" : "AIFF"), 8);
  out.set(body, 12);
  return out;
}

/** An ID3v2.4 tag of `size` payload bytes (zero padding), with a syncsafe size. */
export function id3v2(size: number): Uint8Array {
  const out = new Uint8Array(10 + size);
  out.set(enc.encode("ID3"), 0);
  out[3] = 4;
  out[6] = (size >> 21) & 0x7f;
  out[7] = (size >> 14) & 0x7f;
  out[8] = (size >> 7) & 0x7f;
  out[9] = size & 0x7f;
  return out;
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Deterministic test signal, a sine plus a ramp per channel, scaled by `amplitude` and rounded
 * to integers unless `round` is false (float codecs).
 */
export function ramp(
  frames: number,
  channels: number,
  amplitude: number,
  round = true,
): number[][] {
  const out: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const ch: number[] = [];
    for (let i = 0; i < frames; i++) {
      const x = Math.sin((2 * Math.PI * (i + 7 * c)) / 50) * 0.7 + ((i % 97) / 97 - 0.5) * 0.3;
      ch.push(round ? Math.round(x * amplitude) + 0 : x * amplitude); // + 0: no -0
    }
    out.push(ch);
  }
  return out;
}
