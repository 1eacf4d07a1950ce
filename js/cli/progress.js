// Progress and messages on standard error (standard output is for data):
// - "tty": one live line (done/total, rate, ETA, retries, 429s, failures), then a summary;
// - "plain" (--progress auto when stderr is not a terminal): messages and the summary only;
// - "json": one JSON object per line for every event;
// - "none": only what must be said (invalid rows, failures with no --failed file, errors).
// Everything goes through `redact`, so the token cannot be printed even if a server echoes it.
import { redact } from "./errors.js";

/** A count as people read it: rounded, with thousands separators (`12,300`). */
export const num = (n) => Math.round(n).toLocaleString("en-US");

/** A duration in seconds as `m:ss` or `h:mm:ss` (`--:--` when unknown). */
export function clock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * The counters of a job, shared by the job and its progress display.
 * @typedef {{ unit: string, total: number, done: number, ok: number, failed: number, earlier: number,
 *   requests: number, retries: number, rateLimited: number, started: number }} Stats
 */

/** Where progress and messages go. */
export class Progress {
  /**
   * @param {"auto" | "json" | "none"} mode the --progress option
   * @param {string} command the subcommand, for messages
   * @param {NodeJS.WriteStream} [stream] standard error by default
   */
  constructor(mode, command, stream = process.stderr) {
    this.mode = mode === "auto" ? (stream.isTTY ? "tty" : "plain") : mode;
    this.command = command;
    this.stream = stream;
    this.stats = null;
    this.lastDraw = 0;
    this.shown = false;
    this.timer = null;
  }

  #write(text) {
    this.stream.write(redact(text));
  }

  /**
   * One JSON event (json mode only).
   * @param {string} type
   * @param {Record<string, unknown>} fields
   */
  event(type, fields = {}) {
    if (this.mode === "json") this.#write(JSON.stringify({ type, command: this.command, ...fields }) + "\n");
  }

  /** Prints a line above the live line (which is then drawn again). */
  #say(text) {
    if (this.shown) this.#write("\r\x1b[2K");
    this.#write(text + "\n");
    if (this.shown) this.#draw(true);
  }

  /**
   * An invalid input row: always reported (it is why the command exits 2).
   * @param {string} where e.g. "pairs.csv:12"
   * @param {number} line
   * @param {string} reason
   */
  invalid(where, line, reason) {
    if (this.mode === "json") this.event("invalid", { line, reason });
    else this.#say(`${where}: ${reason}`);
  }

  /**
   * A row that failed for good, when there is no --failed file to hold it: always reported.
   * @param {string} where
   * @param {number} line
   * @param {string} reason
   */
  failed(where, line, reason) {
    if (this.mode === "json") this.event("failed", { line, reason });
    else this.#say(`${where}: failed: ${reason}`);
  }

  /** A notice worth a line (not shown with --progress none). */
  info(text, fields = {}) {
    if (this.mode === "json") this.event("info", { message: text, ...fields });
    else if (this.mode !== "none") this.#say(`${this.command}: ${text}`);
  }

  /** A warning: always shown. */
  warn(text) {
    if (this.mode === "json") this.event("warning", { message: text });
    else this.#say(`${this.command}: warning: ${text}`);
  }

  /** An error that ends the command: always shown. */
  error(text) {
    this.#stop();
    if (this.mode === "json") this.event("error", { message: text });
    else this.#write(`hubspot-associations ${this.command}: ${text}\n`);
  }

  /**
   * Starts showing a job's progress.
   * @param {Stats} stats updated by the job; read on every draw
   * @param {Record<string, unknown>} fields extra fields for the json "start" event
   */
  start(stats, fields = {}) {
    this.stats = stats;
    this.event("start", { total: stats.total, unit: stats.unit, earlier: stats.earlier, ...fields });
    if (this.mode === "tty") {
      this.#draw(true);
      // Redrawn every second too, so that the rate and ETA move while waiting (a 429's window).
      this.timer = setInterval(() => this.#draw(true), 1000);
      this.timer.unref();
    }
  }

  /** Something moved: redrawn (at most 10 times a second) or, in json mode, a "progress" event. */
  update() {
    if (this.mode === "tty") this.#draw(false);
    else if (this.mode === "json") {
      const now = Date.now();
      if (now - this.lastDraw < 200 && this.stats.done < this.stats.total) return;
      this.lastDraw = now;
      this.event("progress", this.#figures());
    }
  }

  #figures() {
    const s = this.stats;
    const seconds = (Date.now() - s.started) / 1000;
    const rate = seconds > 0 ? (s.done - s.earlier) / seconds : 0;
    const eta = rate > 0 ? (s.total - s.done) / rate : null;
    return { done: s.done, total: s.total, ok: s.ok, failed: s.failed, requests: s.requests, retries: s.retries, rateLimited: s.rateLimited,
      rate: Math.round(rate * 10) / 10, etaSeconds: eta === null ? null : Math.round(eta), elapsedSeconds: Math.round(seconds * 10) / 10 };
  }

  #draw(force) {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const f = this.#figures();
    const pct = f.total ? Math.floor((f.done / f.total) * 100) : 100;
    let line = `${this.command} ${num(f.done)}/${num(f.total)} ${this.stats.unit} (${pct}%) | ${num(f.rate)} ${this.stats.unit}/s | ETA ${clock(f.etaSeconds)}` +
      ` | retries ${num(f.retries)} | 429s ${num(f.rateLimited)} | failed ${num(f.failed)}`;
    const width = this.stream.columns;
    if (width && line.length > width - 1) line = line.slice(0, width - 1);
    this.#write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  #stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.shown) {
      this.#draw(true);
      this.#write("\n");
      this.shown = false;
    }
  }

  /**
   * Ends the display with the summary line (and, in json mode, a "summary" event).
   * @param {string} text
   * @param {Record<string, unknown>} fields
   */
  summary(text, fields = {}) {
    this.#stop();
    if (this.mode === "json") this.event("summary", { ...(this.stats ? this.#figures() : {}), ...fields });
    else if (this.mode !== "none") this.#write(`${text}\n`);
  }
}
