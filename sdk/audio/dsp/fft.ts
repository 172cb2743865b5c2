/**
 * Real FFT of any size over Float64Array buffers: power-of-two sizes go straight to npm `fft.js`
 * (radix-4), other sizes (e.g. 400-point frames at 16 kHz) through Bluestein's chirp-z algorithm
 * on a power-of-two `fft.js` transform. Sign convention of numpy: `X[k] = sum x[n] e^(-2 pi i k n / N)`.
 *
 * @module
 */

import FFT from "fft.js";
import { UsageError } from "../../log/errors.ts";

/** Smallest power of two that is at least `n`. */
function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Whether `n` is a power of two greater than one (what fft.js accepts). */
function isPow2(n: number): boolean {
  return n > 1 && (n & (n - 1)) === 0;
}

/**
 * A reusable real FFT of one size: `forward` gives the `size / 2 + 1` non-negative-frequency bins
 * (like `numpy.fft.rfft`), `inverse` takes them back (like `numpy.fft.irfft`, imaginary parts of
 * the DC and Nyquist bins ignored). Scratch buffers live in the instance: not re-entrant, and no
 * allocation per call.
 *
 * @example
 * ```ts
 * import { RealFft } from "./fft.ts";
 * const fft = new RealFft(8);
 * const re = new Float64Array(5), im = new Float64Array(5);
 * fft.forward(Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]), re, im);
 * console.log(Array.from(re)); // [1, 1, 1, 1, 1]
 * const back = new Float64Array(8);
 * fft.inverse(re, im, back);
 * console.log(back[0]); // 1
 * ```
 */
export class RealFft {
  /** Transform length in samples. */
  readonly size: number;
  /** Number of output bins, `size / 2 + 1` (integer division). */
  readonly bins: number;
  #fft: FFT | null = null;
  #inBuf: Float64Array;
  #outBuf: Float64Array;
  // Bluestein state (non-power-of-two sizes).
  #m = 0;
  #fftM: FFT | null = null;
  #chirpRe: Float64Array = new Float64Array(0);
  #chirpIm: Float64Array = new Float64Array(0);
  #kernel: Float64Array = new Float64Array(0);
  #work: Float64Array = new Float64Array(0);
  #work2: Float64Array = new Float64Array(0);

