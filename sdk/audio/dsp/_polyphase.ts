/**
 * The engine behind `resamplePoly`: scipy's `resample_poly` with an explicit FIR filter, computed
 * either directly (one dot product per output sample over its polyphase branch) or, when the
 * up factor is small and the filter long (16 kHz to 10 kHz, 48 kHz to 10 kHz), by overlap-save
 * FFT convolution of each polyphase branch with the decimation done in the frequency domain.
 * Both paths give the same numbers to rounding (about 1e-15 relative); the tests hold them to it.
 *
 * Two real signals of the same length can be resampled in one pass (`processPair`): the FFT path
 * carries them as the real and imaginary parts of one complex signal, the direct path shares
 * each filter tap between them.
 *
 * Output sample `m` of scipy's `resample_poly(x, up, down, window=w)` with `h = up * w` of length
 * `K` and `half = (K - 1) // 2` is `sum_n x[n] * h[m * down + half - up * n]` (terms with the
 * filter index outside `[0, K)` or `n` outside the input are zero), for
 * `m < ceil(len(x) * up / down)`.
 *
 * @module
 */

import FFT from "fft.js";
import { UsageError } from "../../log/errors.ts";

/**
 * Greatest common divisor of two non-negative integers.
 *
 * @param a First integer.
 * @param b Second integer.
 * @returns `gcd(a, b)` (`gcd(a, 0) = a`).
 *
 * @example
 * ```ts
 * import { gcd } from "./_polyphase.ts";
 * console.log(gcd(10000, 16000)); // 2000
 * ```
 */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** One polyphase branch: the output class `m = q + up * r` uses input `n0 + down * r - j`. */
interface Branch {
  /** First input index (for r = 0) the branch's newest tap meets. */
  n0: number;
  /** Taps `h[phase + up * j]`, j = 0..len-1. */
  taps: Float64Array;
  /** The same taps in reverse order, for forward dot products. */
  reversed: Float64Array;
}

/** The FFT path's per-size tables. */
interface FftPlan {
  /** Block length (power of two). */
  size: number;
  /** Fold factor: a power of two dividing `down` and `size`. */
  fold: number;
  /** Valid outputs per block, a multiple of `down`. */
  step: number;
  /** Forward transform of `size`. */
  fft: FFT;
  /** Inverse transform of `size / fold`. */
  ifft: FFT;
  /** Per branch: filter spectrum (interleaved complex), shifted and scaled for the fold. */
  spectra: Float64Array[];
  /** Per branch: first block position (circular index) of a needed sample. */
  firstPos: number[];
  /** Scratch: block input, its spectrum, folded spectrum, folded output. */
  zin: Float64Array;
  zspec: Float64Array;
  folded: Float64Array;
  wout: Float64Array;
}

/** Smallest power of two that is at least `n`. */
function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * A resampler for one `(up, down, filter)`; tables are built once, output buffers per call.
 * Not re-entrant (the FFT path keeps scratch buffers in the instance).
 *
 * @example
 * ```ts
 * import { PolyphaseResampler } from "./_polyphase.ts";
 * const r = new PolyphaseResampler({ up: 2, down: 1, window: [0.25, 0.5, 0.25] });
 * const [a, b] = r.processPair([1, 2, 3], [0, 0, 2]);
 * console.log(Array.from(a), Array.from(b)); // [ 1, 1.5, 2, 2.5, 3, 1.5 ] [ 0, 0, 0, 1, 2, 1 ]
 * ```
 */
export class PolyphaseResampler {
  /** Up factor after dividing by the gcd. */
  readonly up: number;
  /** Down factor after dividing by the gcd. */
  readonly down: number;
  /** The filter as used: the given window times `up`. */
  readonly filter: Float64Array;
  /** `(filter.length - 1) // 2`, the delay scipy compensates. */
  readonly halfLen: number;
  readonly #branches: Branch[] = [];
  readonly #maxTaps: number;
  #plan: FftPlan | null | undefined = undefined;
  /** Force one path (tests); undefined picks by cost. */
  readonly #path: "direct" | "fft" | undefined;

