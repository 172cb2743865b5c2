import assert from "node:assert/strict";
import { z } from "zod";
import {
  applyOverrides,
  parseKeyPath,
  parseOverride,
  parseOverrides,
} from "../../sdk/config/overrides.ts";
import { UsageError } from "../../sdk/log/errors.ts";

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${err}`);
    return err.message;
  }
  assert.fail("expected a UsageError");
}

Deno.test("parseOverrides reads every override form and keeps the rest in order", () => {
  const { overrides, rest } = parseOverrides([
    "data.manifest=data/m.jsonl",
    "--exp.name",
    "baseline",
    "--exp.seed=7",
    "+new.key=v",
    "++vad.mode=fast",
    "~old.key",
    "in.wav",
    "--force",
    "--config",
    "c.yaml",
    "list.items[1]=x",
  ], { valueFlags: ["config"] });
  assert.deepEqual(
    overrides.map((o) => [o.op, o.path, o.value]),
    [
      ["set", ["data", "manifest"], "data/m.jsonl"],
      ["set", ["exp", "name"], "baseline"],
      ["set", ["exp", "seed"], 7],
      ["add", ["new", "key"], "v"],
      ["upsert", ["vad", "mode"], "fast"],
      ["delete", ["old", "key"], undefined],
      ["set", ["list", "items", "1"], "x"],
    ],
  );
  assert.deepEqual(rest, ["in.wav", "--force", "--config", "c.yaml"]);
  assert.equal(overrides[1].source, "--exp.name baseline");
});

Deno.test("parseOverrides decodes values as YAML scalars and quotes force strings", () => {
  const values = parseOverrides([
    "a=3",
    "b=0.25",
    "c=true",
    "d=null",
    "e=[1,2]",
    "f={x: 1}",
    "g='3'",
    'h="true"',
    "i=",
    "j=path/to/file.wav",
    "k=a: b",
    "l=#x",
    "m=-1e-3",
  ]).overrides.map((o) => o.value);
  assert.deepEqual(values, [
    3,
    0.25,
    true,
    null,
    [1, 2],
    { x: 1 },
    "3",
    "true",
    "",
    "path/to/file.wav",
    "a: b",
    "#x",
    -0.001,
  ]);
});

Deno.test("parseOverrides leaves paths, plain flags and everything after -- alone", () => {
  const { overrides, rest } = parseOverrides(["~/data/x.wav", "--out", "a=b", "--", "c=d"], {
    valueFlags: ["out"],
  });
  assert.deepEqual(overrides, []);
  assert.deepEqual(rest, ["~/data/x.wav", "--out", "a=b", "--", "c=d"]);
});

Deno.test("parseOverrides rejects a dotted flag without value and a malformed list", () => {
  assert.match(usageError(() => parseOverrides(["--exp.name"])), /"--exp.name" needs a value/);
  assert.match(
    usageError(() => parseOverrides(["--exp.name", "--force"])),
    /"--exp.name" needs a value/,
  );
  assert.match(
    usageError(() => parseOverrides(["a=[1,"])),
    /^Override "a=\[1," has an invalid value/,
  );
  assert.match(usageError(() => parseOverrides(["~a=1"])), /write "~a" to delete a key/);
});

Deno.test("parseOverrides reads undotted flags as overrides only with plainFlags", () => {
  assert.deepEqual(parseOverrides(["--seed", "7"]).rest, ["--seed", "7"]);
  const { overrides, rest } = parseOverrides(["--seed", "7", "--name=x"], { plainFlags: true });
  assert.deepEqual(overrides.map((o) => [o.path, o.value]), [[["seed"], 7], [["name"], "x"]]);
  assert.deepEqual(rest, []);
});

Deno.test("parseKeyPath and parseOverride accept dotted and bracket keys only", () => {
  assert.deepEqual(parseKeyPath("a.b-c.0[2]"), ["a", "b-c", "0", "2"]);
  assert.equal(parseKeyPath("a..b"), undefined);
  assert.equal(parseKeyPath("0.a"), undefined);
  assert.equal(parseOverride("x.wav"), undefined);
  assert.equal(parseOverride("some/path=1"), undefined);
});

Deno.test("applyOverrides sets nested values without mutating the input", () => {
  const cfg = { vad: { threshold: 0.5, mode: "fast" }, tags: ["a", "b"], other: { x: 1 } };
  const before = structuredClone(cfg);
  const out = applyOverrides(cfg, [
    "vad.threshold=0.3",
    "tags[1]=c",
    "+vad.extra.deep=1",
    "++other.y=2",
    "~vad.mode",
  ]) as typeof cfg & Record<string, unknown>;
  assert.deepEqual(cfg, before);
  assert.deepEqual(out, {
    vad: { threshold: 0.3, extra: { deep: 1 } },
    tags: ["a", "c"],
    other: { x: 1, y: 2 },
  });
  assert.notEqual(out.vad, cfg.vad);
});

Deno.test("applyOverrides rejects an unknown key unless prefixed by +", () => {
  const cfg = { exp: { name: "a" } };
  const msg = usageError(() => applyOverrides(cfg, ["exp.nmae=b"], { file: "e.yaml" }));
  assert.equal(
    msg,
    'Override "exp.nmae=b": key "exp.nmae" does not exist in config "e.yaml" (did you mean ' +
      '"exp.name"?); write "+exp.nmae=..." to add a new key',
  );
  assert.deepEqual(applyOverrides(cfg, ["+exp.nmae=b"]), { exp: { name: "a", nmae: "b" } });
  assert.deepEqual(applyOverrides(cfg, ["exp.nmae=b"], { strict: false }), {
    exp: { name: "a", nmae: "b" },
  });
});

Deno.test("applyOverrides rejects + on an existing key and ~ on a missing one", () => {
  const cfg = { a: 1 };
  assert.match(usageError(() => applyOverrides(cfg, ["+a=2"])), /key "a" already exists/);
  assert.match(usageError(() => applyOverrides(cfg, ["~b"])), /key "b" does not exist/);
  assert.match(
    usageError(() => applyOverrides({ a: "x" }, ["a.b=1"], { strict: false })),
    /"a" is a string \("x"\), not a mapping/,
  );
  assert.match(
    usageError(() => applyOverrides({ l: [1] }, ["+l.3=1"])),
    /"l" is a list of 1 item, index 3 is out of range/,
  );
});

Deno.test("applyOverrides accepts keys the schema declares but the file omits", () => {
  const schema = z.object({
    data: z.object({ manifest: z.string().default("m.jsonl"), sr: z.number().optional() }),
    extra: z.record(z.string(), z.number()).default({}),
  });
  const out = applyOverrides({}, ["data.manifest=x.jsonl", "data.sr=16000", "extra.any=1"], {
    schema,
  });
  assert.deepEqual(out, { data: { manifest: "x.jsonl", sr: 16000 }, extra: { any: 1 } });
  assert.match(
    usageError(() => applyOverrides({}, ["data.manfest=x"], { schema })),
    /did you mean "data.manifest"/,
  );
});
