import assert from "node:assert/strict";
import { hashFile, hashFileSync } from "../../sdk/cache/hash_file.ts";
import { canonicalJson, sha256Hex } from "../../sdk/cache/canonical_json.ts";
import { hasCommand, run, tempDir } from "../_util.ts";
import { mulberry32 } from "../../sdk/audio/prng.ts";

const hasSha256sum = await hasCommand("sha256sum");

function bytes(n: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

Deno.test({
  name: "hashFile equals sha256sum for empty, small, 1 MiB and > 1 MiB files",
  ignore: !hasSha256sum,
  async fn() {
    const dir = await tempDir();
    try {
      const sizes = [0, 1, 1000, 1 << 20, (1 << 20) + 17, 3 * (1 << 20) + 5];
      for (const [i, n] of sizes.entries()) {
        const path = `${dir}/f${i}.bin`;
        await Deno.writeFile(path, bytes(n, i + 1));
        const want = (await run("sha256sum", [path])).slice(0, 64);
        assert.deepEqual(await hashFile(path), { size: n, sha256: want });
        assert.deepEqual(hashFileSync(path), { size: n, sha256: want });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("hashFile follows a file symlink and hashes the target's bytes", async () => {
  const dir = await tempDir();
  try {
    await Deno.writeTextFile(`${dir}/target.txt`, "abc");
    await Deno.symlink(`${dir}/target.txt`, `${dir}/link.txt`);
    assert.deepEqual(await hashFile(`${dir}/link.txt`), await hashFile(`${dir}/target.txt`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hashFile names the file it cannot read", async () => {
  await assert.rejects(
    () => hashFile("/nonexistent/x.bin"),
    /^Error: Cannot hash file "\/nonexistent\/x.bin": /,
  );
  assert.throws(() => hashFileSync("/nonexistent/x.bin"), /Cannot hash file "\/nonexistent/);
});

Deno.test("sha256Hex matches known digests of text and bytes", () => {
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(sha256Hex(new TextEncoder().encode("abc")), sha256Hex("abc"));
});

Deno.test("canonicalJson sorts keys at every depth and drops undefined members", () => {
  const a = canonicalJson({ b: { y: 1, x: [3, { d: 1, c: 2 }] }, a: "s", u: undefined });
  const b = canonicalJson({ a: "s", b: { x: [3, { c: 2, d: 1 }], y: 1 } });
  assert.equal(a, b);
  assert.equal(a, '{"a":"s","b":{"x":[3,{"c":2,"d":1}],"y":1}}');
  assert.equal(canonicalJson([undefined, null]), "[null,null]");
});

Deno.test("canonicalJson rejects values JSON cannot carry", () => {
  assert.throws(() => canonicalJson({ a: NaN }), /Cannot write "NaN" at \$\.a/);
  assert.throws(() => canonicalJson({ a: 1n }), /Cannot write a bigint at \$\.a/);
});
