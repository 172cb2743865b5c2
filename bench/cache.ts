/**
 * Benchmark of the hashing layer of the stage cache against coreutils `sha256sum`.
 *
 * `deno run -A bench/cache.ts [--mb 2048] [--files 1000]`:
 *  1. creates (or reuses) `--files` files totalling `--mb` MiB of seeded pseudo-random bytes
 *     under `tmp/bench-cache/data/` (sizes vary, from a seeded generator);
 *  2. first pass, no stat cache: `hashFiles` on its worker pool vs `xargs -P<cores> sha256sum`
 *     (same parallelism), and `hashFiles` with `concurrency: 1` vs plain `sha256sum` (what a
 *     user types; one process, one thread). Each is the best of 3, alternating; the page cache
 *     is dropped before every timed pass when `/proc/sys/vm/drop_caches` is writable (else the
 *     numbers are warm-cache numbers, and the output says so);
 *  3. no-op rerun: `dirChecksum` with a stat cache saved by a full pass (list + load cache + stat
 *     every file), printed as a ratio to a full re-hash (`rehash: true`).
 * Digests of ours and sha256sum are compared; a mismatch fails the run.
 *
 * @module
 */

import { join } from "node:path";
import { dirChecksum, listFiles } from "../sdk/cache/dir_checksum.ts";
import { hashFiles } from "../sdk/cache/hash_files.ts";
import { StatCache } from "../sdk/cache/stat_cache.ts";
import { mulberry32 } from "../sdk/audio/prng.ts";
import { intArg } from "./_args.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const OUT = `${ROOT}/tmp/bench-cache`;
const DATA = `${OUT}/data`;

const MB = intArg("--mb", 2048);
const FILES = intArg("--files", 1000);
const SEED = 2026;

function fileName(i: number): string {
  return `d${String(i % 10).padStart(2, "0")}/f${String(i).padStart(5, "0")}.bin`;
}

function sizes(): number[] {
  const rand = mulberry32(SEED);
  const w = Array.from({ length: FILES }, () => 0.25 + rand() * 1.5);
  const sum = w.reduce((a, b) => a + b, 0);
  const total = MB * 1048576;
  const out = w.map((x) => Math.floor((total * x) / sum));
  out[0] += total - out.reduce((a, b) => a + b, 0);
  return out;
}

/** Fill files with xorshift32 output (seeded per file); reuse them when params match. */
async function ensureData(): Promise<string[]> {
  const want = sizes();
  const names = want.map((_, i) => fileName(i));
  const stampPath = `${OUT}/params.json`;
  const stamp = JSON.stringify({ mb: MB, files: FILES, seed: SEED, v: 1 });
  let reuse = false;
  try {
    if ((await Deno.readTextFile(stampPath)) === stamp) {
      reuse = true;
      for (let i = 0; i < names.length && reuse; i++) {
        reuse = (await Deno.stat(join(DATA, names[i]))).size === want[i];
      }
    }
  } catch {
    reuse = false;
  }
  if (reuse) {
    console.log(`reusing ${FILES} files, ${MB} MiB in ${DATA}`);
    return names;
  }
  const t0 = performance.now();
  await Deno.remove(stampPath).catch(() => {});
  const buf = new Uint32Array(1 << 20); // 4 MiB
  const bytes = new Uint8Array(buf.buffer);
  for (let i = 0; i < FILES; i++) {
    const path = join(DATA, names[i]);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    const f = await Deno.open(path, { write: true, create: true, truncate: true });
    let x = (SEED * 2654435761 + i * 40503 + 1) >>> 0 || 1;
    let left = want[i];
    while (left > 0) {
      const n = Math.min(left, bytes.length);
      const words = (n + 3) >>> 2;
      for (let k = 0; k < words; k++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        buf[k] = x;
      }
      let off = 0;
      while (off < n) off += await f.write(bytes.subarray(off, n));
      left -= n;
    }
    f.close();
  }
  await Deno.writeTextFile(stampPath, stamp);
  const s = (performance.now() - t0) / 1000;
  console.log(`created ${FILES} files, ${MB} MiB in ${DATA} in ${s.toFixed(1)} s`);
  return names;
}

function dropCaches(): boolean {
  try {
    new Deno.Command("sync").outputSync();
    Deno.writeTextFileSync("/proc/sys/vm/drop_caches", "3");
    return true;
  } catch {
    return false;
  }
}

