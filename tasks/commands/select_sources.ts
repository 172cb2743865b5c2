/**
 * `select-sources`: filter and score a catalog by the rules of configs/select_sources.yaml.
 *
 * @module
 */

import { extname } from "node:path";
import { z } from "zod";
import type { Command } from "../_command.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { loadConfig } from "../../sdk/config/load_config.ts";
import { exists } from "../../sdk/io/exists.ts";
import { writeOutput } from "../../sdk/io/write_output.ts";
import { readCsv } from "../../sdk/table/csv.ts";
import { CATALOG_COLUMNS, type CatalogRow, CatalogRowSchema } from "../../sdk/table/schemas.ts";
import { catalogFormatFor, renderCatalog } from "../../sdk/discover/catalog_format.ts";
import {
  formatSelectionSummary,
  SelectRulesSchema,
  selectSources,
} from "../../sdk/discover/select_sources.ts";

const DEFAULT_CONFIG = "configs/select_sources.yaml";

async function readCatalog(path: string): Promise<CatalogRow[]> {
  if (!(await exists(path))) throw new UsageError(`Catalog "${path}" does not exist`);
  if (extname(path).toLowerCase() === ".json") {
    const parsed = z.array(CatalogRowSchema).safeParse(JSON.parse(await Deno.readTextFile(path)));
    if (!parsed.success) {
      throw new Error(`Catalog "${path}" is not a JSON array of catalog rows`);
    }
    return parsed.data;
  }
  return await readCsv(path, { schema: CatalogRowSchema });
}

/** The `select-sources` subcommand. */
export const selectSourcesCommand: Command = {
  name: "select-sources",
  summary: "Filter and score a catalog by path patterns, duration, channels and sample rate",
  usage: "--catalog FILE [--output FILE] [--config FILE] [--min-duration S] [--max-duration S]",
  description: "Reads a catalog (CSV or JSON from discover), rejects unreadable files, paths " +
    "with a skip pattern and durations outside the bounds, scores the rest (+10 per preferred " +
    "path pattern, bonuses for the preferred channels and sample rate) and writes the kept " +
    "rows with selection_score, best first. Rules come from configs/select_sources.yaml; the " +
    "duration flags override it. A summary goes to standard error.",
  flags: {
    catalog: {
      type: "string",
      description: "Catalog from discover (.csv or .json)",
      value: "FILE",
    },
    output: { type: "string", description: "Selection file (.csv, .json, .md)", value: "FILE" },
    format: { type: "string", description: "csv, json or md (default: by extension)" },
    config: {
      type: "string",
      description: `Selection rules (default ${DEFAULT_CONFIG} when present)`,
      value: "FILE",
    },
    "min-duration": { type: "number", description: "Shortest duration kept, seconds", value: "S" },
    "max-duration": { type: "number", description: "Longest duration kept, seconds", value: "S" },
    force: { type: "boolean", description: "Replace an existing output with different content" },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) {
      throw new UsageError(`Unexpected argument "${args.positionals[0]}"`);
    }
    const catalog = args.flags.catalog as string | undefined;
    if (!catalog) throw new UsageError("Give the catalog with --catalog FILE");
    const output = args.flags.output as string | undefined;
    const format = catalogFormatFor(args.flags.format as string | undefined, output);
    const configPath = args.flags.config as string | undefined;
    const rules: Record<string, unknown> = configPath !== undefined || await exists(DEFAULT_CONFIG)
      ? await loadConfig(configPath ?? DEFAULT_CONFIG, SelectRulesSchema)
      : SelectRulesSchema.parse({});
    const min = args.flags["min-duration"] as number | undefined;
    const max = args.flags["max-duration"] as number | undefined;
    if (min !== undefined) rules.min_duration_sec = min;
    if (max !== undefined) rules.max_duration_sec = max;
    const checked = SelectRulesSchema.safeParse(rules);
    if (!checked.success) {
      throw new UsageError(
        `Duration bounds must satisfy 0 <= min <= max, got min ${rules.min_duration_sec} and ` +
          `max ${rules.max_duration_sec}`,
      );
    }
    const rows = await readCatalog(catalog);
    const { selected, summary } = selectSources(rows, checked.data);
    const text = renderCatalog(selected, [...CATALOG_COLUMNS, "selection_score"], format);
    if (output === undefined || output === "-") {
      await Deno.stdout.write(new TextEncoder().encode(text));
    } else {
      const outcome = await writeOutput(output, text, { force: args.flags.force as boolean });
      if (!ctx.quiet) console.error(`Selection ${outcome}: ${output}`);
    }
    if (!ctx.quiet) console.error(formatSelectionSummary(summary));
    return 0;
  },
};
