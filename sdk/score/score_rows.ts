/**
 * Score utterances with a set of initialised scorers: decode each utterance (and its clean
 * reference), run every scorer, and keep one scorer's failure from spoiling the others.
 * Shared by the in-process path and the worker threads.
 *
 * @module
 */

import { asZod } from "../config/_as_zod.ts";
import { decode } from "../audio/decode.ts";
import { errorSentence } from "../log/errors.ts";
import type { UtteranceRow } from "../table/schemas.ts";
import { getScorer, type Scorer, type ScorerInstance, type ScoreValues } from "./scorer.ts";
import type { ScoringConfig } from "./scoring_config.ts";

/** An initialised scorer. */
export interface ReadyScorer {
  /** The scorer. */
  scorer: Scorer<unknown>;
  /** Its validated config. */
  config: unknown;
  /** Its instance. */
  instance: ScorerInstance;
}

/** The scored values of one utterance, before the loss proxy. */
export interface ScoredRow {
  /** Utterance id. */
  utt_id: string;
  /** Values by column (numbers, null, or a Float32Array embedding). */
  values: ScoreValues;
  /** Duration of the decoded audio, seconds (null when it could not be decoded). */
  duration_sec: number | null;
  /** Sample rate of the decoded audio (null when it could not be decoded). */
  sr: number | null;
  /** Problems, one sentence each, joined with "; " (null when none). */
  error: string | null;
}

/**
 * Validate each configured scorer's settings and initialise it.
 *
 * @param config Scoring configuration.
 * @returns The scorers in configured order.
 * @throws {Error} For an unknown scorer or invalid settings, naming the scorer.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { registerScorer } from "./scorer.ts";
 * import { initScorers } from "./score_rows.ts";
 * import { ScoringConfigSchema } from "./scoring_config.ts";
 * registerScorer({
 *   name: "example_len", version: "1", description: "Samples", configSchema: z.object({}),
 *   columns: { example_len: "float64?" },
 *   init: () => Promise.resolve({ score: ({ audio }) => Promise.resolve({ example_len: audio.channels[0].length }) }),
 * }, { replace: true });
 * const ready = await initScorers(ScoringConfigSchema.parse({ data: { manifest: "m" }, scorers: ["example_len"] }));
 * console.log(ready[0].scorer.name); // example_len
 * ```
 */
export async function initScorers(config: ScoringConfig): Promise<ReadyScorer[]> {
  const out: ReadyScorer[] = [];
  for (const name of config.scorers) {
    const scorer = getScorer(name);
    const parsed = asZod(scorer.configSchema).safeParse(config.scorer[name] ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `Scorer "${name}" setting "${issue.path.join(".") || "(all)"}": ${issue.message}`,
      );
    }
    const instance = await scorer.init(parsed.data, {
      modelsDir: config.models_dir ?? undefined,
    });
    out.push({ scorer, config: parsed.data, instance });
  }
  return out;
}

/**
 * Score one utterance with every scorer. Decoding failures and scorer failures are recorded in
 * `error`; the failing scorer's columns stay null and the others still run.
 *
 * @param row The manifest row, with `path` and `clean_path` resolved to readable paths.
 * @param scorers Initialised scorers.
 * @returns The values.
 *
 * @example
 * ```ts
 * import { scoreRow } from "./score_rows.ts";
 * const res = await scoreRow(
 *   { utt_id: "u", path: "/nonexistent.wav", duration_sec: 1, sr: 16000, language: "en", distortion: "noise", split: "train" },
 *   [],
 * );
 * console.log(res.error?.includes("/nonexistent.wav")); // true
 * ```
 */
export async function scoreRow(row: UtteranceRow, scorers: ReadyScorer[]): Promise<ScoredRow> {
  const values: ScoreValues = {};
  for (const { scorer } of scorers) {
    for (const col of Object.keys(scorer.columns)) values[col] = null;
  }
  const errors: string[] = [];
  let audio;
  try {
    audio = await decode(row.path);
  } catch (err) {
    return { utt_id: row.utt_id, values, duration_sec: null, sr: null, error: errorSentence(err) };
  }
  let clean;
  const cleanPath = row.clean_path as string | null | undefined;
  if (cleanPath && scorers.some((s) => s.scorer.needsClean)) {
    try {
      clean = await decode(cleanPath);
    } catch (err) {
      errors.push(`clean reference: ${errorSentence(err)}`);
    }
  }
  for (const { scorer, instance } of scorers) {
    if (scorer.needsClean && !clean) continue;
    try {
      const got = await instance.score({ uttId: row.utt_id, row, audio, clean });
      for (const col of Object.keys(scorer.columns)) {
        const v = got[col];
        values[col] = v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? null : v;
      }
    } catch (err) {
      errors.push(`scorer ${scorer.name}: ${errorSentence(err)}`);
    }
  }
  return {
    utt_id: row.utt_id,
    values,
    duration_sec: audio.channels[0].length / audio.sampleRate,
    sr: audio.sampleRate,
    error: errors.length > 0 ? errors.join("; ") : null,
  };
}

/**
 * Close every scorer instance.
 *
 * @param scorers Initialised scorers.
 *
 * @example
 * ```ts
 * import { closeScorers } from "./score_rows.ts";
 * await closeScorers([]);
 * ```
 */
export async function closeScorers(scorers: ReadyScorer[]): Promise<void> {
  for (const s of scorers) await s.instance.close?.();
}
