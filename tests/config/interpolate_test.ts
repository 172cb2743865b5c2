import assert from "node:assert/strict";
import { interpolate } from "../../sdk/config/interpolate.ts";
import { ConfigError } from "../../sdk/log/errors.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    return err.message;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("interpolate keeps the type of a whole-value reference", () => {
  const out = interpolate({
    seed: 3,
    rate: 0.5,
    on: true,
    none: null,
    model: { name: "tiny", sizes: [64, 128] },
    a: "${seed}",
    b: "${rate}",
    c: "${on}",
    d: "${none}",
    e: "${model}",
    f: "${model.sizes}",
  }) as Any;
  assert.equal(out.a, 3);
  assert.equal(out.b, 0.5);
  assert.equal(out.c, true);
  assert.equal(out.d, null);
  assert.deepEqual(out.e, { name: "tiny", sizes: [64, 128] });
  assert.deepEqual(out.f, [64, 128]);
  assert.notEqual(out.e, out.model, "a referenced mapping is copied, not shared");
});

Deno.test("interpolate joins references inside a longer string as text", () => {
  const out = interpolate({
    seed: 3,
    model: { name: "tiny" },
    flag: false,
    none: null,
    exp: "exp_${model.name}_${seed}",
    mixed: "${flag}/${none}/x",
  }) as Any;
  assert.equal(out.exp, "exp_tiny_3");
  assert.equal(out.mixed, "false/null/x");
});

Deno.test("interpolate indexes lists with dots and brackets", () => {
  const out = interpolate({
    data: { files: ["a.wav", "b.wav"], grid: [[1, 2], [3, 4]] },
    first: "${data.files.0}",
    second: "${data.files[1]}",
    cell: "${data.grid[1][0]}",
    cell2: "${data.grid.0.1}",
  }) as Any;
  assert.deepEqual([out.first, out.second, out.cell, out.cell2], ["a.wav", "b.wav", 3, 2]);
});

Deno.test("interpolate resolves nested interpolations and chains", () => {
  const out = interpolate({
    choice: "big",
    presets: { small: { dim: 64 }, big: { dim: 512 } },
    model: "${presets.${choice}}",
    dim: "${model.dim}",
    label: "dim_${presets.${choice}.dim}",
    chain: { a: "${chain.b}", b: "${chain.c}", c: 7 },
  }) as Any;
  assert.deepEqual(out.model, { dim: 512 });
  assert.equal(out.dim, 512);
  assert.equal(out.label, "dim_512");
  assert.deepEqual(out.chain, { a: 7, b: 7, c: 7 });
});

Deno.test("interpolate resolves relative keys", () => {
  const out = interpolate({
    root: 1,
    g: { a: 2, b: "${.a}", c: { d: "${..a}", e: "${...root}" } },
  }) as Any;
  assert.deepEqual(out.g, { a: 2, b: 2, c: { d: 2, e: 1 } });
});

Deno.test("interpolate reads env variables with oc.env and env, with defaults", () => {
  const env = { DATA_HOME: "/data", N: "8" };
  const out = interpolate({
    home: "${oc.env:DATA_HOME}",
    legacy: "${env:DATA_HOME}",
    path: "${oc.env:DATA_HOME}/audio",
    fallback: "${oc.env:MISSING,/tmp/x}",
    quoted: "${oc.env:MISSING,'a,b'}",
    num: "${oc.env:MISSING,3}",
    nul: "${oc.env:MISSING,null}",
    fromKey: "${oc.env:MISSING,${home}}",
    n: "${oc.env:N}",
    decoded: "${oc.decode:${oc.env:N}}",
  }, { env }) as Any;
  assert.equal(out.home, "/data");
  assert.equal(out.legacy, "/data");
  assert.equal(out.path, "/data/audio");
  assert.equal(out.fallback, "/tmp/x");
  assert.equal(out.quoted, "a,b");
  assert.equal(out.num, "3", "oc.env always gives strings, as in OmegaConf");
  assert.equal(out.nul, null);
  assert.equal(out.fromKey, "/data");
  assert.equal(out.n, "8");
  assert.equal(out.decoded, 8);
});