  /**
   * @param options `up`, `down` (positive integers, divided by their gcd), `window` (the FIR
   *   coefficients, scaled by `up` as scipy does), `path` to force an engine (tests).
   */
  constructor(
    options: {
      up: number;
      down: number;
      window: ArrayLike<number>;
      path?: "direct" | "fft";
    },
  ) {
    const { up, down, window } = options;
    for (const [name, v] of [["up", up], ["down", down]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) {
        throw new UsageError(`Resampling factor "${name}" must be a positive integer, found ${v}`);
      }
    }
    if (window.length < 1) throw new UsageError("Resampling filter must not be empty");
    const g = gcd(up, down);
    this.up = up / g;
    this.down = down / g;
    this.#path = options.path;
    const filter = new Float64Array(window.length);
    for (let i = 0; i < window.length; i++) filter[i] = window[i] * this.up;
    this.filter = filter;
    this.halfLen = Math.floor((filter.length - 1) / 2);
    let maxTaps = 0;
    for (let q = 0; q < this.up; q++) {
      const t = q * this.down + this.halfLen;
      const phase = t % this.up;
      const n0 = (t - phase) / this.up;
      const len = phase < filter.length ? Math.floor((filter.length - 1 - phase) / this.up) + 1 : 0;
      const taps = new Float64Array(len);
      const reversed = new Float64Array(len);
      for (let j = 0; j < len; j++) {
        taps[j] = filter[phase + this.up * j];
        reversed[len - 1 - j] = taps[j];
      }
      this.#branches.push({ n0, taps, reversed });
      maxTaps = Math.max(maxTaps, len);
    }
    this.#maxTaps = maxTaps;
  }

  /** Output length for `n` input samples: `ceil(n * up / down)`. */
  outputLength(n: number): number {
    return Math.ceil((n * this.up) / this.down);
  }

