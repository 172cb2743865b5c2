/**
 * Turn zod 4 validation issues into one readable sentence each, naming the file, the dotted
 * key, what was expected and what was found.
 *
 * @module
 */

import type { ZodSchema } from "./zod_schema.ts";
import { closest, configPrefix, describeValue, formatKeyPath, getAt, plural } from "./_tree.ts";
import { schemaKeysAt } from "./_schema.ts";

/** Options of {@linkcode formatZodError} and {@linkcode zodIssueSentences}. */
export interface FormatZodErrorOptions {
  /** The file the data came from, named in every sentence. */
  file?: string;
  /**
   * The data that was validated: the "found" part is read from it at each issue's path. Without
   * it, the found value comes from the issues (zod adds them with `reportInput: true`) or is
   * left out.
   */
  input?: unknown;
  /** The schema, to list allowed keys and suggest one for an unknown key. */
  schema?: ZodSchema;
  /**
   * Builds the start of each sentence from an issue's path. Default:
   * `Config "<file>" key "<dotted.key>"` (tables pass e.g. `Table "x.csv" row 3 column "sr"`).
   */
  prefix?: (path: readonly PropertyKey[]) => string;
}

/** The zod 4 issue fields read here (all optional: codes differ). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  values?: unknown[];
  keys?: string[];
  format?: string;
  pattern?: string;
  prefix?: string;
  suffix?: string;
  includes?: string;
  divisor?: number | bigint;
  note?: string;
  options?: unknown[];
  errors?: Issue[][];
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean (true or false)",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  tuple: "a list",
  null: "null",
  undefined: "nothing",
  bigint: "an integer",
  date: "a date",
  nan: "NaN",
  never: "no value",
  symbol: "a symbol",
  function: "a function",
  map: "a map",
  set: "a set",
};

const FORMATS: Record<string, string> = {
  email: "an email address",
  url: "a URL",
  uuid: "a UUID",
  guid: "a GUID",
  datetime: "an ISO 8601 date and time",
  date: "an ISO 8601 date (YYYY-MM-DD)",
  time: "an ISO 8601 time",
  duration: "an ISO 8601 duration",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  base64: "base64 text",
  hex: "hexadecimal text",
  lowercase: "lower-case text",
  uppercase: "upper-case text",
};

function literal(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function list(values: readonly unknown[]): string {
  return values.map(literal).join(", ");
}

function sizeOf(found: unknown): string {
  if (typeof found === "string") {
    return `${describeValue(found)} (${plural(found.length, "character")})`;
  }
  if (Array.isArray(found)) {
    return found.length === 0 ? "an empty list" : `a list of ${plural(found.length, "item")}`;
  }
  return describeValue(found);
}

/** Marks a found value that is not known (no `input` option and no `input` in the issue). */
const UNKNOWN: unique symbol = Symbol("unknown");

/** `, found <value>` or nothing when the value is unknown. */
function foundTail(found: unknown, describe: (v: unknown) => string = describeValue): string {
  return found === UNKNOWN ? "" : `, found ${describe(found)}`;
}

function bound(issue: Issue, small: boolean, found: unknown): string {
  const limit = (small ? issue.minimum : issue.maximum) ?? "?";
  const o = issue.origin;
  const cmp = issue.exact
    ? "exactly"
    : small
    ? issue.inclusive === false ? "more than" : "at least"
    : issue.inclusive === false
    ? "less than"
    : "at most";
  if (o === "number" || o === "int" || o === "bigint" || o === "date") {
    const sym = issue.exact
      ? "="
      : small
      ? issue.inclusive === false ? ">" : ">="
      : issue.inclusive === false
      ? "<"
      : "<=";
    const noun = o === "date" ? "a date" : o === "number" ? "a number" : "an integer";
    return `expected ${noun} ${sym} ${limit}${foundTail(found)}`;
  }
  if (o === "string") {
    return `expected a string of ${cmp} ${plural(limit, "character")}${foundTail(found, sizeOf)}`;
  }
  if (o === "array" || o === "set") {
    return `expected a list of ${cmp} ${plural(limit, "item")}${foundTail(found, sizeOf)}`;
  }
  return `expected ${cmp} ${limit}${o ? ` (${o})` : ""}${foundTail(found)}`;
}

