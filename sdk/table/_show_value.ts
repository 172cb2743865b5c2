/**
 * Internal: show a value briefly inside an error message.
 *
 * @module
 */

/**
 * Show a value briefly inside an error message: strings quoted, long values cut.
 *
 * @param value Any value.
 * @returns A short printable form.
 *
 * @example
 * ```ts
 * import { showValue } from "./_show_value.ts";
 * console.log(showValue("abc")); // "abc"
 * console.log(showValue(1.5)); // 1.5
 * ```
 */
export function showValue(value: unknown): string {
  let s: string;
  if (typeof value === "string") s = JSON.stringify(value);
  else if (typeof value === "bigint") s = `${value}n`;
  else if (value === undefined) s = "undefined";
  else if (typeof value === "number" || typeof value === "boolean" || value === null) {
    s = String(value);
  } else if (Array.isArray(value)) s = `an array of ${value.length}`;
  else if (ArrayBuffer.isView(value)) s = `a ${value.constructor.name}`;
  else if (value instanceof Date) s = `the date ${value.toISOString()}`;
  else s = typeof value === "object" ? "an object" : `a ${typeof value}`;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
