/**
 * The texture miner's configuration (`configs/textures/default.yaml` and its profiles): one zod
 * schema per section, the single source of every default and of the validation messages. The
 * section and key names follow the original tool's `config.yaml` where it had them; drums and
 * silences get real sections (the original hard-coded them), and keys no stage reads are not
 * accepted (a strict schema rejects them).
 *
 * @module
 */

import { z } from "zod";
import { RESAMPLE_QUALITIES, type ResampleQuality } from "../../audio/resample.ts";
import type { SameType } from "../../config/_same_type.ts";
import {
  type FindAudioConfig,
  type FindAudioOptions,
  FindAudioOptionsSchema,
} from "../../discover/find_audio_files.ts";
import {
  type SelectRules,
  type SelectRulesInput,
  SelectRulesSchema,
} from "../../discover/select_sources.ts";

const hz = z.number().positive();
const dbfs = z.number().max(0);
const ms = z.number().nonnegative();

/** `global`: rate, output depth and the default peak of one-shots and loops. */
const GlobalSectionSchema = z.strictObject({
  /** Every source is converted to this rate before mining (and outputs are written at it). */
  sample_rate: z.number().int().min(8000).max(192000).default(44100),
  /** Bits per sample of the WAV outputs: 16 or 24. */
  output_bit_depth: z.union([z.literal(16), z.literal(24)]).default(24),
  /** Seeded TPDF dither before quantising (the seed comes from `reproducibility`). */
  dither: z.boolean().default(true),
  /** Peak of pads, swells and drone loops after the final gain stage, dBFS. */
  target_peak_dbfs: dbfs.default(-1),
  /** libsamplerate quality used when a source's rate differs from `sample_rate`. */
  resample_quality: z.enum(RESAMPLE_QUALITIES).default("medium"),
});

/** `global` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesGlobalSection {
  /**
   * Every source is converted to this rate before mining (and outputs are written at it), Hz.
   * Default 44100.
   */
  sample_rate: number;
  /** Bits per sample of the WAV outputs: 16 or 24. Default 24. */
  output_bit_depth: 16 | 24;
  /** Seeded TPDF dither before quantising (the seed comes from `reproducibility`). Default true. */
  dither: boolean;
  /** Peak of pads, swells and drone loops after the final gain stage, dBFS. Default -1. */
  target_peak_dbfs: number;
  /**
   * libsamplerate quality used when a source's rate differs from `sample_rate`. Default `"medium"`.
   */
  resample_quality: ResampleQuality;
}
const _texturesGlobalSection: SameType<
  TexturesGlobalSection,
  z.output<typeof GlobalSectionSchema>
> = true;

/** `global` as written: any subset of {@linkcode TexturesGlobalSection}. */
export type TexturesGlobalSectionInput = Partial<TexturesGlobalSection>;
const _texturesGlobalSectionInput: SameType<
  TexturesGlobalSectionInput,
  z.input<typeof GlobalSectionSchema>
> = true;

/** `paths`: where outputs go (`<export_dir>/<project>/<source_slug>/<category>/`). */
const PathsSectionSchema = z.strictObject({
  /** Export root; relative paths start at the working directory. */
  export_dir: z.string().min(1).default("export"),
});

/** `paths` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesPathsSection {
  /** Export root; relative paths start at the working directory. Default `"export"`. */
  export_dir: string;
}
const _texturesPathsSection: SameType<TexturesPathsSection, z.output<typeof PathsSectionSchema>> =
  true;

/** `paths` as written: any subset of {@linkcode TexturesPathsSection}. */
export type TexturesPathsSectionInput = Partial<TexturesPathsSection>;
const _texturesPathsSectionInput: SameType<
  TexturesPathsSectionInput,
  z.input<typeof PathsSectionSchema>
> = true;

/** `pad_miner`: window checks and loop building for pads. */
const PadMinerSectionSchema = z.strictObject({
  /** Loop lengths to look for, seconds (the loop comes out up to the trim search shorter). */
  target_durations_sec: z.array(z.number().positive()).min(1).default([1.5, 2.5, 3.5, 4.5]),
  /** Quietest window RMS kept, dBFS. */
  min_rms_db: z.number().default(-45),
  /** Loudest window RMS kept, dBFS. */
  max_rms_db: z.number().default(-8),
  /** Most onsets per second in a window. */
  max_onset_rate_per_second: z.number().nonnegative().default(2.5),
  /** Highest mean spectral flatness (0 tone .. 1 white noise). */
  spectral_flatness_threshold: z.number().min(0).max(1).default(0.45),
  /** Pads kept per source (best scores first, windows never overlap). */
  max_candidates_per_file: z.number().int().min(0).default(6),
  /** Crossfade written into the loop head, milliseconds. */
  loop_crossfade_ms: ms.default(120),
  /** Window step of the search, seconds. */
  window_hop_sec: z.number().positive().default(0.3),
  /** The trim point is searched over the last max(4 x crossfade, this) seconds. */
  trim_search_sec: z.number().positive().default(0.5),
  /** The trim never removes more than this fraction of the window. */
  max_trim_fraction: z.number().min(0).max(0.9).default(0.25),
  /** Seam correlation from which the equal-gain law is used (equal-power below). */
  equal_gain_min_correlation: z.number().min(-1).max(1).default(0.7),
  /** Windows must lie in stable regions of the pre-analysis. */
  require_stable: z.boolean().default(true),
});

/** `pad_miner` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesPadMinerSection {
  /**
   * Loop lengths to look for, seconds (the loop comes out up to the trim search shorter). Default
   * `[1.5, 2.5, 3.5, 4.5]`.
   */
  target_durations_sec: number[];
  /** Quietest window RMS kept, dBFS. Default -45. */
  min_rms_db: number;
  /** Loudest window RMS kept, dBFS. Default -8. */
  max_rms_db: number;
  /** Most onsets per second in a window. Default 2.5. */
  max_onset_rate_per_second: number;
  /** Highest mean spectral flatness (0 tone .. 1 white noise). Default 0.45. */
  spectral_flatness_threshold: number;
  /** Pads kept per source (best scores first, windows never overlap). Default 6. */
  max_candidates_per_file: number;
  /** Crossfade written into the loop head, milliseconds. Default 120. */
  loop_crossfade_ms: number;
  /** Window step of the search, seconds. Default 0.3. */
  window_hop_sec: number;
  /** The trim point is searched over the last max(4 x crossfade, this) seconds. Default 0.5. */
  trim_search_sec: number;
  /** The trim never removes more than this fraction of the window (0 to 0.9). Default 0.25. */
  max_trim_fraction: number;
  /** Seam correlation from which the equal-gain law is used (equal-power below). Default 0.7. */
  equal_gain_min_correlation: number;
  /** Windows must lie in stable regions of the pre-analysis. Default true. */
  require_stable: boolean;
}
const _texturesPadMinerSection: SameType<
  TexturesPadMinerSection,
  z.output<typeof PadMinerSectionSchema>
> = true;

/** `pad_miner` as written: any subset of {@linkcode TexturesPadMinerSection}. */
export type TexturesPadMinerSectionInput = Partial<TexturesPadMinerSection>;
const _texturesPadMinerSectionInput: SameType<
  TexturesPadMinerSectionInput,
  z.input<typeof PadMinerSectionSchema>
