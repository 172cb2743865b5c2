/**
 * Stage `audio_summary`: probe, decode and measure every audio file of a folder; writes
 * `audio_summary.csv` and `audio_summary.parquet`.
 *
 * @module
 */

import { z } from "zod";
import { join, resolve } from "node:path";
import { decode } from "../../sdk/audio/decode.ts";
import { probe } from "../../sdk/audio/probe.ts";
import { loudness } from "../../sdk/audio/dsp/loudness.ts";
import { crestFactor, peak, rms } from "../../sdk/audio/dsp/levels.ts";
import { defineStage } from "../../sdk/cache/stage.ts";
import { writeCsv } from "../../sdk/table/csv.ts";
import { writeParquet } from "../../sdk/table/parquet.ts";
import type { TableSpec } from "../../sdk/table/arrow.ts";
import { errorSentence } from "../../sdk/log/errors.ts";

/** Parameters of the stage (the `audio_summary` key of the pipeline params). */
export const AudioSummaryParams = z.object({
  audio_summary: z.object({
    input_dir: z.string().default("data/demo/formats"),
    extensions: z.array(z.string()).default([".wav", ".aif", ".aiff", ".flac", ".mp3"]),
  }).prefault({}),
});

/** Column types of `audio_summary.parquet`. */
export const AUDIO_SUMMARY_SPEC: TableSpec = {
  rel_path: "utf8",
  format: "utf8?",
  codec: "utf8?",
  sample_rate: "int32?",
  channels: "int32?",
  duration_sec: "float64?",
  integrated_lufs: "float64?",
  true_peak_dbtp: "float64?",
  rms_dbfs: "float64?",
  peak_dbfs: "float64?",
  crest_db: "float64?",
  error: "utf8?",
};

const db = (x: number | undefined) =>
  x !== undefined && Number.isFinite(x) ? Math.round(x * 100) / 100 : null;

/**
 * Measure one file: header facts, BS.1770-4 loudness, true peak, RMS, peak and crest factor.
 * A file that cannot be read gives a row with its `error` and nulls elsewhere.
 *
 * @param dir Folder the relative path is resolved against.
 * @param relPath File path relative to `dir`.
 * @returns One row of the audio summary table.
 *
 * @example
 * ```ts
 * import { measureFile } from "./audio_summary.ts";
 * const row = await measureFile("data/demo/formats", "en_speech_16k.wav");
 * console.log(row.sample_rate); // 16000
 * ```
 */
export async function measureFile(
  dir: string,
  relPath: string,
): Promise<Record<string, string | number | null>> {
  const path = join(dir, relPath);
  try {
    const info = await probe(path);
    const audio = await decode(path);
    const loud = loudness(audio);
    return {
      rel_path: relPath,
      format: info.format,
      codec: info.codec,
      sample_rate: info.sampleRate,
      channels: info.channels,
      duration_sec: Math.round(info.durationSec * 1000) / 1000,
      integrated_lufs: db(loud.integratedLufs),
      true_peak_dbtp: db(loud.truePeakDbtp),
      rms_dbfs: db(20 * Math.log10(rms(audio))),
      peak_dbfs: db(20 * Math.log10(peak(audio))),
      crest_db: db(20 * Math.log10(crestFactor(audio))),
      error: null,
    };
  } catch (err) {
    const row: Record<string, string | number | null> = {};
    for (const k of Object.keys(AUDIO_SUMMARY_SPEC)) row[k] = null;
    return { ...row, rel_path: relPath, error: errorSentence(err) };
  }
}

/** The `audio_summary` stage. */
export const audioSummaryStage = defineStage({
  name: "audio_summary",
  codeVersion: "1",
  params: AudioSummaryParams,
  inputs: ({ params }) => {
    const exts = new Set(params.audio_summary.extensions.map((e) => e.toLowerCase()));
    const dir = resolve(params.audio_summary.input_dir);
    const files: string[] = [];
    for (const e of Deno.readDirSync(dir)) {
      const dot = e.name.lastIndexOf(".");
      if (e.isFile && dot > 0 && exts.has(e.name.slice(dot).toLowerCase())) files.push(e.name);
    }
    return [{ root: dir, files: files.sort() }];
  },
  run: async ({ inputs, outDir, logger }) => {
    const [input] = inputs;
    const rows = [];
    for (const f of input.files) {
      const row = await measureFile(input.root, f);
      if (row.error) logger.warn(String(row.error));
      rows.push(row);
    }
    await writeCsv(join(outDir, "audio_summary.csv"), rows, {
      columns: Object.keys(AUDIO_SUMMARY_SPEC),
    });
    await writeParquet(join(outDir, "audio_summary.parquet"), rows, {
      schema: AUDIO_SUMMARY_SPEC,
      metadata: { producer: "audiocurate audio_summary v1" },
    });
  },
});
