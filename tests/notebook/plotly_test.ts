import assert from "node:assert/strict";
import { $display, $displayBudget, bundleBytes, show } from "../../sdk/notebook/display.ts";
import {
  bar,
  box,
  Figure,
  histogram,
  line,
  PLOTLY_VERSION,
  plotlyInit,
  scatter,
  toHtml,
} from "../../sdk/notebook/plotly.ts";

const PLOTLY = "application/vnd.plotly.v1+json";

Deno.test("Figure bundle has the plotly JSON object, HTML fallback and text", () => {
  const fig = new Figure({
    data: [{ type: "scatter", x: Float32Array.from([1, 2]), y: [3, 4] }, { type: "bar", y: [1] }],
    layout: { title: { text: "snr" } },
  });
  const b = fig[$display]();
  assert.deepEqual(Object.keys(b).sort(), [PLOTLY, "text/html", "text/plain"]);
  const json = b[PLOTLY] as { data: { x: unknown }[]; layout: unknown; config: unknown };
  assert.equal(typeof json, "object");
  assert.equal(Array.isArray(json), false);
  assert.deepEqual(json.data[0].x, [1, 2], "typed arrays become plain arrays");
  assert.deepEqual(json.layout, { title: { text: "snr" } });
  assert.deepEqual(json.config, { responsive: true });
  assert.equal(b["text/plain"], "Figure(2 traces)");
  assert.equal(new Figure().toString(), "Figure(0 traces)");
  assert.equal(scatter([1], [2]).toString(), "Figure(1 trace)");
});

Deno.test("Figure HTML draws with window.Plotly, retrying, under a deterministic unique id", () => {
  const fig = scatter([1, 2], [3, 4]);
  const h1 = fig[$display]()["text/html"] as string;
  const h2 = fig[$display]()["text/html"] as string;
  const id1 = /<div id="(audiocurate-plot-(\d+)-[0-9a-f]{8})"/.exec(h1);
  const id2 = /<div id="(audiocurate-plot-(\d+)-[0-9a-f]{8})"/.exec(h2);
  assert.ok(id1 && id2);
  assert.notEqual(id1[1], id2[1]);
  assert.equal(Number(id2[2]), Number(id1[2]) + 1, "counter-based");
  assert.equal(id1[1].split("-").at(-1), id2[1].split("-").at(-1), "same figure, same hash");
  assert.match(h1, /window\.Plotly\.newPlot\(/);
  assert.match(h1, /setTimeout\(function \(\) \{ draw\(n \+ 1\); \}, 50\)/);
  assert.match(h1, /n < 200/);
});

Deno.test("Figure HTML cannot be broken out of by trace text", () => {
  const fig = scatter([1], [2], { name: "</script><script>alert(1)</script>", title: "\u2028" });
  const html = fig[$display]()["text/html"] as string;
  assert.equal(html.match(/<\/script>/g)?.length, 1, "only the closing tag of our script");
  assert.ok(!html.includes("<script>alert"));
  assert.ok(!html.includes("\u2028"));
});

Deno.test("Figure over the budget keeps what fits and says what was dropped", () => {
  const n = 40_000;
  const fig = scatter(
    Array.from({ length: n }, (_, i) => i),
    Array.from({ length: n }, (_, i) => i / 3),
  );
  const b = fig[$display]();
  assert.ok(bundleBytes(b) <= 1_000_000);
  assert.match(b["text/plain"] as string, /^Output too large to display[^]*Figure\(1 trace\)$/);
});

Deno.test("plotlyInit loads the cartesian dist once per page and carries its own budget", async () => {
  const init = plotlyInit();
  assert.equal(init[$displayBudget], 2_000_000);
  const b = init[$display]();
  const html = b["text/html"] as string;
  assert.match(
    html,
    /^<script type="text\/javascript">\nif \(!window\.Plotly\) \{\n\/\*\*\n\* plotly\.js \(cartesian/,
  );
  assert.ok(html.length > 1_000_000, "the whole library, not a notice");
  assert.equal(html.match(/<\/script/gi)?.length, 1);
  assert.match(
    b["text/plain"] as string,
    new RegExp(`plotly\\.js ${PLOTLY_VERSION.replace(/\./g, "\\.")}`),
  );
  assert.match(PLOTLY_VERSION, /^\d+\.\d+\.\d+$/);
  let sent = 0;
  await show(init, {
    display: (bundle) => void (sent = (bundle["text/html"] as string).length),
    waitMs: 0,
  });
  assert.equal(sent, html.length, "show does not cap it at 1 MB");
});

Deno.test("toHtml writes a standalone page, inlining plotly.js when selfContained", () => {
  const figs = [histogram([1, 2, 2, 3], { nbins: 3 }), box({ en: [1, 2], de: [3] })];
  const inline = toHtml(figs, { title: "<report>" });
  assert.match(inline, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(inline, /<title>&lt;report&gt;<\/title>/);
  assert.ok(inline.includes("plotly.js (cartesian"));
  assert.equal(inline.match(/class="audiocurate-plotly"/g)?.length, 2);
  const linked = toHtml(figs[0], { selfContained: false });
  assert.ok(linked.length < 10_000);
  assert.match(
    linked,
    /<script type="text\/javascript" src="https:\/\/cdn\.jsdelivr\.net\/npm\/plotly\.js-cartesian-dist-min@/,
  );
});

Deno.test("figure helpers build the expected traces and titles", () => {
  assert.deepEqual(
    scatter([1], [2], { title: "t", xTitle: "x", yTitle: "y", name: "n" }).toJSON(),
    {
      data: [{ type: "scatter", mode: "markers", x: [1], y: [2], name: "n" }],
      layout: {
        title: { text: "t" },
        xaxis: { title: { text: "x" } },
        yaxis: { title: { text: "y" } },
      },
      config: { responsive: true },
    },
  );
  assert.equal(line([1], [2]).data[0].mode, "lines");
  assert.deepEqual(bar(["a"], Float64Array.from([2])).toJSON().data, [{
    type: "bar",
    x: ["a"],
    y: [2],
  }]);
  assert.deepEqual(box([1, 2]).data, [{ type: "box", y: [1, 2] }]);
  assert.deepEqual(box({ a: [1], b: [2] }).data.map((t) => t.name), ["a", "b"]);
  assert.equal(histogram(Float32Array.from([1])).data[0].type, "histogram");
});
