/**
 * Plotly figures for notebooks and HTML reports.
 *
 * A {@linkcode Figure} displays as one bundle with three parts: the plotly MIME type (rendered by
 * VS Code and by JupyterLab with the plotly extension), a small `text/html` fallback that draws
 * with `window.Plotly` once it is loaded (nbconvert HTML, JupyterLab without the extension), and
 * `text/plain`. {@linkcode plotlyInit} loads the cartesian plotly.js bundle into the notebook
 * page once. {@linkcode toHtml} writes a standalone page for reports.
 *
 * @module
 */

import plotlySource from "plotly.js-cartesian-dist-min/plotly-cartesian.min.js" with {
  type: "text",
};
import {
  $display,
  $displayBudget,
  capBundle,
  escapeHtml,
  formatBytes,
  type MimeBundle,
  ShowOptionsSchema,
} from "./display.ts";

/** One plotly trace (`{type: "scatter", x, y, ...}`); typed arrays are accepted. */
export type PlotlyTrace = Record<string, unknown>;
/** Plotly layout (`{title: {text}, xaxis: {...}, ...}`). */
export type PlotlyLayout = Record<string, unknown>;
/** Plotly config (`{responsive: true, ...}`). */
export type PlotlyConfig = Record<string, unknown>;

/** The three parts of a figure, as plotly.js and the plotly MIME type take them. */
export interface FigureSpec {
  /** Traces. */
  data: PlotlyTrace[];
  /** Layout; default `{}`. */
  layout?: PlotlyLayout;
  /** Config; default `{}`. */
  config?: PlotlyConfig;
}

/** Version and variant of the bundled plotly.js, read from its header comment. */
export const PLOTLY_VERSION: string = /plotly\.js \(cartesian[^)]*\) v(\S+)/.exec(
  plotlySource.slice(0, 200),
)?.[1] ?? "unknown";

let figureCounter = 0;

