import assert from "node:assert/strict";
import {
  istft,
  magnitude,
  power,
  resolveStftOptions,
  stft,
  stftFrameCount,
} from "../../../sdk/audio/dsp/stft.ts";
import { UsageError } from "../../../sdk/log/errors.ts";
import { noise } from "./_signals.ts";

function maxAbsDiff(a: Float32Array, b: Float32Array, from = 0, to = a.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test("resolveStftOptions fills librosa's defaults", () => {
  assert.deepEqual(resolveStftOptions(), {
    nFft: 2048,
    hopLength: 512,
    winLength: 2048,
    window: "hann",
    center: true,
    padMode: "constant",
  });
  assert.equal(resolveStftOptions({ nFft: 512, winLength: 400 }).hopLength, 100);
});

Deno.test("stft frame count and shape follow librosa", () => {
  const spec = stft(new Float32Array(22050));
  assert.equal(spec.frames, 1 + Math.floor(22050 / 512)); // 44, librosa's shape (1025, 44)
  assert.equal(spec.bins, 1025);
  assert.equal(spec.re.length, 44 * 1025);
  assert.equal(stftFrameCount(4096, { center: false }), 1 + Math.floor((4096 - 2048) / 512));
});

Deno.test("stft of a bin-centred sine peaks at A * nFft / 4 in that bin", () => {
  const nFft = 1024, k0 = 64, amp = 0.5;
  const x = Float32Array.from(
    { length: 8192 },
    (_, i) => amp * Math.cos((2 * Math.PI * k0 * i) / nFft),
  );
  const spec = stft(x, { nFft });
  const mag = magnitude(spec);
  const t = 4; // an interior frame
  const frame = mag.subarray(t * spec.bins, (t + 1) * spec.bins);
  assert.ok(Math.abs(frame[k0] - (amp * nFft) / 4) < 1e-3, `peak ${frame[k0]}`);
  // Hann main lobe: the neighbours are half the peak, two bins away nothing.
  assert.ok(Math.abs(frame[k0 + 1] - (amp * nFft) / 8) < 1e-3);
  assert.ok(frame[k0 + 2] < 1e-3);
});

Deno.test("stft pad modes fill the first frame as numpy.pad does", () => {
  const x = new Float32Array(4096).fill(1);
  const first = (padMode: "constant" | "reflect" | "edge") => stft(x, { nFft: 512, padMode }).re[0];
  // Constant: only the right half of the window sees ones.
  let half = 0;
  const w = (i: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 512);
  for (let i = 256; i < 512; i++) half += w(i);
  assert.ok(Math.abs(first("constant") - half) < 1e-3);
  assert.ok(Math.abs(first("reflect") - 256) < 1e-3); // sum of the periodic Hann window
  assert.ok(Math.abs(first("edge") - 256) < 1e-3);
  // Reflect mirrors without repeating the edge sample: x = [0, 1, 2, ...] padded by 2 is [2, 1, 0, 1, 2, ...]
  const ramp = Float32Array.from({ length: 64 }, (_, i) => i);
  const spec = stft(ramp, { nFft: 4, hopLength: 1, window: "rectangular", padMode: "reflect" });
  assert.equal(spec.re[0], 2 + 1 + 0 + 1); // DC bin of frame 0 = sum of [2, 1, 0, 1]
});

Deno.test("istft reconstructs seeded noise to 1e-5 with librosa's defaults", () => {
  const x = noise(22050 * 2, 42);
  const y = istft(stft(x), { length: x.length });
  assert.equal(y.length, x.length);
  const err = maxAbsDiff(x, y);
  assert.ok(err < 1e-5, `max error ${err}`);
});

Deno.test("istft reconstructs seeded noise to 1e-5 with a 400-point (non power of two) FFT", () => {
  const x = noise(16000, 7);
  const y = istft(stft(x, { nFft: 400, hopLength: 160 }), { length: x.length });
  const err = maxAbsDiff(x, y);
  assert.ok(err < 1e-5, `max error ${err}`);
});

Deno.test("istft reconstructs with a window shorter than nFft and reflect padding", () => {
  const x = noise(12000, 3, 0.5);
  const opts = { nFft: 512, winLength: 400, hopLength: 100, padMode: "reflect" } as const;
  const y = istft(stft(x, opts), { winLength: 400, hopLength: 100, length: x.length });
  const err = maxAbsDiff(x, y);
  assert.ok(err < 1e-5, `max error ${err}`);
});

Deno.test("istft without centring reconstructs everything the windows cover", () => {
  const x = noise(8192, 11);
  const y = istft(stft(x, { nFft: 256, center: false }), { center: false, length: x.length });
  // The first hop is covered by the rising edge of one window only (the sum-square is tiny there
  // and amplifies rounding); the tail past the last frame is not covered at all.
  const err = maxAbsDiff(x, y, 64, 8192 - 256);
  assert.ok(err < 1e-5, `max error ${err}`);
});

Deno.test("istft without length returns librosa's natural length", () => {
  const spec = stft(new Float32Array(10000), { nFft: 512 });
  assert.equal(istft(spec).length, 128 * (spec.frames - 1));
});

Deno.test("power is the squared magnitude, and its exponent is honoured", () => {
  const spec = stft(noise(4096, 5), { nFft: 256 });
  const mag = magnitude(spec), pw = power(spec), p1 = power(spec, 1);
  for (let i = 0; i < mag.length; i += 97) {
    assert.ok(Math.abs(pw[i] - mag[i] * mag[i]) <= 1e-5 * Math.max(1, pw[i]));
    assert.ok(Math.abs(p1[i] - mag[i]) <= 1e-5 * Math.max(1, mag[i]));
  }
});

Deno.test("stft rejects a too-long window, a short uncentred signal and bad options", () => {
  assert.throws(() => stft(new Float32Array(4096), { nFft: 256, winLength: 512 }), UsageError);
  assert.throws(() => stft(new Float32Array(100), { nFft: 256, center: false }), UsageError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => stft(new Float32Array(100), { nfft: 256 } as any), UsageError);
  assert.throws(() => stft(new Float32Array(100), { hopLength: 0 }), UsageError);
  assert.throws(
    () => istft(stft(new Float32Array(1000), { nFft: 256 }), { nFft: 512 }),
    UsageError,
  );
});
