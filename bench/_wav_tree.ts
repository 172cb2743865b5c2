/**
 * The tree of small WAV files shared by bench/probe.ts and bench/discover.ts, cached under
 * `tmp/bench-probe/<N>/` and reused between runs.
 *
 * @module
 */

import { encodeWav } from "../sdk/audio/wav_writer.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Make (once) `n` small 16-bit mono WAVs of 400..1999 frames at five sample rates.
 *
 * @param n Number of files.
 * @returns The folder holding exactly those files.
 */
export function ensureSmallWavTree(n: number): string {
  const dir = `${ROOT}/tmp/bench-probe/${n}`;
  const done = `${dir}.complete`; // beside the folder, so the folder holds only the WAVs
  try {
    Deno.statSync(done);
    return dir;
  } catch {
    // build below
  }
  Deno.mkdirSync(dir, { recursive: true });
  const rates = [8000, 16000, 22050, 44100, 48000];
  for (let i = 0; i < n; i++) {
    const frames = 400 + ((i * 7919) % 1600); // about 1 to 4 KB per file
    const samples = new Float32Array(frames).map((_, k) => ((k * 37) % 2000 - 1000) / 32768);
    const wav = encodeWav({ sampleRate: rates[i % rates.length], channels: [samples] });
    Deno.writeFileSync(`${dir}/f${String(i).padStart(6, "0")}.wav`, wav);
  }
  Deno.writeTextFileSync(done, "");
  return dir;
}
