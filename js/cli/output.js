// Writing rows, as CSV (csv-stringify) or NDJSON, to a file or standard output, with
// backpressure: a writer's `write` resolves when the destination can take more.
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";
import { stringify } from "csv-stringify";

/**
 * A stream of rows to `path` (null: standard output).
 * - CSV: `columns` is the header, written first unless `append` finds the file already started;
 *   rows are arrays of fields.
 * - NDJSON: rows are objects, one JSON line each.
 */
export class RowWriter {
  /**
   * @param {string | null} path
   * @param {"csv" | "ndjson"} format
   * @param {{ columns?: string[], append?: boolean }} [options]
   */
  static async open(path, format, { columns, append = false } = {}) {
    let started = false;
    if (append && path) {
      try {
        started = (await stat(path)).size > 0;
      } catch {
        started = false;
      }
    }
    const dest = path ? createWriteStream(path, { flags: append ? "a" : "w" }) : process.stdout;
    if (path) await once(dest, "open");
    return new RowWriter(dest, path ?? "standard output", !!path, format, columns, started);
  }

  constructor(dest, name, owned, format, columns, started) {
    this.dest = dest;
    this.name = name;
    this.owned = owned;
    this.format = format;
    this.columns = columns ?? [];
    this.rows = 0;
    this.broken = null;
    // A closed pipe (`| head`) or a full disk: remembered, and every write waiting for room fails
    // with it (rather than waiting for a "drain" that will never come).
    this.failed = new Promise((_, reject) => {
      this.onError = (e) => {
        this.broken = Object.assign(new Error(`cannot write to ${name}: ${e.code === "EPIPE" ? "it was closed" : e.message}`), { code: e.code });
        reject(this.broken);
      };
    });
    this.failed.catch(() => {});
    dest.on("error", this.onError);
    if (format === "csv") {
      this.csv = stringify({ header: !started && !!columns, columns, record_delimiter: "unix" });
      this.csv.on("error", this.onError);
      this.csv.pipe(dest, { end: false });
    }
  }

  /**
   * Writes one row: an array of fields (CSV only, in the order of the header), or an object (CSV:
   * its values in the order of `columns`, null and undefined as empty fields). Rejects once the
   * destination has failed.
   * @param {unknown[] | Record<string, unknown>} row
   */
  async write(row) {
    if (this.broken) throw this.broken;
    this.rows++;
    let ok;
    if (this.csv) ok = this.csv.write(Array.isArray(row) ? row : this.columns.map((c) => row[c] ?? ""));
    else ok = this.dest.write(JSON.stringify(row) + "\n");
    if (!ok) await Promise.race([once(this.csv ?? this.dest, "drain"), this.failed]);
  }

  /**
   * Flushes everything and closes the file (standard output stays open). After a failure it only
   * lets go (the failure was already thrown by `write`).
   */
  async close() {
    if (this.broken) {
      this.csv?.destroy();
      if (this.owned) this.dest.destroy();
      return;
    }
    if (this.csv) {
      const ended = once(this.csv, "end");
      this.csv.end();
      // The stringifier ends once its output has been read into the destination.
      await Promise.race([ended, this.failed]).catch(() => {});
    }
    if (this.owned) {
      const finished = once(this.dest, "finish");
      this.dest.end();
      await Promise.race([finished, this.failed]).catch(() => {});
    } else if (!this.broken) {
      // Standard output may be an asynchronous pipe: an empty write calls back once all before it is out.
      await new Promise((resolve) => this.dest.write("", resolve));
    }
    if (this.broken) throw this.broken;
  }
}
