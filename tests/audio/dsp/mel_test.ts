import assert from "node:assert/strict";
import {
  fftFrequencies,
  hzToMel,
  logMel,
  melFilterbank,
  melFrequencies,
  melSpectrogram,
  melToHz,
  powerToDb,
} from "../../../sdk/audio/dsp/mel.ts";
import { UsageError } from "../../../sdk/log/errors.ts";

function close(a: number, b: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);
}

Deno.test("hzToMel matches librosa.hz_to_mel (Slaney) documented values", () => {
  close(hzToMel(1000), 15, 1e-12, "1000 Hz");
  close(hzToMel(60), 0.9, 1e-12, "60 Hz"); // librosa docs: hz_to_mel(60) -> 0.9
  close(hzToMel(110), 1.65, 1e-12, "110 Hz"); // hz_to_mel([110, 220, 440]) -> [1.65, 3.3, 6.6]
  close(hzToMel(220), 3.3, 1e-12, "220 Hz");
  close(hzToMel(440), 6.6, 1e-12, "440 Hz");
  // Log part: 15 + 27 ln(f / 1000) / ln(6.4); 6400 Hz is exactly 27 mels above 1000 Hz.
  close(hzToMel(6400), 42, 1e-12, "6400 Hz");
});

Deno.test("hzToMel with htk uses 2595 log10(1 + f / 700)", () => {
  close(hzToMel(1000, { htk: true }), 999.9855371396244, 1e-9, "1000 Hz");
  close(hzToMel(0, { htk: true }), 0, 0, "0 Hz");
});

Deno.test("melToHz inverts hzToMel on both scales", () => {
  close(melToHz(3), 200, 1e-12, "3 mel"); // librosa docs: mel_to_hz(3) -> 200
  for (const [m, hz] of [[1, 66.667], [2, 133.333], [4, 266.667], [5, 333.333]]) {
    close(melToHz(m), hz, 5e-4, `${m} mel`);
  }
  close(melToHz(20), 1410.2385678078886, 1e-9, "20 mel"); // 1000 * 6.4^(5/27)
  close(melToHz(1000, { htk: true }), 1000.021816457287, 1e-9, "1000 htk mel");
  for (const f of [0, 50, 999, 1000, 1001, 4000, 11025]) {
    close(melToHz(hzToMel(f)), f, 1e-9, `slaney ${f}`);
    close(melToHz(hzToMel(f, { htk: true }), { htk: true }), f, 1e-9, `htk ${f}`);
  }
});

Deno.test("melFrequencies spans fMin to fMax evenly in mels", () => {
  const f = melFrequencies(130, { fMin: 0, fMax: 11025 });
  assert.equal(f[0], 0);
  close(f[129], 11025, 1e-9, "last");
  const step = hzToMel(f[1]) - hzToMel(f[0]);
  for (let i = 1; i < 130; i++) close(hzToMel(f[i]) - hzToMel(f[i - 1]), step, 1e-9, `step ${i}`);
});

Deno.test("melFilterbank for sr 22050, nFft 2048 has librosa's shape and documented values", () => {
  const fb = melFilterbank({ sampleRate: 22050, nFft: 2048 });
  assert.equal(fb.nMels, 128);
  assert.equal(fb.bins, 1025);
  assert.equal(fb.weights.length, 128 * 1025);
  assert.deepEqual(fb.emptyBands, []);
  // librosa.filters.mel(sr=22050, n_fft=2048) docs print [[0., 0.016, ...], ...]
  assert.equal(fb.weights[0], 0);
  close(fb.weights[1], 0.016, 5e-4, "M[0, 1]");
  // and with fmax=8000: [[0., 0.02, ...], ...]
  const fb8k = melFilterbank({ sampleRate: 22050, nFft: 2048, fMax: 8000 });
  close(fb8k.weights[1], 0.02, 5e-3, "M[0, 1] fmax 8000");
  // Derivation of M[0, 1]: bin 1 at 10.767 Hz on the rising slope of a band with edges
  // 0, 25.79, 51.59 Hz, scaled by 2 / 51.59.
  const e = fb.melEdgesHz;
  close(fb.weights[1], ((22050 / 2048) / e[1]) * (2 / e[2]), 1e-7, "M[0, 1] by formula");
});

