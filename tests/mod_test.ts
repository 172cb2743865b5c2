import assert from "node:assert/strict";
import * as sdk from "../mod.ts";

Deno.test("mod.ts exports the audio layer's public names", () => {
  for (
    const name of [
      "probe",
      "probeMany",
      "readFrames",
      "WavReader",
      "decode",
      "writeWav",
      "WavWriter",
      "encodeWav",
      "resample",
      "downmix",
      "loudness",
      "stft",
      "melFilterbank",
      "butter",
      "readCsv",
      "readJsonl",
      "writeParquet",
      "readParquet",
      "loadConfig",
      "show",
      "tableView",
      "audioPlayer",
      "Figure",
      "progress",
      "createLogger",
      "writeOutput",
      "resolveInside",
    ]
  ) {
    assert.equal(typeof (sdk as Record<string, unknown>)[name], "function", name);
  }
});

Deno.test("mod.ts option schemas carry the documented defaults", () => {
  assert.equal(sdk.wavWriteOptionsSchema.parse({}).bitDepth, 16);
  assert.equal(sdk.resampleOptionsSchema.parse({}).quality, "best");
});
