import assert from "node:assert/strict";
import { $display, bundleBytes, bundleOf } from "../../sdk/notebook/display.ts";
import { displayAs } from "../../sdk/notebook/display_as.ts";
import { resultBundle } from "../../sdk/notebook/result_view.ts";

Deno.test("resultBundle escapes the title, facts, rows and notes", () => {
  const b = resultBundle({
    title: "<script>t</script>",
    facts: [["<i>k</i>", "<b>v</b>"], ["n", null], ["x", 1 / 3]],
    table: [{ path: "<img src=x>" }],
    notes: ["wrote <out>"],
  });
  const html = String(b["text/html"]);
  for (const raw of ["<script>", "<i>k", "<b>v", "<img", "<out>"]) assert.ok(!html.includes(raw));
  assert.ok(html.includes("&lt;script&gt;t&lt;/script&gt;"));
  const text = String(b["text/plain"]).split("\n");
  assert.equal(text[0], "<script>t</script>");
  assert.deepEqual(text.slice(1, 4), [
    "  <i>k</i>  <b>v</b>",
    "  n         n/a",
    "  x         0.333333",
  ]);
  assert.equal(text.at(-1), "wrote <out>");
});

Deno.test("resultBundle caps a huge table to the rows shown and the output budget", () => {
  const rows = Array.from({ length: 50_000 }, (_, i) => ({ id: i, note: "x".repeat(100) }));
  const b = resultBundle({ title: "big", table: rows, maxRows: 5 });
  assert.match(String(b["text/plain"]), /showing 5 of 50,000 rows/);
  assert.ok(bundleBytes(b) < 1_000_000);
});

Deno.test("displayAs adds a hidden display that renders the current values", async () => {
  const r = displayAs({ files: 2, rows: [{ id: "a" }] }, (x) => ({
    title: `${x.files} files`,
    table: x.rows,
  }));
  assert.deepEqual(Object.keys(r), ["files", "rows"]);
  assert.equal(JSON.stringify(r), '{"files":2,"rows":[{"id":"a"}]}');
  assert.deepEqual(r, { files: 2, rows: [{ id: "a" }] });
  assert.equal(typeof (r as unknown as Record<symbol, unknown>)[$display], "function");
  r.files = 3;
  const b = await bundleOf(r);
  assert.match(String(b["text/plain"]), /^3 files\n/);
  assert.match(String(b["text/html"]), /<td>a<\/td>|>a</);
});
