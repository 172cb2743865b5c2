/**
 * An audio player for notebooks: a 16-bit WAV in a `data:` URI inside an `<audio>` element,
 * kept within the output budget.
 *
 * @module
 */

import { z } from "zod";
import type { SameType } from "../config/_same_type.ts";
import type { AudioData } from "../audio/types.ts";
import { encodeWav } from "../audio/wav_writer.ts";
import { encodeBase64 } from "./_base64.ts";
import {
  $display,
  capBundle,
  escapeHtml,
  formatBytes,
  type MimeBundle,
  ShowOptionsSchema,
} from "./display.ts";

/**
 * Defaults of {@linkcode audioPlayer}; the single source of those numbers.
 *
 * @internal Public zod schema, kept off the generated pages: see docs/API.md.
 */
export const AudioPlayerOptionsSchema = z.object({
  /** Longest clip put in the player, in seconds. */
  maxSeconds: z.number().positive().default(30),
  /** Title shown above the player. */
  title: z.string().optional(),
  /** Scale the shown clip so its peak is at -1 dBFS. */
  normalize: z.boolean().default(false),
  /** When the clip does not fit the budget, mix several channels to mono first. */
  downmix: z.boolean().default(true),
  /** When it still does not fit, decimate by an integer factor, but not below this rate. */
  minSampleRate: z.number().int().positive().default(16000),
  /** Byte budget of the whole bundle. */
  maxBytes: ShowOptionsSchema.shape.maxBytes,
});

/** Options of {@linkcode audioPlayer}. */
export interface AudioPlayerOptions {
  /** Longest clip put in the player (default 30 s); longer audio is cut, and the caption says so. */
  maxSeconds?: number;
  /** Title shown above the player. */
  title?: string;
  /** Scale the shown clip so its peak is at -1 dBFS (default false). */
  normalize?: boolean;
  /** Mix to mono when that is needed to fit the budget (default true). */
  downmix?: boolean;
  /**
   * Decimate by an integer factor when needed to fit the budget, not below this rate
   * (default 16000 Hz; set it to the clip's rate to never resample).
   */
  minSampleRate?: number;
  /** Byte budget of the bundle (default 1 000 000); the clip is shortened to fit. */
  maxBytes?: number;
}
const _audioPlayerOptions: SameType<
  AudioPlayerOptions,
  z.input<typeof AudioPlayerOptionsSchema>
> = true;

const PEAK = 10 ** (-1 / 20); // -1 dBFS
const WAV_HEADER_RESERVE = 128; // a plain or extensible header, with room to spare

function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

/** Windowed-sinc low-pass (Blackman) for decimation by `k`, unit DC gain. */
function lowpass(k: number): Float32Array {
  const taps = 16 * k + 1;
  const half = (taps - 1) / 2;
  const fc = 0.45 / k; // cycles per input sample, a little under the new Nyquist
  const h = new Float32Array(taps);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const t = i - half;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) +
      0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * w;
    sum += h[i];
  }
  for (let i = 0; i < taps; i++) h[i] /= sum;
  return h;
}

function decimate(x: Float32Array, k: number, outFrames: number): Float32Array {
  const h = lowpass(k);
  const half = (h.length - 1) / 2;
  const y = new Float32Array(outFrames);
  for (let m = 0; m < outFrames; m++) {
    const c = m * k;
    let acc = 0;
    const j0 = Math.max(0, half - c);
    const j1 = Math.min(h.length, x.length - c + half);
    for (let j = j0; j < j1; j++) acc += h[j] * x[c + j - half];
    y[m] = acc;
  }
  return y;
}

interface Plan {
  outChannels: number;
  outRate: number;
  factor: number;
  outFrames: number;
  srcFrames: number;
}

