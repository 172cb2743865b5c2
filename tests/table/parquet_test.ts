import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import { rowsFromTable, tableFromRows } from "../../sdk/table/arrow.ts";
import { TableDataError, TableFileError } from "../../sdk/table/errors.ts";
import {
  decodeParquet,
  encodeParquet,
  PARQUET_COMPRESSIONS,
  readParquet,
  readParquetMetadata,
  writeParquet,
} from "../../sdk/table/parquet.ts";
import { scoresArrowSchema } from "../../sdk/table/schemas.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

type DuckDb = typeof import("@duckdb/node-api");
let duck: DuckDb | undefined;
let duckProblem = "";
try {
  duck = await import("@duckdb/node-api");
  (await duck.DuckDBInstance.create(":memory:")).closeSync();
} catch (err) {
  duck = undefined;
  duckProblem = (err as Error).message;
}
if (!duck) console.log(`DuckDB tests skipped: ${duckProblem}`);

/** Run SQL in a fresh in-memory DuckDB and return rows (JSON-friendly) and column types. */
async function duckQuery(
  sql: string,
): Promise<{ rows: Record<string, unknown>[]; types: string[] }> {
  const db = await duck!.DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    const reader = await con.runAndReadAll(sql);
    return {
      rows: reader.getRowObjectsJson() as Record<string, unknown>[],
      types: reader.columnTypes().map((t) => t.toString()),
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const sqlPath = (p: string) => `'${p.replaceAll("'", "''")}'`;

const SCORES = [
  {
    utt_id: "u1",
    path: "wav/u1.wav",
    duration_sec: 1.5,
    sr: 16000,
    language: "en",
    distortion: null,
    loss_proxy: 0.25,
    ssl_embed: [0.5, -1, 1 / 3],
    mos_ovrl: 3.25,
  },
  {
    utt_id: "u2 ü",
    path: 'wav/u2,"x".wav',
    duration_sec: 0.1 + 0.2,
    sr: 8000,
    language: null,
    distortion: "reverb",
    loss_proxy: 1 / 3,
    ssl_embed: [],
    mos_ovrl: null,
  },
  {
    utt_id: "u3",
    path: "wav/u3.wav",
    duration_sec: 1e-9,
    sr: 48000,
    language: "de",
    distortion: "noise",
    loss_proxy: -2,
    ssl_embed: new Float32Array([1e-7, 2.5]),
    mos_ovrl: 1,
  },
];

const META = {
  "audiocurate.scorers": JSON.stringify([{ name: "signal", version: "1.0.0" }]),
  "audiocurate.params": '{"frame_ms":25}',
};

async function writeScores(dir: string): Promise<string> {
  const path = `${dir}/scores.parquet`;
  const spec = scoresArrowSchema(SCORES);
  assert.equal(await writeParquet(path, SCORES, { schema: spec, metadata: META }), "created");
  return path;
}

Deno.test("readParquet reads back a scores table with its types, nulls and metadata", async () => {
  const dir = await tempDir();
  const path = await writeScores(dir);
  const table = await readParquet(path);
  assert.deepEqual(
    table.schema.fields.map((f) => `${f.name}:${f.type}${f.nullable ? "?" : ""}`),
    [
      "utt_id:Utf8",
      "path:Utf8",
      "duration_sec:Float64",
      "sr:Int32",
      "language:Utf8?",
      "distortion:Utf8?",
      "loss_proxy:Float32",
      "ssl_embed:List<Float32>",
      "mos_ovrl:Float64?",
    ],
  );
  assert.deepEqual(Object.fromEntries(table.schema.metadata), META);
  const rows = rowsFromTable(table);
  assert.deepEqual(
    rows,
    SCORES.map((r) => ({
      ...r,
      loss_proxy: Math.fround(r.loss_proxy),
      ssl_embed: Array.from(r.ssl_embed, Math.fround),
    })),
  );
  const info = await readParquetMetadata(path);
  assert.equal(info.numRows, 3);
  assert.equal(info.numRowGroups, 1);
  assert.deepEqual(info.metadata, META);
  assert.match(info.createdBy ?? "", /parquet-rs/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test({
  name: "writeParquet scores files are read by DuckDB with the declared types and values",
  ignore: !duck,
  async fn() {
    const dir = await tempDir();
    const path = await writeScores(dir);
    const described = await duckQuery(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(path)})`);
    assert.deepEqual(
      described.rows.map((r) => [r.column_name, r.column_type]),
      [
        ["utt_id", "VARCHAR"],
        ["path", "VARCHAR"],
        ["duration_sec", "DOUBLE"],
        ["sr", "INTEGER"],
        ["language", "VARCHAR"],
        ["distortion", "VARCHAR"],
        ["loss_proxy", "FLOAT"],
        ["ssl_embed", "FLOAT[]"],
        ["mos_ovrl", "DOUBLE"],
      ],
    );
    const data = await duckQuery(
      `SELECT utt_id, path, duration_sec, sr, language, distortion, loss_proxy, ssl_embed,
         mos_ovrl, len(ssl_embed) AS n_embed
       FROM read_parquet(${sqlPath(path)}) ORDER BY utt_id`,
    );
    assert.deepEqual(data.types, [
      "VARCHAR",
      "VARCHAR",
      "DOUBLE",
      "INTEGER",
      "VARCHAR",
      "VARCHAR",
      "FLOAT",
      "FLOAT[]",
      "DOUBLE",
      "BIGINT",
    ]);
    assert.deepEqual(data.rows.map((r) => r.utt_id), ["u1", "u2 ü", "u3"]);
    assert.deepEqual(data.rows.map((r) => r.path), SCORES.map((r) => r.path));
    assert.deepEqual(data.rows.map((r) => r.duration_sec), SCORES.map((r) => r.duration_sec));
    assert.deepEqual(data.rows.map((r) => r.sr), [16000, 8000, 48000]);
    assert.deepEqual(data.rows.map((r) => r.language), ["en", null, "de"]);
    assert.deepEqual(data.rows.map((r) => r.distortion), [null, "reverb", "noise"]);
    assert.deepEqual(
      data.rows.map((r) => r.loss_proxy),
      SCORES.map((r) => Math.fround(r.loss_proxy)),
    );
    assert.deepEqual(
      data.rows.map((r) => r.ssl_embed),
      SCORES.map((r) => Array.from(r.ssl_embed, Math.fround)),
    );
    assert.deepEqual(data.rows.map((r) => r.n_embed), ["3", "0", "2"]);
    assert.deepEqual(data.rows.map((r) => r.mos_ovrl), [3.25, null, 1]);
    const nulls = await duckQuery(
      `SELECT count(*) FILTER (language IS NULL) AS l, count(*) FILTER (mos_ovrl IS NULL) AS m
       FROM read_parquet(${sqlPath(path)})`,
    );
    assert.deepEqual(nulls.rows, [{ l: "1", m: "1" }]);
    const kv = await duckQuery(
      `SELECT decode(key) AS key, decode(value) AS value
       FROM parquet_kv_metadata(${sqlPath(path)}) WHERE decode(key) <> 'ARROW:schema' ORDER BY 1`,
    );
    assert.deepEqual(kv.rows, Object.entries(META).sort().map(([key, value]) => ({ key, value })));
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "readParquet reads files DuckDB writes, with every codec it offers",
  ignore: !duck,
  async fn() {
    const dir = await tempDir();
    for (const codec of ["zstd", "snappy", "gzip", "uncompressed"]) {
      const path = `${dir}/duck_${codec}.parquet`;
      await duckQuery(
        `COPY (SELECT 'u' || i::VARCHAR AS utt_id, i::INTEGER AS sr, i / 4 AS x,
           CASE WHEN i % 2 = 0 THEN NULL ELSE 'en' END AS lang,
           [i::FLOAT, 0.5::FLOAT] AS emb
         FROM range(5) t(i)) TO ${sqlPath(path)} (FORMAT parquet, COMPRESSION ${codec},
         KV_METADATA {scorer: 'duck'})`,
      );
      const table = await readParquet(path);
      assert.equal(table.schema.metadata.get("scorer"), "duck", codec);
      const rows = rowsFromTable(table);
      assert.deepEqual(rows[1], { utt_id: "u1", sr: 1, x: 0.25, lang: "en", emb: [1, 0.5] });
      assert.equal(rows[4].lang, null);
    }
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "encodeParquet output with every codec is read back by us and by DuckDB",
  ignore: !duck,
  async fn() {
    const dir = await tempDir();
    const table = tableFromRows(SCORES, { schema: scoresArrowSchema(SCORES) });
    for (const compression of PARQUET_COMPRESSIONS) {
      const path = `${dir}/${compression}.parquet`;
      await writeParquet(path, table, { compression });
      assert.deepEqual(rowsFromTable(await readParquet(path)), rowsFromTable(table), compression);
      const r = await duckQuery(
        `SELECT sum(sr)::INTEGER AS s, sum(len(ssl_embed))::INTEGER AS n
         FROM read_parquet(${sqlPath(path)})`,
      );
      assert.deepEqual(r.rows, [{ s: 72000, n: 5 }], compression);
    }
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("encodeParquet gives the same bytes for the same input, many metadata keys included", async () => {
  const meta: Record<string, string> = {};
  for (let i = 19; i >= 0; i--) meta[`key_${String(i).padStart(2, "0")}`] = "v".repeat(i * 40);
  const make = () => tableFromRows(SCORES, { schema: scoresArrowSchema(SCORES) });
  const first = await encodeParquet(make(), { metadata: meta });
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(await encodeParquet(make(), { metadata: meta }), first);
  }
  const back = await decodeParquet(first);
  assert.deepEqual(Object.fromEntries(back.schema.metadata), meta);
  assert.deepEqual([...back.schema.metadata.keys()], Object.keys(meta).sort());
  assert.equal(back.numRows, 3);
});

Deno.test("encodeParquet merges options.metadata over the table's schema metadata", async () => {
  const t = tableFromRows([{ a: 1 }], {
    schema: { a: "int32" },
    metadata: { a: "old", b: "kept" },
  });
  const back = await decodeParquet(await encodeParquet(t, { metadata: { a: "new" } }));
  assert.deepEqual(Object.fromEntries(back.schema.metadata), { a: "new", b: "kept" });
});

Deno.test("readParquet reads only the requested columns, in the requested order", async () => {
  const dir = await tempDir();
  const path = await writeScores(dir);
  const t = await readParquet(path, { columns: ["sr", "utt_id"] });
  assert.deepEqual(t.schema.fields.map((f) => f.name), ["sr", "utt_id"]);
  assert.deepEqual(rowsFromTable(t), SCORES.map((r) => ({ sr: r.sr, utt_id: r.utt_id })));
  assert.deepEqual(Object.fromEntries(t.schema.metadata), META);
  await assert.rejects(
    () => readParquet(path, { columns: ["nope"] }),
    /Cannot read table ".*scores\.parquet": there is no column "nope"/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeParquet refuses to replace a different file and needs a schema for rows", async () => {
  const dir = await tempDir();
  const path = await writeScores(dir);
  const spec = scoresArrowSchema(SCORES);
  assert.equal(await writeParquet(path, SCORES, { schema: spec, metadata: META }), "unchanged");
  await assert.rejects(() => writeParquet(path, SCORES, { schema: spec }), UsageError);
  assert.equal(
    await writeParquet(path, SCORES, { schema: spec, overwrite: true }),
    "replaced",
  );
  assert.deepEqual((await readParquetMetadata(path)).metadata, {});
  await assert.rejects(() => writeParquet(`${dir}/x.parquet`, SCORES), TableDataError);
  await assert.rejects(
    () => writeParquet(`${dir}/x.parquet`, SCORES, { schema: spec, compression: "lzo" as "zstd" }),
    /Invalid option "compression" of writeParquet/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readParquet and readParquetMetadata name a missing or non-Parquet file", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/fake.parquet`, "a,b\n1,2\n");
  for (const read of [readParquet, readParquetMetadata]) {
    await assert.rejects(() => read(`${dir}/fake.parquet`), (err: unknown) => {
      assert.ok(err instanceof TableFileError);
      assert.match(
        err.message,
        /^Cannot read table ".*fake\.parquet": not a readable Parquet file/,
      );
      return true;
    });
    await assert.rejects(
      () => read(`${dir}/none.parquet`),
      /^TableFileError: Cannot read table ".*none\.parquet": the file does not exist$/,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("decodeParquet handles an empty table and a table of many row groups", async () => {
  const empty = tableFromRows([], { schema: { a: "utf8", e: "list<float32>" } });
  const back = await decodeParquet(await encodeParquet(empty));
  assert.equal(back.numRows, 0);
  assert.deepEqual(back.schema.fields.map((f) => String(f.type)), ["Utf8", "List<Float32>"]);
  const n = 2500;
  const rows = Array.from({ length: n }, (_, i) => ({ i, e: [i, i + 0.5] }));
  const t = tableFromRows(rows, { schema: { i: "int32", e: "list<float32>" } });
  const bytes = await encodeParquet(t, { rowGroupSize: 1000 });
  const many = await decodeParquet(bytes);
  assert.deepEqual(rowsFromTable(many), rows);
  const dir = await tempDir();
  await Deno.writeFile(`${dir}/g.parquet`, bytes);
  assert.equal((await readParquetMetadata(`${dir}/g.parquet`)).numRowGroups, 3);
  await Deno.remove(dir, { recursive: true });
  assert.ok(many instanceof arrow.Table);
});
