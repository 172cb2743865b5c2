/**
 * What relative audio paths inside a dataset's list files are relative to.
 *
 * @module
 */

/**
 * What relative audio paths inside a list file (`meta.tsv`, an scp) are relative to: `root`
 * (the dataset root) or `list` (the list file's own folder).
 */
export type PathsRelativeTo = "root" | "list";
