import assert from "node:assert/strict";
import { formatSelectionSummary, selectSources } from "../../sdk/discover/select_sources.ts";
import type { CatalogRow } from "../../sdk/table/schemas.ts";

let next = 0;
function row(rel_path: string, duration_sec: number | null, extra: Partial<CatalogRow> = {}) {
  return {
    id: `audio_${String(next++).padStart(4, "0")}`,
    rel_path,
    duration_sec,
    sample_rate: 44100,
    channels: 2,
    file_size_mb: 1,
    format: "wav",
    bits_per_sample: 16,
    frames: 0,
    error: null,
    ...extra,
  } as CatalogRow;
}

const ROWS: CatalogRow[] = [
  row("Masters/Final Songs/a.wav", 200), // masters + songs = 20
  row("tracks/b.wav", 100, { channels: 1, sample_rate: 48000 }), // 10
  row("misc/c.wav", 60), // 0
  row("misc/b.wav", 60), // 0, sorts before c
  row("TEST/d.wav", 100), // skip (case-insensitive)
  row("misc/short.wav", 29.9),
  row("misc/long.wav", 3600.5),
  row("misc/edge.wav", 30), // inclusive bounds
  row("misc/bad.wav", null, { error: "The file is empty", sample_rate: null, channels: null }),
];

Deno.test("selectSources rejects by error, skip pattern and duration bounds, in that order", () => {
  const { selected, rejected, summary } = selectSources(ROWS);
  assert.deepEqual(
    rejected.map((r) => [r.row.rel_path, r.reason, r.detail]),
    [
      ["TEST/d.wav", "skip_pattern", "test"],
      ["misc/short.wav", "too_short", "29.9 s"],
      ["misc/long.wav", "too_long", "3600.5 s"],
      ["misc/bad.wav", "unreadable", "The file is empty"],
    ],
  );
  assert.deepEqual(summary.reasons, { unreadable: 1, skip_pattern: 1, too_short: 1, too_long: 1 });
  assert.equal(summary.input, 9);
  assert.equal(summary.selected, 5);
  assert.equal(summary.rejected, 4);
  assert.equal(summary.totalDurationSec, 450);
  assert.equal(summary.meanDurationSec, 90);
  assert.deepEqual(summary.top.map((r) => r.rel_path), selected.map((r) => r.rel_path));
});

Deno.test("selectSources scores preferred patterns, channels and rate, then sorts by path", () => {
  const plain = selectSources(ROWS).selected;
  assert.deepEqual(plain.map((r) => [r.rel_path, r.selection_score]), [
    ["Masters/Final Songs/a.wav", 20],
    ["tracks/b.wav", 10],
    ["misc/b.wav", 0],
    ["misc/c.wav", 0],
    ["misc/edge.wav", 0],
  ]);
  const bonus = selectSources(ROWS, { preferred_channels: 1, preferred_sample_rate: 48000 });
  assert.equal(bonus.selected.find((r) => r.rel_path === "tracks/b.wav")!.selection_score, 20);
  // ties broken by code-point path order
  assert.deepEqual(bonus.selected.slice(0, 2).map((r) => r.rel_path), [
    "Masters/Final Songs/a.wav",
    "tracks/b.wav",
  ]);
  const sensitive = selectSources(ROWS, { case_sensitive: true });
  assert.equal(sensitive.summary.reasons.skip_pattern, 0);
  assert.equal(sensitive.selected[0].selection_score, 10); // "Songs" no longer matches "songs"
});

Deno.test("selectSources honours custom bounds and patterns and refuses min above max", () => {
  const r = selectSources(ROWS, {
    min_duration_sec: 0,
    max_duration_sec: 5000,
    skip_patterns: ["misc/c"],
    prefer_patterns: ["misc"],
    prefer_bonus: 3,
  });
  assert.equal(r.summary.reasons.too_short, 0);
  assert.equal(r.summary.reasons.too_long, 0);
  assert.equal(r.summary.reasons.skip_pattern, 1);
  assert.equal(r.selected.find((x) => x.rel_path === "misc/long.wav")!.selection_score, 3);
  assert.throws(
    () => selectSources(ROWS, { min_duration_sec: 10, max_duration_sec: 5 }),
    /min_duration_sec/,
  );
});

Deno.test("formatSelectionSummary names counts, reasons, durations and the top rows", () => {
  const text = formatSelectionSummary(selectSources(ROWS).summary);
  assert.match(text, /^Input: 9 rows$/m);
  assert.match(text, /^Selected: 5$/m);
  assert.match(text, /^Rejected: 4 \(unreadable 1, skip_pattern 1, too_short 1, too_long 1\)$/m);
  assert.match(text, /total 0\.13 h \(450\.0 s\), mean 90\.0 s/);
  assert.match(text, /^ {4}20 {2}Masters\/Final Songs\/a\.wav {2}\(200\.0 s\)$/m);
  assert.equal(text.split("\n").length, 4 + 1 + 5);
});
