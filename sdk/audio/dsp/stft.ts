/**
 * Short-time Fourier transform and its inverse with librosa's conventions (librosa >= 0.9:
 * `center=True` pads `n_fft // 2` zeros on both sides, `pad_mode="constant"`; the periodic Hann
 * window of `winLength` points is centred in `nFft`; the inverse divides the overlap-added frames
 * by the window sum-square).
 *
 * Layout: frame-major, `re[t * bins + k]` and `im[t * bins + k]` hold bin `k` of frame `t`
 * (librosa's matrix is `(bins, frames)`: the transpose).
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import { RealFft } from "./fft.ts";
import { parseOptions } from "./options.ts";
import { getWindow, WINDOW_NAMES, type WindowName } from "./window.ts";
import { UsageError } from "../../log/errors.ts";

/** How `center` padding extends the signal: zeros, mirror without the edge sample, or repeat it. */
export const PAD_MODES = ["constant", "reflect", "edge"] as const;

/** A padding mode, see {@linkcode PAD_MODES}. */
export type PadMode = typeof PAD_MODES[number];

/**
 * Schema of {@linkcode StftOptions}, with librosa's defaults: `nFft` 2048, `winLength` nFft,
 * `hopLength` `floor(winLength / 4)`, `window` "hann" (periodic), `center` true, `padMode`
 * "constant".
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const StftOptionsSchema = z.object({
  /** FFT length (any size; powers of two are fastest). */
  nFft: z.number().int().min(1).default(2048),
  /** Samples between frame starts; default `floor(winLength / 4)`. */
  hopLength: z.number().int().min(1).optional(),
  /** Window length, at most `nFft`; the window is zero-padded to `nFft`, centred. */
  winLength: z.number().int().min(1).optional(),
  /** Window name (periodic form). */
  window: z.enum(WINDOW_NAMES).default("hann"),
  /** Pad `nFft // 2` samples each side so that frame `t` is centred at `t * hopLength`. */
  center: z.boolean().default(true),
  /** How the centre padding is filled. */
  padMode: z.enum(PAD_MODES).default("constant"),
}).strict();

/** Options of {@linkcode stft}. Validated by {@linkcode StftOptionsSchema}. */
export interface StftOptions {
  /** FFT length (any size; powers of two are fastest). Default 2048. */
  nFft?: number;
  /** Samples between frame starts. Default `floor(winLength / 4)`. */
  hopLength?: number;
  /**
   * Window length, at most `nFft`; the window is zero-padded to `nFft`, centred. Default
   * `nFft`.
   */
  winLength?: number;
  /** Window name (periodic form). Default `"hann"`. */
  window?: WindowName;
  /**
   * Pad `nFft // 2` samples each side so that frame `t` is centred at `t * hopLength`.
   * Default true.
   */
  center?: boolean;
  /** How the centre padding is filled. Default `"constant"` (zeros). */
  padMode?: PadMode;
}
const _stftOptions: SameType<StftOptions, z.input<typeof StftOptionsSchema>> = true;

/** STFT options with every default resolved. */
export interface ResolvedStftOptions {
  /** FFT length. */
  nFft: number;
  /** Hop in samples. */
  hopLength: number;
  /** Window length. */
  winLength: number;
  /** Window name. */
  window: typeof WINDOW_NAMES[number];
  /** Centre padding on or off. */
  center: boolean;
  /** Centre padding mode. */
  padMode: PadMode;
}

/**
 * A complex spectrogram, frame-major: bin `k` of frame `t` is `re[t * bins + k] + i im[t * bins + k]`.
 */
export interface Spectrogram {
  /** Number of frames. */
  frames: number;
  /** Bins per frame, `nFft / 2 + 1` (integer division). */
  bins: number;
  /** FFT length used. */
  nFft: number;
  /** Hop used, in samples. */
  hopLength: number;
  /** Real parts, `frames * bins` values. */
  re: Float32Array;
  /** Imaginary parts, `frames * bins` values. */
  im: Float32Array;
}

