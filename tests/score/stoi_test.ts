import assert from "node:assert/strict";
import { STOI_DIR, stoiVectors } from "./_stoi_vectors.ts";
import { decode } from "../../sdk/audio/decode.ts";
import { mulberry32 } from "../../sdk/audio/prng.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import {
  estoi,
  intelligibility,
  octaveResampleFilter,
  resampleOct,
  resamplePoly,
  siSdr,
  stoi,
  STOI_TOO_SHORT,
} from "../../sdk/score/metrics/mod.ts";
import { PolyphaseResampler } from "../../sdk/audio/dsp/_polyphase.ts";

const vectors = stoiVectors;

Deno.test({
  name: "stoi/estoi: every shared pystoi 0.4.1 vector within 1e-3",
  ignore: vectors === null,
  fn: async () => {
    assert.ok(vectors!.length >= 6);
    let maxErr = 0;
    for (const v of vectors!) {
      const clean = await decode(`${STOI_DIR}/${v.clean}`);
      const proc = await decode(`${STOI_DIR}/${v.processed}`);
      assert.equal(clean.sampleRate, v.sample_rate, v.name);
      assert.equal(proc.sampleRate, v.sample_rate, v.name);
      const s = stoi(clean.channels[0], proc.channels[0], v.sample_rate);
      const e = estoi(clean.channels[0], proc.channels[0], v.sample_rate);
      assert.ok(Math.abs(s - v.stoi) < 1e-3, `${v.name}: stoi ${s} vs ${v.stoi}`);
      assert.ok(Math.abs(e - v.estoi) < 1e-3, `${v.name}: estoi ${e} vs ${v.estoi}`);
      // Float64 input gives the same numbers, and the shared path gives both at once.
      const both = intelligibility(
        Float64Array.from(clean.channels[0]),
        Float64Array.from(proc.channels[0]),
        v.sample_rate,
      );
      assert.equal(both.stoi, s);
      assert.equal(both.estoi, e);
      maxErr = Math.max(maxErr, Math.abs(s - v.stoi), Math.abs(e - v.estoi));
    }
    console.log(`max abs error over ${vectors!.length} vectors: ${maxErr.toExponential(2)}`);
    // In practice the match is to rounding, far inside the 1e-3 contract.
    assert.ok(maxErr < 1e-9, `max error ${maxErr}`);
  },
});

/** Amplitude-modulated tones: speech-like envelopes without any file. */
function modulated(sr: number, seconds: number): Float64Array {
  return Float64Array.from({ length: Math.round(sr * seconds) }, (_, i) => {
    const t = i / sr;
    const env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
    return env * (0.4 * Math.sin(2 * Math.PI * 310 * t) + 0.2 * Math.sin(2 * Math.PI * 1800 * t));
  });
}

function withNoise(x: Float64Array, amp: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return x.map((v) => v + amp * (2 * rand() - 1));
}

Deno.test("stoi/estoi: identity is 1, more noise scores lower", () => {
  const sr = 16000;
  const clean = modulated(sr, 3);
  assert.ok(Math.abs(stoi(clean, clean, sr) - 1) < 1e-9);
  assert.ok(Math.abs(estoi(clean, clean, sr) - 1) < 1e-9);
  const a = withNoise(clean, 0.05, 1), b = withNoise(clean, 0.5, 2);
  assert.ok(stoi(clean, a, sr) > stoi(clean, b, sr));
  assert.ok(estoi(clean, a, sr) > estoi(clean, b, sr));
  // Scale invariance of the processed signal (both normalise per segment).
  const scaled = a.map((v) => 3 * v);
  assert.ok(Math.abs(estoi(clean, scaled, sr) - estoi(clean, a, sr)) < 1e-9);
  // At 10 kHz nothing is resampled (as in pystoi); the result matches resampling first
  const at10k = resampleOct(a, { up: 10000, down: sr });
  const clean10k = resampleOct(clean, { up: 10000, down: sr });
  // (equal to rounding: the pair is resampled as one complex signal inside stoi).
  assert.ok(Math.abs(estoi(clean10k, at10k, 10000) - estoi(clean, a, sr)) < 1e-9);
  assert.ok(Math.abs(stoi(clean10k, at10k, 10000) - stoi(clean, a, sr)) < 1e-9);
});

Deno.test("stoi/estoi: a length mismatch is a clear error", () => {
  const x = new Float32Array(16000), y = new Float32Array(15999);
  for (const f of [stoi, estoi]) {
    assert.throws(
      () => f(x, y, 16000),
      (err: unknown) =>
        err instanceof UsageError &&
        err.message === "Clean and processed signals must have the same length, " +
            "found 16000 and 15999 samples",
    );
  }
  assert.throws(() => stoi(x, x, 0), UsageError);
  assert.throws(() => stoi(x, x, 16000.5), UsageError);
});

