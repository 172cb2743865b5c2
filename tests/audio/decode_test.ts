import assert from "node:assert/strict";
import { hasCommand, run, withDir } from "../_util.ts";
import { decode } from "../../sdk/audio/decode.ts";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { probe } from "../../sdk/audio/probe.ts";
import { AudioFileError, UsageError } from "../../sdk/log/errors.ts";
import type { AudioData } from "../../sdk/audio/types.ts";

const hasFlac = await hasCommand("flac");
const hasLame = await hasCommand("lame");
const hasSox = await hasCommand("sox");

const RATE = 44100;
const FRAMES = 44100;

/**
 * A stereo test signal quantised to the 16- or 24-bit grid: a 440 Hz tone on the left, a linear
 * chirp from 100 Hz to 5 kHz on the right (not periodic, so it pins down alignment).
 */
function source(bits: 16 | 24): AudioData {
  const scale = 2 ** (bits - 1);
  const q = (v: number) => Math.round(v * scale) / scale + 0; // + 0 turns -0 into 0
  const left = new Float32Array(FRAMES).map((_, i) =>
    q(0.5 * Math.sin(2 * Math.PI * 440 * i / RATE))
  );
  const sweep = (5000 - 100) / (FRAMES / RATE);
  const right = new Float32Array(FRAMES).map((_, i) => {
    const t = i / RATE;
    return q(0.3 * Math.sin(2 * Math.PI * (100 * t + sweep * t * t / 2)));
  });
  return { sampleRate: RATE, channels: [left, right] };
}

Deno.test("decode reads a WAV through the WAV reader, bit-exact", async () => {
  await withDir(async (dir) => {
    const src = source(16);
    await writeWav(`${dir}/a.wav`, src);
    const got = await decode(`${dir}/a.wav`);
    assert.equal(got.sampleRate, RATE);
    assert.deepEqual(got.channels, src.channels);
  });
});

for (const bits of [16, 24] as const) {
  Deno.test({
    name: `decode reads ${bits}-bit FLAC from the flac tool bit-exact against the WAV source`,
    ignore: !hasFlac,
    fn: async () => {
      await withDir(async (dir) => {
        const src = source(bits);
        await writeWav(`${dir}/a.wav`, src, { bitDepth: bits });
        await run("flac", ["-s", "-f", "-o", `${dir}/a.flac`, `${dir}/a.wav`]);
        assert.equal((await probe(`${dir}/a.flac`)).format, "flac");
        const got = await decode(`${dir}/a.flac`);
        assert.equal(got.sampleRate, RATE);
        assert.equal(got.channels.length, 2);
        // The WASM decoder scales by 1/(2^(b-1) - 1); decode maps back to the PCM convention.
        assert.deepEqual(got.channels, src.channels);
      });
    },
  });
}

Deno.test({
  name: "decode reads AIFF (16-bit) and AIFF-C (24-bit) from sox bit-exact",
  ignore: !hasSox,
  fn: async () => {
    await withDir(async (dir) => {
      for (const bits of [16, 24] as const) {
        const src = source(bits);
        await writeWav(`${dir}/a${bits}.wav`, src, { bitDepth: bits });
      }
      await run("sox", [`${dir}/a16.wav`, `${dir}/a.aiff`]);
      await run("sox", [`${dir}/a24.wav`, `${dir}/a.aifc`]);
      const aiff = await probe(`${dir}/a.aiff`);
      const aifc = await probe(`${dir}/a.aifc`);
      assert.deepEqual([aiff.format, aiff.codec], ["aiff", "pcm_s16be"]);
      assert.deepEqual([aifc.format, aifc.codec], ["aifc", "pcm_s24be"]);
      assert.deepEqual((await decode(`${dir}/a.aiff`)).channels, source(16).channels);
      assert.deepEqual((await decode(`${dir}/a.aifc`)).channels, source(24).channels);
    });
  },
});

function snrDb(
  ref: Float32Array,
  got: Float32Array,
  lag: number,
  from: number,
  to: number,
): number {
  let sig = 0;
  let err = 0;
  for (let i = from; i < to; i++) {
    sig += ref[i] ** 2;
    err += (got[i + lag] - ref[i]) ** 2;
  }
  return 10 * Math.log10(sig / err);
}