/**
 * Resolve STFT options (defaults and cross-field checks).
 *
 * @param options The options as given.
 * @returns Every field set.
 * @throws {UsageError} When a value is invalid or `winLength > nFft`.
 *
 * @example
 * ```ts
 * import { resolveStftOptions } from "./stft.ts";
 * console.log(resolveStftOptions({ nFft: 1024 }).hopLength); // 256
 * ```
 */
export function resolveStftOptions(options?: StftOptions): ResolvedStftOptions {
  const o = parseOptions(StftOptionsSchema, options, "STFT");
  const winLength = o.winLength ?? o.nFft;
  if (winLength > o.nFft) {
    throw new UsageError(
      `Invalid STFT option "winLength" (${winLength}): must not exceed nFft (${o.nFft})`,
    );
  }
  const hopLength = o.hopLength ?? Math.max(1, Math.floor(winLength / 4));
  return {
    nFft: o.nFft,
    hopLength,
    winLength,
    window: o.window,
    center: o.center,
    padMode: o.padMode,
  };
}

/** The analysis window zero-padded (centred) to nFft, as librosa's `pad_center`. */
function paddedWindow(o: ResolvedStftOptions): Float64Array {
  const w = getWindow(o.window, o.winLength, { periodic: true });
  if (o.winLength === o.nFft) return w;
  const out = new Float64Array(o.nFft);
  out.set(w, Math.floor((o.nFft - o.winLength) / 2));
  return out;
}

/** Index into a signal of length n for a position outside it, per pad mode (-1: zero). */
function padIndex(j: number, n: number, mode: PadMode): number {
  if (j >= 0 && j < n) return j;
  if (mode === "constant" || n === 0) return -1;
  if (mode === "edge" || n === 1) return j < 0 ? 0 : n - 1;
  // reflect (numpy "reflect": edge sample not repeated), periodic with period 2(n-1)
  const period = 2 * (n - 1);
  let r = j % period;
  if (r < 0) r += period;
  return r < n ? r : period - r;
}

/**
 * Number of STFT frames for a signal length, as librosa computes it.
 *
 * @param length Signal length in samples.
 * @param options STFT options.
 * @returns `1 + floor((length + 2 * pad - nFft) / hop)`, `pad = nFft // 2` when centred, else 0.
 * @throws {UsageError} When the signal is shorter than `nFft` with `center` off.
 *
 * @example
 * ```ts
 * import { stftFrameCount } from "./stft.ts";
 * console.log(stftFrameCount(22050)); // 44
 * ```
 */
export function stftFrameCount(length: number, options?: StftOptions): number {
  const o = resolveStftOptions(options);
  const pad = o.center ? Math.floor(o.nFft / 2) : 0;
  const padded = length + 2 * pad;
  if (padded < o.nFft) {
    throw new UsageError(
      `Signal of ${length} samples is shorter than nFft (${o.nFft}); use center padding or a smaller nFft`,
    );
  }
  return 1 + Math.floor((padded - o.nFft) / o.hopLength);
}

/**
 * Short-time Fourier transform of a mono signal, librosa-compatible (`librosa.stft` values,
 * transposed to frame-major).
 *
 * @param signal The samples.
 * @param options See {@linkcode StftOptionsSchema}.
 * @returns The complex spectrogram.
 * @throws {UsageError} On invalid options or a signal shorter than `nFft` without centring.
 *
 * @example
 * ```ts
 * import { stft, magnitude } from "./stft.ts";
 * const sr = 8000;
 * const x = Float32Array.from({ length: sr }, (_, i) => Math.sin(2 * Math.PI * 1000 * i / sr));
 * const spec = stft(x, { nFft: 256 });
 * const mag = magnitude(spec);
 * const frame = mag.subarray(10 * spec.bins, 11 * spec.bins);
 * console.log(frame.indexOf(Math.max(...frame))); // 32 (1000 Hz = bin 1000 / (8000 / 256))
 * ```
 */
