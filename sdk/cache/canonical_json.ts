/**
 * Canonical JSON (sorted keys, no whitespace) and sha256 of text or bytes.
 *
 * @module
 */

import { createHash } from "node:crypto";

function canonical(value: unknown, at: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`Cannot write "${value}" at ${at} as canonical JSON`);
      }
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonical(v ?? null, `${at}[${i}]`)).join(",")}]`;
      }
      const obj = value as Record<string, unknown>;
      if (typeof (obj as { toJSON?: unknown }).toJSON === "function") {
        return canonical((obj as { toJSON: () => unknown }).toJSON(), at);
      }
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      return `{${
        keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k], `${at}.${k}`)}`).join(",")
      }}`;
    }
    default:
      throw new TypeError(`Cannot write a ${typeof value} at ${at} as canonical JSON`);
  }
}

/**
 * Serialise a JSON value canonically: object keys sorted (UTF-16 code unit order, as
 * `Array.prototype.sort` and RFC 8785 do), no whitespace, `undefined` object members left out,
 * `undefined` array items written as `null`. Objects with `toJSON` (e.g. `Date`) use it.
 *
 * @param value A JSON-compatible value (plain objects, arrays, strings, finite numbers,
 *   booleans, null).
 * @returns The canonical JSON text; equal values give equal text whatever their key order.
 * @throws {TypeError} For non-finite numbers, functions, symbols and bigints.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * console.log(canonicalJson({ b: 1, a: [true, null, "x"] })); // {"a":[true,null,"x"],"b":1}
 * ```
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, "$");
}

/**
 * The sha256 of a string (UTF-8) or of bytes, as 64 lowercase hex digits (node:crypto).
 *
 * @param data Text or bytes.
 * @returns The hex digest.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "./canonical_json.ts";
 * console.log(sha256Hex("")); // e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
