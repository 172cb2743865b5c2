import assert from "node:assert/strict";
import { AudioFileError } from "../../sdk/log/errors.ts";
import { createLogger } from "../../sdk/log/logger.ts";
import { Sink } from "./_sink.ts";

Deno.test("createLogger filters by level", () => {
  const sink = new Sink();
  const log = createLogger({ level: "warn", stream: sink });
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  assert.deepEqual(sink.lines(), ["warning: w", "error: e"]);
  assert.equal(log.enabled("info"), false);
  assert.equal(log.enabled("error"), true);
  const all = new Sink();
  const verbose = createLogger({ level: "debug", stream: all });
  verbose.debug("d");
  verbose.info("i");
  assert.deepEqual(all.lines(), ["debug: d", "i"]);
});

Deno.test("createLogger defaults to info", () => {
  const sink = new Sink();
  const log = createLogger({ stream: sink });
  log.debug("hidden");
  log.info("shown");
  assert.equal(log.level, "info");
  assert.deepEqual(sink.lines(), ["shown"]);
});

Deno.test("createLogger quiet prints errors only", () => {
  const sink = new Sink();
  const log = createLogger({ level: "debug", quiet: true, stream: sink });
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.event("stage_running", { stage: "score" });
  log.error(new Error("Disk full"));
  assert.deepEqual(sink.lines(), ["error: Disk full"]);
});

Deno.test("createLogger json writes one parseable object per line", () => {
  const sink = new Sink();
  const log = createLogger({ json: true, stream: sink });
  log.info("Scored clips", { n: 12, big: 2n ** 70n, path: "a b.wav" });
  log.event("stage_skipped", { stage: "score", reason: "inputs unchanged", ms: 3 });
  log.event("stage_failed", { stage: "x", event: "not allowed to override" });
  log.error(new AudioFileError("a.wav", "empty", "the file is empty"), {
    cause: new Error("x\ny"),
  });
  const objs = sink.lines().map((l) => JSON.parse(l));
  assert.deepEqual(objs, [
    {
      level: "info",
      message: "Scored clips",
      n: 12,
      big: "1180591620717411303424",
      path: "a b.wav",
    },
    { event: "stage_skipped", stage: "score", reason: "inputs unchanged", ms: 3 },
    { event: "stage_failed", stage: "x" },
    {
      level: "error",
      message: 'Cannot read audio file "a.wav": the file is empty',
      error: "AudioFileError",
      cause: "x",
    },
  ]);
  assert.equal(Object.keys(objs[1])[0], "event", "event comes first");
});

Deno.test("createLogger human lines print fields and errors as one sentence", () => {
  const sink = new Sink();
  const log = createLogger({ stream: sink });
  log.event("stage_skipped", { stage: "score", reason: "inputs unchanged" });
  const err = new AudioFileError("a.wav", "corrupt", "the header is truncated");
  err.stack = "AudioFileError: ...\n    at somewhere";
  log.error(err, { file: "a.wav" });
  log.error(42);
  log.warn("Clipped", { ratio: 0.5, tags: ["a"], skip: undefined });
  assert.deepEqual(sink.lines(), [
    'stage_skipped: stage=score reason="inputs unchanged"',
    'error: Cannot read audio file "a.wav": the header is truncated file=a.wav',
    "error: Unexpected error: 42",
    'warning: Clipped ratio=0.5 tags=["a"]',
  ]);
  assert.ok(!sink.text.includes("at somewhere"));
});

Deno.test("createLogger child adds fields to every line", () => {
  const sink = new Sink();
  const log = createLogger({ json: true, stream: sink }).child({ stage: "score" });
  log.info("start");
  log.child({ shard: 1 }).event("stage_running", {});
  assert.deepEqual(sink.lines().map((l) => JSON.parse(l)), [
    { level: "info", message: "start", stage: "score" },
    { event: "stage_running", stage: "score", shard: 1 },
  ]);
});

Deno.test("createLogger rejects an unknown level", () => {
  assert.throws(() => createLogger({ level: "loud" as never }), /level/);
});
