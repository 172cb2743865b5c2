import assert from "node:assert/strict";
import { hasCommand, run, tempDir } from "../_util.ts";
import { encodeWav, WavWriter, writeWav } from "../../sdk/audio/wav_writer.ts";
import { mulberry32 } from "../../sdk/audio/prng.ts";
import { probe } from "../../sdk/audio/probe.ts";
import { readFrames } from "../../sdk/audio/wav_reader.ts";
import { UsageError } from "../../sdk/log/errors.ts";

const hasSoxi = await hasCommand("soxi");
const hasSoundfile = await (async () => {
  try {
    await run("/usr/bin/python3", ["-c", "import soundfile"]);
    return true;
  } catch {
    return false;
  }
})();

/** Values exactly on the integer grid of `bits`, extremes included, from a seeded generator. */
function gridSignal(bits: number, frames: number, seed: number): Float32Array {
  const scale = 2 ** (bits - 1);
  // 32-bit integers are limited to 24 significant bits, which float32 holds exactly.
  const step = bits === 32 ? 256 : 1;
  const rnd = mulberry32(seed);
  const x = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const k = Math.floor(rnd() * (2 * scale / step)) * step - scale;
    x[i] = k / scale;
  }
  x[0] = -1;
  x[1] = (scale - step) / scale;
  x[2] = 0;
  return x;
}

function sine(frames: number, freq: number, rate: number, amp = 0.5): Float32Array {
  return new Float32Array(frames).map((_, i) => amp * Math.sin(2 * Math.PI * freq * i / rate));
}

function fourcc(bytes: Uint8Array, offset: number): string {
  return new TextDecoder().decode(bytes.subarray(offset, offset + 4));
}

