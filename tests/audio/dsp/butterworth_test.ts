import assert from "node:assert/strict";
import { butter, type ButterType } from "../../../sdk/audio/dsp/butterworth.ts";
import { isStable, sosfilt, sosFrequencyResponse } from "../../../sdk/audio/dsp/sos.ts";
import { UsageError } from "../../../sdk/log/errors.ts";

/** scipy.signal.butter(..., output="sos") from scipy 1.10.1, printed with repr(). */
const SCIPY: Array<
  {
    order: number;
    cutoff: number | [number, number];
    sampleRate: number;
    type: ButterType;
    sos: number[];
  }
> = [
  {
    order: 4,
    cutoff: 1000,
    sampleRate: 48000,
    type: "lowpass",
    sos: [
      1.555172178089176e-05,
      3.110344356178352e-05,
      1.555172178089176e-05,
      1.0,
      -1.7695043485128368,
      0.7847733317825629,
      1.0,
      2.0,
      1.0,
      1.0,
      -1.8885559538890464,
      0.9048522287685677,
    ],
  },
  {
    order: 3,
    cutoff: 1000,
    sampleRate: 48000,
    type: "lowpass",
    sos: [
      0.00024700081539115476,
      0.0004940016307823095,
      0.00024700081539115476,
      1.0,
      -0.8769764629927568,
      0.0,
      1.0,
      1.0,
      0.0,
      1.0,
      -1.861408444532108,
      0.877470464623539,
    ],
  },
  {
    order: 3,
    cutoff: [300, 3400],
    sampleRate: 16000,
    type: "bandpass",
    sos: [
      0.0914021933191325,
      0.182804386638265,
      0.0914021933191325,
      1.0,
      -0.3671743753524566,
      0.40223562959347275,
      1.0,
      0.0,
      -1.0,
      1.0,
      -1.0738601009998077,
      0.17857734201084868,
      1.0,
      -2.0,
      1.0,
      1.0,
      -1.884455819127683,
      0.8984329135993019,
    ],
  },
  {
    order: 2,
    cutoff: [50, 70],
    sampleRate: 8000,
    type: "bandstop",
    sos: [
      0.9889542480671399,
      -1.9757737079043032,
      0.9889542480671398,
      1.0,
      -1.9849157463847122,
      0.9876432573687143,
      1.0,
      -1.9978413680570672,
      0.9999999999999999,
      1.0,
      -1.9885774489090287,
      0.9902669827336964,
    ],
  },
  {
    order: 5,
    cutoff: 300,
    sampleRate: 44100,
    type: "highpass",
    sos: [
      0.9331720012141003,
      -0.9331720012141003,
      0.0,
      1.0,
      -0.9581453617631377,
      0.0,
      1.0,
      -2.0,
      1.0,
      1.0,
      -1.9314063763967018,
      0.9331720053775666,
      1.0,
      -2.0,
      1.0,
      1.0,
      -1.9721328646503262,
      0.973935724464033,
    ],
  },
];

function responseDb(sos: Float64Array, f: number, sr: number): number {
  return 20 *
    Math.log10(sosFrequencyResponse(sos, { frequencies: [f], sampleRate: sr }).magnitude[0]);
}

for (const c of SCIPY) {
  Deno.test(`butter ${c.type} order ${c.order} ${JSON.stringify(c.cutoff)} Hz equals scipy's sections`, () => {
    const { sos: want, ...design } = c;
    const sos = butter(design);
    assert.equal(sos.length, want.length);
    for (let i = 0; i < sos.length; i++) {
      assert.ok(Math.abs(sos[i] - want[i]) < 1e-12, `coefficient ${i}: ${sos[i]} vs ${want[i]}`);
    }
  });
}

Deno.test("butter lowpass and highpass are -3.01 dB at the cutoff for orders 1 to 10", () => {
  for (let order = 1; order <= 10; order++) {
    for (const type of ["lowpass", "highpass"] as const) {
      const sos = butter({ order, cutoff: 2500, sampleRate: 44100, type });
      assert.equal(sos.length, 6 * Math.ceil(order / 2));
      const db = responseDb(sos, 2500, 44100);
      assert.ok(Math.abs(db + 10 * Math.log10(2)) < 1e-9, `${type} ${order}: ${db}`);
    }
  }
});

