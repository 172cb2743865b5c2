/**
 * URGENT-style simulation of noisy/clean speech pairs (noise at a drawn SNR, reverberation with
 * an early-reflection target, clipping, bandwidth limitation, packet loss, codecs through
 * ffmpeg, optional wind noise), the demo set made from `data/demo`, and the building blocks.
 * A simulation's result shows itself in a notebook (`simulateView`).
 *
 * @example
 * ```ts
 * import { SimulateConfigSchema } from "./mod.ts";
 * const config = SimulateConfigSchema.parse({});
 * console.log(config.snr_db, config.prob_reverberation); // [ -5, 20 ] 0.5
 * ```
 *
 * @module
 */

export { simulate, SIMULATION_MANIFEST, SIMULATION_META } from "./simulate.ts";
export type { SimulateOptions, SimulateResult } from "./simulate.ts";
export { simulateView } from "./simulate_view.ts";
export { DEMO_DATA_DIR, demoSplits, simulateDemo } from "./simulate_demo.ts";
export type { SimulateDemoOptions } from "./simulate_demo.ts";
export { CodecChoiceSchema, SimulateConfigSchema } from "./simulate_config.ts";
export type {
  CodecChoice,
  CodecChoiceInput,
  SimulateAugmentationsConfig,
  SimulateAugmentationsConfigInput,
  SimulateBandwidthLimitationConfig,
  SimulateBandwidthLimitationConfigInput,
  SimulateClippingConfig,
  SimulateClippingConfigInput,
  SimulateCodecConfig,
  SimulateCodecConfigInput,
  SimulateConfig,
  SimulateConfigInput,
  SimulateHighpassConfig,
  SimulateHighpassConfigInput,
  SimulatePacketLossConfig,
  SimulatePacketLossConfigInput,
  SimulateWindNoiseConfig,
  SimulateWindNoiseConfigInput,
} from "./simulate_config.ts";
export { checkSourceId, listAudioSources, listSpeechSources } from "./sources.ts";
export type { AudioSource, SpeechSource } from "./sources.ts";
export { drawPairParams, SYNTH_WIND_NOISE_UID } from "./draw_params.ts";
export type { DrawPairParamsInput, PairParams } from "./draw_params.ts";
export { renderPair } from "./render_pair.ts";
export type { RenderedPair, RenderPairInput } from "./render_pair.ts";
export { DISTORTION_LABELS, distortionLabel } from "./distortion_label.ts";
export type { DistortionLabel } from "./distortion_label.ts";
export { utteranceRng, utteranceSeed } from "./utterance_seed.ts";
export { activePower, detectNonSilence } from "./active_power.ts";
export { fitNoise, mixAtSnr } from "./mix_noise.ts";
export type { MixResult } from "./mix_noise.ts";
export { fftConvolve } from "./convolve.ts";
export { estimateEarlyRir, rirStartSample } from "./early_rir.ts";
export { clipToQuantiles } from "./clipping.ts";
export { bandwidthLimit, RESAMPLE_METHODS } from "./bandwidth_limit.ts";
export { applyPacketLoss, drawPacketLoss } from "./packet_loss.ts";
export type { DrawPacketLossOptions } from "./packet_loss.ts";
export { applyCodec } from "./codec.ts";
export type { CodecSetting } from "./codec.ts";
export { hasFfmpeg } from "./ffmpeg.ts";
export { mixWindNoise, synthWindNoise } from "./wind_noise.ts";
export type { WindParams } from "./wind_noise.ts";
export { colouredNoise } from "./synth_noise.ts";
export type { NoiseColour } from "./synth_noise.ts";
export { synthRir, SynthRirOptionsSchema } from "./synth_rir.ts";
export type { SynthRirOptions } from "./synth_rir.ts";