> = true;

/** Tonal filter variants of drone loops. */
const PAD_VARIANTS = ["warm", "airy", "dark", "raw"] as const;

/** Tonal filter variant of a drone loop (`raw`: unfiltered). */
export type TexturesPadVariant = "warm" | "airy" | "dark" | "raw";
const _texturesPadVariant: SameType<TexturesPadVariant, typeof PAD_VARIANTS[number]> = true;

/** `drones`: swells and drone loops with pitch/stretch variants. */
const DronesSectionSchema = z.strictObject({
  /** Make swells and drone loops at all. */
  enabled: z.boolean().default(true),
  /** Drone loop length, seconds. */
  pad_loop_duration_sec: z.number().positive().default(2),
  /** Tonal filters, one drone loop per variant and filter. */
  pad_variants: z.array(z.enum(PAD_VARIANTS)).default(["warm", "airy", "dark"]),
  /** Warm: 4th-order Butterworth low-pass, Hz. */
  warm_lowpass_hz: hz.default(3500),
  /** Airy: 4th-order Butterworth high-pass, Hz. */
  airy_highpass_hz: hz.default(5500),
  /** Dark: 5th-order Butterworth low-pass, Hz. */
  dark_high_cut_hz: hz.default(1200),
  /** Swell length, seconds. */
  swell_duration_sec: z.number().positive().default(10),
  /** Linear fade-in of swells, seconds. */
  fade_in_sec: z.number().nonnegative().default(1),
  /** Linear fade-out of swells, seconds. */
  fade_out_sec: z.number().nonnegative().default(2.5),
  /** Pitch variants, semitones. */
  pitch_shift_semitones: z.array(z.number().min(-24).max(24)).default([0, 5, 7, 12, -5]),
  /**
   * How pitch variants are made: `resample` (tape-style transposition of a longer or shorter
   * span, band-limited; no phasiness) or `phase_vocoder` (librosa's pitch_shift: stretch, then
   * resample).
   */
  pitch_method: z.enum(["resample", "phase_vocoder"]).default("resample"),
  /** Time-stretch variants: duration multipliers (2 = twice as long, same pitch). */
  time_stretch_factors: z.array(z.number().min(0.25).max(4)).default([1, 1.2, 1.5, 2]),
  /** Also write each swell reversed. */
  enable_reversal: z.boolean().default(true),
  /** Crossfade of drone loops, milliseconds. */
  loop_crossfade_ms: ms.default(120),
  /** A filtered drone loop quieter than the unfiltered one by more than this is skipped, dB. */
  min_variant_level_db: z.number().max(0).default(-40),
});

/**
 * How pitch variants of swells are made: `resample` (tape-style transposition) or
 * `phase_vocoder` (librosa's pitch_shift: stretch, then resample).
 */
export type TexturesPitchMethod = "resample" | "phase_vocoder";

/** `drones` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesDronesSection {
  /** Make swells and drone loops at all. Default true. */
  enabled: boolean;
  /** Drone loop length, seconds. Default 2. */
  pad_loop_duration_sec: number;
  /** Tonal filters, one drone loop per variant and filter. Default `["warm", "airy", "dark"]`. */
  pad_variants: TexturesPadVariant[];
  /** Warm: 4th-order Butterworth low-pass, Hz. Default 3500. */
  warm_lowpass_hz: number;
  /** Airy: 4th-order Butterworth high-pass, Hz. Default 5500. */
  airy_highpass_hz: number;
  /** Dark: 5th-order Butterworth low-pass, Hz. Default 1200. */
  dark_high_cut_hz: number;
  /** Swell length, seconds. Default 10. */
  swell_duration_sec: number;
  /** Linear fade-in of swells, seconds. Default 1. */
  fade_in_sec: number;
  /** Linear fade-out of swells, seconds. Default 2.5. */
  fade_out_sec: number;
  /** Pitch variants, semitones (-24 to 24). Default `[0, 5, 7, 12, -5]`. */
  pitch_shift_semitones: number[];
  /**
   * How pitch variants are made: `resample` (tape-style transposition of a longer or shorter
   * span, band-limited; no phasiness) or `phase_vocoder` (librosa's pitch_shift: stretch, then
   * resample). Default `"resample"`.
   */
  pitch_method: TexturesPitchMethod;
  /**
   * Time-stretch variants: duration multipliers (2 = twice as long, same pitch; 0.25 to 4). Default
   * `[1, 1.2, 1.5, 2]`.
   */
  time_stretch_factors: number[];
  /** Also write each swell reversed. Default true. */
  enable_reversal: boolean;
  /** Crossfade of drone loops, milliseconds. Default 120. */
  loop_crossfade_ms: number;
  /**
   * A filtered drone loop quieter than the unfiltered one by more than this is skipped, dB. Default
   * -40.
   */
  min_variant_level_db: number;
}
const _texturesDronesSection: SameType<
  TexturesDronesSection,
  z.output<typeof DronesSectionSchema>
> = true;

/** `drones` as written: any subset of {@linkcode TexturesDronesSection}. */
export type TexturesDronesSectionInput = Partial<TexturesDronesSection>;
const _texturesDronesSectionInput: SameType<
  TexturesDronesSectionInput,
  z.input<typeof DronesSectionSchema>
> = true;

/** `pre_analysis`: the shared STFT and the stable-region mask. */
const PreAnalysisSectionSchema = z.strictObject({
  /** Use the stable mask for pads and clouds (off: every window counts as stable). */
  enabled: z.boolean().default(true),
  /** FFT size of the shared analysis (features and onsets), a power of two. */
  n_fft: z.number().int().min(64).max(16384)
    .refine((v) => (v & (v - 1)) === 0, { message: "expected a power of two" })
    .default(1024),
  /** Hop of the shared analysis, milliseconds (5 ms = 200 frames/s, as SuperFlux). */
  hop_ms: z.number().positive().max(100).default(5),
  /** Stability window, seconds. */
  analysis_window_sec: z.number().positive().default(1),
  /** Stability hop, seconds. */
  analysis_hop_sec: z.number().positive().default(0.5),
  /** Most onsets per second in a stable window. */
  max_onset_rate_hz: z.number().nonnegative().default(3),
  /** Quietest stable window, dBFS RMS. */
  min_rms_db: z.number().default(-45),
  /** Loudest stable window, dBFS RMS. */
  max_rms_db: z.number().default(-8),
  /** Largest |mean| of a stable window. */
  max_dc_offset: z.number().nonnegative().default(0.1),
  /** Largest peak/RMS (linear) of a stable window. */
  max_crest_factor: z.number().positive().default(12),
  /** Grains scoring below this (0..1) are drawn again. */
  grain_quality_threshold: z.number().min(0).max(1).default(0.6),
  /** A stable region needs this many consecutive stable windows. */
  min_stable_windows: z.number().int().min(1).default(2),
  /** Windows with clipped runs are not stable. */
  skip_clipped_regions: z.boolean().default(true),
  /** Windows over the onset-rate limit are not stable. */
  skip_transient_regions: z.boolean().default(true),
});

