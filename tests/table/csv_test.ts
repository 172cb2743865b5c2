import assert from "node:assert/strict";
import { z } from "zod";
import { parseCsv, readCsv, readCsvRows, stringifyCsv, writeCsv } from "../../sdk/table/csv.ts";
import { TableFileError } from "../../sdk/table/errors.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { tempDir } from "../_util.ts";

const NASTY: Record<string, string>[] = [
  {
    comma: "a,b",
    quote: 'say "hi"',
    lf: "line1\nline2",
    crlf: "line1\r\nline2",
    cr: "a\rb",
    unicode: "Grüße – 東京 😀",
    spaces: "  leading and trailing  ",
    empty: "",
  },
  {
    comma: ",",
    quote: '"',
    lf: "\n",
    crlf: "\r\n",
    cr: "\r",
    unicode: "\u00e9\u0301",
    spaces: " ",
    empty: "",
  },
  {
    comma: "x",
    quote: '""',
    lf: "trailing\n",
    crlf: "\r\n\r\n",
    cr: "",
    unicode: "é",
    spaces: "\t",
    empty: "",
  },
];

Deno.test("stringifyCsv quotes exactly the fields RFC 4180 requires and doubles quotes", () => {
  const text = stringifyCsv([{ a: "plain", b: "a,b", c: 'q"q', d: "l\nf", e: "c\rr", f: " sp" }]);
  assert.equal(text, 'a,b,c,d,e,f\nplain,"a,b","q""q","l\nf","c\rr", sp\n');
  const crlf = stringifyCsv([{ a: 1 }, { a: 2 }], { eol: "\r\n" });
  assert.equal(crlf, "a\r\n1\r\n2\r\n");
});

Deno.test("stringifyCsv round-trips nasty fields through parseCsv with both line ends", () => {
  for (const eol of ["\n", "\r\n"] as const) {
    const text = stringifyCsv(NASTY, { eol });
    assert.deepEqual(parseCsv(text), NASTY, `eol ${JSON.stringify(eol)}`);
  }
});

Deno.test("stringifyCsv keeps an empty one-column record as a quoted empty field", () => {
  const rows = [{ a: "" }, { a: "x" }, { a: "" }];
  const text = stringifyCsv(rows);
  assert.equal(text, 'a\n""\nx\n""\n');
  assert.deepEqual(parseCsv(text), rows);
});

Deno.test("stringifyCsv writes numbers in shortest round-trip form and nulls as empty fields", () => {
  const values = [0.1 + 0.2, 1e21, 1e-7, 5e-324, -1.5, 123456789012, 2 ** 53 + 2, 1 / 3];
  const text = stringifyCsv(values.map((v) => ({ v })));
  const back = parseCsv(text).map((r) => r.v);
  assert.deepEqual(back, values.map((v) => String(v)));
  for (let i = 0; i < values.length; i++) assert.equal(Number(back[i]), values[i]);
  const special = stringifyCsv([
    { n: NaN, i: Infinity, m: -Infinity, z: -0, b: true, f: false, u: undefined, x: null },
  ]);
  assert.equal(special, "n,i,m,z,b,f,u,x\nNaN,Infinity,-Infinity,0,true,false,,\n");
  const listy = stringifyCsv([{ e: new Float32Array([0.5, 1]), a: [1, "x"], o: { k: 1 }, g: 7n }]);
  assert.equal(listy, 'e,a,o,g\n"[0.5,1]","[1,""x""]","{""k"":1}",7\n');
});

Deno.test("stringifyCsv uses the given columns in order and every key otherwise", () => {
  const rows = [{ b: 1, a: 2 }, { c: 3, a: 4 }];
  assert.equal(stringifyCsv(rows), "b,a,c\n1,2,\n,4,3\n");
  assert.equal(stringifyCsv(rows, { columns: ["a", "c"] }), "a,c\n2,\n4,3\n");
  assert.equal(stringifyCsv(rows, { columns: ["a"], header: false }), "2\n4\n");
  assert.equal(stringifyCsv([], { columns: ["x", "y"] }), "x,y\n");
  assert.equal(stringifyCsv([]), "");
  assert.throws(() => stringifyCsv(rows, { delimiter: ";;" }), UsageError);
});

