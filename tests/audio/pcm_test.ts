import assert from "node:assert/strict";
import { decodePcm, isPcmCodec, pcmBytesPerSample } from "../../sdk/audio/pcm.ts";
import * as F from "./_fixtures.ts";

const INT_CODECS: F.FixtureCodec[] = [
  "pcm_u8",
  "pcm_s8",
  "pcm_s16le",
  "pcm_s16be",
  "pcm_s24le",
  "pcm_s24be",
  "pcm_s32le",
  "pcm_s32be",
];
const FLOAT_CODECS: F.FixtureCodec[] = ["pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_f64be"];

Deno.test("decodePcm scales every integer codec by 2^(bits-1) and deinterleaves", () => {
  for (const codec of INT_CODECS) {
    const full = F.scaleOf(codec);
    // Extremes, zero, and small values of both signs on three channels.
    const samples = [
      [-full, 0, full - 1, 1],
      [-1, 5, -7, full >> 1],
      [full - 1, -full, 3, -(full >> 2)],
    ];
    const out = decodePcm(F.encodeSamples(samples, codec), { codec, channels: 3 });
    assert.equal(out.length, 3, codec);
    for (let c = 0; c < 3; c++) {
      assert.deepEqual(
        Array.from(out[c]),
        samples[c].map((x) => Math.fround(x / full)),
        `${codec} channel ${c}`,
      );
    }
    assert.equal(out[0][0], -1, codec);
    assert.ok(out[0][2] <= 1, codec); // (2^31 - 1) / 2^31 rounds to 1 in float32
  }
});

Deno.test("decodePcm passes float samples through, beyond ±1 included", () => {
  for (const codec of FLOAT_CODECS) {
    const samples = [[0.5, -0.25, 1.5, -2], [0.1, 0, -1, 1e-7]];
    const out = decodePcm(F.encodeSamples(samples, codec), { codec, channels: 2 });
    for (let c = 0; c < 2; c++) {
      assert.deepEqual(Array.from(out[c]), samples[c].map(Math.fround), `${codec} ${c}`);
    }
  }
});

Deno.test("decodePcm reads 8-bit WAV as unsigned and AIFF 8-bit as signed", () => {
  const bytes = new Uint8Array([0, 128, 255, 64]);
  assert.deepEqual(Array.from(decodePcm(bytes, { codec: "pcm_u8", channels: 1 })[0]), [
    -1,
    0,
    127 / 128,
    -0.5,
  ]);
  assert.deepEqual(Array.from(decodePcm(bytes, { codec: "pcm_s8", channels: 1 })[0]), [
    0,
    -1,
    -1 / 128,
    0.5,
  ]);
});

Deno.test("decodePcm gives the same result for unaligned views (fast path off)", () => {
  for (const codec of ["pcm_s16le", "pcm_s32le", "pcm_f32le", "pcm_f64le"] as const) {
    const samples = F.ramp(
      64,
      2,
      codec.startsWith("pcm_f") ? 1 : F.scaleOf(codec) / 2,
      !codec.startsWith("pcm_f"),
    );
    const aligned = F.encodeSamples(samples, codec);
    const shifted = new Uint8Array(aligned.length + 1);
    shifted.set(aligned, 1);
    const a = decodePcm(aligned, { codec, channels: 2 });
    const b = decodePcm(shifted.subarray(1), { codec, channels: 2 });
    assert.deepEqual(b, a, codec);
    assert.equal(a[1].length, 64);
  }
});

Deno.test("decodePcm rejects unknown codecs, bad channel counts and partial frames", () => {
  assert.throws(
    () => decodePcm(new Uint8Array(4), { codec: "pcm_mulaw", channels: 1 }),
    /Unsupported PCM codec "pcm_mulaw"/,
  );
  assert.throws(
    () => decodePcm(new Uint8Array(4), { codec: "pcm_s16le", channels: 0 }),
    RangeError,
  );
  assert.throws(
    () => decodePcm(new Uint8Array(5), { codec: "pcm_s16le", channels: 2 }),
    /5 is not a whole number of 4-byte frames/,
  );
  assert.deepEqual(decodePcm(new Uint8Array(0), { codec: "pcm_s24be", channels: 2 }), [
    new Float32Array(0),
    new Float32Array(0),
  ]);
});

Deno.test("pcmBytesPerSample and isPcmCodec know every PCM codec", () => {
  for (const codec of [...INT_CODECS, ...FLOAT_CODECS]) {
    assert.ok(isPcmCodec(codec));
    assert.equal(pcmBytesPerSample(codec), F.bytesOf(codec));
  }
  assert.equal(isPcmCodec("flac"), false);
  assert.equal(isPcmCodec("toString"), false);
});
