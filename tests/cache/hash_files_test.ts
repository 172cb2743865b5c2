import assert from "node:assert/strict";
import { comparePaths, hashFiles } from "../../sdk/cache/hash_files.ts";
import { hashFile } from "../../sdk/cache/hash_file.ts";
import { dirChecksum, listFiles } from "../../sdk/cache/dir_checksum.ts";
import { tempDir } from "../_util.ts";
import { mulberry32 } from "../../sdk/audio/prng.ts";

function bytes(n: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
}

Deno.test("hashFiles on the worker pool equals inline hashing and hashFile", async () => {
  const root = await tempDir();
  try {
    const names: string[] = [];
    for (let i = 0; i < 9; i++) {
      names.push(`d${i % 3}/f${i}.bin`);
      await Deno.mkdir(`${root}/d${i % 3}`, { recursive: true });
      await Deno.writeFile(`${root}/${names[i]}`, bytes(i * 40_000, i));
    }
    const pool = await hashFiles(names, { root, concurrency: 3, inlineBytes: 0 });
    const inline = await hashFiles(names, { root, concurrency: 1 });
    assert.deepEqual(pool, inline);
    for (const f of pool.files) {
      assert.deepEqual(await hashFile(`${root}/${f.path}`), {
        size: f.size,
        sha256: f.sha256,
      });
    }
    assert.equal(pool.stats.rehashed, 9);
    assert.equal(pool.stats.bytesHashed, 36 * 40_000);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("hashFiles returns files sorted by path whatever the input order", async () => {
  const root = await tempDir();
  try {
    await writeTree(root, { "b.txt": "b", "a/z.txt": "z", "a.txt": "a" });
    const { files } = await hashFiles(["b.txt", "a/z.txt", "a.txt"], { root });
    assert.deepEqual(files.map((f) => f.path), ["a.txt", "a/z.txt", "b.txt"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("hashFiles rejects a missing file and a worker error, naming the file", async () => {
  const root = await tempDir();
  try {
    await assert.rejects(() => hashFiles(["nope.bin"], { root }), /Cannot hash file ".*nope.bin"/);
    await writeTree(root, { "a.txt": "a", "b.txt": "b" });
    await Deno.mkdir(`${root}/dir`);
    await assert.rejects(
      () => hashFiles(["a.txt", "dir"], { root }),
      /Cannot hash file ".*dir": not a regular file/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("comparePaths orders by code point, not UTF-16 code unit", () => {
  // U+FF5E (one unit 0xFF5E) sorts before U+1F600 (surrogates 0xD83D...) by code point.
  assert.deepEqual(["\u{1F600}", "\uFF5E", "a"].sort(comparePaths), ["a", "\uFF5E", "\u{1F600}"]);
});

Deno.test("listFiles skips the default ignore list and the caller's patterns", async () => {
  const root = await tempDir();
  try {
    await writeTree(root, {
      "a.wav": "a",
      ".DS_Store": "x",
      "sub/__pycache__/m.pyc": "x",
      "sub/b.wav": "b",
      "sub/b.wav~": "x",
      "sub/.b.wav.swp": "x",
      "sub/.b.wav.swo": "x",
      "#notes#": "x",
      ".#lock": "x",
      "out/manifest.json": "m",
      "x.incomplete": "x",
    });
    // `.incomplete` markers are not on the generic list: callers add them.
    assert.deepEqual(await listFiles(root), [
      "a.wav",
      "out/manifest.json",
      "sub/b.wav",
      "x.incomplete",
    ]);
    assert.deepEqual(
      await listFiles(root, { ignore: ["out/manifest.json", "*.incomplete"] }),
      ["a.wav", "sub/b.wav"],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("listFiles lists file symlinks and does not follow folder symlinks", async () => {
  const root = await tempDir();
  try {
    await writeTree(root, { "real/a.txt": "a" });
    await Deno.symlink(`${root}/real/a.txt`, `${root}/link.txt`);
    await Deno.symlink(`${root}/real`, `${root}/loop`); // would list real/a.txt twice
    await Deno.symlink(`${root}/missing`, `${root}/broken`);
    assert.deepEqual(await listFiles(root), ["link.txt", "real/a.txt"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("listFiles names a missing folder", async () => {
  await assert.rejects(() => listFiles("/nonexistent/dir"), /Cannot list folder "\/nonexistent/);
});

Deno.test("dirChecksum is stable under file creation order and folder location", async () => {
  const one = await tempDir();
  const two = await tempDir();
  try {
    await writeTree(one, { "a.txt": "1", "s/b.txt": "2", "s/c.txt": "3" });
    await writeTree(two, { "s/c.txt": "3", "s/b.txt": "2", "a.txt": "1" });
    const a = await dirChecksum(one);
    const b = await dirChecksum(two);
    assert.equal(a.checksum, b.checksum);
    assert.deepEqual(a.files, b.files);
    await writeTree(two, { ".DS_Store": "junk", "s/c.txt~": "junk" });
    assert.equal((await dirChecksum(two)).checksum, a.checksum);
  } finally {
    await Deno.remove(one, { recursive: true });
    await Deno.remove(two, { recursive: true });
  }
});

Deno.test("dirChecksum changes on a content change and on a rename", async () => {
  const root = await tempDir();
  try {
    await writeTree(root, { "a.txt": "1", "b.txt": "2" });
    const base = (await dirChecksum(root)).checksum;
    await Deno.writeTextFile(`${root}/a.txt`, "9");
    const edited = (await dirChecksum(root)).checksum;
    assert.notEqual(edited, base);
    await Deno.writeTextFile(`${root}/a.txt`, "1");
    assert.equal((await dirChecksum(root)).checksum, base);
    await Deno.rename(`${root}/a.txt`, `${root}/c.txt`);
    assert.notEqual((await dirChecksum(root)).checksum, base);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