/** `pre_analysis` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesPreAnalysisSection {
  /** Use the stable mask for pads and clouds (off: every window counts as stable). Default true. */
  enabled: boolean;
  /**
   * FFT size of the shared analysis (features and onsets), a power of two (64 to 16384). Default
   * 1024.
   */
  n_fft: number;
  /** Hop of the shared analysis, milliseconds (5 ms = 200 frames/s, as SuperFlux). Default 5. */
  hop_ms: number;
  /** Stability window, seconds. Default 1. */
  analysis_window_sec: number;
  /** Stability hop, seconds. Default 0.5. */
  analysis_hop_sec: number;
  /** Most onsets per second in a stable window. Default 3. */
  max_onset_rate_hz: number;
  /** Quietest stable window, dBFS RMS. Default -45. */
  min_rms_db: number;
  /** Loudest stable window, dBFS RMS. Default -8. */
  max_rms_db: number;
  /** Largest |mean| of a stable window. Default 0.1. */
  max_dc_offset: number;
  /** Largest peak/RMS (linear) of a stable window. Default 12. */
  max_crest_factor: number;
  /** Grains scoring below this (0..1) are drawn again. Default 0.6. */
  grain_quality_threshold: number;
  /** A stable region needs this many consecutive stable windows. Default 2. */
  min_stable_windows: number;
  /** Windows with clipped runs are not stable. Default true. */
  skip_clipped_regions: boolean;
  /** Windows over the onset-rate limit are not stable. Default true. */
  skip_transient_regions: boolean;
}
const _texturesPreAnalysisSection: SameType<
  TexturesPreAnalysisSection,
  z.output<typeof PreAnalysisSectionSchema>
> = true;

/** `pre_analysis` as written: any subset of {@linkcode TexturesPreAnalysisSection}. */
export type TexturesPreAnalysisSectionInput = Partial<TexturesPreAnalysisSection>;
const _texturesPreAnalysisSectionInput: SameType<
  TexturesPreAnalysisSectionInput,
  z.input<typeof PreAnalysisSectionSchema>
> = true;

/** `clouds`: granular clouds. */
const CloudsSectionSchema = z.strictObject({
  /** Make clouds at all. */
  enabled: z.boolean().default(true),
  /** Shortest grain, milliseconds. */
  grain_length_min_ms: z.number().positive().default(40),
  /** Longest grain, milliseconds. */
  grain_length_max_ms: z.number().positive().default(120),
  /** Grains per cloud; with `cloud_duration_sec` it sets the density when that is null. */
  grains_per_cloud: z.number().int().min(1).default(300),
  /** Grains per second (asynchronous onsets); null: grains_per_cloud / cloud_duration_sec. */
  density_grains_per_sec: z.number().positive().nullable().default(null),
  /** 0: periodic onsets, 1: Poisson (exponential gaps); the mean rate stays the density. */
  onset_jitter: z.number().min(0).max(1).default(1),
  /** Cloud length, seconds. */
  cloud_duration_sec: z.number().positive().default(8),
  /** Random pitch per grain, semitones (ratio clamped to 0.5..2). */
  pitch_shift_range: z.strictObject({
    min: z.number().default(-5),
    max: z.number().default(5),
  }).prefault({}),
  /** Grain window. */
  window: z.enum(["hann", "tukey"]).default("hann"),
  /** Taper fraction of the Tukey window. */
  tukey_alpha: z.number().min(0).max(1).default(0.5),
  /** Stereo width of the random grain panning (0 centre .. 1 full). */
  stereo_spread: z.number().min(0).max(1).default(0.8),
  /** 3rd-order low-pass of the mixed cloud, Hz. */
  lowpass_hz: hz.default(7000),
  /** Fades at the cloud's ends, milliseconds. */
  edge_fade_ms: ms.default(10),
  /** Clouds per source. */
  clouds_per_source: z.number().int().min(0).default(4),
  /** Peak of every cloud, dBFS. */
  target_peak_dbfs: dbfs.default(-3),
});

/** `clouds.pitch_shift_range` after defaults: random pitch per grain, semitones. */
export interface TexturesPitchShiftRange {
  /** Lowest shift, semitones. Default -5. */
  min: number;
  /** Highest shift, semitones. Default 5. */
  max: number;
}
const _texturesPitchShiftRange: SameType<
  TexturesPitchShiftRange,
  z.output<typeof CloudsSectionSchema>["pitch_shift_range"]
> = true;

/** `clouds.pitch_shift_range` as written: any subset of {@linkcode TexturesPitchShiftRange}. */
export type TexturesPitchShiftRangeInput = Partial<TexturesPitchShiftRange>;
const _texturesPitchShiftRangeInput: SameType<
  TexturesPitchShiftRangeInput,
  NonNullable<z.input<typeof CloudsSectionSchema>["pitch_shift_range"]>
> = true;

/** Grain window of granular clouds. */
export type TexturesGrainWindow = "hann" | "tukey";

/** `clouds` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesCloudsSection {
  /** Make clouds at all. Default true. */
  enabled: boolean;
  /** Shortest grain, milliseconds. Default 40. */
  grain_length_min_ms: number;
  /** Longest grain, milliseconds. Default 120. */
  grain_length_max_ms: number;
  /**
   * Grains per cloud; with `cloud_duration_sec` it sets the density when that is null. Default 300.
   */
  grains_per_cloud: number;
  /**
   * Grains per second (asynchronous onsets); null: grains_per_cloud / cloud_duration_sec. Default
   * `null`.
   */
  density_grains_per_sec: number | null;
  /**
   * 0: periodic onsets, 1: Poisson (exponential gaps); the mean rate stays the density. Default 1.
   */
  onset_jitter: number;
  /** Cloud length, seconds. Default 8. */
  cloud_duration_sec: number;
  /** Random pitch per grain, semitones (ratio clamped to 0.5..2). Default -5 to 5. */
  pitch_shift_range: TexturesPitchShiftRange;
  /** Grain window. Default `"hann"`. */
  window: TexturesGrainWindow;
  /** Taper fraction of the Tukey window. Default 0.5. */
  tukey_alpha: number;
  /** Stereo width of the random grain panning (0 centre .. 1 full). Default 0.8. */
  stereo_spread: number;
  /** 3rd-order low-pass of the mixed cloud, Hz. Default 7000. */
  lowpass_hz: number;
  /** Fades at the cloud's ends, milliseconds. Default 10. */
  edge_fade_ms: number;
  /** Clouds per source. Default 4. */
  clouds_per_source: number;
  /** Peak of every cloud, dBFS. Default -3. */
  target_peak_dbfs: number;
}
const _texturesCloudsSection: SameType<
  TexturesCloudsSection,
  z.output<typeof CloudsSectionSchema>
> = true;

/** `clouds` as written: any subset of {@linkcode TexturesCloudsSection}. */
export interface TexturesCloudsSectionInput
  extends Partial<Omit<TexturesCloudsSection, "pitch_shift_range">> {
  /** Random pitch per grain, semitones (ratio clamped to 0.5..2). Default -5 to 5. */
  pitch_shift_range?: TexturesPitchShiftRangeInput;
}
const _texturesCloudsSectionInput: SameType<
  TexturesCloudsSectionInput,
  z.input<typeof CloudsSectionSchema>
> = true;

