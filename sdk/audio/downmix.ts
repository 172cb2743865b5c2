/**
 * Channel reduction: downmix to mono by averaging, or pick one channel.
 *
 * @module
 */

import type { AudioData } from "./types.ts";
import { UsageError } from "../log/errors.ts";

function frameCount(audio: AudioData, what: string): number {
  if (audio.channels.length === 0) throw new UsageError(`Cannot ${what} audio without channels`);
  const frames = audio.channels[0].length;
  for (const ch of audio.channels) {
    if (ch.length !== frames) {
      throw new UsageError(
        `Cannot ${what}: channels have different lengths (${frames} and ${ch.length})`,
      );
    }
  }
  return frames;
}

/**
 * Downmix to mono: each output sample is the mean of the channels at that frame (so a
 * signal identical on every channel keeps its level and nothing can clip). Mono input is
 * returned as is.
 *
 * @param audio Audio with one or more channels.
 * @returns Audio with a single channel at the same sample rate.
 *
 * @example
 * ```ts
 * import { downmix } from "./downmix.ts";
 * const mono = downmix({
 *   sampleRate: 8000,
 *   channels: [new Float32Array([1, 0.5]), new Float32Array([0, -0.5])],
 * });
 * console.log(Array.from(mono.channels[0])); // [ 0.5, 0 ]
 * ```
 */
export function downmix(audio: AudioData): AudioData {
  const frames = frameCount(audio, "downmix");
  const n = audio.channels.length;
  if (n === 1) return audio;
  const sum = new Float64Array(frames);
  for (const ch of audio.channels) {
    for (let i = 0; i < frames; i++) sum[i] += ch[i];
  }
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = sum[i] / n;
  return { sampleRate: audio.sampleRate, channels: [out] };
}

/**
 * Keep one channel.
 *
 * @param audio Audio with one or more channels.
 * @param index Zero-based channel index.
 * @returns Mono audio sharing the chosen channel's samples (not copied).
 *
 * @example
 * ```ts
 * import { selectChannel } from "./downmix.ts";
 * const right = selectChannel({
 *   sampleRate: 8000,
 *   channels: [new Float32Array([1]), new Float32Array([2])],
 * }, 1);
 * console.log(right.channels[0][0]); // 2
 * ```
 */
export function selectChannel(audio: AudioData, index: number): AudioData {
  frameCount(audio, "select a channel of");
  const n = audio.channels.length;
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new UsageError(
      `Invalid channel index "${index}": the audio has ${n} channel${n === 1 ? "" : "s"} (0 to ${
        n - 1
      })`,
    );
  }
  return { sampleRate: audio.sampleRate, channels: [audio.channels[index]] };
}
