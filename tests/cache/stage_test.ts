import assert from "node:assert/strict";
import { runPipeline } from "../../sdk/cache/run_pipeline.ts";
import { StatCache } from "../../sdk/cache/stat_cache.ts";
import { readManifest } from "../../sdk/cache/manifest.ts";
import { byStage, collector, type ToyParams, toyStages } from "./_toy_stages.ts";
import { tempDir } from "../_util.ts";
import { cached } from "../../sdk/cache/cached.ts";
import { runStage } from "../../sdk/cache/run_stage.ts";
import { defineStage } from "../../sdk/cache/stage.ts";
import { z } from "zod";

async function setup() {
  const root = await tempDir();
  const statCache = await StatCache.open(`${root}.stat-cache.json`);
  const runs: Record<string, number> = {};
  const stages = toyStages(runs);
  const go = async (params: ToyParams = {}, extra: { force?: boolean } = {}) => {
    const { logger, events } = collector();
    const summary = await runPipeline(stages, {
      root,
      params: params as Record<string, unknown>,
      statCache,
      logger,
      ...extra,
    });
    return { summary, events };
  };
  const cleanup = async () => {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(`${root}.stat-cache.json`).catch(() => {});
  };
  return { root, runs, go, cleanup };
}

function statuses(summary: { stages: { stage: string; status: string }[] }): string {
  return summary.stages.map((s) => `${s.stage}:${s.status}`).join(" ");
}

Deno.test("runStage full run then rerun skips every stage", async () => {
  const t = await setup();
  const first = await t.go();
  assert.equal(statuses(first.summary), "a:ran b:ran c:ran");
  assert.equal(byStage(first.events, "stage_cache_miss").b.reason, "no_manifest");
  const again = await t.go();
  assert.equal(statuses(again.summary), "a:skipped b:skipped c:skipped");
  assert.deepEqual(t.runs, { a: 1, b: 1, c: 1 });
  const m = (await readManifest(`${t.root}/b`)).manifest!;
  assert.deepEqual(m.inputs, ["a"]);
  assert.deepEqual(m.input_files.map((f) => f.path), [
    "a/data.txt",
    "a/sub/done.txt",
    "a/sub/half.txt",
  ]);
  assert.deepEqual(m.output_files.map((f) => f.path), ["scaled.txt"]);
  assert.deepEqual(m.params, { b: { scale: 2, note: "", fail: false } });
  assert.equal(m.device, "cpu");
  await t.cleanup();
});

Deno.test("runStage middle param change reruns it and downstream, earlier skipped", async () => {
  const t = await setup();
  await t.go();
  const r = await t.go({ b: { scale: 3 } });
  assert.equal(statuses(r.summary), "a:skipped b:ran c:ran");
  const miss = byStage(r.events, "stage_cache_miss");
  assert.equal(miss.b.reason, "params_changed");
  assert.deepEqual(miss.b.keys, ["b.scale"]);
  assert.equal(miss.c.reason, "input_changed");
  assert.deepEqual(miss.c.paths, ["b/scaled.txt"]);
  assert.equal(await Deno.readTextFile(`${t.root}/c/final.txt`), "seed=1\nseed=1\nseed=1!\n");
  await t.cleanup();
});

Deno.test("runStage early cutoff skips downstream when rerun bytes are identical", async () => {
  const t = await setup();
  await t.go();
  const r = await t.go({ b: { note: "cosmetic" } });
  assert.equal(statuses(r.summary), "a:skipped b:ran c:skipped");
  assert.deepEqual(byStage(r.events, "stage_cache_miss").b.keys, ["b.note"]);
  assert.deepEqual(t.runs, { a: 1, b: 2, c: 1 });
  await t.cleanup();
});

