import assert from "node:assert/strict";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { curateTextures } from "../../sdk/textures/curate/curate_textures.ts";
import { withDir } from "../_util.ts";
import { quickConfig } from "./_fixtures.ts";

const SR = 44100;

Deno.test("curateTextures shows grades, categories, copies, the manifest rows and path", async () => {
  await withDir(async (dir) => {
    const hit = Float32Array.from(
      { length: 8000 },
      (_, i) => 0.89 * Math.sin(i / 3) * Math.exp(-i / 600),
    );
    const clipped = hit.map((v) => Math.max(-1, Math.min(1, v * 3)));
    await Deno.mkdir(`${dir}/in/song/drums`, { recursive: true });
    await writeWav(`${dir}/in/song/drums/<b>x_drum_001.wav`, { sampleRate: SR, channels: [hit] });
    await writeWav(`${dir}/in/song/drums/song_drum_002.wav`, {
      sampleRate: SR,
      channels: [clipped],
    });
    await Deno.writeTextFile(`${dir}/in/song/drums/song_drum_003.wav`, "not audio");
    const r = await curateTextures({
      inputRoot: `${dir}/in`,
      outputRoot: `${dir}/best`,
      config: await quickConfig(["curation.top_n=1"]),
    });
    assert.deepEqual(Object.keys(r), ["rows", "manifestPath", "grades", "copies", "writes"]);
    const json = JSON.stringify(r);
    assert.equal(json, JSON.stringify({ ...r }));
    assert.ok(!json.includes("Jupyter"));
    assert.deepEqual(r.grades, { A: 1, B: 0, F: 1, E: 1 });

    const b = await bundleOf(r);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(
      text.split("\n")[0],
      "curateTextures: 3 files, 1 copied to the best-of folder (A 1, B 0, F 1, E 1)",
    );
    assert.match(text, /^ {2}drums +3 files \(A 1, F 1, E 1\), 1 copied$/m);
    assert.match(text, /^ {2}writes +2 created, 0 replaced, 0 unchanged, 0 kept$/m);
    assert.ok(text.includes(`${dir}/best/manifest.csv`));
    assert.match(text, new RegExp(`^ {2}best-of folder +${dir}/best$`, "m"));
    // Rows by rank: the copy first, with its copy path; the unreadable file noted.
    const row = text.split("\n").find((l) => l.startsWith("song/drums/<b>x_drum_001.wav"));
    assert.ok(row, text);
    assert.match(row, / drums +A +\S+ +1 +drums\/song__<b>x_drum_001\.wav/);
    assert.match(text, /^unreadable: song\/drums\/song_drum_003\.wav: /m);
    assert.ok(html.includes("song__&lt;b&gt;x_drum_001.wav"));
    assert.ok(!html.includes("<b>x_drum"));
  });
});