export function stft(signal: Float32Array, options?: StftOptions): Spectrogram {
  const o = resolveStftOptions(options);
  const n = signal.length;
  const frames = stftFrameCount(n, o);
  const nFft = o.nFft, hop = o.hopLength;
  const fft = new RealFft(nFft);
  const bins = fft.bins;
  const win = paddedWindow(o);
  const pad = o.center ? Math.floor(nFft / 2) : 0;
  const buf = new Float64Array(nFft);
  const fre = new Float64Array(bins), fim = new Float64Array(bins);
  const re = new Float32Array(frames * bins), im = new Float32Array(frames * bins);
  for (let t = 0; t < frames; t++) {
    const start = t * hop - pad;
    if (start >= 0 && start + nFft <= n) {
      for (let i = 0; i < nFft; i++) buf[i] = signal[start + i] * win[i];
    } else {
      for (let i = 0; i < nFft; i++) {
        const j = padIndex(start + i, n, o.padMode);
        buf[i] = j < 0 ? 0 : signal[j] * win[i];
      }
    }
    fft.forward(buf, fre, fim);
    const off = t * bins;
    for (let k = 0; k < bins; k++) {
      re[off + k] = fre[k];
      im[off + k] = fim[k];
    }
  }
  return { frames, bins, nFft, hopLength: hop, re, im };
}

/**
 * Schema of {@linkcode IstftOptions}. Defaults come from the spectrogram (`nFft`, `hopLength`) and
 * then from librosa (`winLength` nFft, `window` "hann", `center` true); `length` trims or
 * zero-pads the output to an exact sample count.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const IstftOptionsSchema = z.object({
  /** FFT length; default the spectrogram's `nFft`. */
  nFft: z.number().int().min(1).optional(),
  /** Hop; default the spectrogram's `hopLength`. */
  hopLength: z.number().int().min(1).optional(),
  /** Window length; default nFft. */
  winLength: z.number().int().min(1).optional(),
  /** Window name (periodic). */
  window: z.enum(WINDOW_NAMES).default("hann"),
  /** Whether the forward transform was centred (trims `nFft // 2` at the start). */
  center: z.boolean().default(true),
  /** Exact output length in samples. */
  length: z.number().int().min(0).optional(),
}).strict();

/** Options of {@linkcode istft}. Validated by {@linkcode IstftOptionsSchema}. */
export interface IstftOptions {
  /** FFT length. Default the spectrogram's `nFft`. */
  nFft?: number;
  /** Hop in samples. Default the spectrogram's `hopLength`. */
  hopLength?: number;
  /** Window length. Default `nFft`. */
  winLength?: number;
  /** Window name (periodic form). Default `"hann"`. */
  window?: WindowName;
  /** Whether the forward transform was centred (trims `nFft // 2` at the start). Default true. */
  center?: boolean;
  /**
   * Exact output length in samples (zero-padded or cut). Default every sample the frames cover,
   * less the centre padding.
   */
  length?: number;
}
const _istftOptions: SameType<IstftOptions, z.input<typeof IstftOptionsSchema>> = true;

/**
 * Inverse STFT by weighted overlap-add, normalised by the window sum-square (librosa.istft).
 *
 * @param spec A spectrogram from {@linkcode stft} (or one of the same layout).
 * @param options See {@linkcode IstftOptionsSchema}.
 * @returns The reconstructed signal.
 * @throws {UsageError} When the spectrogram's bin count does not match `nFft`.
 *
 * @example
 * ```ts
 * import { stft, istft } from "./stft.ts";
 * const x = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i / 7));
 * const y = istft(stft(x, { nFft: 512 }), { length: x.length });
 * console.log(Math.abs(y[1234] - x[1234]) < 1e-5); // true
 * ```
 */
