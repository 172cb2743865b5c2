/**
 * How a {@linkcode VerifyResult} shows itself in a notebook: files checked, the count per
 * problem, the bad files first, and the manifest checked. `verifyManifest` and `verifyRows`
 * return their result with this display.
 *
 * @module
 */

import type { ResultView } from "../notebook/result_view.ts";
import type { VerifyResult } from "./verify.ts";

/** What the view knows beyond the result. */
export interface VerifyManifestViewContext {
  /** The manifest that was checked. */
  manifest?: string;
}

/**
 * The notebook view of a verify run: a headline with the files checked and the problems found;
 * facts (files, ok, each problem's count, the manifest); a table of the files with a problem
 * (utterance, column, problem, what is wrong), or of the first files checked when all are
 * fine.
 *
 * @param result What `verifyManifest` or `verifyRows` returned.
 * @param context The manifest checked, when known.
 * @returns The view (see `resultBundle`).
 *
 * @example
 * ```ts
 * import { verifyManifestView } from "./verify_manifest_view.ts";
 * import { resultBundle } from "../notebook/result_view.ts";
 * const view = verifyManifestView({
 *   reports: [{ utt_id: "u", column: "path", file: "/d/u.wav", ok: false, problem: "missing",
 *     detail: '"/d/u.wav" does not exist', sample_rate: null, frames: null }],
 *   summary: { files: 1, ok: 0, missing: 1, unreadable: 0, wrong_rate: 0, wrong_length: 0 },
 * });
 * console.log(String(resultBundle(view)["text/plain"]).split("\n")[0]);
 * // verify: 1 file, 0 ok, 1 missing
 * ```
 */
export function verifyManifestView(
  result: VerifyResult,
  context: VerifyManifestViewContext = {},
): ResultView {
  const s = result.summary;
  const problems = [
    ["missing", s.missing],
    ["unreadable", s.unreadable],
    ["wrong rate", s.wrong_rate],
    ["wrong length", s.wrong_length],
  ] as const;
  const found = problems.filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  const title = `verify: ${s.files} ${s.files === 1 ? "file" : "files"}, ${s.ok} ok` +
    (found.length > 0 ? `, ${found.join(", ")}` : "");
  const facts: [string, string | number | null][] = [
    ["files", s.files],
    ["ok", s.ok],
    ...problems.map(([k, n]) => [k, n] as [string, number]),
  ];
  if (context.manifest !== undefined) facts.push(["manifest", context.manifest]);
  const bad = result.reports.filter((x) => !x.ok);
  const shown = bad.length > 0 ? bad : result.reports;
  const table = shown.map((x) => ({
    utt_id: x.utt_id,
    column: x.column,
    problem: x.problem ?? "ok",
    detail: x.detail ?? x.file,
    sample_rate: x.sample_rate,
    frames: x.frames,
  }));
  return {
    title,
    facts,
    table,
    tableTitle: bad.length > 0 ? "files with a problem" : "files checked",
  };
}
