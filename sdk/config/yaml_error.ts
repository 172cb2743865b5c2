/**
 * The error thrown for YAML that cannot be read safely: a syntax error, a duplicate key, a tag
 * outside the YAML 1.2 core schema, a merge key.
 *
 * @module
 */

import { ConfigError } from "../log/errors.ts";

/** Where a YAML problem is, as far as it is known. */
export interface YamlErrorInfo {
  /** The file, when the text came from one. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/**
 * YAML text that cannot be read safely. The message names the file, line and column; the same
 * facts are kept as fields for programs.
 *
 * @example
 * ```ts
 * import { YamlError } from "./yaml_error.ts";
 * const err = new YamlError("Invalid YAML in \"a.yaml\" at line 2, column 1: bad", {
 *   file: "a.yaml",
 *   line: 2,
 *   column: 1,
 * });
 * console.log(err.name, err.line); // YamlError 2
 * ```
 */
export class YamlError extends ConfigError {
  /** The file, when known. */
  readonly file?: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /**
   * An error with the position of the problem.
   *
   * @param message One sentence naming the file, line and column.
   * @param info Where the problem is.
   */
  constructor(message: string, info: YamlErrorInfo = {}) {
    super(message);
    this.name = "YamlError";
    this.file = info.file;
    this.line = info.line;
    this.column = info.column;
  }
}
