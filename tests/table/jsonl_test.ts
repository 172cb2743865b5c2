import assert from "node:assert/strict";
import { z } from "zod";
import { parseJsonl, readJsonl, stringifyJsonl, writeJsonl } from "../../sdk/table/jsonl.ts";
import { TableDataError, TableFileError } from "../../sdk/table/errors.ts";
import { UsageError } from "../../sdk/log/errors.ts";
import { hasCommand, run, tempDir } from "../_util.ts";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

Deno.test("readJsonl handles CRLF, blank lines, a BOM and a last line without newline", async () => {
  const dir = await tempDir();
  const path = `${dir}/m.jsonl`;
  await Deno.writeTextFile(path, '\ufeff{"a":1}\r\n\r\n  \n{"a":"x\\ny"}\n{"a":[1,2]}');
  assert.deepEqual(await collect(readJsonl(path)), [{ a: 1 }, { a: "x\ny" }, { a: [1, 2] }]);
  await Deno.writeTextFile(path, "");
  assert.deepEqual(await collect(readJsonl(path)), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readJsonl streams a 200k-line file lazily: early return never meets the bad end", async () => {
  const dir = await tempDir();
  const path = `${dir}/big.jsonl`;
  const n = 200_000;
  {
    using f = await Deno.open(path, { write: true, create: true });
    const enc = new TextEncoder();
    let buf = "";
    for (let i = 0; i < n; i++) {
      buf += `{"utt_id":"u${i}","duration_sec":${i / 8},"note":"ü ${i}"}\n`;
      if (buf.length > 1 << 16) {
        await f.write(enc.encode(buf));
        buf = "";
      }
    }
    // The last line is broken: a reader that parsed the whole file first would throw.
    buf += '{"utt_id": "broken"\n';
    await f.write(enc.encode(buf));
  }
  const first: string[] = [];
  for await (const row of readJsonl(path)) {
    first.push(row.utt_id as string);
    if (first.length === 3) break;
  }
  assert.deepEqual(first, ["u0", "u1", "u2"]);

  let count = 0;
  let last: Record<string, unknown> | undefined;
  const errors: TableFileError[] = [];
  for await (const row of readJsonl(path, { onError: (e) => errors.push(e) })) {
    count++;
    last = row;
  }
  assert.equal(count, n);
  assert.deepEqual(last, { utt_id: `u${n - 1}`, duration_sec: (n - 1) / 8, note: `ü ${n - 1}` });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, n + 1);
  assert.match(errors[0].message, new RegExp(`at line ${n + 1}: the line is not valid JSON`));
  await Deno.remove(dir, { recursive: true });
});

const hasMkfifo = await hasCommand("mkfifo");

