// A 2xx answer read in JS, by the shape the engine names (js/shapes.js, generated from
// src/model/shape.rs): `JSON.parse` and one walk, where the wasm engine would read the text again.
// It follows `shape::normalize` rule for rule (ids as exact strings, lenient metadata, unknown fields
// dropped, defaults filled in); tests/js/decode.test.mjs holds the two equal on every documented
// answer and on a thousand mutations of them. Whatever it cannot read exactly it declines
// (undefined), and the engine reads that answer itself, with its exact errors: an answer that does
// not fit its shape, and one where a number would become text (an id, a label) but `JSON.parse` may
// have changed it: an integer beyond 2^53 (its digits lost), or a float that JS and Rust write apart
// (from 1e21 on, and -0). Numbers kept as numbers are the same either way: the engine's text is
// parsed by `JSON.parse` too. One difference remains, as no parse of JSON in JS can see it: a float
// with a zero fraction (`5.0`, which HubSpot never sends for these) reads here as the integer 5 (the
// wasm refuses it where an integer is due, and writes "5.0" where text is).
import { ANSWERS, SHAPES, STANDARD_ERROR } from "./shapes.js";

const FAIL = new Error("the answer does not fit its shape");

/** A number as the engine writes it, where JS writes it alike; else FAIL. */
function digits(n) {
  if (Number.isInteger(n) ? !Number.isSafeInteger(n) || Object.is(n, -0) : Math.abs(n) >= 1e21) throw FAIL;
  return String(n);
}

/** Any JSON as text: a string as is, anything else as its JSON (numbers in it checked). */
function text(v) {
  if (typeof v === "string") return v;
  if (typeof v === "number") return digits(v);
  if (v !== null && typeof v === "object") check(v);
  return JSON.stringify(v);
}

function check(v) {
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    if (typeof x === "number") digits(x);
    else if (x !== null && typeof x === "object") check(x);
  }
}

function int(v) {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || Object.is(v, -0)) throw FAIL;
  return v;
}

const present = (v) => v !== undefined && v !== null;

// Each leaf kind as a reader of one value (undefined: missing); a reader's undefined omits the field.
const LEAF = {
  Text: (v) => (present(v) ? text(v) : ""),
  TextRequired: (v) => {
    if (v === undefined) throw FAIL;
    return v === null ? "" : text(v);
  },
  OptText: (v) => (present(v) ? text(v) : undefined),
  NullText: (v) => (present(v) ? text(v) : null),
  Texts: (v) => (!present(v) ? [] : Array.isArray(v) ? v.filter((x) => x !== null).map(text) : [text(v)]),
  Str: (v) => {
    if (typeof v !== "string") throw FAIL;
    return v;
  },
  Id: (v) => {
    if (typeof v === "string") return v;
    if (Number.isSafeInteger(v)) return String(v);
    throw FAIL;
  },
  I32: (v) => {
    if (int(v) < -2147483648 || v > 2147483647) throw FAIL;
    return v;
  },
  I64: int,
  I64Or0: (v) => (v === undefined ? 0 : int(v)),
  OptI64: (v) => (present(v) ? int(v) : undefined),
  BoolOrFalse: (v) => {
    if (v === undefined) return false;
    if (typeof v !== "boolean") throw FAIL;
    return v;
  },
  Cursor: (v) => {
    if (typeof v === "string") return v;
    if (typeof v === "number") return digits(v);
    throw FAIL;
  },
  Count: (v) => {
    let n;
    if (typeof v === "number") {
      // Beyond 2^53 (or -0), JSON.parse cannot say whether it was an integer: the engine decides.
      if (Number.isInteger(v) && (!Number.isSafeInteger(v) || Object.is(v, -0))) throw FAIL;
      n = Number.isInteger(v) && v >= 0 ? v : undefined;
    }
    else if (typeof v === "string" && /^\s*\+?\d+\s*$/.test(v)) n = Number(v);
    return n === undefined ? undefined : Math.min(n, 4294967295);
  },
  Any: (v) => (present(v) ? v : undefined),
  Keep: (v) => (v === undefined ? null : v),
  Errors: (v) => {
    if (!present(v)) return undefined;
    return Array.isArray(v) ? v.map(oneError) : [oneError(v)];
  },
  Nothing: () => null,
};

