/**
 * `train`: curated list -> experiment. Validates the selection, writes the experiment folder
 * (`<exp.root>/<name>/`: `config.yaml` frozen, `curated_list.csv|txt` + `curated_list.sha256`,
 * the selection's `curated_list_meta.json`, `experiment.json`, the trainer's `data/`, `logs/`)
 * and runs the cached `train` stage, whose output `train/` holds `checkpoints/`, `result.json`
 * and the stage manifest.
 *
 * @module
 */

import { dirname, join, resolve } from "node:path";
import { dumpConfig } from "../config/dump_config.ts";
import { resolveInside } from "../io/resolve_inside.ts";
import { writeOutput } from "../io/write_output.ts";
import { UsageError } from "../log/errors.ts";
import type { Logger } from "../log/logger.ts";
import type { StageInput } from "../cache/stage.ts";
import { runStage, type StageResult } from "../cache/run_stage.ts";
import type { StatCache } from "../cache/stat_cache.ts";
import { displayAs } from "../notebook/display_as.ts";
import { curatedListCopyName, readCuratedList } from "./curated_list.ts";
import { experimentName } from "./experiment_name.ts";
import { resolveSelection } from "./resolve_selection.ts";
import type { TrainConfig } from "./train_config.ts";
import { getTrainer, type TrainerPrepareContext } from "./trainer.ts";
import { TRAIN_RESULT_FILE, trainStage } from "./train_stage.ts";
import { type TrainLossDetails, trainView } from "./train_view.ts";
import "./builtin_trainers.ts";

/** Options of {@linkcode train}. */
export interface TrainOptions {
  /** The resolved training config (see `loadTrainConfig`). */
  config: TrainConfig;
  /** The curated list (CSV with `utt_id`, or one id per line). */
  curatedList: string;
  /**
   * Replace an experiment's config or list copy that differs (default false: such a rerun
   * under the same name is refused). The stage then reruns because its inputs changed.
   */
  force?: boolean;
  /** Run the trainer even when the stage's cache says nothing changed. */
  rerun?: boolean;
  /** Where stage events go (default: human lines on stderr). */
  logger?: Logger;
  /** Called with every line of the trainer's log (e.g. print to the terminal). */
  echo?: (line: string) => void;
  /** Stat cache for hashing the inputs (default: the per-machine one). */
  statCache?: StatCache;
  /** Cancels the trainer. */
  signal?: AbortSignal;
}

/** What {@linkcode train} did. */
export interface TrainResult {
  /** Experiment name. */
  name: string;
  /** Experiment folder (absolute). */
  expDir: string;
  /** Backend name. */
  backend: string;
  /** `ran`, `skipped` (unchanged, cached) or `failed`. */
  status: StageResult["status"];
  /** The main checkpoint (absolute), or null after a failure. */
  checkpoint: string | null;
  /** Every checkpoint (absolute). */
  checkpoints: string[];
  /** The experiment's training log. */
  logPath: string;
  /** Curated utterances. */
  utterances: number;
  /** Their hours of audio. */
  hours: number;
  /** What failed (status `failed`). */
  error?: unknown;
  /** The stage runner's result. */
  stage: StageResult;
}

/** The loss a backend recorded in `<outDir>/metrics.json` (spectral-gain), or nothing. */
async function recordedLoss(outDir: string): Promise<TrainLossDetails> {
  try {
    const m = JSON.parse(await Deno.readTextFile(join(outDir, "metrics.json")));
    const epochs = Array.isArray(m?.loss_per_epoch) &&
        m.loss_per_epoch.every((x: unknown) => typeof x === "number")
      ? m.loss_per_epoch as number[]
      : undefined;
    return {
      lossPerEpoch: epochs,
      inputLoss: typeof m?.loss_noisy === "number" ? m.loss_noisy : null,
    };
  } catch {
    return {};
  }
}

async function writeOnce(path: string, data: string | Uint8Array, what: string, force: boolean) {
  try {
    await writeOutput(path, data, { force });
  } catch (err) {
    if (err instanceof UsageError) {
      throw new UsageError(
        `Experiment folder "${dirname(path)}" was made with a different ${what}; choose ` +
          "another --exp.name or rerun with --force",
      );
    }
    throw err;
  }
}

