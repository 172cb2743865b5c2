import assert from "node:assert/strict";
import { z } from "zod";
import {
  configDefaults,
  dumpConfig,
  formatZodError,
  loadConfig,
  parseYaml,
  resolveConfig,
  zodIssueSentences,
} from "../../sdk/config/mod.ts";
import { ConfigError, errorSentence, UsageError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

const ScoreConfig = z.object({
  data: z.object({ manifest: z.string() }).strict(),
  vad: z.object({
    threshold: z.number().min(0).max(1).default(0.5),
    mode: z.enum(["fast", "accurate"]).default("fast"),
    frame_ms: z.number().int().positive().default(30),
  }).strict(),
  seed: z.number().int().default(0),
  out: z.string().default("out/${exp}_${seed}"),
  exp: z.string().default("score"),
  tags: z.array(z.string()).min(1).default(["demo"]),
}).strict();

async function withFile(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    const path = `${dir}/score.yaml`;
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function configMessage(path: string, options = {}): Promise<string> {
  try {
    await loadConfig(path, ScoreConfig, options);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    return err.message;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("loadConfig reads, overrides, interpolates and fills schema defaults", async () => {
  await withFile("data:\n  manifest: m.jsonl\nexp: base\nvad:\n  threshold: 0.4\n", async (p) => {
    const cfg = await loadConfig(p, ScoreConfig, {
      overrides: ["vad.mode=accurate", "--seed", "7", "tags=[a, b]", "--vad.frame_ms=20"],
    });
    assert.deepEqual(cfg, {
      data: { manifest: "m.jsonl" },
      vad: { threshold: 0.4, mode: "accurate", frame_ms: 20 },
      seed: 7,
      out: "out/base_7",
      exp: "base",
      tags: ["a", "b"],
    });
  });
});

Deno.test("loadConfig reads env variables from options.env", async () => {
  await withFile("data:\n  manifest: ${oc.env:MANIFEST,default.jsonl}\n", async (p) => {
    const a = await loadConfig(p, ScoreConfig, { env: { MANIFEST: "env.jsonl" } });
    assert.equal(a.data.manifest, "env.jsonl");
    const b = await loadConfig(p, ScoreConfig, { env: {} });
    assert.equal(b.data.manifest, "default.jsonl");
  });
});

Deno.test("loadConfig message for a wrong type names file, key, expected and found", async () => {
  await withFile("data: {manifest: m.jsonl}\nvad:\n  threshold: high\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "vad.threshold": expected a number, found "high"`,
    );
  });
});

Deno.test("loadConfig message for an enum mismatch lists the allowed values", async () => {
  await withFile("data: {manifest: m.jsonl}\nvad: {mode: medium}\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "vad.mode": expected one of "fast", "accurate", found "medium"`,
    );
  });
});

Deno.test("loadConfig message for a number out of range states the bound", async () => {
  await withFile("data: {manifest: m.jsonl}\nvad: {threshold: 1.5, frame_ms: 0}\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "vad.threshold": expected a number <= 1, found 1.5\n` +
        `Config "${p}" key "vad.frame_ms": expected a number > 0, found 0`,
    );
  });
});

Deno.test("loadConfig message for an unknown key of a strict object suggests the right one", async () => {
  await withFile("data: {manifest: m.jsonl}\nvad: {treshold: 0.3}\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "vad.treshold": expected one of the keys "threshold", "mode", ` +
        `"frame_ms", found unknown key "treshold" (did you mean "threshold"?)`,
    );
  });
});

