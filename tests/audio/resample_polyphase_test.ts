import assert from "node:assert/strict";
import { resample } from "../../sdk/audio/resample.ts";
import { kaiserLowpass } from "../../sdk/audio/dsp/kaiser_lowpass.ts";

function tone(rate: number, hz: number, seconds: number, phase = 0.3): Float32Array {
  const n = Math.round(rate * seconds);
  return Float32Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * hz * i / rate + phase));
}

/** Largest absolute difference over the middle (edges carry the filter's zero padding). */
function maxErrMiddle(a: Float32Array, b: Float32Array, edge: number): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = edge; i < a.length - edge; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function rms(x: Float32Array, edge: number): number {
  let s = 0;
  for (let i = edge; i < x.length - edge; i++) s += x[i] * x[i];
  return Math.sqrt(s / (x.length - 2 * edge));
}

Deno.test("polyphase 48 kHz to 16 kHz keeps a pass-band tone exactly and in time", async () => {
  const y = await resample({ sampleRate: 48000, channels: [tone(48000, 1000, 1)] }, 16000, {
    quality: "polyphase",
  });
  assert.equal(y.sampleRate, 16000);
  assert.equal(y.channels[0].length, 16000);
  assert.ok(maxErrMiddle(y.channels[0], tone(16000, 1000, 1), 200) < 2e-5);
  // 7 kHz lies inside the 91.3 % pass band (7.3 kHz).
  const y7 = await resample({ sampleRate: 48000, channels: [tone(48000, 7000, 1)] }, 16000, {
    quality: "polyphase",
  });
  assert.ok(maxErrMiddle(y7.channels[0], tone(16000, 7000, 1), 200) < 2e-4);
});

Deno.test("polyphase 48 kHz to 16 kHz removes content above 8 kHz by at least 95 dB", async () => {
  for (const hz of [8500, 12000, 20000]) {
    const y = await resample({ sampleRate: 48000, channels: [tone(48000, hz, 1)] }, 16000, {
      quality: "polyphase",
    });
    const db = 20 * Math.log10(rms(y.channels[0], 200) / Math.SQRT1_2);
    assert.ok(db < -95, `${hz} Hz leaks at ${db.toFixed(1)} dB`);
  }
});

Deno.test("polyphase keeps an impulse at the same time and handles odd ratios and upsampling", async () => {
  const x = new Float32Array(48000);
  x[30000] = 1;
  const y = (await resample({ sampleRate: 48000, channels: [x] }, 16000, { quality: "polyphase" }))
    .channels[0];
  const peak = y.reduce((best, v, i) => (v > y[best] ? i : best), 0);
  assert.equal(peak, 10000);

  for (const [from, to] of [[44100, 16000], [16000, 48000], [22050, 16000], [8000, 11025]]) {
    const p = await resample({ sampleRate: from, channels: [tone(from, 440, 0.5)] }, to, {
      quality: "polyphase",
    });
    const b = await resample({ sampleRate: from, channels: [tone(from, 440, 0.5)] }, to, {
      quality: "best",
    });
    assert.equal(p.channels[0].length, Math.round(from * 0.5 * to / from));
    assert.ok(maxErrMiddle(p.channels[0], b.channels[0], 300) < 1e-4, `${from} to ${to}`);
    assert.ok(maxErrMiddle(p.channels[0], tone(to, 440, 0.5), 300) < 1e-4, `${from} to ${to}`);
  }
});

Deno.test("polyphase falls back to libsamplerate best where the filter would be too long", async () => {
  const x = tone(44100, 440, 0.2);
  const p = await resample({ sampleRate: 44100, channels: [x] }, 47993, { quality: "polyphase" });
  const b = await resample({ sampleRate: 44100, channels: [x] }, 47993, { quality: "best" });
  assert.deepEqual(p.channels[0], b.channels[0]);
  assert.throws(() => kaiserLowpass({ up: 47993, down: 44100 }), /needs a \d+-tap filter/);
});

Deno.test("kaiserLowpass has unit DC gain, odd length and rejects bad settings", () => {
  const h = kaiserLowpass({ up: 2, down: 3 });
  assert.equal(h.length % 2, 1);
  assert.ok(Math.abs(h.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  for (let i = 0; i < h.length; i++) assert.equal(h[i], h[h.length - 1 - i]);
  assert.throws(() => kaiserLowpass({ up: 0, down: 3 }), /"up" must be a positive integer/);
  assert.throws(() => kaiserLowpass({ up: 1, down: 3, passband: 1 }), /Pass band/);
  assert.throws(() => kaiserLowpass({ up: 1, down: 3, attenuationDb: 10 }), /at least 21 dB/);
});

Deno.test("polyphase resamples channels in pairs exactly as one at a time", async () => {
  const chans = [tone(48000, 440, 0.3), tone(48000, 3000, 0.3, 1), tone(48000, 5000, 0.3, 2)];
  const together = await resample({ sampleRate: 48000, channels: chans }, 16000, {
    quality: "polyphase",
  });
  assert.equal(together.channels.length, 3);
  for (let c = 0; c < 3; c++) {
    const alone = await resample({ sampleRate: 48000, channels: [chans[c]] }, 16000, {
      quality: "polyphase",
    });
    assert.ok(maxErrMiddle(together.channels[c], alone.channels[0], 0) < 1e-6, `channel ${c}`);
  }
});

Deno.test("polyphase in two stages (44.1 kHz and 16 kHz) keeps the band and leaves no aliases or images", async () => {
  const pq = { quality: "polyphase" } as const;
  // Down: 7 kHz stays exact, 9 and 20 kHz are gone.
  const y7 = await resample({ sampleRate: 44100, channels: [tone(44100, 7000, 1)] }, 16000, pq);
  assert.ok(maxErrMiddle(y7.channels[0], tone(16000, 7000, 1), 400) < 2e-4);
  for (const hz of [9000, 20000]) {
    const y = await resample({ sampleRate: 44100, channels: [tone(44100, hz, 1)] }, 16000, pq);
    const db = 20 * Math.log10(rms(y.channels[0], 400) / Math.SQRT1_2);
    assert.ok(db < -95, `${hz} Hz leaks at ${db.toFixed(1)} dB`);
  }
  // Up: a 7 kHz tone comes out as the same tone, with no image at 9 kHz or beyond.
  const up = await resample({ sampleRate: 16000, channels: [tone(16000, 7000, 1)] }, 44100, pq);
  assert.equal(up.channels[0].length, 44100);
  assert.ok(maxErrMiddle(up.channels[0], tone(44100, 7000, 1), 1000) < 2e-4);
});
