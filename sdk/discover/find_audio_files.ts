/**
 * The one recursive walker of audio files, shared by discovery and batch jobs: skip lists,
 * case-insensitive extensions, directory symlinks followed without ever looping.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import { sortPaths } from "./_sort_paths.ts";

/**
 * Walker settings (`configs/discover.yaml`); the zod schema is the single source of defaults.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const FindAudioOptionsSchema = z.object({
  /** Extensions with the dot, compared case-insensitively. */
  extensions: z.array(z.string().regex(/^\.[^/]+$/)).default([
    ".wav",
    ".aif",
    ".aiff",
    ".flac",
    ".mp3",
  ]),
  /** Directory names never entered (exact, case-sensitive). */
  skip_dirs: z.array(z.string().min(1)).default([
    "venv",
    ".venv",
    "env",
    ".git",
    ".github",
    "__pycache__",
    ".pytest_cache",
    "node_modules",
    "export",
    "exported",
    "exports",
    ".cache",
  ]),
  /** Also skip every directory whose name starts with `.`. */
  skip_dot_dirs: z.boolean().default(true),
  /** File names never listed (OS litter), exact. */
  skip_files: z.array(z.string().min(1)).default(["Thumbs.db", ".DS_Store", "desktop.ini"]),
  /** File-name prefixes never listed: `._` are macOS AppleDouble companions, never audio. */
  skip_file_prefixes: z.array(z.string().min(1)).default(["._"]),
  /**
   * Enter symlinked directories. Every directory is entered at most once (by device and inode),
   * so a loop ends and a folder linked twice is listed once, under the first path in sorted order.
   */
  follow_symlinks: z.boolean().default(true),
});

/** Walker settings after defaults. Validated by {@linkcode FindAudioOptionsSchema}. */
export interface FindAudioConfig {
  /**
   * Extensions with the dot, compared case-insensitively. Default
   * `[".wav", ".aif", ".aiff", ".flac", ".mp3"]`.
   */
  extensions: string[];
  /**
   * Directory names never entered (exact, case-sensitive). Default
   * `["venv", ".venv", "env", ".git", ".github", "__pycache__", ".pytest_cache",
   * "node_modules", "export", "exported", "exports", ".cache"]`.
   */
  skip_dirs: string[];
  /** Also skip every directory whose name starts with `.`. Default true. */
  skip_dot_dirs: boolean;
  /**
   * File names never listed (OS litter), exact. Default
   * `["Thumbs.db", ".DS_Store", "desktop.ini"]`.
   */
  skip_files: string[];
  /**
   * File-name prefixes never listed: `._` are macOS AppleDouble companions, never audio.
   * Default `["._"]`.
   */
  skip_file_prefixes: string[];
  /**
   * Enter symlinked directories. Every directory is entered at most once (by device and inode),
   * so a loop ends and a folder linked twice is listed once, under the first path in sorted order.
   * Default true.
   */
  follow_symlinks: boolean;
}
const _findAudioConfig: SameType<FindAudioConfig, z.output<typeof FindAudioOptionsSchema>> = true;

/**
 * Options of {@linkcode findAudioFiles}: any subset of {@linkcode FindAudioConfig}. Validated by
 * {@linkcode FindAudioOptionsSchema}.
 */
export interface FindAudioOptions {
  /**
   * Extensions with the dot, compared case-insensitively. Default
   * `[".wav", ".aif", ".aiff", ".flac", ".mp3"]`.
   */
  extensions?: string[];
  /**
   * Directory names never entered (exact, case-sensitive). Default
   * `["venv", ".venv", "env", ".git", ".github", "__pycache__", ".pytest_cache",
   * "node_modules", "export", "exported", "exports", ".cache"]`.
   */
  skip_dirs?: string[];
  /** Also skip every directory whose name starts with `.`. Default true. */
  skip_dot_dirs?: boolean;
  /**
   * File names never listed (OS litter), exact. Default
   * `["Thumbs.db", ".DS_Store", "desktop.ini"]`.
   */
  skip_files?: string[];
  /**
   * File-name prefixes never listed: `._` are macOS AppleDouble companions, never audio.
   * Default `["._"]`.
   */
  skip_file_prefixes?: string[];
  /**
   * Enter symlinked directories. Every directory is entered at most once (by device and inode),
   * so a loop ends and a folder linked twice is listed once, under the first path in sorted order.
   * Default true.
   */
  follow_symlinks?: boolean;
}
const _findAudioOptions: SameType<FindAudioOptions, z.input<typeof FindAudioOptionsSchema>> = true;

