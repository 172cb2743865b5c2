/**
 * Butterworth filter design as second-order sections, the way `scipy.signal.butter(N, Wn,
 * btype, output="sos", fs=fs)` designs it: analog prototype poles, frequency transformation
 * (lowpass, highpass, bandpass, bandstop) at pre-warped edges `2 fs tan(pi f / fs)`, bilinear
 * transform, then scipy's `zpk2sos` with "nearest" pairing, so the sections themselves (not only the
 * transfer function) agree with scipy's to rounding.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../../config/_same_type.ts";
import { parseOptions } from "./options.ts";
import { UsageError } from "../../log/errors.ts";

/** Band types of {@linkcode butter}. */
export const BUTTER_TYPES = ["lowpass", "highpass", "bandpass", "bandstop"] as const;

/** A band type, see {@linkcode BUTTER_TYPES}. */
export type ButterType = typeof BUTTER_TYPES[number];

/**
 * Schema of {@linkcode ButterOptions}. `cutoff` is one frequency in Hz for lowpass/highpass, a
 * `[low, high]` pair for bandpass/bandstop; every edge must lie strictly between 0 and
 * `sampleRate / 2`. `type` defaults to "lowpass".
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const ButterOptionsSchema = z.object({
  /** Filter order N (bandpass/bandstop filters have order 2N, as in scipy). */
  order: z.number().int().min(1).max(64),
  /** -3 dB edge(s) in Hz. */
  cutoff: z.union([z.number().positive(), z.tuple([z.number().positive(), z.number().positive()])]),
  /** Samples per second. */
  sampleRate: z.number().positive(),
  /** Band type. */
  type: z.enum(BUTTER_TYPES).default("lowpass"),
}).strict();

/** Options of {@linkcode butter}. Validated by {@linkcode ButterOptionsSchema}. */
export interface ButterOptions {
  /** Filter order N, 1 to 64 (bandpass/bandstop filters have order 2N, as in scipy); required. */
  order: number;
  /**
   * -3 dB edge(s) in Hz: one frequency for lowpass/highpass, a `[low, high]` pair for
   * bandpass/bandstop; every edge strictly between 0 and `sampleRate / 2` (required).
   */
  cutoff: number | [number, number];
  /** Samples per second (required). */
  sampleRate: number;
  /** Band type. Default `"lowpass"`. */
  type?: ButterType;
}
const _butterOptions: SameType<ButterOptions, z.input<typeof ButterOptionsSchema>> = true;

interface Complex {
  re: number;
  im: number;
}

function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

function cdiv(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}

function csqrt(a: Complex): Complex {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt(Math.max(0, (r - a.re) / 2));
  return { re, im: a.im < 0 ? -im : im };
}

/** Pole and zero sets of the digital filter, plus its gain. */
interface Zpk {
  zeros: Complex[];
  poles: Complex[];
  gain: number;
}

/** Analog design (prototype + transformation), then the bilinear transform. */
function designZpk(order: number, edges: number[], fs: number, type: ButterType): Zpk {
  const fs2 = 2 * fs;
  const warped = edges.map((f) => fs2 * Math.tan((Math.PI * f) / fs));
  // Normalised analog Butterworth poles, -exp(i pi m / 2N), m = -N+1, -N+3, ..., N-1.
  const proto: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const th = (Math.PI * m) / (2 * order);
    proto.push({ re: -Math.cos(th), im: -Math.sin(th) });
  }
  let zeros: Complex[] = [];
  let poles: Complex[] = [];
  let gain = 1;
  if (type === "lowpass") {
    const wo = warped[0];
    poles = proto.map((p) => ({ re: p.re * wo, im: p.im * wo }));
    gain = Math.pow(wo, order);
  } else if (type === "highpass") {
    const wo = warped[0];
    poles = proto.map((p) => cdiv({ re: wo, im: 0 }, p));
    zeros = proto.map(() => ({ re: 0, im: 0 }));
    let prod: Complex = { re: 1, im: 0 };
    for (const p of proto) prod = cmul(prod, { re: -p.re, im: -p.im });
    gain = cdiv({ re: 1, im: 0 }, prod).re;
  } else {
    const wo = Math.sqrt(warped[0] * warped[1]);
    const bw = warped[1] - warped[0];
    const wo2: Complex = { re: wo * wo, im: 0 };
    for (const p of proto) {
      const base = type === "bandpass"
        ? { re: (p.re * bw) / 2, im: (p.im * bw) / 2 }
        : cdiv({ re: bw / 2, im: 0 }, p);
      const b2 = cmul(base, base);
      const r = csqrt({ re: b2.re - wo2.re, im: b2.im - wo2.im });
      poles.push({ re: base.re + r.re, im: base.im + r.im });
      poles.push({ re: base.re - r.re, im: base.im - r.im });
    }
    if (type === "bandpass") {
      zeros = proto.map(() => ({ re: 0, im: 0 }));
      gain = Math.pow(bw, order);
    } else {
      for (let i = 0; i < order; i++) {
        zeros.push({ re: 0, im: wo });
        zeros.push({ re: 0, im: -wo });
      }
      let prod: Complex = { re: 1, im: 0 };
      for (const p of proto) prod = cmul(prod, { re: -p.re, im: -p.im });
      gain = cdiv({ re: 1, im: 0 }, prod).re;
    }
  }
  // Bilinear transform.
  let num: Complex = { re: 1, im: 0 }, den: Complex = { re: 1, im: 0 };
  for (const z of zeros) num = cmul(num, { re: fs2 - z.re, im: -z.im });
  for (const p of poles) den = cmul(den, { re: fs2 - p.re, im: -p.im });
  const k = gain * cdiv(num, den).re;
  const zd = zeros.map((z) => cdiv({ re: fs2 + z.re, im: z.im }, { re: fs2 - z.re, im: -z.im }));
  const pd = poles.map((p) => cdiv({ re: fs2 + p.re, im: p.im }, { re: fs2 - p.re, im: -p.im }));
  while (zd.length < pd.length) zd.push({ re: -1, im: 0 });
  return { zeros: zd, poles: pd, gain: k };
}

