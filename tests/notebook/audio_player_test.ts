import assert from "node:assert/strict";
import type { AudioData } from "../../sdk/audio/types.ts";
import { audioPlayer } from "../../sdk/notebook/audio_player.ts";
import { $display, bundleBytes } from "../../sdk/notebook/display.ts";

interface ParsedWav {
  sampleRate: number;
  channels: number;
  bits: number;
  samples: Int16Array;
}

/** Parse a PCM WAV by walking its chunks (the writer puts a JUNK chunk first). */
function parseWav(bytes: Uint8Array): ParsedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => new TextDecoder().decode(bytes.subarray(o, o + 4));
  assert.equal(tag(0), "RIFF");
  assert.equal(tag(8), "WAVE");
  assert.equal(view.getUint32(4, true), bytes.length - 8);
  let o = 12;
  let fmt: Omit<ParsedWav, "samples"> | undefined;
  while (o + 8 <= bytes.length) {
    const id = tag(o);
    const size = view.getUint32(o + 4, true);
    if (id === "fmt ") {
      fmt = {
        channels: view.getUint16(o + 10, true),
        sampleRate: view.getUint32(o + 12, true),
        bits: view.getUint16(o + 22, true),
      };
    }
    if (id === "data") {
      assert.ok(fmt, "fmt chunk before data");
      assert.equal(o + 8 + size <= bytes.length, true);
      const copy = bytes.slice(o + 8, o + 8 + size);
      return { ...fmt, samples: new Int16Array(copy.buffer) };
    }
    o += 8 + size + (size % 2);
  }
  throw new Error("No data chunk");
}

function wavOfPlayer(html: string): ParsedWav {
  const m = /src="data:audio\/wav;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  assert.ok(m, "data URI in the audio element");
  return parseWav(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
}

function tone(sr: number, seconds: number, hz: number, amp = 0.5, channels = 1): AudioData {
  const n = Math.round(sr * seconds);
  const ch = new Float32Array(n);
  for (let i = 0; i < n; i++) ch[i] = amp * Math.sin((2 * Math.PI * hz * i) / sr);
  return { sampleRate: sr, channels: Array.from({ length: channels }, () => ch.slice()) };
}

function rms(x: Int16Array, from = 200, to = x.length - 200): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] / 32768) ** 2;
  return Math.sqrt(s / (to - from));
}

Deno.test("audioPlayer data URI decodes back to a valid 16-bit WAV of the right length", () => {
  const p = audioPlayer(tone(16000, 1, 440), { title: "tone" });
  const b = p[$display]();
  assert.deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  const html = b["text/html"] as string;
  assert.match(
    html,
    /^<div class="audiocurate-audio">.*<audio controls [^>]*src="data:audio\/wav;base64,/,
  );
  const wav = wavOfPlayer(html);
  assert.equal(wav.sampleRate, 16000);
  assert.equal(wav.channels, 1);
  assert.equal(wav.bits, 16);
  assert.equal(wav.samples.length, 16000);
  assert.equal(p.caption, "tone: 1.0 s, 16000 Hz, 1 ch");
  assert.equal(b["text/plain"], "Audio tone: 1.0 s, 16000 Hz, 1 ch");
  assert.deepEqual(p.notes, []);
});

Deno.test("audioPlayer cuts to maxSeconds and says so", () => {
  const p = audioPlayer(tone(16000, 95.2, 440), { maxSeconds: 30, maxBytes: 10_000_000 });
  const wav = wavOfPlayer(p[$display]()["text/html"] as string);
  assert.equal(wav.samples.length, 30 * 16000);
  assert.equal(p.shownSeconds, 30);
  assert.match(p.caption, /playing first 30\.0 s of 95\.2 s \(to fit maxSeconds 30\)$/);
});

Deno.test("audioPlayer cuts to the 1 MB budget and says so", () => {
  const p = audioPlayer(tone(16000, 95.2, 440));
  const b = p[$display]();
  assert.ok(bundleBytes(b) <= 1_000_000, `bundle is ${bundleBytes(b)} bytes`);
  assert.ok(bundleBytes(b) > 900_000, "uses most of the budget");
  assert.ok(!String(b["text/plain"]).startsWith("Output too large"));
  const wav = wavOfPlayer(b["text/html"] as string);
  assert.equal(wav.sampleRate, 16000);
  assert.equal(wav.samples.length, Math.round(p.shownSeconds * 16000));
  assert.ok(p.shownSeconds > 20 && p.shownSeconds < 30, String(p.shownSeconds));
  assert.match(p.caption, /first \d+\.\d s of 95\.2 s \(to fit the 1\.00 MB output budget\)$/);
});

Deno.test("audioPlayer mixes stereo to mono and decimates with a low-pass to fit", () => {
  const low = audioPlayer(tone(48000, 10, 1000, 0.5, 2));
  assert.equal(low.channels, 1);
  assert.equal(low.sampleRate, 24000);
  assert.equal(low.shownSeconds, 10);
  assert.match(
    low.caption,
    /playing mixed 2 channels to mono, resampled 48000 → 24000 Hz \(to fit the 1\.00 MB output budget\)$/,
  );
  const wl = wavOfPlayer(low[$display]()["text/html"] as string);
  assert.equal(wl.channels, 1);
  assert.equal(wl.sampleRate, 24000);
  assert.equal(wl.samples.length, 240000);
  assert.ok(Math.abs(rms(wl.samples) - 0.5 / Math.SQRT2) < 0.01, "1 kHz passes");
  const high = audioPlayer(tone(48000, 10, 20000, 0.5, 2));
  const wh = wavOfPlayer(high[$display]()["text/html"] as string);
  assert.ok(rms(wh.samples) < 0.005, `20 kHz is filtered, rms ${rms(wh.samples)}`);
});

Deno.test("audioPlayer keeps the rate when minSampleRate forbids resampling", () => {
  const p = audioPlayer(tone(48000, 10, 1000), { minSampleRate: 48000 });
  assert.equal(p.sampleRate, 48000);
  assert.ok(p.shownSeconds < 10);
  assert.match(p.caption, /first \d+\.\d s of 10\.0 s/);
});

Deno.test("audioPlayer normalizes to -1 dBFS and clips out-of-range samples", () => {
  const quiet = audioPlayer(tone(16000, 0.5, 440, 0.1), { normalize: true });
  const w = wavOfPlayer(quiet[$display]()["text/html"] as string);
  const peak = Math.max(...w.samples.map(Math.abs));
  assert.ok(Math.abs(peak / 32767 - 10 ** (-1 / 20)) < 0.01, String(peak));
  assert.match(quiet.caption, /normalized \(\+19\.0 dB\)/);
  const loud = audioPlayer(tone(16000, 0.5, 440, 1.5));
  assert.match(loud.caption, /samples beyond ±1 clipped/);
});

Deno.test("audioPlayer rejects malformed audio", () => {
  assert.throws(() => audioPlayer({ sampleRate: 16000, channels: [] }), /no channels/);
  assert.throws(
    () => audioPlayer({ sampleRate: 16000, channels: [new Float32Array(3), new Float32Array(2)] }),
    /channels differ in length: "3, 2"/,
  );
  assert.throws(
    () => audioPlayer({ sampleRate: 0, channels: [new Float32Array(3)] }),
    /sample rate "0"/,
  );
});
