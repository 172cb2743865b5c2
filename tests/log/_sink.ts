import type { LogStream } from "../../sdk/log/logger.ts";

/** A LogStream that records text, optionally claiming to be a terminal, writing in small pieces. */
export class Sink implements LogStream {
  text = "";
  #terminal: boolean;
  #dec = new TextDecoder();
  constructor(terminal = false) {
    this.#terminal = terminal;
  }
  writeSync(p: Uint8Array): number {
    const n = Math.min(p.length, 7); // partial writes must be retried by the writer
    this.text += this.#dec.decode(p.subarray(0, n), { stream: true });
    return n;
  }
  isTerminal(): boolean {
    return this.#terminal;
  }
  lines(): string[] {
    return this.text.split("\n").filter((l) => l.length > 0);
  }
}
