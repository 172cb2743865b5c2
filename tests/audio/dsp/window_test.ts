import assert from "node:assert/strict";
import { blackman, getWindow, hamming, hann } from "../../../sdk/audio/dsp/window.ts";
import { UsageError } from "../../../sdk/log/errors.ts";

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
}

Deno.test("hann periodic equals the symmetric window one point longer, last point dropped", () => {
  const p = hann(16);
  const s = hann(17, { periodic: false });
  for (let i = 0; i < 16; i++) close(p[i], s[i], 1e-15, `point ${i}`);
  close(p[8], 1, 1e-15, "centre");
  assert.equal(p[0], 0);
});

Deno.test("hann periodic overlap-adds to a constant 2 at a hop of a quarter length", () => {
  const n = 64, hop = 16;
  const w = hann(n);
  for (let t = 0; t < hop; t++) {
    let s = 0;
    for (let k = 0; k < n / hop; k++) s += w[t + k * hop];
    close(s, 2, 1e-12, `offset ${t}`);
  }
});

Deno.test("hamming symmetric has 0.08 endpoints and a peak of 1", () => {
  const w = hamming(9, { periodic: false });
  close(w[0], 0.08, 1e-15, "first");
  close(w[8], 0.08, 1e-15, "last");
  close(w[4], 1, 1e-15, "centre");
});

Deno.test("blackman symmetric is zero at the ends and 1 in the middle", () => {
  const w = blackman(11, { periodic: false });
  close(w[0], 0, 1e-15, "first");
  close(w[10], 0, 1e-15, "last");
  close(w[5], 1, 1e-15, "centre");
  // 0.42 - 0.5 cos(2 pi / 10) + 0.08 cos(4 pi / 10)
  close(w[1], 0.42 - 0.5 * Math.cos(Math.PI / 5) + 0.08 * Math.cos((2 * Math.PI) / 5), 1e-15, "w1");
});

Deno.test("getWindow dispatches by name and handles lengths 0 and 1", () => {
  assert.deepEqual(Array.from(getWindow("rectangular", 4)), [1, 1, 1, 1]);
  assert.deepEqual(Array.from(getWindow("hamming", 5)), Array.from(hamming(5)));
  assert.equal(getWindow("hann", 0).length, 0);
  assert.deepEqual(Array.from(getWindow("blackman", 1)), [1]);
});

Deno.test("getWindow rejects an unknown name and a bad length", () => {
  // deno-lint-ignore no-explicit-any
  assert.throws(() => getWindow("kaiser" as any, 8), UsageError);
  assert.throws(() => hann(2.5), UsageError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => hann(8, { periodic: "yes" } as any), UsageError);
});
