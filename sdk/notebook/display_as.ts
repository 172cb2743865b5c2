/**
 * Attaching a notebook display to a result object. This module imports nothing: the SDK's
 * command-line paths (such as `deno task discover`) load it without loading the renderer, which
 * is imported only when a notebook displays the result.
 *
 * @module
 */

import type { ResultView } from "./result_view.ts";

/** `Symbol.for("Jupyter.display")`, the same symbol as `$display` in `display.ts`. */
const DISPLAY = Symbol.for("Jupyter.display");

/** The renderer's module, loaded on first display (a computed specifier keeps it out of startup). */
const RENDERER = new URL("./result_view.ts", import.meta.url).href;

/**
 * Give a result object its notebook display: a non-enumerable `[$display]` method that renders
 * `view(result)` with `resultBundle` (`result_view.ts`). The object is otherwise returned as it
 * is (its keys, JSON and deep equality are unchanged), and the view is built only when shown.
 *
 * @param result The result object.
 * @param view Builds its view.
 * @returns `result`, now displayable.
 *
 * @example
 * ```ts
 * import { bundleOf } from "./display.ts";
 * import { displayAs } from "./display_as.ts";
 * const r = displayAs({ files: 3 }, (x) => ({ title: `${x.files} files` }));
 * console.log(Object.keys(r), JSON.stringify(r)); // [ "files" ] {"files":3}
 * console.log((await bundleOf(r))["text/plain"]); // 3 files
 * ```
 */
export function displayAs<T extends object>(result: T, view: (result: T) => ResultView): T {
  Object.defineProperty(result, DISPLAY, {
    value: async () => {
      const { resultBundle } = await import(RENDERER) as typeof import("./result_view.ts");
      return resultBundle(view(result));
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return result;
}
