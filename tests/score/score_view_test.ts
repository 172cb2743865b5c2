import assert from "node:assert/strict";
import "./_plugin_scorers.ts";
import { mergeScores, score } from "../../sdk/score/score.ts";
import { scoreView } from "../../sdk/score/score_view.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { resultBundle } from "../../sdk/notebook/result_view.ts";
import { readParquet } from "../../sdk/table/parquet.ts";
import { dataset } from "./_dataset.ts";
import { withDir } from "../_util.ts";

const KEYS = ["out", "rows", "errors", "seconds", "audioSeconds"];

function config(manifest: string) {
  return {
    data: { manifest },
    scorers: ["test_level", "test_ref", "test_flaky"],
    workers: 1,
    loss_proxy: { terms: { test_rms: { weight: 1, higher_is_worse: false } } },
  };
}

Deno.test("score: the result shows rows, scorers, failures, output and rounded metrics", async () => {
  await withDir(async (dir) => {
    const manifest = await dataset(dir);
    const out = `${dir}/<b>x/scores.parquet`;
    await Deno.mkdir(`${dir}/<b>x`);
    const result = await score({ config: config(manifest), out });
    assert.deepEqual(Object.keys(result), KEYS);
    assert.equal(
      JSON.stringify(result),
      JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, result[k as keyof typeof result]]))),
    );
    const b = await bundleOf(result);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(text.split("\n")[0], "score: 8 rows, 3.8 s, 2 failed");
    assert.match(text, /rows scored\s+8\n/);
    assert.match(text, /failed\s+2\n/);
    assert.match(text, /scorers\s+test_level v1, test_ref v1, test_flaky v1\n/);
    assert.ok(text.includes(`output       ${out}`));
    assert.match(text, /scores \(rounded\): showing 8 of 8 rows, 6 columns/);
    const header = text.split("\n").find((l) => l.startsWith("utt_id"));
    assert.deepEqual(header?.split(/\s+/), [
      "utt_id",
      "test_rms",
      "test_peak",
      "test_len_ratio",
      "test_flaky",
      "loss_proxy",
    ]);
    // u0's RMS is 0.1 / sqrt(2) = 0.0707...: shown to three decimals.
    const u0 = (await readParquet(out)).toArray()[0].toJSON() as Record<string, number>;
    assert.ok(Math.abs(u0.test_rms - 0.0707) < 1e-3);
    assert.match(text, /\nu0\s+0\.071\s/);
    assert.match(text, /failed: u3_flaky: .*refused u3_flaky/);
    assert.match(text, /failed: u9_missing: .*nothing\.wav/);
    assert.ok(html.includes("&lt;b&gt;x/scores.parquet"));
    assert.ok(!html.includes("<b>x"));
  });
});

Deno.test("score: a shard shows its rows of the whole and mergeScores shows the merge", async () => {
  await withDir(async (dir) => {
    const manifest = await dataset(dir);
    const out = `${dir}/s.parquet`;
    for (const index of [0, 1]) {
      const part = await score({ config: config(manifest), out, shard: { index, count: 2 } });
      const text = String((await bundleOf(part))["text/plain"]);
      assert.ok(text.startsWith("score: 4 rows, "));
      assert.ok(text.includes(`s.part-${index}-of-2.parquet`));
    }
    const merged = await mergeScores({ config: config(manifest), out, count: 2 });
    assert.deepEqual(Object.keys(merged), KEYS);
    const text = String((await bundleOf(merged))["text/plain"]);
    assert.equal(text.split("\n")[0], "score: 8 rows, 3.8 s, 2 failed");
    assert.match(text, /showing 8 of 8 rows/);
    assert.match(text, /failed: u3_flaky/);
  });
});

Deno.test("scoreView shows ten rows of many and counts the failures not listed", () => {
  const preview = Array.from({ length: 10 }, (_, i) => ({ utt_id: `u${i}`, lufs: -23.04567 }));
  const view = scoreView(
    { out: "s.parquet", rows: 5000, errors: 7, seconds: 1, audioSeconds: 7200 },
    {
      scorers: [{ name: "signal", version: "1" }],
      columns: ["lufs"],
      preview,
      failures: [{ utt_id: "u3", error: "File is empty" }],
    },
  );
  const text = String(resultBundle(view)["text/plain"]);
  assert.equal(text.split("\n")[0], "score: 5000 rows, 2.00 h, 7 failed");
  assert.match(text, /showing 10 of 5,000 rows, 2 columns/);
  assert.match(text, /u9\s+-23\.046/);
  assert.ok(text.includes("failed: u3: File is empty"));
  assert.ok(text.includes("... and 6 more failed rows"));
  const bare = scoreView({ out: "s.parquet", rows: 1, errors: 0, seconds: 1, audioSeconds: 1 });
  assert.equal(bare.table, undefined);
  assert.ok(bare.facts?.some(([k, v]) => k === "output" && v === "s.parquet"));
});
