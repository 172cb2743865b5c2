import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

Deno.test("README's TypeScript examples run as written", async () => {
  const readme = await Deno.readTextFile("README.md");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, "README has no ts example");
  const modUrl = pathToFileURL(resolve("mod.ts")).href;
  const dir = await Deno.makeTempDir();
  try {
    for (const [i, code] of blocks.entries()) {
      const file = `${dir}/example_${i}.ts`;
      await Deno.writeTextFile(file, code.replaceAll('"./mod.ts"', JSON.stringify(modUrl)));
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--config", resolve("deno.json"), file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
