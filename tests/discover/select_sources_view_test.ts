import assert from "node:assert/strict";
import { selectSources } from "../../sdk/discover/select_sources.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import type { CatalogRow } from "../../sdk/table/schemas.ts";

function row(id: string, rel_path: string, duration_sec: number | null): CatalogRow {
  return {
    id,
    rel_path,
    duration_sec,
    sample_rate: 44100,
    channels: 2,
    file_size_mb: 1,
    format: "wav",
    bits_per_sample: 16,
    frames: 0,
    error: duration_sec === null ? "File is empty" : null,
  };
}

Deno.test("selectSources: the result shows selected rows by score and why others were rejected", async () => {
  const rows = [
    row("audio_0000", "masters/<b>x.wav", 200),
    row("audio_0001", "scratch/idea.wav", 90),
    row("audio_0002", "jam.wav", 5),
    row("audio_0003", "plain.wav", 100),
    row("audio_0004", "empty.wav", null),
  ];
  const result = selectSources(rows, { preferred_channels: 2 });
  assert.deepEqual(Object.keys(result), ["selected", "rejected", "summary"]);
  assert.equal(
    JSON.stringify(result),
    JSON.stringify({
      selected: result.selected,
      rejected: result.rejected,
      summary: result.summary,
    }),
  );
  const b = await bundleOf(result);
  const text = String(b["text/plain"]);
  const html = String(b["text/html"]);
  assert.equal(text.split("\n")[0], "select sources: 2 of 5 selected, 0.08 h");
  assert.match(text, /rejected by reason\s+unreadable 1, skip_pattern 1, too_short 1/);
  assert.match(text, /mean duration\s+150\.0 s/);
  // Best first: the preferred "masters" path scores 15, the other 5.
  assert.ok(text.indexOf("audio_0000") < text.indexOf("audio_0003"));
  assert.match(text, /rejected: scratch\/idea\.wav: skip_pattern \(scratch\)/);
  assert.match(text, /rejected: jam\.wav: too_short \(5 s\)/);
  assert.ok(html.includes("masters/&lt;b&gt;x.wav"));
  assert.ok(!html.includes("<b>x.wav"));
});