function unionExpected(issue: Issue): string | undefined {
  const kinds: string[] = [];
  for (const branch of issue.errors ?? []) {
    const first = branch[0];
    if (!first || first.path.length > 0) return undefined;
    if (first.code === "invalid_type" && first.expected) {
      kinds.push(EXPECTED[first.expected] ?? `a ${first.expected}`);
    } else if (first.code === "invalid_value" && first.values) {
      kinds.push(...first.values.map(literal));
    } else {
      return undefined;
    }
  }
  const uniq = [...new Set(kinds)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `${uniq.slice(0, -1).join(", ")} or ${uniq.at(-1)}`;
}

function detail(issue: Issue, found: unknown): string {
  const f = foundTail(found);
  switch (issue.code) {
    case "invalid_type": {
      const exp = EXPECTED[issue.expected ?? ""] ?? `a ${issue.expected}`;
      let value = found;
      if (value === UNKNOWN) {
        // zod's own message still says what it received: "..., received undefined".
        const received = /received (\w+)/.exec(issue.message)?.[1];
        if (received === "undefined") value = undefined;
        else if (received) return `expected ${exp}, found ${EXPECTED[received] ?? received}`;
      }
      if (value === undefined) return `expected ${exp}, found nothing (required key is missing)`;
      return `expected ${exp}${foundTail(value)}`;
    }
    case "too_small":
      return bound(issue, true, found);
    case "too_big":
      return bound(issue, false, found);
    case "invalid_value": {
      const vals = issue.values ?? [];
      const exp = vals.length === 1 ? literal(vals[0]) : `one of ${list(vals)}`;
      return `expected ${exp}${f}`;
    }
    case "invalid_union": {
      if (issue.note === "No matching discriminator" && issue.options) {
        return `expected one of ${list(issue.options)}${f}`;
      }
      const exp = unionExpected(issue);
      if (exp) return `expected ${exp}${f}`;
      return `expected a value matching one of the allowed forms${f}`;
    }
    case "invalid_format": {
      let exp = FORMATS[issue.format ?? ""];
      if (issue.format === "regex") exp = `a string matching ${issue.pattern}`;
      if (issue.format === "starts_with") exp = `a string starting with ${literal(issue.prefix)}`;
      if (issue.format === "ends_with") exp = `a string ending with ${literal(issue.suffix)}`;
      if (issue.format === "includes") exp = `a string containing ${literal(issue.includes)}`;
      return `expected ${exp ?? `a string in ${issue.format} format`}${f}`;
    }
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}${f}`;
    default:
      // custom (a refinement's message) and anything newer than this formatter
      return `${issue.message}${f}`;
  }
}

/**
 * One sentence per problem in a zod error, e.g.
 * `Config "configs/score.yaml" key "vad.threshold": expected a number, found "high"`.
 *
 * Codes covered: invalid_type (a missing required key reads `found nothing`), too_small and
 * too_big (numbers, string lengths, list sizes), invalid_value (enums and literals),
 * unrecognized_keys (one sentence per unknown key, with a "did you mean" hint when `schema` is
 * given), invalid_union (including discriminators), invalid_format, not_multiple_of and custom
 * (the refinement's message); anything else uses zod's message.
 *
 * @param error A zod error (or anything with zod 4 `issues`).
 * @param options See {@linkcode FormatZodErrorOptions}.
 * @returns The sentences, in zod's order, without duplicates.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { zodIssueSentences } from "./format_zod_error.ts";
 * const schema = z.object({ seed: z.number(), mode: z.enum(["fast", "slow"]) });
 * const input = { seed: "x", mode: "medium" };
 * const r = schema.safeParse(input);
 * if (!r.success) console.log(zodIssueSentences(r.error, { file: "a.yaml", input }));
 * // [ 'Config "a.yaml" key "seed": expected a number, found "x"',
 * //   'Config "a.yaml" key "mode": expected one of "fast", "slow", found "medium"' ]
 * ```
 */
export function zodIssueSentences(
  error: { issues: readonly unknown[] },
  options: FormatZodErrorOptions = {},
): string[] {
  const prefix = options.prefix ??
    ((path: readonly PropertyKey[]) =>
      configPrefix(options.file, formatKeyPath(path) || undefined));
  const hasInput = Object.prototype.hasOwnProperty.call(options, "input");
  const out: string[] = [];
  for (const raw of error.issues) {
    const issue = raw as Issue;
    const path = issue.path ?? [];
    let found: unknown = "input" in issue ? issue.input : UNKNOWN;
    if (hasInput) {
      const at = getAt(options.input, path.map((p) => String(p)));
      found = at.found ? at.value : ("input" in issue ? issue.input : undefined);
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = options.schema
        ? schemaKeysAt(options.schema, path.map((p) => String(p)))
        : undefined;
      for (const key of issue.keys ?? []) {
        let d: string;
        if (allowed && allowed.length > 0) {
          const hint = closest(key, allowed);
          d = `expected one of the keys ${list(allowed)}, found unknown key ${literal(key)}` +
            (hint ? ` (did you mean ${literal(hint)}?)` : "");
        } else {
          d = `expected no key ${literal(key)} here, found unknown key ${literal(key)}`;
        }
        out.push(`${prefix([...path, key])}: ${d}`);
      }
      continue;
    }
    out.push(`${prefix(path)}: ${detail(issue, found)}`);
  }
  return [...new Set(out)];
}

/**
 * The message of a zod error as text: one sentence per problem, one per line, the most useful
 * first (the CLI prints the first line; the rest follow it).
 *
 * @param error A zod error (or anything with zod 4 `issues`).
 * @param options See {@linkcode FormatZodErrorOptions}.
 * @returns The sentences joined by newlines.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { formatZodError } from "./format_zod_error.ts";
 * const schema = z.object({ vad: z.object({ threshold: z.number().max(1) }) });
 * const input = { vad: { threshold: 3 } };
 * const r = schema.safeParse(input);
 * if (!r.success) console.log(formatZodError(r.error, { file: "configs/score.yaml", input }));
 * // Config "configs/score.yaml" key "vad.threshold": expected a number <= 1, found 3
 * ```
 */
export function formatZodError(
  error: { issues: readonly unknown[] },
  options: FormatZodErrorOptions = {},
): string {
  return zodIssueSentences(error, options).join("\n");
}