Deno.test("parseCsv reads the RFC 4180 section 2 examples", () => {
  // 2.1/2.2: CRLF line ends, last record with or without a line end.
  assert.deepEqual(parseCsv("h1,h2,h3\r\naaa,bbb,ccc\r\nzzz,yyy,xxx"), [
    { h1: "aaa", h2: "bbb", h3: "ccc" },
    { h1: "zzz", h2: "yyy", h3: "xxx" },
  ]);
  // 2.5: fields may be quoted.
  assert.deepEqual(parseCsv('h1,h2,h3\r\n"aaa","bbb","ccc"\r\n'), [
    { h1: "aaa", h2: "bbb", h3: "ccc" },
  ]);
  // 2.6: CRLF, quotes and commas inside quoted fields.
  assert.deepEqual(parseCsv('h1,h2,h3\r\n"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx\r\n'), [
    { h1: "aaa", h2: "b\r\nbb", h3: "ccc" },
    { h1: "zzz", h2: "yyy", h3: "xxx" },
  ]);
  // 2.7: a quote inside a quoted field is doubled.
  assert.deepEqual(parseCsv('h1,h2,h3\r\n"aaa","b""bb","ccc"\r\n'), [
    { h1: "aaa", h2: 'b"bb', h3: "ccc" },
  ]);
  // 2.4: spaces are part of a field.
  assert.deepEqual(parseCsv("a,b\n x , y \n"), [{ a: " x ", b: " y " }]);
});

Deno.test("parseCsv skips empty lines and a byte-order mark and accepts mixed line ends", () => {
  const text = "\ufeffa,b\r\n\r\n1,2\n\n3,\n,\n";
  assert.deepEqual(parseCsv(text), [{ a: "1", b: "2" }, { a: "3", b: "" }, { a: "", b: "" }]);
  assert.deepEqual(parseCsv("a,b\n"), []);
  assert.deepEqual(parseCsv(""), []);
});

Deno.test("parseCsv reads TSV and, with quote false, keeps quotes as text", () => {
  assert.deepEqual(parseCsv('a\tb\n"x\ty"\tz\n', { delimiter: "\t" }), [{ a: "x\ty", b: "z" }]);
  assert.deepEqual(parseCsv('a\tb\n5" disk\t"q\n', { delimiter: "\t", quote: false }), [
    { a: '5" disk', b: '"q' },
  ]);
});

Deno.test("parseCsv errors name the source and line of bad quoting, field counts, headers", () => {
  const cases: [string, RegExp][] = [
    ['a,b\n1,2\n"3,4\n', /^Cannot read table "f\.csv" at line 3: a quoted field is not closed/],
    ['a,b\n1,2\n"3"x,4\n', /^Cannot read table "f\.csv" at line 3: a closing quote is followed/],
    [
      "a,b\n1,2\n\n3\n",
      /^Cannot read table "f\.csv" at line 4: expected 2 fields as in the header, found 1$/,
    ],
    ["a,b,a\n1,2,3\n", /^Cannot read table "f\.csv" at line 1: the header names column "a" twice$/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseCsv(text, { source: "f.csv" }), (err: unknown) => {
      assert.ok(err instanceof TableFileError);
      assert.match(err.message, re);
      return true;
    });
  }
});

const Row = z.object({
  id: z.string(),
  sr: z.int().positive(),
  gain: z.number(),
  ok: z.boolean(),
  note: z.string(),
  err: z.string().nullable(),
  speaker: z.string().optional(),
  emb: z.array(z.number()),
});

