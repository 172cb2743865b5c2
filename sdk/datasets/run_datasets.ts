/**
 * The dataset stages behind `deno task datasets`: download, prepare, manifest, verify (and
 * `all`, in that order) for one dataset config, routed and filtered by `configs/data.yaml`.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { UsageError } from "../log/errors.ts";
import { displayAs } from "../notebook/display_as.ts";
import type { DataConfig } from "./data_config.ts";
import { routeSource } from "./data_config.ts";
import type { LoadedDatasetConfig } from "./dataset_config.ts";
import { applyDataFilters } from "./filters.ts";
import { writeUtteranceManifest } from "./manifest.ts";
import { type DatasetContext, DatasetError } from "./registry.ts";
import { runDatasetsView } from "./run_datasets_view.ts";
import type { SplitName } from "./splits.ts";
import {
  formatVerifySummary,
  verifyManifest,
  type VerifyReport,
  type VerifySummary,
} from "./verify.ts";

/** The stages, in the order `all` runs them. */
export const DATASET_STAGES: readonly ["download", "prepare", "manifest", "verify"] = Object.freeze(
  ["download", "prepare", "manifest", "verify"] as const,
);

/** One stage. */
export type DatasetStage = (typeof DATASET_STAGES)[number];

/**
 * Read a `--stage` value.
 *
 * @param value `download`, `prepare`, `verify`, `manifest` or `all`.
 * @returns The stages to run, in order.
 * @throws {UsageError} For anything else.
 *
 * @example
 * ```ts
 * import { parseStageArg } from "./run_datasets.ts";
 * console.log(parseStageArg("all"), parseStageArg("verify")); // [ "download", "prepare", "manifest", "verify" ] [ "verify" ]
 * ```
 */
export function parseStageArg(value: string): DatasetStage[] {
  if (value === "all") return [...DATASET_STAGES];
  if ((DATASET_STAGES as readonly string[]).includes(value)) return [value as DatasetStage];
  throw new UsageError(
    `Unknown stage "${value}"; expected download, prepare, verify, manifest or all`,
  );
}

/** Options of {@linkcode runDatasets}. */
export interface RunDatasetsOptions {
  /** The loaded dataset config. */
  dataset: LoadedDatasetConfig;
  /** `configs/data.yaml`. */
  data: DataConfig;
  /** Stages to run, in order. */
  stages: readonly DatasetStage[];
  /** Target splits. */
  splits: readonly SplitName[];
  /** Manifest folder; default the config's `manifest_dir`, else `<root>/manifests`. */
  out?: string;
  /** Redo existing work and replace manifests with other content. */
  force?: boolean;
  /** Information lines (standard error in the CLI). */
  log?: (line: string) => void;
  /** Each verify report as it is made. */
  onVerifyReport?: (report: VerifyReport) => void;
}

/** What the manifest stage wrote for one split. */
export interface ManifestOutcome {
  /** Target split. */
  split: SplitName;
  /** The dataset split it was taken from. */
  source: SplitName;
  /** The manifest file. */
  path: string;
  /** Rows written. */
  rows: number;
  /** Hours written. */
  hours: number;
  /** created, unchanged or replaced. */
  outcome: string;
  /** Rows dropped by the filters. */
  dropped: Record<string, number>;
  /** Entries the adapter skipped. */
  skipped: number;
}

/** What the verify stage found for one split. */
export interface VerifyOutcome {
  /** Target split. */
  split: SplitName;
  /** The manifest checked. */
  path: string;
  /** Counts. */
  summary: VerifySummary;
}

/** What {@linkcode runDatasets} did. */
export interface RunDatasetsResult {
  /** The manifest folder. */
  manifestDir: string;
  /** Manifests written. */
  manifests: ManifestOutcome[];
  /** Verify results. */
  verified: VerifyOutcome[];
  /** True when every verified file was fine. */
  ok: boolean;
}

/**
 * The manifest folder of a dataset: `out`, else the config's `manifest_dir`, else
 * `<root>/manifests`.
 *
 * @param dataset The loaded config.
 * @param out An explicit folder (`--out`).
 * @returns An absolute folder.
 *
 * @example
 * ```ts
 * import { manifestDirOf } from "./run_datasets.ts";
 * const dataset = { config: { manifest_dir: null }, root: "/data/x" };
 * console.log(manifestDirOf(dataset as never)); // /data/x/manifests
 * ```
 */
export function manifestDirOf(dataset: LoadedDatasetConfig, out?: string): string {
  if (out !== undefined) return resolve(out);
  if (dataset.config.manifest_dir !== null) return resolve(dataset.config.manifest_dir);
  return join(dataset.root, "manifests");
}

