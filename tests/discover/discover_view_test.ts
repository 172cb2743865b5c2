import assert from "node:assert/strict";
import { discover } from "../../sdk/discover/discover.ts";
import { discoverView } from "../../sdk/discover/discover_view.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { withDir } from "../_util.ts";

const DISPLAY = Symbol.for("Jupyter.display");

/** The display is a hidden own property: keys and JSON stay those of the plain result. */
function assertHiddenDisplay(result: object, keys: string[], plain: object): void {
  assert.deepEqual(Object.keys(result), keys);
  assert.equal(JSON.stringify(result), JSON.stringify(plain));
  const d = Object.getOwnPropertyDescriptor(result, DISPLAY);
  assert.equal(typeof d?.value, "function");
  assert.equal(d?.enumerable, false);
}

Deno.test("discover: the result shows files, hours, rows and unreadable files", async () => {
  await withDir(async (dir) => {
    await writeWav(`${dir}/<b>x.wav`, { sampleRate: 8000, channels: [new Float32Array(16000)] });
    await writeWav(`${dir}/a/tone.wav`, { sampleRate: 8000, channels: [new Float32Array(8000)] });
    await Deno.writeTextFile(`${dir}/notes.wav`, "not audio");
    const result = await discover(dir);
    assertHiddenDisplay(result, ["rows", "summary"], {
      rows: result.rows,
      summary: result.summary,
    });
    const b = await bundleOf(result);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    assert.equal(text.split("\n")[0], "discover: 3 files, 3.0 s, 1 unreadable");
    assert.match(text, /formats\s+wav 2/);
    assert.match(text, /catalog: showing 3 of 3 rows/);
    for (const id of ["audio_0000", "audio_0001", "audio_0002"]) assert.ok(text.includes(id));
    assert.ok(text.includes("a/tone.wav"));
    assert.match(text, /unreadable: notes\.wav: /);
    assert.ok(html.includes("&lt;b&gt;x.wav"));
    assert.ok(!html.includes("<b>x.wav"));
    assert.ok(html.includes("discover: 3 files"));
  });
});

Deno.test("discoverView lists five unreadable files and counts the rest", () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({
    id: `audio_000${i}`,
    rel_path: `bad${i}.wav`,
    duration_sec: null,
    sample_rate: null,
    channels: null,
    file_size_mb: 0,
    format: null,
    bits_per_sample: null,
    frames: null,
    error: "File is empty",
  }));
  const view = discoverView({
    rows,
    summary: {
      files: 7,
      readable: 0,
      errors: 7,
      totalDurationSec: 0,
      formats: {},
      errorReasons: { empty: 7 },
      skippedDirs: 0,
      repeatedDirs: 2,
    },
  });
  assert.deepEqual(view.notes, [
    "unreadable: bad0.wav: File is empty",
    "unreadable: bad1.wav: File is empty",
    "unreadable: bad2.wav: File is empty",
    "unreadable: bad3.wav: File is empty",
    "unreadable: bad4.wav: File is empty",
    "... and 2 more unreadable files",
  ]);
  assert.ok(view.facts?.some(([k, v]) => k === "folder links not followed again" && v === 2));
});
