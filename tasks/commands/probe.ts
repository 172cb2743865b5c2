/**
 * `probe`: header-only metadata of audio files, as a table or JSON lines.
 *
 * @module
 */

import type { Command } from "../_command.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { probe } from "../../sdk/audio/probe.ts";
import type { AudioInfo } from "../../sdk/audio/types.ts";
import { errorSentence } from "../../sdk/log/errors.ts";
import { progress } from "../../sdk/log/progress.ts";

function row(info: AudioInfo): string[] {
  return [
    info.path,
    info.format,
    info.codec,
    String(info.sampleRate),
    String(info.channels),
    String(info.bitsPerSample),
    String(info.frames),
    info.durationSec.toFixed(3),
    info.flags.join(","),
  ];
}

/** The `probe` subcommand. */
export const probeCommand: Command = {
  name: "probe",
  summary: "Print header-only metadata of audio files (wav, rf64, aiff, flac, mp3)",
  usage: "FILE... [--json]",
  description: "Reads only headers (never the audio payload of WAV/AIFF/FLAC). A file that " +
    "cannot be read is reported in one sentence and the rest go on; the exit code is 1 if any " +
    "file failed.",
  flags: {
    json: { type: "boolean", description: "One JSON object per file instead of a table" },
  },
  async run(args, ctx) {
    if (args.positionals.length === 0) throw new UsageError("Give at least one audio file");
    let failed = 0;
    const rows: string[][] = [];
    // Progress goes to stderr, only for batches long enough to need it.
    const bar = progress({
      total: args.positionals.length,
      label: "probe",
      quiet: ctx.quiet || args.positionals.length < 1000,
    });
    for (const path of args.positionals) {
      bar.tick();
      try {
        const info = await probe(path);
        if (args.flags.json) console.log(JSON.stringify(info));
        else rows.push(row(info));
      } catch (err) {
        failed++;
        console.error(errorSentence(err));
      }
    }
    bar.done();
    if (!args.flags.json && rows.length > 0) {
      const head = ["path", "format", "codec", "rate", "ch", "bits", "frames", "seconds", "flags"];
      const all = [head, ...rows];
      const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
      for (const r of all) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
    }
    return failed > 0 ? 1 : 0;
  },
};