Deno.test("interpolate names an unset env variable without default", () => {
  const msg = configError(() =>
    interpolate({ a: { b: "${oc.env:NOT_SET_ANYWHERE}" } }, { file: "e.yaml", env: {} })
  );
  assert.equal(
    msg,
    'Config "e.yaml" key "a.b": environment variable "NOT_SET_ANYWHERE" is not set and has no ' +
      "default (write ${oc.env:NOT_SET_ANYWHERE,DEFAULT} to give one)",
  );
});

Deno.test("interpolate keeps escaped \\${...} as literal text", () => {
  const out = interpolate({
    seed: 3,
    lit: "\\${seed}",
    mixed: "run_\\${seed}_${seed}",
    backslash: "C:\\\\${seed}",
    plain: "a\\b",
  }) as Any;
  assert.equal(out.lit, "${seed}");
  assert.equal(out.mixed, "run_${seed}_3");
  assert.equal(out.backslash, "C:\\3");
  assert.equal(out.plain, "a\\b");
});

Deno.test("interpolate names the cycle", () => {
  const msg = configError(() =>
    interpolate({ a: { b: "${c.d}" }, c: { d: "${a.b}" } }, { file: "cyc.yaml" })
  );
  assert.equal(msg, 'Config "cyc.yaml" key "c.d": interpolation cycle a.b -> c.d -> a.b');
  assert.match(configError(() => interpolate({ x: "${x}" })), /interpolation cycle x -> x$/);
  assert.match(
    configError(() => interpolate({ a: { x: "${b.y}" }, b: "${a}" })),
    /interpolation cycle a -> a\.x -> b -> a$/,
  );
});

Deno.test("interpolate names the missing key and where it was referenced", () => {
  const msg = configError(() =>
    interpolate({ model: { name: "x" }, exp: { tag: "run_${model.nmae}" } }, { file: "m.yaml" })
  );
  assert.equal(
    msg,
    'Config "m.yaml" key "exp.tag": interpolation "${model.nmae}" refers to missing key ' +
      '"model.nmae" (did you mean "model.name"?)',
  );
  assert.match(
    configError(() => interpolate({ l: [1], x: "${l.5}" })),
    /key "x": interpolation "\$\{l\.5\}" refers to missing key "l\.5" \("l" is a list of 1 item\)/,
  );
  assert.match(
    configError(() => interpolate({ n: 3, x: "${n.a}" })),
    /refers to missing key "n\.a" \("n" is an integer, not a mapping\)/,
  );
});

Deno.test("interpolate rejects malformed interpolations and mappings inside text", () => {
  assert.match(configError(() => interpolate({ x: "${a" })), /unclosed interpolation "\$\{a"/);
  assert.match(configError(() => interpolate({ x: "${a..b}" })), /is not a valid key/);
  assert.match(configError(() => interpolate({ x: "${foo:1}" })), /unknown resolver "foo"/);
  assert.match(
    configError(() => interpolate({ m: { a: 1 }, x: "v_${m}" })),
    /inside a longer string refers to a mapping/,
  );
});

Deno.test("interpolate calls custom resolvers with decoded arguments", () => {
  const out = interpolate(
    { k: { z: 1 }, x: "${join:1,'2',[3],${k},b}" },
    { resolvers: { join: (args) => args } },
  ) as Any;
  assert.deepEqual(out.x, [1, "2", [3], { z: 1 }, "b"]);
  const msg = configError(() =>
    interpolate({ a: "${boom:1}" }, {
      file: "r.yaml",
      resolvers: {
        boom: () => {
          throw new Error("no luck");
        },
      },
    })
  );
  assert.equal(msg, 'Config "r.yaml" key "a": resolver "boom" failed on "${boom:1}": no luck');
});

Deno.test("interpolate does not mutate its input and is deterministic", () => {
  const input = { a: { b: "${c}" }, c: [1, "${d}"], d: 2, e: "\\${a}" };
  const before = structuredClone(input);
  const one = interpolate(input);
  const two = interpolate(input);
  assert.deepEqual(input, before);
  assert.deepEqual(one, two);
  assert.deepEqual(one, { a: { b: [1, 2] }, c: [1, 2], d: 2, e: "${a}" });
});