async function sha256sum(names: string[], parallel: number): Promise<Map<string, string>> {
  const cmd = parallel > 1
    ? new Deno.Command("xargs", {
      args: ["-0", `-P${parallel}`, `-n${Math.ceil(names.length / parallel)}`, "sha256sum"],
      cwd: DATA,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    })
    : new Deno.Command("sha256sum", {
      args: names,
      cwd: DATA,
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    });
  const child = cmd.spawn();
  if (parallel > 1) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(names.join("\0")));
    await w.close();
  }
  const out = await child.output();
  if (!out.success) throw new Error(`sha256sum failed with exit code ${out.code}`);
  const map = new Map<string, string>();
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    if (line) map.set(line.slice(66), line.slice(0, 64));
  }
  return map;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [(performance.now() - t0) / 1000, r];
}

const names = await ensureData();
const totalBytes = sizes().reduce((a, b) => a + b, 0);
const cores = navigator.hardwareConcurrency;
const cold = dropCaches();
console.log(
  cold
    ? "page cache dropped before every timed pass (cold reads)"
    : "could not write /proc/sys/vm/drop_caches: warm-cache numbers (files may still be in RAM)",
);

const best = { pool: Infinity, one: Infinity, xargs: Infinity, plain: Infinity };
let reference: Map<string, string> | undefined;
let ours: Map<string, string> | undefined;
for (let round = 0; round < 3; round++) {
  if (cold) dropCaches();
  const [tPool, r] = await timed(() => hashFiles(names, { root: DATA }));
  best.pool = Math.min(best.pool, tPool);
  ours = new Map(r.files.map((f) => [f.path, f.sha256]));
  if (cold) dropCaches();
  const [tX, m] = await timed(() => sha256sum(names, cores));
  best.xargs = Math.min(best.xargs, tX);
  reference = m;
  if (cold) dropCaches();
  const [tOne] = await timed(() => hashFiles(names, { root: DATA, concurrency: 1 }));
  best.one = Math.min(best.one, tOne);
  if (cold) dropCaches();
  const [tP] = await timed(() => sha256sum(names, 1));
  best.plain = Math.min(best.plain, tP);
}
for (const n of names) {
  if (ours!.get(n) !== reference!.get(n)) {
    console.error(
      `Digest mismatch for "${n}": ours ${ours!.get(n)}, sha256sum ${reference!.get(n)}`,
    );
    Deno.exit(1);
  }
}
const mbps = (t: number) => `${(totalBytes / 1e6 / t).toFixed(0)} MB/s`;
const line = (label: string, t: number) =>
  console.log(`${label.padEnd(44)} ${t.toFixed(3).padStart(7)} s  ${mbps(t).padStart(10)}`);
console.log(
  `\nfirst pass over ${FILES} files, ${
    (totalBytes / 1e9).toFixed(2)
  } GB, best of 3, ${cores} cores`,
);
line(`hashFiles, worker pool of ${Math.min(cores, FILES)}`, best.pool);
line(`xargs -0 -P${cores} sha256sum`, best.xargs);
line("hashFiles, concurrency 1 (inline)", best.one);
line("sha256sum (one process)", best.plain);
const r1 = best.pool / best.xargs;
const r2 = best.one / best.plain;
const r3 = best.pool / best.plain;
console.log(`ratio pool / xargs -P${cores} sha256sum:   ${r1.toFixed(3)} (goal <= 1.1)`);
console.log(`ratio inline / sha256sum:             ${r2.toFixed(3)} (goal <= 1.1)`);
console.log(`ratio pool / sha256sum (user's cmd):  ${r3.toFixed(3)} (goal <= 1.1)`);

// No-op rerun with the stat cache, against a full re-hash of the same folder.
const cachePath = `${OUT}/stat-cache.json`;
await Deno.remove(cachePath).catch(() => {});
{
  const cache = await StatCache.open(cachePath);
  await dirChecksum(DATA, { statCache: cache });
  await cache.save();
}
if (cold) dropCaches();
const [tFull, full] = await timed(async () => {
  const cache = await StatCache.open(cachePath);
  return await dirChecksum(DATA, { statCache: cache, rehash: true });
});
if (cold) dropCaches();
const [tNoop, noop] = await timed(async () => {
  const cache = await StatCache.open(cachePath);
  return await dirChecksum(DATA, { statCache: cache });
});
if (noop.checksum !== full.checksum) {
  console.error("No-op rerun gave a different folder checksum");
  Deno.exit(1);
}
const listed = (await listFiles(DATA)).length;
console.log(`\nno-op rerun with the stat cache (list ${listed} files, load cache, stat all)`);
line("dirChecksum, full re-hash (rehash: true)", tFull);
console.log(
  `${"dirChecksum, stat cache".padEnd(44)} ${tNoop.toFixed(3).padStart(7)} s  ` +
    `statHits ${noop.stats.statHits}, rehashed ${noop.stats.rehashed}`,
);
console.log(
  `ratio no-op / full re-hash:           ${(tNoop / tFull).toFixed(4)} (goal: no-op < 1 s: ${
    tNoop < 1 ? "met" : "NOT met"
  })`,
);