Deno.test("readCsv with a schema coerces numbers, booleans, empty fields and JSON lists", async () => {
  const dir = await tempDir();
  const path = `${dir}/a.csv`;
  await Deno.writeTextFile(
    path,
    'id,sr,gain,ok,note,err,speaker,emb\nu1,16000,-1.5e-3,true,,,,"[1,2.5]"\n' +
      "u2,8000,1e3,FALSE,hi,boom,spk,[]\n",
  );
  const rows = await readCsv(path, { schema: Row });
  assert.deepEqual(rows, [
    { id: "u1", sr: 16000, gain: -0.0015, ok: true, note: "", err: null, emb: [1, 2.5] },
    {
      id: "u2",
      sr: 8000,
      gain: 1000,
      ok: false,
      note: "hi",
      err: "boom",
      speaker: "spk",
      emb: [],
    },
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readCsv schema errors name the file, the 1-based line and the column", async () => {
  const dir = await tempDir();
  const path = `${dir}/bad.csv`;
  // Line 1 header, line 2-4 a record with a two-line-break quoted field, line 5 empty,
  // line 6 the bad record.
  await Deno.writeTextFile(
    path,
    'id,sr,gain,ok,note,err,speaker,emb\r\nu1,16000,1,true,"multi\r\nline\nnote",,,[]\r\n\r\n' +
      "u2,16k,1,true,,,,[]\r\n",
  );
  const err = await readCsv(path, { schema: Row }).then(() => undefined, (e) => e);
  assert.ok(err instanceof TableFileError);
  assert.equal(err.path, path);
  assert.equal(err.line, 6);
  assert.equal(err.column, "sr");
  assert.equal(
    err.message,
    `Cannot read table "${path}" at line 6, column "sr": invalid input: expected number, ` +
      `received string (found "16k")`,
  );
  // The streaming reader counts lines the same way.
  const streamed = await (async () => {
    for await (const _ of readCsvRows(path, { schema: Row })) { /* consume */ }
  })().then(() => undefined, (e) => e);
  assert.ok(streamed instanceof TableFileError);
  assert.equal(streamed.message, err.message);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readCsv onError collects bad rows and goes on", async () => {
  const dir = await tempDir();
  const path = `${dir}/a.csv`;
  await Deno.writeTextFile(path, "id,n\na,1\nb,x\nc\nd,4\n");
  const errors: TableFileError[] = [];
  const schema = z.object({ id: z.string(), n: z.number() });
  const rows = await readCsv(path, { schema, onError: (e) => errors.push(e) });
  assert.deepEqual(rows, [{ id: "a", n: 1 }, { id: "d", n: 4 }]);
  assert.deepEqual(errors.map((e) => [e.line, e.column]), [[3, "n"], [4, undefined]]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readCsv names a missing file", async () => {
  await assert.rejects(
    () => readCsv("/nonexistent/x.csv"),
    /^TableFileError: Cannot read table "\/nonexistent\/x\.csv": the file does not exist$/,
  );
});

Deno.test("readCsvRows streams a large file record by record and stops early", async () => {
  const dir = await tempDir();
  const path = `${dir}/big.csv`;
  const n = 60_000;
  const lines = ["id,text"];
  let physical = 1;
  for (let i = 0; i < n; i++) {
    const multi = i % 1000 === 7;
    lines.push(multi ? `r${i},"two\r\nlines, ü"` : `r${i},plain ${i}`);
    physical += multi ? 2 : 1;
  }
  // A bad last record (one field): only a full read meets it. CRLF line ends throughout.
  await Deno.writeTextFile(path, lines.join("\r\n") + "\r\nlast\r\n");
  const first: string[] = [];
  for await (const row of readCsvRows(path)) {
    first.push(row.id);
    if (first.length === 3) break;
  }
  assert.deepEqual(first, ["r0", "r1", "r2"]);
  let count = 0;
  let multi = "";
  const err = await (async () => {
    for await (const row of readCsvRows(path)) {
      count++;
      if (row.id === "r7") multi = row.text;
    }
  })().then(() => undefined, (e) => e);
  assert.equal(count, n);
  assert.equal(multi, "two\r\nlines, ü");
  assert.ok(err instanceof TableFileError);
  assert.equal(err.line, physical + 1);
  assert.match(err.message, /expected 2 fields as in the header, found 1$/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeCsv writes atomically and replaces different content only with overwrite", async () => {
  const dir = await tempDir();
  const path = `${dir}/sub/out.csv`;
  assert.equal(await writeCsv(path, NASTY), "created");
  assert.deepEqual(await readCsv(path), NASTY);
  assert.equal(await writeCsv(path, NASTY), "unchanged");
  await assert.rejects(() => writeCsv(path, [{ a: 1 }]), UsageError);
  assert.deepEqual(await readCsv(path), NASTY);
  assert.equal(await writeCsv(path, [{ a: 1 }], { overwrite: true }), "replaced");
  assert.equal(await Deno.readTextFile(path), "a\n1\n");
  assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name), ["out.csv"]);
  await Deno.remove(dir, { recursive: true });
});
