import assert from "node:assert/strict";
import { crestFactor, dbfs, levels, peak, rms } from "../../../sdk/audio/dsp/levels.ts";

const SINE = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * i) / 48));

Deno.test("rms, peak and crestFactor of a full-scale sine are 1/sqrt(2), 1 and sqrt(2)", () => {
  assert.ok(Math.abs(rms(SINE) - Math.SQRT1_2) < 1e-7);
  assert.ok(Math.abs(peak(SINE) - 1) < 1e-7);
  assert.ok(Math.abs(crestFactor(SINE) - Math.SQRT2) < 1e-6);
  assert.ok(Math.abs(dbfs(rms(SINE)) + 3.0103) < 1e-4);
});

Deno.test("dbfs is 20 log10 with -Infinity for zero", () => {
  assert.equal(dbfs(1), 0);
  assert.ok(Math.abs(dbfs(0.1) + 20) < 1e-12);
  assert.equal(dbfs(0), -Infinity);
});

Deno.test("rms and peak pool every channel of an AudioData", () => {
  const audio = { sampleRate: 8000, channels: [Float32Array.of(1, 1, 1, 1), new Float32Array(4)] };
  assert.ok(Math.abs(rms(audio) - Math.SQRT1_2) < 1e-12);
  assert.equal(peak(audio), 1);
  assert.ok(Math.abs(crestFactor(audio) - Math.SQRT2) < 1e-12);
});

Deno.test("levels reports each channel and the pooled total", () => {
  const lv = levels({
    sampleRate: 8000,
    channels: [Float32Array.of(0.5, -0.5, 0.5, -0.5), Float32Array.of(0, 0, 0, 1)],
  });
  assert.equal(lv.channels.length, 2);
  assert.equal(lv.channels[0].rms, 0.5);
  assert.ok(Math.abs(lv.channels[0].peakDbfs + 6.0206) < 1e-4);
  assert.equal(lv.channels[0].crestFactorDb, 0);
  assert.equal(lv.channels[1].rms, 0.5);
  assert.equal(lv.channels[1].crestFactor, 2);
  assert.equal(lv.overall.peak, 1);
  assert.ok(Math.abs(lv.overall.rms - 0.5) < 1e-12);
});

Deno.test("levels of silence and of no samples are zero and -Infinity dBFS", () => {
  const lv = levels(new Float32Array(100));
  assert.equal(lv.overall.rms, 0);
  assert.equal(lv.overall.rmsDbfs, -Infinity);
  assert.equal(lv.overall.crestFactor, 0);
  assert.equal(rms(new Float32Array(0)), 0);
  assert.equal(crestFactor(new Float32Array(0)), 0);
});