Deno.test("stoi/estoi: too short returns 1e-5 with pystoi's warning", () => {
  const sr = 16000;
  const clean = modulated(sr, 0.2); // 2000 samples at 10 kHz: 14 frames, fewer than 30
  const warnings: string[] = [];
  const onWarning = (m: string) => warnings.push(m);
  assert.equal(stoi(clean, clean, sr, { onWarning }), STOI_TOO_SHORT);
  assert.equal(estoi(clean, clean, sr, { onWarning }), 1e-5);
  // Shorter than one frame (pystoi raises here): same value and warning.
  assert.equal(estoi(clean.subarray(0, 100), clean.subarray(0, 100), sr, { onWarning }), 1e-5);
  assert.equal(warnings.length, 3);
  assert.match(warnings[0], /^Not enough STFT frames/);
});

/** scipy's resample_poly from first principles: zero-stuff, full convolution, decimate, slice. */
function naiveResamplePoly(x: ArrayLike<number>, up: number, down: number, w: number[]): number[] {
  const h = w.map((v) => v * up);
  const half = Math.floor((h.length - 1) / 2);
  const stuffed = new Array((x.length - 1) * up + 1).fill(0);
  for (let i = 0; i < x.length; i++) stuffed[i * up] = x[i];
  const full = new Array(stuffed.length + h.length - 1).fill(0);
  for (let i = 0; i < stuffed.length; i++) {
    if (stuffed[i] === 0) continue;
    for (let k = 0; k < h.length; k++) full[i + k] += stuffed[i] * h[k];
  }
  const nOut = Math.ceil((x.length * up) / down);
  const prePad = down - (half % down);
  const preRemove = Math.floor((half + prePad) / down);
  const out: number[] = [];
  for (let m = 0; m < nOut; m++) {
    // upfirdn output j reads the padded filter; padding by prePad zeros shifts it by prePad.
    const j = (m + preRemove) * down - prePad;
    out.push(j >= 0 && j < full.length ? full[j] : 0);
  }
  return out;
}

Deno.test("resamplePoly: equals scipy's definition computed naively", () => {
  const rand = mulberry32(5);
  const x = Array.from({ length: 157 }, () => 2 * rand() - 1);
  for (const [up, down, len] of [[5, 8, 41], [5, 4, 23], [3, 7, 20], [7, 3, 22], [2, 1, 3]]) {
    const w = Array.from({ length: len }, () => rand());
    const got = resamplePoly(x, { up, down, window: w });
    const want = naiveResamplePoly(x, up, down, w);
    assert.equal(got.length, want.length, `${up}/${down}`);
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(got[i] - want[i]) < 1e-12, `${up}/${down} sample ${i}`);
    }
  }
  // Factors with a common divisor are reduced first, as scipy does.
  const w = [0.25, 0.5, 0.25];
  assert.deepEqual(
    resamplePoly(x, { up: 4, down: 2, window: w }),
    resamplePoly(x, {
      up: 2,
      down: 1,
      window: w,
    }),
  );
  // A ratio of 1 is a copy.
  assert.deepEqual(Array.from(resamplePoly(x, { up: 3, down: 3, window: w })), x);
  assert.throws(() => resamplePoly(x, { up: 0, down: 1, window: w }), UsageError);
  assert.throws(() => resamplePoly(x, { up: 1.5, down: 1, window: w }), UsageError);
});

Deno.test("resampleOct: the FFT and direct engines agree for the common rates", () => {
  const rand = mulberry32(9);
  for (const sr of [8000, 16000, 24000, 32000, 48000, 22050]) {
    const h = octaveResampleFilter({ up: 10000, down: sr });
    const sum = h.reduce((a, b) => a + b, 0);
    const w = h.map((v) => v / sum);
    const x = Float64Array.from({ length: Math.round(sr * 0.7) + 13 }, () => 2 * rand() - 1);
    const y = x.map((v, i) => v * Math.cos(i));
    const direct = new PolyphaseResampler({ up: 10000, down: sr, window: w, path: "direct" });
    const fft = new PolyphaseResampler({ up: 10000, down: sr, window: w, path: "fft" });
    const [dx, dy] = direct.processPair(x, y);
    const [fx, fy] = sr === 22050 ? [dx, dy] : fft.processPair(x, y); // 200/441: direct only
    const single = resampleOct(x, { up: 10000, down: sr });
    // One signal after a pair on the same instance: no state left over from the pair.
    const after = sr === 22050 ? dx : fft.process(x);
    assert.equal(dx.length, Math.ceil((x.length * 10000) / sr));
    for (let i = 0; i < dx.length; i++) {
      assert.ok(Math.abs(after[i] - dx[i]) < 1e-12, `${sr} after ${i}`);
      assert.ok(Math.abs(dx[i] - fx[i]) < 1e-12, `${sr} x ${i}`);
      assert.ok(Math.abs(dy[i] - fy[i]) < 1e-12, `${sr} y ${i}`);
      assert.ok(Math.abs(single[i] - dx[i]) < 1e-12, `${sr} single ${i}`);
    }
  }
});

