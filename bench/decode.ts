/**
 * Side-by-side: whole-file decode of FLAC and MP3 with the SDK's `decode` (WASM decoders,
 * in-process, file read included) against the reference command-line decoders run as whole
 * processes (`flac -d`, `lame --decode`, `sox`), writing to /dev/null.
 *
 * Run: `deno run -A bench/decode.ts [seconds]` (default 60 s of stereo 44.1 kHz audio).
 * Prints the median of 5 runs for each and the ratio SDK / reference (below 1: the SDK is faster).
 *
 * @module
 */

import { decode } from "../sdk/audio/decode.ts";
import { writeWav } from "../sdk/audio/wav_writer.ts";
import { mulberry32 } from "../sdk/audio/prng.ts";

const RUNS = 5;

async function hasCommand(cmd: string): Promise<boolean> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v "$0"`, cmd], stdout: "null" })
    .output();
  return out.success;
}

async function sh(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: WASM compilation, page cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

/**
 * Build the test files and print one line per comparison.
 *
 * @param seconds Length of the test signal.
 * @returns Resolves when done.
 */
async function main(seconds: number): Promise<void> {
  const rate = 44100;
  const frames = rate * seconds;
  const rnd = mulberry32(1);
  const make = (f: number) =>
    new Float32Array(frames).map((_, i) =>
      0.4 * Math.sin(2 * Math.PI * f * i / rate) + 0.05 * (rnd() - 0.5)
    );
  const dir = await Deno.makeTempDir({ prefix: "bench-decode-" });
  try {
    const wav = `${dir}/a.wav`;
    await writeWav(wav, { sampleRate: rate, channels: [make(440), make(660)] });
    console.log(`Signal: ${seconds} s stereo ${rate} Hz, median of ${RUNS} runs`);
    const rows: [string, string, () => Promise<unknown>, () => Promise<unknown>][] = [];
    if (await hasCommand("flac")) {
      await sh("flac", ["-s", "-f", "-o", `${dir}/a.flac`, wav]);
      rows.push([
        "FLAC",
        "flac -d",
        () => decode(`${dir}/a.flac`),
        () => sh("flac", ["-s", "-d", "-c", "-f", `${dir}/a.flac`]),
      ]);
    }
    if (await hasCommand("lame")) {
      await sh("lame", ["--quiet", "-b", "192", wav, `${dir}/a.mp3`]);
      rows.push([
        "MP3",
        "lame --decode",
        () => decode(`${dir}/a.mp3`),
        () => sh("lame", ["--quiet", "--decode", `${dir}/a.mp3`, "/dev/null"]),
      ]);
    }
    if (await hasCommand("sox")) {
      for (const ext of ["flac", "mp3"]) {
        try {
          await Deno.stat(`${dir}/a.${ext}`);
        } catch {
          continue;
        }
        rows.push([
          ext.toUpperCase(),
          "sox -> raw",
          () => decode(`${dir}/a.${ext}`),
          () => sh("sox", [`${dir}/a.${ext}`, "-t", "f32", "/dev/null"]),
        ]);
      }
    }
    if (rows.length === 0) {
      console.log("No reference decoder (flac, lame, sox) found: nothing to compare");
    }
    for (const [format, refName, ours, ref] of rows) {
      const a = await median(ours);
      const b = await median(ref);
      console.log(
        `${format.padEnd(5)} decode ${a.toFixed(1).padStart(8)} ms | ${refName.padEnd(14)} ${
          b.toFixed(1).padStart(8)
        } ms | ratio ${(a / b).toFixed(2)}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const seconds = Number(Deno.args[0] ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    console.error(`Invalid length "${Deno.args[0]}": expected a positive number of seconds`);
    Deno.exit(2);
  }
  await main(seconds);
}