/** A kind of js/shapes.js made into its reader (once per shape). */
function compile(k) {
  if (typeof k === "string") return LEAF[k];
  const fields = (fs) => fs.map(([name, kind]) => [name, compile(kind)]);
  if (k.o) {
    const fs = fields(k.o);
    return (v) => {
      if (v === undefined) throw FAIL;
      return object(fs, v);
    };
  }
  if (k.oo) {
    const fs = fields(k.oo);
    return (v) => (present(v) ? object(fs, v) : undefined);
  }
  if (k.l) {
    const item = compile(k.l);
    return (v) => {
      if (v === undefined) throw FAIL;
      return list(item, v);
    };
  }
  const item = compile(k.le);
  return (v) => (v === undefined ? [] : list(item, v));
}

function object(fields, v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw FAIL;
  const out = {};
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i][0];
    // (No field name of the shapes is one of Object.prototype's.)
    const x = fields[i][1](v[name]);
    if (x !== undefined) out[name] = x;
  }
  return out;
}

function list(item, v) {
  if (!Array.isArray(v)) throw FAIL;
  const out = [];
  for (let i = 0; i < v.length; i++) out.push(item(v[i]) ?? null);
  return out;
}

const standardError = compile(STANDARD_ERROR);
const oneError = (e) => (e !== null && typeof e === "object" && !Array.isArray(e) ? standardError(e) : { message: text(e) });
const readers = [];

// Answers read by `respond`, under their handles, until the call they end takes them (`take`): at
// once, unless the attempt was dropped between the host's answer and the engine's reading of it
// (cancelled just then); such orphans are swept after a minute.
const answers = new Map();
let handles = 0;
const ORPHAN_MS = 60_000;
const encoder = new TextEncoder();

/**
 * A 2xx answer (a Response) as the engine reads it: `[head, body bytes]`, or, where the shape at
 * `index` reads it, `[head, null, what it read]` (`hold` turns that into a handle once the attempt
 * has its answer: an attempt timed out meanwhile holds nothing).
 */
export async function respond(res, head, index) {
  const text = String(await res.text());
  const value = readAnswer(index, text);
  return value === undefined ? [head, encoder.encode(text)] : [head, null, value];
}

/** `[head, handle bytes]` for an answer `respond` read: what the engine gets for it. */
export function hold([head, , value]) {
  const now = Date.now();
  if (answers.size > 64) for (const [n, [, at]] of answers) if (now - at > ORPHAN_MS) answers.delete(n);
  answers.set(++handles, [value, now]);
  return [head, encoder.encode(`\u0001${handles}`)];
}

/** For tests: how many answers are held (none once every call has ended), and were ever held. */
export const held = () => [answers.size, handles];

/** What `respond` read, by the handle the engine gave back as the call's result. */
export function take(handle) {
  const n = Number(handle.slice(1));
  const held = answers.get(n);
  answers.delete(n);
  if (!held) throw new Error("an answer read in JS was lost before its call ended");
  return held[0];
}

/**
 * The index of the shape the answer of a call of `method` is read by here (0: by the engine). The
 * pages of `batchRead({allPages})` are the engine's; so is a list read through batch read, which
 * the engine sees to.
 */
export function answerShape(method, allPages) {
  return allPages === true ? 0 : (ANSWERS[method] ?? 0);
}

/**
 * A 2xx body read by the shape at `index` in SHAPES (an empty body reads as `{}`), or undefined
 * (declined: every shape reads into an object). The node entries hand it to `defineClient`; the
 * browser entries leave every answer to the wasm, where bytes weigh more than CPU.
 */
export function readAnswer(index, body) {
  if (!(index > 0 && index < SHAPES.length)) return undefined;
  const reader = (readers[index] ??= compile(SHAPES[index]));
  try {
    return reader(body.trim() ? JSON.parse(body) : {});
  } catch {
    return undefined;
  }
}
