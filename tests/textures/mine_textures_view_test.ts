import assert from "node:assert/strict";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { resultBundle } from "../../sdk/notebook/result_view.ts";
import { mineTextures } from "../../sdk/textures/batch/mine_textures.ts";
import { mineTexturesView } from "../../sdk/textures/batch/mine_textures_view.ts";
import { syntheticTrack } from "../../sdk/textures/synthetic_track.ts";
import { withDir } from "../_util.ts";
import { quickConfig } from "./_fixtures.ts";

const KEYS = [
  "version",
  "project",
  "input_dir",
  "export_root",
  "seed",
  "config_sha256",
  "dry_run",
  "selection",
  "start_index",
  "count",
  "sources",
  "totals",
  "timings",
];

Deno.test("mineTextures shows sources, files per category, writes, rows and the output folder", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/in`);
    const track = syntheticTrack({ seconds: 5, seed: 2, stereo: false, cycle: "short" }).audio;
    await writeWav(`${dir}/in/<b>x.wav`, track);
    await Deno.writeTextFile(`${dir}/in/notes.wav`, "not audio");
    const config = await quickConfig(["clouds.enabled=false", "hiss.enabled=false"]);
    const r = await mineTextures({
      inputDir: `${dir}/in`,
      projectName: "p",
      config,
      exportDir: `${dir}/export`,
    });
    assert.equal(r.totals.ok, 1, JSON.stringify(r.sources));
    assert.deepEqual(Object.keys(r), KEYS);
    const json = JSON.stringify(r);
    assert.equal(json, JSON.stringify({ ...r }));
    assert.ok(!json.includes("Jupyter"));

    const b = await bundleOf(r);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    const files = Object.values(r.totals.files).reduce((a, n) => a + n, 0);
    assert.ok(files > 0);
    assert.equal(
      text.split("\n")[0],
      `mineTextures: project p, 1 source mined, 0 failed, ${files} files`,
    );
    assert.match(text, /^ {2}sources +2 discovered, 1 selected \(rejected: unreadable 1\)$/m);
    const f = r.totals.files;
    assert.ok(
      text.includes(`pads ${f.pads}, swells ${f.swells}, clouds 0, hiss 0, drums ${f.drums}`),
      text,
    );
    assert.match(
      text,
      new RegExp(`^ {2}writes +${r.totals.writes.created} created, 0 replaced`, "m"),
    );
    assert.ok(text.includes(`output: ${dir}/export/p/<source>/`));
    assert.ok(text.includes(`results: ${dir}/export/p/batch_results.json`));
    const row = text.split("\n").find((l) => /^ +0 +<b>x\.wav +b_x\/ +ok /.test(l));
    assert.ok(row, text);
    assert.ok(row.includes(` ${f.pads} `));
    assert.ok(html.includes("&lt;b&gt;x.wav") && !html.includes("<b>x.wav"));
    assert.ok(html.includes(`${dir}/export/p`));

    // A dry run lists the plan; a failed source is named in the notes.
    const dry = await mineTextures({
      inputDir: `${dir}/in`,
      projectName: "p",
      config,
      exportDir: `${dir}/export`,
      dryRun: true,
    });
    const dt = String((await bundleOf(dry))["text/plain"]);
    assert.match(dt, /^mineTextures \(dry run\): project p, 1 source planned$/m);
    assert.doesNotMatch(dt, /batch_results\.json/);
    const broken = structuredClone(r);
    broken.sources[0].status = "error";
    broken.sources[0].error = "Cannot decode <b>x.wav";
    const bt = String(resultBundle(mineTexturesView(broken))["text/plain"]);
    assert.match(bt, /^failed: <b>x\.wav: Cannot decode <b>x\.wav$/m);
  });
});
