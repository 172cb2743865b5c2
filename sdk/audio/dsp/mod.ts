/**
 * The DSP layer: windows, real FFT, STFT/ISTFT (librosa conventions), mel filterbanks and
 * spectrograms, biquads, Butterworth second-order sections (scipy's designs), levels, and
 * ITU-R BS.1770-4 / EBU R 128 loudness with true peak. Pure TypeScript over Float32Array.
 *
 * @example
 * ```ts
 * import { logMel, loudness } from "./mod.ts";
 * const sr = 16000;
 * const x = Float32Array.from({ length: sr }, (_, i) => 0.1 * Math.sin(2 * Math.PI * 440 * i / sr));
 * console.log(logMel(x, { sampleRate: sr, nFft: 400, hopLength: 160, nMels: 80 }).frames); // 101
 * console.log(loudness({ sampleRate: sr, channels: [x] }).integratedLufs < -20); // true
 * ```
 *
 * @module
 */

export * from "./biquad.ts";
export * from "./butterworth.ts";
export * from "./fft.ts";
export * from "./levels.ts";
export * from "./kaiser_lowpass.ts";
export * from "./loudness.ts";
export * from "./mel.ts";
export * from "./sos.ts";
export * from "./stft.ts";
export * from "./window.ts";
