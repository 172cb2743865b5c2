import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import {
  cacheKey,
  type Manifest,
  manifestJsonSchema,
  ManifestSchema,
  readManifest,
  writeManifest,
} from "../../sdk/cache/manifest.ts";
import { runPipeline } from "../../sdk/cache/run_pipeline.ts";
import { StatCache } from "../../sdk/cache/stat_cache.ts";
import { collector, toyStages } from "./_toy_stages.ts";
import { tempDir } from "../_util.ts";

const ZERO = "0".repeat(64);
const NOW = "2026-01-01T00:00:00.000Z";

function sample(): Manifest {
  return {
    stage: "a",
    key: ZERO,
    inputs: [],
    inputs_checksum: ZERO,
    params: { x: 1 },
    runner_version: "test",
    outputs: ["a"],
    timestamp: NOW,
    last_checked_ts: NOW,
    hash_algo: "sha256",
    code_version: "1",
    device: "cpu",
    device_sensitive: false,
    input_files: [],
    output_files: [{ path: "x.txt", size: 1, sha256: ZERO }],
  };
}

Deno.test("manifestJsonSchema validates real manifests with an independent validator (ajv)", async () => {
  const root = await tempDir();
  const statCache = await StatCache.open(`${root}/.sc.json`);
  const s = await runPipeline(toyStages(), { root, statCache, logger: collector().logger });
  assert.equal(s.ok, true);
  const validate = new Ajv2020({ strict: true, formats: { "date-time": true } }).compile(
    manifestJsonSchema(),
  );
  for (const stage of ["a", "b", "c"]) {
    const data = JSON.parse(await Deno.readTextFile(`${root}/${stage}/manifest.json`));
    assert.equal(validate(data), true, JSON.stringify(validate.errors));
  }
  const bad = JSON.parse(await Deno.readTextFile(`${root}/b/manifest.json`));
  delete bad.output_files;
  assert.equal(validate(bad), false);
  assert.equal(validate(sample()), true);
  assert.equal(validate({ ...sample(), inputs_checksum: "nothex" }), false);
  // The date-time format is checked by the schema's own pattern.
  assert.equal(validate({ ...sample(), timestamp: "2026-13-01T00:00:00Z" }), false);
  await Deno.remove(root, { recursive: true });
});

Deno.test("readManifest reports missing, unparseable and invalid without throwing", async () => {
  const dir = await tempDir();
  assert.equal((await readManifest(dir)).miss, "missing");
  assert.equal((await readManifest(`${dir}/nope`)).miss, "missing");
  await Deno.writeTextFile(`${dir}/manifest.json`, "");
  assert.equal((await readManifest(dir)).miss, "unparseable");
  await Deno.writeFile(`${dir}/manifest.json`, new Uint8Array([0xff, 0xfe, 0x00]));
  assert.equal((await readManifest(dir)).miss, "unparseable");
  await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify({ ...sample(), key: 3 }));
  const r = await readManifest(dir);
  assert.equal(r.miss, "invalid");
  assert.match(r.miss ? r.detail : "", /at "key"/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeManifest writes atomically and round-trips", async () => {
  const dir = await tempDir();
  await writeManifest(dir, sample());
  assert.deepEqual((await readManifest(dir)).manifest, sample());
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["manifest.json"]);
  assert.throws(() => ManifestSchema.parse({ ...sample(), timestamp: "yesterday" }));
  await assert.rejects(writeManifest(dir, { ...sample(), stage: "" }));
  assert.deepEqual((await readManifest(dir)).manifest, sample());
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cacheKey depends on declared params and device only when given", () => {
  const base = {
    stage: "s",
    codeVersion: "1",
    hashAlgo: "sha256",
    inputsChecksum: ZERO,
    params: { a: 1, b: { c: 2 } },
  };
  const k = cacheKey(base);
  assert.equal(cacheKey({ ...base, params: { b: { c: 2 }, a: 1 } }), k);
  assert.notEqual(cacheKey({ ...base, params: { a: 2, b: { c: 2 } } }), k);
  assert.notEqual(cacheKey({ ...base, codeVersion: "2" }), k);
  assert.notEqual(cacheKey({ ...base, device: "cpu" }), k);
  assert.notEqual(cacheKey({ ...base, device: "cuda" }), cacheKey({ ...base, device: "cpu" }));
});