/** What {@linkcode findAudioFiles} found. */
export interface FoundAudioFiles {
  /** Relative POSIX paths of audio files, sorted in code-point order. */
  files: string[];
  /** Directories skipped by name (relative POSIX paths, sorted). */
  skippedDirs: string[];
  /** Directory symlinks not entered because their target was already walked (loops, twins). */
  repeatedDirs: string[];
  /** Audio-named symlinks whose target does not exist (also in `files`, sorted). */
  brokenLinks: string[];
}

function dirKey(path: string): string {
  const st = Deno.statSync(path);
  if (st.dev !== null && st.ino !== null) return `${st.dev}:${st.ino}`;
  return Deno.realPathSync(path);
}

/**
 * List the audio files under `root`, recursively, in code-point order of their relative POSIX
 * paths. Directories are read with synchronous calls (the fastest on a local disk) and entered
 * in sorted order, so the output is deterministic.
 *
 * @param root The folder to walk.
 * @param options Skip lists, extensions and symlink policy, see {@linkcode FindAudioOptionsSchema}.
 * @returns Sorted relative paths plus what was skipped.
 * @throws {Deno.errors.NotFound} When `root` does not exist.
 *
 * @example
 * ```ts
 * import { findAudioFiles } from "./find_audio_files.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/a/.git`, { recursive: true });
 * for (const f of ["a/B.WAV", "a/.git/x.wav", "a/notes.txt", "c.flac"]) {
 *   await Deno.writeFile(`${dir}/${f}`, new Uint8Array(0));
 * }
 * const found = findAudioFiles(dir);
 * console.log(found.files, found.skippedDirs); // [ "a/B.WAV", "c.flac" ] [ "a/.git" ]
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function findAudioFiles(root: string, options: FindAudioOptions = {}): FoundAudioFiles {
  const cfg = FindAudioOptionsSchema.parse(options);
  const exts = new Set(cfg.extensions.map((e) => e.toLowerCase()));
  const skipDirs = new Set(cfg.skip_dirs);
  const skipFiles = new Set(cfg.skip_files);
  const prefixes = cfg.skip_file_prefixes;
  const out: FoundAudioFiles = { files: [], skippedDirs: [], repeatedDirs: [], brokenLinks: [] };
  const rootStat = Deno.statSync(root);
  if (!rootStat.isDirectory) throw new Deno.errors.NotADirectory(`"${root}" is not a folder`);
  const visited = new Set<string>([dirKey(root)]);

  function isAudio(name: string): boolean {
    const dot = name.lastIndexOf(".");
    if (dot <= 0) return false;
    const ext = name.slice(dot);
    if (!exts.has(ext) && !exts.has(ext.toLowerCase())) return false;
    if (skipFiles.has(name)) return false;
    for (let i = 0; i < prefixes.length; i++) if (name.startsWith(prefixes[i])) return false;
    return true;
  }

  // Files are gathered in listing order and sorted once at the end; only directories are
  // entered in sorted order, as that order decides which path of a folder linked twice wins.
  function walk(abs: string, rel: string): void {
    const prefix = rel === "" ? "" : `${rel}/`;
    const dirs: string[] = [];
    const linkedDirs = new Set<string>();
    for (const e of Deno.readDirSync(abs)) {
      const name = e.name;
      if (e.isFile) {
        if (isAudio(name)) out.files.push(prefix + name);
      } else if (e.isDirectory) {
        dirs.push(name);
      } else if (e.isSymlink) {
        let st: Deno.FileInfo;
        try {
          st = Deno.statSync(`${abs}/${name}`);
        } catch {
          // A dangling audio link is still listed: discovery reports it as an error row.
          if (isAudio(name)) {
            out.brokenLinks.push(prefix + name);
            out.files.push(prefix + name);
          }
          continue;
        }
        if (st.isDirectory) {
          dirs.push(name);
          linkedDirs.add(name);
        } else if (st.isFile && isAudio(name)) {
          out.files.push(prefix + name);
        }
      }
    }
    for (const name of sortPaths(dirs)) {
      const childRel = prefix + name;
      if (skipDirs.has(name) || (cfg.skip_dot_dirs && name.startsWith("."))) {
        out.skippedDirs.push(childRel);
        continue;
      }
      if (!cfg.follow_symlinks && linkedDirs.has(name)) continue;
      const childAbs = `${abs}/${name}`;
      const key = dirKey(childAbs);
      if (visited.has(key)) {
        out.repeatedDirs.push(childRel);
        continue;
      }
      visited.add(key);
      walk(childAbs, childRel);
    }
  }

  walk(root.replace(/\/+$/, "") || "/", "");
  sortPaths(out.files);
  sortPaths(out.skippedDirs);
  sortPaths(out.repeatedDirs);
  sortPaths(out.brokenLinks);
  return out;
}
