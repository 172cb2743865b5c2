import assert from "node:assert/strict";
import { join } from "node:path";
import { simulate } from "../../sdk/simulate/simulate.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { withDir } from "../_util.ts";
import { demoNoise, NOISE_ONLY, someSpeech } from "./_fixtures.ts";

Deno.test("simulate: the result shows pairs, distortions, SNRs, rows and output paths", async () => {
  await withDir(async (dir) => {
    const speech = await someSpeech(3);
    const outDir = join(dir, "<b>out");
    const result = await simulate({
      speech,
      noise: await demoNoise(),
      config: NOISE_ONLY,
      outDir,
      seed: 5,
    });
    const keys = ["rows", "meta", "metaPath", "manifestPath", "files"];
    assert.deepEqual(Object.keys(result), keys);
    assert.equal(
      JSON.stringify(result),
      JSON.stringify(Object.fromEntries(keys.map((k) => [k, result[k as keyof typeof result]]))),
    );
    const b = await bundleOf(result);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    const seconds = result.rows.reduce((s, r) => s + r.duration_sec, 0);
    assert.equal(text.split("\n")[0], `simulate: 3 pairs, ${seconds.toFixed(1)} s`);
    assert.match(text, /distortions\s+noise 3/);
    assert.match(text, /files\s+8 created, 0 unchanged, 0 replaced/);
    const snrs = result.rows.map((r) => r.snr_db as number);
    assert.ok(
      text.includes(`${Math.min(...snrs).toFixed(1)} to ${Math.max(...snrs).toFixed(1)} dB`),
    );
    assert.match(text, /manifest: showing 3 of 3 rows/);
    for (const s of speech) assert.ok(text.includes(s.id), `row ${s.id} shown`);
    assert.ok(text.includes(`manifest: ${join(outDir, "manifest.jsonl")}`));
    assert.ok(text.includes(`URGENT meta: ${join(outDir, "meta.tsv")}`));
    assert.ok(html.includes("&lt;b&gt;out/manifest.jsonl"));
    assert.ok(!html.includes("<b>out"));

    const again = String(
      (await bundleOf(
        await simulate({ speech, noise: await demoNoise(), config: NOISE_ONLY, outDir, seed: 5 }),
      ))["text/plain"],
    );
    assert.match(again, /files\s+0 created, 8 unchanged, 0 replaced/);
  });
});
