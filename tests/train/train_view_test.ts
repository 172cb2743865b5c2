import assert from "node:assert/strict";
import { join } from "node:path";
import { z } from "zod";
import { withDir } from "../_util.ts";
import { bundleOf } from "../../sdk/notebook/display.ts";
import { loadTrainConfig } from "../../sdk/train/load_train_config.ts";
import { train, type TrainResult } from "../../sdk/train/train.ts";
import { registerTrainer } from "../../sdk/train/trainer.ts";
import { TrainConfigSchema } from "../../sdk/train/train_config.ts";
import { TrainerFailedError } from "../../sdk/train/trainer_failed_error.ts";
import { writePairs } from "./_pairs.ts";
import { memoryLogger, syntheticPairs, writeBaseConfig, writeIdList } from "./_fixture.ts";

const quiet = memoryLogger().logger;

const KEYS = [
  "name",
  "expDir",
  "backend",
  "status",
  "checkpoint",
  "checkpoints",
  "logPath",
  "utterances",
  "hours",
  "error",
  "stage",
];

async function shown(res: TrainResult): Promise<{ html: string; text: string }> {
  const b = await bundleOf(res);
  assert.equal(typeof b["text/html"], "string");
  assert.equal(typeof b["text/plain"], "string");
  return { html: String(b["text/html"]), text: String(b["text/plain"]) };
}

/** The result's keys and JSON are those of a plain copy: the display adds nothing visible. */
function assertPlain(res: TrainResult): void {
  assert.deepEqual(Object.keys(res), KEYS);
  const json = JSON.stringify(res);
  assert.equal(json, JSON.stringify({ ...res }));
  assert.ok(!json.includes("Jupyter"));
  assert.deepEqual(Object.getOwnPropertySymbols({ ...res }), []);
}

Deno.test("train shows the experiment, ran or cached, hours, final loss and checkpoint", async () => {
  await withDir(async (dir) => {
    const pairs = syntheticPairs(3, { seed: 6, seconds: 1 });
    const manifest = await writePairs(join(dir, "data"), pairs);
    const base = await writeBaseConfig(dir, { manifest });
    const list = await writeIdList(dir, ["u000", "u001", "u002"]);
    const root = join(dir, "<b>exp");
    const { config } = await loadTrainConfig(base, {
      overrides: ["train.optim.epochs=2", "--exp.name", "e1", `exp.root=${root}`],
    });
    const res = await train({ config, curatedList: list, logger: quiet });
    assert.equal(res.status, "ran");
    assertPlain(res);
    const metrics = JSON.parse(
      await Deno.readTextFile(join(res.stage.outDir, "metrics.json")),
    );
    const last = metrics.loss_per_epoch.at(-1) as number;
    const { html, text } = await shown(res);
    const lines = text.split("\n");
    const h = Number(res.hours.toPrecision(2));
    assert.equal(lines[0], `train: e1 ran, 3 utterances, ${h} h`);
    assert.ok(lines.some((l) => /^ {2}backend +spectral-gain$/.test(l)), text);
    assert.ok(lines.some((l) => /^ {2}why it ran +no_manifest \(first run\)$/.test(l)), text);
    assert.ok(lines.some((l) => /^ {2}utterances +3$/.test(l)), text);
    assert.ok(
      text.includes(`final loss      ${Number(last.toPrecision(4))} after 2 epochs (unprocessed`),
      text,
    );
    assert.ok(text.includes(res.checkpoint!), text);
    assert.ok(text.includes(join(root, "e1")), text);
    assert.ok(html.includes("spectral-gain"));
    assert.ok(html.includes(`e1 ran, 3 utterances`));
    assert.ok(!html.includes("<b>exp"), "the user's folder name is escaped");
    assert.ok(html.includes("&lt;b&gt;exp"));

    // An unchanged rerun is skipped: the view says it was cached and still shows the loss.
    const again = await train({ config, curatedList: list, logger: quiet });
    assert.equal(again.status, "skipped");
    assertPlain(again);
    const t2 = (await shown(again)).text;
    assert.match(t2, /^train: e1 skipped \(cached\), 3 utterances/);
    assert.match(t2, /status +skipped: cached, nothing changed/);
    assert.doesNotMatch(t2, /why it ran/);
    assert.match(t2, /final loss +\S+ after 2 epochs/);
  });
});

Deno.test("train shows a failed backend's error and log tail, and a val_loss checkpoint", async () => {
  registerTrainer({
    name: "view-test",
    version: "1",
    description: "Test trainer: fails when told, else writes val_loss checkpoints",
    configSchema: z.object({ backend: z.literal("view-test"), fail: z.boolean().default(false) }),
    inputs: () => "pairs",
    modelTag: () => "vt",
    prepare: () => Promise.resolve([]),
    run: async ({ outDir, config }) => {
      if (config.fail) {
        throw new TrainerFailedError("The test trainer exited with code 3", "logs/train.log", [
          "epoch 1",
          "RuntimeError: <boom>",
        ]);
      }
      await Deno.mkdir(join(outDir, "checkpoints"));
      const names = ["e0-val_loss=0.500.ckpt", "e1-val_loss=0.250.ckpt"];
      for (const n of names) await Deno.writeTextFile(join(outDir, "checkpoints", n), "");
      return {
        checkpoint: `checkpoints/${names[1]}`,
        checkpoints: names.map((n) => `checkpoints/${n}`),
      };
    },
  }, { replace: true });
  await withDir(async (dir) => {
    const pairs = syntheticPairs(2, { seed: 3, seconds: 1 });
    const manifest = await writePairs(join(dir, "data"), pairs);
    const list = await writeIdList(dir, ["u000", "u001"]);
    const cfg = (name: string, fail: boolean) =>
      TrainConfigSchema.parse({
        data: { manifest },
        exp: { root: join(dir, "experiments"), name },
        train: { backend: "view-test", fail },
      });
    const failed = await train({ config: cfg("bad", true), curatedList: list, logger: quiet });
    assert.equal(failed.status, "failed");
    assertPlain(failed);
    const f = await shown(failed);
    assert.match(f.text, /^train: bad failed, 2 utterances/);
    assert.match(f.text, /checkpoint +n\/a/);
    assert.ok(f.text.includes('error: The test trainer exited with code 3 (log "logs/train.log")'));
    assert.ok(f.text.includes("  RuntimeError: <boom>"), f.text);
    assert.ok(f.html.includes("RuntimeError: &lt;boom&gt;"));

    const ok = await train({ config: cfg("good", false), curatedList: list, logger: quiet });
    assert.equal(ok.status, "ran");
    const g = await shown(ok);
    assert.match(g.text, /final loss +val_loss 0\.25 \(checkpoint name\)/);
    assert.match(g.text, /checkpoints +2/);
    assert.match(g.text, /train\/checkpoints\/e1-val_loss=0\.250\.ckpt +yes/);
  });
});
