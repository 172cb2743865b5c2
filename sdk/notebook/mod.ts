/**
 * The display protocol for Deno's Jupyter kernel: {@linkcode show}, escaped table views, audio
 * players and plotly figures, each kept under a 1 MB output budget.
 *
 * @module
 */

export * from "./display.ts";
export * from "./table_view.ts";
export * from "./audio_player.ts";
export * from "./plotly.ts";
export * from "./result_view.ts";
export * from "./display_as.ts";
