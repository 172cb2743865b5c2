import assert from "node:assert/strict";
import { chunkPlan } from "../../sdk/chunk/chunk_plan.ts";
import { chunkRecording } from "../../sdk/chunk/chunk_recording.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { withDir } from "../_util.ts";
import { noiseWav } from "./_fixtures.ts";

const PLAN_KEYS = ["version", "dataset", "params", "fingerprint", "layout", "rows", "skipped"];

Deno.test("chunkPlan: the plan shows recordings by status, chunks, hours, rows and errors", async () => {
  await withDir(async (ds) => {
    await noiseWav(`${ds}/audio/A/<b>x.wav`, { rate: 1000, seconds: 125 });
    await noiseWav(`${ds}/audio/B/rec.wav`, { rate: 1000, seconds: 3 });
    await Deno.writeTextFile(`${ds}/audio/B/bad.wav`, "not audio");
    const plan = await chunkPlan(ds);
    assert.deepEqual(Object.keys(plan), [...PLAN_KEYS, "summary"]);
    const plain = Object.fromEntries(Object.entries(plan));
    assert.equal(JSON.stringify(plan), JSON.stringify(plain));
    assert.equal(
      Object.getOwnPropertyDescriptor(plan, Symbol.for("Jupyter.display"))?.enumerable,
      false,
    );

    const b = await bundleOf(plan);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(text.split("\n")[0], "chunk plan: 3 recordings, 4 chunks, 0.04 h, 1 error");
    assert.match(text, /dataset\s+.*\n/);
    assert.ok(text.includes(plan.dataset));
    assert.match(text, /\n {2}pending\s+2\n/);
    assert.match(text, /\n {2}error\s+1\n/);
    assert.match(text, /\n {2}stale\s+0\n/);
    assert.match(text, /\n {2}chunks\s+4\n/);
    assert.match(text, /plan: showing 3 of 3 rows/);
    assert.ok(text.includes("B/rec"));
    assert.ok(text.includes("manifests/B/rec.csv"));
    assert.match(text, /error: B\/bad: /);
    assert.match(text, /manifests go to manifests\/, chunks to artifacts\/chunks\//);
    assert.ok(html.includes("A/&lt;b&gt;x"));
    assert.ok(!html.includes("<b>x"));
  });
});

Deno.test("chunkPlan: after chunking, the plan shows skipped and rerun recordings", async () => {
  await withDir(async (ds) => {
    await noiseWav(`${ds}/audio/rec.wav`, { rate: 1000, seconds: 3 });
    const first = await chunkPlan(ds);
    const row = first.rows[0];
    await chunkRecording({
      audioPath: row.audio_path,
      outputDir: row.chunk_output_dir,
      manifestPath: row.manifest_path,
      recordingId: row.recording_id,
      dataset: ds,
      statusPath: `${first.layout.status_dir}/${row.recording_id}.json`,
    });
    const again = String((await bundleOf(await chunkPlan(ds)))["text/plain"]);
    assert.equal(again.split("\n")[0], "chunk plan: 0 recordings, 0 chunks, 0.0 s, 0 errors");
    assert.match(again, /skipped as completed\s+1/);
    const rerun = String(
      (await bundleOf(await chunkPlan(ds, { includeExisting: true })))["text/plain"],
    );
    assert.match(rerun, /\n {2}rerun\s+1\n/);
    assert.match(rerun, /\n {2}pending\s+0\n/);
  });
});