Deno.test("runStage touch without content change skips and counts a re-hash", async () => {
  const t = await setup();
  await t.go();
  // Fresh files are racy (mtime not older than their hashing): age them, then record them.
  const old = new Date(Date.now() - 60_000);
  for (
    const f of ["a/data.txt", "a/sub/half.txt", "a/sub/done.txt", "b/scaled.txt", "c/final.txt"]
  ) {
    await Deno.utime(`${t.root}/${f}`, old, old);
  }
  await t.go();
  const settled = await t.go();
  assert.equal(byStage(settled.events, "stage_skipped").b.files_rehashed, 0);
  const future = new Date(Date.now() - 5_000);
  await Deno.utime(`${t.root}/a/data.txt`, future, future);
  const r = await t.go();
  assert.equal(statuses(r.summary), "a:skipped b:skipped c:skipped");
  const skipped = byStage(r.events, "stage_skipped");
  // a's output check re-hashes the touched file (7 bytes); b then finds it in the stat cache.
  assert.equal(skipped.a.files_rehashed, 1);
  assert.equal(skipped.a.bytes_hashed, 7);
  assert.equal(skipped.b.files_rehashed, 0);
  await t.cleanup();
});

Deno.test("runStage content change of an input reruns with input_changed", async () => {
  const t = await setup();
  await t.go();
  // Edit a's output: a itself sees output_modified and restores it; use b's input directly.
  await Deno.writeTextFile(`${t.root}/a/data.txt`, "seed=9\n");
  const r = await t.go({}, {});
  const miss = byStage(r.events, "stage_cache_miss");
  assert.equal(miss.a.reason, "output_modified");
  assert.deepEqual(miss.a.paths, ["data.txt"]);
  // a rewrote seed=1, identical to what b saw: early cutoff keeps b and c.
  assert.equal(statuses(r.summary), "a:ran b:skipped c:skipped");
  // Now change a's output while a is not selected: b sees input_changed.
  await Deno.writeTextFile(`${t.root}/a/data.txt`, "seed=9\n");
  const { logger, events } = collector();
  const s = await runPipeline(toyStages(), {
    root: t.root,
    from: "b",
    logger,
    statCache: await StatCache.open(`${t.root}.stat-cache.json`),
  });
  assert.equal(statuses(s), "a:not_selected b:ran c:ran");
  const m2 = byStage(events, "stage_cache_miss");
  assert.equal(m2.b.reason, "input_changed");
  assert.deepEqual(m2.b.paths, ["a/data.txt"]);
  await t.cleanup();
});

Deno.test("runStage deleted or edited output reruns with output_missing or output_modified", async () => {
  const t = await setup();
  await t.go();
  await Deno.remove(`${t.root}/c/final.txt`);
  const r1 = await t.go();
  assert.equal(statuses(r1.summary), "a:skipped b:skipped c:ran");
  assert.equal(byStage(r1.events, "stage_cache_miss").c.reason, "output_missing");
  assert.deepEqual(byStage(r1.events, "stage_cache_miss").c.paths, ["final.txt"]);
  await Deno.writeTextFile(`${t.root}/c/final.txt`, "tampered\n");
  const r2 = await t.go();
  assert.equal(byStage(r2.events, "stage_cache_miss").c.reason, "output_modified");
  assert.equal(await Deno.readTextFile(`${t.root}/c/final.txt`), "seed=1\nseed=1!\n");
  await Deno.writeTextFile(`${t.root}/c/extra.txt`, "stray\n");
  const r3 = await t.go();
  assert.deepEqual(byStage(r3.events, "stage_cache_miss").c.paths, ["extra.txt"]);
  await t.cleanup();
});

Deno.test("runStage corrupted or schema-invalid manifest is a cache miss", async () => {
  const t = await setup();
  await t.go();
  await Deno.writeTextFile(`${t.root}/b/manifest.json`, '{"stage": "b", "trunc');
  const r1 = await t.go();
  const m1 = byStage(r1.events, "stage_cache_miss").b;
  assert.equal(m1.reason, "no_manifest");
  assert.match(String(m1.detail), /not valid JSON/);
  await Deno.writeTextFile(`${t.root}/b/manifest.json`, '{"stage": "b"}');
  const r2 = await t.go();
  assert.match(String(byStage(r2.events, "stage_cache_miss").b.detail), /does not fit the schema/);
  assert.equal(statuses(r2.summary), "a:skipped b:ran c:skipped");
  await t.cleanup();
});