const EPS = 2.220446049250313e-16;

function isReal(c: Complex): boolean {
  return c.im === 0;
}

/**
 * scipy's `_cplxreal`: one entry per conjugate pair (the one with positive imaginary part, pairs
 * sorted by real part), then the real roots sorted ascending. Imaginary parts within
 * `100 eps |z|` of zero count as real and are zeroed.
 */
function cplxreal(roots: Complex[]): Complex[] {
  const tol = 100 * EPS;
  const sorted = [...roots].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const reals: Complex[] = [], upper: Complex[] = [], lower: Complex[] = [];
  for (const z of sorted) {
    if (Math.abs(z.im) <= tol * Math.hypot(z.re, z.im)) reals.push({ re: z.re, im: 0 });
    else if (z.im > 0) upper.push(z);
    else lower.push(z);
  }
  if (upper.length !== lower.length) {
    throw new UsageError("Complex roots do not come in conjugate pairs");
  }
  // Runs of equal real part are ordered by |imag| (already so by the sort above).
  const pairs = upper.map((zp, i) => ({
    re: (zp.re + lower[i].re) / 2,
    im: (zp.im - lower[i].im) / 2,
  }));
  return [...pairs, ...reals];
}

/** Index of the root closest to the unit circle (first on ties), as scipy's `idx_worst`. */
function idxWorst(roots: Complex[], candidates: number[]): number {
  let best = candidates[0], bestD = Infinity;
  for (const i of candidates) {
    const d = Math.abs(1 - Math.hypot(roots[i].re, roots[i].im));
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Index of the root of `from` nearest to `to`, among all, only real, or only complex roots. */
function nearestIdx(from: Complex[], to: Complex, which: "any" | "real" | "complex"): number {
  let best = -1, bestD = Infinity;
  for (let i = 0; i < from.length; i++) {
    const r = isReal(from[i]);
    if ((which === "real" && !r) || (which === "complex" && r)) continue;
    const d = Math.hypot(from[i].re - to.re, from[i].im - to.im);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Real polynomial (highest power first) of up to two roots, a complex root meaning its pair. */
function poly(roots: Complex[]): number[] {
  if (roots.length === 0) return [1];
  if (roots.length === 1) {
    const z = roots[0];
    return isReal(z) ? [1, -z.re] : [1, -2 * z.re, z.re * z.re + z.im * z.im];
  }
  const [a, b] = roots;
  if (!isReal(a)) return [1, -2 * a.re, a.re * a.re + a.im * a.im];
  return [1, -(a.re + b.re), a.re * b.re];
}

/** One section from its zeros and poles, right-aligned as scipy's `_single_zpksos`. */
function singleSection(zeros: Complex[], poles: Complex[]): number[] {
  const b = poly(zeros), a = poly(poles);
  const out = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < b.length; i++) out[3 - b.length + i] = b[i];
  for (let i = 0; i < a.length; i++) out[6 - a.length + i] = a[i];
  return out;
}

/**
 * scipy's `zpk2sos(z, p, k, pairing="nearest")` for a digital filter: poles closest to the unit
 * circle are paired first (with their nearest zeros) and placed last; the gain goes into the
 * first section.
 */
function zpk2sos(zIn: Complex[], pIn: Complex[], k: number): Float64Array {
  let p = [...pIn], z = [...zIn];
  while (p.length < z.length) p.push({ re: 0, im: 0 });
  while (z.length < p.length) z.push({ re: 0, im: 0 });
  const nSections = Math.floor((p.length + 1) / 2);
  if (p.length % 2 === 1) {
    p.push({ re: 0, im: 0 });
    z.push({ re: 0, im: 0 });
  }
  z = cplxreal(z);
  p = cplxreal(p);
  const sos: number[][] = new Array(nSections);
  const all = (arr: Complex[]) => arr.map((_, i) => i);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1i = idxWorst(p, all(p));
    const p1 = p[p1i];
    p.splice(p1i, 1);
    const realPolesLeft = p.filter(isReal).length;
    if (isReal(p1) && realPolesLeft === 0) {
      const z1i = nearestIdx(z, p1, "real");
      const z1 = z[z1i];
      z.splice(z1i, 1);
      sos[si] = singleSection([z1, { re: 0, im: 0 }], [p1, { re: 0, im: 0 }]);
    } else if (
      p.length + 1 === z.length && !isReal(p1) && realPolesLeft === 1 &&
      z.filter(isReal).length === 1
    ) {
      const z1i = nearestIdx(z, p1, "complex");
      const z1 = z[z1i];
      z.splice(z1i, 1);
      sos[si] = singleSection([z1], [p1]);
    } else {
      const poles: Complex[] = [p1];
      if (isReal(p1)) {
        const realIdx = all(p).filter((i) => isReal(p[i]));
        const p2i = idxWorst(p, realIdx);
        poles.push(p[p2i]);
        p.splice(p2i, 1);
      }
      if (z.length > 0) {
        const z1i = nearestIdx(z, p1, "any");
        const z1 = z[z1i];
        z.splice(z1i, 1);
        if (!isReal(z1)) {
          sos[si] = singleSection([z1], poles);
        } else if (z.length > 0) {
          const z2i = nearestIdx(z, p1, "real");
          const z2 = z[z2i];
          z.splice(z2i, 1);
          sos[si] = singleSection([z1, z2], poles);
        } else {
          sos[si] = singleSection([z1], poles);
        }
      } else {
        sos[si] = singleSection([], poles);
      }
    }
  }
  const out = new Float64Array(6 * nSections);
  for (let s = 0; s < nSections; s++) out.set(sos[s], 6 * s);
  for (let i = 0; i < 3; i++) out[i] *= k;
  return out;
}

/**
 * Design a digital Butterworth filter as second-order sections (scipy layout, see
 * {@linkcode sosfilt}). The response is -3.01 dB at each edge and follows
 * `|H| = 1 / sqrt(1 + (tan(pi f / fs) / tan(pi fc / fs))^(2N))` for a lowpass.
 *
 * @param options See {@linkcode ButterOptionsSchema}.
 * @returns `6 * sections` coefficients: `ceil(N / 2)` sections for lowpass/highpass, N for
 *   bandpass/bandstop.
 * @throws {UsageError} On an edge outside (0, sampleRate / 2) or a cutoff of the wrong shape.
 *
 * @example
 * ```ts
 * import { butter } from "./butterworth.ts";
 * import { sosFrequencyResponse } from "./sos.ts";
 * const sos = butter({ order: 4, cutoff: 1000, sampleRate: 48000 });
 * console.log(sos.length / 6); // 2
 * const h = sosFrequencyResponse(sos, { frequencies: [1000], sampleRate: 48000 });
 * console.log((20 * Math.log10(h.magnitude[0])).toFixed(2)); // -3.01
 * ```
 */
export function butter(options: ButterOptions): Float64Array {
  const o = parseOptions(ButterOptionsSchema, options, "Butterworth");
  const band = o.type === "bandpass" || o.type === "bandstop";
  const edges = typeof o.cutoff === "number" ? [o.cutoff] : [...o.cutoff];
  if (band !== (edges.length === 2)) {
    throw new UsageError(
      band
        ? `A ${o.type} filter needs a [low, high] cutoff pair, found ${JSON.stringify(o.cutoff)}`
        : `A ${o.type} filter needs one cutoff frequency, found ${JSON.stringify(o.cutoff)}`,
    );
  }
  const nyquist = o.sampleRate / 2;
  for (const f of edges) {
    if (!(f > 0 && f < nyquist)) {
      throw new UsageError(
        `Butterworth cutoff ${f} Hz must lie strictly between 0 and the Nyquist frequency (${nyquist} Hz)`,
      );
    }
  }
  if (band && !(edges[0] < edges[1])) {
    throw new UsageError(
      `Butterworth band edges must be increasing, found [${edges[0]}, ${edges[1]}]`,
    );
  }
  const { zeros, poles, gain } = designZpk(o.order, edges, o.sampleRate, o.type);
  const sos = zpk2sos(zeros, poles, gain);
  return sos;
}
