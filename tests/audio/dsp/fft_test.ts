import assert from "node:assert/strict";
import { RealFft } from "../../../sdk/audio/dsp/fft.ts";
import { UsageError } from "../../../sdk/log/errors.ts";
import { mulberry32 } from "./_signals.ts";

function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length, bins = Math.floor(n / 2) + 1;
  const re = new Float64Array(bins), im = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((k * j) % n)) / n;
      re[k] += x[j] * Math.cos(a);
      im[k] += x[j] * Math.sin(a);
    }
  }
  return { re, im };
}

for (const n of [1, 2, 3, 8, 12, 400, 1024]) {
  Deno.test(`RealFft matches a naive DFT and inverts itself at size ${n}`, () => {
    const rnd = mulberry32(n);
    const x = Float64Array.from({ length: n }, () => 2 * rnd() - 1);
    const fft = new RealFft(n);
    assert.equal(fft.bins, Math.floor(n / 2) + 1);
    const re = new Float64Array(fft.bins), im = new Float64Array(fft.bins);
    fft.forward(x, re, im);
    const ref = naiveDft(x);
    for (let k = 0; k < fft.bins; k++) {
      assert.ok(Math.abs(re[k] - ref.re[k]) < 1e-9, `re[${k}] ${re[k]} vs ${ref.re[k]}`);
      assert.ok(Math.abs(im[k] - ref.im[k]) < 1e-9, `im[${k}] ${im[k]} vs ${ref.im[k]}`);
    }
    const back = new Float64Array(n);
    fft.inverse(re, im, back);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(back[i] - x[i]) < 1e-12, `sample ${i}`);
  });
}

Deno.test("RealFft inverse ignores the imaginary parts of DC and Nyquist, like irfft", () => {
  const fft = new RealFft(8);
  const out = new Float64Array(8);
  fft.inverse(Float64Array.of(8, 0, 0, 0, 0), Float64Array.of(5, 0, 0, 0, 7), out);
  for (const v of out) assert.ok(Math.abs(v - 1) < 1e-12);
});

Deno.test("RealFft rejects a size that is not a positive integer", () => {
  assert.throws(() => new RealFft(0), UsageError);
  assert.throws(() => new RealFft(10.5), UsageError);
});
