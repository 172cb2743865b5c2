import assert from "node:assert/strict";
import { chunkRecording } from "../../sdk/chunk/chunk_recording.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { withDir } from "../_util.ts";
import { noiseWav } from "./_fixtures.ts";

Deno.test("chunkRecording: the result shows chunks written and reused, rows and paths", async () => {
  await withDir(async (ds) => {
    await noiseWav(`${ds}/audio/<b>x.wav`, { rate: 1000, seconds: 2.5 });
    const options = {
      audioPath: "audio/<b>x.wav",
      outputDir: "artifacts/chunks/<b>x",
      manifestPath: "manifests/<b>x.csv",
      params: { chunk_duration: 1, min_tail: 0 },
      dataset: ds,
    };
    const result = await chunkRecording(options);
    const keys = ["recordingId", "rows", "written", "reused", "removed", "bytesRead"];
    assert.deepEqual(Object.keys(result), keys);
    assert.equal(
      JSON.stringify(result),
      JSON.stringify(Object.fromEntries(keys.map((k) => [k, result[k as keyof typeof result]]))),
    );
    const b = await bundleOf(result);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(text.split("\n")[0], "chunk recording <b>x: 3 chunks, 3 written, 0 reused");
    assert.match(text, /audio covered\s+2\.5 s/);
    assert.match(text, /sample rate\s+1000/);
    assert.ok(text.includes("<b>x_chunk_2000_2500"));
    assert.ok(text.includes(result.rows[0].sha256.slice(0, 12)));
    assert.ok(!text.includes(result.rows[0].sha256));
    assert.ok(text.includes("recording: audio/<b>x.wav"));
    assert.ok(text.includes("chunks in artifacts/chunks/<b>x/"));
    assert.ok(text.includes("manifest: manifests/<b>x.csv"));
    assert.ok(html.includes("manifests/&lt;b&gt;x.csv"));
    assert.ok(!html.includes("<b>x"));

    const again = String((await bundleOf(await chunkRecording(options)))["text/plain"]);
    assert.equal(again.split("\n")[0], "chunk recording <b>x: 3 chunks, 0 written, 3 reused");
  });
});
