import assert from "node:assert/strict";
import { discover } from "../../sdk/discover/discover.ts";
import { catalogId } from "../../sdk/discover/discover.ts";
import { findAudioFiles } from "../../sdk/discover/find_audio_files.ts";
import { catalogFormatFor, renderCatalog } from "../../sdk/discover/catalog_format.ts";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { parseCsv } from "../../sdk/table/csv.ts";
import { CATALOG_COLUMNS, CatalogRowSchema } from "../../sdk/table/schemas.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

const ODD = `odd/it's "quoted", spaced — ünïcode.wav`;

/** A tree exercising every walker rule; returns its root. */
async function makeTree(): Promise<string> {
  const dir = await tempDir("discover-test-");
  const wav = (path: string, seconds: number, channels = 1, rate = 8000) =>
    writeWav(`${dir}/${path}`, {
      sampleRate: rate,
      channels: Array.from({ length: channels }, () => new Float32Array(rate * seconds)),
    });
  for (
    const d of [
      "a/b",
      "odd",
      ".git",
      "node_modules/pkg",
      ".hidden",
      "venv",
      "export",
      "a/__pycache__",
    ]
  ) {
    await Deno.mkdir(`${dir}/${d}`, { recursive: true });
  }
  await wav("a/b/deep.wav", 2, 2, 16000);
  await wav("a/UPPER.WAV", 1);
  await wav("z.wav", 3);
  await wav(ODD, 1);
  for (const skipped of [".git/x.wav", "node_modules/pkg/x.wav", ".hidden/x.wav", "venv/x.wav"]) {
    await wav(skipped, 1);
  }
  await wav("export/x.wav", 1);
  await wav("a/__pycache__/x.wav", 1);
  // WAV bytes under an uppercase .Flac name: listed by the extension rule, read by content.
  await Deno.copyFile(`${dir}/z.wav`, `${dir}/a/mixed.Flac`);
  await Deno.writeTextFile(`${dir}/notes.wav`, "this is a text file");
  await Deno.writeFile(`${dir}/empty.wav`, new Uint8Array(0));
  await Deno.writeTextFile(`${dir}/readme.txt`, "not audio");
  await Deno.writeFile(`${dir}/Thumbs.db`, new Uint8Array(10));
  await Deno.writeFile(`${dir}/.DS_Store`, new Uint8Array(10));
  await Deno.writeFile(`${dir}/._z.wav`, new Uint8Array(10));
  await Deno.symlink(dir, `${dir}/a/b/loop`); // a loop: a/b/loop -> root
  return dir;
}

