/**
 * Benchmark of `probe` and the streaming WAV reader.
 *
 * `deno run -A bench/probe.ts [--files N]` (default 10000):
 *  (a) whole process: `deno run -A bench/_probe_all.ts DIR` against a Python `soundfile.info`
 *      loop over the same files (both list the directory and sort), best of 5 after a warm-up;
 *  (b) in-process files/s of probeSync, probe, probeMany (sequential and concurrent), and of
 *      `soundfile.info` inside one Python process for reference;
 *  (c) a range read of 1 s from the middle of a sparse 2-hour 48 kHz stereo 16-bit WAV: bytes
 *      read and resident memory before and after.
 *
 * The small WAVs are cached under `tmp/bench-probe/<N>/` and reused.
 *
 * @module
 */

import { probe, probeSync } from "../sdk/audio/probe.ts";
import { probeMany } from "../sdk/audio/probe_many.ts";
import { WavReader } from "../sdk/audio/wav_reader.ts";
import { ensureSmallWavTree } from "./_wav_tree.ts";
import { encodeWav } from "../sdk/audio/wav_writer.ts";

const PYTHON = "/usr/bin/python3";
const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

function argFiles(): number {
  const i = Deno.args.indexOf("--files");
  const n = i >= 0 ? Number(Deno.args[i + 1]) : 10000;
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--files must be a positive whole number, got "${Deno.args[i + 1]}"`);
    Deno.exit(2);
  }
  return n;
}

/** A small mono 16-bit WAV of `frames` frames (silence with a ramp; content is irrelevant). */
function listSorted(dir: string): string[] {
  const names: string[] = [];
  for (const e of Deno.readDirSync(dir)) if (e.name.endsWith(".wav")) names.push(e.name);
  return names.sort().map((n) => `${dir}/${n}`);
}

async function timeProcess(cmd: string, args: string[]): Promise<{ ms: number; out: string }> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  if (!out.success) {
    throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return { ms, out: new TextDecoder().decode(out.stdout).trim() };
}

async function best(runs: number, f: () => Promise<number>): Promise<number> {
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, await f());
  return b;
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
}

async function hasSoundfile(): Promise<boolean> {
  try {
    const out = await new Deno.Command(PYTHON, {
      args: ["-c", "import soundfile"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

const n = argFiles();
const dir = ensureSmallWavTree(n);
const paths = listSorted(dir);
const pyLoop = [
  "import soundfile,sys,os",
  "d=sys.argv[1]",
  "ok=bad=fr=0",
  "for n in sorted(os.listdir(d)):",
  "  try:",
  "    fr+=soundfile.info(os.path.join(d,n)).frames; ok+=1",
  "  except Exception: bad+=1",
  "print(ok,bad,fr)",
].join("\n");
const pyRate = [
  "import soundfile,sys,os,time",
  "d=sys.argv[1]",
  "ps=[os.path.join(d,n) for n in sorted(os.listdir(d)) if n.endswith('.wav')]",
  "b=1e9",
  "for r in range(3):",
  "  t=time.perf_counter()",
  "  for p in ps: soundfile.info(p)",
  "  b=min(b,time.perf_counter()-t)",
  "print(len(ps)/b)",
].join("\n");

console.log(`probe benchmark: ${n} small WAV files in ${dir}`);
console.log(`deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs\n`);

// (a) whole process
const denoArgs = ["run", "-A", `${ROOT}/bench/_probe_all.ts`, dir];
const py = await hasSoundfile();
const warmD = await timeProcess(Deno.execPath(), denoArgs);
let denoMs = Infinity;
let pyMs = Infinity;
for (let i = 0; i < 5; i++) {
  denoMs = Math.min(denoMs, (await timeProcess(Deno.execPath(), denoArgs)).ms);
}
let pyOut = "";
if (py) {
  pyOut = (await timeProcess(PYTHON, ["-c", pyLoop, dir])).out;
  for (let i = 0; i < 5; i++) {
    pyMs = Math.min(pyMs, (await timeProcess(PYTHON, ["-c", pyLoop, dir])).ms);
  }
}
const w = [44, 12, 14];
console.log("(a) whole process, same sorted file list, best of 5 after a warm-up");
console.log(row(["command", "time (ms)", "files/s"], w));
console.log(
  row([`deno run -A bench/_probe_all.ts`, denoMs.toFixed(0), (n / denoMs * 1000).toFixed(0)], w),
);
if (py) {
  console.log(
    row([`python3 soundfile.info loop`, pyMs.toFixed(0), (n / pyMs * 1000).toFixed(0)], w),
  );
  console.log(`ratio python / deno: ${(pyMs / denoMs).toFixed(2)}x  (goal >= 2x)`);
  const [dOk, , dFrames] = warmD.out.split(" ").map(Number);
  const [pOk, , pFrames] = pyOut.split(" ").map(Number);
  console.log(
    `same answers: deno ${dOk} files / ${dFrames} frames, python ${pOk} files / ${pFrames} frames` +
      (dOk === pOk && dFrames === pFrames ? " (equal)" : " (DIFFERENT)"),
  );
} else {
  console.log("python3 soundfile not available: reference skipped");
}

// (b) in-process
console.log("\n(b) in process, best of 5 passes over the files");
const wb = [44, 14];
console.log(row(["call", "files/s"], wb));
const rate = (ms: number) => (n / ms * 1000).toFixed(0);
const sync = await best(5, () => {
  const t = performance.now();
  for (const p of paths) probeSync(p);
  return Promise.resolve(performance.now() - t);
});
console.log(row(["probeSync(path) loop", rate(sync)], wb));
const asyncApi = await best(5, async () => {
  const t = performance.now();
  for (const p of paths) await probe(p);
  return performance.now() - t;
});
console.log(row(["await probe(path) loop", rate(asyncApi)], wb));
for (const concurrency of [1, 16]) {
  const ms = await best(5, async () => {
    const t = performance.now();
    await probeMany(paths, { concurrency });
    return performance.now() - t;
  });
  const how = concurrency === 1 ? "sync reads" : "async reads";
  console.log(row([`probeMany concurrency ${concurrency} (${how})`, rate(ms)], wb));
}
if (py) {
  const r = Number((await timeProcess(PYTHON, ["-c", pyRate, dir])).out);
  console.log(row(["python3 soundfile.info loop (reference)", r.toFixed(0)], wb));
}

// (c) range read from a sparse 2-hour file
console.log("\n(c) 1 s from the middle of a 2-hour 48 kHz stereo 16-bit WAV (sparse file)");
const rate48 = 48000;
const frames = 2 * 3600 * rate48;
const dataSize = frames * 4;
const longPath = `${ROOT}/tmp/bench-probe/long_2h.wav`;
// A 16-bit stereo header with an empty data chunk (the data chunk is last), sizes patched.
const silence = new Float32Array(0);
const header = encodeWav({ sampleRate: rate48, channels: [silence, silence] });
{
  const v = new DataView(header.buffer);
  v.setUint32(4, header.length - 8 + dataSize, true);
  v.setUint32(header.length - 4, dataSize, true);
}
await Deno.writeFile(longPath, header);
await Deno.truncate(longPath, header.length + dataSize);
const diskKiB = Number(
  (await timeProcess("du", ["-k", longPath])).out.split(/\s+/)[0],
);
const rssBefore = Deno.memoryUsage().rss;
const reader = await WavReader.open(longPath);
const headerBytes = reader.bytesRead;
const t0 = performance.now();
const audio = await reader.read(frames / 2, frames / 2 + rate48);
const readMs = performance.now() - t0;
const rangeBytes = reader.bytesRead - headerBytes;
reader.close();
const rssAfter = Deno.memoryUsage().rss;
const mib = (b: number) => (b / 1048576).toFixed(1);
const wc = [34, 22];
console.log(
  row(["file size", `${mib(header.length + dataSize)} MiB (${diskKiB} KiB on disk)`], wc),
);
console.log(row(["frames read", `${audio.channels[0].length} x ${audio.channels.length} ch`], wc));
console.log(row(["bytes read: header (probe)", headerBytes], wc));
console.log(row(["bytes read: range", `${rangeBytes} (= ${rate48} frames x 4 bytes)`], wc));
console.log(row(["read time", `${readMs.toFixed(2)} ms`], wc));
console.log(row(["RSS before / after", `${mib(rssBefore)} / ${mib(rssAfter)} MiB`], wc));
console.log(
  rangeBytes === rate48 * 4
    ? `only the requested range was read: ${headerBytes + rangeBytes} bytes of ${
      header.length + dataSize
    }`
    : `UNEXPECTED: read ${rangeBytes} bytes for a ${rate48 * 4}-byte range`,
);
await Deno.remove(longPath);
