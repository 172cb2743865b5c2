/**
 * Loudness tests. The EBU Tech 3341 (2016, v3) minimal test signals are synthesised here:
 * stereo 1 kHz sines at 48 kHz, the level given per channel in dBFS (peak). Expected values and
 * tolerances are the document's (integrated -23.0 or -33.0 LUFS +-0.1 LU; true peak -6.0 dBTP
 * +0.2/-0.4 dB); the loudness range cases are from EBU Tech 3342 (+-1 LU).
 */
import assert from "node:assert/strict";
import {
  channelWeights,
  kWeightingSos,
  loudness,
  truePeak,
} from "../../../sdk/audio/dsp/loudness.ts";
import { UsageError } from "../../../sdk/log/errors.ts";
import { hasCommand, tempDir } from "../../_util.ts";
import { noise, toneSequence } from "./_signals.ts";

const SR = 48000;

function stereoTone(segments: Array<[number, number]>, sampleRate = SR) {
  const x = toneSequence({ sampleRate, frequency: 1000, segments });
  return { sampleRate, channels: [x, x] };
}

function near(got: number, want: number, tol: number, what: string): void {
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want} (+-${tol})`);
}

Deno.test("kWeightingSos at 48 kHz reproduces BS.1770-4 Tables 1 and 2", () => {
  const sos = kWeightingSos(48000);
  const table = [
    1.53512485958697,
    -2.69169618940638,
    1.19839281085285,
    1,
    -1.69065929318241,
    0.73248077421585,
    1,
    -2,
    1,
    1,
    -1.99004745483398,
    0.99007225036621,
  ];
  table.forEach((v, i) => near(sos[i], v, 1e-13, `coefficient ${i}`));
});

Deno.test("kWeightingSos keeps its response across sample rates", () => {
  // +4 dB shelf well above 2 kHz and the high-pass at low frequencies, at 44.1 and 96 kHz too.
  const gain = (sr: number, f: number) => {
    const s = kWeightingSos(sr);
    let hr = 1, hi = 0;
    const w = (2 * Math.PI * f) / sr;
    for (let k = 0; k < 2; k++) {
      const o = 6 * k;
      const nr = s[o] + s[o + 1] * Math.cos(w) + s[o + 2] * Math.cos(2 * w);
      const ni = -s[o + 1] * Math.sin(w) - s[o + 2] * Math.sin(2 * w);
      const dr = 1 + s[o + 4] * Math.cos(w) + s[o + 5] * Math.cos(2 * w);
      const di = -s[o + 4] * Math.sin(w) - s[o + 5] * Math.sin(2 * w);
      const d = dr * dr + di * di;
      const qr = (nr * dr + ni * di) / d, qi = (ni * dr - nr * di) / d;
      [hr, hi] = [hr * qr - hi * qi, hr * qi + hi * qr];
    }
    return 20 * Math.log10(Math.hypot(hr, hi));
  };
  for (const f of [30, 100, 1000, 3000, 8000]) {
    near(gain(44100, f), gain(48000, f), 0.05, `44.1 kHz at ${f} Hz`);
    near(gain(96000, f), gain(48000, f), 0.05, `96 kHz at ${f} Hz`);
  }
  near(gain(48000, 8000), 4, 0.1, "shelf");
});

Deno.test("loudness of EBU Tech 3341 case 1 (-23 dBFS) is -23.0 LUFS", () => {
  const r = loudness(stereoTone([[-23, 20]]));
  near(r.integratedLufs, -23, 0.1, "integrated");
  near(r.momentaryMaxLufs, -23, 0.1, "momentary max");
  near(r.shortTermMaxLufs, -23, 0.1, "short-term max");
  near(r.samplePeakDbfs, -23, 0.01, "sample peak");
  near(r.loudnessRangeLu, 0, 0.1, "LRA of a steady tone");
  assert.deepEqual(r.channelWeights, [1, 1]);
});

Deno.test("loudness of EBU Tech 3341 case 2 (-33 dBFS) is -33.0 LUFS", () => {
  near(loudness(stereoTone([[-33, 20]]), { truePeak: false }).integratedLufs, -33, 0.1, "I");
});

Deno.test("loudness gates EBU Tech 3341 case 3 (-36/-23/-36 dBFS, 10/60/10 s) to -23.0", () => {
  const r = loudness(stereoTone([[-36, 10], [-23, 60], [-36, 10]]), { truePeak: false });
  near(r.integratedLufs, -23, 0.1, "integrated");
});

Deno.test("loudness gates EBU Tech 3341 case 4 (-72/-36/-23/-36/-72 dBFS) to -23.0", () => {
  const r = loudness(
    stereoTone([[-72, 10], [-36, 10], [-23, 60], [-36, 10], [-72, 10]]),
    { truePeak: false },
  );
  near(r.integratedLufs, -23, 0.1, "integrated");
});

Deno.test("loudness of EBU Tech 3341 case 5 (-26/-20/-26 dBFS, 20/20.1/20 s) is -23.0", () => {
  const r = loudness(stereoTone([[-26, 20], [-20, 20.1], [-26, 20]]), { truePeak: false });
  near(r.integratedLufs, -23, 0.1, "integrated");
  near(r.momentaryMaxLufs, -20, 0.1, "momentary max");
});

Deno.test("loudness of EBU Tech 3341 case 6 (5.0: L R -28, C -24, Ls Rs -30 dBFS) is -23.0", () => {
  const at = (db: number) =>
    toneSequence({ sampleRate: SR, frequency: 1000, segments: [[db, 20]] });
  const l = at(-28), c = at(-24), s = at(-30);
  const r = loudness({ sampleRate: SR, channels: [l, l, c, s, s] }, { truePeak: false });
  assert.deepEqual(r.channelWeights, [1, 1, 1, 1.41, 1.41]);
  near(r.integratedLufs, -23, 0.1, "integrated");
  // The same channels with an LFE inserted (5.1 order) read the same.
  const lfe = at(0);
  const r51 = loudness({ sampleRate: SR, channels: [l, l, c, lfe, s, s] }, { truePeak: false });
  near(r51.integratedLufs, r.integratedLufs, 1e-9, "5.1 with LFE ignored");
});

Deno.test("loudness range of EBU Tech 3342 cases 1 and 3 is 10 and 20 LU", () => {
  const a = loudness(stereoTone([[-20, 20], [-30, 20]]), { truePeak: false });
  near(a.loudnessRangeLu, 10, 1, "case 1");
  const b = loudness(stereoTone([[-40, 20], [-20, 20]]), { truePeak: false });
  near(b.loudnessRangeLu, 20, 1, "case 3");
});

Deno.test("loudness of a 0 dBFS 997 Hz sine on one channel is -3.01 LKFS (BS.1770)", () => {
  const x = toneSequence({ sampleRate: SR, frequency: 997, segments: [[0, 5]] });
  near(loudness({ sampleRate: SR, channels: [x] }).integratedLufs, -3.01, 0.01, "mono");
});

Deno.test("loudness recomputes K-weighting at 44.1 kHz: Tech 3341 case 1 still reads -23.0", () => {
  near(loudness(stereoTone([[-23, 10]], 44100)).integratedLufs, -23, 0.1, "44.1 kHz");
  near(loudness(stereoTone([[-23, 10]], 16000)).integratedLufs, -23, 0.1, "16 kHz");
});

// True-peak cases of Tech 3341 (15-18): -6 dBFS sines whose samples miss the crest. Short fades
// keep the switch-on transient (Gibbs ripple, real but not what these cases measure) out.
for (
  const [name, frequency, phaseDeg, sampleDb] of [
    ["1/4 fs, 0 deg", SR / 4, 0, -6.02],
    ["1/4 fs, 45 deg", SR / 4, 45, -9.03],
    ["1/6 fs, 60 deg", SR / 6, 60, -7.27],
    ["1/8 fs, 67.5 deg", SR / 8, 67.5, -6.71],
  ] as const
) {
  Deno.test(`loudness true peak of a -6 dBFS sine at ${name} is -6.0 dBTP`, () => {
    const x = toneSequence({
      sampleRate: SR,
      frequency,
      phaseDeg,
      segments: [[-6.0206, 2]],
      fadeSeconds: 0.01,
    });
    const r = loudness({ sampleRate: SR, channels: [x, x] });
    const tp = r.truePeakDbtp!;
    assert.ok(tp >= -6.4 && tp <= -5.8, `true peak ${tp}`);
    near(r.samplePeakDbfs, sampleDb, 0.01, "sample peak");
  });
}

Deno.test("truePeak of a 1/4 fs sine at 45 deg sits 3 dB above its sample peak", () => {
  const x = toneSequence({
    sampleRate: SR,
    frequency: SR / 4,
    phaseDeg: 45,
    segments: [[0, 1]],
    fadeSeconds: 0.01,
  });
  let sp = 0;
  for (const v of x) sp = Math.max(sp, Math.abs(v));
  const diff = 20 * Math.log10(truePeak(x)) - 20 * Math.log10(sp);
  near(diff, 3.01, 0.2, "true minus sample peak");
});

Deno.test("loudness of silence and of audio shorter than 400 ms is -Infinity without error", () => {
  const silent = loudness({
    sampleRate: SR,
    channels: [new Float32Array(SR), new Float32Array(SR)],
  });
  assert.equal(silent.integratedLufs, -Infinity);
  assert.equal(silent.momentaryMaxLufs, -Infinity);
  assert.equal(silent.shortTermMaxLufs, -Infinity);
  assert.equal(silent.samplePeakDbfs, -Infinity);
  assert.equal(silent.truePeakDbtp, -Infinity);
  assert.equal(silent.loudnessRangeLu, 0);
  const short = loudness({ sampleRate: SR, channels: [noise(SR / 4, 1, 0.5)] });
  assert.equal(short.integratedLufs, -Infinity);
  assert.ok(short.samplePeakDbfs > -7 && short.samplePeakDbfs <= -6.02);
  const empty = loudness({ sampleRate: SR, channels: [new Float32Array(0)] });
  assert.equal(empty.integratedLufs, -Infinity);
});

Deno.test("channelWeights defaults, layouts and explicit weights", () => {
  assert.deepEqual(channelWeights(1), [1]);
  assert.deepEqual(channelWeights(5), [1, 1, 1, 1.41, 1.41]);
  assert.deepEqual(channelWeights(2, { channelWeights: [1, 0] }), [1, 0]);
  assert.throws(() => channelWeights(3), UsageError);
  assert.throws(() => channelWeights(2, { layout: "5.1" }), UsageError);
  assert.throws(() => channelWeights(2, { channelWeights: [1] }), UsageError);
  // A zero weight drops the channel.
  const x = toneSequence({ sampleRate: SR, frequency: 1000, segments: [[-23, 3]] });
  const loud = toneSequence({ sampleRate: SR, frequency: 1000, segments: [[0, 3]] });
  const r = loudness({ sampleRate: SR, channels: [x, loud] }, {
    channelWeights: [1, 0],
    truePeak: false,
  });
  const mono = loudness({ sampleRate: SR, channels: [x] }, { truePeak: false });
  near(r.integratedLufs, mono.integratedLufs, 1e-9, "weight 0");
});

Deno.test("loudness rejects no channels and channels of unequal length", () => {
  assert.throws(() => loudness({ sampleRate: SR, channels: [] }), UsageError);
  assert.throws(
    () => loudness({ sampleRate: SR, channels: [new Float32Array(10), new Float32Array(11)] }),
    UsageError,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => loudness(stereoTone([[-23, 1]]), { gate: -70 } as any), UsageError);
});

/** A 32-bit float stereo WAV for ffmpeg. */
function floatWav(l: Float32Array, r: Float32Array, sr: number): Uint8Array {
  const n = l.length, bytes = new Uint8Array(44 + 8 * n);
  const v = new DataView(bytes.buffer);
  const tag = (o: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  tag(0, "RIFF");
  v.setUint32(4, 36 + 8 * n, true);
  tag(8, "WAVE");
  tag(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 3, true);
  v.setUint16(22, 2, true);
  v.setUint32(24, sr, true);
  v.setUint32(28, sr * 8, true);
  v.setUint16(32, 8, true);
  v.setUint16(34, 32, true);
  tag(36, "data");
  v.setUint32(40, 8 * n, true);
  for (let i = 0; i < n; i++) {
    v.setFloat32(44 + 8 * i, l[i], true);
    v.setFloat32(48 + 8 * i, r[i], true);
  }
  return bytes;
}

const hasFfmpeg = await hasCommand("ffmpeg");

Deno.test({
  name: "loudness agrees with ffmpeg's ebur128 filter on modulated noise at 44.1 kHz",
  ignore: !hasFfmpeg,
  async fn() {
    const sr = 44100, n = sr * 20;
    const a = noise(n, 1), b = noise(n, 2);
    for (let i = 0; i < n; i++) {
      const t = i / sr;
      const env = 0.05 + 0.3 * Math.abs(Math.sin(2 * Math.PI * 0.07 * t)) * (t % 7 < 5 ? 1 : 0.01);
      a[i] = env * a[i] + 0.1 * Math.sin(2 * Math.PI * 220 * t);
      b[i] = 0.5 * env * b[i] + 0.2 * Math.sin(2 * Math.PI * 5000 * t + 0.3);
    }
    const dir = await tempDir();
    const path = `${dir}/mix.wav`;
    await Deno.writeFile(path, floatWav(a, b, sr));
    const out = await new Deno.Command("ffmpeg", {
      args: ["-hide_banner", "-nostats", "-i", path, "-af", "ebur128", "-f", "null", "-"],
      stdout: "null",
      stderr: "piped",
    }).output();
    await Deno.remove(dir, { recursive: true });
    const text = new TextDecoder().decode(out.stderr);
    const summary = text.slice(text.lastIndexOf("Summary:"));
    const ffI = Number(summary.match(/I:\s+(-?[\d.]+) LUFS/)?.[1]);
    const ffLra = Number(summary.match(/LRA:\s+(-?[\d.]+) LU/)?.[1]);
    assert.ok(Number.isFinite(ffI) && Number.isFinite(ffLra), `no ffmpeg summary: ${summary}`);
    const r = loudness({ sampleRate: sr, channels: [a, b] }, { truePeak: false });
    near(r.integratedLufs, ffI, 0.1, "integrated vs ffmpeg (printed to 0.1)");
    near(r.loudnessRangeLu, ffLra, 0.3, "LRA vs ffmpeg");
  },
});
