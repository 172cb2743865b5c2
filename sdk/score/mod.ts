/**
 * Scoring: the scorer registry, the built-in scorers (registered on import), `score` over a
 * manifest into `scores.parquet`, the loss proxy, and the intrusive metrics `stoi`, `estoi`
 * and `siSdr`. A scoring run's result shows itself in a notebook (`scoreView`).
 *
 * @example
 * ```ts
 * import { estoi, listScorers, siSdr } from "./mod.ts";
 * const clean = new Float32Array(16000).map((_, i) => Math.sin(i / 7) * Math.sin(i / 900));
 * const noisy = clean.map((x, i) => x + 0.1 * Math.sin(i * 1.3));
 * console.log(siSdr(clean, noisy) > 10, estoi(clean, clean, 16000).toFixed(2)); // true 1.00
 * console.log(listScorers().map((s) => s.name).includes("signal")); // true
 * ```
 *
 * @module
 */

export * from "./scorer.ts";
export * from "./scoring_config.ts";
export * from "./loss_proxy.ts";
export * from "./score_rows.ts";
export * from "./score.ts";
export * from "./score_view.ts";
export * from "./metrics/mod.ts";
export * from "./scorers/mod.ts";
export {
  type SignalClipReference,
  type SignalConfig,
  SignalConfigSchema,
  signalScorer,
} from "./scorers/signal.ts";
export { type VadConfig, VadConfigSchema, type VadModel, vadScorer } from "./scorers/vad.ts";
export {
  type EmbedBackend,
  type EmbedConfig,
  EmbedConfigSchema,
  type EmbedPooling,
  embedScorer,
} from "./scorers/embed.ts";
export {
  type IntrusiveConfig,
  IntrusiveConfigSchema,
  type IntrusiveDownmix,
  intrusiveScorer,
} from "./scorers/intrusive.ts";
export { type DnsmosConfig, DnsmosConfigSchema, dnsmosScorer } from "./scorers/dnsmos.ts";
export * from "./dnsmos/mod.ts";
