/**
 * DNSMOS end to end beside the ONNX model calls alone, on the same clips in one process:
 *
 * - models alone: `runModels` (P.835 and P.808 sessions) on segments and P.808 inputs computed
 *   beforehand, so only the onnxruntime calls are timed;
 * - end to end: read and decode the WAV file, mix to mono, resample to 16 kHz, repeat/segment,
 *   compute the P.808 mel input, run the models, calibrate and average (the scorer's path).
 *
 * Ratio = end to end / models alone; the goal is at most 1.20 (our I/O, resampling and features
 * add at most 20 %). Clips: 20 of 10 s (one segment each), speech from data/demo/formats with
 * seeded white noise at 0 to 30 dB SNR, written as 16-bit WAV at 16 kHz (DNSMOS's own rate) and
 * at 48 kHz (resampled on the way in: the default polyphase converter, and libsamplerate's
 * "best" and "fastest" for comparison), and at 44.1 kHz (the default converter). One thread for onnxruntime (as each scoring worker uses);
 * best of `--runs` passes (default 2).
 *
 * Run: `deno run -A bench/dnsmos.ts [--clips N] [--runs N]` (or `deno task bench dnsmos`).
 * Models from `AUDIOCURATE_DNSMOS_DIR`, else `../shared/models/dnsmos`.
 *
 * @module
 */

import { intArg } from "./_args.ts";
import { decode } from "../sdk/audio/decode.ts";
import { downmix } from "../sdk/audio/downmix.ts";
import { mulberry32 } from "../sdk/audio/prng.ts";
import { resample, type ResampleQuality } from "../sdk/audio/resample.ts";
import { encodeWav } from "../sdk/audio/wav_writer.ts";
import { loadDnsmos } from "../sdk/score/dnsmos/dnsmos.ts";
import {
  DNSMOS_SEGMENT_SAMPLES,
  P808_INPUT_SAMPLES,
  P808Features,
} from "../sdk/score/dnsmos/dnsmos_features.ts";
import { dnsmosSegmentStarts, repeatToSegment } from "../sdk/score/dnsmos/dnsmos_segments.ts";
import { DnsmosConfigSchema, dnsmosValues } from "../sdk/score/scorers/dnsmos.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const MODELS = Deno.env.get("AUDIOCURATE_DNSMOS_DIR") ?? `${ROOT}/../shared/models/dnsmos`;
const CLIPS = intArg("--clips", 20);
const RUNS = intArg("--runs", 2);
const SECONDS = 10;

try {
  Deno.statSync(`${MODELS}/sig_bak_ovr.onnx`);
} catch {
  console.log(`skip: no DNSMOS models in ${MODELS} (run "deno task models")`);
  Deno.exit(0);
}

/** Demo speech of several voices at 16 kHz, concatenated. */
async function speechPool(): Promise<Float32Array> {
  const dir = `${ROOT}/data/demo/formats`;
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.includes("speech"))
    .sort();
  const parts: Float32Array[] = [];
  for (const n of names) {
    parts.push((await resample(downmix(await decode(`${dir}/${n}`)), 16000)).channels[0]);
    parts.push(new Float32Array(4800)); // 0.3 s pause
  }
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Clip i: 10 s of the pool from a clip-dependent offset, plus white noise at 0..30 dB SNR. */
function makeClip(pool: Float32Array, i: number): Float32Array {
  const n = SECONDS * 16000;
  const off = (i * 37813) % pool.length;
  const x = new Float32Array(n);
  let p = 0;
  for (let k = 0; k < n; k++) {
    x[k] = 0.8 * pool[(off + k) % pool.length];
    p += x[k] * x[k];
  }
  const snr = 30 - (i % 7) * 5;
  const g = Math.sqrt((3 * p / n) / 10 ** (snr / 10));
  const rnd = mulberry32(1000 + i);
  for (let k = 0; k < n; k++) x[k] += g * (2 * rnd() - 1);
  return x;
}

