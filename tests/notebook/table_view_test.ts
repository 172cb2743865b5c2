import assert from "node:assert/strict";
import { tableFromArrays } from "apache-arrow";
import { $display } from "../../sdk/notebook/display.ts";
import { groupThousands, tableView } from "../../sdk/notebook/table_view.ts";

const rows = Array.from({ length: 1234 }, (_, i) => ({ id: `clip_${i}`, snr: i / 8, n: i }));

Deno.test("tableView bundle has text/html and text/plain", () => {
  const b = tableView(rows)[$display]();
  assert.deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  assert.equal(typeof b["text/html"], "string");
  assert.equal(typeof b["text/plain"], "string");
});

Deno.test("tableView truncates to maxRows with a showing N of M caption", () => {
  const view = tableView(rows, { maxRows: 5, title: "scores" });
  assert.equal(view.shownRows, 5);
  assert.equal(view.totalRows, 1234);
  const html = view.toHtml();
  assert.match(html, /<caption[^>]*>scores: showing 5 of 1,234 rows, 3 columns<\/caption>/);
  assert.equal(html.match(/<tr>/g)?.length, 6); // header + 5 rows
  assert.ok(!html.includes("clip_5"));
  const text = view.toText().split("\n");
  assert.equal(text[0], "scores: showing 5 of 1,234 rows, 3 columns");
  assert.equal(text.length, 7);
});

Deno.test("tableView escapes every cell, header and the title", () => {
  const evil = [{ "<th>": "<script>alert(1)</script>", b: `"q" & 'a'` }];
  const html = tableView(evil, { title: "<i>t</i>" }).toHtml();
  assert.ok(!html.includes("<script>"));
  assert.ok(!html.includes("<i>"));
  assert.ok(!html.includes("<th><th>"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(html.includes("&quot;q&quot; &amp; &#39;a&#39;"));
  assert.ok(html.includes("&lt;i&gt;t&lt;/i&gt;"));
});

Deno.test("tableView right-aligns and formats number columns", () => {
  const view = tableView([{ name: "a", snr: 12.5, n: 7 }, { name: "bbb", snr: 3, n: 12345 }]);
  const html = view.toHtml();
  assert.match(html, /<td style="text-align:right[^"]*">12\.500<\/td>/);
  assert.match(html, /<td style="text-align:right[^"]*">3\.000<\/td>/);
  assert.match(html, /<td style="text-align:right[^"]*">12345<\/td>/);
  assert.match(html, /<td>bbb<\/td>/);
  const lines = view.toText().split("\n");
  assert.deepEqual(lines.slice(1), [
    "name     snr      n",
    "a     12.500      7",
    "bbb    3.000  12345",
  ]);
});

Deno.test("tableView accepts columns plus rows, nulls and long cells", () => {
  const view = tableView({
    columns: ["a", "b"],
    rows: [[1, "x".repeat(500)], { a: null, b: "line\nbreak" }],
  }, { maxCellChars: 10 });
  const text = view.toText();
  assert.match(text, /xxxxxxxxx…/);
  assert.match(text, /null\s+line⏎break/);
});

Deno.test("tableView accepts an Arrow table", () => {
  const table = tableFromArrays({
    utt_id: ["u1", "u2", "<u3>"],
    mos: Float32Array.from([3.25, 4, 1.5]),
    frames: BigInt64Array.from([10n, 20n, 30n]),
  });
  const view = tableView(table, { maxRows: 2 });
  assert.deepEqual(view.columns, ["utt_id", "mos", "frames"]);
  assert.equal(view.totalRows, 3);
  const text = view.toText();
  assert.match(text, /^showing 2 of 3 rows, 3 columns\n/);
  assert.match(text, /u1\s+3\.250\s+10/);
  assert.ok(!text.includes("u3"));
});

Deno.test("tableView rejects inputs that are not tables", () => {
  assert.throws(() => tableView(42 as never), /Cannot show "42" as a table/);
});

Deno.test("groupThousands groups digits without locale", () => {
  assert.equal(groupThousands(0), "0");
  assert.equal(groupThousands(-1234567), "-1,234,567");
  assert.equal(groupThousands(999), "999");
});

Deno.test("tableView accepts interface-typed rows without an index signature", () => {
  interface Clip {
    readonly id: string;
    snr_db: number | null;
  }
  const clips: Clip[] = [{ id: "a", snr_db: 3.5 }, { id: "b", snr_db: null }];
  const view = tableView(clips);
  assert.equal(view.totalRows, 2);
  const text = view.toText().split("\n");
  assert.match(text[1], /^id\s+snr_db$/);
  assert.match(text[2], /^a\s+3\.500$/);
  assert.match(text[3], /^b\s+null$/);
  const byColumns = tableView({ columns: ["snr_db"], rows: clips });
  assert.match(byColumns.toText(), /3\.500/);
  assert.ok(!byColumns.toText().includes("a "));
});