function plan(audio: AudioData, opts: z.infer<typeof AudioPlayerOptionsSchema>): Plan {
  const sr = audio.sampleRate;
  const ch = audio.channels.length;
  const frames = audio.channels[0].length;
  const reserve = 1024 + 3 * new TextEncoder().encode(opts.title ?? "").length;
  const b64Budget = Math.max(0, opts.maxBytes - reserve);
  const pcmMax = Math.max(0, Math.floor(b64Budget / 4) * 3 - WAV_HEADER_RESERVE);
  const wantedFrames = Math.min(frames, Math.floor(opts.maxSeconds * sr));
  const fits = (c: number, k: number) => Math.ceil(wantedFrames / k) * c * 2 <= pcmMax;
  let outChannels = ch;
  if (!fits(ch, 1) && opts.downmix && ch > 1) outChannels = 1;
  let factor = 1;
  if (!fits(outChannels, 1)) {
    let best = 1;
    for (let k = 2; sr / k >= opts.minSampleRate; k++) {
      if (sr % k !== 0) continue;
      best = k;
      if (fits(outChannels, k)) break;
    }
    factor = best;
  }
  const outRate = sr / factor;
  const budgetFrames = Math.floor(pcmMax / (outChannels * 2));
  const outFrames = Math.min(Math.ceil(wantedFrames / factor), budgetFrames);
  const srcFrames = Math.min(frames, factor === 1 ? outFrames : outFrames * factor);
  return { outChannels, outRate, factor, outFrames, srcFrames };
}

/**
 * A displayable audio player. Build it with {@linkcode audioPlayer}; the fields tell what the
 * player holds, which may be shorter, mono or at a lower rate than the input (the caption says).
 */
export class AudioPlayer {
  /** Duration of the input in seconds. */
  readonly totalSeconds: number;
  /** Duration put in the player in seconds. */
  readonly shownSeconds: number;
  /** Sample rate of the player's WAV. */
  readonly sampleRate: number;
  /** Channels of the player's WAV. */
  readonly channels: number;
  /** What was done to fit (cut, mixed, resampled, normalized); empty when nothing. */
  readonly notes: readonly string[];
  /** The player's WAV file (16-bit PCM). */
  readonly wav: Uint8Array;
  /** One line describing input and player. */
  readonly caption: string;
  #maxBytes: number;

  /**
   * Fit the audio to the player (cut, mix, resample as needed) and encode it.
   *
   * @param audio The audio.
   * @param options See {@linkcode AudioPlayerOptions}.
   */
  constructor(audio: AudioData, options: AudioPlayerOptions = {}) {
    const opts = AudioPlayerOptionsSchema.parse(options);
    const sr = audio.sampleRate;
    if (!(sr > 0) || !Number.isInteger(sr)) {
      throw new RangeError(
        `Cannot play audio with sample rate "${sr}": expected a positive integer`,
      );
    }
    if (audio.channels.length === 0) {
      throw new RangeError("Cannot play audio with no channels");
    }
    const frames = audio.channels[0].length;
    if (audio.channels.some((c) => c.length !== frames)) {
      throw new RangeError(
        `Cannot play audio whose channels differ in length: "${
          audio.channels.map((c) => c.length).join(", ")
        }" frames`,
      );
    }
    const p = plan(audio, opts);
    let channels = audio.channels.map((c) => c.subarray(0, p.srcFrames));
    if (p.outChannels === 1 && channels.length > 1) {
      const mono = new Float32Array(p.srcFrames);
      for (const c of channels) for (let i = 0; i < mono.length; i++) mono[i] += c[i];
      const g = 1 / channels.length;
      for (let i = 0; i < mono.length; i++) mono[i] *= g;
      channels = [mono];
    }
    if (p.factor > 1) channels = channels.map((c) => decimate(c, p.factor, p.outFrames));
    else channels = channels.map((c) => c.subarray(0, p.outFrames));

    this.totalSeconds = frames / sr;
    this.shownSeconds = p.outFrames / p.outRate;
    this.sampleRate = p.outRate;
    this.channels = channels.length;
    const notes: string[] = [];
    const cut = p.srcFrames < frames;
    const cutByLength = cut && Math.floor(opts.maxSeconds * sr) <= p.srcFrames;
    if (cut) {
      notes.push(`first ${seconds(this.shownSeconds)} of ${seconds(this.totalSeconds)}`);
    }
    if (p.outChannels < audio.channels.length) {
      notes.push(`mixed ${audio.channels.length} channels to mono`);
    }
    if (p.factor > 1) notes.push(`resampled ${sr} → ${p.outRate} Hz`);
    const why: string[] = [];
    if (cutByLength) why.push(`maxSeconds ${opts.maxSeconds}`);
    if ((cut && !cutByLength) || p.factor > 1 || p.outChannels < audio.channels.length) {
      why.push(`the ${formatBytes(opts.maxBytes)} output budget`);
    }

    let peak = 0;
    for (const c of channels) {
      for (let i = 0; i < c.length; i++) peak = Math.max(peak, Math.abs(c[i]));
    }
    let gain = 1;
    if (opts.normalize && peak > 0) {
      gain = PEAK / peak;
      notes.push(`normalized (${gain >= 1 ? "+" : ""}${(20 * Math.log10(gain)).toFixed(1)} dB)`);
    }
    let clipped = false;
    const out = channels.map((c) => {
      const o = new Float32Array(c.length);
      for (let i = 0; i < c.length; i++) {
        const v = c[i] * gain;
        if (v > 1 || v < -1) clipped = true;
        o[i] = v > 1 ? 1 : v < -1 ? -1 : v;
      }
      return o;
    });
    if (clipped) notes.push("samples beyond ±1 clipped");
    this.notes = notes;
    this.wav = encodeWav({ sampleRate: p.outRate, channels: out }, { bitDepth: 16 });
    const head = `${seconds(this.totalSeconds)}, ${sr} Hz, ${audio.channels.length} ch`;
    const done = notes.length === 0
      ? ""
      : `; playing ${notes.join(", ")}${why.length ? ` (to fit ${why.join(" and ")})` : ""}`;
    this.caption = `${opts.title ? `${opts.title}: ` : ""}${head}${done}`;
    this.#maxBytes = opts.maxBytes;
  }

