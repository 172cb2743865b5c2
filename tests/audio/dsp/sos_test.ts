import assert from "node:assert/strict";
import { butter } from "../../../sdk/audio/dsp/butterworth.ts";
import {
  isStable,
  sosfilt,
  sosfiltfilt,
  sosfiltZi,
  sosFrequencyResponse,
} from "../../../sdk/audio/dsp/sos.ts";
import { UsageError } from "../../../sdk/log/errors.ts";

const SOS = butter({ order: 4, cutoff: 1000, sampleRate: 8000 });
const X = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.3) + 0.5 * Math.cos(i * 2.1));

Deno.test("sosfiltZi equals scipy.signal.sosfilt_zi", () => {
  // scipy 1.10.1: sosfilt_zi(butter(4, 1000, output="sos", fs=8000))
  const want = [
    0.10504853443894861,
    -0.013961895107098575,
    0.8847419847698489,
    -0.4588038998538032,
  ];
  const zi = sosfiltZi(SOS);
  want.forEach((v, i) => assert.ok(Math.abs(zi[i] - v) < 1e-12, `zi[${i}] ${zi[i]} vs ${v}`));
});

Deno.test("sosfiltfilt equals scipy.signal.sosfiltfilt (odd padding, steady-state start)", () => {
  // scipy 1.10.1: sosfiltfilt(butter(4, 1000, output="sos", fs=8000), x)[[0, 1, 2, 31, 62, 63]]
  const want = [0.499607977, 0.534182444, 0.604802887, 0.124405298, -0.0254492693, 0.514218922];
  const y = sosfiltfilt(SOS, X);
  [0, 1, 2, 31, 62, 63].forEach((idx, i) => {
    assert.ok(Math.abs(y[idx] - want[i]) < 1e-6, `y[${idx}] ${y[idx]} vs ${want[i]}`);
  });
});

Deno.test("sosfiltfilt has zero phase: a passband sine comes out undelayed", () => {
  const sr = 48000, f = 200;
  const sos = butter({ order: 4, cutoff: 2000, sampleRate: sr });
  const x = Float32Array.from({ length: sr / 2 }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
  const y = sosfiltfilt(sos, x);
  const g = Math.pow(
    sosFrequencyResponse(sos, { frequencies: [f], sampleRate: sr }).magnitude[0],
    2,
  );
  for (let i = 2000; i < x.length - 2000; i += 37) {
    assert.ok(Math.abs(y[i] - g * x[i]) < 1e-4, `sample ${i}: ${y[i]} vs ${g * x[i]}`);
  }
  // The one-way filter delays the same sine.
  const once = sosfilt(sos, x);
  let diff = 0;
  for (let i = 2000; i < x.length - 2000; i++) diff = Math.max(diff, Math.abs(once[i] - x[i]));
  assert.ok(diff > 0.05);
});

Deno.test("sosfilt carries its state through zi across blocks", () => {
  const zi = new Float64Array(4);
  const a = sosfilt(SOS, X.subarray(0, 20), { zi });
  const b = sosfilt(SOS, X.subarray(20), { zi });
  const whole = sosfilt(SOS, X);
  const joined = [...a, ...b];
  whole.forEach((v, i) => assert.ok(Math.abs(v - joined[i]) < 1e-7, `sample ${i}`));
});

Deno.test("sosfilt with steady-state zi has no start-up transient on a constant", () => {
  const y = sosfilt(SOS, new Float32Array(50).fill(0.25), {
    zi: sosfiltZi(SOS).map((v) => v * 0.25),
  });
  for (const v of y) assert.ok(Math.abs(v - 0.25) < 1e-6);
});

Deno.test("isStable tells poles inside from poles on or outside the unit circle", () => {
  assert.ok(isStable(SOS));
  assert.ok(!isStable(Float64Array.of(1, 0, 0, 1, 0, 1.01)));
  assert.ok(!isStable(Float64Array.of(1, 0, 0, 1, -2.1, 1.1)));
});

Deno.test("sos functions reject malformed sections and state", () => {
  assert.throws(() => sosfilt(Float64Array.of(1, 2, 3), X), UsageError);
  assert.throws(() => sosfilt(Float64Array.of(1, 0, 0, 2, 0, 0), X), UsageError);
  assert.throws(() => sosfilt(SOS, X, { zi: new Float64Array(3) }), UsageError);
  assert.throws(() => sosfiltfilt(SOS, X, { padLength: -1 }), UsageError);
  assert.equal(sosfiltfilt(SOS, new Float32Array(0)).length, 0);
  assert.equal(sosfiltfilt(SOS, Float32Array.of(1, 2)).length, 2);
});