/**
 * Train on a curated list (see the module description). Problems with the inputs fail before
 * anything is written, with one sentence; a failing trainer gives status `failed` and an
 * `error` whose message ends with the tail of the log (nothing is thrown for it).
 *
 * @param options See {@linkcode TrainOptions}.
 * @returns The experiment and its checkpoints.
 * @throws {TrainInputError} For an unusable selection (empty, unknown ids, missing files,
 * mismatched sample rates or lengths). {@linkcode UsageError} when the experiment exists with
 * another config or list. `ConfigError` for a config the backend rejects.
 *
 * @example
 * ```ts
 * import { train } from "./train.ts";
 * import { TrainConfigSchema } from "./train_config.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/m.jsonl`, "");
 * await Deno.writeTextFile(`${dir}/k.csv`, "utt_id\n");
 * const config = TrainConfigSchema.parse({
 *   data: { manifest: `${dir}/m.jsonl` }, exp: { root: `${dir}/experiments` },
 *   train: { backend: "spectral-gain" },
 * });
 * const err = await train({ config, curatedList: `${dir}/k.csv` }).catch((e) => e);
 * console.log(err.message.replace(dir, "D")); // Curated list "D/k.csv" selects no utterances
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { config } = options;
  const force = options.force ?? false;
  const list = await readCuratedList(options.curatedList);
  const trainer = getTrainer(config.train.backend);
  const tcfg = trainer.configSchema.parse(config.train);
  const utterances = await resolveSelection({
    list,
    manifest: config.data.manifest,
    inputs: trainer.inputs(tcfg),
  });
  const name = config.exp.name ?? experimentName({
    exp: config.exp,
    seed: config.seed,
    modelTag: trainer.modelTag(tcfg),
    meta: list.meta,
    listPath: list.path,
  });
  const expDir = resolveInside(resolve(config.exp.root), name);
  const ctx: TrainerPrepareContext<unknown> = {
    config: tcfg,
    seed: config.seed,
    expName: name,
    expDir,
    dataDir: join(expDir, "data"),
    listPath: list.path,
    utterances,
  };
  await trainer.check?.(ctx);

  const frozen = { ...config, exp: { ...config.exp, name }, train: tcfg };
  const header = `Resolved config of experiment "${name}" (deno task train); the train section ` +
    `starts from ${config.trainer}`;
  await Deno.mkdir(expDir, { recursive: true });
  await writeOnce(join(expDir, "config.yaml"), dumpConfig(frozen, { header }), "config", force);
  const listName = curatedListCopyName(list);
  await writeOnce(join(expDir, listName), list.bytes, "curated list", force);
  await writeOnce(
    join(expDir, `${listName.replace(/\.[a-z]+$/, "")}.sha256`),
    `${list.sha256}  ${listName}\n`,
    "curated list",
    force,
  );
  if (list.meta !== null && list.metaPath !== null) {
    await writeOutput(join(expDir, "curated_list_meta.json"), await Deno.readFile(list.metaPath), {
      force: true,
    });
  }
  const rates: Record<string, number> = {};
  let seconds = 0;
  for (const u of utterances) {
    rates[u.sampleRate] = (rates[u.sampleRate] ?? 0) + 1;
    seconds += u.frames / u.sampleRate;
  }
  const hours = seconds / 3600;
  await writeOutput(
    join(expDir, "experiment.json"),
    JSON.stringify(
      {
        name,
        backend: trainer.name,
        curated_list: {
          source: resolve(list.path),
          copy: listName,
          format: list.format,
          sha256: list.sha256,
          utterances: utterances.length,
        },
        manifest: resolve(config.data.manifest),
        hours: Math.round(hours * 1e6) / 1e6,
        sample_rates: rates,
      },
      null,
      2,
    ) + "\n",
    { force: true },
  );

  await Deno.remove(ctx.dataDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(ctx.dataDir, { recursive: true });
  const dataFiles = await trainer.prepare(ctx);
  const inputs: StageInput[] = [{
    root: expDir,
    files: [
      "config.yaml",
      listName,
      `${listName.replace(/\.[a-z]+$/, "")}.sha256`,
      ...dataFiles.map((f) => `data/${f}`),
    ],
  }];
  if (config.data.hash_audio) {
    const byDir = new Map<string, Set<string>>();
    for (const u of utterances) {
      for (const p of [u.noisyPath, u.cleanPath]) {
        if (p === null) continue;
        const set = byDir.get(dirname(p)) ?? new Set<string>();
        set.add(p.slice(dirname(p).length + 1));
        byDir.set(dirname(p), set);
      }
    }
    for (const dir of [...byDir.keys()].sort()) {
      inputs.push({ root: dir, files: [...byDir.get(dir)!].sort() });
    }
  }
  const logPath = join(expDir, "logs", "train.log");
  const stage = trainStage({
    trainer,
    ctx,
    inputs,
    logPath,
    echo: options.echo,
    tailLines: (tcfg as { log_tail_lines?: number }).log_tail_lines ?? 20,
  });
  const result = await runStage(stage, {
    root: expDir,
    params: { train: tcfg as Record<string, unknown>, seed: config.seed },
    force: options.rerun ?? false,
    logger: options.logger,
    statCache: options.statCache,
    signal: options.signal,
  });
  let checkpoint: string | null = null;
  let checkpoints: string[] = [];
  let loss: TrainLossDetails = {};
  if (result.status !== "failed") {
    const r = JSON.parse(await Deno.readTextFile(join(result.outDir, TRAIN_RESULT_FILE)));
    checkpoint = join(result.outDir, r.checkpoint);
    checkpoints = (r.checkpoints as string[]).map((c) => join(result.outDir, c));
    loss = await recordedLoss(result.outDir);
  }
  const trained: TrainResult = {
    name,
    expDir,
    backend: trainer.name,
    status: result.status,
    checkpoint,
    checkpoints,
    logPath,
    utterances: utterances.length,
    hours,
    error: result.error,
    stage: result,
  };
  return displayAs(trained, (r) => trainView(r, loss));
}