/** `hiss`: band-passed noise loops and flickers. */
const HissSectionSchema = z.strictObject({
  /** Make hiss at all. */
  enabled: z.boolean().default(true),
  /** Loop length, seconds. */
  loop_duration_sec: z.number().positive().default(2),
  /** Band-pass (true) or high-pass (false). */
  use_bandpass: z.boolean().default(true),
  /** Band-pass low edge, Hz. */
  bandpass_low_hz: hz.default(4000),
  /** Band-pass high edge, Hz (clamped under Nyquist). */
  bandpass_high_hz: hz.default(15000),
  /** High-pass edge when `use_bandpass` is false, Hz. */
  highpass_hz: hz.default(6000),
  /** Butterworth order of the band filters. */
  filter_order: z.number().int().min(1).max(8).default(4),
  /** Tremolo rate, Hz (loops round it to whole cycles per loop). */
  tremolo_rate_hz: z.number().nonnegative().default(2.5),
  /** Tremolo depth, 0..1. */
  tremolo_depth: z.number().min(0).max(1).default(0.5),
  /** Loops per source. */
  hiss_loops_per_source: z.number().int().min(0).default(2),
  /** Loop crossfade, milliseconds. */
  loop_crossfade_ms: ms.default(50),
  /** Peak of loops, dBFS. */
  loop_peak_dbfs: dbfs.default(-6),
  /** Shortest flicker, milliseconds. */
  flicker_min_ms: z.number().positive().default(30),
  /** Longest flicker, milliseconds. */
  flicker_max_ms: z.number().positive().default(500),
  /** Flickers per source. */
  flicker_count: z.number().int().min(0).default(6),
  /** Flicker fade-in, milliseconds. */
  flicker_fade_in_ms: ms.default(10),
  /** Flicker fade-out, milliseconds. */
  flicker_fade_out_ms: ms.default(50),
  /** Peak of flickers, dBFS. */
  flicker_peak_dbfs: dbfs.default(-3),
  /** Always use seeded synthetic white noise instead of the source. */
  use_synthetic_noise: z.boolean().default(false),
  /** RMS of the synthetic noise before filtering, dBFS. */
  synthetic_noise_level_db: z.number().default(-20),
  /** A source region needs at least this mean flatness; otherwise synthetic noise is used. */
  min_source_flatness: z.number().min(0).max(1).default(0.2),
});

/** `hiss` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesHissSection {
  /** Make hiss at all. Default true. */
  enabled: boolean;
  /** Loop length, seconds. Default 2. */
  loop_duration_sec: number;
  /** Band-pass (true) or high-pass (false). Default true. */
  use_bandpass: boolean;
  /** Band-pass low edge, Hz. Default 4000. */
  bandpass_low_hz: number;
  /** Band-pass high edge, Hz (clamped under Nyquist). Default 15000. */
  bandpass_high_hz: number;
  /** High-pass edge when `use_bandpass` is false, Hz. Default 6000. */
  highpass_hz: number;
  /** Butterworth order of the band filters (1 to 8). Default 4. */
  filter_order: number;
  /** Tremolo rate, Hz (loops round it to whole cycles per loop). Default 2.5. */
  tremolo_rate_hz: number;
  /** Tremolo depth, 0..1. Default 0.5. */
  tremolo_depth: number;
  /** Loops per source. Default 2. */
  hiss_loops_per_source: number;
  /** Loop crossfade, milliseconds. Default 50. */
  loop_crossfade_ms: number;
  /** Peak of loops, dBFS. Default -6. */
  loop_peak_dbfs: number;
  /** Shortest flicker, milliseconds. Default 30. */
  flicker_min_ms: number;
  /** Longest flicker, milliseconds. Default 500. */
  flicker_max_ms: number;
  /** Flickers per source. Default 6. */
  flicker_count: number;
  /** Flicker fade-in, milliseconds. Default 10. */
  flicker_fade_in_ms: number;
  /** Flicker fade-out, milliseconds. Default 50. */
  flicker_fade_out_ms: number;
  /** Peak of flickers, dBFS. Default -3. */
  flicker_peak_dbfs: number;
  /** Always use seeded synthetic white noise instead of the source. Default false. */
  use_synthetic_noise: boolean;
  /** RMS of the synthetic noise before filtering, dBFS. Default -20. */
  synthetic_noise_level_db: number;
  /**
   * A source region needs at least this mean flatness; otherwise synthetic noise is used. Default
   * 0.2.
   */
  min_source_flatness: number;
}
const _texturesHissSection: SameType<TexturesHissSection, z.output<typeof HissSectionSchema>> =
  true;

/** `hiss` as written: any subset of {@linkcode TexturesHissSection}. */
export type TexturesHissSectionInput = Partial<TexturesHissSection>;
const _texturesHissSectionInput: SameType<
  TexturesHissSectionInput,
  z.input<typeof HissSectionSchema>
> = true;

/** `drums.onset`: spectral-flux onset detection and librosa's peak picking. */
const OnsetSectionSchema = z.strictObject({
  /** `flux` (log-mel spectral flux) or `superflux` (lag and frequency max-filter). */
  method: z.enum(["flux", "superflux"]).default("flux"),
  /** Mel bands. */
  n_mels: z.number().int().min(1).max(512).default(138),
  /** Lowest mel frequency, Hz. */
  fmin_hz: z.number().nonnegative().default(27.5),
  /** Highest mel frequency, Hz (clamped to Nyquist). */
  fmax_hz: hz.default(16000),
  /** SuperFlux: frames between the compared spectra. */
  lag: z.number().int().min(1).default(2),
  /** SuperFlux: width of the max-filter over mel bands. */
  max_size: z.number().int().min(1).default(3),
  /** Peak picking: the peak is the maximum over this many ms before it. */
  pre_max_ms: ms.default(30),
  /** ... and this many ms after it. */
  post_max_ms: ms.default(0),
  /** Mean taken over this many ms before ... */
  pre_avg_ms: ms.default(100),
  /** ... and after the frame. */
  post_avg_ms: ms.default(100),
  /** The peak must exceed that mean by delta (envelope normalised to 0..1). */
  delta: z.number().nonnegative().default(0.07),
  /** Minimum gap between onsets, ms (the original's 350 ms merged hats and rolls). */
  wait_ms: ms.default(30),
  /**
   * Absolute floor of the onset strength (mean dB rise over the mel bands): steady material
   * (a chord's vibrato rises by 0.5-2 dB) never counts as onsets; drum hits rise by 4 dB and
   * more. 0 turns it off (librosa's behaviour).
   */
  min_strength_db: z.number().nonnegative().default(3),
});

/** Onset detection function: `flux` (log-mel spectral flux) or `superflux` (lag and max-filter). */
export type TexturesOnsetMethod = "flux" | "superflux";

