/**
 * Corpus, language, domain and licence of a source utterance, from the prefix of its speaker
 * (or utterance) id, with one fixed language per rule.
 *
 * URGENT's own `utils/get_utt2lang.py` looks for a few substrings and labels everything else
 * English, which mislabels SeniorTalk (Mandarin) and half of ESD; its `get_breakdown.py` takes
 * the part of `speech_sid` before the first `_` as the corpus, which cannot tell CommonVoice
 * languages or LibriTTS speakers apart (`reference/urgent.md` §1.3, §2). The rules here are
 * ordered regular expressions over the id; the first match wins.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { metaCorpusPrefix } from "./urgent_meta.ts";

/**
 * One corpus rule.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const CorpusRuleSchema = z.strictObject({
  /** Corpus name written to the manifest (`corpus`). */
  corpus: z.string().min(1),
  /**
   * Regular expression (JavaScript syntax, matched from the start of the id). A named group
   * `(?<language>...)` overrides `language` with the matched text.
   */
  pattern: z.string().min(1).refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, { message: "expected a valid regular expression" }),
  /** Language code (ISO 639-1 where one exists, `und` when undetermined). */
  language: z.string().min(1).default("und"),
  /** Speech domain: `read`, `audiobook`, `crowd`, `studio`, `child`, `elderly`, `singing`, `emotional`, ... */
  domain: z.string().nullable().default(null),
  /** Licence of the corpus, when known. */
  licence: z.string().nullable().default(null),
});

/** One corpus rule after defaults (see {@linkcode CorpusRuleSchema}). */
export interface CorpusRule {
  /** Corpus name written to the manifest (`corpus`). */
  corpus: string;
  /**
   * Regular expression (JavaScript syntax, matched from the start of the id). A named group
   * `(?<language>...)` overrides `language` with the matched text.
   */
  pattern: string;
  /** Language code (ISO 639-1 where one exists, `und` when undetermined). Default `"und"`. */
  language: string;
  /**
   * Speech domain: `read`, `audiobook`, `crowd`, `studio`, `child`, `elderly`, `singing`,
   * `emotional`, ... Default `null` (none).
   */
  domain: string | null;
  /** Licence of the corpus, when known. Default `null` (unknown). */
  licence: string | null;
}
const _corpusRule: SameType<CorpusRule, z.output<typeof CorpusRuleSchema>> = true;

/**
 * One corpus rule as written in a config: {@linkcode CorpusRule} with the defaulted keys
 * optional. Validated by {@linkcode CorpusRuleSchema}.
 */
export interface CorpusRuleInput {
  /** Corpus name written to the manifest (`corpus`). */
  corpus: string;
  /**
   * Regular expression (JavaScript syntax, matched from the start of the id). A named group
   * `(?<language>...)` overrides `language` with the matched text.
   */
  pattern: string;
  /** Language code (ISO 639-1 where one exists, `und` when undetermined). Default `"und"`. */
  language?: string;
  /**
   * Speech domain: `read`, `audiobook`, `crowd`, `studio`, `child`, `elderly`, `singing`,
   * `emotional`, ... Default `null` (none).
   */
  domain?: string | null;
  /** Licence of the corpus, when known. Default `null` (unknown). */
  licence?: string | null;
}
const _corpusRuleInput: SameType<CorpusRuleInput, z.input<typeof CorpusRuleSchema>> = true;

/**
 * The id shapes of URGENT 2026 Track 1 sources (`reference/urgent.md` §1.1, ids as in
 * `meta/validation_selected`). ESD, NNCES, SeniorTalk and VocalSet ids are not in the stored
 * lists; their patterns are the corpora's file naming and are **not verified** against
 * URGENT's scp files: check them with `--stage manifest` on real data and override in
 * `configs/datasets/urgent2026.yaml`.
 */