Deno.test({
  name: "readJsonl yields lines from a pipe before the writer has finished",
  ignore: !hasMkfifo,
  async fn() {
    const dir = await tempDir();
    const fifo = `${dir}/pipe.jsonl`;
    await run("mkfifo", [fifo]);
    const rows = readJsonl(fifo);
    const firstRow = rows.next(); // opens the pipe for reading
    const writer = await Deno.open(fifo, { write: true });
    const enc = new TextEncoder();
    await writer.write(enc.encode('{"n":1}\n{"n":2}\n'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("readJsonl waited for the end of the pipe")),
        20_000,
      );
    });
    try {
      assert.deepEqual((await Promise.race([firstRow, deadline])).value, { n: 1 });
      assert.deepEqual((await Promise.race([rows.next(), deadline])).value, { n: 2 });
      // The writer is still open: only now does the stream end.
      await writer.write(enc.encode('{"n":3}'));
      writer.close();
      assert.deepEqual((await rows.next()).value, { n: 3 });
      assert.equal((await rows.next()).done, true);
    } finally {
      clearTimeout(timer);
    }
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("readJsonl bad lines name the file and the 1-based line", async () => {
  const dir = await tempDir();
  const path = `${dir}/m.jsonl`;
  const schema = z.object({ utt_id: z.string(), sr: z.int() });
  const cases: [string, RegExp][] = [
    ['{"utt_id":"a","sr":1}\n\n{"utt_id":"b",\n', /at line 3: the line is not valid JSON \(/],
    ['{"utt_id":"a","sr":1}\n[1,2]\n', /at line 2: expected a JSON object, found an array$/],
    ["\n42\n", /at line 2: expected a JSON object, found number$/],
    [
      '{"utt_id":"a","sr":1}\r\n{"utt_id":"b","sr":"16k"}\r\n',
      /at line 2, column "sr": invalid input: expected number, received string \(found "16k"\)$/,
    ],
  ];
  for (const [text, re] of cases) {
    await Deno.writeTextFile(path, text);
    const err = await collect(readJsonl(path, { schema })).then(() => undefined, (e) => e);
    assert.ok(err instanceof TableFileError, text);
    assert.ok(err.message.startsWith(`Cannot read table "${path}" at line `), err.message);
    assert.match(err.message, re);
  }
  await assert.rejects(
    () => collect(readJsonl(`${dir}/missing.jsonl`)),
    /Cannot read table ".*missing\.jsonl": the file does not exist/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readJsonl with a schema yields parsed values", async () => {
  const dir = await tempDir();
  const path = `${dir}/m.jsonl`;
  await Deno.writeTextFile(path, '{"id":"a","n":"3"}\n{"id":"b","n":"4"}\n');
  const schema = z.object({ id: z.string(), n: z.coerce.number() });
  const rows = await collect(readJsonl(path, { schema }));
  assert.deepEqual(rows, [{ id: "a", n: 3 }, { id: "b", n: 4 }]);
  assert.equal(rows[0].n + rows[1].n, 7);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("parseJsonl and stringifyJsonl round-trip rows, typed arrays and unicode", () => {
  const rows = [
    { utt_id: "u1", emb: new Float32Array([0.5, 0.25]), text: "line\nbreak \u2028 😀" },
    { utt_id: "u2", nested: { a: [1, { b: null }] }, big: 12n },
  ];
  const text = stringifyJsonl(rows);
  assert.equal(text.split("\n").length, 3);
  assert.ok(text.endsWith("\n"));
  assert.deepEqual(parseJsonl(text), [
    { utt_id: "u1", emb: [0.5, 0.25], text: "line\nbreak \u2028 😀" },
    { utt_id: "u2", nested: { a: [1, { b: null }] }, big: 12 },
  ]);
  assert.equal(stringifyJsonl([{ a: NaN, b: undefined, c: Infinity }]), '{"a":null,"c":null}\n');
  assert.equal(stringifyJsonl([]), "");
  assert.throws(() => stringifyJsonl([{ big: 2n ** 64n }]), TableDataError);
  const errors: TableFileError[] = [];
  assert.deepEqual(parseJsonl('{"a":1}\nnope\n{"a":2}', { onError: (e) => errors.push(e) }), [
    { a: 1 },
    { a: 2 },
  ]);
  assert.deepEqual(errors.map((e) => e.line), [2]);
});

Deno.test("writeJsonl streams async iterables atomically and refuses to replace without overwrite", async () => {
  const dir = await tempDir();
  const path = `${dir}/out/m.jsonl`;
  async function* gen(n: number) {
    for (let i = 0; i < n; i++) yield { utt_id: `u${i}`, x: i * 0.1 };
  }
  assert.equal(await writeJsonl(path, gen(20_000)), "created");
  const back = await collect(readJsonl(path));
  assert.equal(back.length, 20_000);
  assert.deepEqual(back[19_999], { utt_id: "u19999", x: 19_999 * 0.1 });
  assert.equal(await writeJsonl(path, gen(20_000)), "unchanged");
  await assert.rejects(() => writeJsonl(path, gen(3)), UsageError);
  assert.equal((await collect(readJsonl(path))).length, 20_000);
  assert.equal(await writeJsonl(path, [{ a: 1 }], { overwrite: true }), "replaced");
  assert.equal(await Deno.readTextFile(path), '{"a":1}\n');
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["m.jsonl"]);
  // A failing source leaves the old file and no temporary behind.
  async function* failing() {
    yield { a: 2 };
    throw new Error("source broke");
  }
  await assert.rejects(() => writeJsonl(path, failing(), { overwrite: true }), /source broke/);
  assert.equal(await Deno.readTextFile(path), '{"a":1}\n');
  assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["m.jsonl"]);
  await Deno.remove(dir, { recursive: true });
});