  /**
   * The `data:` URI of the player's WAV.
   *
   * @returns `data:audio/wav;base64,...`.
   */
  dataUri(): string {
    return `data:audio/wav;base64,${encodeBase64(this.wav)}`;
  }

  /**
   * The bundle: `text/html` with the caption and `<audio controls>`, `text/plain` with the
   * caption; capped at the budget as a safety net (the clip is already sized to fit).
   *
   * @returns The bundle.
   */
  [$display](): MimeBundle {
    const html = `<div class="audiocurate-audio">` +
      `<div style="font-size:90%">${escapeHtml(this.caption)}</div>` +
      `<audio controls preload="metadata" src="${this.dataUri()}"></audio></div>`;
    return capBundle({ "text/html": html, "text/plain": `Audio ${this.caption}` }, this.#maxBytes);
  }

  /**
   * `Audio <caption>`.
   *
   * @returns Text.
   */
  toString(): string {
    return `Audio ${this.caption}`;
  }
}

/**
 * An audio player for a notebook: a 16-bit WAV of the clip in a `data:` URI. The clip is cut to
 * `maxSeconds` and to what fits the output budget (about 23 s of 16 kHz mono in 1 MB): several
 * channels are first mixed to mono, then the rate is lowered by an integer factor (with a
 * low-pass filter, never below `minSampleRate`), then the clip is cut. The caption says which of
 * these happened, e.g. "playing first 23.4 s of 95.2 s, mixed 2 channels to mono, resampled
 * 48000 → 16000 Hz (to fit the 1.00 MB output budget)".
 *
 * @param audio The audio (samples in [-1, 1]; beyond is clipped and said so).
 * @param options See {@linkcode AudioPlayerOptions}.
 * @returns A displayable {@linkcode AudioPlayer}.
 *
 * @example
 * ```ts
 * import { audioPlayer } from "./audio_player.ts";
 * const tone = new Float32Array(16000).map((_, i) => 0.5 * Math.sin(i / 3));
 * const player = audioPlayer({ sampleRate: 16000, channels: [tone] }, { title: "tone" });
 * console.log(player.caption); // tone: 1.0 s, 16000 Hz, 1 ch
 * console.log(player.dataUri().startsWith("data:audio/wav;base64,UklGR")); // true
 * ```
 */
export function audioPlayer(audio: AudioData, options: AudioPlayerOptions = {}): AudioPlayer {
  return new AudioPlayer(audio, options);
}
