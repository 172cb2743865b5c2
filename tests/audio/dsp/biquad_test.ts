import assert from "node:assert/strict";
import { Biquad, biquadCoefficients, type BiquadType } from "../../../sdk/audio/dsp/biquad.ts";
import { sosFrequencyResponse } from "../../../sdk/audio/dsp/sos.ts";
import { UsageError } from "../../../sdk/log/errors.ts";

const SR = 48000;

function gainDb(type: BiquadType, f: number, extra: { q?: number; gainDb?: number } = {}): number {
  const sos = Biquad.design({ type, frequency: 1000, sampleRate: SR, ...extra }).toSos();
  const h = sosFrequencyResponse(sos, { frequencies: [f], sampleRate: SR });
  return 20 * Math.log10(h.magnitude[0]);
}

function close(a: number, b: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);
}

Deno.test("biquadCoefficients lowpass and highpass are -3.01 dB at f0 with Q = 1/sqrt(2)", () => {
  close(gainDb("lowpass", 1000), -10 * Math.log10(2), 1e-9, "lowpass f0");
  close(gainDb("lowpass", 0), 0, 1e-9, "lowpass DC");
  close(gainDb("highpass", 1000), -10 * Math.log10(2), 1e-9, "highpass f0");
  close(gainDb("highpass", SR / 2), 0, 1e-9, "highpass Nyquist");
  assert.ok(gainDb("lowpass", 10000) < -25);
});

Deno.test("biquadCoefficients bandpass, notch and allpass behave at f0", () => {
  close(gainDb("bandpass", 1000, { q: 2 }), 0, 1e-9, "bandpass peak");
  assert.ok(gainDb("bandpass", 100, { q: 2 }) < -20);
  assert.ok(gainDb("notch", 1000) < -120, "notch depth");
  close(gainDb("notch", 0), 0, 1e-9, "notch DC");
  for (const f of [0, 300, 1000, 5000, 20000]) close(gainDb("allpass", f), 0, 1e-9, `allpass ${f}`);
});

Deno.test("biquadCoefficients peaking and shelves reach their gain", () => {
  close(gainDb("peaking", 1000, { gainDb: 6 }), 6, 1e-9, "peaking f0");
  close(gainDb("peaking", 1000, { gainDb: -9 }), -9, 1e-9, "peaking cut");
  close(gainDb("peaking", 0, { gainDb: 6 }), 0, 1e-9, "peaking DC");
  close(gainDb("lowshelf", 0, { gainDb: 6 }), 6, 1e-9, "lowshelf DC");
  close(gainDb("lowshelf", SR / 2, { gainDb: 6 }), 0, 1e-9, "lowshelf Nyquist");
  close(gainDb("lowshelf", 1000, { gainDb: 6 }), 3, 1e-9, "lowshelf midpoint");
  close(gainDb("highshelf", SR / 2, { gainDb: -4 }), -4, 1e-9, "highshelf Nyquist");
  close(gainDb("highshelf", 0, { gainDb: -4 }), 0, 1e-9, "highshelf DC");
});

Deno.test("Biquad process keeps its state across blocks", () => {
  const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.1) + (i % 7) / 7);
  const whole = Biquad.design({ type: "peaking", frequency: 800, sampleRate: SR, gainDb: 5 })
    .process(x);
  const bq = Biquad.design({ type: "peaking", frequency: 800, sampleRate: SR, gainDb: 5 });
  const a = bq.process(x.subarray(0, 333));
  const b = bq.process(x.subarray(333));
  assert.deepEqual(Array.from([...a, ...b]), Array.from(whole));
  bq.reset();
  assert.deepEqual(Array.from(bq.process(x)), Array.from(whole));
});

Deno.test("Biquad lowpass attenuates a 5 kHz sine by its response at 5 kHz", () => {
  const bq = Biquad.design({ type: "lowpass", frequency: 1000, sampleRate: SR });
  const x = Float32Array.from({ length: SR }, (_, i) => Math.sin((2 * Math.PI * 5000 * i) / SR));
  const y = bq.process(x);
  let peak = 0;
  for (let i = SR / 2; i < SR; i++) peak = Math.max(peak, Math.abs(y[i]));
  const h = sosFrequencyResponse(bq.toSos(), { frequencies: [5000], sampleRate: SR });
  close(peak, h.magnitude[0], 1e-3, "steady-state amplitude");
});

Deno.test("biquadCoefficients rejects a frequency at or above Nyquist and bad options", () => {
  assert.throws(
    () => biquadCoefficients({ type: "lowpass", frequency: 24000, sampleRate: SR }),
    UsageError,
  );
  assert.throws(
    () => biquadCoefficients({ type: "lowpass", frequency: 1000, sampleRate: SR, q: 0 }),
    UsageError,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => biquadCoefficients({ type: "comb" as any, frequency: 1000, sampleRate: SR }),
    UsageError,
  );
});
