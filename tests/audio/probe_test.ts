import assert from "node:assert/strict";
import { probe, probeBytes, probeFile, probeSync } from "../../sdk/audio/probe.ts";
import { probeMany } from "../../sdk/audio/probe_many.ts";
import type { AudioInfo } from "../../sdk/audio/types.ts";
import { AudioFileError } from "../../sdk/log/errors.ts";
import { hasCommand, run, withDir } from "../_util.ts";
import * as F from "./_fixtures.ts";

const hasSox = await hasCommand("soxi");
const hasFlac = await hasCommand("flac");
const hasLame = await hasCommand("lame");
const hasSoundfile = await (async () => {
  try {
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", "import soundfile"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
})();

async function put(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

async function rejectsWith(path: string, reason: string, fragment: RegExp): Promise<void> {
  await assert.rejects(probe(path), (err: unknown) => {
    assert.ok(err instanceof AudioFileError, `expected AudioFileError, got ${err}`);
    assert.equal(err.reason, reason);
    assert.ok(err.message.startsWith(`Cannot read audio file "${path}": `), err.message);
    assert.match(err.message, fragment);
    return true;
  });
}

/** The fixtures that sox reads too, by name. */
function pcmFixtures(): Record<string, Uint8Array> {
  return {
    "s16.wav": F.wav({ codec: "pcm_s16le", sampleRate: 16000, samples: F.ramp(1000, 2, 30000) }),
    "ext24.wav": F.wav({
      codec: "pcm_s24le",
      sampleRate: 48000,
      samples: F.ramp(1001, 2, 8e6),
      extensible: true,
    }),
    "f64.wav": F.wav({
      codec: "pcm_f64le",
      sampleRate: 44100,
      samples: F.ramp(999, 1, 0.9, false),
    }),
    "f32.wav": F.wav({
      codec: "pcm_f32le",
      sampleRate: 44100,
      samples: F.ramp(999, 1, 0.9, false),
    }),
    "u8.wav": F.wav({ codec: "pcm_u8", sampleRate: 8000, samples: F.ramp(777, 1, 120) }),
    "s32.wav": F.wav({ codec: "pcm_s32le", sampleRate: 8000, samples: F.ramp(777, 1, 2e9) }),
    "rf64.wav": F.wav({
      codec: "pcm_s16le",
      sampleRate: 22050,
      samples: F.ramp(500, 2, 30000),
      rf64: true,
    }),
    "list.wav": F.wav({
      codec: "pcm_s16le",
      sampleRate: 16000,
      samples: F.ramp(300, 1, 30000),
      before: [
        F.textChunk("LIST", "INFOINAM\x06\0\0\0title\0"),
        F.textChunk("bext", "x".repeat(602)),
        F.textChunk("iXML", "<BWFXML></BWFXML>\n"),
        F.textChunk("JUNK", "\0".repeat(28)),
      ],
    }),
    "odd.wav": F.wav({
      codec: "pcm_s16le",
      sampleRate: 16000,
      samples: F.ramp(300, 1, 30000),
      before: [F.textChunk("odd ", "abc")],
      between: [F.textChunk("LIST", "INFOx")],
    }),
    "UPPER.WAV": F.wav({ codec: "pcm_s16le", sampleRate: 24000, samples: F.ramp(240, 1, 1000) }),
    "a16.aiff": F.aiff({ codec: "pcm_s16be", sampleRate: 44100, samples: F.ramp(1234, 2, 30000) }),
    "a8.aiff": F.aiff({ codec: "pcm_s8", sampleRate: 11025, samples: F.ramp(1234, 1, 120) }),
    "sowt.aifc": F.aiff({
      codec: "pcm_s16le",
      sampleRate: 22050,
      samples: F.ramp(1234, 2, 30000),
      compression: "sowt",
    }),
    "fl32.aifc": F.aiff({
      codec: "pcm_f32be",
      sampleRate: 48000,
      samples: F.ramp(1234, 1, 0.5, false),
      compression: "fl32",
    }),
    "fl64.aifc": F.aiff({
      codec: "pcm_f64be",
      sampleRate: 96000,
      samples: F.ramp(1234, 1, 0.5, false),
      compression: "fl64",
    }),
    "offset.aifc": F.aiff({
      codec: "pcm_s24be",
      sampleRate: 32000,
      samples: F.ramp(1234, 1, 8e6),
      compression: "NONE",
      ssndOffset: 6,
    }),
  };
}

Deno.test("probe reads a 16-bit WAV: format, codec, frames, duration, payload", async () => {
  await withDir(async (dir) => {
    const bytes = F.wav({ codec: "pcm_s16le", sampleRate: 16000, samples: F.ramp(1000, 2, 30000) });
    const path = await put(dir, "a.wav", bytes);
    const info = await probe(path);
    const expected: AudioInfo = {
      path,
      format: "wav",
      codec: "pcm_s16le",
      sampleFormat: "int",
      sampleRate: 16000,
      channels: 2,
      bitsPerSample: 16,
      frames: 1000,
      durationSec: 1000 / 16000,
      dataOffset: 44,
      dataSize: 4000,
      fileSize: 4044,
      flags: [],
    };
    assert.deepEqual(info, expected);
    assert.deepEqual(probeSync(path), expected);
    assert.deepEqual(probeBytes(bytes, path), expected);
  });
});

Deno.test("probe takes the real format of WAVE_FORMAT_EXTENSIBLE from the SubFormat GUID", async () => {
  await withDir(async (dir) => {
    const pcm = await put(dir, "e.wav", pcmFixtures()["ext24.wav"]);
    const info = await probe(pcm);
    assert.equal(info.codec, "pcm_s24le");
    assert.equal(info.bitsPerSample, 24);
    assert.equal(info.frames, 1001);
    assert.deepEqual(info.flags, ["extensible"]);
    const float = await put(
      dir,
      "ef.wav",
      F.wav({
        codec: "pcm_f32le",
        sampleRate: 8000,
        samples: F.ramp(10, 2, 0.5, false),
        extensible: true,
      }),
    );
    const f = await probe(float);
    assert.equal(f.codec, "pcm_f32le");
    assert.equal(f.sampleFormat, "float");
  });
});

Deno.test("probe reads float64, float32, unsigned 8-bit and 32-bit integer WAV", async () => {
  await withDir(async (dir) => {
    const fx = pcmFixtures();
    const cases: [string, string, string, number][] = [
      ["f64.wav", "pcm_f64le", "float", 64],
      ["f32.wav", "pcm_f32le", "float", 32],
      ["u8.wav", "pcm_u8", "int", 8],
      ["s32.wav", "pcm_s32le", "int", 32],
    ];
    for (const [name, codec, sampleFormat, bits] of cases) {
      const info = await probe(await put(dir, name, fx[name]));
      assert.equal(info.codec, codec, name);
      assert.equal(info.sampleFormat, sampleFormat, name);
      assert.equal(info.bitsPerSample, bits, name);
    }
  });
});

Deno.test("probe reads the 64-bit data size of RF64 and BW64 from ds64", async () => {
  await withDir(async (dir) => {
    const samples = F.ramp(500, 2, 30000);
    const rf64 = F.wav({ codec: "pcm_s16le", sampleRate: 22050, samples, rf64: true });
    const info = await probe(await put(dir, "r.wav", rf64));
    assert.equal(info.format, "rf64");
    assert.equal(info.frames, 500);
    assert.equal(info.dataSize, 2000);
    assert.deepEqual(info.flags, ["rf64"]);
    const bw64 = rf64.slice();
    bw64.set(new TextEncoder().encode("BW64"), 0);
    const b = await probe(await put(dir, "b.wav", bw64));
    assert.equal(b.format, "rf64");
    assert.deepEqual(b.flags, ["rf64", "bw64"]);
    // A ds64 size larger than 4 GiB on a small file: clamped to the file, flagged truncated.
    const big = F.wav({
      codec: "pcm_s16le",
      sampleRate: 22050,
      samples,
      rf64: true,
      declaredDataSize: 6 * 2 ** 30,
    });
    const t = await probe(await put(dir, "big.wav", big));
    assert.equal(t.frames, 500);
    assert.deepEqual(t.flags, ["rf64", "truncated"]);
    // RF64 whose data chunk says 0xFFFFFFFF with no ds64 chunk is corrupt.
    const noDs64 = F.riffWave([
      F.fmtChunk({ tag: 1, channels: 1, sampleRate: 8000, bits: 16 }),
      { id: "data", body: new Uint8Array(20), declaredSize: 0xffffffff },
    ], "RF64");
    await rejectsWith(await put(dir, "nods64.wav", noDs64), "corrupt", /no ds64 chunk/);
  });
});

Deno.test("probe reads RF64 sizes beyond 4 GiB from a sparse file without reading the payload", async () => {
  await withDir(async (dir) => {
    const frames = 2 ** 31 + 1000; // 4 GiB + 2000 bytes of mono 16-bit
    const dataSize = frames * 2;
    const header = F.riffWave([
      F.ds64Chunk(dataSize + 72, dataSize, frames),
      F.fmtChunk({ tag: 1, channels: 1, sampleRate: 48000, bits: 16 }),
      { id: "data", body: new Uint8Array(0), declaredSize: 0xffffffff },
    ], "RF64");
    const path = `${dir}/huge.wav`;
    await Deno.writeFile(path, header);
    await Deno.truncate(path, header.length + dataSize);
    const info = await probe(path);
    assert.equal(info.frames, frames);
    assert.equal(info.dataSize, dataSize);
    assert.equal(info.fileSize, header.length + dataSize);
    assert.deepEqual(info.flags, ["rf64"]);
  });
});

Deno.test("probe walks LIST, bext, iXML and JUNK chunks before fmt", async () => {
  await withDir(async (dir) => {
    const info = await probe(await put(dir, "l.wav", pcmFixtures()["list.wav"]));
    assert.equal(info.frames, 300);
    // RIFF header, LIST, bext, iXML, JUNK, fmt, data header
    assert.equal(info.dataOffset, 12 + (8 + 18) + (8 + 602) + (8 + 18) + (8 + 28) + (8 + 16) + 8);
    assert.deepEqual(info.flags, []);
  });
});

Deno.test("probe skips a chunk bigger than its first read with a positioned read", async () => {
  await withDir(async (dir) => {
    // 100 KiB iXML before fmt, then 100 MB of (sparse) payload.
    const header = F.riffWave([
      { id: "iXML", body: new Uint8Array(100 * 1024).fill(0x20) },
      F.fmtChunk({ tag: 1, channels: 2, sampleRate: 48000, bits: 16 }),
      { id: "data", body: new Uint8Array(0), declaredSize: 100_000_000 },
    ]);
    const path = `${dir}/ixml.wav`;
    await Deno.writeFile(path, header);
    await Deno.truncate(path, header.length + 100_000_000);
    using file = await Deno.open(path);
    const counter = { bytesRead: 0 };
    const info = await probeFile(file, path, counter);
    assert.equal(info.frames, 25_000_000);
    assert.equal(info.dataOffset, header.length);
    // Two small reads: the first 16 KiB, then 4 KiB at the fmt chunk; neither the 100 KiB chunk
    // nor the payload is read.
    assert.ok(counter.bytesRead <= 16384 + 4096, `read ${counter.bytesRead} bytes`);
    assert.deepEqual(probeSync(path), info);
  });
});

Deno.test("probe steps over odd-sized chunks with or without their pad byte", async () => {
  await withDir(async (dir) => {
    const info = await probe(await put(dir, "o.wav", pcmFixtures()["odd.wav"]));
    assert.equal(info.frames, 300);
    assert.deepEqual(info.flags, ["odd_padding"]);
    const noPad = F.wav({
      codec: "pcm_s16le",
      sampleRate: 16000,
      samples: F.ramp(300, 1, 30000),
      before: [F.textChunk("odd ", "abc", false)],
    });
    const n = await probe(await put(dir, "nopad.wav", noPad));
    assert.equal(n.frames, 300);
    assert.equal(n.dataOffset, 12 + 11 + 24 + 8);
    assert.deepEqual(n.flags, ["odd_padding"]);
    // Odd-sized 8-bit data chunk followed by its pad byte and a trailing chunk.
    const u8 = F.riffWave([
      F.fmtChunk({ tag: 1, channels: 1, sampleRate: 8000, bits: 8 }),
      { id: "data", body: new Uint8Array(7).fill(128) },
      F.textChunk("LIST", "INFO"),
    ]);
    const u = await probe(await put(dir, "u8odd.wav", u8));
    assert.equal(u.frames, 7);
    assert.equal(u.dataSize, 7);
  });
});

Deno.test("probe clamps data declared beyond the end of the file and flags it truncated", async () => {
  await withDir(async (dir) => {
    const full = F.wav({ codec: "pcm_s16le", sampleRate: 16000, samples: F.ramp(1000, 2, 30000) });
    const cut = full.subarray(0, 44 + 1001); // 250 whole frames and a partial one
    const info = await probe(await put(dir, "t.wav", cut));
    assert.equal(info.frames, 250);
    assert.equal(info.dataSize, 1001);
    assert.equal(info.durationSec, 250 / 16000);
    assert.deepEqual(info.flags, ["truncated"]);
    const streamed = full.slice();
    new DataView(streamed.buffer).setUint32(40, 0xffffffff, true);
    const s = await probe(await put(dir, "s.wav", streamed));
    assert.equal(s.frames, 1000);
    assert.deepEqual(s.flags, ["truncated"]);
    const aiffCut = F.aiff({ codec: "pcm_s16be", sampleRate: 8000, samples: F.ramp(100, 1, 9) });
    const a = await probe(await put(dir, "t.aiff", aiffCut.subarray(0, aiffCut.length - 21)));
    assert.equal(a.frames, 89);
    assert.deepEqual(a.flags, ["truncated"]);
  });
});

Deno.test("probe rejects empty, header-only, non-audio, unsupported and corrupt files", async () => {
  await withDir(async (dir) => {
    await rejectsWith(await put(dir, "empty.wav", new Uint8Array(0)), "empty", /empty/);
    await rejectsWith(
      await put(dir, "text.wav", new TextEncoder().encode("hello, this is text\n")),
      "not_audio",
      /no known audio signature/,
    );
    const fmt = F.fmtChunk({ tag: 1, channels: 1, sampleRate: 8000, bits: 16 });
    await rejectsWith(await put(dir, "nodata.wav", F.riffWave([fmt])), "header_only", /no data/);
    await rejectsWith(
      await put(dir, "zero.wav", F.riffWave([fmt, { id: "data", body: new Uint8Array(0) }])),
      "header_only",
      /no audio frames/,
    );
    await rejectsWith(
      await put(
        dir,
        "cut.wav",
        F.riffWave([fmt, { id: "data", body: new Uint8Array(1), declaredSize: 800, pad: false }]),
      ),
      "header_only",
      /cut off before its first frame/,
    );
    const mulaw = F.riffWave([
      F.fmtChunk({ tag: 7, channels: 1, sampleRate: 8000, bits: 8 }),
      { id: "data", body: new Uint8Array(10) },
    ]);
    await rejectsWith(await put(dir, "mulaw.wav", mulaw), "unsupported", /0x0007 \(mu-law\)/);
    const adpcm = F.riffWave([
      F.fmtChunk({ tag: 2, channels: 1, sampleRate: 8000, bits: 4 }),
      { id: "data", body: new Uint8Array(10) },
    ]);
    await rejectsWith(await put(dir, "adpcm.wav", adpcm), "unsupported", /ADPCM/);
    await rejectsWith(
      await put(dir, "x.ogg", new TextEncoder().encode("OggS\0\x02 and more bytes")),
      "unsupported",
      /Ogg/,
    );
    await rejectsWith(
      await put(dir, "nofmt.wav", F.riffWave([{ id: "data", body: new Uint8Array(8) }])),
      "corrupt",
      /no fmt chunk/,
    );
    await rejectsWith(
      await put(dir, "short.wav", new TextEncoder().encode("RIFF\0\0")),
      "corrupt",
      /too short/,
    );
    await rejectsWith(
      await put(dir, "avi.wav", new TextEncoder().encode("RIFF\0\0\0\0AVI LIST\0\0\0\0")),
      "not_audio",
      /"AVI " is not WAVE/,
    );
    const aiffNoSsnd = F.aiff({ codec: "pcm_s16be", sampleRate: 8000, samples: [[1, 2]] });
    await rejectsWith(
      await put(dir, "nossnd.aiff", aiffNoSsnd.subarray(0, 12 + 8 + 18)),
      "header_only",
      /no SSND/,
    );
    const ulaw = F.aiff({
      codec: "pcm_s16be",
      sampleRate: 8000,
      samples: [[1, 2]],
      compression: "ulaw",
    });
    await rejectsWith(await put(dir, "u.aifc", ulaw), "unsupported", /"ulaw"/);
    await rejectsWith(`${dir}/missing.wav`, "io", /does not exist/);
  });
});

Deno.test("probe detects the format from magic bytes, not the extension", async () => {
  await withDir(async (dir) => {
    const fx = pcmFixtures();
    const upper = await probe(await put(dir, "UPPER.WAV", fx["UPPER.WAV"]));
    assert.equal(upper.format, "wav");
    const aiffAsWav = await probe(await put(dir, "really_aiff.wav", fx["a16.aiff"]));
    assert.equal(aiffAsWav.format, "aiff");
    const noExt = await probe(await put(dir, "noext", fx["sowt.aifc"]));
    assert.equal(noExt.format, "aifc");
  });
});

Deno.test("probe reads AIFF and AIFF-C: 80-bit rate, sowt, fl32, fl64, SSND offset", async () => {
  await withDir(async (dir) => {
    const fx = pcmFixtures();
    const cases: [string, string, string, number, number, number][] = [
      ["a16.aiff", "aiff", "pcm_s16be", 44100, 2, 16],
      ["a8.aiff", "aiff", "pcm_s8", 11025, 1, 8],
      ["sowt.aifc", "aifc", "pcm_s16le", 22050, 2, 16],
      ["fl32.aifc", "aifc", "pcm_f32be", 48000, 1, 32],
      ["fl64.aifc", "aifc", "pcm_f64be", 96000, 1, 64],
      ["offset.aifc", "aifc", "pcm_s24be", 32000, 1, 24],
    ];
    for (const [name, format, codec, rate, channels, bits] of cases) {
      const info = await probe(await put(dir, name, fx[name]));
      assert.equal(info.format, format, name);
      assert.equal(info.codec, codec, name);
      assert.equal(info.sampleRate, rate, name);
      assert.equal(info.channels, channels, name);
      assert.equal(info.bitsPerSample, bits, name);
      assert.equal(info.frames, 1234, name);
    }
    const off = await probe(`${dir}/offset.aifc`);
    // FORM header 12, FVER 12, COMM 8+24, SSND header 8 + offset/blockSize 8 + 6 offset bytes
    assert.equal(off.dataOffset, 12 + 12 + 32 + 16 + 6);
    assert.equal(off.dataSize, 1234 * 3);
    const odd = F.aiff({
      codec: "pcm_s16be",
      sampleRate: 8000,
      samples: F.ramp(20, 1, 100),
      before: [F.textChunk("NAME", "odd")],
    });
    const o = await probe(await put(dir, "odd.aiff", odd));
    assert.equal(o.frames, 20);
    assert.deepEqual(o.flags, ["odd_padding"]);
    const fl = await probe(
      await put(
        dir,
        "FL32.aifc",
        F.aiff({
          codec: "pcm_f32be",
          sampleRate: 8000,
          samples: [[0.5, 0.25]],
          compression: "FL32",
        }),
      ),
    );
    assert.equal(fl.codec, "pcm_f32be");
  });
});

Deno.test("probeBytes never asks for the payload of WAV and AIFF", () => {
  const fx = pcmFixtures();
  for (const name of ["s16.wav", "list.wav", "odd.wav", "rf64.wav", "a16.aiff", "sowt.aifc"]) {
    const full = fx[name];
    const info = probeBytes(full, name);
    // Only the bytes before the payload, with the true file size: same answer.
    const headerOnly = probeBytes(full.subarray(0, info.dataOffset), name, full.length);
    assert.deepEqual(headerOnly, info, name);
  }
});

Deno.test({
  name: "probe agrees with soxi on rate, channels, frames and bits of every PCM fixture",
  ignore: !hasSox,
  fn: async () => {
    await withDir(async (dir) => {
      for (const [name, bytes] of Object.entries(pcmFixtures())) {
        const path = await put(dir, name, bytes);
        const info = await probe(path);
        const sox = await soxi(path);
        assert.deepEqual(
          [info.sampleRate, info.channels, info.frames, info.bitsPerSample],
          [sox.rate, sox.channels, sox.frames, sox.bits],
          name,
        );
      }
    });
  },
});

async function soxi(
  path: string,
): Promise<{ rate: number; channels: number; frames: number; bits: number }> {
  const out = await run("sh", [
    "-c",
    'soxi -r "$0" 2>/dev/null; soxi -c "$0" 2>/dev/null; soxi -s "$0" 2>/dev/null; soxi -b "$0" 2>/dev/null',
    path,
  ]);
  const [rate, channels, frames, bits] = out.trim().split("\n").map(Number);
  return { rate, channels, frames, bits };
}

async function flacOf(dir: string, name: string, wavBytes: Uint8Array, extra: string[] = []) {
  const wavPath = await put(dir, `${name}.src.wav`, wavBytes);
  const path = `${dir}/${name}`;
  await run("flac", ["-s", "-f", ...extra, "-o", path, wavPath]);
  return path;
}

Deno.test({
  name: "probe reads FLAC STREAMINFO made by flac and agrees with soxi",
  ignore: !hasFlac || !hasSox,
  fn: async () => {
    await withDir(async (dir) => {
      const cases: [string, Uint8Array, string[]][] = [
        [
          "s16.flac",
          F.wav({ codec: "pcm_s16le", sampleRate: 16000, samples: F.ramp(12345, 2, 30000) }),
          [],
        ],
        [
          "s24.flac",
          F.wav({ codec: "pcm_s24le", sampleRate: 48000, samples: F.ramp(5000, 1, 8e6) }),
          [],
        ],
        // A 200 KB padding block: the block walk seeks past it.
        [
          "pad.flac",
          F.wav({ codec: "pcm_s16le", sampleRate: 8000, samples: F.ramp(3000, 1, 3000) }),
          ["--padding=200000"],
        ],
      ];
      for (const [name, src, extra] of cases) {
        const path = await flacOf(dir, name, src, extra);
        const info = await probe(path);
        const sox = await soxi(path);
        assert.equal(info.format, "flac", name);
        assert.equal(info.codec, "flac", name);
        assert.equal(info.sampleFormat, "compressed", name);
        assert.deepEqual(
          [info.sampleRate, info.channels, info.frames, info.bitsPerSample],
          [sox.rate, sox.channels, sox.frames, sox.bits],
          name,
        );
        assert.deepEqual(info.flags, [], name);
        assert.equal(info.dataSize, info.fileSize - info.dataOffset, name);
      }
      const pad = await probe(`${dir}/pad.flac`);
      assert.ok(pad.dataOffset > 200000);
      using file = await Deno.open(`${dir}/pad.flac`);
      const counter = { bytesRead: 0 };
      await probeFile(file, `${dir}/pad.flac`, counter);
      assert.ok(counter.bytesRead <= 16384 + 4096, `read ${counter.bytesRead} bytes`);
    });
  },
});

Deno.test({
  name: "probe skips ID3v2 before fLaC and estimates an unknown FLAC length from the last frame",
  ignore: !hasFlac,
  fn: async () => {
    await withDir(async (dir) => {
      const src = F.wav({
        codec: "pcm_s16le",
        sampleRate: 44100,
        samples: F.ramp(10000, 2, 20000),
      });
      const flac = await Deno.readFile(await flacOf(dir, "a.flac", src));
      const tagged = await probe(await put(dir, "tagged.flac", F.concat(F.id3v2(777), flac)));
      assert.equal(tagged.frames, 10000);
      assert.equal(tagged.dataOffset, (await probe(`${dir}/a.flac`)).dataOffset + 787);
      // Zero the 36-bit total-samples field of STREAMINFO (as streamed encoders leave it).
      const unknown = flac.slice();
      unknown[8 + 13] &= 0xf0;
      unknown.fill(0, 8 + 14, 8 + 18);
      const u = await probe(await put(dir, "unknown.flac", unknown));
      assert.equal(u.frames, 10000);
      assert.deepEqual(u.flags, ["estimated"]);
      // A longer file whose last frame lies beyond the 64 KiB tail read's start, with a short
      // last frame (200000 is not a multiple of 1152).
      const long = F.wav({
        codec: "pcm_s16le",
        sampleRate: 16000,
        samples: F.ramp(200000, 1, 20000),
      });
      const small = await Deno.readFile(await flacOf(dir, "b.flac", long, ["--blocksize=1152"]));
      assert.ok(small.length > 3 * 65536);
      small[8 + 13] &= 0xf0;
      small.fill(0, 8 + 14, 8 + 18);
      const s = await probe(await put(dir, "b0.flac", small));
      assert.equal(s.frames, 200000);
      assert.deepEqual(s.flags, ["estimated"]);
    });
  },
});

async function lameOf(dir: string, name: string, wavBytes: Uint8Array, args: string[]) {
  const wavPath = await put(dir, `${name}.src.wav`, wavBytes);
  const path = `${dir}/${name}`;
  await run("lame", ["--quiet", ...args, wavPath, path]);
  return path;
}

/** Frames, sample rate and channels as libsndfile (mpg123, gapless) reports them. */
async function soundfileInfo(paths: string[]): Promise<[number, number, number][]> {
  const out = await run("/usr/bin/python3", [
    "-c",
    "import soundfile,sys\nfor p in sys.argv[1:]:\n i=soundfile.info(p); print(i.frames, i.samplerate, i.channels)",
    ...paths,
  ]);
  return out.trim().split("\n").map((l) => l.split(" ").map(Number) as [number, number, number]);
}

Deno.test({
  name: "probe reads MP3 made by lame: CBR Info, VBR Xing, no tag, ID3v2, MPEG-2, truncated",
  ignore: !hasLame,
  fn: async () => {
    await withDir(async (dir) => {
      const stereo = F.wav({
        codec: "pcm_s16le",
        sampleRate: 44100,
        samples: F.ramp(44100, 2, 20000),
      });
      const mono22 = F.wav({
        codec: "pcm_s16le",
        sampleRate: 22050,
        samples: F.ramp(50715, 1, 20000),
      });
      const cbr = await probe(await lameOf(dir, "cbr.mp3", stereo, ["-b", "128"]));
      assert.deepEqual(
        [cbr.format, cbr.codec, cbr.sampleFormat, cbr.sampleRate, cbr.channels, cbr.bitsPerSample],
        ["mp3", "mp3", "compressed", 44100, 2, 0],
      );
      // The LAME tag's encoder delay and padding are removed: the original length comes back.
      assert.equal(cbr.frames, 44100);
      assert.deepEqual(cbr.flags, ["gapless"]);
      const vbr = await probe(await lameOf(dir, "vbr.mp3", stereo, ["-V", "4"]));
      assert.equal(vbr.frames, 44100);
      assert.deepEqual(vbr.flags, ["vbr", "gapless"]);
      // No Xing/LAME tag: every frame header is counted, delay and padding stay in.
      const raw = await probe(await lameOf(dir, "notag.mp3", stereo, ["-t", "-b", "128"]));
      assert.equal(raw.frames % 1152, 0);
      assert.ok(raw.frames >= 44100 && raw.frames <= 44100 + 2 * 1152, `${raw.frames}`);
      assert.deepEqual(raw.flags, []);
      assert.equal(raw.dataOffset, 0);
      const id3 = await probe(
        await lameOf(dir, "id3.mp3", stereo, ["--add-id3v2", "--tt", "Title", "-b", "128"]),
      );
      assert.equal(id3.frames, 44100);
      assert.ok(id3.dataOffset > 10);
      const mpeg2 = await probe(await lameOf(dir, "m2.mp3", mono22, ["-V", "2"]));
      assert.deepEqual([mpeg2.sampleRate, mpeg2.channels, mpeg2.frames], [22050, 1, 50715]);
      // Cut a VBR file in half: the Xing byte count runs past the end, so frames are counted.
      const full = await Deno.readFile(`${dir}/vbr.mp3`);
      const half = await probe(await put(dir, "half.mp3", full.subarray(0, full.length >> 1)));
      assert.ok(half.flags.includes("truncated"));
      assert.ok(half.frames < 44100 * 0.7 && half.frames > 44100 * 0.3, `${half.frames}`);
    });
  },
});

Deno.test({
  name: "probe MP3 frames agree with soxi within encoder delay, and equal libsndfile's",
  ignore: !hasLame || !hasSox,
  fn: async () => {
    await withDir(async (dir) => {
      const stereo = F.wav({
        codec: "pcm_s16le",
        sampleRate: 44100,
        samples: F.ramp(44100, 2, 20000),
      });
      const mono = F.wav({
        codec: "pcm_s16le",
        sampleRate: 16000,
        samples: F.ramp(20000, 1, 20000),
      });
      const paths = [
        await lameOf(dir, "cbr.mp3", stereo, ["-b", "128"]),
        await lameOf(dir, "vbr.mp3", stereo, ["-V", "4"]),
        await lameOf(dir, "notag.mp3", stereo, ["-t", "-b", "128"]),
        await lameOf(dir, "mono16k.mp3", mono, ["-V", "5"]),
      ];
      for (const path of paths) {
        const info = await probe(path);
        const sox = await soxi(path);
        assert.equal(info.sampleRate, sox.rate, path);
        assert.equal(info.channels, sox.channels, path);
        // sox 14.4 counts the Xing/Info frame and encoder delay+padding (and estimates CBR
        // length from the file size, rounded to milliseconds); we remove the LAME delay and
        // padding. Both stay within two frames plus delay+padding (< 2 frames) of each other.
        const spf = info.sampleRate >= 32000 ? 1152 : 576;
        assert.ok(
          Math.abs(info.frames - sox.frames) <= 4 * spf,
          `${path}: ${info.frames} vs ${sox.frames}`,
        );
      }
      if (hasSoundfile) {
        const sf = await soundfileInfo(paths.filter((p) => !p.endsWith("notag.mp3")));
        const ours = await Promise.all(
          paths.filter((p) => !p.endsWith("notag.mp3")).map(async (p) => {
            const i = await probe(p);
            return [i.frames, i.sampleRate, i.channels];
          }),
        );
        assert.deepEqual(ours, sf);
      }
    });
  },
});

Deno.test("probeMany returns results and errors in order, at any concurrency", async () => {
  await withDir(async (dir) => {
    const fx = pcmFixtures();
    const paths = [
      await put(dir, "a.wav", fx["s16.wav"]),
      await put(dir, "b.wav", new Uint8Array(0)),
      await put(dir, "c.aiff", fx["a16.aiff"]),
      `${dir}/missing.wav`,
      await put(dir, "e.txt", new TextEncoder().encode("text")),
      await put(dir, "f.wav", fx["rf64.wav"]),
    ];
    const expected = [null, "empty", null, "io", "not_audio", null];
    for (const concurrency of [1, 3, 16]) {
      const results = await probeMany(paths, { concurrency });
      assert.deepEqual(results.map((r) => r.path), paths);
      assert.deepEqual(results.map((r) => r.error?.reason ?? null), expected);
      assert.deepEqual(results.map((r) => r.info?.frames ?? null), [
        1000,
        null,
        1234,
        null,
        null,
        500,
      ]);
    }
    await assert.rejects(probeMany(paths, { concurrency: 0 }), RangeError);
  });
});

Deno.test("probe reads a data chunk placed before fmt by seeking past it", async () => {
  await withDir(async (dir) => {
    const data = F.encodeSamples(F.ramp(50, 2, 1000), "pcm_s16le");
    const bytes = F.riffWave([
      { id: "data", body: data },
      F.fmtChunk({ tag: 1, channels: 2, sampleRate: 8000, bits: 16 }),
    ]);
    const info = await probe(await put(dir, "late_fmt.wav", bytes));
    assert.equal(info.frames, 50);
    assert.equal(info.dataOffset, 20);
  });
});

/** Seeded generator (mulberry32) for the damage test. */
function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("probeBytes turns damaged and cut headers into AudioFileError, never a crash", () => {
  const rnd = mulberry32(2026);
  const fx = pcmFixtures();
  const reasons = new Set(["empty", "header_only", "not_audio", "unsupported", "corrupt"]);
  for (const name of ["s16.wav", "ext24.wav", "rf64.wav", "odd.wav", "a16.aiff", "sowt.aifc"]) {
    const base = fx[name];
    for (let k = 0; k < 400; k++) {
      let b = base.slice();
      if (k % 2 === 0) b = b.subarray(0, Math.floor(rnd() * 200));
      else {
        for (let m = 0; m < 1 + (k % 4); m++) b[Math.floor(rnd() * 120)] = Math.floor(rnd() * 256);
      }
      try {
        const info = probeBytes(b, name);
        assert.ok(info.frames > 0 && info.sampleRate > 0 && info.channels > 0, name);
        assert.ok(info.dataOffset + info.dataSize <= info.fileSize, name);
      } catch (err) {
        assert.ok(err instanceof AudioFileError, `${name}: ${err}`);
        assert.ok(reasons.has(err.reason), `${name}: ${err.reason}`);
      }
    }
  }
});
