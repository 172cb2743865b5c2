import assert from "node:assert/strict";
import {
  $display,
  $displayBudget,
  bundleBytes,
  bundleOf,
  capBundle,
  escapeHtml,
  isJupyter,
  type MimeBundle,
  show,
} from "../../sdk/notebook/display.ts";
import { encodeBase64, encodeBase64Portable } from "../../sdk/notebook/_base64.ts";
import { tableView } from "../../sdk/notebook/table_view.ts";

Deno.test("$display is the kernel's Jupyter.display symbol", () => {
  assert.equal($display, Symbol.for("Jupyter.display"));
});

Deno.test("isJupyter is false outside the kernel and stays cached", () => {
  assert.equal(isJupyter(), false);
  assert.equal(isJupyter(), false);
});

Deno.test("bundleOf uses sync and async display methods and falls back to plain text", async () => {
  assert.deepEqual(await bundleOf({ [$display]: () => ({ "text/plain": "s" }) }), {
    "text/plain": "s",
  });
  assert.deepEqual(await bundleOf({ [$display]: () => Promise.resolve({ "text/html": "<b/>" }) }), {
    "text/html": "<b/>",
  });
  assert.deepEqual(await bundleOf("abc"), { "text/plain": "abc" });
  const plain = (await bundleOf({ a: [1, 2] }))["text/plain"] as string;
  assert.equal(plain, "{ a: [ 1, 2 ] }");
  assert.ok(!plain.includes("\x1b["), "no ANSI colours");
  await assert.rejects(() => bundleOf({ [$display]: () => [1] }), /expected a MIME bundle/);
});

Deno.test("escapeHtml escapes the five special characters", () => {
  assert.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
  );
});

Deno.test("capBundle returns a bundle under the budget unchanged", () => {
  const b = { "text/plain": "x", "text/html": "<b>x</b>" };
  assert.equal(capBundle(b), b);
});

Deno.test("capBundle caps a 5 MB table under 1 MB with a notice naming what was dropped", () => {
  const wide: Record<string, string>[] = [];
  for (let i = 0; i < 20; i++) {
    const row: Record<string, string> = {};
    for (let c = 0; c < 1300; c++) row[`col${c}`] = `${i}-${c}-`.padEnd(100, "x");
    wide.push(row);
  }
  const view = tableView(wide, { maxBytes: 1e9 });
  const raw = view[$display]();
  assert.ok(bundleBytes(raw) > 5_000_000, `raw bundle is ${bundleBytes(raw)} bytes`);
  const capped = tableView(wide)[$display]();
  assert.ok(bundleBytes(capped) <= 1_000_000, `capped bundle is ${bundleBytes(capped)} bytes`);
  const plain = capped["text/plain"] as string;
  const html = capped["text/html"] as string;
  assert.match(plain, /^Output too large to display: .* exceeds the 1\.00 MB budget/);
  assert.match(plain, /text\/html \(\d+\.\d+ MB\)/);
  assert.match(html, /audiocurate-notice/);
  assert.match(html, /Output too large to display/);
});

Deno.test("capBundle keeps the small parts and prefixes the notice to text/plain", () => {
  const b: MimeBundle = {
    "application/json": { big: "y".repeat(3000) },
    "text/plain": "summary",
  };
  const capped = capBundle(b, 2000);
  assert.equal("application/json" in capped, false);
  assert.match(
    capped["text/plain"] as string,
    /application\/json \(3\.0 KB\) was dropped[^]*\nsummary$/,
  );
  assert.match(capped["text/html"] as string, /<pre>summary<\/pre>$/);
  assert.ok(bundleBytes(capped) <= 2000);
});

Deno.test("capBundle treats unserialisable JSON as over budget", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const capped = capBundle({ "application/json": cyclic, "text/plain": "c" });
  assert.equal("application/json" in capped, false);
  assert.match(capped["text/plain"] as string, /unserialisable/);
});

Deno.test("show sends a capped raw bundle to the kernel sink", async () => {
  const sent: [MimeBundle, unknown][] = [];
  const big = { [$display]: () => ({ "text/html": "z".repeat(1_200_000), "text/plain": "p" }) };
  await show(big, { display: (b, o) => void sent.push([b, o]), waitMs: 0 });
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0][1], { raw: true });
  assert.ok(bundleBytes(sent[0][0]) <= 1_000_000);
  assert.match(sent[0][0]["text/plain"] as string, /^Output too large/);
});

Deno.test("show honours an object's own display budget", async () => {
  const sent: MimeBundle[] = [];
  const lib = {
    [$displayBudget]: 2_000_000,
    [$display]: () => ({ "text/html": "z".repeat(1_200_000) }),
  };
  await show(lib, { display: (b) => void sent.push(b), waitMs: 0 });
  assert.equal((sent[0]["text/html"] as string).length, 1_200_000);
});

Deno.test("show outside the kernel prints the text/plain part to stdout", async () => {
  const code = `import { $display, show } from ${
    JSON.stringify(
      new URL("../../sdk/notebook/display.ts", import.meta.url).href,
    )
  };
await show({ [$display]: () => ({ "text/html": "<b>html</b>", "text/plain": "plain part" }) });
await show([1, 2]);`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: new URL("../..", import.meta.url).pathname,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.success, true, new TextDecoder().decode(out.stderr));
  assert.equal(text, "plain part\n[ 1, 2 ]\n");
});

Deno.test("encodeBase64 matches btoa for every padding length", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 1000, 65537]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
    const expected = btoa(String.fromCharCode(...bytes.subarray(0, Math.min(n, 60000))));
    if (n <= 60000) {
      assert.equal(encodeBase64Portable(bytes), expected);
      assert.equal(encodeBase64(bytes), expected);
    } else {
      assert.equal(encodeBase64Portable(bytes), encodeBase64(bytes));
      assert.deepEqual(
        Uint8Array.from(atob(encodeBase64Portable(bytes)), (c) => c.charCodeAt(0)),
        bytes,
      );
    }
  }
});
