/**
 * Chunk plans on disk and on the terminal: CSV (RFC 4180) and JSON files, a summary table.
 *
 * @module
 */

import { type WriteOutcome, writeOutput } from "../io/write_output.ts";
import { UsageError } from "../log/errors.ts";
import { stringifyCsv } from "../table/csv.ts";
import { CHUNK_PLAN_COLUMNS } from "../table/schemas.ts";
import { type ChunkPlan, ChunkPlanFileSchema } from "./chunk_plan.ts";
import { resolveChunkParams } from "./chunk_params.ts";
import { ChunkLayoutSchema } from "./chunk_layout.ts";
import { displayAs } from "../notebook/display_as.ts";
import { chunkPlanView } from "./chunk_plan_view.ts";

/** Columns of a plan CSV: the chunk plan table's. */
export const CHUNK_PLAN_CSV_COLUMNS: readonly string[] = CHUNK_PLAN_COLUMNS;

/**
 * The plan as CSV text, one row per recording.
 *
 * @param plan The plan.
 * @returns CSV with a header line.
 *
 * @example
 * ```ts
 * import { planToCsv } from "./plan_io.ts";
 * import { chunkPlan } from "./chunk_plan.ts";
 * import { writeWav } from "../audio/wav_writer.ts";
 * const ds = await Deno.makeTempDir();
 * await writeWav(`${ds}/audio/a, b.wav`, { sampleRate: 100, channels: [new Float32Array(300)] });
 * console.log((planToCsv(await chunkPlan(ds))).split("\n")[1].slice(0, 23)); // "a, b","audio/a, b.wav"
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export function planToCsv(plan: ChunkPlan): string {
  return stringifyCsv(plan.rows as unknown as Record<string, unknown>[], {
    columns: CHUNK_PLAN_CSV_COLUMNS,
  });
}

/**
 * The plan as JSON text (what `chunk run --plan` reads).
 *
 * @param plan The plan.
 * @returns Pretty JSON with a final newline.
 *
 * @example
 * ```ts
 * import { planToJson } from "./plan_io.ts";
 * import { chunkPlan } from "./chunk_plan.ts";
 * const ds = await Deno.makeTempDir();
 * await Deno.mkdir(`${ds}/audio`);
 * console.log(JSON.parse(planToJson(await chunkPlan(ds))).rows.length); // 0
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export function planToJson(plan: ChunkPlan): string {
  return JSON.stringify(plan, null, 2) + "\n";
}

/**
 * Write the plan as CSV or JSON (by the file's extension: `.json` is JSON, anything else CSV),
 * atomically, refusing to replace a different file unless `force`.
 *
 * @param path Target file.
 * @param plan The plan.
 * @param options `force` replaces a different existing file.
 * @returns What happened to the file.
 *
 * @example
 * ```ts
 * import { writePlan } from "./plan_io.ts";
 * import { chunkPlan } from "./chunk_plan.ts";
 * const ds = await Deno.makeTempDir();
 * await Deno.mkdir(`${ds}/audio`);
 * console.log(await writePlan(`${ds}/plan.json`, await chunkPlan(ds))); // created
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export async function writePlan(
  path: string,
  plan: ChunkPlan,
  options: { force?: boolean } = {},
): Promise<WriteOutcome> {
  const text = path.toLowerCase().endsWith(".json") ? planToJson(plan) : planToCsv(plan);
  return await writeOutput(path, text, options);
}

/**
 * Read a plan JSON file written by {@linkcode writePlan}.
 *
 * @param path The plan file.
 * @returns The plan.
 * @throws {UsageError} When the file is missing or not a plan, naming it.
 *
 * @example
 * ```ts
 * import { readPlan } from "./plan_io.ts";
 * const err = await readPlan("/nonexistent/plan.json").catch((e) => e);
 * console.log(err.message); // Plan "/nonexistent/plan.json" cannot be read: it does not exist
 * ```
 */
export async function readPlan(path: string): Promise<ChunkPlan> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "it does not exist" : (err as Error).message;
    throw new UsageError(`Plan "${path}" cannot be read: ${why}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`Plan "${path}" is not JSON (write it with --plan-json FILE.json)`);
  }
  const parsed = ChunkPlanFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `Plan "${path}" is not a chunk plan: ${issue.path.join(".") || "file"}: ${issue.message}`,
    );
  }
  const plan = data as ChunkPlan;
  plan.params = resolveChunkParams(plan.params);
  plan.layout = ChunkLayoutSchema.parse(plan.layout);
  return displayAs(plan, chunkPlanView);
}

function fmtDuration(sec: number): string {
  if (sec >= 3600) return `${(sec / 3600).toFixed(2)} h`;
  if (sec >= 60) return `${(sec / 60).toFixed(1)} min`;
  return `${sec.toFixed(1)} s`;
}

/**
 * A terminal table of the plan (recording, rate, channels, duration, chunks, status) and a
 * closing summary line; errors are listed with their reasons.
 *
 * @param plan The plan.
 * @param options `maxRows` rows shown before eliding (default 40).
 * @returns Text lines.
 *
 * @example
 * ```ts
 * import { formatChunkPlan } from "./plan_io.ts";
 * import { chunkPlan } from "./chunk_plan.ts";
 * const ds = await Deno.makeTempDir();
 * await Deno.mkdir(`${ds}/audio`);
 * console.log(formatChunkPlan(await chunkPlan(ds)).split("\n").at(-1));
 * // Plan: 0 recordings found, 0 planned (0 chunks, 0.00 h), 0 skipped as completed, 0 errors
 * await Deno.remove(ds, { recursive: true });
 * ```
 */
export function formatChunkPlan(plan: ChunkPlan, options: { maxRows?: number } = {}): string {
  const maxRows = options.maxRows ?? 40;
  const header = ["recording_id", "rate", "ch", "duration", "chunks", "status"];
  const body = plan.rows.slice(0, maxRows).map((r) => [
    r.recording_id,
    r.sample_rate === null ? "-" : String(r.sample_rate),
    r.channels === null ? "-" : String(r.channels),
    r.frames === null || r.sample_rate === null ? "-" : fmtDuration(r.frames / r.sample_rate),
    String(r.n_chunks),
    r.status,
  ]);
  const lines: string[] = [];
  if (body.length > 0) {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const fmt = (cells: string[]) =>
      cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join("  ").trimEnd();
    lines.push(fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...body.map(fmt));
    if (plan.rows.length > maxRows) lines.push(`... ${plan.rows.length - maxRows} more`);
  }
  for (const r of plan.rows) if (r.error) lines.push(`error: ${r.error}`);
  const s = plan.summary;
  lines.push(
    `Plan: ${s.found} recordings found, ${s.planned} planned (${s.chunks} chunks, ` +
      `${s.hours.toFixed(2)} h), ${s.skipped} skipped as completed, ${s.errors} errors` +
      (s.limited > 0 ? `, ${s.limited} left out by --limit` : ""),
  );
  return lines.join("\n");
}