Deno.test("loadConfig message for a missing required key says it is missing", async () => {
  await withFile("exp: base\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "data": expected a mapping, found nothing (required key is missing)`,
    );
  });
  await withFile("data: {}\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}" key "data.manifest": expected a string, found nothing (required key is missing)`,
    );
  });
});

Deno.test("loadConfig puts several problems on several lines, the first one alone first", async () => {
  await withFile("data: {manifest: 3}\nseed: 1.5\ntags: []\nextra: 1\n", async (p) => {
    const msg = await configMessage(p);
    const lines = msg.split("\n");
    assert.deepEqual(lines, [
      `Config "${p}" key "data.manifest": expected a string, found 3`,
      `Config "${p}" key "seed": expected an integer, found 1.5`,
      `Config "${p}" key "tags": expected a list of at least 1 item, found an empty list`,
      `Config "${p}" key "extra": expected one of the keys "data", "vad", "seed", "out", "exp", ` +
      `"tags", found unknown key "extra"`,
    ]);
    assert.equal(errorSentence(new ConfigError(msg)), lines[0]);
  });
});

Deno.test("loadConfig validates after interpolation and overrides", async () => {
  await withFile(
    "data: {manifest: m.jsonl}\nlimit: 0.9\nvad: {threshold: '${limit}'}\n",
    async (p) => {
      const schema = ScoreConfig.extend({ limit: z.number() });
      const cfg = await loadConfig(p, schema, { overrides: ["limit=0.2"] });
      assert.equal(cfg.vad.threshold, 0.2);
    },
  );
});

Deno.test("loadConfig rejects unknown override keys and stray arguments as usage errors", async () => {
  await withFile("data: {manifest: m.jsonl}\n", async (p) => {
    await assert.rejects(
      () => loadConfig(p, ScoreConfig, { overrides: ["vad.treshold=0.1"] }),
      (err: Error) => err instanceof UsageError && /did you mean "vad.threshold"/.test(err.message),
    );
    await assert.rejects(
      () => loadConfig(p, ScoreConfig, { overrides: ["stray.wav"] }),
      (err: Error) =>
        err instanceof UsageError && /Unexpected argument "stray.wav"/.test(err.message),
    );
  });
});

Deno.test("loadConfig names a YAML problem and a non-mapping top level", async () => {
  await withFile("data: !foo {manifest: m}\n", async (p) => {
    assert.match(await configMessage(p), new RegExp(`"!foo" in "${p}" at line 1, column 7`));
  });
  await withFile("- a\n- b\n", async (p) => {
    assert.equal(
      await configMessage(p),
      `Config "${p}": expected a mapping at the top level, found a list ["a","b"]`,
    );
  });
});

Deno.test("resolveConfig uses options.defaults as a layer under the config", () => {
  const cfg = resolveConfig({ exp: "file" }, ScoreConfig, {
    defaults: { exp: "preset", seed: 4, data: { manifest: "preset.jsonl" } },
  });
  assert.equal(cfg.exp, "file");
  assert.equal(cfg.seed, 4);
  assert.equal(cfg.data.manifest, "preset.jsonl");
});

Deno.test("formatZodError uses a custom prefix and reports refinement messages", () => {
  const schema = z.object({
    n_fft: z.number().refine((n) => (n & (n - 1)) === 0, "expected a power of two"),
    email: z.email(),
  });
  const input = { n_fft: 500, email: "nope" };
  const r = schema.safeParse(input);
  assert.ok(!r.success);
  const msg = formatZodError(r.error, {
    input,
    prefix: (path) => `Table "t.csv" column "${path.join(".")}"`,
  });
  assert.equal(
    msg,
    'Table "t.csv" column "n_fft": expected a power of two, found 500\n' +
      'Table "t.csv" column "email": expected an email address, found "nope"',
  );
  const union = z.object({ u: z.union([z.string(), z.number()]) }).safeParse({ u: true });
  assert.ok(!union.success);
  assert.deepEqual(zodIssueSentences(union.error, { file: "u.yaml", input: { u: true } }), [
    'Config "u.yaml" key "u": expected a string or a number, found true',
  ]);
});

Deno.test("formatZodError without the input still says what was found when zod knows", () => {
  const schema = z.object({ a: z.number(), b: z.string(), c: z.number().max(1) });
  const r = schema.safeParse({ a: "x", c: 5 });
  assert.ok(!r.success);
  assert.equal(
    formatZodError(r.error, { file: "f.yaml" }),
    'Config "f.yaml" key "a": expected a number, found a string\n' +
      'Config "f.yaml" key "b": expected a string, found nothing (required key is missing)\n' +
      'Config "f.yaml" key "c": expected a number <= 1',
  );
});

Deno.test("configDefaults yields the schema defaults including nested ones", () => {
  assert.deepEqual(configDefaults(ScoreConfig), {
    vad: { threshold: 0.5, mode: "fast", frame_ms: 30 },
    seed: 0,
    out: "out/${exp}_${seed}",
    exp: "score",
    tags: ["demo"],
  });
  const nested = z.object({
    a: z.object({ b: z.number().default(1), c: z.string().default("x") }).prefault({ c: "y" }),
    d: z.object({ e: z.number().default(1) }).default({ e: 2 }),
    opt: z.object({ d: z.number().default(2) }).optional(),
    t: z.string().transform((s) => s.length).default(3),
  });
  assert.deepEqual(configDefaults(nested), { a: { b: 1, c: "y" }, d: { e: 2 } });
});

Deno.test("dumpConfig round-trips through parseYaml and is byte-stable", async () => {
  await withFile("data: {manifest: 'on'}\nexp: '2024-01-01'\n", async (p) => {
    const cfg = await loadConfig(p, ScoreConfig);
    const text = dumpConfig(cfg);
    assert.deepEqual(parseYaml(text), cfg);
    assert.equal(dumpConfig(structuredClone(cfg)), text);
    assert.ok(text.startsWith('data:\n  manifest: "on"\nvad:\n'), text);
    const withHeader = dumpConfig(cfg, { header: "frozen\nconfig", sortKeys: true });
    assert.ok(withHeader.startsWith("# frozen\n# config\ndata:\n"));
    assert.deepEqual(parseYaml(withHeader), cfg);
  });
});
