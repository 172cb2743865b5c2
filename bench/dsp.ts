/**
 * DSP throughput: loudness (BS.1770-4) in times real time and STFT frames per second, each next
 * to a floor measured on the same data in the same process:
 *
 * - loudness floor: one plain pass summing the squares of every sample of every channel (the
 *   least any loudness meter must do: read each sample once);
 * - STFT floor: fft.js `realTransform` alone, called once per frame on a pre-filled buffer (the
 *   FFT cost without framing, windowing or copying out).
 *
 * Ratios are "ours / floor" in time: 1.0 would mean no cost beyond the floor. Best of several runs.
 *
 * Run: `deno run -A bench/dsp.ts` (or `deno task bench dsp`).
 *
 * @module
 */

import FFT from "fft.js";
import { loudness } from "../sdk/audio/dsp/loudness.ts";
import { stft } from "../sdk/audio/dsp/stft.ts";
import { melSpectrogram } from "../sdk/audio/dsp/mel.ts";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Music-like test signal: noise with a slow envelope plus a tone, per channel. */
function signal(length: number, sr: number, seed: number): Float32Array {
  const rnd = mulberry32(seed);
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = i / sr;
    const env = 0.05 + 0.25 * Math.abs(Math.sin(2 * Math.PI * 0.1 * t));
    x[i] = env * (2 * rnd() - 1) + 0.2 * Math.sin(2 * Math.PI * 440 * t);
  }
  return x;
}

function best(runs: number, fn: () => void): number {
  let b = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

let sink = 0;

const SR = 48000, SECONDS = 60;
const channels = [signal(SR * SECONDS, SR, 1), signal(SR * SECONDS, SR, 2)];
const audio = { sampleRate: SR, channels };

const floorMs = best(5, () => {
  let s = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) s += ch[i] * ch[i];
  sink += s;
});
const lNoTp = best(3, () => {
  sink += loudness(audio, { truePeak: false }).integratedLufs;
});
const lTp = best(3, () => {
  sink += loudness(audio).integratedLufs;
});
const rt = (ms: number) => ((SECONDS * 1000) / ms).toFixed(0);
console.log(
  `loudness, ${SECONDS} s stereo at 48 kHz (${(2 * SR * SECONDS / 1e6).toFixed(2)} M samples)`,
);
console.log(
  `  floor (sum of squares, one pass):  ${floorMs.toFixed(1)} ms  ${rt(floorMs)}x realtime`,
);
console.log(
  `  loudness, no true peak:            ${lNoTp.toFixed(1)} ms  ${rt(lNoTp)}x realtime  ratio ${
    (lNoTp / floorMs).toFixed(1)
  }`,
);
console.log(
  `  loudness + true peak (4x):         ${lTp.toFixed(1)} ms  ${rt(lTp)}x realtime  ratio ${
    (lTp / floorMs).toFixed(1)
  }`,
);

const mono = channels[0].subarray(0, SR * 20);
for (const nFft of [2048, 512, 400]) {
  const hop = nFft === 400 ? 160 : nFft / 4;
  const spec = stft(mono, { nFft, hopLength: hop });
  const frames = spec.frames;
  const ms = best(3, () => {
    sink += stft(mono, { nFft, hopLength: hop }).re[5];
  });
  let line = `stft nFft ${nFft} hop ${hop}: ${frames} frames in ${ms.toFixed(1)} ms, ${
    (frames / ms * 1000).toFixed(0)
  } frames/s`;
  if ((nFft & (nFft - 1)) === 0) {
    const f = new FFT(nFft);
    const input = new Float64Array(nFft).map((_, i) => mono[i]);
    const out = new Float64Array(2 * nFft);
    const fftMs = best(3, () => {
      for (let t = 0; t < frames; t++) f.realTransform(out, input);
      sink += out[3];
    });
    line += `; floor (fft.js realTransform only) ${fftMs.toFixed(1)} ms, ratio ${
      (ms / fftMs).toFixed(2)
    }`;
  } else {
    line += "; Bluestein path (no power-of-two floor to compare)";
  }
  console.log(line);
}
const melMs = best(3, () => {
  sink += melSpectrogram(mono, { sampleRate: SR, nFft: 2048 }).data[0];
});
console.log(
  `melSpectrogram (128 mels, nFft 2048), 20 s at 48 kHz: ${melMs.toFixed(1)} ms, ${
    (20000 / melMs).toFixed(0)
  }x realtime`,
);
if (sink === 42) console.log("");
