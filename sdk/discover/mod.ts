/**
 * Discovery and source selection: a header-only catalog of the audio files under a folder
 * (`discover`, the shared walker `findAudioFiles`), rendered as CSV, JSON or Markdown, and a
 * rule-based selection of sources from it (`selectSources`). Both results show themselves in a
 * notebook (`discoverView`, `selectSourcesView`).
 *
 * @example
 * ```ts
 * import { discover, selectSources } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const { rows } = await discover(dir);
 * console.log(rows.length, selectSources(rows).summary.selected); // 0 0
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

export * from "./find_audio_files.ts";
export * from "./load_discover_config.ts";
export * from "./discover.ts";
export * from "./catalog_format.ts";
export * from "./select_sources.ts";
export * from "./discover_view.ts";
export * from "./select_sources_view.ts";
