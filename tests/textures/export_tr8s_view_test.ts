import assert from "node:assert/strict";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { exportTr8s } from "../../sdk/textures/tr8s/export_tr8s.ts";
import { withDir } from "../_util.ts";
import { quickConfig } from "./_fixtures.ts";

Deno.test("exportTr8s shows the kit, samples per category, folders, warnings, errors and paths", async () => {
  await withDir(async (dir) => {
    const hit = (k: number) =>
      Float32Array.from(
        { length: 2400 },
        (_, i) => 0.5 * Math.sin(i / (2 + k)) * Math.exp(-i / 400),
      );
    await Deno.mkdir(`${dir}/in/tape/drums`, { recursive: true });
    await Deno.mkdir(`${dir}/in/tape/pads`, { recursive: true });
    for (let k = 0; k < 2; k++) {
      await writeWav(`${dir}/in/tape/drums/<b>x_drum_00${k + 1}.wav`, {
        sampleRate: 48000,
        channels: [hit(k)],
      });
    }
    const pad = Float32Array.from({ length: 44100 }, (_, i) => 1.5 * Math.sin(i / 30));
    await writeWav(`${dir}/in/tape/pads/tape_pad01_dark.wav`, {
      sampleRate: 44100,
      channels: [pad],
    }, { float: true });
    await Deno.writeTextFile(`${dir}/in/tape/pads/tape_pad02_dark.wav`, "not audio");
    const r = await exportTr8s({
      inputDir: `${dir}/in`,
      outputDir: `${dir}/card`,
      kitName: "Dust kit",
      config: await quickConfig(),
    });
    assert.deepEqual(Object.keys(r), [
      "rows",
      "errors",
      "folders",
      "warnings",
      "mapPath",
      "writes",
    ]);
    const json = JSON.stringify(r);
    assert.equal(json, JSON.stringify({ ...r }));
    assert.ok(!json.includes("Jupyter"));
    assert.equal(r.rows.length, 3);
    assert.equal(r.errors.length, 1);
    assert.equal(r.warnings.length, 1, r.warnings.join("\n"));

    const b = await bundleOf(r);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(
      text.split("\n")[0],
      "exportTr8s: kit DUST_KIT, 3 samples in 2 folders, 1 error, 1 warning",
    );
    assert.match(text, /^ {2}by category +drums 2, pads 1$/m);
    assert.match(text, /^ {2}folders +DUST_KIT_DRM, DUST_KIT_PAD$/m);
    assert.match(text, /^ {2}format +44100 Hz, 16-bit, 1 ch$/m);
    assert.match(text, new RegExp(`^ {2}kit folder +${dir}/card/ROLAND/TR-8S/SAMPLE/$`, "m"));
    assert.match(text, new RegExp(`^ {2}mapping CSV +${dir}/card/tr8s_map_DUST_KIT\\.csv$`, "m"));
    const row = text.split("\n").find((l) => l.includes("tape/drums/<b>x_drum_001.wav"));
    assert.ok(row, text);
    assert.match(row, new RegExp(`^${r.rows[0].name} +DUST_KIT_DRM `));
    assert.match(text, /^error: tape\/pads\/tape_pad02_dark\.wav: /m);
    assert.match(text, /^warning: ROLAND\/TR-8S\/SAMPLE\/DUST_KIT_PAD\/.*scaled by/m);
    assert.ok(html.includes("&lt;b&gt;x_drum_001.wav") && !html.includes("<b>x_drum"));
  });
});