/** `drums.onset` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesOnsetSection {
  /**
   * `flux` (log-mel spectral flux) or `superflux` (lag and frequency max-filter). Default `"flux"`.
   */
  method: TexturesOnsetMethod;
  /** Mel bands. Default 138. */
  n_mels: number;
  /** Lowest mel frequency, Hz. Default 27.5. */
  fmin_hz: number;
  /** Highest mel frequency, Hz (clamped to Nyquist). Default 16000. */
  fmax_hz: number;
  /** SuperFlux: frames between the compared spectra. Default 2. */
  lag: number;
  /** SuperFlux: width of the max-filter over mel bands. Default 3. */
  max_size: number;
  /** Peak picking: the peak is the maximum over this many ms before it. Default 30. */
  pre_max_ms: number;
  /** ... and this many ms after it. Default 0. */
  post_max_ms: number;
  /** Mean taken over this many ms before ... Default 100. */
  pre_avg_ms: number;
  /** ... and after the frame. Default 100. */
  post_avg_ms: number;
  /** The peak must exceed that mean by delta (envelope normalised to 0..1). Default 0.07. */
  delta: number;
  /** Minimum gap between onsets, ms (the original's 350 ms merged hats and rolls). Default 30. */
  wait_ms: number;
  /**
   * Absolute floor of the onset strength (mean dB rise over the mel bands): steady material
   * (a chord's vibrato rises by 0.5-2 dB) never counts as onsets; drum hits rise by 4 dB and
   * more. 0 turns it off (librosa's behaviour). Default 3.
   */
  min_strength_db: number;
}
const _texturesOnsetSection: SameType<TexturesOnsetSection, z.output<typeof OnsetSectionSchema>> =
  true;

/** `drums.onset` as written: any subset of {@linkcode TexturesOnsetSection}. */
export type TexturesOnsetSectionInput = Partial<TexturesOnsetSection>;
const _texturesOnsetSectionInput: SameType<
  TexturesOnsetSectionInput,
  z.input<typeof OnsetSectionSchema>
> = true;

/** `drums`: one-shots from onsets. */
const DrumsSectionSchema = z.strictObject({
  /** Slice drums at all. */
  enabled: z.boolean().default(true),
  /** Onset detection. */
  onset: OnsetSectionSchema.prefault({}),
  /** Move each slice start back to the preceding energy minimum. */
  backtrack: z.boolean().default(true),
  /** Energy envelope window of the backtracking, milliseconds. */
  backtrack_window_ms: z.number().positive().default(2),
  /** Shortest slice, seconds. */
  min_slice_sec: z.number().positive().default(0.04),
  /** Longest slice, seconds. */
  max_slice_sec: z.number().positive().default(0.8),
  /** Quieter hits are dropped, dBFS peak. */
  min_peak_dbfs: z.number().default(-30),
  /** Fade-in, milliseconds. */
  fade_in_ms: ms.default(2),
  /** Fade-out, milliseconds (at most a third of the slice). */
  fade_out_ms: ms.default(20),
  /** Peak of every slice, dBFS. */
  target_peak_dbfs: dbfs.default(-1),
  /** Slices kept per source. */
  max_slices_per_file: z.number().int().min(0).default(2000),
});

/** `drums` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesDrumsSection {
  /** Slice drums at all. Default true. */
  enabled: boolean;
  /** Onset detection. Default: {@linkcode TexturesOnsetSection}'s defaults. */
  onset: TexturesOnsetSection;
  /** Move each slice start back to the preceding energy minimum. Default true. */
  backtrack: boolean;
  /** Energy envelope window of the backtracking, milliseconds. Default 2. */
  backtrack_window_ms: number;
  /** Shortest slice, seconds. Default 0.04. */
  min_slice_sec: number;
  /** Longest slice, seconds. Default 0.8. */
  max_slice_sec: number;
  /** Quieter hits are dropped, dBFS peak. Default -30. */
  min_peak_dbfs: number;
  /** Fade-in, milliseconds. Default 2. */
  fade_in_ms: number;
  /** Fade-out, milliseconds (at most a third of the slice). Default 20. */
  fade_out_ms: number;
  /** Peak of every slice, dBFS. Default -1. */
  target_peak_dbfs: number;
  /** Slices kept per source. Default 2000. */
  max_slices_per_file: number;
}
const _texturesDrumsSection: SameType<TexturesDrumsSection, z.output<typeof DrumsSectionSchema>> =
  true;

/** `drums` as written: any subset of {@linkcode TexturesDrumsSection}. */
export interface TexturesDrumsSectionInput extends Partial<Omit<TexturesDrumsSection, "onset">> {
  /** Onset detection. Default: {@linkcode TexturesOnsetSection}'s defaults. */
  onset?: TexturesOnsetSectionInput;
}
const _texturesDrumsSectionInput: SameType<
  TexturesDrumsSectionInput,
  z.input<typeof DrumsSectionSchema>
> = true;

/** `silences`: room tone, gated with hysteresis. */
const SilencesSectionSchema = z.strictObject({
  /** Mine room tone at all. */
  enabled: z.boolean().default(true),
  /** Envelope window, milliseconds. */
  envelope_window_ms: z.number().positive().default(50),
  /** Envelope hop, milliseconds. */
  envelope_hop_ms: z.number().positive().default(10),
  /** High-pass of the gate's side chain (rumble must not hold the gate), Hz; null: none. */
  sidechain_highpass_hz: hz.nullable().default(40),
  /** At or below this the signal counts as digital silence, not room tone, dBFS RMS. */
  floor_dbfs: z.number().default(-80),
  /** Room tone starts when the level falls to this, dBFS RMS. */
  on_threshold_dbfs: z.number().default(-45),
  /** ... and ends when it rises above this (hysteresis), dBFS RMS. */
  off_threshold_dbfs: z.number().default(-42),
  /** The level must stay above the off threshold this long to end a span, milliseconds. */
  hold_ms: ms.default(30),
  /** Trimmed from both ends of a span, milliseconds. */
  edge_trim_ms: ms.default(10),
  /** Span ends move inwards past frames louder than the span's median level + this, dB. */
  settle_db: z.number().positive().default(6),
  /** Shortest span kept, seconds. */
  min_length_sec: z.number().positive().default(0.3),
  /** Longer spans are cut into pieces of this length, seconds. */
  max_length_sec: z.number().positive().default(10),
  /** Largest crest factor of a span, dB. */
  max_crest_db: z.number().positive().default(16),
  /** Largest level flux (mean |step| of the envelope), dB per hop. */
  max_flux_db: z.number().positive().default(1.5),
  /** Spans kept per source. */
  max_per_file: z.number().int().min(0).default(50),
  /** Fades at both ends, milliseconds. */
  fade_ms: ms.default(5),
  /** Raise quiet spans to `target_peak_dbfs` (never lowers a span). */
  upward_normalize: z.boolean().default(true),
  /** Peak after upward normalisation, dBFS. */
  target_peak_dbfs: dbfs.default(-12),
});

