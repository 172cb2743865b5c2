/**
 * Benchmark of the table layer against DuckDB doing the same work in the same run.
 *
 * `deno run -A bench/table.ts [--rows N] [--dim D]` (defaults 100000 rows, 64-dim embeddings):
 *  (a) Parquet: write a scores table (utf8, float64, int32, nullable utf8, float32,
 *      list<float32>, a nullable float64 metric) with zstd, then read it back;
 *      ours = rows -> Arrow -> writeParquet and readParquet -> rowsFromTable,
 *      DuckDB = `COPY t TO ... (FORMAT parquet, COMPRESSION zstd)` from an in-memory table and
 *      `CREATE TABLE ... AS SELECT * FROM read_parquet(...)`;
 *  (b) CSV: the scalar columns; ours = writeCsv and readCsv (strings, then with the scores
 *      schema), DuckDB = `COPY t TO ... (FORMAT csv)` and `read_csv(...)`.
 * Each timing is the best of 3 after a warm-up; the ratio is ours / DuckDB (higher = slower).
 * Files go to `tmp/bench-table/`.
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";
import { mulberry32 } from "../sdk/audio/prng.ts";
import { rowsFromTable } from "../sdk/table/arrow.ts";
import { readCsv, writeCsv } from "../sdk/table/csv.ts";
import { readParquet, writeParquet } from "../sdk/table/parquet.ts";
import { scoresArrowSchema } from "../sdk/table/schemas.ts";
import { intArg } from "./_args.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const OUT = `${ROOT}/tmp/bench-table`;

function makeRows(n: number, dim: number): Record<string, unknown>[] {
  const rand = mulberry32(2026);
  const langs = ["en", "de", "fr", null];
  const rows: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const emb = new Array<number>(dim);
    for (let k = 0; k < dim; k++) emb[k] = rand() * 2 - 1;
    rows[i] = {
      utt_id: `utt_${String(i).padStart(7, "0")}`,
      path: `corpus/spk${i % 997}/utt_${i}.flac`,
      duration_sec: 1 + rand() * 15,
      sr: [8000, 16000, 48000][i % 3],
      language: langs[i % 4],
      distortion: i % 5 === 0 ? null : "noise",
      loss_proxy: rand(),
      ssl_embed: emb,
      mos_ovrl: i % 7 === 0 ? null : 1 + rand() * 4,
    };
  }
  return rows;
}

async function best(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  console.log(`  ${label.padEnd(44)} ${min.toFixed(0).padStart(7)} ms`);
  return min;
}

function ratio(what: string, ours: number, ref: number): void {
  console.log(`  => ${what}: ours / DuckDB = ${(ours / ref).toFixed(2)}x`);
}

const nRows = intArg("--rows", 100_000);
const dim = intArg("--dim", 64);
await Deno.mkdir(OUT, { recursive: true });
console.log(`table bench: ${nRows} scores rows, ${dim}-dim ssl_embed, files in ${OUT}`);
const rows = makeRows(nRows, dim);
const spec = scoresArrowSchema(rows);
const meta = { "audiocurate.scorers": '[{"name":"bench","version":"1"}]' };

const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
const q = (p: string) => `'${p.replaceAll("'", "''")}'`;

console.log("(a) Parquet, zstd");
const oursPq = `${OUT}/ours.parquet`;
const duckPq = `${OUT}/duck.parquet`;
const wOurs = await best("ours: rows -> Arrow -> writeParquet", async () => {
  await writeParquet(oursPq, rows, { schema: spec, metadata: meta, overwrite: true });
});
// DuckDB's input: the same data, loaded once (not timed) from our file.
await con.run(`CREATE TABLE scores AS SELECT * FROM read_parquet(${q(oursPq)})`);
const wDuck = await best("DuckDB: COPY scores TO parquet", async () => {
  await con.run(`COPY scores TO ${q(duckPq)} (FORMAT parquet, COMPRESSION zstd)`);
});
ratio("Parquet write", wOurs, wDuck);
let back: Record<string, unknown>[] = [];
const rOurs = await best("ours: readParquet -> rowsFromTable", async () => {
  back = rowsFromTable(await readParquet(oursPq));
});
const rOursArrow = await best("ours: readParquet (Arrow table only)", async () => {
  await readParquet(oursPq);
});
const rDuck = await best("DuckDB: CREATE TABLE AS read_parquet", async () => {
  await con.run(`CREATE OR REPLACE TABLE back AS SELECT * FROM read_parquet(${q(oursPq)})`);
});
ratio("Parquet read to rows", rOurs, rDuck);
ratio("Parquet read to Arrow", rOursArrow, rDuck);
if (back.length !== nRows || back[nRows - 1].utt_id !== rows[nRows - 1].utt_id) {
  throw new Error("Parquet read-back does not match what was written");
}
const sizes = [Deno.statSync(oursPq).size, Deno.statSync(duckPq).size];
console.log(
  `  file sizes: ours ${(sizes[0] / 2 ** 20).toFixed(1)} MiB, DuckDB ${
    (sizes[1] / 2 ** 20).toFixed(1)
  } MiB`,
);

console.log("(b) CSV, scalar columns");
const csvCols = Object.keys(spec).filter((c) => c !== "ssl_embed");
const oursCsv = `${OUT}/ours.csv`;
const duckCsv = `${OUT}/duck.csv`;
const cwOurs = await best("ours: writeCsv", async () => {
  await writeCsv(oursCsv, rows, { columns: csvCols, overwrite: true });
});
const cwDuck = await best("DuckDB: COPY TO csv", async () => {
  await con.run(
    `COPY (SELECT ${csvCols.join(", ")} FROM scores) TO ${q(duckCsv)} (FORMAT csv, HEADER)`,
  );
});
ratio("CSV write", cwOurs, cwDuck);
const csvSchema = z.object({
  utt_id: z.string(),
  path: z.string(),
  duration_sec: z.number(),
  sr: z.int(),
  language: z.string().nullable(),
  distortion: z.string().nullable(),
  loss_proxy: z.number(),
  mos_ovrl: z.number().nullable(),
});
const crOurs = await best("ours: readCsv (strings)", () => readCsv(oursCsv));
const crOursTyped = await best(
  "ours: readCsv with a zod row schema",
  () => readCsv(oursCsv, { schema: csvSchema }),
);
const crDuck = await best("DuckDB: CREATE TABLE AS read_csv", async () => {
  await con.run(`CREATE OR REPLACE TABLE c AS SELECT * FROM read_csv(${q(oursCsv)})`);
});
ratio("CSV read (strings)", crOurs, crDuck);
ratio("CSV read (typed)", crOursTyped, crDuck);

con.closeSync();
db.closeSync();
