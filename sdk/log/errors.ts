/**
 * Error classes shared by the SDK and the CLI, and the one-sentence formatter.
 *
 * @module
 */

/** Why an audio file could not be read. */
export type AudioErrorReason =
  | "empty"
  | "header_only"
  | "not_audio"
  | "unsupported"
  | "corrupt"
  | "io";

/**
 * A file that is not readable audio. The message names the file and the reason.
 *
 * @example
 * ```ts
 * import { AudioFileError } from "./errors.ts";
 * const err = new AudioFileError("a.wav", "empty", "the file is empty");
 * console.log(err.message); // Cannot read audio file "a.wav": the file is empty
 * ```
 */
export class AudioFileError extends Error {
  /** The file at fault. */
  readonly path: string;
  /** A machine-readable reason. */
  readonly reason: AudioErrorReason;
  /**
   * An error whose message names the file and the problem.
   *
   * @param path The file at fault.
   * @param reason A machine-readable reason.
   * @param detail A human sentence fragment, lower case, no final period.
   */
  constructor(path: string, reason: AudioErrorReason, detail: string) {
    super(`Cannot read audio file "${path}": ${detail}`);
    this.name = "AudioFileError";
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Bad usage of a command or function: a wrong flag, a missing argument, a value out of range.
 * The CLI exits with code 2 on it.
 *
 * @example
 * ```ts
 * import { UsageError } from "./errors.ts";
 * const err = new UsageError("Unknown flag --frobnicate");
 * console.log(err.name); // UsageError
 * ```
 */
export class UsageError extends Error {
  /**
   * A usage error with the given message.
   *
   * @param message One sentence, sentence case, no final period.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A configuration file or value that does not fit its schema. The message names the file, the
 * key, what was expected and what was found.
 *
 * @example
 * ```ts
 * import { ConfigError } from "./errors.ts";
 * const err = new ConfigError("Config \"a.yaml\" key \"seed\": expected a number, found \"x\"");
 * console.log(err.name); // ConfigError
 * ```
 */
export class ConfigError extends Error {
  /**
   * A configuration error with the given message.
   *
   * @param message One sentence naming file, key, expected and found.
   */
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Render any thrown value as one readable sentence (no stack trace).
 *
 * @param err Whatever was thrown.
 * @returns The message, or a fallback sentence for non-errors.
 *
 * @example
 * ```ts
 * import { errorSentence } from "./errors.ts";
 * console.log(errorSentence(new Error("Disk full"))); // Disk full
 * console.log(errorSentence(42)); // Unexpected error: 42
 * ```
 */
export function errorSentence(err: unknown): string {
  if (err instanceof Error) {
    const msg = err.message.trim().split("\n")[0];
    return msg.length > 0 ? msg : err.name;
  }
  return `Unexpected error: ${String(err)}`;
}