Deno.test({
  name: "decode reads MP3 from lame gapless, aligned with the source and close to it",
  ignore: !hasLame,
  fn: async () => {
    await withDir(async (dir) => {
      const src = source(16);
      await writeWav(`${dir}/a.wav`, src);
      await run("lame", ["--quiet", "-b", "192", `${dir}/a.wav`, `${dir}/a.mp3`]);
      assert.equal((await probe(`${dir}/a.mp3`)).format, "mp3");
      const got = await decode(`${dir}/a.mp3`);
      // An MP3 decoder outputs the encoder delay (576 + 529 samples for LAME + mpg123) plus
      // padding to whole 1152-sample frames. LAME records delay and padding in its info tag and
      // mpg123's gapless mode trims both, so the length and alignment match the source exactly.
      assert.equal(got.sampleRate, RATE);
      assert.equal(got.channels.length, 2);
      assert.equal(got.channels[0].length, FRAMES);
      // Alignment: the best lag by SNR over +-1200 samples is 0 (checked on the chirp, which
      // matches itself at one lag only).
      const from = 2000;
      const to = FRAMES - 2000;
      let best = { lag: NaN, snr: -Infinity };
      for (let lag = -1200; lag <= 1200; lag++) {
        const snr = snrDb(src.channels[1], got.channels[1], lag, from, to);
        if (snr > best.snr) best = { lag, snr };
      }
      assert.equal(best.lag, 0);
      // MP3 is lossy and shapes its noise under the masking threshold, so the SNR against the
      // source is modest (about 30 dB here for LAME at 192 kb/s); 25 dB catches a broken decode.
      assert.ok(best.snr > 25, `right channel SNR ${best.snr.toFixed(1)} dB`);
      const left = snrDb(src.channels[0], got.channels[0], 0, from, to);
      assert.ok(left > 25, `left channel SNR ${left.toFixed(1)} dB`);
      // Against LAME's own decoder (16-bit output, delay and padding also trimmed) the decode
      // agrees to the 16-bit quantisation noise: about 88 dB measured.
      await run("lame", ["--quiet", "--decode", `${dir}/a.mp3`, `${dir}/ref.wav`]);
      const ref = await decode(`${dir}/ref.wav`);
      assert.equal(ref.channels[0].length, FRAMES);
      for (let c = 0; c < 2; c++) {
        const agree = snrDb(ref.channels[c], got.channels[c], 0, from, to);
        assert.ok(agree > 70, `channel ${c} SNR against lame --decode ${agree.toFixed(1)} dB`);
      }
    });
  },
});

Deno.test({
  name: "decode downmixes and resamples on request",
  ignore: !hasFlac,
  fn: async () => {
    await withDir(async (dir) => {
      await writeWav(`${dir}/a.wav`, source(16));
      await run("flac", ["-s", "-f", "-o", `${dir}/a.flac`, `${dir}/a.wav`]);
      const got = await decode(`${dir}/a.flac`, { mono: true, sampleRate: 16000 });
      assert.equal(got.sampleRate, 16000);
      assert.equal(got.channels.length, 1);
      assert.equal(got.channels[0].length, 16000);
    });
  },
});

Deno.test({
  name: "decode rejects a truncated FLAC file naming it",
  ignore: !hasFlac,
  fn: async () => {
    await withDir(async (dir) => {
      await writeWav(`${dir}/a.wav`, source(16));
      await run("flac", ["-s", "-f", "-o", `${dir}/a.flac`, `${dir}/a.wav`]);
      const bytes = await Deno.readFile(`${dir}/a.flac`);
      await Deno.writeFile(`${dir}/cut.flac`, bytes.subarray(0, bytes.length >> 1));
      await assert.rejects(
        () => decode(`${dir}/cut.flac`),
        (e: Error) => e instanceof AudioFileError && e.message.includes(`"${dir}/cut.flac"`),
      );
    });
  },
});

Deno.test("decode reports missing, non-audio files and bad options clearly", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      () => decode(`${dir}/none.wav`),
      (e: Error) =>
        e instanceof AudioFileError && e.reason === "io" && e.message.includes("none.wav"),
    );
    await Deno.writeTextFile(`${dir}/notes.mp3`, "just some text, no audio here at all");
    await assert.rejects(
      () => decode(`${dir}/notes.mp3`),
      (e: Error) => e instanceof AudioFileError && e.message.includes("notes.mp3"),
    );
    await writeWav(`${dir}/a.wav`, { sampleRate: 8000, channels: [new Float32Array(8)] });
    await assert.rejects(() => decode(`${dir}/a.wav`, { sampleRate: -5 }), UsageError);
  });
});

Deno.test({
  name: "decode keeps the last FLAC frame (flac -8 file, bit-exact against flac -d)",
  ignore: !hasFlac,
  fn: async () => {
    await withDir(async (dir) => {
      const path = "data/demo/formats/es_speech_22k.flac";
      const info = await probe(path);
      assert.notEqual(info.frames % 4096, 0, "the fixture must end in a short frame");
      await run("flac", ["-s", "-d", "-f", "-o", `${dir}/ref.wav`, path]);
      const ref = await decode(`${dir}/ref.wav`);
      const got = await decode(path);
      assert.equal(got.channels[0].length, info.frames);
      assert.deepEqual(got.channels, ref.channels);
    });
  },
});