/** `silences` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesSilencesSection {
  /** Mine room tone at all. Default true. */
  enabled: boolean;
  /** Envelope window, milliseconds. Default 50. */
  envelope_window_ms: number;
  /** Envelope hop, milliseconds. Default 10. */
  envelope_hop_ms: number;
  /**
   * High-pass of the gate's side chain (rumble must not hold the gate), Hz; null: none. Default 40.
   */
  sidechain_highpass_hz: number | null;
  /**
   * At or below this the signal counts as digital silence, not room tone, dBFS RMS. Default -80.
   */
  floor_dbfs: number;
  /** Room tone starts when the level falls to this, dBFS RMS. Default -45. */
  on_threshold_dbfs: number;
  /** ... and ends when it rises above this (hysteresis), dBFS RMS. Default -42. */
  off_threshold_dbfs: number;
  /**
   * The level must stay above the off threshold this long to end a span, milliseconds. Default 30.
   */
  hold_ms: number;
  /** Trimmed from both ends of a span, milliseconds. Default 10. */
  edge_trim_ms: number;
  /**
   * Span ends move inwards past frames louder than the span's median level + this, dB. Default 6.
   */
  settle_db: number;
  /** Shortest span kept, seconds. Default 0.3. */
  min_length_sec: number;
  /** Longer spans are cut into pieces of this length, seconds. Default 10. */
  max_length_sec: number;
  /** Largest crest factor of a span, dB. Default 16. */
  max_crest_db: number;
  /** Largest level flux (mean |step| of the envelope), dB per hop. Default 1.5. */
  max_flux_db: number;
  /** Spans kept per source. Default 50. */
  max_per_file: number;
  /** Fades at both ends, milliseconds. Default 5. */
  fade_ms: number;
  /** Raise quiet spans to `target_peak_dbfs` (never lowers a span). Default true. */
  upward_normalize: boolean;
  /** Peak after upward normalisation, dBFS. Default -12. */
  target_peak_dbfs: number;
}
const _texturesSilencesSection: SameType<
  TexturesSilencesSection,
  z.output<typeof SilencesSectionSchema>
> = true;

/** `silences` as written: any subset of {@linkcode TexturesSilencesSection}. */
export type TexturesSilencesSectionInput = Partial<TexturesSilencesSection>;
const _texturesSilencesSectionInput: SameType<
  TexturesSilencesSectionInput,
  z.input<typeof SilencesSectionSchema>
> = true;

/** `export`: which categories keep two channels (others are mixed to mono). */
const ExportSectionSchema = z.strictObject({
  /** Pads and drone loops in stereo. */
  pads_stereo: z.boolean().default(true),
  /** Swells in stereo. */
  swells_stereo: z.boolean().default(true),
  /** Clouds in stereo. */
  clouds_stereo: z.boolean().default(true),
  /** Hiss in stereo. */
  hiss_stereo: z.boolean().default(false),
  /** Drum slices in stereo. */
  drums_stereo: z.boolean().default(true),
  /** Room tone in stereo. */
  silences_stereo: z.boolean().default(true),
});

/** `export` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesExportSection {
  /** Pads and drone loops in stereo. Default true. */
  pads_stereo: boolean;
  /** Swells in stereo. Default true. */
  swells_stereo: boolean;
  /** Clouds in stereo. Default true. */
  clouds_stereo: boolean;
  /** Hiss in stereo. Default false. */
  hiss_stereo: boolean;
  /** Drum slices in stereo. Default true. */
  drums_stereo: boolean;
  /** Room tone in stereo. Default true. */
  silences_stereo: boolean;
}
const _texturesExportSection: SameType<
  TexturesExportSection,
  z.output<typeof ExportSectionSchema>
> = true;

/** `export` as written: any subset of {@linkcode TexturesExportSection}. */
export type TexturesExportSectionInput = Partial<TexturesExportSection>;
const _texturesExportSectionInput: SameType<
  TexturesExportSectionInput,
  z.input<typeof ExportSectionSchema>
> = true;

/** `brightness_tags`: dark/mid/bright from the spectral centroid. */
const BrightnessTagsSectionSchema = z.strictObject({
  /** Tag pad names. */
  enabled: z.boolean().default(true),
  /** Below: dark, Hz. */
  centroid_low_hz: hz.default(1200),
  /** Above: bright, Hz. */
  centroid_high_hz: hz.default(4000),
});

/** `brightness_tags` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesBrightnessTagsSection {
  /** Tag pad names. Default true. */
  enabled: boolean;
  /** Below: dark, Hz. Default 1200. */
  centroid_low_hz: number;
  /** Above: bright, Hz. Default 4000. */
  centroid_high_hz: number;
}
const _texturesBrightnessTagsSection: SameType<
  TexturesBrightnessTagsSection,
  z.output<typeof BrightnessTagsSectionSchema>
> = true;

/** `brightness_tags` as written: any subset of {@linkcode TexturesBrightnessTagsSection}. */
export type TexturesBrightnessTagsSectionInput = Partial<TexturesBrightnessTagsSection>;
const _texturesBrightnessTagsSectionInput: SameType<
  TexturesBrightnessTagsSectionInput,
  z.input<typeof BrightnessTagsSectionSchema>
> = true;

/** `curation`: grades, scores and best-of copies. */
const CurationSectionSchema = z.strictObject({
  /** Grade thresholds. */
  thresholds: z.strictObject({
    /** Quieter (dBFS RMS) is grade F. */
    min_rms_db: z.number().default(-60),
    /** A peak at or above 1 - this, or a clipped run, is grade F. */
    clipping_tolerance: z.number().min(0).max(0.5).default(0.01),
    /** A run of this many samples at the clip level counts as clipping. */
    min_clip_run: z.number().int().min(1).default(3),
    /** Larger peak/RMS (linear) is grade F. */
    max_crest_factor: z.number().positive().default(25),
    /** Grade A: RMS above min_rms_db by this many dB. */
    a_rms_margin_db: z.number().default(15),
    /** Grade A: crest below this fraction of max_crest_factor. */
    a_crest_fraction: z.number().positive().default(0.6),
    /** Grade A for loops: seam step below this (|jump| / RMS of sample steps). */
    a_max_seam_step: z.number().positive().default(4),
    /** Grade A for loops: level dip at the wrap smaller than this, dB. */
    a_max_seam_dip_db: z.number().positive().default(3),
  }).prefault({}),
  /** Best-of copies per category. */
  top_n: z.number().int().min(0).default(10),
  /** Grade F never goes into the best-of copies (sources are never deleted). */
  exclude_grade_f: z.boolean().default(true),
  /** Integrated LUFS only for items at least this long (one 400 ms gating block). */
  min_lufs_duration_sec: z.number().positive().default(0.4),
});

/** `curation.thresholds` after defaults: the grade thresholds. */
export interface TexturesCurationThresholds {
  /** Quieter (dBFS RMS) is grade F. Default -60. */
  min_rms_db: number;
  /** A peak at or above 1 - this, or a clipped run, is grade F (0 to 0.5). Default 0.01. */
  clipping_tolerance: number;
  /** A run of this many samples at the clip level counts as clipping. Default 3. */
  min_clip_run: number;
  /** Larger peak/RMS (linear) is grade F. Default 25. */
  max_crest_factor: number;
  /** Grade A: RMS above min_rms_db by this many dB. Default 15. */
  a_rms_margin_db: number;
  /** Grade A: crest below this fraction of max_crest_factor. Default 0.6. */
  a_crest_fraction: number;
  /** Grade A for loops: seam step below this (|jump| / RMS of sample steps). Default 4. */
  a_max_seam_step: number;
  /** Grade A for loops: level dip at the wrap smaller than this, dB. Default 3. */
  a_max_seam_dip_db: number;
}
const _texturesCurationThresholds: SameType<
  TexturesCurationThresholds,
  z.output<typeof CurationSectionSchema>["thresholds"]
> = true;

