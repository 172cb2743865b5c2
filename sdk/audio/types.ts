/**
 * Types shared by every part of the audio layer.
 *
 * @module
 */

/** Container formats that {@linkcode probe} recognises. */
export type AudioFormat = "wav" | "rf64" | "aiff" | "aifc" | "flac" | "mp3";

/** How samples are stored in the file. */
export type SampleFormat = "int" | "float" | "compressed";

/**
 * Decoded audio: one Float32Array per channel, all of the same length, samples in [-1, 1].
 *
 * @example
 * ```ts
 * import type { AudioData } from "./types.ts";
 * const tone: AudioData = { sampleRate: 16000, channels: [new Float32Array(16000)] };
 * console.log(tone.channels[0].length / tone.sampleRate); // 1
 * ```
 */
export interface AudioData {
  /** Samples per second. */
  sampleRate: number;
  /** One array per channel. */
  channels: Float32Array[];
}

/**
 * Header-only metadata of an audio file, as returned by {@linkcode probe}.
 *
 * `flags` holds facts worth a warning, among them `truncated` (declared data runs past the end
 * of the file and was clamped), `extensible` (WAVE_FORMAT_EXTENSIBLE), `rf64`, `odd_padding`,
 * `bw64`, `vbr`, `gapless` (MP3 encoder delay and padding removed from the frame count),
 * `estimated` (frame count estimated rather than read from a header).
 */
export interface AudioInfo {
  /** The path as given to probe. */
  path: string;
  /** Container format. */
  format: AudioFormat;
  /** Codec name, e.g. `pcm_s16le`, `pcm_f32le`, `pcm_s24be`, `flac`, `mp3`. */
  codec: string;
  /** Integer, float, or compressed samples. */
  sampleFormat: SampleFormat;
  /** Samples per second. */
  sampleRate: number;
  /** Number of channels. */
  channels: number;
  /** Bits per sample (for MP3, 0: not meaningful). */
  bitsPerSample: number;
  /** Frames (samples per channel). */
  frames: number;
  /** Duration in seconds, `frames / sampleRate`. */
  durationSec: number;
  /** Byte offset of the audio payload (WAV/AIFF sound data, FLAC first frame, MP3 first frame). */
  dataOffset: number;
  /** Bytes of audio payload actually present (clamped to the file when truncated). */
  dataSize: number;
  /** Size of the whole file in bytes. */
  fileSize: number;
  /** Notable facts, see the interface description. */
  flags: string[];
}