const tmp = await Deno.makeTempDir({ prefix: "bench-dnsmos-" });
try {
  const pool = await speechPool();
  const files: Record<number, string[]> = { 16000: [], 44100: [], 48000: [] };
  for (let i = 0; i < CLIPS; i++) {
    const clip = makeClip(pool, i);
    for (const rate of [16000, 44100, 48000]) {
      const audio = rate === 16000
        ? { sampleRate: 16000, channels: [clip] }
        : await resample({ sampleRate: 16000, channels: [clip] }, rate);
      const path = `${tmp}/clip${String(i).padStart(2, "0")}_${rate}.wav`;
      await Deno.writeFile(path, encodeWav(audio));
      files[rate].push(path);
    }
  }

  const dnsmos = await loadDnsmos({ modelsDir: MODELS, intraOpNumThreads: 1 });
  const features = new P808Features();
  // Prepared inputs (from the 16 kHz files) for the models-alone pass.
  const prepared: { segment: Float32Array; mel: Float32Array }[] = [];
  for (const path of files[16000]) {
    const audio = repeatToSegment((await decode(path)).channels[0]);
    for (const s of dnsmosSegmentStarts(audio.length)) {
      const segment = audio.slice(s, s + DNSMOS_SEGMENT_SAMPLES);
      prepared.push({ segment, mel: features.compute(segment.subarray(0, P808_INPUT_SAMPLES)) });
    }
  }

  let sink = 0;
  type Quality = ResampleQuality;
  const variants: [string, string[], Quality][] = [
    ["16 kHz WAV", files[16000], "polyphase"],
    ["48 kHz WAV, resample polyphase (default)", files[48000], "polyphase"],
    ["48 kHz WAV, resample best", files[48000], "best"],
    ["48 kHz WAV, resample fastest", files[48000], "fastest"],
    ["44.1 kHz WAV, resample polyphase (default)", files[44100], "polyphase"],
  ];
  const modelsAlone = async (i: number): Promise<number> => {
    const t0 = performance.now();
    sink += (await dnsmos.runModels(prepared[i].segment, prepared[i].mel)).raw.ovrl;
    return performance.now() - t0;
  };
  const endToEnd = async (path: string, quality: Quality): Promise<number> => {
    const config = DnsmosConfigSchema.parse({ resample_quality: quality });
    const t0 = performance.now();
    sink += (await dnsmosValues(dnsmos, await decode(path), config)).mos_ovrl as number;
    return performance.now() - t0;
  };
  /** Our own stages alone (no model calls), to show where the overhead goes. */
  const stages = async (path: string, quality: Quality) => {
    let t = performance.now();
    const audio = await decode(path);
    const dec = performance.now() - t;
    t = performance.now();
    const mono = await resample(downmix(audio), 16000, { quality });
    const res = performance.now() - t;
    t = performance.now();
    const x = repeatToSegment(mono.channels[0]);
    for (const s of dnsmosSegmentStarts(x.length)) {
      const seg = x.slice(s, s + DNSMOS_SEGMENT_SAMPLES);
      sink += features.compute(seg.subarray(0, P808_INPUT_SAMPLES))[0];
    }
    return { dec, res, feat: performance.now() - t };
  };

  // Warm-up: first runs of each session and of every code path.
  for (let i = 0; i < Math.min(2, CLIPS); i++) {
    await modelsAlone(i);
    for (const [, paths, q] of variants) await endToEnd(paths[i], q);
  }
  // Interleaved per clip, so that load changes on the machine hit both sides alike; per clip the
  // best of the runs.
  const models = new Array(CLIPS).fill(Infinity);
  const e2e = variants.map(() => new Array(CLIPS).fill(Infinity));
  const parts = variants.map(() => ({ dec: 0, res: 0, feat: 0 }));
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < CLIPS; i++) {
      models[i] = Math.min(models[i], await modelsAlone(i));
      for (let v = 0; v < variants.length; v++) {
        e2e[v][i] = Math.min(e2e[v][i], await endToEnd(variants[v][1][i], variants[v][2]));
      }
    }
  }
  for (let v = 0; v < variants.length; v++) {
    for (let i = 0; i < CLIPS; i++) {
      const s = await stages(variants[v][1][i], variants[v][2]);
      parts[v].dec += s.dec;
      parts[v].res += s.res;
      parts[v].feat += s.feat;
    }
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const per = (ms: number) => (ms / CLIPS).toFixed(1).padStart(6);
  const modelsMs = sum(models);
  console.log(
    `DNSMOS, ${CLIPS} clips of ${SECONDS} s (${prepared.length} segments), onnxruntime 1 thread, ` +
      `best of ${RUNS} per clip`,
  );
  console.log(`  models alone (P.835 + P.808 calls)         ${per(modelsMs)} ms/clip`);
  for (let v = 0; v < variants.length; v++) {
    const ms = sum(e2e[v]);
    const ratio = ms / modelsMs;
    console.log(
      `  end to end, ${variants[v][0].padEnd(30)} ${per(ms)} ms/clip  ratio ${
        ratio.toFixed(3)
      }  goal <= 1.20: ${ratio <= 1.2 ? "met" : "NOT met"}`,
    );
    console.log(
      `      our stages alone: decode ${per(parts[v].dec)}, resample ${per(parts[v].res)}, ` +
        `features ${per(parts[v].feat)} ms/clip`,
    );
  }
  await dnsmos.close();
  if (sink === 42) console.log(""); // keep the work observable
} finally {
  await Deno.remove(tmp, { recursive: true });
}
