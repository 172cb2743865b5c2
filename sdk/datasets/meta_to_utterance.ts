/**
 * From a `meta.tsv` row (one simulated pair) to an utterance manifest row: corpus and language
 * from the speaker id, fs, SNR, RIR and the distortion kinds.
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import type { UtteranceRow } from "../table/schemas.ts";
import { formatAugmentation } from "./augmentation.ts";
import { corpusOf, type CorpusRuleInput } from "./corpus_rules.ts";
import type { MetaRow } from "./urgent_meta.ts";

/**
 * Distortion labels, from the one that wins the `distortion` column to the last: `wind` (wind
 * noise replaced the noise), `packet_loss`, `codec`, `clip`, `bandwidth` (a bandwidth
 * limitation to a lower rate), `reverb`, `noise`; `clean` for a source without any. The same
 * labels and order as the simulation's `distortionLabel` (`sdk/simulate/distortion_label.ts`),
 * so imported and simulated manifests group alike.
 */
export const META_DISTORTION_LABELS: readonly [
  "wind",
  "packet_loss",
  "codec",
  "clip",
  "bandwidth",
  "reverb",
  "noise",
] = Object.freeze(
  ["wind", "packet_loss", "codec", "clip", "bandwidth", "reverb", "noise"] as const,
);

/**
 * Every distortion label of a simulated pair, in {@linkcode META_DISTORTION_LABELS} order: `wind` (a
 * wind-noise uid or tag) or `noise` (any other noise uid but `none`), the augmentations
 * (`bandwidth` only when the rate really went down, i.e. `res_type` is not `none`), `reverb`
 * when a RIR was applied; `["clean"]` when there is none. The first is the row's `distortion`.
 *
 * @param row The `meta.tsv` row.
 * @returns Labels.
 *
 * @example
 * ```ts
 * import { metaDistortions } from "./meta_to_utterance.ts";
 * import { parseAugmentation } from "./augmentation.ts";
 * console.log(metaDistortions({
 *   noise_uid: "fsd50k_1", rir_uid: "rir_7",
 *   augmentation: parseAugmentation("codec(format=mp3,encoder=None,qscale=3)"),
 * }));
 * // [ "codec", "reverb", "noise" ]
 * ```
 */
export function metaDistortions(
  row: Pick<MetaRow, "noise_uid" | "rir_uid" | "augmentation">,
): string[] {
  const present = new Set<string>();
  const tags = row.augmentation;
  if (row.noise_uid.startsWith("wind_noise") || tags.some((t) => t.kind === "wind_noise")) {
    present.add("wind");
  } else if (row.noise_uid !== "none" && row.noise_uid !== "") present.add("noise");
  for (const t of tags) {
    if (t.kind === "packet_loss") present.add("packet_loss");
    else if (t.kind === "codec") present.add("codec");
    else if (t.kind === "clipping") present.add("clip");
    else if (t.kind === "bandwidth_limitation" && t.res_type !== "none") present.add("bandwidth");
  }
  if (row.rir_uid !== null) present.add("reverb");
  const out = META_DISTORTION_LABELS.filter((k) => present.has(k)) as string[];
  return out.length > 0 ? out : ["clean"];
}

/** Options of {@linkcode metaToUtterance}. */
export interface MetaToUtteranceOptions {
  /** Split written to the row. */
  split: string;
  /** Folder relative `noisy_path`/`clean_path` cells are resolved against (absolute). */
  pathBase: string;
  /** Corpus rules (default URGENT 2026's). */
  rules?: readonly CorpusRuleInput[];
  /** Language when no rule matches. Default `und`. */
  defaultLanguage?: string;
  /** Licence when the rule gives none. Default null. */
  licence?: string | null;
}

/**
 * Convert a `meta.tsv` row into an utterance manifest row. `path` is the noisy file and
 * `clean_path` the target (both absolute here; the manifest writer makes them relative);
 * `corpus`, `language`, `domain` and `licence` come from the first corpus rule matching
 * `speech_sid` (then `speech_uid`); `distortion` is the first of {@linkcode metaDistortions}
 * and `distortions` lists them all; `augmentation` keeps the cell exactly; the extras `domain`, `speech_uid`,
 * `noise_uid`, `noise_path` (when stored), `length` and `text` keep the rest of the row.
 *
 * @param row The `meta.tsv` row.
 * @param options Split, path base, corpus rules.
 * @returns The manifest row.
 *
 * @example
 * ```ts
 * import { metaToUtterance } from "./meta_to_utterance.ts";
 * import { parseMetaTsv } from "./urgent_meta.ts";
 * const [meta] = parseMetaTsv("id\tnoisy_path\tspeech_uid\tspeech_sid\tclean_path\tnoise_uid\tsnr_dB\trir_uid\taugmentation\tfs\tlength\ttext\n" +
 *   "fileid_9\tnoisy/0/fileid_9.flac\tcommon_voice_fr_123\tcommon_voice_fr_123\tclean/0/fileid_9.flac\tnoise_3\t-2.5\tnone\tnone\t24000\t48000\tBonjour\n");
 * const row = metaToUtterance(meta, { split: "train", pathBase: "/data/sim" });
 * console.log(row.path, row.language, row.corpus, row.duration_sec, row.distortion); // /data/sim/noisy/0/fileid_9.flac fr commonvoice 2 noise
 * ```
 */
export function metaToUtterance(row: MetaRow, options: MetaToUtteranceOptions): UtteranceRow {
  const info = corpusOf(row.speech_sid, {
    rules: options.rules,
    fallbackId: row.speech_uid,
    defaultLanguage: options.defaultLanguage,
  });
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(options.pathBase, p));
  const kinds = metaDistortions(row);
  return {
    utt_id: row.id,
    path: abs(row.noisy_path),
    duration_sec: row.length / row.fs,
    sr: row.fs,
    language: info.language,
    distortion: kinds[0],
    split: options.split,
    corpus: info.corpus,
    speaker: row.speech_sid,
    clean_path: abs(row.clean_path),
    snr_db: row.snr_dB,
    rir: row.rir_uid,
    augmentation: formatAugmentation(row.augmentation),
    licence: info.licence ?? options.licence ?? null,
    distortions: kinds,
    domain: info.domain,
    speech_uid: row.speech_uid,
    noise_uid: row.noise_uid,
    ...(row.noise_path !== undefined ? { noise_path: abs(row.noise_path) } : {}),
    length: row.length,
    text: row.text,
  };
}
