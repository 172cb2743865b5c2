/**
 * Internal helpers on plain config trees (mappings, lists, scalars): type tests, key-path
 * display, value descriptions for messages, prototype-safe writes and deep merge.
 *
 * @module
 */

/** A plain mapping: an object whose prototype is `Object.prototype` or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own-key lookup that never reads through the prototype chain. */
export function hasOwn(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Set an own enumerable property, safe for keys such as `__proto__`. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Dotted display of a key path: `["a", "list", "0"]` -> `a.list.0`. */
export function formatKeyPath(path: readonly (string | number | symbol)[]): string {
  return path.map((p) => String(p)).join(".");
}

/** Prefix of every config message: `Config "file" key "a.b"` (file and key optional). */
export function configPrefix(file: string | undefined, key: string | undefined): string {
  const f = file ? `Config "${file}"` : "Config";
  return key ? `${f} key "${key}"` : f;
}

/** `1 item`, `2 items`. */
export function plural(n: number | bigint | string, word: string): string {
  return `${n} ${word}${Number(n) === 1 ? "" : "s"}`;
}

/** Whether `s` is a canonical non-negative list index (`0`, `12`, not `01`). */
export function isIndex(s: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(s);
}

/** The child of a mapping or list at one key-path segment, or `undefined` when absent. */
export function childAt(node: unknown, seg: string): { found: boolean; value?: unknown } {
  if (Array.isArray(node)) {
    if (!isIndex(seg)) return { found: false };
    const i = Number(seg);
    return i < node.length ? { found: true, value: node[i] } : { found: false };
  }
  if (isPlainObject(node)) {
    return hasOwn(node, seg) ? { found: true, value: node[seg] } : { found: false };
  }
  return { found: false };
}

/** The value at a key path, or `{found: false}`. */
export function getAt(
  root: unknown,
  path: readonly (string | number)[],
): { found: boolean; value?: unknown } {
  let node = root;
  for (const p of path) {
    const c = childAt(node, String(p));
    if (!c.found) return { found: false };
    node = c.value;
  }
  return { found: true, value: node };
}

/** A short noun phrase for a value's kind: `a string`, `a mapping`, `a list`, `null`. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isPlainObject(value)) return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (value === undefined) return "nothing";
  return `a ${typeof value}`;
}

function shortJson(value: unknown, max = 60): string {
  let s: string;
  try {
    s = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/**
 * How a found value reads in a message: strings quoted, numbers and booleans as is, lists and
 * mappings named with a short preview, `undefined` as `nothing`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    return String(value);
  }
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return `a list ${shortJson(value)}`;
  if (isPlainObject(value)) return `a mapping ${shortJson(value)}`;
  return kindOf(value);
}

/** Deep copy of plain data (mappings and lists are copied, other values shared). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => deepCopy(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) setOwn(out, k, deepCopy(value[k]));
    return out as T;
  }
  return value;
}

/**
 * Merge `over` onto `base`: mappings merge key by key (recursively), anything else in `over`
 * replaces. Neither input is mutated; the result shares no mappings or lists with them.
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return deepCopy(base);
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(base)) setOwn(out, k, deepCopy(base[k]));
    for (const k of Object.keys(over)) {
      setOwn(out, k, hasOwn(base, k) ? deepMerge(base[k], over[k]) : deepCopy(over[k]));
    }
    return out;
  }
  return deepCopy(over);
}

/** Edit distance counting a swap of two neighbours as one edit, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to `key` when it is close enough to be a likely typo. */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of [...candidates].sort()) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(key.length / 3));
  return bestD <= limit ? best : undefined;
}
