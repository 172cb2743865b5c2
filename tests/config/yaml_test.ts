import assert from "node:assert/strict";
import { parseYaml, readYaml, stringifyYaml, YamlError } from "../../sdk/config/yaml.ts";
import { ConfigError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

function yamlError(fn: () => unknown): YamlError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof YamlError, `expected a YamlError, got ${err}`);
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail("expected a YamlError");
}

Deno.test("parseYaml reads plain YAML 1.2 core values", () => {
  const v = parseYaml(
    "a: 1\nb: 0.5\nc: true\nd: null\ne: yes\nf: 2001-01-01\ng: [1, two]\nh: {x: 1}\ni: !!str 3\n",
  );
  assert.deepEqual(v, {
    a: 1,
    b: 0.5,
    c: true,
    d: null,
    e: "yes",
    f: "2001-01-01",
    g: [1, "two"],
    h: { x: 1 },
    i: "3",
  });
  assert.equal(parseYaml(""), null);
});

Deno.test("parseYaml rejects a !!js/function tag naming file and line", () => {
  const err = yamlError(() =>
    parseYaml("ok: 1\nrun: !!js/function 'function () { return 1 }'\n", { path: "evil.yaml" })
  );
  assert.match(
    err.message,
    /^Unsupported YAML tag "!!js\/function" in "evil.yaml" at line 2, column 6/,
  );
  assert.equal(err.file, "evil.yaml");
  assert.equal(err.line, 2);
  assert.equal(err.column, 6);
});

Deno.test("parseYaml rejects a !!python tag and a custom !foo tag with file and line", () => {
  const py = yamlError(() =>
    parseYaml("x: !!python/object/apply:os.system [ls]\n", { path: "p.yaml" })
  );
  assert.match(py.message, /"!!python\/object\/apply:os.system" in "p.yaml" at line 1, column 4/);
  const foo = yamlError(() => parseYaml("a: 1\nb: !foo\n  x: 1\n", { path: "c.yaml" }));
  assert.match(foo.message, /^Unsupported YAML tag "!foo" in "c.yaml" at line 2, column 4/);
  assert.equal(foo.line, 2);
});

Deno.test("parseYaml rejects duplicate keys naming the key, file and line", () => {
  const err = yamlError(() => parseYaml("a: 1\nb:\n  c: 2\n  c: 3\n", { path: "d.yaml" }));
  assert.equal(err.message, 'Invalid YAML in "d.yaml" at line 4, column 3: duplicate key "c"');
});

Deno.test("parseYaml reports a syntax error with file, line and column", () => {
  const err = yamlError(() => parseYaml("a:\n  b: 1\n c: 2\n", { path: "s.yaml" }));
  assert.match(err.message, /^Invalid YAML in "s.yaml" at line 3, column 1: \S/);
  assert.deepEqual([err.file, err.line, err.column], ["s.yaml", 3, 1]);
  const flow = yamlError(() => parseYaml("a: [1, 2\n", { path: "f.yaml" }));
  assert.match(flow.message, /^Invalid YAML in "f.yaml" at line \d+, column \d+: /);
});

Deno.test("parseYaml rejects merge keys, several documents, unknown aliases and collection keys", () => {
  assert.match(
    yamlError(() => parseYaml("b: &b {x: 1}\nd:\n  <<: *b\n", { path: "m.yaml" })).message,
    /^Unsupported YAML merge key "<<" in "m.yaml" at line 3, column 3/,
  );
  assert.match(
    yamlError(() => parseYaml("a: 1\n---\nb: 2\n")).message,
    /more than one YAML document/,
  );
  assert.match(yamlError(() => parseYaml("a: *nope\n")).message, /Unknown YAML alias "\*nope"/);
  assert.match(yamlError(() => parseYaml("? [a, b]\n: 1\n")).message, /keys must be plain scalars/);
  assert.match(yamlError(() => parseYaml("__proto__: {x: 1}\n")).message, /"__proto__"/);
});

Deno.test("parseYaml accepts anchors and aliases", () => {
  assert.deepEqual(parseYaml("a: &x [1, 2]\nb: *x\n"), { a: [1, 2], b: [1, 2] });
});

Deno.test("readYaml names a missing file", async () => {
  const dir = await tempDir();
  await assert.rejects(() => readYaml(`${dir}/none.yaml`), (err: Error) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.message, `Config file "${dir}/none.yaml" does not exist`);
    return true;
  });
  await Deno.writeTextFile(`${dir}/bad.yaml`, "a: 1\na: 2\n");
  await assert.rejects(() => readYaml(`${dir}/bad.yaml`), /"[^"]*bad\.yaml" at line 2, column 1/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("stringifyYaml is deterministic, sorts keys on request and round-trips", () => {
  const value = { b: [1, "on", "2024-01-02", "3", null], a: { y: true, x: "${a.b}" }, e: {} };
  const text = stringifyYaml(value);
  assert.equal(text, stringifyYaml(structuredClone(value)));
  assert.deepEqual(parseYaml(text), value);
  const sorted = stringifyYaml(value, { sortKeys: true });
  assert.ok(sorted.startsWith("a:\n  x: ${a.b}\n  y: true\nb:"));
  assert.deepEqual(parseYaml(sorted), value);
});

Deno.test("parseYaml works without env permission", async () => {
  const dir = await tempDir();
  const script = `${dir}/noenv.ts`;
  const mod = new URL("../../sdk/config/yaml.ts", import.meta.url).href;
  const config = new URL("../../deno.json", import.meta.url).pathname;
  await Deno.writeTextFile(
    script,
    `import { parseYaml } from ${JSON.stringify(mod)};\n` +
      `console.log(JSON.stringify(parseYaml("a: [1, 2]\\n")));\n`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-read", "--config", config, script],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(out.code, 0, dec.decode(out.stderr));
  assert.equal(dec.decode(out.stdout).trim(), '{"a":[1,2]}');
  await Deno.remove(dir, { recursive: true });
});
