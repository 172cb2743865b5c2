/**
 * Sample-rate conversion, speed and cleanliness side by side: the SDK's `resample` with each
 * converter (`polyphase`, libsamplerate `best`, `medium`, `fastest`) against SoX's `rate`
 * (its default, "high" quality), the tool users would reach for.
 *
 * - Speed: 60 s of stereo noise-plus-tones at 48 kHz and at 44.1 kHz converted to 16 kHz. The
 *   SDK path is decode + resample + encode to WAV bytes, in process; SoX's is the whole
 *   `sox in.wav -r 16000 out.wav` process. Median of 3 runs; ratio = SDK / SoX (below 1: faster).
 * - Cleanliness, 48 kHz to 16 kHz: the level left of a 12 kHz tone (above the new Nyquist
 *   frequency, so ideally nothing) and the error on a 1 kHz tone, in dB relative to the tone.
 *
 * Run: `deno run -A bench/resample.ts [--seconds N]` (or `deno task bench resample`).
 *
 * @module
 */

import { intArg } from "./_args.ts";
import { decode } from "../sdk/audio/decode.ts";
import { mulberry32 } from "../sdk/audio/prng.ts";
import { resample, type ResampleQuality } from "../sdk/audio/resample.ts";
import { encodeWav, writeWav } from "../sdk/audio/wav_writer.ts";

const SECONDS = intArg("--seconds", 60);
const RUNS = 3;
const QUALITIES: ResampleQuality[] = ["polyphase", "best", "medium", "fastest"];

async function hasSox(): Promise<boolean> {
  try {
    return (await new Deno.Command("sox", { args: ["--version"], stdout: "null" }).output())
      .success;
  } catch {
    return false;
  }
}

async function sox(args: string[]): Promise<void> {
  const out = await new Deno.Command("sox", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) throw new Error(`sox failed: ${new TextDecoder().decode(out.stderr)}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function program(rate: number, seconds: number): Float32Array[] {
  const rand = mulberry32(rate);
  const n = rate * seconds;
  return [0, 1].map((c) =>
    Float32Array.from(
      { length: n },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * (440 + 110 * c) * i) / rate) + 0.1 * (rand() - 0.5),
    )
  );
}

function tone(rate: number, hz: number, seconds: number): Float32Array {
  return Float32Array.from(
    { length: rate * seconds },
    (_, i) => 0.5 * Math.sin(2 * Math.PI * hz * i / rate),
  );
}

/** RMS of `y - ref` (or of `y` alone) over the middle, in dB relative to a 0.5-amplitude tone. */
function levelDb(y: Float32Array, ref: Float32Array | null): number {
  const edge = 2000;
  let s = 0;
  for (let i = edge; i < y.length - edge; i++) {
    const d = y[i] - (ref ? ref[i] : 0);
    s += d * d;
  }
  const rms = Math.sqrt(s / (y.length - 2 * edge));
  return 20 * Math.log10(Math.max(rms, 1e-12) / (0.5 * Math.SQRT1_2));
}

const dir = await Deno.makeTempDir({ prefix: "audiocurate-bench-resample-" });
try {
  const withSox = await hasSox();
  console.log(
    `resample benchmark: ${SECONDS} s stereo to 16 kHz, median of ${RUNS}; deno ${Deno.version.deno}` +
      (withSox ? "" : "; sox not found, so no reference (apt-get install sox)"),
  );
  for (const rate of [48000, 44100]) {
    const input = `${dir}/in_${rate}.wav`;
    await writeWav(input, { sampleRate: rate, channels: program(rate, SECONDS) }, {
      bitDepth: 16,
    });
    const soxMs = withSox ? await timed(() => sox([input, "-r", "16000", `${dir}/sox.wav`])) : NaN;
    console.log(`\n${rate} Hz to 16 kHz`);
    if (withSox) console.log(`  sox (rate -h, whole process)   ${soxMs.toFixed(0).padStart(6)} ms`);
    for (const q of QUALITIES) {
      const ms = await timed(async () => {
        const audio = await decode(input);
        encodeWav(await resample(audio, 16000, { quality: q }), { bitDepth: 16 });
      });
      const ratio = withSox ? `  ratio ${(ms / soxMs).toFixed(2)}` : "";
      console.log(`  ${`SDK ${q}`.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms${ratio}`);
    }
  }

  console.log("\ncleanliness, 48 kHz to 16 kHz (dB relative to the tone; lower is cleaner)");
  const high = tone(48000, 12000, 2), low = tone(48000, 1000, 2);
  const lowAt16 = tone(16000, 1000, 2);
  const rows: [string, Float32Array, Float32Array][] = [];
  for (const q of QUALITIES) {
    rows.push([
      `SDK ${q}`,
      (await resample({ sampleRate: 48000, channels: [high] }, 16000, { quality: q })).channels[0],
      (await resample({ sampleRate: 48000, channels: [low] }, 16000, { quality: q })).channels[0],
    ]);
  }
  if (withSox) {
    const viaSox = async (x: Float32Array): Promise<Float32Array> => {
      await writeWav(`${dir}/t.wav`, { sampleRate: 48000, channels: [x] }, {
        bitDepth: 32,
        float: true,
        overwrite: true,
      });
      await sox([
        `${dir}/t.wav`,
        "-e",
        "floating-point",
        "-b",
        "32",
        "-r",
        "16000",
        `${dir}/t16.wav`,
      ]);
      return (await decode(`${dir}/t16.wav`)).channels[0];
    };
    rows.push(["sox (rate -h)", await viaSox(high), await viaSox(low)]);
  }
  for (const [name, h, l] of rows) {
    console.log(
      `  ${name.padEnd(30)} 12 kHz left ${levelDb(h, null).toFixed(1).padStart(7)} dB, ` +
        `1 kHz error ${levelDb(l, lowAt16).toFixed(1).padStart(7)} dB`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