/** `curation.thresholds` as written: any subset of {@linkcode TexturesCurationThresholds}. */
export type TexturesCurationThresholdsInput = Partial<TexturesCurationThresholds>;
const _texturesCurationThresholdsInput: SameType<
  TexturesCurationThresholdsInput,
  NonNullable<z.input<typeof CurationSectionSchema>["thresholds"]>
> = true;

/** `curation` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesCurationSection {
  /** Grade thresholds. Default: {@linkcode TexturesCurationThresholds}' defaults. */
  thresholds: TexturesCurationThresholds;
  /** Best-of copies per category. Default 10. */
  top_n: number;
  /** Grade F never goes into the best-of copies (sources are never deleted). Default true. */
  exclude_grade_f: boolean;
  /**
   * Integrated LUFS only for items at least this long (one 400 ms gating block), seconds. Default
   * 0.4.
   */
  min_lufs_duration_sec: number;
}
const _texturesCurationSection: SameType<
  TexturesCurationSection,
  z.output<typeof CurationSectionSchema>
> = true;

/** `curation` as written: any subset of {@linkcode TexturesCurationSection}. */
export interface TexturesCurationSectionInput
  extends Partial<Omit<TexturesCurationSection, "thresholds">> {
  /** Grade thresholds. Default: {@linkcode TexturesCurationThresholds}' defaults. */
  thresholds?: TexturesCurationThresholdsInput;
}
const _texturesCurationSectionInput: SameType<
  TexturesCurationSectionInput,
  z.input<typeof CurationSectionSchema>
> = true;

/** `musicality`: optional bar-length snapping of pads and clouds. */
const MusicalitySectionSchema = z.strictObject({
  /** Tempo: null (off), a number, or "detect" (autocorrelation of the onset envelope). */
  reference_bpm: z.union([z.number().positive(), z.literal("detect")]).nullable().default(null),
  /** Snap pad and cloud lengths to whole bars at the reference tempo. */
  snap_to_grid: z.boolean().default(false),
  /** Bar counts lengths may snap to. */
  bar_lengths: z.array(z.number().int().positive()).min(1).default([1, 2, 4]),
  /** Beats per bar. */
  beats_per_bar: z.number().int().positive().default(4),
});

/** `musicality` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesMusicalitySection {
  /**
   * Tempo: null (off), a number, or "detect" (autocorrelation of the onset envelope). Default
   * `null`.
   */
  reference_bpm: number | "detect" | null;
  /** Snap pad and cloud lengths to whole bars at the reference tempo. Default false. */
  snap_to_grid: boolean;
  /** Bar counts lengths may snap to. Default `[1, 2, 4]`. */
  bar_lengths: number[];
  /** Beats per bar. Default 4. */
  beats_per_bar: number;
}
const _texturesMusicalitySection: SameType<
  TexturesMusicalitySection,
  z.output<typeof MusicalitySectionSchema>
> = true;

/** `musicality` as written: any subset of {@linkcode TexturesMusicalitySection}. */
export type TexturesMusicalitySectionInput = Partial<TexturesMusicalitySection>;
const _texturesMusicalitySectionInput: SameType<
  TexturesMusicalitySectionInput,
  z.input<typeof MusicalitySectionSchema>
> = true;

/** `reproducibility`: the one seed every generator is derived from. */
const ReproducibilitySectionSchema = z.strictObject({
  /** Seed; null draws one from the OS (recorded in batch_results.json). */
  random_seed: z.number().int().nullable().default(42),
});

/** `reproducibility` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesReproducibilitySection {
  /** Seed; null draws one from the OS (recorded in batch_results.json). Default 42. */
  random_seed: number | null;
}
const _texturesReproducibilitySection: SameType<
  TexturesReproducibilitySection,
  z.output<typeof ReproducibilitySectionSchema>
> = true;

/** `reproducibility` as written: any subset of {@linkcode TexturesReproducibilitySection}. */
export type TexturesReproducibilitySectionInput = Partial<TexturesReproducibilitySection>;
const _texturesReproducibilitySectionInput: SameType<
  TexturesReproducibilitySectionInput,
  z.input<typeof ReproducibilitySectionSchema>
> = true;

/** `tr8s`: conversion and limits of the Roland TR-8S export. */
const Tr8sSectionSchema = z.strictObject({
  /** Bits per sample: 16 (TPDF dither) or 24. */
  bit_depth: z.union([z.literal(16), z.literal(24)]).default(16),
  /** Sample rate of the exported files, Hz. */
  sample_rate: z.number().int().default(44100),
  /** Categories kept in stereo (everything else is mixed to mono). */
  stereo_categories: z.array(z.string()).default([]),
  /** Files per folder (manual: 256). */
  max_files_per_folder: z.number().int().min(1).max(256).default(256),
  /** Folders (manual: 256). */
  max_folders: z.number().int().min(1).max(256).default(256),
  /** Warn past this many files in all (manual: 400 samples). */
  max_samples: z.number().int().min(1).default(400),
  /** Warn past this many seconds of 44.1 kHz mono per file (manual: about 180 s). */
  max_seconds_per_file: z.number().positive().default(180),
  /** Soft budget of all files, seconds of 44.1 kHz mono (third-party figure, not the manual). */
  max_total_seconds: z.number().positive().default(600),
  /** Longest sample name (without .WAV); the device shows 16 characters. */
  name_length: z.number().int().min(8).max(16).default(16),
});

/** `tr8s` after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesTr8sSection {
  /** Bits per sample: 16 (TPDF dither) or 24. Default 16. */
  bit_depth: 16 | 24;
  /** Sample rate of the exported files, Hz. Default 44100. */
  sample_rate: number;
  /** Categories kept in stereo (everything else is mixed to mono). Default `[]`. */
  stereo_categories: string[];
  /** Files per folder (manual: 256; 1 to 256). Default 256. */
  max_files_per_folder: number;
  /** Folders (manual: 256; 1 to 256). Default 256. */
  max_folders: number;
  /** Warn past this many files in all (manual: 400 samples). Default 400. */
  max_samples: number;
  /** Warn past this many seconds of 44.1 kHz mono per file (manual: about 180 s). Default 180. */
  max_seconds_per_file: number;
  /**
   * Soft budget of all files, seconds of 44.1 kHz mono (third-party figure, not the manual).
   * Default 600.
   */
  max_total_seconds: number;
  /** Longest sample name (without .WAV); the device shows 16 characters (8 to 16). Default 16. */
  name_length: number;
}
const _texturesTr8sSection: SameType<TexturesTr8sSection, z.output<typeof Tr8sSectionSchema>> =
  true;

/** `tr8s` as written: any subset of {@linkcode TexturesTr8sSection}. */
export type TexturesTr8sSectionInput = Partial<TexturesTr8sSection>;
const _texturesTr8sSectionInput: SameType<
  TexturesTr8sSectionInput,
  z.input<typeof Tr8sSectionSchema>
> = true;

