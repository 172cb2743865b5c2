import assert from "node:assert/strict";
import { formatClock, progress } from "../../sdk/log/progress.ts";
import { Sink } from "./_sink.ts";

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

Deno.test("progress plain mode prints a line at every 10% and a closing line", () => {
  const sink = new Sink();
  const clock = fakeClock();
  const p = progress({ total: 1000, label: "probe", stream: sink, clock: clock.now });
  for (let i = 0; i < 1000; i++) {
    clock.advance(2);
    p.tick();
  }
  p.done();
  p.done();
  assert.deepEqual(sink.lines(), [
    ...Array.from({ length: 9 }, (_, i) => `probe: ${(i + 1) * 100}/1000 (${(i + 1) * 10}%)`),
    "probe: 1000/1000 (100%) in 2.0 s",
  ]);
  assert.equal(p.count, 1000);
});

Deno.test("progress plain mode prints every 5 s while progress moves slowly", () => {
  const sink = new Sink();
  const clock = fakeClock();
  const p = progress({ total: 1000, label: "score", stream: sink, clock: clock.now });
  clock.advance(4000);
  p.tick(); // 4 s: nothing yet
  clock.advance(1000);
  p.tick(); // 5 s: a timed line
  clock.advance(3000);
  p.tick(); // 8 s: nothing
  clock.advance(10_000);
  p.set(2); // 18 s but no progress since the last line: nothing
  p.set(3); // progress: a timed line
  clock.advance(1000);
  p.set(150); // crosses 10%: a line
  assert.deepEqual(sink.lines(), [
    "score: 2/1000 (0%)",
    "score: 3/1000 (0%)",
    "score: 150/1000 (15%)",
  ]);
});

Deno.test("progress prints one line per step even when a tick jumps several", () => {
  const sink = new Sink();
  const clock = fakeClock();
  const p = progress({ total: 10, label: "x", stream: sink, clock: clock.now });
  p.set(5);
  p.set(7);
  p.set(10);
  clock.advance(1500);
  p.done();
  assert.deepEqual(sink.lines(), ["x: 5/10 (50%)", "x: 7/10 (70%)", "x: 10/10 (100%) in 1.5 s"]);
});

Deno.test("progress quiet prints nothing", () => {
  for (const terminal of [false, true]) {
    const sink = new Sink(terminal);
    const p = progress({ total: 10, label: "q", quiet: true, stream: sink });
    for (let i = 0; i < 10; i++) p.tick();
    p.done();
    assert.equal(sink.text, "");
  }
});

Deno.test("progress terminal mode redraws one line with \\r, throttled, with rate and ETA", () => {
  const sink = new Sink(true);
  const clock = fakeClock();
  const p = progress({ total: 100, label: "probe", stream: sink, clock: clock.now, barWidth: 10 });
  for (let i = 0; i < 100; i++) {
    clock.advance(20); // 50 ticks a second, redraws at most every 100 ms
    p.tick();
  }
  p.done();
  const frames = sink.text.split("\r").filter((f) => f.length > 0);
  assert.equal(sink.text.split("\n").length, 2, "a single line, ended by done()");
  assert.equal(frames.length, 21, "ticks 1, 6, ..., 96 and the closing frame");
  assert.equal(frames[0], "probe [----------]   1% 1/100 50.0/s ETA 0:02\x1b[K");
  assert.equal(frames[10], "probe [#####-----]  51% 51/100 50.0/s ETA 0:01\x1b[K");
  assert.equal(frames.at(-1), "probe [##########] 100% 100/100 50.0/s in 0:02\x1b[K\n");
});

Deno.test("progress handles a zero total", () => {
  const sink = new Sink();
  const p = progress({ total: 0, label: "empty", stream: sink, clock: () => 0 });
  p.done();
  assert.deepEqual(sink.lines(), ["empty: 0/0 (100%) in 0.0 s"]);
});

Deno.test("formatClock formats minutes and hours", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(65.4), "1:05");
  assert.equal(formatClock(3600), "1:00:00");
  assert.equal(formatClock(Number.NaN), "--:--");
});
