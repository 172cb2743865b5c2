import assert from "node:assert/strict";
import * as arrow from "apache-arrow";
import {
  arrowSchema,
  columnsFromTable,
  type ColumnType,
  inferTableSpec,
  parseColumnType,
  rowsFromTable,
  tableFromColumns,
  tableFromRows,
  type TableSpec,
  tableSpecOf,
} from "../../sdk/table/arrow.ts";
import { TableDataError } from "../../sdk/table/errors.ts";
import { UsageError } from "../../sdk/log/errors.ts";

const SPEC: TableSpec = {
  id: "utf8",
  n: "int32",
  big: "int64?",
  x: "float64",
  f: "float32?",
  ok: "bool?",
  emb: "list<float32>?",
  tags: "list<utf8>",
};

const ROWS = [
  { id: "a", n: 1, big: 5n, x: 0.1, f: 0.5, ok: true, emb: [1.5, 2], tags: ["x", "yy"] },
  { id: "ü😀", n: -2, big: null, x: NaN, f: null, ok: null, emb: null, tags: [] },
  { id: "", n: 2147483647, big: 2n ** 62n, x: 1e300, f: 1 / 3, ok: false, emb: [], tags: ["z"] },
];

Deno.test("tableFromRows builds the declared Arrow types and rowsFromTable reads them back", () => {
  const table = tableFromRows(ROWS, { schema: SPEC, metadata: { source: "test" } });
  assert.deepEqual(
    table.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`),
    [
      "id:Utf8:false",
      "n:Int32:false",
      "big:Int64:true",
      "x:Float64:false",
      "f:Float32:true",
      "ok:Bool:true",
      "emb:List<Float32>:true",
      "tags:List<Utf8>:false",
    ],
  );
  assert.equal(table.schema.metadata.get("source"), "test");
  assert.equal(table.getChild("f")!.nullCount, 1);
  const back = rowsFromTable(table);
  assert.deepEqual(back, [
    { ...ROWS[0], big: 5 },
    ROWS[1],
    { ...ROWS[2], big: 2n ** 62n, f: Math.fround(1 / 3) },
  ]);
});

Deno.test("tableFromRows treats missing keys as nulls and leaves out nothing silently", () => {
  const t = tableFromRows([{ id: "a" }, { id: "b", note: "x" }], {
    schema: { id: "utf8", note: "utf8?" },
  });
  assert.deepEqual(rowsFromTable(t), [{ id: "a", note: null }, { id: "b", note: "x" }]);
  assert.throws(
    () => tableFromRows([{ id: "a", extra: 1 }], { schema: { id: "utf8" } }),
    /^TableDataError: Column "extra" at row index 0: the schema does not declare this column$/,
  );
  const dropped = tableFromRows([{ id: "a", extra: 1 }], {
    schema: { id: "utf8" },
    dropExtra: true,
  });
  assert.deepEqual(rowsFromTable(dropped), [{ id: "a" }]);
});

Deno.test("tableFromRows errors name the column and the row of a value that does not fit", () => {
  const cases: [Record<string, unknown>, ColumnType, RegExp][] = [
    [{ v: "1" }, "int32", /Column "v" at row index 1: expected an int32 .*, found "1"$/],
    [{ v: 1.5 }, "int32", /expected an int32 .*, found 1\.5$/],
    [{ v: 2 ** 31 }, "int32", /expected an int32/],
    [{ v: 2 ** 60 }, "int64", /expected an int64/],
    [{ v: 1 }, "utf8", /expected a string, found 1$/],
    [{ v: "x" }, "float32", /expected a number, found "x"$/],
    [{ v: 1 }, "bool", /expected a boolean, found 1$/],
    [{ v: null }, "float64", /found null in a non-nullable column$/],
    [{ v: "ab" }, "list<float32>", /expected a list \(an array or typed array\), found "ab"$/],
    [{ v: [1, "x"] }, "list<float32>", /Column "v" at row index 1: item 1: expected a number/],
  ];
  for (const [bad, type, re] of cases) {
    // Row 0 holds a null, so the column is nullable except in the null case itself.
    const rows = bad.v === null ? [{ v: 1 }, bad] : [{ v: null }, bad];
    const spec: TableSpec = { v: bad.v === null ? type : `${type}?` };
    assert.throws(() => tableFromRows(rows, { schema: spec }), (err: unknown) => {
      assert.ok(err instanceof TableDataError, type);
      assert.match(err.message, re);
      return true;
    });
  }
});

Deno.test("tableFromColumns takes typed arrays, fills left-out nullable columns, checks lengths", () => {
  const t = tableFromColumns(
    { sr: Int32Array.from([16000, 8000]), loss: new Float32Array([0.25, 0.5]) },
    { schema: { sr: "int32", loss: "float32", lang: "utf8?" } },
  );
  assert.deepEqual(columnsFromTable(t), {
    sr: [16000, 8000],
    loss: [0.25, 0.5],
    lang: [null, null],
  });
  assert.throws(
    () => tableFromColumns({ a: [1, 2], b: [1] }, { schema: { a: "int32", b: "int32" } }),
    /Column "b": has 1 values where other columns have 2/,
  );
  assert.throws(
    () => tableFromColumns({ a: [1] }, { schema: { a: "int32", b: "int32" } }),
    /Column "b": the column is missing/,
  );
  assert.throws(
    () => tableFromColumns({ a: [1], z: [1] }, { schema: { a: "int32" } }),
    /Column "z": the schema does not declare this column/,
  );
});

Deno.test("rowsFromTable reads sliced and multi-batch tables", () => {
  const a = tableFromRows(ROWS, { schema: SPEC });
  const b = tableFromRows([ROWS[2], ROWS[0]], { schema: SPEC });
  const both = a.concat(b);
  assert.equal(both.batches.length, 2);
  const rows = rowsFromTable(both);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r.emb), [[1.5, 2], null, [], [], [1.5, 2]]);
  assert.deepEqual(rows.map((r) => r.tags), [["x", "yy"], [], ["z"], ["z"], ["x", "yy"]]);
  const sliced = rowsFromTable(both.slice(1, 4));
  assert.deepEqual(sliced.map((r) => r.id), ["ü😀", "", ""]);
  assert.deepEqual(sliced.map((r) => r.emb), [null, [], []]);
  assert.deepEqual(columnsFromTable(both.slice(4)).n, [1]);
});

Deno.test("rowsFromTable reads tables built by apache-arrow itself", () => {
  const t = arrow.tableFromArrays({
    s: ["x", "y", "x"],
    f: new Float64Array([1, 2, 3]),
    i: BigInt64Array.from([1n, 2n, 2n ** 60n]),
  });
  assert.deepEqual(rowsFromTable(t), [
    { s: "x", f: 1, i: 1 },
    { s: "y", f: 2, i: 2 },
    { s: "x", f: 3, i: 2n ** 60n },
  ]);
});

Deno.test("inferTableSpec guesses column types, widening ints to floats and marking nulls", () => {
  const spec = inferTableSpec([
    { a: 1, b: "x", c: [1, 2], d: new Float32Array([1]), e: true, g: 5n },
    { a: 2.5, b: null, c: [], d: new Float32Array(0), e: false, f: "late" },
  ]);
  assert.deepEqual(spec, {
    a: "float64",
    b: "utf8?",
    c: "list<int32>",
    d: "list<float32>",
    e: "bool",
    g: "int64?",
    f: "utf8?",
  });
  assert.throws(() => inferTableSpec([{ a: 1 }, { a: "x" }]), /Column "a" at row index 1: mixes/);
  assert.throws(() => inferTableSpec([{ a: { k: 1 } }]), /cannot store an object/);
  const t = tableFromRows([{ a: 1, b: [0.5] }, { a: 2, b: null }]);
  assert.deepEqual(tableSpecOf(t.schema), { a: "int32", b: "list<float64>?" });
});

Deno.test("parseColumnType and arrowSchema accept the spec grammar and reject unknown types", () => {
  assert.deepEqual(parseColumnType("list<int64>?"), {
    scalar: "int64",
    list: true,
    nullable: true,
  });
  assert.deepEqual(parseColumnType("bool"), { scalar: "bool", list: false, nullable: false });
  for (const bad of ["string", "list<list<int32>>", "float16", "int32??"]) {
    assert.throws(() => parseColumnType(bad), UsageError, bad);
  }
  const spec: TableSpec = { a: "utf8?", b: "list<float64>", c: "int64" };
  assert.deepEqual(tableSpecOf(arrowSchema(spec)), spec);
  const odd = new arrow.Schema([new arrow.Field("t", new arrow.TimestampMillisecond())]);
  assert.throws(() => tableSpecOf(odd), /Column "t" has the unsupported Arrow type/);
});
