import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runPipeline, selectStages } from "../../sdk/cache/run_pipeline.ts";
import { acquireLock, LOCK_FILE, LockHeldError } from "../../sdk/cache/lock.ts";
import { StatCache } from "../../sdk/cache/stat_cache.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { byStage, collector, toyStages } from "./_toy_stages.ts";
import { tempDir } from "../_util.ts";
import { z } from "zod";
import { defineStage } from "../../sdk/cache/stage.ts";

const mk = (name: string) =>
  defineStage({ name, codeVersion: "1", params: z.object({}), run: async () => {} });
const ALL = ["a", "b", "c", "d"].map(mk);
const pick = (o: Parameters<typeof selectStages>[1]) => selectStages(ALL, o).map((s) => s.name);

Deno.test("selectStages from/to are inclusive and contiguous", () => {
  assert.deepEqual(pick({}), ["a", "b", "c", "d"]);
  assert.deepEqual(pick({ from: "b" }), ["b", "c", "d"]);
  assert.deepEqual(pick({ to: "b" }), ["a", "b"]);
  assert.deepEqual(pick({ from: "b", to: "c" }), ["b", "c"]);
  assert.deepEqual(pick({ from: "c", to: "c" }), ["c"]);
});

Deno.test("selectStages only takes precedence and keeps canonical order", () => {
  assert.deepEqual(pick({ only: ["d", "a"] }), ["a", "d"]);
  assert.deepEqual(pick({ only: ["c"], from: "a", to: "b" }), ["c"]);
  assert.deepEqual(pick({ only: ["b", "b"] }), ["b"]);
});

Deno.test("selectStages usage errors name the valid stages", () => {
  const valid = /valid stages, in order: a, b, c, d/;
  assert.throws(() => pick({ from: "x" }), (e) => e instanceof UsageError && valid.test(e.message));
  assert.throws(() => pick({ to: "zz" }), /Unknown stage "zz" in --to/);
  assert.throws(() => pick({ only: ["a", "nope"] }), /Unknown stage "nope" in --stages/);
  assert.throws(
    () => pick({ from: "c", to: "b" }),
    (e) =>
      e instanceof UsageError && /--from "c" comes after --to "b"/.test(e.message) &&
      valid.test(e.message),
  );
  assert.throws(() => pick({ only: [] }), /--stages names no stage/);
  assert.throws(() => selectStages([mk("a"), mk("a")]), /Stage "a" is declared twice/);
});

Deno.test("runPipeline bad parameters fail before anything runs", async () => {
  const root = await tempDir();
  const runs: Record<string, number> = {};
  await assert.rejects(
    runPipeline(toyStages(runs), {
      root,
      params: { c: { suffix: 3 } },
      statCache: await StatCache.open(`${root}/.sc.json`),
      logger: collector().logger,
    }),
    /Stage "c" parameter "c.suffix"/,
  );
  assert.deepEqual(runs, {});
  await Deno.remove(root, { recursive: true });
});

Deno.test("runPipeline to limits the run and later from resumes from cached outputs", async () => {
  const root = await tempDir();
  const statCache = await StatCache.open(`${root}/.sc.json`);
  const runs: Record<string, number> = {};
  const stages = toyStages(runs);
  const c1 = collector();
  const s1 = await runPipeline(stages, { root, to: "b", statCache, logger: c1.logger });
  assert.deepEqual(s1.stages.map((s) => s.status), ["ran", "ran", "not_selected"]);
  const c2 = collector();
  const s2 = await runPipeline(stages, { root, from: "c", statCache, logger: c2.logger });
  assert.deepEqual(s2.stages.map((s) => s.status), ["not_selected", "not_selected", "ran"]);
  assert.deepEqual(runs, { a: 1, b: 1, c: 1 });
  // c needs b's output: with b missing, c fails and says so.
  await Deno.remove(`${root}/b`, { recursive: true });
  const c3 = collector();
  const s3 = await runPipeline(stages, {
    root,
    only: ["c"],
    force: true,
    statCache,
    logger: c3.logger,
  });
  assert.equal(s3.ok, false);
  assert.equal(byStage(c3.events, "stage_failed").c.error, 'Stage "c" input "b" does not exist');
  await Deno.remove(root, { recursive: true });
});

Deno.test("acquireLock a second runner in the same process fails with the holder", async () => {
  const root = await tempDir();
  const lock = await acquireLock(root);
  await assert.rejects(
    runPipeline(toyStages(), { root, logger: collector().logger }),
    (e) =>
      e instanceof LockHeldError &&
      e.message ===
        `Another pipeline runner (pid ${Deno.pid} on host ${Deno.hostname()}) holds the lock "${root}/${LOCK_FILE}"`,
  );
  await lock.release();
  const again = await acquireLock(root);
  await again.release();
  await Deno.remove(root, { recursive: true });
});

Deno.test("acquireLock takes over a stale lock left by a dead process", async () => {
  const root = await tempDir();
  const dead = new Deno.Command("true").spawn();
  const { pid } = dead;
  await dead.status;
  await Deno.writeTextFile(
    `${root}/${LOCK_FILE}`,
    JSON.stringify({ pid, host: Deno.hostname(), started: "2020-01-01T00:00:00Z" }),
  );
  const lock = await acquireLock(root);
  assert.equal(lock.tookOver?.pid, pid);
  await lock.release();
  await assert.rejects(Deno.stat(`${root}/${LOCK_FILE}`), Deno.errors.NotFound);
  await Deno.remove(root, { recursive: true });
});

async function waitFor(path: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`Timed out waiting for "${path}"`);
}

Deno.test("runPipeline SIGKILL mid-stage: lock names the runner, next run reruns it as incomplete", async () => {
  const root = await tempDir();
  const statCache = await StatCache.open(`${root}.stat-cache.json`);
  const first = await runPipeline(toyStages(), { root, statCache, logger: collector().logger });
  assert.equal(first.ok, true);
  const manifestBefore = await Deno.readTextFile(`${root}/a/manifest.json`);

  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", fileURLToPath(new URL("./_sigkill_child.ts", import.meta.url)), root],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await waitFor(`${root}/a.staging-${child.pid}/sub/half.txt`);
    // A concurrent runner on the same root stops at once, naming the child.
    await assert.rejects(
      runPipeline(toyStages(), { root, statCache, logger: collector().logger }),
      (e) => e instanceof LockHeldError && e.message.includes(`(pid ${child.pid} on host `),
    );
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
  // Nothing partial was promoted: the previous good output and manifest are intact.
  assert.equal(await Deno.readTextFile(`${root}/a/manifest.json`), manifestBefore);
  await Deno.stat(`${root}/a.incomplete`);

  const { logger, events } = collector();
  const s = await runPipeline(toyStages(), { root, statCache, logger });
  assert.equal(s.ok, true);
  const miss = byStage(events, "stage_cache_miss");
  assert.equal(miss.a.reason, "incomplete");
  assert.deepEqual(s.stages.map((x) => x.status), ["ran", "skipped", "skipped"]);
  const names = [...Deno.readDirSync(root)].map((e) => e.name).sort();
  assert.deepEqual(names, ["a", "b", "c"]);
  assert.equal(await Deno.readTextFile(`${root}/a/sub/done.txt`), "done\n");
  await Deno.remove(root, { recursive: true });
  await Deno.remove(`${root}.stat-cache.json`).catch(() => {});
});