Deno.test("findAudioFiles skips listed, dot and litter entries and ends symlink loops", async () => {
  const dir = await makeTree();
  try {
    const found = findAudioFiles(dir);
    assert.deepEqual(found.files, [
      "a/UPPER.WAV",
      "a/b/deep.wav",
      "a/mixed.Flac",
      "empty.wav",
      "notes.wav",
      ODD,
      "z.wav",
    ]);
    assert.deepEqual(found.skippedDirs, [
      ".git",
      ".hidden",
      "a/__pycache__",
      "export",
      "node_modules",
      "venv",
    ]);
    assert.deepEqual(found.repeatedDirs, ["a/b/loop"]);
    const noFollow = findAudioFiles(dir, { follow_symlinks: false });
    assert.deepEqual(noFollow.repeatedDirs, []);
    assert.deepEqual(noFollow.files, found.files);
    // the skip list is configurable
    const custom = findAudioFiles(dir, {
      skip_dirs: [],
      skip_dot_dirs: false,
      extensions: [".txt"],
    });
    assert.deepEqual(custom.files, ["readme.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("findAudioFiles lists a dangling audio link so discovery reports it", async () => {
  const dir = await tempDir();
  try {
    await Deno.symlink(`${dir}/gone.wav`, `${dir}/link.wav`);
    const found = findAudioFiles(dir);
    assert.deepEqual(found.files, ["link.wav"]);
    assert.deepEqual(found.brokenLinks, ["link.wav"]);
    const { rows } = await discover(dir);
    assert.equal(rows[0].duration_sec, null);
    assert.match(rows[0].error!, /./);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("discover gives sorted ids, header facts and error rows, and counts them", async () => {
  const dir = await makeTree();
  try {
    const { rows, summary } = await discover(dir);
    assert.deepEqual(rows.map((r) => r.id), rows.map((_, i) => catalogId(i, rows.length)));
    assert.equal(rows[0].id, "audio_0000");
    for (const r of rows) CatalogRowSchema.parse(r);
    const by = Object.fromEntries(rows.map((r) => [r.rel_path, r]));
    assert.equal(by["a/b/deep.wav"].duration_sec, 2);
    assert.equal(by["a/b/deep.wav"].channels, 2);
    assert.equal(by["a/b/deep.wav"].sample_rate, 16000);
    assert.equal(by["a/b/deep.wav"].frames, 32000);
    assert.equal(by["a/b/deep.wav"].format, "wav");
    assert.equal(by["a/b/deep.wav"].error, null);
    assert.equal(by["a/mixed.Flac"].format, "wav");
    for (const bad of ["notes.wav", "empty.wav"]) {
      assert.equal(by[bad].duration_sec, null, bad);
      assert.ok(by[bad].error && !by[bad].error!.includes(dir), `${bad}: ${by[bad].error}`);
      assert.match(by[bad].error!, /^[A-Z]/);
    }
    assert.equal(by["empty.wav"].file_size_mb, 0);
    assert.ok(by["notes.wav"].file_size_mb > 0);
    assert.equal(summary.files, 7);
    assert.equal(summary.readable, 5);
    assert.equal(summary.errors, 2);
    assert.deepEqual(summary.formats, { wav: 5 });
    assert.equal(summary.errorReasons.empty, 1);
    assert.equal(summary.totalDurationSec, 10);
    assert.equal(summary.errorReasons.not_audio, 1);
    assert.equal(summary.skippedDirs, 6);
    assert.equal(summary.repeatedDirs, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("catalogId widens past 10,000 files", () => {
  assert.equal(catalogId(0, 1), "audio_0000");
  assert.equal(catalogId(9999, 10000), "audio_9999");
  assert.equal(catalogId(0, 10001), "audio_00000");
  assert.equal(catalogId(10000, 10001), "audio_10000");
});

Deno.test("renderCatalog round-trips CSV, JSON and Markdown with odd names", async () => {
  const dir = await makeTree();
  try {
    const { rows } = await discover(dir);
    const csv = renderCatalog(rows, CATALOG_COLUMNS, "csv");
    assert.equal(csv.split("\n")[0], CATALOG_COLUMNS.join(","));
    assert.deepEqual(parseCsv(csv, { schema: CatalogRowSchema }), rows);
    const json = JSON.parse(renderCatalog(rows, CATALOG_COLUMNS, "json"));
    assert.deepEqual(json, rows);
    assert.deepEqual(Object.keys(json[0]), [...CATALOG_COLUMNS]);
    const md = renderCatalog(
      [...rows, { ...rows[0], rel_path: "pipe|name.wav" }],
      CATALOG_COLUMNS,
      "md",
    );
    const lines = md.trimEnd().split("\n");
    assert.equal(lines.length, rows.length + 3);
    assert.ok(lines.at(-1)!.includes("pipe\\|name.wav"));
    // every line has the same number of unescaped pipes
    const pipes = (l: string) => l.replace(/\\\|/g, "").split("|").length;
    assert.ok(lines.every((l) => pipes(l) === pipes(lines[0])));
    // deterministic bytes
    assert.equal(renderCatalog((await discover(dir)).rows, CATALOG_COLUMNS, "csv"), csv);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("catalogFormatFor prefers the flag, then the extension, else refuses", () => {
  assert.equal(catalogFormatFor(undefined, "x.CSV"), "csv");
  assert.equal(catalogFormatFor(undefined, "x.md"), "md");
  assert.equal(catalogFormatFor("json", "x.csv"), "json");
  assert.equal(catalogFormatFor(undefined, undefined), "csv");
  assert.throws(() => catalogFormatFor("xml"), UsageError);
  assert.throws(() => catalogFormatFor(undefined, "x.txt"), UsageError);
});