export function istft(spec: Spectrogram, options?: IstftOptions): Float32Array {
  const p = parseOptions(IstftOptionsSchema, options, "ISTFT");
  const nFft = p.nFft ?? spec.nFft;
  const bins = Math.floor(nFft / 2) + 1;
  if (bins !== spec.bins) {
    throw new UsageError(
      `Spectrogram has ${spec.bins} bins per frame but nFft ${nFft} needs ${bins}`,
    );
  }
  const winLength = p.winLength ?? nFft;
  if (winLength > nFft) {
    throw new UsageError(
      `Invalid ISTFT option "winLength" (${winLength}): must not exceed nFft (${nFft})`,
    );
  }
  const hop = p.hopLength ?? spec.hopLength;
  const o: ResolvedStftOptions = {
    nFft,
    hopLength: hop,
    winLength,
    window: p.window,
    center: p.center,
    padMode: "constant",
  };
  const win = paddedWindow(o);
  const frames = spec.frames;
  const fullLen = frames === 0 ? 0 : nFft + hop * (frames - 1);
  const y = new Float64Array(fullLen);
  const wss = new Float64Array(fullLen);
  const fft = new RealFft(nFft);
  const frame = new Float64Array(nFft);
  const fre = new Float64Array(bins), fim = new Float64Array(bins);
  for (let t = 0; t < frames; t++) {
    const off = t * bins;
    for (let k = 0; k < bins; k++) {
      fre[k] = spec.re[off + k];
      fim[k] = spec.im[off + k];
    }
    fft.inverse(fre, fim, frame);
    const start = t * hop;
    for (let i = 0; i < nFft; i++) {
      const w = win[i];
      y[start + i] += frame[i] * w;
      wss[start + i] += w * w;
    }
  }
  const tiny = 1.1754943508222875e-38; // float32 smallest normal, librosa's util.tiny
  for (let i = 0; i < fullLen; i++) if (wss[i] > tiny) y[i] /= wss[i];
  const startAt = p.center ? Math.floor(nFft / 2) : 0;
  const natural = Math.max(0, fullLen - 2 * startAt);
  const outLen = p.length ?? natural;
  const out = new Float32Array(outLen);
  const avail = Math.max(0, Math.min(outLen, fullLen - startAt));
  for (let i = 0; i < avail; i++) out[i] = y[startAt + i];
  return out;
}

/**
 * Magnitude `|X|` of every bin, same frame-major layout.
 *
 * @param spec A complex spectrogram.
 * @returns `frames * bins` magnitudes.
 *
 * @example
 * ```ts
 * import { magnitude } from "./stft.ts";
 * const spec = { frames: 1, bins: 2, nFft: 2, hopLength: 1, re: Float32Array.of(3, 0), im: Float32Array.of(4, 0) };
 * console.log(magnitude(spec)[0]); // 5
 * ```
 */
export function magnitude(spec: Spectrogram): Float32Array {
  const n = spec.re.length;
  const out = new Float32Array(n);
  const re = spec.re, im = spec.im;
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return out;
}

/**
 * Power `|X|^exponent` of every bin (exponent 2 by default, librosa's `power=2.0`).
 *
 * @param spec A complex spectrogram.
 * @param exponent Power applied to the magnitude; 2 gives the energy spectrogram.
 * @returns `frames * bins` values.
 *
 * @example
 * ```ts
 * import { power } from "./stft.ts";
 * const spec = { frames: 1, bins: 2, nFft: 2, hopLength: 1, re: Float32Array.of(3, 0), im: Float32Array.of(4, 0) };
 * console.log(power(spec)[0], power(spec, 1)[0]); // 25 5
 * ```
 */
export function power(spec: Spectrogram, exponent = 2): Float32Array {
  const n = spec.re.length;
  const out = new Float32Array(n);
  const re = spec.re, im = spec.im;
  if (exponent === 2) {
    for (let i = 0; i < n; i++) out[i] = re[i] * re[i] + im[i] * im[i];
  } else {
    const half = exponent / 2;
    for (let i = 0; i < n; i++) out[i] = Math.pow(re[i] * re[i] + im[i] * im[i], half);
  }
  return out;
}
