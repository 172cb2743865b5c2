/**
 * The shared pystoi 0.4.1 reference vectors (`expected.json` plus WAV pairs), loaded once for
 * the STOI and intrusive-scorer tests; null (with a printed reason) where they are absent.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url).pathname;

/** Folder of the vectors: `AUDIOCURATE_STOI_DIR`, else `../shared/testdata/stoi`. */
export const STOI_DIR: string = Deno.env.get("AUDIOCURATE_STOI_DIR") ??
  `${ROOT}../shared/testdata/stoi`;

/** One reference pair and pystoi's values for it. */
export interface StoiVector {
  name: string;
  clean: string;
  processed: string;
  sample_rate: number;
  stoi: number;
  estoi: number;
}

/** The vectors, or null when `expected.json` cannot be read. */
export const stoiVectors: StoiVector[] | null = await (async () => {
  try {
    return JSON.parse(await Deno.readTextFile(`${STOI_DIR}/expected.json`)) as StoiVector[];
  } catch {
    console.log(`skip: no STOI vectors at ${STOI_DIR}/expected.json (set AUDIOCURATE_STOI_DIR)`);
    return null;
  }
})();
