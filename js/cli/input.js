// Reading input files: CSV (with a header row, parsed by csv-parse) or NDJSON, streamed row by row
// so that memory stays flat whatever the file's size. Standard input is spooled to a temporary
// file first, because a job reads its input twice (validate everything, then send).
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { createHash } from "node:crypto";
import { parse } from "csv-parse";
import { UsageError } from "./errors.js";

/** The input columns, as written in files (matched case-insensitively). */
export const COLUMNS = ["fromObjectType", "fromObjectId", "toObjectType", "toObjectId", "associationTypeId", "associationCategory", "label"];
/** Columns the command itself writes into failed files; ignored (and not warned about) on input. */
export const REASON = "reason";
const CANONICAL = new Map(COLUMNS.map((c) => [c.toLowerCase(), c]));

/**
 * The format a file name says: "csv", "ndjson" or null.
 * @param {string} name
 * @returns {"csv" | "ndjson" | null}
 */
export function formatOfName(name) {
  const ext = path.extname(name).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  return null;
}

/** Guesses the format from the first bytes: `{` starts NDJSON, anything else is CSV. */
async function sniff(file) {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return text.startsWith("{") ? "ndjson" : "csv";
  } finally {
    await fh.close();
  }
}

/**
 * An input ready to be read (any number of times): a file, or standard input spooled to a
 * temporary file. `name` is what messages call it.
 * @typedef {{ name: string, path: string, format: "csv" | "ndjson", bytes: number, mtimeMs: number, cleanup: () => Promise<void> }} Input
 */

/**
 * Opens `file` (`-` for standard input). `format` is the --format option, or undefined to detect it
 * from the name (or, for stdin and other names, from the first bytes).
 * @param {string} file
 * @param {"csv" | "ndjson" | undefined} format
 * @param {string} command for usage errors
 * @returns {Promise<Input>}
 */
export async function openInput(file, format, command) {
  let p = file;
  let name = file;
  let spool = null;
  if (file === "-") {
    spool = await mkdtemp(path.join(tmpdir(), "hubspot-associations-stdin-"));
    const dir = spool;
    // Removed however the process ends (an exit on a second Ctrl-C included).
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    p = path.join(spool, "input");
    name = "stdin";
    await pipeline(process.stdin, createWriteStream(p));
  }
  let st;
  try {
    st = await stat(p);
  } catch (e) {
    throw new UsageError(`cannot read ${name}: ${e.code === "ENOENT" ? "no such file" : e.message}`, command);
  }
  if (!st.isFile()) throw new UsageError(`cannot read ${name}: not a file`, command);
  const fmt = format ?? (file === "-" ? null : formatOfName(file)) ?? (await sniff(p));
  return {
    name,
    path: p,
    format: fmt,
    bytes: st.size,
    mtimeMs: st.mtimeMs,
    cleanup: async () => {
      if (spool) await rm(spool, { recursive: true, force: true });
    },
  };
}

/**
 * Checks that a file read earlier has not changed since (a job reads its input twice).
 * @param {Input} input
 */
export async function checkUnchanged(input) {
  const st = await stat(input.path);
  if (st.size !== input.bytes || st.mtimeMs !== input.mtimeMs) {
    throw new UsageError(`${input.name} changed while the job was running; nothing more was sent`);
  }
}

/**
 * One row of input. `values` holds the known columns by their canonical names (as strings, or
 * numbers/null for NDJSON); `raw` is the record as read (CSV: the array of fields; NDJSON: the
 * object), which failed files reproduce.
 * @typedef {{ line: number, values?: Record<string, unknown>, raw?: unknown, error?: string }} Row
 */

