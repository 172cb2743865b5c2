/**
 * Errors, logs and progress shared by the SDK and the CLI: one-sentence errors, leveled logs and
 * structured events (human or JSON lines on stderr), and progress bars.
 *
 * @module
 */

export * from "./errors.ts";
export * from "./logger.ts";
export * from "./progress.ts";
