import assert from "node:assert/strict";
import libsamplerate from "@alexanderolsen/libsamplerate-js";
import { resample } from "../../sdk/audio/resample.ts";
import { downmix, selectChannel } from "../../sdk/audio/downmix.ts";
import { UsageError } from "../../sdk/log/errors.ts";

function tone(frames: number, freq: number, rate: number, amp = 0.5): Float32Array {
  return new Float32Array(frames).map((_, i) => amp * Math.sin(2 * Math.PI * freq * i / rate));
}

/** Share of the signal's power in the DFT bin at `freq` (one second of signal: bin = Hz). */
function powerShareAt(x: Float32Array, rate: number, freq: number): number {
  let re = 0;
  let im = 0;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const w = 2 * Math.PI * freq * i / rate;
    re += x[i] * Math.cos(w);
    im -= x[i] * Math.sin(w);
    total += x[i] * x[i];
  }
  // A real sinusoid's power splits between +f and -f: |X(f)|^2 / N is half of it.
  return (2 * (re * re + im * im) / x.length) / total;
}

function zeroCrossings(x: Float32Array): number {
  let n = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1] < 0) !== (x[i] < 0)) n++;
  return n;
}

function rmsDb(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return 10 * Math.log10(s / (to - from));
}

Deno.test("resample 48k to 16k keeps a 1 kHz tone's frequency and the length", async () => {
  const y = await resample({ sampleRate: 48000, channels: [tone(48000, 1000, 48000)] }, 16000);
  assert.equal(y.sampleRate, 16000);
  assert.equal(y.channels[0].length, 16000);
  assert.ok(powerShareAt(y.channels[0], 16000, 1000) > 0.999);
  assert.ok(Math.abs(zeroCrossings(y.channels[0]) - 2000) <= 2);
  // The level is kept in the pass band.
  assert.ok(
    Math.abs(rmsDb(y.channels[0], 500, 15500) - rmsDb(tone(1000, 1000, 16000), 0, 1000)) < 0.01,
  );
});

Deno.test("resample 16k to 44.1k keeps a 1 kHz tone's frequency and the length", async () => {
  const y = await resample({ sampleRate: 16000, channels: [tone(16000, 1000, 16000)] }, 44100);
  assert.equal(y.sampleRate, 44100);
  assert.equal(y.channels[0].length, 44100);
  assert.ok(powerShareAt(y.channels[0], 44100, 1000) > 0.999);
  assert.ok(Math.abs(zeroCrossings(y.channels[0]) - 2000) <= 2);
  // Time-aligned with the input: mid-signal samples match the ideal tone at the new rate.
  const ideal = tone(44100, 1000, 44100);
  let err = 0;
  for (let i = 1000; i < 43100; i++) err = Math.max(err, Math.abs(y.channels[0][i] - ideal[i]));
  assert.ok(err < 1e-4, `max error ${err}`);
});

Deno.test("resample gives round(frames * ratio) frames for odd lengths", async () => {
  for (const [n, from, to] of [[12345, 48000, 16000], [12345, 16000, 44100], [7, 44100, 48000]]) {
    const y = await resample({ sampleRate: from, channels: [tone(n, 300, from)] }, to, {
      quality: "fastest",
    });
    assert.equal(y.channels[0].length, Math.round(n * to / from), `${n} ${from}->${to}`);
  }
});

Deno.test("resample attenuates a tone above the new Nyquist frequency by more than 60 dB", async () => {
  // 10 kHz and 8.5 kHz at 48 kHz would alias to 6 and 7.5 kHz at 16 kHz; the sinc filters must
  // remove them. Measured: about 150 dB (best), 120 dB (medium), 100 dB (fastest).
  for (const freq of [10000, 8500]) {
    const x = tone(48000, freq, 48000);
    const inDb = rmsDb(x, 0, x.length);
    for (const quality of ["best", "medium", "fastest"] as const) {
      const y = await resample({ sampleRate: 48000, channels: [x] }, 16000, { quality });
      const attenuation = inDb - rmsDb(y.channels[0], 500, 15500);
      const floor = quality === "best" ? 120 : 60;
      assert.ok(attenuation > floor, `${quality} at ${freq} Hz: ${attenuation.toFixed(1)} dB`);
    }
  }
});

Deno.test("resample streams long input in chunks identically to libsamplerate's one-shot API", async () => {
  const x = tone(200000, 440, 48000, 0.4);
  const y = await resample({ sampleRate: 48000, channels: [x] }, 16000, { quality: "medium" });
  const src = await libsamplerate.create(1, 48000, 16000, {
    converterType: libsamplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY,
  });
  const ref = src.simple(x);
  src.destroy();
  // The one-shot API stops at floor(n * ratio) = 66666 here; resample gives round() = 66667.
  assert.equal(ref.length, 66666);
  assert.equal(y.channels[0].length, 66667);
  assert.deepEqual(y.channels[0].subarray(0, ref.length), ref);
});

Deno.test("resample converts channels independently", async () => {
  const a = tone(4800, 700, 48000);
  const b = a.map((v) => -v);
  const y = await resample({ sampleRate: 48000, channels: [a, b, a] }, 22050);
  assert.equal(y.channels.length, 3);
  let diff = 0;
  for (let i = 0; i < y.channels[0].length; i++) {
    diff = Math.max(diff, Math.abs(y.channels[0][i] + y.channels[1][i]));
    diff = Math.max(diff, Math.abs(y.channels[0][i] - y.channels[2][i]));
  }
  assert.equal(diff, 0);
});

Deno.test("resample returns the input itself when the rates match", async () => {
  const audio = { sampleRate: 16000, channels: [tone(100, 50, 16000)] };
  assert.equal(await resample(audio, 16000), audio);
});

Deno.test("resample rejects bad rates, options and ragged channels with clear errors", async () => {
  const audio = { sampleRate: 16000, channels: [new Float32Array(10)] };
  for (const rate of [0, -16000, 22050.5, 400000, NaN]) {
    await assert.rejects(
      () => resample(audio, rate),
      (e: Error) => e instanceof UsageError && e.message.includes(`"${rate}"`),
    );
  }
  await assert.rejects(() => resample({ ...audio, sampleRate: 0 }, 8000), /source sample rate "0"/);
  await assert.rejects(() => resample(audio, 8000, { quality: "ultra" as "best" }), /"quality"/);
  await assert.rejects(
    () =>
      resample({ sampleRate: 8000, channels: [new Float32Array(3), new Float32Array(4)] }, 16000),
    /different lengths/,
  );
  const empty = await resample({ sampleRate: 8000, channels: [new Float32Array(0)] }, 16000);
  assert.equal(empty.channels[0].length, 0);
});

Deno.test("downmix averages channels into mono and keeps mono as is", () => {
  const mono = downmix({
    sampleRate: 8000,
    channels: [new Float32Array([1, 0.5, -1]), new Float32Array([0, -0.5, -1])],
  });
  assert.equal(mono.sampleRate, 8000);
  assert.deepEqual(mono.channels, [new Float32Array([0.5, 0, -1])]);
  const one = { sampleRate: 8000, channels: [new Float32Array([0.25])] };
  assert.equal(downmix(one), one);
  assert.throws(() => downmix({ sampleRate: 8000, channels: [] }), UsageError);
});

Deno.test("selectChannel picks one channel and rejects an index out of range", () => {
  const audio = { sampleRate: 8000, channels: [new Float32Array([1]), new Float32Array([2])] };
  assert.equal(selectChannel(audio, 1).channels[0][0], 2);
  assert.throws(() => selectChannel(audio, 2), /"2": the audio has 2 channels/);
});