Deno.test("runStage code version or hash algo change is reported", async () => {
  const t = await setup();
  await t.go();
  const path = `${t.root}/a/manifest.json`;
  const m = JSON.parse(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, JSON.stringify({ ...m, code_version: "0" }));
  const r1 = await t.go();
  assert.equal(byStage(r1.events, "stage_cache_miss").a.reason, "code_version_changed");
  const m2 = JSON.parse(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, JSON.stringify({ ...m2, hash_algo: "md5" }));
  const r2 = await t.go();
  assert.equal(byStage(r2.events, "stage_cache_miss").a.reason, "hash_algo_changed");
  await t.cleanup();
});

Deno.test("runStage failure keeps previous outputs and emits stage_failed with the hint", async () => {
  const t = await setup();
  await t.go();
  const before = await Deno.readTextFile(`${t.root}/b/scaled.txt`);
  const manifestBefore = await Deno.readTextFile(`${t.root}/b/manifest.json`);
  const r = await t.go({ b: { scale: 5, fail: true } });
  assert.equal(r.summary.ok, false);
  assert.equal(r.summary.failed, "b");
  assert.equal(statuses(r.summary), "a:skipped b:failed c:not_run");
  const failed = byStage(r.events, "stage_failed").b;
  assert.equal(failed.error, "Toy stage b failed on purpose");
  assert.equal(failed.hint, "rerun with --from b");
  assert.equal(await Deno.readTextFile(`${t.root}/b/scaled.txt`), before);
  assert.equal(await Deno.readTextFile(`${t.root}/b/manifest.json`), manifestBefore);
  const left = [...Deno.readDirSync(t.root)].map((e) => e.name).sort();
  assert.deepEqual(left, ["a", "b", "c"]);
  const again = await t.go();
  assert.equal(statuses(again.summary), "a:skipped b:skipped c:skipped");
  await t.cleanup();
});

Deno.test("runStage force reruns the selected stages only", async () => {
  const t = await setup();
  await t.go();
  const { logger, events } = collector();
  const s = await runPipeline(toyStages(t.runs), {
    root: t.root,
    only: ["b"],
    force: true,
    logger,
    statCache: await StatCache.open(`${t.root}.stat-cache.json`),
  });
  assert.equal(statuses(s), "a:not_selected b:ran c:not_selected");
  assert.equal(byStage(events, "stage_cache_miss").b.reason, "forced");
  assert.ok(byStage(events, "stage_completed").b.duration_ms !== undefined);
  await t.cleanup();
});

Deno.test("cached shares manifests with pipeline runs and throws a stage's error", async () => {
  const t = await setup();
  await t.go();
  const [a, b] = toyStages(t.runs);
  const statCache = await StatCache.open(`${t.root}.stat-cache.json`);
  const r = await cached(b, { root: t.root, statCache, logger: collector().logger });
  assert.equal(r.status, "skipped");
  assert.equal(r.outDir, `${t.root}/b`);
  assert.deepEqual(r.manifest.output_files.map((f) => f.path), ["scaled.txt"]);
  await assert.rejects(
    cached(b, {
      root: t.root,
      params: { b: { fail: true } },
      statCache,
      logger: collector().logger,
    }),
    /Toy stage b failed on purpose/,
  );
  assert.equal(
    (await cached(a, { root: t.root, statCache, logger: collector().logger })).status,
    "skipped",
  );
  await t.cleanup();
});

Deno.test("runStage keys the device only for device-sensitive stages", async () => {
  const root = await tempDir();
  const statCache = await StatCache.open(`${root}/.sc.json`);
  const mk = (deviceSensitive: boolean) =>
    defineStage({
      name: deviceSensitive ? "gpu" : "plain",
      codeVersion: "1",
      params: z.object({}),
      deviceSensitive,
      run: async ({ outDir, device }) => await Deno.writeTextFile(`${outDir}/d.txt`, device),
    });
  for (const sensitive of [true, false]) {
    const s = mk(sensitive);
    const opts = { root, statCache, logger: collector().logger };
    assert.equal((await runStage(s, opts)).manifest?.device, "cpu");
    const r = await runStage(s, { ...opts, device: "cuda" });
    assert.equal(r.status, sensitive ? "ran" : "skipped");
    if (sensitive) assert.equal(r.miss?.reason, "device_changed");
  }
  await Deno.remove(root, { recursive: true });
});
