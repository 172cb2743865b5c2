import assert from "node:assert/strict";
import { STOI_DIR, stoiVectors } from "./_stoi_vectors.ts";
import { decode } from "../../sdk/audio/decode.ts";
import type { AudioData } from "../../sdk/audio/types.ts";
import { ConfigError } from "../../sdk/log/errors.ts";
import { siSdr } from "../../sdk/score/metrics/mod.ts";
import type { ScoreValues } from "../../sdk/score/scorer.ts";
import { intrusiveScorer } from "../../sdk/score/scorers/intrusive.ts";
import { rowFor } from "./_signals.ts";

const vectors = stoiVectors;

async function score(
  audio: AudioData,
  clean: AudioData | undefined,
  config: Record<string, unknown> = {},
): Promise<ScoreValues> {
  const inst = await intrusiveScorer.init(intrusiveScorer.configSchema.parse(config), {});
  return await inst.score({ uttId: "u", row: rowFor("u", audio), audio, clean });
}

/** A speech-like test pair at 16 kHz: modulated tones and a noisier copy. */
function pair(seconds = 2): { clean: Float32Array; noisy: Float32Array } {
  const sr = 16000;
  const clean = Float32Array.from({ length: sr * seconds }, (_, i) => {
    const t = i / sr;
    return Math.max(0, Math.sin(2 * Math.PI * 2 * t)) * 0.5 * Math.sin(2 * Math.PI * 440 * t);
  });
  const noisy = clean.map((v, i) => v + 0.05 * Math.sin(i * 2.3) * Math.cos(i * 0.011));
  return { clean, noisy };
}

Deno.test("intrusive: declares its columns and needs the clean reference", () => {
  assert.equal(intrusiveScorer.name, "intrusive");
  assert.equal(intrusiveScorer.needsClean, true);
  assert.deepEqual(intrusiveScorer.columns, {
    si_sdr: "float64?",
    stoi: "float64?",
    estoi: "float64?",
  });
});

Deno.test({
  name: "intrusive: a shared pystoi pair scores its expected STOI and ESTOI",
  ignore: vectors === null,
  fn: async () => {
    for (const v of vectors!.filter((v) => v.sample_rate !== 48000)) {
      const clean = await decode(`${STOI_DIR}/${v.clean}`);
      const audio = await decode(`${STOI_DIR}/${v.processed}`);
      const got = await score(audio, clean);
      assert.ok(Math.abs((got.stoi as number) - v.stoi) < 1e-3, v.name);
      assert.ok(Math.abs((got.estoi as number) - v.estoi) < 1e-3, v.name);
      assert.equal(got.si_sdr, siSdr(clean.channels[0], audio.channels[0]));
    }
  },
});

Deno.test("intrusive: stereo is averaged (or the first channel kept) before scoring", async () => {
  const sr = 16000;
  const { clean, noisy } = pair();
  const mono = await score(
    { sampleRate: sr, channels: [noisy] },
    { sampleRate: sr, channels: [clean] },
  );
  // Both channels equal: the mean is the channel itself.
  const stereo = await score(
    { sampleRate: sr, channels: [noisy, noisy] },
    { sampleRate: sr, channels: [clean, clean] },
  );
  assert.deepEqual(stereo, mono);
  // First channel clean-ish, second silent: "first" ignores the second.
  const first = await score(
    { sampleRate: sr, channels: [noisy, new Float32Array(noisy.length)] },
    { sampleRate: sr, channels: [clean] },
    { downmix: "first" },
  );
  assert.deepEqual(first, mono);
  assert.ok((mono.si_sdr as number) > 5);
  assert.ok((mono.estoi as number) > 0.5 && (mono.estoi as number) < 1);
});

Deno.test("intrusive: small length differences are trimmed, larger ones fail the row", async () => {
  const sr = 16000;
  const { clean, noisy } = pair();
  const exact = await score(
    { sampleRate: sr, channels: [noisy.subarray(0, noisy.length - 5)] },
    { sampleRate: sr, channels: [clean.subarray(0, clean.length - 5)] },
  );
  const trimmed = await score(
    { sampleRate: sr, channels: [noisy.subarray(0, noisy.length - 5)] },
    { sampleRate: sr, channels: [clean] },
  );
  assert.deepEqual(trimmed, exact);
  await assert.rejects(
    () =>
      score(
        { sampleRate: sr, channels: [noisy.subarray(0, noisy.length - 5)] },
        { sampleRate: sr, channels: [clean] },
        { max_length_diff: 0 },
      ),
    /differ in length by 5 samples, more than max_length_diff 0$/,
  );
  await assert.rejects(
    () => score({ sampleRate: 8000, channels: [noisy] }, { sampleRate: sr, channels: [clean] }),
    /sample rate 16000 Hz differs from the audio's 8000 Hz$/,
  );
});

Deno.test("intrusive: switches, clamping, missing reference, bad config", async () => {
  const sr = 16000;
  const { clean, noisy } = pair();
  const a = { sampleRate: sr, channels: [noisy] }, c = { sampleRate: sr, channels: [clean] };
  const all = await score(a, c);
  assert.deepEqual(await score(a, c, { stoi: false, si_sdr: false }), {
    si_sdr: null,
    stoi: null,
    estoi: all.estoi,
  });
  assert.deepEqual(await score(a, c, { extended: false }), { ...all, estoi: null });
  // An exact copy has infinite SI-SDR, stored clamped.
  const copy = await score(c, c, { si_sdr_clamp_db: 60 });
  assert.equal(copy.si_sdr, 60);
  // A silent reference has no SI-SDR.
  const silent = { sampleRate: sr, channels: [new Float32Array(clean.length)] };
  const s = await score(a, silent);
  assert.equal(s.si_sdr, null);
  assert.equal(typeof s.estoi, "number");
  assert.deepEqual(await score(a, undefined), { si_sdr: null, stoi: null, estoi: null });
  await assert.rejects(
    () => intrusiveScorer.init({ downmix: "left" } as never, {}),
    (err: unknown) => err instanceof ConfigError && /config key "downmix"/.test(err.message),
  );
});
