/**
 * Evaluation of speech-enhancement systems: enhance a test set with a spectral-gain checkpoint
 * or an ONNX model, or match a folder of enhanced files by name and length; score with the
 * scorer registry; summarise with tails (quantiles, CVaR, URGENT 2024 hard-sample shares), the
 * organisers' breakdown slices, the URGENT ranking emulator and paired bootstrap comparisons;
 * write tables, `summary.json` and a self-contained HTML report. The figures are `Figure`s that
 * display in notebooks.
 *
 * ```ts
 * import { rankSystems, sliceKeys } from "./mod.ts";
 * console.log(sliceKeys({ snr_db: 3 }).snr[0].group); // [0, 5) dB
 * console.log(rankSystems({ A: { mos_ovrl: 3, estoi: 0.8 } }).rows[0].overallRank); // 1
 * ```
 *
 * @module
 */

export { EVAL_FILES, EVAL_FORMAT_VERSION, evaluate } from "./evaluate.ts";
export type { EvaluatedSystem, EvaluateOptions, EvaluateResult } from "./evaluate.ts";
export { evaluateView } from "./evaluate_view.ts";
export { EvalConfigSchema, EvalSystemSchema, NOISY_SYSTEM } from "./eval_config.ts";
export type {
  EvalBootstrapConfig,
  EvalCompareConfig,
  EvalConfig,
  EvalConfigInput,
  EvalDataConfig,
  EvalDataInput,
  EvalMatchConfig,
  EvalMetricsConfig,
  EvalRankingConfig,
  EvalReportConfig,
  EvalSlicesConfig,
  EvalSystem,
  EvalTailsConfig,
} from "./eval_config.ts";
export type { EvalRow } from "./eval_row.ts";
export type { Enhancer } from "./enhancer.ts";
export { loadOnnxEnhancer } from "./onnx_enhancer.ts";
export { OnnxEnhancerConfigSchema } from "./onnx_enhancer_config.ts";
export type { OnnxEnhancerConfig, OnnxTensorLayout } from "./onnx_enhancer_config.ts";
export { resolveCheckpointPath, spectralGainEnhancer } from "./spectral_gain_enhancer.ts";
export { matchEnhanced } from "./match_enhanced.ts";
export type {
  EnhancedMatch,
  MatchEnhancedOptions,
  MatchEnhancedResult,
  MatchSource,
} from "./match_enhanced.ts";
export { metricInfo } from "./metric_info.ts";
export type { MetricInfo } from "./metric_info.ts";
export { quantile } from "./quantile.ts";
export { cvar } from "./cvar.ts";
export type { CvarOptions } from "./cvar.ts";
export { denseRank } from "./dense_rank.ts";
export type { DenseRankOptions } from "./dense_rank.ts";
export { bootstrapMeanCi } from "./bootstrap_mean_ci.ts";
export type { BootstrapOptions, MeanCi } from "./bootstrap_mean_ci.ts";
export { tailStats } from "./tail_stats.ts";
export type { TailStats, TailStatsOptions } from "./tail_stats.ts";
export { SLICE_DIMENSIONS, sliceKeys, UNKNOWN_GROUP } from "./slice_keys.ts";
export type { SliceDimension, SliceGroup, SliceKeyOptions, SliceSource } from "./slice_keys.ts";
export { sliceStats } from "./slice_stats.ts";
export type { SliceStat, SliceStatsOptions } from "./slice_stats.ts";
export { worstUtterances } from "./worst_utterances.ts";
export type { WorstUtterance, WorstUtterancesOptions } from "./worst_utterances.ts";
export { compareSystems } from "./compare_systems.ts";
export type { CompareSystemsOptions, PairedComparison } from "./compare_systems.ts";
export { rankSystems } from "./rank_systems.ts";
export type { RankedCategory, Ranking, RankingRow, RankSystemsOptions } from "./rank_systems.ts";
export { URGENT_2026_RANKING } from "./urgent_ranking_categories.ts";
export type { RankingCategories } from "./urgent_ranking_categories.ts";
export { summarizeEval } from "./summarize_eval.ts";
export type { EvalSummary, MetricSummary, SummarizeEvalOptions } from "./summarize_eval.ts";
export { sliceFigure } from "./slice_figure.ts";
export type { SliceFigureOptions } from "./slice_figure.ts";
export { cdfFigure } from "./cdf_figure.ts";
export type { CdfFigureOptions } from "./cdf_figure.ts";
export { systemsFigure } from "./systems_figure.ts";
export { pairedFigure } from "./paired_figure.ts";
export { renderEvalReport } from "./render_eval_report.ts";
export type { EvalReportInfo, ReportSystem } from "./render_eval_report.ts";
