import assert from "node:assert/strict";
import { readFrameBytes, readFrames, WavReader } from "../../sdk/audio/wav_reader.ts";
import { AudioFileError } from "../../sdk/log/errors.ts";
import { withDir } from "../_util.ts";
import * as F from "./_fixtures.ts";

async function put(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

function expected(samples: number[][], codec: F.FixtureCodec, start: number, end: number) {
  return samples.map((ch) => ch.slice(start, end).map((x) => Math.fround(x / F.scaleOf(codec))));
}

Deno.test("readFrames returns the exact written values of a range from the middle", async () => {
  await withDir(async (dir) => {
    const cases: [F.FixtureCodec, number, boolean][] = [
      ["pcm_s16le", 30000, false],
      ["pcm_s24le", 8e6, true],
      ["pcm_s32le", 2e9, false],
      ["pcm_u8", 120, false],
      ["pcm_f32le", 0.9, false],
      ["pcm_f64le", 0.9, false],
    ];
    for (const [codec, amp, extensible] of cases) {
      const samples = F.ramp(2000, 2, amp, !codec.startsWith("pcm_f"));
      const path = await put(
        dir,
        `${codec}.wav`,
        F.wav({ codec, sampleRate: 16000, samples, extensible }),
      );
      const audio = await readFrames(path, { start: 700, end: 1300 });
      assert.equal(audio.sampleRate, 16000);
      assert.deepEqual(
        audio.channels.map((c) => Array.from(c)),
        expected(samples, codec, 700, 1300),
        codec,
      );
      const all = await readFrames(path);
      assert.equal(all.channels[1].length, 2000, codec);
    }
  });
});

Deno.test("WavReader reads RF64 and chunks before fmt, and counts the bytes it read", async () => {
  await withDir(async (dir) => {
    const samples = F.ramp(1000, 3, 30000);
    const path = await put(
      dir,
      "r.wav",
      F.wav({
        codec: "pcm_s16le",
        sampleRate: 8000,
        samples,
        rf64: true,
        before: [F.textChunk("LIST", "INFOabc"), F.textChunk("JUNK", "\0\0\0\0")],
      }),
    );
    using reader = await WavReader.open(path);
    assert.equal(reader.info.format, "rf64");
    const header = reader.bytesRead;
    const audio = await reader.read(10, 20);
    assert.deepEqual(
      audio.channels.map((c) => Array.from(c)),
      expected(samples, "pcm_s16le", 10, 20),
    );
    assert.equal(reader.bytesRead - header, 10 * 3 * 2);
    const last = await reader.read(999, 1000);
    assert.deepEqual(
      last.channels.map((c) => c[0]),
      samples.map((c) => Math.fround(c[999] / 32768)),
    );
  });
});

Deno.test("WavReader reads AIFF and AIFF-C big- and little-endian samples", async () => {
  await withDir(async (dir) => {
    const cases: [F.FixtureCodec, string | undefined][] = [
      ["pcm_s16be", undefined],
      ["pcm_s8", undefined],
      ["pcm_s16le", "sowt"],
      ["pcm_f32be", "fl32"],
      ["pcm_s24be", "NONE"],
    ];
    for (const [codec, compression] of cases) {
      const samples = F.ramp(
        500,
        2,
        codec === "pcm_f32be" ? 0.5 : F.scaleOf(codec) / 2,
        codec !== "pcm_f32be",
      );
      const path = await put(
        dir,
        `${codec}.aif`,
        F.aiff({ codec, sampleRate: 44100, samples, compression, ssndOffset: 4 }),
      );
      const audio = await readFrames(path, { start: 100, end: 150 });
      assert.deepEqual(
        audio.channels.map((c) => Array.from(c)),
        expected(samples, codec, 100, 150),
        codec,
      );
    }
  });
});

Deno.test("readFrameBytes returns the raw interleaved bytes of the range", async () => {
  await withDir(async (dir) => {
    const samples = F.ramp(100, 2, 8e6);
    const bytes = F.wav({ codec: "pcm_s24le", sampleRate: 48000, samples, extensible: true });
    const path = await put(dir, "b.wav", bytes);
    const raw = await readFrameBytes(path, { start: 40, end: 45 });
    const dataStart = bytes.length - 100 * 6;
    assert.deepEqual(raw, bytes.subarray(dataStart + 40 * 6, dataStart + 45 * 6));
    assert.deepEqual(await readFrameBytes(path, { start: 7, end: 7 }), new Uint8Array(0));
    using reader = await WavReader.open(path);
    assert.deepEqual(await reader.readBytes(0, 100), bytes.subarray(dataStart));
  });
});

Deno.test("WavReader rejects ranges beyond the end or backwards with a RangeError naming the file", async () => {
  await withDir(async (dir) => {
    const path = await put(
      dir,
      "short.wav",
      F.wav({ codec: "pcm_s16le", sampleRate: 8000, samples: F.ramp(100, 1, 100) }),
    );
    using reader = await WavReader.open(path);
    await assert.rejects(reader.read(90, 101), (err: unknown) => {
      assert.ok(err instanceof RangeError);
      assert.equal(
        err.message,
        `Frame range [90, 101) runs past the end of "${path}", which has 100 frames`,
      );
      return true;
    });
    await assert.rejects(reader.read(50, 40), /start 50 is after its end 40 for ".*short\.wav"/);
    await assert.rejects(reader.readBytes(-1, 4), /start "-1" .* must be a whole number/);
    await assert.rejects(reader.read(0, 1.5), RangeError);
    await assert.rejects(readFrames(path, { start: 200 }), /start 200 is after its end 100/);
    await assert.rejects(readFrames(path, { end: 1000 }), RangeError);
    // The reader still works after rejected requests.
    assert.equal((await reader.read(0, 100)).channels[0].length, 100);
  });
});

Deno.test("WavReader queues concurrent reads on one handle and stops after close", async () => {
  await withDir(async (dir) => {
    const samples = F.ramp(5000, 1, 30000);
    const path = await put(dir, "c.wav", F.wav({ codec: "pcm_s16le", sampleRate: 8000, samples }));
    const reader = await WavReader.open(path);
    const ranges = [[0, 1000], [4000, 5000], [123, 456], [2500, 2501]];
    const got = await Promise.all(ranges.map(([s, e]) => reader.read(s, e)));
    for (let i = 0; i < ranges.length; i++) {
      const [s, e] = ranges[i];
      assert.deepEqual(Array.from(got[i].channels[0]), expected(samples, "pcm_s16le", s, e)[0]);
    }
    reader.close();
    reader.close();
    await assert.rejects(reader.read(0, 1), /the reader is closed/);
  });
});

Deno.test("WavReader refuses compressed and non-audio files with AudioFileError", async () => {
  await withDir(async (dir) => {
    const text = await put(dir, "t.wav", new TextEncoder().encode("just text"));
    await assert.rejects(WavReader.open(text), (err: unknown) => {
      assert.ok(err instanceof AudioFileError);
      assert.equal(err.reason, "not_audio");
      return true;
    });
    const flacish = await put(dir, "x.flac", new Uint8Array(0));
    await assert.rejects(readFrames(flacish), /the file is empty/);
    await assert.rejects(WavReader.open(`${dir}/missing.wav`), /does not exist/);
  });
});

Deno.test("WavReader reads 1 s from the middle of a sparse 2-hour file touching only that range", async () => {
  await withDir(async (dir) => {
    const rate = 48000;
    const frames = 2 * 3600 * rate;
    const header = F.riffWave([
      F.fmtChunk({ tag: 1, channels: 2, sampleRate: rate, bits: 16 }),
      { id: "data", body: new Uint8Array(0), declaredSize: frames * 4 },
    ]);
    const path = `${dir}/long.wav`;
    await Deno.writeFile(path, header);
    await Deno.truncate(path, header.length + frames * 4);
    using reader = await WavReader.open(path);
    assert.equal(reader.info.frames, frames);
    const before = reader.bytesRead;
    assert.ok(before <= 16384);
    const audio = await reader.read(frames / 2, frames / 2 + rate);
    assert.equal(audio.channels[0].length, rate);
    assert.equal(reader.bytesRead - before, rate * 4);
  });
});