Deno.test("octaveResampleFilter: Octave's length and shape", () => {
  // L = ceil(52 / (28.714 * fc / 10)), fc = 1 / (2 max(p, q)) after the gcd.
  for (const [rate, taps] of [[16000, 581], [8000, 365], [48000, 1741], [22050, 31947]]) {
    const h = octaveResampleFilter({ up: 10000, down: rate });
    assert.equal(h.length, taps, `${rate}`);
    const mid = (taps - 1) / 2;
    for (let i = 0; i < mid; i++) assert.ok(Math.abs(h[i] - h[taps - 1 - i]) < 1e-15);
    // Peak 2 p fc at the centre (5/8: 2 * 5 / 16).
    if (rate === 16000) assert.ok(Math.abs(h[mid] - 0.625) < 1e-12);
  }
  // A 1 kHz tone goes through 16 kHz -> 10 kHz unchanged (pass band).
  const x = Float64Array.from(
    { length: 16000 },
    (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000),
  );
  const y = resampleOct(x, { up: 10000, down: 16000 });
  for (let i = 1000; i < 9000; i += 97) {
    assert.ok(Math.abs(y[i] - Math.sin((2 * Math.PI * 1000 * i) / 10000)) < 2e-3);
  }
});

/** Zero-mean unit-energy noise orthogonal to (zero-mean) `s`. */
function orthogonalNoise(s: Float64Array, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const n = Float64Array.from(s, () => 2 * rand() - 1);
  const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
  const ms = mean(s);
  const sc = s.map((v) => v - ms);
  const mn = mean(n);
  for (let i = 0; i < n.length; i++) n[i] -= mn;
  const dot = n.reduce((a, v, i) => a + v * sc[i], 0);
  const ss = sc.reduce((a, v) => a + v * v, 0);
  for (let i = 0; i < n.length; i++) n[i] -= (dot / ss) * sc[i];
  const en = Math.sqrt(n.reduce((a, v) => a + v * v, 0));
  return n.map((v) => v / en);
}

Deno.test("siSdr: closed-form cases", () => {
  const rand = mulberry32(3);
  const s = Float64Array.from({ length: 8000 }, () => 2 * rand() - 1);
  const ms = s.reduce((a, b) => a + b, 0) / s.length;
  const es = s.reduce((a, v) => a + (v - ms) ** 2, 0);
  const n = orthogonalNoise(s, 4);
  // estimate = c * s + g * n with n orthogonal: SI-SDR = 10 log10(c^2 |s|^2 / g^2).
  for (const [c, g] of [[1, 0.1], [0.3, 2], [-2, 0.5]]) {
    const e = s.map((v, i) => c * v + g * n[i]);
    const want = 10 * Math.log10((c * c * es) / (g * g));
    assert.ok(Math.abs(siSdr(s, e) - want) < 1e-9, `c=${c} g=${g}: ${siSdr(s, e)} vs ${want}`);
  }
  // Equal energies: 0 dB; an offset on the estimate changes nothing (means are removed).
  const scale = Math.sqrt(es);
  const e0 = s.map((v, i) => v + scale * n[i] + 0.7);
  assert.ok(Math.abs(siSdr(s, e0)) < 1e-9);
  assert.ok(siSdr(s, e0, { zeroMean: false }) < -1);
  // Exact scaled copy: no residual at all, +Infinity; an inexact scale leaves rounding noise.
  assert.equal(siSdr(s, s.map((v) => 0.5 * v)), Infinity);
  const big = siSdr(s, s.map((v) => 0.3 * v));
  assert.ok(big > 250, `${big}`);
  // Float32 input works and matches float64 of the same values.
  const s32 = Float32Array.from(s), e32 = Float32Array.from(e0);
  assert.ok(
    Math.abs(siSdr(s32, e32) - siSdr(Float64Array.from(s32), Float64Array.from(e32))) < 1e-12,
  );
  // Silent reference or nothing at all: undefined.
  assert.ok(Number.isNaN(siSdr(new Float64Array(10).fill(0.2), s.subarray(0, 10))));
  assert.ok(Number.isNaN(siSdr(new Float64Array(0), new Float64Array(0))));
  assert.throws(
    () => siSdr(s, s.subarray(1)),
    (err: unknown) =>
      err instanceof UsageError &&
      err.message ===
        "Reference and estimate must have the same length, found 8000 and 7999 samples",
  );
});
