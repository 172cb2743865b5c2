/**
 * Datasets: URGENT 2026 `meta.tsv` and Kaldi list I/O, the augmentation mini-language, corpus
 * and language rules, the dataset registry with its built-in adapters (`urgent2026`, `folder`,
 * `demo`), JSONL utterance manifests, filters, verification and the stage runner behind
 * `deno task datasets`.
 *
 * @example
 * ```ts
 * import { formatAugmentation, parseAugmentation } from "./mod.ts";
 * const cell = "bandwidth_limitation-kaiser_best->16000/clipping(min=0.04,max=0.97)";
 * console.log(formatAugmentation(parseAugmentation(cell)) === cell); // true
 * ```
 *
 * @module
 */

export * from "./python_float.ts";
export * from "./augmentation.ts";
export {
  formatMetaTsv,
  type FormatMetaTsvOptions,
  META_NONE,
  META_TEXT_NOT_AVAILABLE,
  META_TSV_COLUMNS,
  META_TSV_COLUMNS_WITH_NOISE,
  metaCorpusPrefix,
  type MetaRow,
  parseMetaTsv,
  type ParseMetaTsvOptions,
  readMetaTsv,
} from "./urgent_meta.ts";
export * from "./kaldi.ts";
export * from "./corpus_rules.ts";
export * from "./meta_to_utterance.ts";
export * from "./splits.ts";
export * from "./registry.ts";
export * from "./dataset_config.ts";
export * from "./data_config.ts";
export * from "./manifest.ts";
export * from "./filters.ts";
export * from "./verify.ts";
export * from "./verify_manifest_view.ts";
export * from "./run_datasets.ts";
export * from "./run_datasets_view.ts";
export * from "./builtin_datasets.ts";
export * from "./adapters/urgent2026.ts";
export * from "./adapters/folder.ts";
export * from "./adapters/demo.ts";
export * from "./adapters/paths_relative_to.ts";
