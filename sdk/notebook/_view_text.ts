/**
 * Internal: small text helpers the result views share (see `result_view.ts`). Import-free, so the views
 * stay light on command-line paths.
 *
 * @module
 */

/**
 * A count with its noun, pluralised with "s" unless the count is 1.
 *
 * @param n The count.
 * @param word The noun in the singular.
 * @returns E.g. `3 files`, `1 file`.
 *
 * @example
 * ```ts
 * import { plural } from "./_view_text.ts";
 * console.log(plural(1, "file"), plural(3, "file")); // 1 file 3 files
 * ```
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * A duration for a headline: seconds with one decimal below 36 s, else hours with two.
 *
 * @param sec Seconds.
 * @returns E.g. `12.5 s`, `0.25 h`.
 *
 * @example
 * ```ts
 * import { durationText } from "./_view_text.ts";
 * console.log(durationText(12.46), durationText(900)); // 12.5 s 0.25 h
 * ```
 */
export function durationText(sec: number): string {
  return sec >= 36 ? `${(sec / 3600).toFixed(2)} h` : `${sec.toFixed(1)} s`;
}
