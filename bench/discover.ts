/**
 * Benchmark of `discover`, whole process against whole process.
 *
 * `deno run -A bench/discover.ts [--files N]` (default 10000): the CLI
 * `deno run -A tasks/cli.ts discover --root DIR --output OUT.csv --force --quiet` against a
 * Python `os.walk` + `soundfile.info` walk of the same tree writing the same kind of CSV
 * (/usr/bin/python3), best of 5 after a warm-up each. The tree of small WAVs is the one
 * bench/probe.ts builds (`tmp/bench-probe/<N>/`), created here when missing. Goal: at least 2x.
 *
 * @module
 */

import { intArg } from "./_args.ts";
import { ensureSmallWavTree } from "./_wav_tree.ts";

const PYTHON = "/usr/bin/python3";
const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** A small mono 16-bit WAV (same recipe as bench/probe.ts). */
async function timeProcess(cmd: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  if (!out.success) {
    throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return ms;
}

async function best(runs: number, f: () => Promise<number>): Promise<number> {
  await f(); // warm-up (page cache, module cache)
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, await f());
  return b;
}

const PY_WALK = [
  "import os, sys, csv, soundfile",
  "root, out = sys.argv[1], sys.argv[2]",
  "skip = {'venv','.venv','env','.git','.github','__pycache__','.pytest_cache','node_modules',",
  "        'export','exported','exports','.cache'}",
  "exts = ('.wav','.aif','.aiff','.flac','.mp3')",
  "paths = []",
  "for d, dirs, files in os.walk(root):",
  "  dirs[:] = [x for x in dirs if x not in skip and not x.startswith('.')]",
  "  for f in files:",
  "    if f.lower().endswith(exts): paths.append(os.path.relpath(os.path.join(d, f), root))",
  "paths.sort()",
  "with open(out, 'w', newline='') as fh:",
  "  w = csv.writer(fh)",
  "  w.writerow(['id','rel_path','duration_sec','sample_rate','channels','file_size_mb'])",
  "  for i, p in enumerate(paths):",
  "    a = os.path.join(root, p)",
  "    try:",
  "      inf = soundfile.info(a)",
  "      w.writerow([f'audio_{i:04d}', p, inf.duration, inf.samplerate, inf.channels,",
  "                  os.path.getsize(a) / 2**20])",
  "    except Exception as e:",
  "      w.writerow([f'audio_{i:04d}', p, '', '', '', os.path.getsize(a) / 2**20])",
].join("\n");

const n = intArg("--files", 10000);
const dir = ensureSmallWavTree(n);
const out = await Deno.makeTempDir({ prefix: "bench-discover-" });
console.log(`discover benchmark: ${n} small WAV files in ${dir}`);
console.log(`deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs\n`);

const denoMs = await best(5, () =>
  timeProcess(Deno.execPath(), [
    "run",
    "-A",
    `${ROOT}/tasks/cli.ts`,
    "discover",
    "--root",
    dir,
    "--output",
    `${out}/deno.csv`,
    "--force",
    "--quiet",
  ]));
let pyMs = NaN;
try {
  pyMs = await best(5, () => timeProcess(PYTHON, ["-c", PY_WALK, dir, `${out}/py.csv`]));
} catch (err) {
  console.log(`Python soundfile walk unavailable: ${(err as Error).message.split("\n")[0]}`);
}
const lines = (p: string) => Deno.readTextFileSync(p).trimEnd().split("\n").length - 1;
console.log(
  `deno discover (whole process)     ${denoMs.toFixed(0).padStart(6)} ms  ${
    lines(`${out}/deno.csv`)
  } rows`,
);
if (Number.isFinite(pyMs)) {
  console.log(
    `python os.walk + soundfile.info   ${pyMs.toFixed(0).padStart(6)} ms  ${
      lines(`${out}/py.csv`)
    } rows`,
  );
  console.log(`ratio: ${(pyMs / denoMs).toFixed(2)}x faster (goal >= 2x)`);
}
await Deno.remove(out, { recursive: true });