function toPlain(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** JSON safe to place inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function drawFragment(spec: unknown, id: string): string {
  const height = 450;
  return `<div id="${id}" class="audiocurate-plotly" style="width:100%;min-height:${height}px">` +
    `</div>\n<script type="text/javascript">\n(function () {\n` +
    `  var id = ${JSON.stringify(id)};\n  var spec = ${scriptJson(spec)};\n` +
    `  var s = document.currentScript;\n` +
    `  var el = s && s.previousElementSibling && s.previousElementSibling.id === id\n` +
    `    ? s.previousElementSibling : null;\n` +
    `  function draw(n) {\n    var d = el || document.getElementById(id);\n` +
    `    if (window.Plotly && d) { window.Plotly.newPlot(d, spec.data, spec.layout, spec.config); }\n` +
    `    else if (n < 200) { setTimeout(function () { draw(n + 1); }, 50); }\n` +
    `    else if (d) { d.textContent = "plotly.js is not loaded: display plotlyInit() in an ` +
    `earlier cell (or trust the notebook)"; }\n  }\n  draw(0);\n})();\n</script>`;
}

/**
 * A plotly figure: `{data, layout, config}` that displays itself in notebooks.
 *
 * @example
 * ```ts
 * import { Figure } from "./plotly.ts";
 * const fig = new Figure({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }] });
 * console.log(fig.toString()); // Figure(1 trace)
 * ```
 */
export class Figure {
  /** Traces. */
  data: PlotlyTrace[];
  /** Layout. */
  layout: PlotlyLayout;
  /** Config. */
  config: PlotlyConfig;
  /** Byte budget of the display bundle (default 1 000 000); see `capBundle`. */
  maxBytes: number = ShowOptionsSchema.shape.maxBytes.parse(undefined);

  /**
   * A figure from its parts; `config` defaults to `{responsive: true}`.
   *
   * @param spec Traces, layout and config.
   */
  constructor(spec: FigureSpec = { data: [] }) {
    this.data = [...spec.data];
    this.layout = { ...spec.layout };
    this.config = { responsive: true, ...spec.config };
  }

  /**
   * Append a trace.
   *
   * @param trace A plotly trace.
   * @returns This figure.
   */
  addTrace(trace: PlotlyTrace): this {
    this.data.push(trace);
    return this;
  }

  /**
   * The figure as plain JSON (typed arrays become arrays, bigints numbers, dates ISO text).
   *
   * @returns `{data, layout, config}`.
   */
  toJSON(): Required<FigureSpec> {
    return toPlain({ data: this.data, layout: this.layout, config: this.config }) as Required<
      FigureSpec
    >;
  }

  /**
   * An HTML fragment (a div and a script that draws into it once `window.Plotly` exists). Each
   * call gets a new element id: a per-process counter plus a hash of the figure, deterministic
   * across runs.
   *
   * @returns HTML.
   */
  toHtmlFragment(): string {
    const spec = this.toJSON();
    figureCounter += 1;
    return drawFragment(spec, `audiocurate-plot-${figureCounter}-${fnv1a(JSON.stringify(spec))}`);
  }

  /**
   * The display bundle: plotly JSON, HTML fallback and `Figure(N traces)` text, capped at
   * `maxBytes` (over it, the largest parts give way to a notice).
   *
   * @returns The bundle.
   */
  [$display](): MimeBundle {
    return capBundle({
      "application/vnd.plotly.v1+json": this.toJSON(),
      "text/html": this.toHtmlFragment(),
      "text/plain": this.toString(),
    }, this.maxBytes);
  }

  /**
   * `Figure(N traces)`.
   *
   * @returns Short text.
   */
  toString(): string {
    return `Figure(${this.data.length} trace${this.data.length === 1 ? "" : "s"})`;
  }
}

function safeScript(src: string): string {
  return src.replace(/<\/script/gi, "<\\/script");
}

/**
 * The displayable returned by {@linkcode plotlyInit}: a script that defines `window.Plotly`
 * unless the page already has it.
 */
export interface PlotlyInit {
  /** Its own byte budget (the library is larger than the 1 MB default). */
  readonly [$displayBudget]: number;
  /**
   * The bundle: `text/html` with the inlined library, `text/plain` naming it.
   *
   * @returns The bundle.
   */
  [$display](): MimeBundle;
}

/**
 * Load plotly.js (the cartesian dist: scatter, bar, box, histogram, heatmap...) into the notebook
 * page, once: display it in the first cell, e.g. as the cell's last expression or with
 * `await show(plotlyInit())`. The script does nothing when `window.Plotly` already exists.
 *
 * This is the one documented exception to the 1 MB output budget: the library is about 1.5 MB
 * and cannot be split into independent scripts. It is sent once, as its own output, which the
 * kernel measurements (reference §2.3) found reliable with `show`'s 30 ms wait, and far below
 * the ~8 MB where messages corrupted. It carries its own budget (`[$displayBudget]`, 2 MB),
 * which {@linkcode show} honours.
 *
 * @returns A displayable.
 *
 * @example
 * ```ts
 * import { $display } from "./display.ts";
 * import { plotlyInit } from "./plotly.ts";
 * const bundle = plotlyInit()[$display]();
 * console.log(String(bundle["text/html"]).startsWith("<script")); // true
 * ```
 */
export function plotlyInit(): PlotlyInit {
  const budget = 2_000_000;
  return {
    [$displayBudget]: budget,
    [$display](): MimeBundle {
      const html = `<script type="text/javascript">\nif (!window.Plotly) {\n` +
        `${safeScript(plotlySource)}\n}\n</script>`;
      return capBundle({
        "text/html": html,
        "text/plain": `plotly.js ${PLOTLY_VERSION} (cartesian, ${
          formatBytes(plotlySource.length)
        }) loaded into the notebook page`,
      }, budget);
    },
  };
}

/** Options of {@linkcode toHtml}. */
export interface ToHtmlOptions {
  /** Inline plotly.js into the page (default true): works offline, adds ~1.5 MB. */
  selfContained?: boolean;
  /** Page title (default "Figure"). */
  title?: string;
  /** Script URL used when not self-contained (default: the same version on jsDelivr). */
  plotlyUrl?: string;
}

/**
 * A standalone HTML page showing one or more figures, for reports.
 *
 * @param figures A figure or several, drawn in order.
 * @param options See {@linkcode ToHtmlOptions}.
 * @returns The page's HTML.
 *
 * @example
 * ```ts
 * import { scatter, toHtml } from "./plotly.ts";
 * const page = toHtml(scatter([1, 2, 3], [3, 1, 2]), { selfContained: false, title: "demo" });
 * console.log(page.startsWith("<!DOCTYPE html>")); // true
 * ```
 */
export function toHtml(figures: Figure | readonly Figure[], options: ToHtmlOptions = {}): string {
  const list = figures instanceof Figure ? [figures] : [...figures];
  const selfContained = options.selfContained ?? true;
  const url = options.plotlyUrl ??
    `https://cdn.jsdelivr.net/npm/plotly.js-cartesian-dist-min@${PLOTLY_VERSION}/plotly-cartesian.min.js`;
  const lib = selfContained
    ? `<script type="text/javascript">\n${safeScript(plotlySource)}\n</script>`
    : `<script type="text/javascript" src="${escapeHtml(url)}"></script>`;
  const body = list.map((f) => f.toHtmlFragment()).join("\n");
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<title>${escapeHtml(options.title ?? "Figure")}</title>\n${lib}\n</head>\n<body>\n` +
    `${body}\n</body>\n</html>\n`;
}

/** Common options of the figure helpers. */
export interface PlotOptions {
  /** Figure title. */
  title?: string;
  /** X axis title. */
  xTitle?: string;
  /** Y axis title. */
  yTitle?: string;
  /** Trace name (legend). */
  name?: string;
}

function layoutOf(o: PlotOptions): PlotlyLayout {
  const layout: PlotlyLayout = {};
  if (o.title !== undefined) layout.title = { text: o.title };
  if (o.xTitle !== undefined) layout.xaxis = { title: { text: o.xTitle } };
  if (o.yTitle !== undefined) layout.yaxis = { title: { text: o.yTitle } };
  return layout;
}

function arr<T>(x: ArrayLike<T>): T[] {
  return Array.from(x);
}

function named(trace: PlotlyTrace, o: PlotOptions): PlotlyTrace {
  return o.name === undefined ? trace : { ...trace, name: o.name };
}

/**
 * A scatter plot of points.
 *
 * @param x X values.
 * @param y Y values.
 * @param options Titles, trace name, optional hover `text` per point.
 * @returns A figure with one `scatter` trace in `markers` mode.
 *
 * @example
 * ```ts
 * import { scatter } from "./plotly.ts";
 * console.log(scatter([1, 2], [3, 4], { title: "snr" }).data[0].mode); // markers
 * ```
 */
export function scatter(
  x: ArrayLike<number | string>,
  y: ArrayLike<number>,
  options: PlotOptions & { text?: readonly string[] } = {},
): Figure {
  const trace: PlotlyTrace = { type: "scatter", mode: "markers", x: arr(x), y: arr(y) };
  if (options.text) trace.text = [...options.text];
  return new Figure({ data: [named(trace, options)], layout: layoutOf(options) });
}

/**
 * A line plot.
 *
 * @param x X values.
 * @param y Y values.
 * @param options Titles and trace name.
 * @returns A figure with one `scatter` trace in `lines` mode.
 *
 * @example
 * ```ts
 * import { line } from "./plotly.ts";
 * console.log(line([0, 1, 2], [0, 1, 4]).data[0].mode); // lines
 * ```
 */
export function line(
  x: ArrayLike<number | string>,
  y: ArrayLike<number>,
  options: PlotOptions = {},
): Figure {
  const trace: PlotlyTrace = { type: "scatter", mode: "lines", x: arr(x), y: arr(y) };
  return new Figure({ data: [named(trace, options)], layout: layoutOf(options) });
}

/**
 * A histogram of values (binned by plotly.js).
 *
 * @param values The values.
 * @param options Titles, trace name, and `nbins` (maximum number of bins).
 * @returns A figure with one `histogram` trace.
 *
 * @example
 * ```ts
 * import { histogram } from "./plotly.ts";
 * console.log(histogram([1, 2, 2, 3], { nbins: 3 }).data[0].nbinsx); // 3
 * ```
 */
export function histogram(
  values: ArrayLike<number>,
  options: PlotOptions & { nbins?: number } = {},
): Figure {
  const trace: PlotlyTrace = { type: "histogram", x: arr(values) };
  if (options.nbins !== undefined) trace.nbinsx = options.nbins;
  return new Figure({ data: [named(trace, options)], layout: layoutOf(options) });
}

/**
 * A bar chart.
 *
 * @param labels Category labels.
 * @param values Bar heights.
 * @param options Titles and trace name.
 * @returns A figure with one `bar` trace.
 *
 * @example
 * ```ts
 * import { bar } from "./plotly.ts";
 * console.log(bar(["en", "de"], [3, 2]).toString()); // Figure(1 trace)
 * ```
 */
export function bar(
  labels: readonly string[],
  values: ArrayLike<number>,
  options: PlotOptions = {},
): Figure {
  const trace: PlotlyTrace = { type: "bar", x: [...labels], y: arr(values) };
  return new Figure({ data: [named(trace, options)], layout: layoutOf(options) });
}

/**
 * Box plots: one box for an array, or one per group (in the record's key order).
 *
 * @param groups Values, or group name to values.
 * @param options Titles and (for a single box) trace name.
 * @returns A figure with one `box` trace per group.
 *
 * @example
 * ```ts
 * import { box } from "./plotly.ts";
 * console.log(box({ en: [1, 2, 3], de: [2, 3, 4] }).toString()); // Figure(2 traces)
 * ```
 */
export function box(
  groups: ArrayLike<number> | Readonly<Record<string, ArrayLike<number>>>,
  options: PlotOptions = {},
): Figure {
  const isList = Array.isArray(groups) || ArrayBuffer.isView(groups);
  const data: PlotlyTrace[] = isList
    ? [named({ type: "box", y: arr(groups as ArrayLike<number>) }, options)]
    : Object.entries(groups as Record<string, ArrayLike<number>>).map(([name, ys]) => ({
      type: "box",
      name,
      y: arr(ys),
    }));
  return new Figure({ data, layout: layoutOf(options) });
}
