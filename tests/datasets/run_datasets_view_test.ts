import assert from "node:assert/strict";
import { registerBuiltinDatasets } from "../../sdk/datasets/builtin_datasets.ts";
import { DataConfigSchema } from "../../sdk/datasets/data_config.ts";
import { resolveDatasetConfig } from "../../sdk/datasets/dataset_config.ts";
import { runDatasets } from "../../sdk/datasets/run_datasets.ts";
import { verifyManifest } from "../../sdk/datasets/verify.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { withDir } from "../_util.ts";
import { writeTone } from "./_audio.ts";

registerBuiltinDatasets();

Deno.test("runDatasets shows manifests, rows, hours, skipped files and what verify found", async () => {
  await withDir(async (root) => {
    await writeTone(`${root}/en/<b>x.wav`, 8000, 8000);
    await writeTone(`${root}/en/b.wav`, 8000, 4000);
    await writeTone(`${root}/de/c.wav`, 16000, 16000);
    await Deno.writeTextFile(`${root}/de/broken.wav`, "RIFF but no audio");
    const dataset = resolveDatasetConfig({
      name: "f",
      adapter: "folder",
      root,
      options: { labels: { language: 0 } },
    });
    const data = DataConfigSchema.parse({});
    const run = (stages: ("manifest" | "verify")[]) =>
      runDatasets({ dataset, data, stages, splits: ["train"], log: () => {} });
    const res = await run(["manifest", "verify"]);
    assert.deepEqual(Object.keys(res), ["manifestDir", "manifests", "verified", "ok"]);
    const json = JSON.stringify(res);
    assert.equal(json, JSON.stringify({ ...res }));
    assert.ok(!json.includes("Jupyter"));

    const b = await bundleOf(res);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    const hours = Number((2.5 / 3600).toPrecision(2));
    assert.equal(
      text.split("\n")[0],
      `datasets: 1 manifest, 3 rows, ${hours} h, 3 files verified ok`,
    );
    assert.match(text, new RegExp(`^ {2}manifest folder +${root}/manifests$`, "m"));
    assert.match(text, /^ {2}skipped entries +1$/m);
    assert.match(text, /^ {2}verify +every file fine$/m);
    assert.match(text, /^train +train +3 +0\.00069 +created +1 +3\/3 ok/m);
    assert.ok(text.includes(`train manifest (created): ${root}/manifests/train.jsonl`));
    assert.ok(html.includes(`${root}/manifests/train.jsonl`));

    // A file goes missing: verify says which, in the run's view and in verifyManifest's.
    await Deno.remove(`${root}/en/<b>x.wav`);
    const again = await run(["verify"]);
    assert.equal(again.ok, false);
    const t2 = String((await bundleOf(again))["text/plain"]);
    assert.equal(t2.split("\n")[0], "datasets: 1 of 3 files bad");
    assert.match(t2, /^ {2}verify +train: 1 missing$/m);

    const v = await verifyManifest(`${root}/manifests/train.jsonl`);
    assert.deepEqual(Object.keys(v), ["reports", "summary"]);
    assert.equal(JSON.stringify(v), JSON.stringify({ ...v }));
    const vb = await bundleOf(v);
    const vt = String(vb["text/plain"]);
    const vh = String(vb["text/html"]);
    assert.equal(vt.split("\n")[0], "verify: 3 files, 2 ok, 1 missing");
    assert.match(vt, new RegExp(`^ {2}manifest +${root}/manifests/train\\.jsonl$`, "m"));
    assert.match(vt, /^files with a problem: showing 1 of 1 row/m);
    assert.match(vt, /^en\/<b>x +path +missing +".*<b>x\.wav" does not exist/m);
    assert.ok(vh.includes("en/&lt;b&gt;x") && !vh.includes("<b>x"));
  });
});