export const URGENT2026_CORPUS_RULES: readonly CorpusRuleInput[] = Object.freeze([
  {
    corpus: "commonvoice",
    pattern: "^common_voice_zh-CN_",
    language: "zh",
    domain: "crowd",
    licence: "CC0-1.0",
  },
  {
    corpus: "commonvoice",
    pattern: "^common_voice_(?<language>de|en|es|fr)_",
    domain: "crowd",
    licence: "CC0-1.0",
  },
  {
    corpus: "mls",
    pattern: "^mls_french_",
    language: "fr",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "mls",
    pattern: "^mls_german_",
    language: "de",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "mls",
    pattern: "^mls_spanish_",
    language: "es",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "mls",
    pattern: "^mls_english_",
    language: "en",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "dns5_librivox",
    pattern: "^book_\\d+_chp_",
    language: "en",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "libritts",
    pattern: "^\\d+_\\d+_\\d+_\\d+$",
    language: "en",
    domain: "audiobook",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "vctk",
    pattern: "^[ps]\\d+_\\d+_mic\\d$",
    language: "en",
    domain: "read",
    licence: "CC-BY-4.0",
  },
  {
    corpus: "ears",
    pattern: "^p\\d{3}_",
    language: "en",
    domain: "studio",
    licence: "CC-BY-NC-4.0",
  },
  {
    corpus: "esd",
    pattern: "^00(0[1-9]|10)_\\d{6}$",
    language: "zh",
    domain: "emotional",
    licence: "ESD-custom-non-commercial",
  },
  {
    corpus: "esd",
    pattern: "^00(1[1-9]|20)_\\d{6}$",
    language: "en",
    domain: "emotional",
    licence: "ESD-custom-non-commercial",
  },
  { corpus: "nnces", pattern: "^(?:nnces|NNCES)", language: "en", domain: "child", licence: null },
  {
    corpus: "seniortalk",
    pattern: "^(?:seniortalk|SeniorTalk)",
    language: "zh",
    domain: "elderly",
    licence: null,
  },
  {
    corpus: "vocalset",
    pattern: "^(?:vocalset|VocalSet|[fm]\\d+_)",
    language: "und",
    domain: "singing",
    licence: null,
  },
  { corpus: "wsj", pattern: "^wsj", language: "en", domain: "read", licence: "LDC" },
]);

/** What {@linkcode corpusOf} found. */
export interface CorpusInfo {
  /** Corpus name. */
  corpus: string;
  /** Language code. */
  language: string;
  /** Speech domain, when the rule says. */
  domain: string | null;
  /** Licence, when the rule says. */
  licence: string | null;
  /** Whether a rule matched (false: the fallback). */
  matched: boolean;
}

/** Options of {@linkcode corpusOf}. */
export interface CorpusOfOptions {
  /** The rules, in order (default {@linkcode URGENT2026_CORPUS_RULES}). */
  rules?: readonly CorpusRuleInput[];
  /** Also try this id (e.g. the utterance id) when no rule matches the first one. */
  fallbackId?: string;
  /** Language when no rule matches. Default `und`. */
  defaultLanguage?: string;
}

const compiled = new WeakMap<object, RegExp>();

function regexOf(rule: CorpusRuleInput): RegExp {
  let re = compiled.get(rule);
  if (!re) {
    re = new RegExp(rule.pattern);
    compiled.set(rule, re);
  }
  return re;
}

/**
 * The corpus and its fixed language for a speaker or utterance id: the first rule whose
 * pattern matches (trying `fallbackId` next); without a match, URGENT's corpus prefix (the id
 * up to the first `_`) and the default language (`und`, never a guessed English).
 *
 * @param id Usually `speech_sid`.
 * @param options Rules, fallback id, default language.
 * @returns Corpus, language, domain, licence and whether a rule matched.
 *
 * @example
 * ```ts
 * import { corpusOf } from "./corpus_rules.ts";
 * console.log(corpusOf("common_voice_de_17300556").language); // de
 * console.log(corpusOf("mls_spanish_1075_567_000015").corpus); // mls
 * console.log(corpusOf("1272_128104_000005_000008").corpus); // libritts
 * console.log(corpusOf("xyz_1")); // { corpus: "xyz", language: "und", domain: null, licence: null, matched: false }
 * ```
 */
export function corpusOf(id: string, options: CorpusOfOptions = {}): CorpusInfo {
  const rules = options.rules ?? URGENT2026_CORPUS_RULES;
  for (const candidate of [id, options.fallbackId]) {
    if (candidate === undefined) continue;
    for (const rule of rules) {
      const m = regexOf(rule).exec(candidate);
      if (!m) continue;
      return {
        corpus: rule.corpus,
        language: m.groups?.language ?? rule.language ?? "und",
        domain: rule.domain ?? null,
        licence: rule.licence ?? null,
        matched: true,
      };
    }
  }
  return {
    corpus: metaCorpusPrefix(id),
    language: options.defaultLanguage ?? "und",
    domain: null,
    licence: null,
    matched: false,
  };
}

/** ISO 639-2/3 codes URGENT's `utt2lang` uses, to our ISO 639-1 codes. */
export const ISO639_3_TO_1: Readonly<Record<string, string>> = Object.freeze({
  eng: "en",
  deu: "de",
  ger: "de",
  fra: "fr",
  fre: "fr",
  spa: "es",
  zho: "zh",
  chi: "zh",
  cmn: "zh",
  ita: "it",
  jpn: "ja",
});
