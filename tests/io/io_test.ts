import assert from "node:assert/strict";
import { resolveInside } from "../../sdk/io/resolve_inside.ts";
import { writeOutput } from "../../sdk/io/write_output.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

Deno.test("resolveInside accepts nested paths and rejects escapes", () => {
  assert.equal(resolveInside("/r/out", "x/../y.txt"), "/r/out/y.txt");
  assert.equal(resolveInside("/r/out", "/r/out/z"), "/r/out/z");
  for (const bad of ["../a", "x/../../a", "/etc/passwd", "/r/outside/a", ".."]) {
    assert.throws(() => resolveInside("/r/out", bad), UsageError, bad);
  }
});

Deno.test("writeOutput refuses to replace different content without force", async () => {
  const dir = await tempDir();
  const p = `${dir}/sub/a.txt`;
  assert.equal(await writeOutput(p, "one"), "created");
  assert.equal(await writeOutput(p, "one"), "unchanged");
  await assert.rejects(() => writeOutput(p, "two"), /already exists with different content/);
  assert.equal(await Deno.readTextFile(p), "one");
  assert.equal(await writeOutput(p, "two", { force: true }), "replaced");
  assert.equal(await Deno.readTextFile(p), "two");
  const left = [...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name);
  assert.deepEqual(left, ["a.txt"]);
  await Deno.remove(dir, { recursive: true });
});