Deno.test("butter lowpass magnitude equals 1/sqrt(1 + (w/wc)^2N) at warped frequencies", () => {
  const sr = 48000, fc = 3000;
  for (const order of [1, 2, 4, 7]) {
    const sos = butter({ order, cutoff: fc, sampleRate: sr });
    const freqs = [0, 100, 500, 2000, 3000, 5000, 12000, 20000];
    const h = sosFrequencyResponse(sos, { frequencies: freqs, sampleRate: sr });
    freqs.forEach((f, i) => {
      // The bilinear transform maps analog w = 2 fs tan(pi f / fs): exact Butterworth there.
      const ratio = Math.tan((Math.PI * f) / sr) / Math.tan((Math.PI * fc) / sr);
      const want = 1 / Math.sqrt(1 + Math.pow(ratio, 2 * order));
      assert.ok(Math.abs(h.magnitude[i] - want) < 1e-9, `order ${order} at ${f} Hz`);
    });
  }
  // Far below Nyquist the warping vanishes: the analog formula with f / fc itself holds.
  const sos = butter({ order: 4, cutoff: 100, sampleRate: 48000 });
  for (const f of [20, 50, 100, 200, 400]) {
    const h = sosFrequencyResponse(sos, { frequencies: [f], sampleRate: 48000 }).magnitude[0];
    const analog = 1 / Math.sqrt(1 + Math.pow(f / 100, 8));
    assert.ok(Math.abs(h - analog) < 1e-3, `analog ${f} Hz: ${h} vs ${analog}`);
  }
});

Deno.test("butter bandpass is -3.01 dB at both edges and 0 dB at the warped centre", () => {
  const sr = 16000, lo = 300, hi = 3400;
  for (const order of [1, 2, 3, 6]) {
    const sos = butter({ order, cutoff: [lo, hi], sampleRate: sr, type: "bandpass" });
    assert.equal(sos.length, 6 * order);
    for (const f of [lo, hi]) {
      assert.ok(Math.abs(responseDb(sos, f, sr) + 10 * Math.log10(2)) < 1e-9, `edge ${f}`);
    }
    const w = (f: number) => Math.tan((Math.PI * f) / sr);
    const centre = (sr / Math.PI) * Math.atan(Math.sqrt(w(lo) * w(hi)));
    assert.ok(Math.abs(responseDb(sos, centre, sr)) < 1e-9, `centre ${centre}`);
    // Analytic: |H| = 1 / sqrt(1 + ((W^2 - W0^2) / (W B))^2N) in warped units.
    for (const f of [100, 1000, 5000, 7000]) {
      const W = w(f), W0sq = w(lo) * w(hi), B = w(hi) - w(lo);
      const want = 1 / Math.sqrt(1 + Math.pow((W * W - W0sq) / (W * B), 2 * order));
      const got = sosFrequencyResponse(sos, { frequencies: [f], sampleRate: sr }).magnitude[0];
      assert.ok(Math.abs(got - want) < 1e-9, `order ${order} at ${f}: ${got} vs ${want}`);
    }
  }
});

Deno.test("butter bandstop notches its centre and passes DC", () => {
  const sos = butter({ order: 2, cutoff: [50, 70], sampleRate: 8000, type: "bandstop" });
  assert.ok(Math.abs(responseDb(sos, 0, 8000)) < 1e-9);
  assert.ok(
    responseDb(
      sos,
      (8000 / Math.PI) *
        Math.atan(Math.sqrt(Math.tan(Math.PI * 50 / 8000) * Math.tan(Math.PI * 70 / 8000))),
      8000,
    ) < -100,
  );
});

Deno.test("butter designs stay stable at high orders and extreme cutoffs", () => {
  const designs = [
    { order: 16, cutoff: 20, sampleRate: 96000, type: "highpass" as const },
    { order: 16, cutoff: 20, sampleRate: 96000, type: "lowpass" as const },
    { order: 12, cutoff: 23000, sampleRate: 48000, type: "lowpass" as const },
    {
      order: 8,
      cutoff: [20, 40] as [number, number],
      sampleRate: 48000,
      type: "bandpass" as const,
    },
  ];
  for (const d of designs) {
    const sos = butter(d);
    assert.ok(isStable(sos), JSON.stringify(d));
    // The impulse response dies away.
    const imp = new Float32Array(96000);
    imp[0] = 1;
    const y = sosfilt(sos, imp);
    let tail = 0;
    for (let i = 86000; i < 96000; i++) tail = Math.max(tail, Math.abs(y[i]));
    assert.ok(tail < 1e-6, `${JSON.stringify(d)} tail ${tail}`);
  }
});

Deno.test("butter rejects cutoffs outside (0, Nyquist) and a cutoff of the wrong shape", () => {
  assert.throws(() => butter({ order: 2, cutoff: 24000, sampleRate: 48000 }), UsageError);
  assert.throws(() => butter({ order: 2, cutoff: 0, sampleRate: 48000 }), UsageError);
  assert.throws(
    () => butter({ order: 2, cutoff: 1000, sampleRate: 48000, type: "bandpass" }),
    UsageError,
  );
  assert.throws(() => butter({ order: 2, cutoff: [1000, 2000], sampleRate: 48000 }), UsageError);
  assert.throws(
    () => butter({ order: 2, cutoff: [2000, 1000], sampleRate: 48000, type: "bandpass" }),
    UsageError,
  );
  assert.throws(() => butter({ order: 0, cutoff: 1000, sampleRate: 48000 }), UsageError);
});
