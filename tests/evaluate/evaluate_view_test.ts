import assert from "node:assert/strict";
import { join } from "node:path";
import { withDir } from "../_util.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { evaluate } from "../../sdk/evaluate/evaluate.ts";
import { writeTestSet } from "./_fixture.ts";

Deno.test("evaluate shows systems, utterances, metrics computed and unavailable, means and the report", async () => {
  await withDir(async (dir) => {
    const { manifest, ids } = await writeTestSet(join(dir, "data"), { count: 3, seconds: 1 });
    // An "oracle" system (copies of the clean references) in a folder with a hostile name,
    // holding a hostile extra file that matches no utterance.
    const oracle = join(dir, "<i>oracle");
    await Deno.mkdir(oracle);
    for (const id of ids) {
      await Deno.copyFile(join(dir, "data", "clean", `${id}.wav`), join(oracle, `${id}.wav`));
    }
    await Deno.copyFile(join(dir, "data", "clean", `${ids[0]}.wav`), join(oracle, "<b>x.wav"));
    const warnings: string[] = [];
    const res = await evaluate({
      config: {
        data: { manifest },
        systems: [{ name: "oracle", enhanced: oracle }],
        // dnsmos without its models cannot start: its columns are reported unavailable.
        metrics: {
          scorers: ["intrusive", "dnsmos"],
          models_dir: join(dir, "no-models"),
        },
        bootstrap: { resamples: 50 },
        ranking: { include_noisy: true },
      },
      out: join(dir, "eval"),
      onWarning: (line) => warnings.push(line),
    });
    assert.deepEqual(Object.keys(res), [
      "outDir",
      "files",
      "rows",
      "summary",
      "systems",
      "problems",
      "extraFiles",
      "unavailable",
      "audioSeconds",
      "seconds",
    ]);
    const json = JSON.stringify(res);
    assert.equal(json, JSON.stringify({ ...res }));
    assert.ok(!json.includes("Jupyter"));
    assert.equal(res.unavailable.length, 1, warnings.join("\n"));

    const b = await bundleOf(res);
    const text = String(b["text/plain"]);
    const html = String(b["text/html"]);
    const lines = text.split("\n");
    assert.equal(
      lines[0],
      "evaluate: 2 systems, 3 utterances, 3 metrics computed, 4 unavailable, 1 problem",
    );
    assert.match(text, /^ {2}systems +noisy \(noisy\), oracle \(enhanced\)$/m);
    assert.match(text, /^ {2}metrics computed +si_sdr, stoi, estoi$/m);
    assert.match(
      text,
      /^ {2}metrics unavailable +mos_sig, mos_bak, mos_ovrl, mos_p808 \(scorer dnsmos could not run\)$/m,
    );
    assert.match(text, /^ {2}ranking +1\. oracle, 2\. noisy$/m);
    assert.match(text, /^ {2}problems +0 utterances, 1 unmatched file$/m);
    // The means table: one row per system, the mean of each computed metric.
    const mean = (s: string, c: string) => res.summary.overall[s][c].mean.toFixed(3);
    const header = lines.find((l) =>
      /^system\s+kind\s+problems\s+rank\s+si_sdr\s+stoi\s+estoi$/.test(l)
    );
    assert.ok(header, text);
    const noisyRow = lines.find((l) => l.startsWith("noisy "))!;
    assert.ok(noisyRow.includes(mean("noisy", "si_sdr")), noisyRow);
    assert.ok(noisyRow.includes(mean("noisy", "estoi")), noisyRow);
    assert.ok(lines.find((l) => l.startsWith("oracle "))!.includes(mean("oracle", "estoi")));
    assert.ok(text.includes(`report: ${join(dir, "eval", "report.html")}`));
    assert.match(text, /^unavailable: scorer dnsmos: /m);
    assert.ok(text.includes("unmatched: oracle <b>x.wav"));
    // HTML: the same facts, every user text escaped.
    assert.ok(html.includes("report.html"));
    assert.ok(html.includes(mean("oracle", "estoi")));
    assert.ok(!html.includes("<b>x.wav") && html.includes("&lt;b&gt;x.wav"));
    assert.ok(!html.includes("<i>oracle"));
  });
});
