import assert from "node:assert/strict";
import { hashFiles } from "../../sdk/cache/hash_files.ts";
import { dirChecksum } from "../../sdk/cache/dir_checksum.ts";
import { defaultStatCachePath, StatCache } from "../../sdk/cache/stat_cache.ts";
import { tempDir } from "../_util.ts";

/** Set a file's times well in the past so that the racy-clean rule does not apply. */
async function age(path: string, secondsAgo = 60): Promise<void> {
  const t = new Date(Math.floor(Date.now() / 1000 - secondsAgo) * 1000);
  await Deno.utime(path, t, t);
}

async function setup(): Promise<{ root: string; cachePath: string }> {
  const root = await tempDir();
  await Deno.mkdir(`${root}/data`);
  await Deno.writeTextFile(`${root}/data/a.txt`, "hello");
  await Deno.writeTextFile(`${root}/data/b.txt`, "world!");
  await age(`${root}/data/a.txt`);
  await age(`${root}/data/b.txt`);
  return { root, cachePath: `${root}/cache/stat-cache.json` };
}

async function pass(root: string, cachePath: string, rehash = false) {
  const statCache = await StatCache.open(cachePath);
  const r = await dirChecksum(`${root}/data`, { statCache, rehash });
  await statCache.save();
  return r;
}

Deno.test("StatCache hit on an unchanged file after save and reload", async () => {
  const { root, cachePath } = await setup();
  try {
    const first = await pass(root, cachePath);
    assert.deepEqual(first.stats, { files: 2, statHits: 0, rehashed: 2, bytesHashed: 11 });
    const second = await pass(root, cachePath);
    assert.deepEqual(second.stats, { files: 2, statHits: 2, rehashed: 0, bytesHashed: 0 });
    assert.equal(second.checksum, first.checksum);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache miss after a same-size content change with another mtime", async () => {
  const { root, cachePath } = await setup();
  try {
    const first = await pass(root, cachePath);
    await Deno.writeTextFile(`${root}/data/a.txt`, "HELLO"); // same size
    await age(`${root}/data/a.txt`, 30); // a different, old mtime
    const second = await pass(root, cachePath);
    assert.deepEqual(second.stats, { files: 2, statHits: 1, rehashed: 1, bytesHashed: 5 });
    assert.notEqual(second.checksum, first.checksum);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache touch without a content change re-hashes and keeps the hash", async () => {
  const { root, cachePath } = await setup();
  try {
    const first = await pass(root, cachePath);
    await age(`${root}/data/b.txt`, 10); // like `touch`, but not racy
    const second = await pass(root, cachePath);
    assert.deepEqual(second.stats, { files: 2, statHits: 1, rehashed: 1, bytesHashed: 6 });
    assert.equal(second.checksum, first.checksum);
    const third = await pass(root, cachePath);
    assert.equal(third.stats.statHits, 2);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache does not trust a racy entry (mtime not older than the hash)", async () => {
  const { root, cachePath } = await setup();
  try {
    const path = `${root}/data/a.txt`;
    const st = await Deno.stat(path);
    const cache = await StatCache.open(cachePath);
    const sha = "0".repeat(64);
    cache.record(path, st, sha, st.mtime!.getTime()); // mtime == hashedAt
    assert.equal(cache.lookup(path, st), undefined);
    cache.record(path, st, sha, st.mtime!.getTime() + 60_000); // well after
    assert.equal(cache.lookup(path, st), sha);
    // A file stamped in the future is hashed again on every run until its mtime is old.
    const future = new Date(Date.now() + 3_600_000);
    await Deno.utime(path, future, future);
    await pass(root, cachePath);
    const again = await pass(root, cachePath);
    assert.deepEqual(again.stats, { files: 2, statHits: 1, rehashed: 1, bytesHashed: 5 });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache a file written just before hashing is hashed again next time", async () => {
  const { root, cachePath } = await setup();
  try {
    await Deno.writeTextFile(`${root}/data/new.txt`, "fresh"); // mtime = now
    await pass(root, cachePath);
    const second = await pass(root, cachePath);
    assert.deepEqual(second.stats, { files: 3, statHits: 2, rehashed: 1, bytesHashed: 5 });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache rehash bypasses lookups but still records", async () => {
  const { root, cachePath } = await setup();
  try {
    await pass(root, cachePath);
    const forced = await pass(root, cachePath, true);
    assert.deepEqual(forced.stats, { files: 2, statHits: 0, rehashed: 2, bytesHashed: 11 });
    assert.equal((await StatCache.open(cachePath)).size, 2);
    await Deno.remove(cachePath);
    const cache = await StatCache.open(cachePath);
    const r = await hashFiles(["a.txt"], { root: `${root}/data`, statCache: cache, rehash: true });
    assert.equal(r.stats.rehashed, 1);
    await cache.save();
    const reloaded = await StatCache.open(cachePath);
    assert.equal(reloaded.size, 1);
    const path = `${root}/data/a.txt`;
    assert.equal(reloaded.lookup(path, await Deno.stat(path)), r.files[0].sha256);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache save merges entries written by another instance", async () => {
  const { root, cachePath } = await setup();
  try {
    const one = await StatCache.open(cachePath);
    const two = await StatCache.open(cachePath);
    await hashFiles(["a.txt"], { root: `${root}/data`, statCache: one });
    await hashFiles(["b.txt"], { root: `${root}/data`, statCache: two });
    await one.save();
    await two.save();
    assert.equal((await StatCache.open(cachePath)).size, 2);
    two.delete(`${root}/data/a.txt`);
    await two.save();
    assert.equal((await StatCache.open(cachePath)).size, 1);
    const leftovers = [...Deno.readDirSync(`${root}/cache`)].map((e) => e.name);
    assert.deepEqual(leftovers, ["stat-cache.json"]); // no temp files left
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache starts empty from a corrupt or foreign cache file", async () => {
  const { root, cachePath } = await setup();
  try {
    await Deno.mkdir(`${root}/cache`);
    await Deno.writeTextFile(cachePath, "{not json");
    assert.equal((await StatCache.open(cachePath)).size, 0);
    await Deno.writeTextFile(cachePath, JSON.stringify({ version: 9, entries: { x: {} } }));
    assert.equal((await StatCache.open(cachePath)).size, 0);
    const r = await pass(root, cachePath);
    assert.equal(r.stats.rehashed, 2);
    assert.equal((await StatCache.open(cachePath)).size, 2);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("StatCache default path follows AUDIOCURATE_STAT_CACHE then XDG_CACHE_HOME", () => {
  const saved = {
    a: Deno.env.get("AUDIOCURATE_STAT_CACHE"),
    x: Deno.env.get("XDG_CACHE_HOME"),
  };
  try {
    Deno.env.set("AUDIOCURATE_STAT_CACHE", "/tmp/custom.json");
    assert.equal(defaultStatCachePath(), "/tmp/custom.json");
    Deno.env.delete("AUDIOCURATE_STAT_CACHE");
    Deno.env.set("XDG_CACHE_HOME", "/tmp/xdg");
    assert.equal(defaultStatCachePath(), "/tmp/xdg/audiocurate/stat-cache.json");
  } finally {
    if (saved.a === undefined) Deno.env.delete("AUDIOCURATE_STAT_CACHE");
    else Deno.env.set("AUDIOCURATE_STAT_CACHE", saved.a);
    if (saved.x === undefined) Deno.env.delete("XDG_CACHE_HOME");
    else Deno.env.set("XDG_CACHE_HOME", saved.x);
  }
});