/**
 * Run dataset stages. Download and prepare call the adapter; manifest writes
 * `<dir>/<split>.jsonl` for each target split the routing feeds from this dataset (filters
 * applied, rows sorted by id, paths stored per `path_mode`); verify checks every file of those
 * manifests and goes on past bad files.
 *
 * @param options Dataset, data config, stages, splits, folder, force, log.
 * @returns Manifests written, verify results, and whether every file was fine.
 * @throws {DatasetError} When a stage cannot run (data absent, simulation missing).
 *
 * @example
 * ```ts
 * import { registerBuiltinDatasets } from "./builtin_datasets.ts";
 * import { DataConfigSchema } from "./data_config.ts";
 * import { resolveDatasetConfig } from "./dataset_config.ts";
 * import { runDatasets } from "./run_datasets.ts";
 * import { encodeWav } from "../audio/wav_writer.ts";
 * registerBuiltinDatasets();
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/en`);
 * await Deno.writeFile(`${dir}/en/a.wav`, encodeWav({ sampleRate: 8000, channels: [new Float32Array(800)] }));
 * const dataset = resolveDatasetConfig({ name: "f", adapter: "folder", root: dir, options: { labels: { language: 0 } } });
 * const res = await runDatasets({
 *   dataset, data: DataConfigSchema.parse({}), stages: ["manifest", "verify"], splits: ["train"], log: () => {},
 * });
 * console.log(res.manifests[0].rows, res.verified[0].summary.ok, res.ok); // 1 1 true
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runDatasets(options: RunDatasetsOptions): Promise<RunDatasetsResult> {
  const { dataset, data } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const force = options.force ?? false;
  const ctx: DatasetContext<unknown> = {
    config: dataset.config,
    options: dataset.options,
    root: dataset.root,
    force,
    log,
  };
  const name = dataset.config.name;
  const manifestDir = manifestDirOf(dataset, options.out);
  const result: RunDatasetsResult = { manifestDir, manifests: [], verified: [], ok: true };
  for (const stage of options.stages) {
    if (stage === "download") await dataset.adapter.download(ctx);
    else if (stage === "prepare") await dataset.adapter.prepare(ctx);
    else if (stage === "manifest") {
      const available = dataset.adapter.splits(ctx);
      for (const split of options.splits) {
        const source = routeSource(data.routing, name, split);
        if (source === null) {
          log(`${name}: not routed to ${split} in the data config; no ${split} manifest`);
          continue;
        }
        if (!available.includes(source)) {
          log(`${name}: has no ${source} split; no ${split} manifest`);
          continue;
        }
        const { rows, skipped } = await dataset.adapter.rows(ctx, source);
        for (const s of skipped) log(`${name}: skipped ${s.path}: ${s.reason}`);
        const targeted = rows
          .map((r) => ({ ...r, split }))
          .sort((a, b) => (a.utt_id < b.utt_id ? -1 : a.utt_id > b.utt_id ? 1 : 0));
        const filtered = applyDataFilters(targeted, data.filters, data.seed);
        const path = join(manifestDir, `${split}.jsonl`);
        const outcome = await writeUtteranceManifest(path, filtered.rows, {
          pathMode: dataset.config.path_mode,
          root: dataset.root,
          overwrite: force,
        });
        const hours = filtered.rows.reduce((s, r) => s + r.duration_sec, 0) / 3600;
        result.manifests.push({
          split,
          source,
          path,
          rows: filtered.rows.length,
          hours,
          outcome,
          dropped: filtered.dropped,
          skipped: skipped.length,
        });
        const drops = Object.entries(filtered.dropped).filter(([, n]) => n > 0)
          .map(([k, n]) => `${n} by ${k}`).join(", ");
        log(
          `${name}: ${split} manifest ${outcome}: ${path} (${filtered.rows.length} rows, ` +
            `${hours.toFixed(3)} h${drops ? `; dropped ${drops}` : ""}` +
            `${skipped.length > 0 ? `; ${skipped.length} skipped` : ""})`,
        );
      }
    } else {
      for (const split of options.splits) {
        if (routeSource(data.routing, name, split) === null) continue;
        const path = join(manifestDir, `${split}.jsonl`);
        try {
          await Deno.stat(path);
        } catch {
          if (!dataset.adapter.splits(ctx).includes(routeSource(data.routing, name, split)!)) {
            continue;
          }
          throw new DatasetError(
            `The ${split} manifest "${path}" does not exist; run --stage manifest first`,
          );
        }
        const { summary } = await verifyManifest(path, { onReport: options.onVerifyReport });
        result.verified.push({ split, path, summary });
        if (summary.ok !== summary.files) result.ok = false;
        log(`${name}: verify ${split}: ${formatVerifySummary(summary)}`);
      }
    }
  }
  return displayAs(result, runDatasetsView);
}
