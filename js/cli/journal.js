// The journal of a bulk job (--journal F): what input and settings it is for, then one line per
// chunk HubSpot answered. A chunk is known by its number: chunks are cut from the input in a
// fixed way (rows grouped by object-type pair and endpoint, in file order, `batchSize` per
// chunk), so the same input and batch size give the same chunks on every run. A line is appended
// as soon as a chunk is answered, so even a killed process loses at most its chunks in flight.
// The file holds no token and no row data: numbers, line numbers and the input's SHA-256.
import { openSync, readFileSync, writeFileSync, writeSync, closeSync, existsSync } from "node:fs";
import { UsageError } from "./errors.js";

const MAGIC = "hubspot-associations journal";

/**
 * @typedef {{ command: string, input: string, sha256: string, rows: number, batchSize: number }} JournalMeta
 * @typedef {{ chunk: number, firstLine: number, rows: number, ok: number, failed: number }} ChunkEntry
 */

/** An open journal: the chunks earlier runs did, and `chunk` to record new ones. */
export class Journal {
  /**
   * Opens (or creates) the journal at `path` for a job described by `meta`. Throws a UsageError
   * when the file is a journal of another job (another input, command or batch size).
   * @param {string} path
   * @param {JournalMeta} meta
   * @returns {Journal}
   */
  static open(path, meta) {
    /** @type {Map<number, ChunkEntry>} */
    const done = new Map();
    let complete = false;
    let runs = 0;
    let existing = false;
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      const lines = text.split("\n").filter((l) => l.trim() !== "");
      if (lines.length) {
        existing = true;
        let head;
        try {
          head = JSON.parse(lines[0]);
        } catch {
          head = null;
        }
        if (!head || head.journal !== MAGIC) throw new UsageError(`--journal ${path} exists and is not a journal of this command; give a new file name`);
        const anyDone = lines.slice(1).some((l) => l.startsWith('{"chunk":'));
        for (const k of ["command", "sha256", "batchSize"]) {
          // A journal of a job that never got a chunk done holds nothing to resume: it starts over.
          if (head[k] !== meta[k] && !anyDone) {
            writeFileSync(path, "");
            return Journal.open(path, meta);
          }
          if (head[k] !== meta[k]) {
            const what = k === "sha256" ? `another input (${head.input}, ${head.rows} rows)` : k === "command" ? `the ${head.command} command` : `--batch-size ${head.batchSize}`;
            throw new UsageError(`--journal ${path} is the journal of ${what}; resume with the same input and options, or give a new journal file`);
          }
        }
        lines.slice(1).forEach((l, i) => {
          let e;
          try {
            e = JSON.parse(l);
          } catch {
            // A line torn by a crash can only be the last: that chunk is simply not done.
            if (i === lines.length - 2) return;
            throw new UsageError(`--journal ${path} is damaged at line ${i + 2}`);
          }
          if (typeof e.chunk === "number") done.set(e.chunk, e);
          else if (e.event === "complete") complete = true;
          else if (e.event === "run") runs++;
        });
      }
    }
    const fd = openSync(path, "a");
    const j = new Journal(path, fd, done, complete, runs);
    if (!existing) j.#line({ journal: MAGIC, version: 1, ...meta, created: new Date().toISOString() });
    j.#line({ event: "run", at: new Date().toISOString() });
    return j;
  }

  constructor(path, fd, done, complete, runs) {
    this.path = path;
    this.fd = fd;
    /** Chunks done by earlier runs, by number. */
    this.done = done;
    /** Whether an earlier run finished the job. */
    this.complete = complete;
    /** How many runs came before this one. */
    this.runs = runs;
  }

  #line(obj) {
    writeSync(this.fd, JSON.stringify(obj) + "\n");
  }

  /**
   * Records a chunk HubSpot answered.
   * @param {ChunkEntry} entry
   */
  chunk(entry) {
    this.#line(entry);
  }

  /**
   * Records how this run ended: "complete", "interrupted" or "stopped", and closes the file.
   * @param {"complete" | "interrupted" | "stopped"} event
   * @param {Record<string, unknown>} [details]
   */
  close(event, details = {}) {
    this.#line({ event, at: new Date().toISOString(), ...details });
    closeSync(this.fd);
  }
}
