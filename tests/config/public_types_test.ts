/**
 * The compile-time guards behind the hand-declared public types: `SameType` must reject a type
 * that drifts from its schema, and `ZodSchema` must accept zod schemas of the right type only.
 * Both are checked by running `deno check` on generated files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Type-check `source` (`SDK/` stands for the sdk folder) with the repository's config; returns the TS error lines. */
async function typeErrors(source: string): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "audiocurate-types-" });
  try {
    const file = join(dir, "check.ts");
    await Deno.writeTextFile(
      file,
      source.replaceAll("SDK/", new URL("../../sdk/", import.meta.url).href),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--config", join(ROOT, "deno.json"), file],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    const lines = text.split("\n").filter((l) => /^\s*at file:.*check\.ts:\d+/.test(l));
    assert.equal(out.success, lines.length === 0, text);
    return lines.map((l) => l.replace(/^.*check\.ts:(\d+):\d+$/, "line $1"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("SameType accepts a faithful declaration and rejects each kind of drift", async () => {
  const src = `
import { z } from "zod";
import type { SameType } from "SDK/config/_same_type.ts";
const S = z.object({
  a: z.number().default(1),
  b: z.string().optional(),
  c: z.array(z.int()),
  d: z.enum(["x", "y"]).nullable().default(null),
});
interface In { a?: number; b?: string; c: number[]; d?: "x" | "y" | null }
interface Out { a: number; b?: string; c: number[]; d: "x" | "y" | null }
export const okIn: SameType<In, z.input<typeof S>> = true;
export const okOut: SameType<Out, z.output<typeof S>> = true;
interface Extra extends In { e?: number }
export const extra: SameType<Extra, z.input<typeof S>> = true;
interface Missing { a?: number; b?: string; c: number[] }
export const missing: SameType<Missing, z.input<typeof S>> = true;
interface Required { a: number; b?: string; c: number[]; d?: "x" | "y" | null }
export const required: SameType<Required, z.input<typeof S>> = true;
interface Typed { a?: number; b?: string; c: string[]; d?: "x" | "y" | null }
export const typed: SameType<Typed, z.input<typeof S>> = true;
interface Narrow { a?: number; b?: string; c: number[]; d?: "x" | null }
export const narrow: SameType<Narrow, z.input<typeof S>> = true;
`;
  const errors = await typeErrors(src);
  assert.deepEqual(errors, ["line 15", "line 17", "line 19", "line 21", "line 23"]);
});

Deno.test("ZodSchema takes zod schemas of the declared type and rejects others", async () => {
  const src = `
import { z } from "zod";
import type { SchemaOutput, ZodSchema } from "SDK/config/zod_schema.ts";
import { loadConfig } from "SDK/config/load_config.ts";
export const a: ZodSchema<{ x: number }> = z.object({ x: z.number() });
export const b: ZodSchema = z.strictObject({ x: z.number().default(1) }).prefault({});
export const c: ZodSchema<string[]> = z.array(z.string());
export function parsed<S extends ZodSchema>(s: S): SchemaOutput<S> { return s.parse({}); }
export const r: { x: number } = parsed(z.object({ x: z.number().default(2) }));
export const bad: ZodSchema<{ x: number }> = z.object({ x: z.string() });
export const typedLoad = async (): Promise<{ n: number }> =>
  await loadConfig("x.yaml", z.object({ n: z.number() }));
export const wrongLoad = async (): Promise<{ n: string }> =>
  await loadConfig("x.yaml", z.object({ n: z.number() }));
`;
  const errors = await typeErrors(src);
  assert.deepEqual(errors, ["line 10", "line 14"]);
});
