/**
 * Base64 encoding of large byte arrays without building strings in a loop.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = new TextEncoder().encode(ALPHABET);
const latin1 = new TextDecoder("latin1");

/**
 * Encode bytes as base64 with a lookup table into one output buffer, decoded to a string once.
 * Portable fallback of {@linkcode encodeBase64}.
 *
 * @param bytes Any bytes.
 * @returns Standard base64 with padding.
 *
 * @example
 * ```ts
 * import { encodeBase64Portable } from "./_base64.ts";
 * console.log(encodeBase64Portable(new TextEncoder().encode("hello"))); // aGVsbG8=
 * ```
 */
export function encodeBase64Portable(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = CODES[v >> 18];
    out[o++] = CODES[(v >> 12) & 63];
    out[o++] = CODES[(v >> 6) & 63];
    out[o++] = CODES[v & 63];
  }
  if (i < n) {
    const rest = n - i;
    const v = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = CODES[v >> 18];
    out[o++] = CODES[(v >> 12) & 63];
    out[o++] = rest === 2 ? CODES[(v >> 6) & 63] : 61; // "="
    out[o++] = 61;
  }
  return latin1.decode(out);
}

type WithToBase64 = Uint8Array & { toBase64?: () => string };

/**
 * Encode bytes as base64: the runtime's native `Uint8Array.prototype.toBase64` when present,
 * else {@linkcode encodeBase64Portable}.
 *
 * @param bytes Any bytes.
 * @returns Standard base64 with padding.
 *
 * @example
 * ```ts
 * import { encodeBase64 } from "./_base64.ts";
 * console.log(encodeBase64(new Uint8Array([1, 2, 3, 4]))); // AQIDBA==
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  return typeof native === "function" ? native.call(bytes) : encodeBase64Portable(bytes);
}
