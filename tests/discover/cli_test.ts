import assert from "node:assert/strict";
import { writeWav } from "../../sdk/audio/wav_writer.ts";
import { parseCsv } from "../../sdk/table/csv.ts";
import { CatalogRowSchema } from "../../sdk/table/schemas.ts";
import { runCli, tempDir } from "../_util.ts";

const cli = runCli;

async function tree(): Promise<string> {
  const dir = await tempDir("discover-cli-");
  await Deno.mkdir(`${dir}/root/masters`, { recursive: true });
  const sr = 1000;
  await writeWav(`${dir}/root/masters/long "one".wav`, {
    sampleRate: sr,
    channels: [new Float32Array(sr * 40)],
  });
  await writeWav(`${dir}/root/short.wav`, { sampleRate: sr, channels: [new Float32Array(sr)] });
  await Deno.writeTextFile(`${dir}/root/bad.wav`, "text");
  return dir;
}

Deno.test("discover CLI writes each format, refuses a different output without --force", async () => {
  const dir = await tree();
  try {
    const csv = await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/c.csv`);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stderr, /Files: 3 \(2 readable, 1 error\)/);
    const rows = parseCsv(await Deno.readTextFile(`${dir}/c.csv`), { schema: CatalogRowSchema });
    assert.deepEqual(rows.map((r) => r.rel_path), [
      "bad.wav",
      'masters/long "one".wav',
      "short.wav",
    ]);
    const json = await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/c.json`);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/c.json`)).length, 3);
    const md = await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/c.md`);
    assert.equal(md.code, 0, md.stderr);
    assert.equal((await Deno.readTextFile(`${dir}/c.md`)).trimEnd().split("\n").length, 5);
    // the same tree again: identical bytes, nothing to force
    const again = await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/c.csv`);
    assert.equal(again.code, 0, again.stderr);
    await Deno.writeTextFile(`${dir}/other.csv`, "different\n");
    const refused = await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/other.csv`);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--force/);
    const forced = await cli(
      "discover",
      "--root",
      `${dir}/root`,
      "--output",
      `${dir}/other.csv`,
      "--force",
    );
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(
      await Deno.readTextFile(`${dir}/other.csv`),
      await Deno.readTextFile(`${dir}/c.csv`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("discover CLI exits 2 on bad usage", async () => {
  const dir = await tree();
  try {
    const badFormat = await cli("discover", "--root", `${dir}/root`, "--format", "xml");
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /Unknown format "xml"/);
    assert.equal((await cli("discover", "--output", `${dir}/x.csv`)).code, 2);
    assert.equal((await cli("discover", "--root", `${dir}/nope`)).code, 2);
    assert.equal(
      (await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/x.txt`)).code,
      2,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("select-sources CLI applies the YAML rules and lets the flags override them", async () => {
  const dir = await tree();
  try {
    assert.equal(
      (await cli("discover", "--root", `${dir}/root`, "--output", `${dir}/c.csv`)).code,
      0,
    );
    await Deno.writeTextFile(`${dir}/rules.yaml`, "min_duration_sec: 0.5\nprefer_bonus: 7\n");
    const yaml = await cli(
      "select-sources",
      "--catalog",
      `${dir}/c.csv`,
      "--config",
      `${dir}/rules.yaml`,
      "--output",
      `${dir}/s.csv`,
    );
    assert.equal(yaml.code, 0, yaml.stderr);
    const sel = parseCsv(await Deno.readTextFile(`${dir}/s.csv`));
    assert.deepEqual(sel.map((r) => [r.rel_path, r.selection_score]), [
      ['masters/long "one".wav', "7"],
      ["short.wav", "0"],
    ]);
    assert.equal(Object.keys(sel[0]).at(-1), "selection_score");
    assert.match(yaml.stderr, /Rejected: 1 \(unreadable 1\)/);
    const flags = await cli(
      "select-sources",
      "--catalog",
      `${dir}/c.csv`,
      "--config",
      `${dir}/rules.yaml`,
      "--min-duration",
      "2",
      "--max-duration",
      "39",
    );
    assert.equal(flags.code, 0, flags.stderr);
    assert.match(flags.stderr, /Selected: 0/);
    assert.match(flags.stderr, /too_short 1, too_long 1/);
    const bad = await cli(
      "select-sources",
      "--catalog",
      `${dir}/c.csv`,
      "--min-duration",
      "9",
      "--max-duration",
      "1",
    );
    assert.equal(bad.code, 2);
    assert.equal((await cli("select-sources", "--catalog", `${dir}/none.csv`)).code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