for (const bits of [16, 24, 32] as const) {
  Deno.test(`writeWav round trips ${bits}-bit PCM bit-exact for values on the grid`, async () => {
    const dir = await tempDir();
    try {
      const audio = {
        sampleRate: 22050,
        channels: [gridSignal(bits, 3001, 1), gridSignal(bits, 3001, 2)],
      };
      const path = `${dir}/grid.wav`;
      await writeWav(path, audio, { bitDepth: bits });
      const info = await probe(path);
      assert.equal(info.codec, `pcm_s${bits}le`);
      assert.equal(info.frames, 3001);
      assert.equal(info.sampleRate, 22050);
      const back = await readFrames(path);
      assert.equal(back.channels.length, 2);
      assert.deepEqual(back.channels[0], audio.channels[0]);
      assert.deepEqual(back.channels[1], audio.channels[1]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("writeWav round trips 32-bit float exactly, without clipping", async () => {
  const dir = await tempDir();
  try {
    const rnd = mulberry32(7);
    const x = new Float32Array(1000).map(() => (rnd() - 0.5) * 4);
    x[0] = 1.75;
    x[1] = -3;
    await writeWav(`${dir}/f.wav`, { sampleRate: 8000, channels: [x] }, { float: true });
    const info = await probe(`${dir}/f.wav`);
    assert.equal(info.codec, "pcm_f32le");
    assert.equal(info.sampleFormat, "float");
    const back = await readFrames(`${dir}/f.wav`);
    assert.deepEqual(back.channels[0], x);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("encodeWav clips to the integer range and rounds half to even", () => {
  const x = new Float32Array([
    1.5,
    1,
    -1,
    -1.5,
    2.5 / 32768,
    3.5 / 32768,
    -2.5 / 32768,
    0.4 / 32768,
  ]);
  const bytes = encodeWav({ sampleRate: 8000, channels: [x] });
  const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 16, 16);
  const got = Array.from({ length: 8 }, (_, i) => view.getInt16(2 * i, true));
  assert.deepEqual(got, [32767, 32767, -32768, -32768, 2, 4, -2, 0]);
});

Deno.test("encodeWav gives the same bytes as writeWav and a plain RIFF header with JUNK", async () => {
  const dir = await tempDir();
  try {
    const audio = { sampleRate: 16000, channels: [sine(1001, 440, 16000), sine(1001, 220, 16000)] };
    const mem = encodeWav(audio);
    await writeWav(`${dir}/a.wav`, audio);
    assert.deepEqual(await Deno.readFile(`${dir}/a.wav`), mem);
    assert.equal(fourcc(mem, 0), "RIFF");
    assert.equal(fourcc(mem, 12), "JUNK");
    const view = new DataView(mem.buffer);
    assert.equal(view.getUint32(4, true), mem.length - 8);
    assert.equal(view.getUint32(16, true), 28);
    assert.equal(fourcc(mem, 48), "fmt ");
    assert.equal(view.getUint16(56, true), 1); // WAVE_FORMAT_PCM for 16-bit stereo
    const info = await probe(`${dir}/a.wav`);
    assert.equal(info.format, "wav");
    assert.ok(!info.flags.includes("extensible"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WavWriter uses WAVE_FORMAT_EXTENSIBLE with a channel mask for more than 2 channels", async () => {
  const dir = await tempDir();
  try {
    const channels = Array.from({ length: 6 }, (_, c) => sine(500, 100 * (c + 1), 8000, 0.1));
    await writeWav(`${dir}/six.wav`, { sampleRate: 8000, channels });
    const bytes = await Deno.readFile(`${dir}/six.wav`);
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint16(56, true), 0xfffe);
    assert.equal(view.getUint16(58, true), 6);
    assert.equal(view.getUint32(76, true), 0x3f); // 5.1: FL FR FC LFE BL BR
    assert.equal(view.getUint16(80, true), 1); // SubFormat PCM
    const info = await probe(`${dir}/six.wav`);
    assert.ok(info.flags.includes("extensible"));
    assert.equal(info.channels, 6);
    const back = await readFrames(`${dir}/six.wav`);
    for (let c = 0; c < 6; c++) {
      const err = channels[c].reduce(
        (m, v, i) => Math.max(m, Math.abs(v - back.channels[c][i])),
        0,
      );
      assert.ok(err <= 0.5 / 32768 + 1e-9, `channel ${c} error ${err}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeWav uses WAVE_FORMAT_EXTENSIBLE above 16 bits and a fact chunk", async () => {
  const dir = await tempDir();
  try {
    await writeWav(`${dir}/s24.wav`, { sampleRate: 8000, channels: [sine(3, 1, 8000)] }, {
      bitDepth: 24,
    });
    const bytes = await Deno.readFile(`${dir}/s24.wav`);
    const view = new DataView(bytes.buffer);
    assert.equal(view.getUint16(56, true), 0xfffe);
    assert.equal(view.getUint32(76, true), 0x4); // mono: front centre
    assert.equal(fourcc(bytes, 96), "fact");
    assert.equal(view.getUint32(104, true), 3);
    assert.equal(fourcc(bytes, 108), "data");
    assert.equal(view.getUint32(112, true), 9); // odd data size, then a pad byte
    assert.equal(bytes.length, 116 + 9 + 1);
    assert.equal(view.getUint32(4, true), bytes.length - 8);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "writeWav headers read back the same with soxi",
  ignore: !hasSoxi,
  fn: async () => {
    const dir = await tempDir();
    try {
      const cases = [
        { name: "s16", options: {}, channels: 2, bits: "16", enc: "Signed Integer PCM" },
        {
          name: "s24",
          options: { bitDepth: 24 as const },
          channels: 1,
          bits: "24",
          enc: "Signed Integer PCM",
        },
        {
          name: "s32",
          options: { bitDepth: 32 as const },
          channels: 3,
          bits: "32",
          enc: "Signed Integer PCM",
        },
        {
          name: "f32",
          options: { float: true },
          channels: 2,
          bits: "32",
          enc: "Floating Point PCM",
        },
        {
          name: "rf64",
          options: { rf64Threshold: 1000 },
          channels: 1,
          bits: "16",
          enc: "Signed Integer PCM",
        },
      ];
      for (const c of cases) {
        const path = `${dir}/${c.name}.wav`;
        const channels = Array.from({ length: c.channels }, () => sine(4410, 440, 44100));
        await writeWav(path, { sampleRate: 44100, channels }, c.options);
        assert.equal((await run("soxi", ["-r", path])).trim(), "44100", c.name);
        assert.equal((await run("soxi", ["-c", path])).trim(), String(c.channels), c.name);
        assert.equal((await run("soxi", ["-s", path])).trim(), "4410", c.name);
        assert.equal((await run("soxi", ["-b", path])).trim(), c.bits, c.name);
        assert.equal((await run("soxi", ["-e", path])).trim(), c.enc, c.name);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "writeWav files open in libsndfile (python3-soundfile) with the right subtype",
  ignore: !hasSoundfile,
  fn: async () => {
    const dir = await tempDir();
    try {
      const want: Record<string, string> = {};
      const opts = {
        s16: {},
        s24: { bitDepth: 24 as const },
        s32: { bitDepth: 32 as const },
        f32: { float: true },
        rf: { rf64Threshold: 100 },
      };
      for (const [name, o] of Object.entries(opts)) {
        await writeWav(`${dir}/${name}.wav`, {
          sampleRate: 16000,
          channels: [sine(801, 300, 16000)],
        }, o);
      }
      want.s16 = "WAV PCM_16 801";
      want.s24 = "WAVEX PCM_24 801";
      want.s32 = "WAVEX PCM_32 801";
      want.f32 = "WAVEX FLOAT 801";
      want.rf = "RF64 PCM_16 801";
      const script = "import soundfile as sf, sys\n" +
        "for p in sys.argv[1:]:\n i = sf.info(p); print(i.format, i.subtype, i.frames)";
      const names = Object.keys(opts);
      const out = await run("/usr/bin/python3", [
        "-c",
        script,
        ...names.map((n) => `${dir}/${n}.wav`),
      ]);
      assert.deepEqual(out.trim().split("\n"), names.map((n) => want[n]));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("WavWriter turns the header into RF64 with ds64 when data passes the threshold", async () => {
  const dir = await tempDir();
  try {
    const x = sine(5000, 440, 8000);
    // rf64Threshold is an internal option standing in for the 4 GiB limit; the writer cannot be
    // tested against a sparse file since it must write every sample.
    const w = await WavWriter.create(`${dir}/big.wav`, {
      sampleRate: 8000,
      channels: 1,
      rf64Threshold: 4096,
    });
    await w.write([x.subarray(0, 1000)]);
    await w.write([x.subarray(1000)]);
    await w.close();
    const bytes = await Deno.readFile(`${dir}/big.wav`);
    const view = new DataView(bytes.buffer);
    assert.equal(fourcc(bytes, 0), "RF64");
    assert.equal(view.getUint32(4, true), 0xffffffff);
    assert.equal(fourcc(bytes, 12), "ds64");
    assert.equal(view.getUint32(16, true), 28);
    assert.equal(Number(view.getBigUint64(20, true)), bytes.length - 8);
    assert.equal(Number(view.getBigUint64(28, true)), 10000);
    assert.equal(Number(view.getBigUint64(36, true)), 5000);
    assert.equal(view.getUint32(bytes.length - 10000 - 4, true), 0xffffffff);
    const info = await probe(`${dir}/big.wav`);
    assert.equal(info.format, "rf64");
    assert.ok(info.flags.includes("rf64"));
    assert.equal(info.frames, 5000);
    assert.equal(info.dataSize, 10000);
    const back = await readFrames(`${dir}/big.wav`);
    assert.deepEqual(back.channels[0], (await readFrames(await small(dir, x))).channels[0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function small(dir: string, x: Float32Array): Promise<string> {
  const path = `${dir}/small.wav`;
  await writeWav(path, { sampleRate: 8000, channels: [x] });
  assert.equal(fourcc(await Deno.readFile(path), 0), "RIFF");
  return path;
}

Deno.test("writeWav refuses to overwrite an existing file unless overwrite is set", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/keep.wav`;
    await Deno.writeTextFile(path, "precious");
    const audio = { sampleRate: 8000, channels: [new Float32Array(10)] };
    await assert.rejects(
      () => writeWav(path, audio),
      (err: Error) => {
        assert.ok(err instanceof UsageError);
        assert.match(err.message, /already exists/);
        assert.ok(err.message.includes(`"${path}"`));
        return true;
      },
    );
    assert.equal(await Deno.readTextFile(path), "precious");
    await writeWav(path, audio, { overwrite: true });
    assert.equal((await probe(path)).frames, 10);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["keep.wav"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WavWriter writes through a temporary file and abort leaves nothing behind", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/sub/out.wav`;
    const w = await WavWriter.create(path, { sampleRate: 8000, channels: 2 });
    await w.write([new Float32Array(100), new Float32Array(100)]);
    await assert.rejects(() => Deno.stat(path), Deno.errors.NotFound);
    await assert.rejects(() => w.write([new Float32Array(5)]), /expected 2 channels/);
    await w.abort();
    assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)], []);
    await assert.rejects(() => w.write([new Float32Array(1), new Float32Array(1)]), /closed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("WavWriter streams many blocks and counts frames", async () => {
  const dir = await tempDir();
  try {
    const x = gridSignal(16, 150001, 3);
    const w = await WavWriter.create(`${dir}/long.wav`, { sampleRate: 48000, channels: 1 });
    // 256 KiB blocks hold 131072 mono 16-bit frames: this call spans two of them.
    await w.write([x.subarray(0, 140001)]);
    const pending = [w.write([x.subarray(140001, 145000)]), w.write([x.subarray(145000)])];
    await Promise.all(pending); // queued in order even when not awaited one by one
    assert.equal(w.framesWritten, 150001);
    await w.close();
    await w.close(); // idempotent
    const back = await readFrames(`${dir}/long.wav`);
    assert.deepEqual(back.channels[0], x);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("encodeWav dither is reproducible with a seed and the same in streamed blocks", async () => {
  const dir = await tempDir();
  try {
    const audio = {
      sampleRate: 16000,
      channels: [sine(20000, 440, 16000, 0.3), sine(20000, 97, 16000, 0.2)],
    };
    const a = encodeWav(audio, { dither: { seed: 5 } });
    const b = encodeWav(audio, { dither: { seed: 5 } });
    const c = encodeWav(audio, { dither: { seed: 6 } });
    const plain = encodeWav(audio);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.notDeepEqual(a, plain);
    const w = await WavWriter.create(`${dir}/d.wav`, {
      sampleRate: 16000,
      channels: 2,
      dither: { seed: 5 },
    });
    for (let s = 0; s < 20000; s += 3333) {
      await w.write(audio.channels.map((ch) => ch.subarray(s, s + 3333)));
    }
    await w.close();
    assert.deepEqual(await Deno.readFile(`${dir}/d.wav`), a);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("encodeWav TPDF dither error is bounded, zero-mean and of variance LSB^2/4", () => {
  // TPDF dither spans (-1, 1) LSB before rounding, so the total error stays within 1.5 LSB;
  // rounding noise (1/12) plus triangular dither (1/6) gives a variance of 1/4 LSB^2.
  const n = 200000;
  const rnd = mulberry32(11);
  const x = new Float32Array(n).map(() => (rnd() - 0.5) * 0.01);
  for (const bits of [16, 24] as const) {
    const bytes = encodeWav({ sampleRate: 8000, channels: [x] }, {
      bitDepth: bits,
      dither: { seed: 1 },
    });
    const scale = 2 ** (bits - 1);
    const bps = bits / 8;
    const start = bytes.length - n * bps;
    let sum = 0;
    let sum2 = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const o = start + i * bps;
      const q = bits === 16
        ? (bytes[o] | (bytes[o + 1] << 8)) << 16 >> 16
        : (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16)) << 8 >> 8;
      const e = q - x[i] * scale;
      sum += e;
      sum2 += e * e;
      max = Math.max(max, Math.abs(e));
    }
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    assert.ok(max <= 1.5, `${bits}-bit max error ${max} LSB`);
    assert.ok(Math.abs(mean) < 0.01, `${bits}-bit mean error ${mean} LSB`);
    assert.ok(Math.abs(variance - 0.25) < 0.01, `${bits}-bit error variance ${variance} LSB^2`);
  }
});

Deno.test("encodeWav rejects bad options and mismatched channels with clear errors", () => {
  const audio = { sampleRate: 8000, channels: [new Float32Array(4)] };
  assert.throws(
    () => encodeWav(audio, { bitDepth: 12 as 16 }),
    (e: Error) => e instanceof UsageError && /"bitDepth"/.test(e.message),
  );
  assert.throws(() => encodeWav(audio, { float: true, bitDepth: 16 }), /float output is 32-bit/);
  assert.throws(
    () => encodeWav({ sampleRate: 8000, channels: [new Float32Array(4), new Float32Array(3)] }),
    /different lengths/,
  );
  assert.throws(() => encodeWav({ sampleRate: 0, channels: [new Float32Array(4)] }), /"0"/);
  assert.throws(() => encodeWav({ sampleRate: 8000, channels: [] }), /channel count "0"/);
});

Deno.test("encodeWav's 16- and 24-bit fast path equals a plain reference encoder, dither included", () => {
  /** Round half to even with Math.round, clamp, TPDF from two consecutive mulberry32 draws. */
  function reference(channels: Float32Array[], bits: 16 | 24, seed: number | null): number[] {
    const scale = 2 ** (bits - 1);
    const rand = seed === null ? null : mulberry32(seed);
    const out: number[] = [];
    for (let i = 0; i < channels[0].length; i++) {
      for (const ch of channels) {
        let v = ch[i] * scale;
        if (rand) v += rand() - rand();
        let q = 0;
        if (!Number.isNaN(v)) {
          q = Math.round(v);
          if (q - v === 0.5 && q % 2 !== 0) q -= 1;
          q = Math.min(scale - 1, Math.max(-scale, q));
        }
        out.push(q | 0); // bytes carry no sign of zero
      }
    }
    return out;
  }
  const rand = mulberry32(11);
  const special = [NaN, Infinity, -Infinity, 1e30, -1e30, 1, -1, 0.99999, -0.99999];
  for (const bits of [16, 24] as const) {
    const scale = 2 ** (bits - 1);
    const ties = Array.from({ length: 40 }, (_, k) => (k - 20 + 0.5) / scale);
    const make = () =>
      Float32Array.from(
        [...special, ...ties, ...Array.from({ length: 3001 }, () => 2.2 * rand() - 1.1)],
      );
    for (const channels of [[make()], [make(), make()]]) {
      for (const seed of [null, 7]) {
        const bytes = encodeWav({ sampleRate: 8000, channels }, {
          bitDepth: bits,
          dither: seed === null ? false : { seed },
        });
        const w = bits / 8;
        const n = channels.length * channels[0].length;
        const start = bytes.length - n * w; // an even data size: no pad byte
        const got = Array.from({ length: n }, (_, k) => {
          const p = start + k * w;
          const u = bits === 16
            ? bytes[p] | (bytes[p + 1] << 8)
            : bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
          return u >= scale ? u - 2 * scale : u;
        });
        assert.deepEqual(got, reference(channels, bits, seed), `${bits}-bit, seed ${seed}`);
      }
    }
  }
});
