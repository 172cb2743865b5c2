/**
 * Texture mining ("batch audio archaeology"): pads, swells and drone loops, granular clouds,
 * hiss, drum one-shots and room tone mined from your own recordings, then curated (grades A/B/F
 * and a features manifest) and exported as Roland TR-8S kits. `mineTextures` runs the batch;
 * every stage is also a plain function over a `SourceContext` for notebooks.
 *
 * @example
 * ```ts
 * import { loadTexturesConfig, makeSeamlessLoop, seamQuality } from "./mod.ts";
 * const config = await loadTexturesConfig();
 * const x = Float32Array.from({ length: 44100 }, (_, i) => Math.sin(2 * Math.PI * 220 * i / 44100));
 * const loop = makeSeamlessLoop([x], { crossfade: 4410, search: 22050, maxTrimFraction: 0.25,
 *   equalGainMinCorrelation: config.pad_miner.equal_gain_min_correlation });
 * console.log(loop.law, seamQuality(loop.channels, { sampleRate: 44100 }).dipDb > -0.01); // equal_gain true
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./stage_rng.ts";
export * from "./round4.ts";
export * from "./synthetic_track.ts";
export * from "./config/textures_config.ts";
export * from "./config/load_textures_config.ts";
export * from "./dsp/analyze_signal.ts";
export * from "./dsp/peak_pick.ts";
export * from "./dsp/detect_onsets.ts";
export * from "./dsp/stable_windows.ts";
export * from "./dsp/estimate_tempo.ts";
export * from "./dsp/apply_fades.ts";
export * from "./dsp/normalize_peak.ts";
export * from "./dsp/resample_to.ts";
export * from "./dsp/time_stretch.ts";
export * from "./dsp/filter_channels.ts";
export * from "./dsp/take_channels.ts";
export * from "./dsp/brightness_tag.ts";
export * from "./pads/make_seamless_loop.ts";
export * from "./pads/seam_quality.ts";
export * from "./pads/mine_pads.ts";
export * from "./drones/mine_swells.ts";
export * from "./clouds/grain_quality.ts";
export * from "./clouds/grain_window.ts";
export * from "./clouds/mine_clouds.ts";
export * from "./hiss/mine_hiss.ts";
export * from "./drums/mine_drums.ts";
export * from "./silences/find_room_tone.ts";
export * from "./silences/mine_silences.ts";
export * from "./batch/source_slug.ts";
export * from "./batch/write_item.ts";
export * from "./batch/prepare_source.ts";
export * from "./batch/mine_source.ts";
export * from "./batch/mine_textures.ts";
export * from "./batch/mine_textures_view.ts";
export * from "./batch/format_batch_summary.ts";
export * from "./curate/category_of.ts";
export * from "./curate/item_features.ts";
export * from "./curate/grade_item.ts";
export * from "./curate/curate_textures.ts";
export * from "./curate/curate_textures_view.ts";
export * from "./tr8s/tr8s_names.ts";
export * from "./tr8s/canonical_wav.ts";
export * from "./tr8s/export_tr8s.ts";
export * from "./tr8s/export_tr8s_view.ts";
export * from "./notebook/audition_grid.ts";