/**
 * Schema of the whole texture configuration; every section defaults to its schema's defaults.
 *
 * @example
 * ```ts
 * import { TexturesConfigSchema } from "./textures_config.ts";
 * const cfg = TexturesConfigSchema.parse({ clouds: { clouds_per_source: 2 } });
 * console.log(cfg.clouds.clouds_per_source, cfg.clouds.target_peak_dbfs, cfg.global.sample_rate);
 * // 2 -3 44100
 * ```
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const TexturesConfigSchema = z.strictObject({
  /** Rate, depth, peak. */
  global: GlobalSectionSchema.prefault({}),
  /** Export root. */
  paths: PathsSectionSchema.prefault({}),
  /** Which files discovery lists (`configs/discover.yaml` keys). */
  discovery: FindAudioOptionsSchema.prefault({}),
  /** Which files are mined (`configs/select_sources.yaml` keys). */
  selection: SelectRulesSchema.prefault({}),
  /** Pads. */
  pad_miner: PadMinerSectionSchema.prefault({}),
  /** Swells and drone loops. */
  drones: DronesSectionSchema.prefault({}),
  /** Shared analysis and stable regions. */
  pre_analysis: PreAnalysisSectionSchema.prefault({}),
  /** Granular clouds. */
  clouds: CloudsSectionSchema.prefault({}),
  /** Hiss loops and flickers. */
  hiss: HissSectionSchema.prefault({}),
  /** Drum one-shots. */
  drums: DrumsSectionSchema.prefault({}),
  /** Room tone. */
  silences: SilencesSectionSchema.prefault({}),
  /** Stereo or mono per category. */
  export: ExportSectionSchema.prefault({}),
  /** Brightness tags. */
  brightness_tags: BrightnessTagsSectionSchema.prefault({}),
  /** Curation. */
  curation: CurationSectionSchema.prefault({}),
  /** Bar snapping. */
  musicality: MusicalitySectionSchema.prefault({}),
  /** Seed. */
  reproducibility: ReproducibilitySectionSchema.prefault({}),
  /** TR-8S export. */
  tr8s: Tr8sSectionSchema.prefault({}),
});

/** The texture configuration after defaults. Validated by {@linkcode TexturesConfigSchema}. */
export interface TexturesConfig {
  /** Rate, depth, peak. Default: {@linkcode TexturesGlobalSection}'s defaults. */
  global: TexturesGlobalSection;
  /** Export root. Default: {@linkcode TexturesPathsSection}'s defaults. */
  paths: TexturesPathsSection;
  /**
   * Which files discovery lists (`configs/discover.yaml` keys). Default: {@linkcode
   * FindAudioConfig}'s defaults.
   */
  discovery: FindAudioConfig;
  /**
   * Which files are mined (`configs/select_sources.yaml` keys). Default: {@linkcode SelectRules}'
   * defaults.
   */
  selection: SelectRules;
  /** Pads. Default: {@linkcode TexturesPadMinerSection}'s defaults. */
  pad_miner: TexturesPadMinerSection;
  /** Swells and drone loops. Default: {@linkcode TexturesDronesSection}'s defaults. */
  drones: TexturesDronesSection;
  /**
   * Shared analysis and stable regions. Default: {@linkcode TexturesPreAnalysisSection}'s defaults.
   */
  pre_analysis: TexturesPreAnalysisSection;
  /** Granular clouds. Default: {@linkcode TexturesCloudsSection}'s defaults. */
  clouds: TexturesCloudsSection;
  /** Hiss loops and flickers. Default: {@linkcode TexturesHissSection}'s defaults. */
  hiss: TexturesHissSection;
  /** Drum one-shots. Default: {@linkcode TexturesDrumsSection}'s defaults. */
  drums: TexturesDrumsSection;
  /** Room tone. Default: {@linkcode TexturesSilencesSection}'s defaults. */
  silences: TexturesSilencesSection;
  /** Stereo or mono per category. Default: {@linkcode TexturesExportSection}'s defaults. */
  export: TexturesExportSection;
  /** Brightness tags. Default: {@linkcode TexturesBrightnessTagsSection}'s defaults. */
  brightness_tags: TexturesBrightnessTagsSection;
  /** Curation. Default: {@linkcode TexturesCurationSection}'s defaults. */
  curation: TexturesCurationSection;
  /** Bar snapping. Default: {@linkcode TexturesMusicalitySection}'s defaults. */
  musicality: TexturesMusicalitySection;
  /** Seed. Default: {@linkcode TexturesReproducibilitySection}'s defaults. */
  reproducibility: TexturesReproducibilitySection;
  /** TR-8S export. Default: {@linkcode TexturesTr8sSection}'s defaults. */
  tr8s: TexturesTr8sSection;
}
const _texturesConfig: SameType<TexturesConfig, z.output<typeof TexturesConfigSchema>> = true;

/**
 * The texture configuration as written (any subset of every section). Validated by
 * {@linkcode TexturesConfigSchema}.
 */
export interface TexturesConfigInput {
  /** Rate, depth, peak. Default: {@linkcode TexturesGlobalSection}'s defaults. */
  global?: TexturesGlobalSectionInput;
  /** Export root. Default: {@linkcode TexturesPathsSection}'s defaults. */
  paths?: TexturesPathsSectionInput;
  /**
   * Which files discovery lists (`configs/discover.yaml` keys). Default: {@linkcode
   * FindAudioConfig}'s defaults.
   */
  discovery?: FindAudioOptions;
  /**
   * Which files are mined (`configs/select_sources.yaml` keys). Default: {@linkcode SelectRules}'
   * defaults.
   */
  selection?: SelectRulesInput;
  /** Pads. Default: {@linkcode TexturesPadMinerSection}'s defaults. */
  pad_miner?: TexturesPadMinerSectionInput;
  /** Swells and drone loops. Default: {@linkcode TexturesDronesSection}'s defaults. */
  drones?: TexturesDronesSectionInput;
  /**
   * Shared analysis and stable regions. Default: {@linkcode TexturesPreAnalysisSection}'s defaults.
   */
  pre_analysis?: TexturesPreAnalysisSectionInput;
  /** Granular clouds. Default: {@linkcode TexturesCloudsSection}'s defaults. */
  clouds?: TexturesCloudsSectionInput;
  /** Hiss loops and flickers. Default: {@linkcode TexturesHissSection}'s defaults. */
  hiss?: TexturesHissSectionInput;
  /** Drum one-shots. Default: {@linkcode TexturesDrumsSection}'s defaults. */
  drums?: TexturesDrumsSectionInput;
  /** Room tone. Default: {@linkcode TexturesSilencesSection}'s defaults. */
  silences?: TexturesSilencesSectionInput;
  /** Stereo or mono per category. Default: {@linkcode TexturesExportSection}'s defaults. */
  export?: TexturesExportSectionInput;
  /** Brightness tags. Default: {@linkcode TexturesBrightnessTagsSection}'s defaults. */
  brightness_tags?: TexturesBrightnessTagsSectionInput;
  /** Curation. Default: {@linkcode TexturesCurationSection}'s defaults. */
  curation?: TexturesCurationSectionInput;
  /** Bar snapping. Default: {@linkcode TexturesMusicalitySection}'s defaults. */
  musicality?: TexturesMusicalitySectionInput;
  /** Seed. Default: {@linkcode TexturesReproducibilitySection}'s defaults. */
  reproducibility?: TexturesReproducibilitySectionInput;
  /** TR-8S export. Default: {@linkcode TexturesTr8sSection}'s defaults. */
  tr8s?: TexturesTr8sSectionInput;
}
const _texturesConfigInput: SameType<TexturesConfigInput, z.input<typeof TexturesConfigSchema>> =
  true;
