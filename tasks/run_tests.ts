/**
 * `deno task test`: run the whole suite (tests/ plus the @example blocks of sdk/ and mod.ts)
 * and close with the plain line `N passed, N failed` derived from the JUnit report.
 *
 * Extra arguments are passed to `deno test` (e.g. a file or `--filter probe`).
 *
 * @module
 */

/** Counts read from a JUnit XML report. */
export interface JunitCounts {
  /** Test cases that passed. */
  passed: number;
  /** Test cases that failed or errored. */
  failed: number;
  /** Test cases that were ignored/skipped. */
  skipped: number;
}

/**
 * Count passed, failed and skipped test cases in a JUnit XML report.
 *
 * @param xml The report text.
 * @returns The counts.
 *
 * @example
 * ```ts
 * import { countJunit } from "./run_tests.ts";
 * const xml = `<testsuites><testsuite><testcase name="a"/><testcase name="b"><failure/></testcase>
 *   <testcase name="c"><skipped/></testcase></testsuite></testsuites>`;
 * console.log(countJunit(xml)); // { passed: 1, failed: 1, skipped: 1 }
 * ```
 */
export function countJunit(xml: string): JunitCounts {
  let passed = 0, failed = 0, skipped = 0;
  const re = /<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const body = m[2] ?? "";
    if (/<(failure|error)\b/.test(body)) failed++;
    else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
  return { passed, failed, skipped };
}

/**
 * Arguments of the documentation lint of the public API: JSDoc on every export, explicit types,
 * no private types in public signatures, npm packages resolved. Public types therefore name no
 * zod or Arrow type (see docs/API.md).
 */
export const DOC_LINT_ARGS: readonly string[] = ["doc", "--lint", "mod.ts"];

if (import.meta.main) {
  const outDir = ".test-out";
  await Deno.mkdir(outDir, { recursive: true });
  const junit = `${outDir}/junit.xml`;
  try {
    await Deno.remove(junit);
  } catch { /* not there yet */ }
  const extra = Deno.args;
  const targets = extra.some((a) => !a.startsWith("-")) ? [] : ["tests/", "sdk/", "mod.ts"];
  const args = [
    "test",
    "-A",
    "--doc",
    "--parallel",
    "--reporter=dot",
    `--junit-path=${junit}`,
    ...extra,
    ...targets,
  ];
  // The CLI loads its commands through computed specifiers, and bench/ is not imported by any
  // test, so their type check is a test of its own here (counted as one). So is the
  // documentation lint of the public API (see docs/API.md).
  let checkFailed = 0;
  let checkPassed = 0;
  if (targets.length > 0) {
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "tasks/", "bench/"],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (check.success) checkPassed++;
    else {
      checkFailed++;
      console.error("Type check of tasks/ and bench/ failed");
    }
    const docLint = await new Deno.Command(Deno.execPath(), {
      args: [...DOC_LINT_ARGS],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (docLint.success) checkPassed++;
    else {
      checkFailed++;
      const dec = new TextDecoder();
      console.error(dec.decode(docLint.stdout) + dec.decode(docLint.stderr));
      console.error(`Documentation lint failed: deno ${DOC_LINT_ARGS.join(" ")}`);
    }
  }
  let counts: JunitCounts = { passed: 0, failed: 0, skipped: 0 };
  let ok = true;
  if (targets.length === 0) {
    // Explicit targets: one `deno test` run, as given.
    const status = await new Deno.Command(Deno.execPath(), {
      args,
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    try {
      counts = countJunit(await Deno.readTextFile(junit));
    } catch {
      console.error("No JUnit report was written: the test run did not start (type errors?)");
    }
    if (!status.success && counts.failed === 0) counts.failed = 1;
    ok = status.success;
  } else {
    const res = await runGroups(outDir, extra);
    counts = res.counts;
    ok = res.ok;
  }
  counts.passed += checkPassed;
  counts.failed += checkFailed;
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : "";
  console.log(`\n${counts.passed} passed, ${counts.failed} failed${skipped}`);
  Deno.exit(ok && checkFailed === 0 ? 0 : 1);
}

/**
 * The whole suite, type-checked once, then run as groups (one per folder of tests/, plus the
 * documentation examples) in separate processes, two at a time. Native add-ons (onnxruntime,
 * DuckDB) then never load into several isolates of one process at once, and a crash of one
 * process fails its group, named, instead of hiding every other result.
 */
async function runGroups(
  outDir: string,
  extra: string[],
): Promise<{ counts: JunitCounts; ok: boolean }> {
  const counts: JunitCounts = { passed: 0, failed: 0, skipped: 0 };
  const check = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--doc", "--no-run", ...extra, "tests/", "sdk/", "mod.ts"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!check.success) {
    console.error("Type check of the tests failed: no test ran");
    counts.failed = 1;
    return { counts, ok: false };
  }
  const groups: string[][] = [["sdk/", "mod.ts"]];
  const entries = [...Deno.readDirSync("tests")].map((e) => e).sort((a, b) =>
    a.name < b.name ? -1 : 1
  );
  for (const e of entries) {
    if (e.isDirectory || (e.isFile && e.name.endsWith("_test.ts"))) {
      groups.push([`tests/${e.name}`]);
    }
  }
  let ok = true;
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      const name = group[0].replace(/[^A-Za-z0-9]+/g, "_");
      const junit = `${outDir}/junit-${name}.xml`;
      await Deno.remove(junit).catch(() => {});
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "test",
          "-A",
          "--doc",
          "--no-check",
          "--reporter=dot",
          `--junit-path=${junit}`,
          ...extra,
          ...group,
        ],
        stdout: "inherit",
        stderr: "inherit",
      }).output();
      let got: JunitCounts | undefined;
      try {
        got = countJunit(await Deno.readTextFile(junit));
      } catch {
        got = undefined;
      }
      if (!got) {
        console.error(
          `Test group ${group.join(" ")} wrote no report (exit code ${out.code}${
            out.signal ? `, signal ${out.signal}` : ""
          })`,
        );
        got = { passed: 0, failed: 1, skipped: 0 };
      } else if (!out.success && got.failed === 0) got.failed = 1;
      if (!out.success) ok = false;
      counts.passed += got.passed;
      counts.failed += got.failed;
      counts.skipped += got.skipped;
    }
  };
  const lanes = Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 2));
  await Promise.all(Array.from({ length: lanes }, worker));
  return { counts, ok };
}