  /** Whether the FFT path is used (by cost estimate, unless forced). */
  get usesFft(): boolean {
    if (this.up === 1 && this.down === 1) return false;
    if (this.#path !== undefined) return this.#path === "fft";
    // Per input sample: direct ~ up * taps / down multiply-adds; FFT ~ a constant for the block
    // transform plus `up` complex multiplies (about 4 multiply-adds each), measured to cross
    // over near these weights.
    const direct = (this.up * this.#maxTaps) / this.down;
    const fft = 40 + 6 * this.up;
    return fft < direct;
  }

  /** Resample one signal. */
  process(x: ArrayLike<number>): Float64Array {
    return this.processPair(x, null)[0];
  }

  /**
   * Resample two signals of the same length together (`y` null: just `x`).
   *
   * @param x First signal.
   * @param y Second signal, or null.
   * @param out Optional output buffers of at least `outputLength(x.length)` samples each (every
   *   output sample is written; the results are views of their first samples).
   * @returns The resampled `x` and `y` (`y`'s slot is an empty array when `y` is null).
   */
  processPair(
    x: ArrayLike<number>,
    y: ArrayLike<number> | null,
    out?: { x: Float64Array; y: Float64Array },
  ): [Float64Array, Float64Array] {
    if (y !== null && y.length !== x.length) {
      throw new UsageError(
        `Signals resampled together must have the same length, found ${x.length} and ${y.length}`,
      );
    }
    const nIn = x.length;
    const nOut = this.outputLength(nIn);
    const fits = out !== undefined && out.x.length >= nOut && out.y.length >= nOut;
    const ox = fits ? out.x.subarray(0, nOut) : new Float64Array(nOut);
    const oy = y === null
      ? new Float64Array(0)
      : fits
      ? out.y.subarray(0, nOut)
      : new Float64Array(nOut);
    if (nIn === 0) return [ox, oy];
    if (this.up === 1 && this.down === 1) {
      // scipy returns a copy; the filter is not applied.
      for (let i = 0; i < nIn; i++) ox[i] = x[i];
      if (y !== null) { for (let i = 0; i < nIn; i++) oy[i] = y[i]; }
      return [ox, oy];
    }
    if (this.usesFft) this.#fftPath(x, y, ox, oy);
    else this.#directPath(x, y, ox, oy);
    return [ox, oy];
  }

  /** Direct dot products, class by class, four outputs of a class per pass over its taps. */
  #directPath(
    x: ArrayLike<number>,
    y: ArrayLike<number> | null,
    ox: Float64Array,
    oy: Float64Array,
  ): void {
    const { up, down } = this;
    const nIn = x.length, nOut = ox.length;
    // Zero-padded copies so that every read is in range: pad in front by the longest branch,
    // behind by what the last output of any class reaches.
    const pre = this.#maxTaps;
    let lastIn = 0;
    for (let q = 0; q < up && q < nOut; q++) {
      const rMax = Math.floor((nOut - 1 - q) / up);
      lastIn = Math.max(lastIn, this.#branches[q].n0 + down * rMax);
    }
    const len = pre + Math.max(lastIn + 1, nIn) + 1;
    const px = new Float64Array(len);
    for (let i = 0; i < nIn; i++) px[pre + i] = x[i];
    const py = y === null ? px : new Float64Array(len);
    if (y !== null) { for (let i = 0; i < nIn; i++) py[pre + i] = y[i]; }
    const pair = y !== null;
    const d1 = down, d2 = 2 * down, d3 = 3 * down;
    for (let q = 0; q < up && q < nOut; q++) {
      const { n0, reversed: h } = this.#branches[q];
      const k = h.length;
      const count = Math.floor((nOut - 1 - q) / up) + 1;
      // Input index of tap 0 (oldest sample) for r = 0, in the padded buffer.
      const base = pre + n0 - (k - 1);
      let r = 0;
      for (; r + 3 < count; r += 4) {
        const s = base + down * r;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        if (pair) {
          for (let j = 0; j < k; j++) {
            const c = h[j], i = s + j;
            a0 += c * px[i];
            b0 += c * py[i];
            a1 += c * px[i + d1];
            b1 += c * py[i + d1];
            a2 += c * px[i + d2];
            b2 += c * py[i + d2];
            a3 += c * px[i + d3];
            b3 += c * py[i + d3];
          }
          const m = q + up * r;
          oy[m] = b0;
          oy[m + up] = b1;
          oy[m + 2 * up] = b2;
          oy[m + 3 * up] = b3;
        } else {
          for (let j = 0; j < k; j++) {
            const c = h[j], i = s + j;
            a0 += c * px[i];
            a1 += c * px[i + d1];
            a2 += c * px[i + d2];
            a3 += c * px[i + d3];
          }
        }
        const m = q + up * r;
        ox[m] = a0;
        ox[m + up] = a1;
        ox[m + 2 * up] = a2;
        ox[m + 3 * up] = a3;
      }
      for (; r < count; r++) {
        const s = base + down * r;
        let a = 0, b = 0;
        for (let j = 0; j < k; j++) {
          a += h[j] * px[s + j];
          b += h[j] * py[s + j];
        }
        const m = q + up * r;
        ox[m] = a;
        if (pair) oy[m] = b;
      }
    }
  }

  /** Build (once) the FFT path's tables. */
  #fftPlan(): FftPlan {
    if (this.#plan) return this.#plan;
    const { down } = this;
    const taps = this.#maxTaps;
    let size = Math.max(256, nextPow2(8 * taps));
    while (size - taps + 1 < down) size *= 2;
    let fold = 1;
    while (down % (fold * 2) === 0 && size / (fold * 2) >= 4) fold *= 2;
    const step = Math.floor((size - taps + 1) / down) * down;
    const fft = new FFT(size);
    const ifft = new FFT(size / fold);
    const spectra: Float64Array[] = [];
    const firstPos: number[] = [];
    const buf = new Float64Array(2 * size);
    for (const br of this.#branches) {
      // Needed block positions p satisfy p = n - blockStart with n = n0 + down * r, and each
      // block starts at (multiple of down) - (taps - 1).
      const pq = (((br.n0 + taps - 1) % down) + down) % down;
      let first = taps - 1 + ((((pq - (taps - 1)) % down) + down) % down);
      if (first < taps - 1) first += down;
      firstPos.push(first);
      const shift = first % fold;
      buf.fill(0);
      for (let j = 0; j < br.taps.length; j++) buf[2 * j] = br.taps[j];
      const spec = new Float64Array(2 * size);
      fft.transform(spec, buf);
      // Multiply by exp(2 pi i k shift / size) / fold: the folded inverse transform (which
      // divides by size / fold) then yields the samples at positions shift + fold * i.
      for (let kk = 0; kk < size; kk++) {
        const ang = (2 * Math.PI * ((kk * shift) % size)) / size;
        const c = Math.cos(ang) / fold, s = Math.sin(ang) / fold;
        const re = spec[2 * kk], im = spec[2 * kk + 1];
        spec[2 * kk] = re * c - im * s;
        spec[2 * kk + 1] = re * s + im * c;
      }
      spectra.push(spec);
    }
    this.#plan = {
      size,
      fold,
      step,
      fft,
      ifft,
      spectra,
      firstPos,
      zin: new Float64Array(2 * size),
      zspec: new Float64Array(2 * size),
      folded: new Float64Array((2 * size) / fold),
      wout: new Float64Array((2 * size) / fold),
    };
    return this.#plan;
  }

  /** Overlap-save FFT convolution per branch with the decimation folded into the spectrum. */
  #fftPath(
    x: ArrayLike<number>,
    y: ArrayLike<number> | null,
    ox: Float64Array,
    oy: Float64Array,
  ): void {
    const plan = this.#fftPlan();
    const { up, down } = this;
    const { size, fold, step, fft, ifft, spectra, firstPos, zin, zspec, folded, wout } = plan;
    const taps = this.#maxTaps;
    const nIn = x.length, nOut = ox.length;
    const sub = size / fold;
    const stride = down / fold;
    const perBlock = step / down;
    const pair = y !== null;
    let lastIn = 0;
    for (let q = 0; q < up && q < nOut; q++) {
      const rMax = Math.floor((nOut - 1 - q) / up);
      lastIn = Math.max(lastIn, this.#branches[q].n0 + down * rMax);
    }
    for (let v0 = 0; v0 <= lastIn; v0 += step) {
      const start = v0 - (taps - 1);
      const lo = Math.max(0, -start), hi = Math.min(size, nIn - start);
      if (lo > 0 || hi < size) zin.fill(0);
      if (pair) {
        for (let p = lo; p < hi; p++) {
          zin[2 * p] = x[start + p];
          zin[2 * p + 1] = y[start + p];
        }
      } else {
        for (let p = lo; p < hi; p++) {
          zin[2 * p] = x[start + p];
          zin[2 * p + 1] = 0;
        }
      }
      fft.transform(zspec, zin);
      for (let q = 0; q < up && q < nOut; q++) {
        const g = spectra[q];
        for (let k = 0; k < 2 * sub; k += 2) {
          const zr = zspec[k], zi = zspec[k + 1], gr = g[k], gi = g[k + 1];
          folded[k] = zr * gr - zi * gi;
          folded[k + 1] = zr * gi + zi * gr;
        }
        for (let l = 1; l < fold; l++) {
          const off = 2 * l * sub;
          for (let k = 0; k < 2 * sub; k += 2) {
            const zr = zspec[off + k], zi = zspec[off + k + 1];
            const gr = g[off + k], gi = g[off + k + 1];
            folded[k] += zr * gr - zi * gi;
            folded[k + 1] += zr * gi + zi * gr;
          }
        }
        ifft.inverseTransform(wout, folded);
        const first = firstPos[q];
        const n0 = this.#branches[q].n0;
        let i = (first - (first % fold)) / fold;
        let n = start + first;
        for (let c = 0; c < perBlock; c++, i += stride, n += down) {
          const r = (n - n0) / down;
          if (r < 0) continue;
          const m = q + up * r;
          if (m >= nOut) break;
          ox[m] = wout[2 * i];
          if (pair) oy[m] = wout[2 * i + 1];
        }
      }
    }
  }
}