/** What csv-parse's error codes mean, in words (its messages carry line numbers of their own). */
function csvReason(err, headerLength) {
  switch (err.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return `has ${err.record?.length ?? "a different number of"} fields; the header has ${headerLength}`;
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is not closed before the end of the file";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "a quoted field goes on after its closing quote (write a quote inside a quoted field as \"\")";
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "text after the closing quote of a field";
    case "CSV_MAX_RECORD_SIZE":
      return "the record is too long";
    default:
      return String(err.message ?? err).replace(/\s+(on|at) line \d+\.?$/, "");
  }
}

/** Counts line breaks in a record's fields: all of them, and the CRLFs (see `csvRows`). */
function breaks(fields) {
  let all = 0;
  let crlf = 0;
  for (const f of fields) {
    if (typeof f !== "string" || (!f.includes("\n") && !f.includes("\r"))) continue;
    all += (f.match(/\r\n|\r|\n/g) ?? []).length;
    crlf += (f.match(/\r\n/g) ?? []).length;
  }
  return { all, crlf };
}

/**
 * The header of a CSV file: the canonical name of each known column (by index), the unknown ones.
 * Throws a UsageError for a header that cannot work.
 */
function readHeader(fields, name, required, command) {
  const index = {};
  const unknown = [];
  fields.forEach((f, i) => {
    const c = CANONICAL.get(String(f).trim().toLowerCase());
    if (c) {
      if (index[c] !== undefined) throw new UsageError(`${name}:1: the header names ${c} twice`, command);
      index[c] = i;
    } else if (String(f).trim().toLowerCase() !== REASON && String(f).trim() !== "") unknown.push(String(f));
  });
  const missing = required.filter((c) => index[c] === undefined);
  if (missing.length) {
    throw new UsageError(`${name}:1: the header has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""} ` +
      `(a CSV input starts with a header row naming its columns: ${COLUMNS.slice(0, 4).join(",")}[,associationTypeId,associationCategory,label])`, command);
  }
  return { index, unknown };
}

/**
 * The rows of a CSV file. csv-parse does the parsing (quoting, BOM, CRLF or LF, empty lines,
 * rows of empty fields); its `on_record`/`on_skip` hooks run in file order, so a bad record is
 * reported in its place. Line numbers are those of the row's first line. (csv-parse counts a CRLF
 * inside a quoted field as two lines; `extra` corrects for that.)
 */
async function* csvRows(input, opts) {
  const skipped = [];
  let header = null;
  let headerLength = 0;
  let extra = 0;
  let lastEnd = 0;
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    relax_quotes: false,
    on_skip: (err) => {
      let line = lastEnd + 1;
      if (Array.isArray(err.record) && typeof err.lines === "number") {
        const b = breaks(err.record);
        line = err.lines - extra - b.crlf - b.all;
        extra += b.crlf;
        lastEnd = err.lines - extra;
      }
      skipped.push({ line, error: csvReason(err, headerLength) });
    },
    on_record: (record, info) => {
      const b = breaks(record);
      const end = info.lines - extra - b.crlf;
      extra += b.crlf;
      lastEnd = end;
      // The first record is the header (its length is needed by on_skip before the loop below sees it).
      if (!headerLength) headerLength = record.length;
      const pending = skipped.splice(0);
      return { line: end - b.all, record, pending };
    },
  });
  const source = createReadStream(input.path);
  if (opts.onBytes) source.on("data", opts.onBytes);
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  let index = null;
  for await (const { line, record, pending } of parser) {
    for (const s of pending) yield s;
    if (!header) {
      header = record;
      const h = readHeader(record, input.name, opts.required, opts.command);
      index = h.index;
      yield { line, meta: true, header: record, unknown: h.unknown };
      continue;
    }
    const values = {};
    for (const c of COLUMNS) if (index[c] !== undefined) values[c] = record[index[c]];
    yield { line, values, raw: record };
  }
  for (const s of skipped.splice(0)) yield s;
  if (!header) throw new UsageError(`${input.name} is empty: a CSV input starts with a header row (${COLUMNS.slice(0, 4).join(",")})`, opts.command);
}

/** The rows of an NDJSON file: one JSON object per line; empty lines are skipped. */
async function* ndjsonRows(input, opts) {
  const source = createReadStream(input.path);
  if (opts.onBytes) source.on("data", opts.onBytes);
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let line = 0;
  const unknown = new Set();
  let warned = false;
  for await (let text of lines) {
    line++;
    if (line === 1) text = text.replace(/^\uFEFF/, "");
    if (text.trim() === "") continue;
    let obj;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      yield { line, error: `not JSON (${e.message.replace(/ in JSON at position \d+.*$/, "")})` };
      continue;
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      yield { line, error: "not a JSON object" };
      continue;
    }
    const values = {};
    for (const [k, v] of Object.entries(obj)) {
      const c = CANONICAL.get(k.toLowerCase());
      if (c) values[c] = v;
      else if (k.toLowerCase() !== REASON && !unknown.has(k) && unknown.size < 20) unknown.add(k);
    }
    if (!warned && unknown.size) {
      warned = true;
      yield { line, meta: true, unknown: [...unknown] };
    }
    yield { line, values, raw: obj };
  }
}

/**
 * Every row of `input`, in file order.
 * @param {Input} input
 * @param {{ required: string[], command: string, onBytes?: (chunk: Buffer) => void }} opts
 *   `required`: the columns a CSV header must have; `onBytes`: sees every byte read (hashing)
 * @returns {AsyncGenerator<Row & { meta?: true, header?: string[], unknown?: string[] }>} rows; `meta` rows
 *   carry the CSV header (once) and the columns that are not input columns (to warn about)
 */
export function readRows(input, opts) {
  return input.format === "ndjson" ? ndjsonRows(input, opts) : csvRows(input, opts);
}

/**
 * A running SHA-256 of the bytes read, which identifies an input in a journal.
 * @returns {{ update: (chunk: Buffer) => void, digest: () => string }}
 */
export function inputHash() {
  const h = createHash("sha256");
  return { update: (chunk) => h.update(chunk), digest: () => h.digest("hex") };
}
