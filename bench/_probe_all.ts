/**
 * Whole-process probe benchmark helper: probe every file in a directory (sorted by name) and
 * print `<ok> <failed>`. Run by `bench/probe.ts`; usage: `deno run -A bench/_probe_all.ts DIR`.
 *
 * @module
 */

import { probeSync } from "../sdk/audio/probe.ts";

const dir = Deno.args[0];
const names: string[] = [];
for (const e of Deno.readDirSync(dir)) names.push(e.name);
names.sort();
let ok = 0;
let failed = 0;
let frames = 0;
for (const name of names) {
  try {
    frames += probeSync(`${dir}/${name}`).frames;
    ok++;
  } catch {
    failed++;
  }
}
console.log(ok, failed, frames);
