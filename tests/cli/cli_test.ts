import assert from "node:assert/strict";
import { parseArgs } from "../../tasks/_command.ts";
import { COMMANDS } from "../../tasks/cli.ts";
import { countJunit } from "../../tasks/run_tests.ts";
import { UsageError } from "../../sdk/log/errors.ts";

async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/cli.ts", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("parseArgs reads every flag form", () => {
  const spec = {
    json: { type: "boolean" as const, description: "" },
    n: { type: "number" as const, description: "", short: "n" },
    out: { type: "string" as const, description: "" },
    tag: { type: "list" as const, description: "" },
  };
  const p = parseArgs([
    "a",
    "--json",
    "-n",
    "4",
    "--out=x.csv",
    "--tag",
    "t1",
    "--tag=t2",
    "--",
    "--b",
  ], spec);
  assert.deepEqual(p.positionals, ["a", "--b"]);
  assert.deepEqual(p.flags, { json: true, n: 4, out: "x.csv", tag: ["t1", "t2"] });
  assert.equal(parseArgs(["--no-json"], spec).flags.json, false);
});

Deno.test("parseArgs rejects bad usage with one sentence", () => {
  const spec = { n: { type: "number" as const, description: "" } };
  assert.throws(() => parseArgs(["--x"], spec), new UsageError('Unknown option "--x"'));
  assert.throws(() => parseArgs(["--n"], spec), /needs a value/);
  assert.throws(() => parseArgs(["--n", "abc"], spec), /expects a number, found "abc"/);
});

Deno.test("countJunit counts passed, failed and skipped cases", () => {
  const xml = `<testsuites><testsuite name="s">
    <testcase name="a" time="0.1"></testcase>
    <testcase name="b"><failure message="x">boom</failure></testcase>
    <testcase name="c"><skipped/></testcase><testcase name="d"/>
  </testsuite></testsuites>`;
  assert.deepEqual(countJunit(xml), { passed: 2, failed: 1, skipped: 1 });
});

Deno.test("cli exit codes: help 0, unknown command 2, bad flag 2", async () => {
  const help = await cli("--help");
  assert.equal(help.code, 0);
  for (const c of COMMANDS) assert.match(help.stdout, new RegExp(`\\b${c.name}\\b`));
  assert.equal((await cli("frobnicate")).code, 2);
  const bad = await cli("probe", "--nope");
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'probe: Unknown option "--nope"');
});

Deno.test("cli every subcommand has --help", async () => {
  for (const c of COMMANDS) {
    const r = await cli(c.name, "--help");
    assert.equal(r.code, 0, c.name);
    assert.match(r.stdout, new RegExp(`^Usage: deno task cli ${c.name}`));
    assert.match(r.stdout, /Exit codes: 0 success, 1 failed run, 2 bad usage/);
  }
});
