/**
 * Stage `summary_report`: a Markdown report over `audio_summary.csv` (files, hours, formats,
 * loudness spread, errors).
 *
 * @module
 */

import { z } from "zod";
import { join } from "node:path";
import { defineStage } from "../../sdk/cache/stage.ts";
import { readCsv } from "../../sdk/table/csv.ts";
import { audioSummaryStage } from "./audio_summary.ts";

/** Parameters of the stage (the `summary_report` key of the pipeline params). */
export const SummaryReportParams = z.object({
  summary_report: z.object({
    title: z.string().default("Audio summary"),
    /** Files quieter than this integrated loudness are listed as too quiet. */
    quiet_lufs: z.number().default(-30),
  }).prefault({}),
});

/** The `summary_report` stage. */
export const summaryReportStage = defineStage({
  name: "summary_report",
  codeVersion: "1",
  params: SummaryReportParams,
  inputs: (
    { root },
  ) => [{ root: audioSummaryStage.outputDir({ root }), files: ["audio_summary.csv"] }],
  run: async ({ params, inputs, outDir }) => {
    const p = params.summary_report;
    const rows = await readCsv(join(inputs[0].root, "audio_summary.csv"));
    const ok = rows.filter((r) => !r.error);
    const seconds = ok.reduce((s, r) => s + Number(r.duration_sec), 0);
    const formats = new Map<string, number>();
    for (const r of ok) formats.set(String(r.format), (formats.get(String(r.format)) ?? 0) + 1);
    const lufs = ok.map((r) => Number(r.integrated_lufs)).filter(Number.isFinite).sort((a, b) =>
      a - b
    );
    const quiet = ok.filter((r) => Number(r.integrated_lufs) < p.quiet_lufs);
    const lines = [
      `# ${p.title}`,
      "",
      `- files: ${rows.length} (${rows.length - ok.length} unreadable)`,
      `- total duration: ${seconds.toFixed(1)} s (${(seconds / 3600).toFixed(4)} h)`,
      `- formats: ${[...formats].sort().map(([f, n]) => `${f} ${n}`).join(", ")}`,
      lufs.length > 0
        ? `- integrated loudness: ${lufs[0]} to ${lufs[lufs.length - 1]} LUFS`
        : "- integrated loudness: none measurable",
      `- quieter than ${p.quiet_lufs} LUFS: ${quiet.map((r) => r.rel_path).join(", ") || "none"}`,
      ...rows.filter((r) => r.error).map((r) => `- error: ${r.error}`),
      "",
    ];
    await Deno.writeTextFile(join(outDir, "report.md"), lines.join("\n"));
  },
});
