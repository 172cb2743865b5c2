/**
 * Internal: set the key-value metadata of a Parquet file by rewriting its footer.
 *
 * Why: parquet-wasm passes key-value metadata through a Rust HashMap whose iteration order
 * changes from call to call, so files written with two or more keys differ byte for byte between
 * runs. We write without key-value metadata (deterministic) and then re-encode field 5
 * (`key_value_metadata`) of the Thrift-compact `FileMetaData` footer with the entries in sorted
 * order. Nothing else moves: column chunk offsets point before the footer.
 *
 * @module
 */

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

// Thrift compact protocol type ids.
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error("footer ends early");
    return this.buf[this.pos++];
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new Error("bad varint in footer");
  }
  binary(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new Error("footer ends early");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(type: number, depth = 0): void {
    if (depth > 64) throw new Error("footer nests too deep");
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return;
      case T_BYTE:
        this.pos += 1;
        return;
      case T_I16:
      case T_I32:
      case T_I64:
        this.varint();
        return;
      case T_DOUBLE:
        this.pos += 8;
        return;
      case T_BINARY:
        this.binary();
        return;
      case T_LIST:
      case T_SET: {
        const { size, elem } = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (elem === T_TRUE || elem === T_FALSE) this.pos += 1;
          else this.skip(elem, depth + 1);
        }
        return;
      }
      case T_MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kv >> 4, depth + 1);
          this.skip(kv & 0x0f, depth + 1);
        }
        return;
      }
      case T_STRUCT: {
        for (let f = this.fieldHeader(0); f; f = this.fieldHeader(f.id)) {
          this.skip(f.type, depth + 1);
        }
        return;
      }
      default:
        throw new Error(`unknown Thrift type ${type} in footer`);
    }
  }
  listHeader(): { size: number; elem: number } {
    const h = this.byte();
    const size = h >> 4 === 15 ? this.varint() : h >> 4;
    return { size, elem: h & 0x0f };
  }
  /** Next field header of a struct, or undefined at the stop byte. */
  fieldHeader(lastId: number): { id: number; type: number } | undefined {
    const h = this.byte();
    if (h === 0) return undefined;
    const delta = h >> 4;
    if (delta !== 0) return { id: lastId + delta, type: h & 0x0f };
    const z = this.varint();
    return { id: (z >>> 1) ^ -(z & 1), type: h & 0x0f };
  }
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function encodeKeyValues(entries: [string, string][]): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[] = [];
  parts.push(
    ...(entries.length < 15
      ? [(entries.length << 4) | T_STRUCT]
      : [0xf0 | T_STRUCT, ...varint(entries.length)]),
  );
  const chunks: Uint8Array[] = [Uint8Array.from(parts)];
  for (const [k, v] of entries) {
    const kb = enc.encode(k);
    const vb = enc.encode(v);
    chunks.push(Uint8Array.from([(1 << 4) | T_BINARY, ...varint(kb.length)]), kb);
    chunks.push(Uint8Array.from([(1 << 4) | T_BINARY, ...varint(vb.length)]), vb);
    chunks.push(Uint8Array.of(0));
  }
  return concat(chunks);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Replace the key-value metadata of a Parquet file: entries already there whose key is in
 * `keep` stay (in their order), then `entries` follow (in the order given).
 *
 * @param file A whole Parquet file whose footer has a key_value_metadata field.
 * @param entries Entries to add.
 * @param keep Keys of existing entries to keep (e.g. `ARROW:schema`).
 * @returns The new file bytes.
 * @throws {Error} When the footer cannot be parsed or has no key_value_metadata field.
 *
 * @example
 * ```ts
 * import { replaceKeyValueMetadata } from "./_parquet_footer.ts";
 * import { decodeParquet, encodeParquet } from "./parquet.ts";
 * import { tableFromRows } from "./arrow.ts";
 * const bytes = await encodeParquet(tableFromRows([{ a: 1 }], { schema: { a: "int32" } }));
 * const patched = replaceKeyValueMetadata(bytes, [["k", "v"]], ["ARROW:schema"]);
 * console.log((await decodeParquet(patched)).schema.metadata.get("k")); // v
 * ```
 */
export function replaceKeyValueMetadata(
  file: Uint8Array,
  entries: [string, string][],
  keep: readonly string[],
): Uint8Array {
  const n = file.length;
  if (n < 12 || MAGIC.some((m, i) => file[n - 4 + i] !== m)) {
    throw new Error("not a Parquet file (no PAR1 trailer)");
  }
  const footerLen = new DataView(file.buffer, file.byteOffset + n - 8, 4).getUint32(0, true);
  const footerStart = n - 8 - footerLen;
  if (footerStart < 4) throw new Error("footer length out of range");
  const footer = file.subarray(footerStart, n - 8);
  const r = new Reader(footer);
  let kvStart = -1;
  let kvEnd = -1;
  const kept: [string, string][] = [];
  const dec = new TextDecoder();
  for (let f = r.fieldHeader(0); f; f = r.fieldHeader(f.id)) {
    if (f.id === 5 && f.type === T_LIST) {
      kvStart = r.pos;
      const { size, elem } = r.listHeader();
      if (elem !== T_STRUCT) throw new Error("unexpected key_value_metadata element type");
      for (let i = 0; i < size; i++) {
        let key: string | undefined;
        let value = "";
        for (let g = r.fieldHeader(0); g; g = r.fieldHeader(g.id)) {
          if (g.id === 1 && g.type === T_BINARY) key = dec.decode(r.binary());
          else if (g.id === 2 && g.type === T_BINARY) value = dec.decode(r.binary());
          else r.skip(g.type);
        }
        if (key !== undefined && keep.includes(key)) kept.push([key, value]);
      }
      kvEnd = r.pos;
    } else {
      r.skip(f.type);
    }
  }
  if (kvStart < 0) throw new Error("the footer has no key_value_metadata field");
  const kv = encodeKeyValues([...kept, ...entries]);
  const newFooter = concat([footer.subarray(0, kvStart), kv, footer.subarray(kvEnd)]);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, newFooter.length, true);
  tail.set(MAGIC, 4);
  return concat([file.subarray(0, footerStart), newFooter, tail]);
}