Deno.test("melFilterbank rows are triangles whose Slaney area is 1", () => {
  const sr = 22050, nFft = 2048;
  const fb = melFilterbank({ sampleRate: sr, nFft });
  const df = sr / nFft;
  const freqs = fftFrequencies(sr, nFft);
  for (let m = 0; m < fb.nMels; m++) {
    const row = fb.weights.subarray(m * fb.bins, (m + 1) * fb.bins);
    const lo = fb.melEdgesHz[m], centre = fb.melEdgesHz[m + 1], hi = fb.melEdgesHz[m + 2];
    let area = 0, nonzero = 0, peakAt = 0;
    for (let k = 0; k < fb.bins; k++) {
      const w = row[k];
      assert.ok(w >= 0);
      if (w > 0) {
        nonzero++;
        assert.ok(freqs[k] > lo && freqs[k] < hi, `band ${m} bin ${k} outside its edges`);
      }
      if (w > row[peakAt]) peakAt = k;
      area += w * df;
    }
    // Rising then falling around the centre frequency.
    for (let k = 1; k < fb.bins; k++) {
      if (freqs[k] <= centre) assert.ok(row[k] >= row[k - 1], `band ${m} not rising at ${k}`);
      else if (freqs[k - 1] >= centre) {
        assert.ok(row[k] <= row[k - 1], `band ${m} not falling at ${k}`);
      }
    }
    assert.ok(Math.abs(freqs[peakAt] - centre) <= df, `band ${m} peak away from its centre`);
    // Height never exceeds 2 / (hi - lo); the sampled area is 1 up to the grid's coarseness.
    assert.ok(row[peakAt] <= 2 / (hi - lo) * (1 + 1e-6));
    assert.ok(Math.abs(area - 1) < 0.05, `band ${m} area ${area}`);
    if (nonzero >= 20) assert.ok(Math.abs(area - 1) < 0.005, `band ${m} area ${area}`);
  }
});

Deno.test("melFilterbank norm null peaks at 1 and a p-norm normalises rows", () => {
  const fb = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40, norm: null });
  for (let m = 0; m < 40; m++) {
    const row = fb.weights.subarray(m * fb.bins, (m + 1) * fb.bins);
    assert.ok(Math.max(...row) <= 1 + 1e-6);
  }
  const fb2 = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40, norm: 2 });
  const row = fb2.weights.subarray(10 * fb2.bins, 11 * fb2.bins);
  close(Math.hypot(...row), 1, 1e-6, "row 2-norm");
  const htk = melFilterbank({ sampleRate: 16000, nFft: 512, nMels: 40, htk: true });
  close(htk.melEdgesHz[41], 8000, 1e-9, "htk top edge");
});

Deno.test("melFilterbank rejects missing or inconsistent options", () => {
  // deno-lint-ignore no-explicit-any
  assert.throws(() => melFilterbank({ nFft: 512 } as any), UsageError);
  assert.throws(() => melFilterbank({ sampleRate: 16000, nFft: 512, fMin: 9000 }), UsageError);
});

Deno.test("melSpectrogram puts a 1 kHz tone in the band around 1 kHz", () => {
  const sr = 16000;
  const x = Float32Array.from({ length: sr }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / sr));
  const mel = melSpectrogram(x, { sampleRate: sr, nFft: 512, hopLength: 128, nMels: 40 });
  assert.equal(mel.frames, 1 + Math.floor(sr / 128));
  const fb = melFilterbank({ sampleRate: sr, nFft: 512, nMels: 40 });
  const t = 50;
  const frame = mel.data.subarray(t * 40, (t + 1) * 40);
  const best = frame.indexOf(Math.max(...frame));
  assert.ok(fb.melEdgesHz[best] < 1000 && 1000 < fb.melEdgesHz[best + 2], `band ${best}`);
  // power 2 vs power 1: the peak band scales as the square, roughly.
  const mag = melSpectrogram(x, { sampleRate: sr, nFft: 512, hopLength: 128, nMels: 40, power: 1 });
  assert.ok(frame[best] > mag.data[t * 40 + best] * 10);
});

Deno.test("powerToDb follows librosa.power_to_db (ref, amin, top_db)", () => {
  assert.deepEqual(Array.from(powerToDb(Float32Array.of(1, 0.1, 0))), [0, -10, -80]);
  assert.deepEqual(
    Array.from(powerToDb(Float32Array.of(100, 1e-12), { topDb: null })),
    [20, -100],
  );
  const ref = powerToDb(Float32Array.of(4, 2, 1), { ref: "max" });
  close(ref[0], 0, 1e-6);
  close(ref[2], -10 * Math.log10(4), 1e-5);
});

Deno.test("melFilterbank lists the empty bands of too fine a mel grid", () => {
  // 128 mels over 62.5 Hz bins: the low bands (46.8 Hz wide) can miss every bin.
  const fb = melFilterbank({ sampleRate: 16000, nFft: 256 });
  assert.ok(fb.emptyBands.length > 0);
  for (const m of fb.emptyBands) {
    assert.ok(fb.weights.subarray(m * fb.bins, (m + 1) * fb.bins).every((w) => w === 0));
  }
  assert.deepEqual(melFilterbank({ sampleRate: 16000, nFft: 256, nMels: 40 }).emptyBands, []);
});

Deno.test("logMel of silence is -100 dB everywhere (amin 1e-10)", () => {
  const db = logMel(new Float32Array(8000), { sampleRate: 16000, nFft: 400, hopLength: 160 });
  assert.equal(db.nMels, 128);
  for (const v of db.data) assert.equal(v, -100);
});