  /**
   * A transform of the given length; its tables and buffers are allocated once.
   *
   * @param size Transform length, an integer of at least 1.
   * @throws {UsageError} When `size` is not a positive integer.
   */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new UsageError(`FFT size must be a positive integer, found ${size}`);
    }
    this.size = size;
    this.bins = Math.floor(size / 2) + 1;
    if (isPow2(size)) {
      this.#fft = new FFT(size);
      this.#inBuf = new Float64Array(2 * size);
      this.#outBuf = new Float64Array(2 * size);
    } else {
      this.#inBuf = new Float64Array(2 * size);
      this.#outBuf = new Float64Array(2 * size);
      if (size > 1) this.#initBluestein();
    }
  }

  #initBluestein(): void {
    const n = this.size;
    const m = nextPow2(2 * n - 1);
    this.#m = m;
    this.#fftM = new FFT(m);
    // chirp w[k] = exp(-i pi k^2 / n), k^2 reduced modulo 2n to keep the angle accurate.
    this.#chirpRe = new Float64Array(n);
    this.#chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % (2 * n);
      const ang = (Math.PI * k2) / n;
      this.#chirpRe[k] = Math.cos(ang);
      this.#chirpIm[k] = -Math.sin(ang);
    }
    // kernel b[j] = conj(w[j]) for |j| < n, wrapped circularly into length m, then transformed.
    const b = new Float64Array(2 * m);
    for (let j = 0; j < n; j++) {
      b[2 * j] = this.#chirpRe[j];
      b[2 * j + 1] = -this.#chirpIm[j];
      if (j > 0) {
        b[2 * (m - j)] = this.#chirpRe[j];
        b[2 * (m - j) + 1] = -this.#chirpIm[j];
      }
    }
    this.#kernel = new Float64Array(2 * m);
    this.#fftM.transform(this.#kernel, b);
    this.#work = new Float64Array(2 * m);
    this.#work2 = new Float64Array(2 * m);
  }

  /** Complex DFT of `#inBuf` (interleaved, length size) into `#outBuf` by Bluestein. */
  #bluestein(): void {
    const n = this.size, m = this.#m;
    const a = this.#work, spec = this.#work2, kern = this.#kernel;
    const wr = this.#chirpRe, wi = this.#chirpIm, x = this.#inBuf, out = this.#outBuf;
    a.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = x[2 * j], xi = x[2 * j + 1];
      a[2 * j] = xr * wr[j] - xi * wi[j];
      a[2 * j + 1] = xr * wi[j] + xi * wr[j];
    }
    const f = this.#fftM!;
    f.transform(spec, a);
    for (let k = 0; k < m; k++) {
      const sr = spec[2 * k], si = spec[2 * k + 1];
      const kr = kern[2 * k], ki = kern[2 * k + 1];
      spec[2 * k] = sr * kr - si * ki;
      spec[2 * k + 1] = sr * ki + si * kr;
    }
    f.inverseTransform(a, spec);
    for (let k = 0; k < n; k++) {
      const cr = a[2 * k], ci = a[2 * k + 1];
      out[2 * k] = cr * wr[k] - ci * wi[k];
      out[2 * k + 1] = cr * wi[k] + ci * wr[k];
    }
  }

  /**
   * Forward real FFT.
   *
   * @param input `size` real samples (only the first `size` are read).
   * @param re Receives the real parts of the `bins` output bins.
   * @param im Receives the imaginary parts of the `bins` output bins.
   */
  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    const n = this.size, bins = this.bins;
    if (n === 1) {
      re[0] = input[0];
      im[0] = 0;
      return;
    }
    const out = this.#outBuf;
    if (this.#fft !== null) {
      const buf = this.#inBuf;
      for (let i = 0; i < n; i++) buf[i] = input[i];
      this.#fft.realTransform(out, buf);
    } else {
      const buf = this.#inBuf;
      for (let i = 0; i < n; i++) {
        buf[2 * i] = input[i];
        buf[2 * i + 1] = 0;
      }
      this.#bluestein();
    }
    for (let k = 0; k < bins; k++) {
      re[k] = out[2 * k];
      im[k] = out[2 * k + 1];
    }
    im[0] = 0;
    if (n % 2 === 0) im[bins - 1] = 0;
  }

  /**
   * Inverse real FFT, scaled by `1 / size` so that `inverse(forward(x)) = x`.
   *
   * @param re Real parts of the `bins` bins.
   * @param im Imaginary parts of the `bins` bins.
   * @param output Receives `size` real samples.
   */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, output: Float64Array): void {
    const n = this.size, bins = this.bins;
    if (n === 1) {
      output[0] = re[0];
      return;
    }
    const buf = this.#inBuf, out = this.#outBuf;
    if (this.#fft !== null) {
      // Hermitian completion, then a complex inverse transform (fft.js scales by 1/n).
      buf[0] = re[0];
      buf[1] = 0;
      for (let k = 1; k < bins; k++) {
        buf[2 * k] = re[k];
        buf[2 * k + 1] = im[k];
        buf[2 * (n - k)] = re[k];
        buf[2 * (n - k) + 1] = -im[k];
      }
      buf[2 * (n / 2) + 1] = 0;
      this.#fft.inverseTransform(out, buf);
      for (let i = 0; i < n; i++) output[i] = out[2 * i];
    } else {
      // x = conj(DFT(conj(X))) / n; only the real part is kept.
      buf[0] = re[0];
      buf[1] = 0;
      for (let k = 1; k < bins; k++) {
        buf[2 * k] = re[k];
        buf[2 * k + 1] = -im[k];
        buf[2 * (n - k)] = re[k];
        buf[2 * (n - k) + 1] = im[k];
      }
      if (n % 2 === 0) buf[2 * (n / 2) + 1] = 0;
      this.#bluestein();
      const scale = 1 / n;
      for (let i = 0; i < n; i++) output[i] = out[2 * i] * scale;
    }
  }
}
