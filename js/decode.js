// A 2xx answer read in JS, by the shape the engine names (js/shapes.js, generated from
// src/model/shape.rs): `JSON.parse` and one walk, where the wasm engine would read the text again.
// It follows `shape::normalize` rule for rule (ids as exact strings, lenient metadata, unknown fields
// dropped, defaults filled in); tests/js/decode.test.mjs holds the two equal on every documented
// answer and on a thousand mutations of them. Whatever it cannot read exactly it declines
// (undefined), and the engine reads that answer itself, with its exact errors: an answer that does not fit its shape,
// and any answer with a run of 16 digits or more (a number there may be beyond 2^53, where
// `JSON.parse` would lose digits; HubSpot's ids are far shorter).
import { ANSWERS, SHAPES, STANDARD_ERROR } from "./shapes.js";

const FAIL = new Error("the answer does not fit its shape");

const text = (v) => (typeof v === "string" ? v : JSON.stringify(v));
function int(v) {
  if (typeof v !== "number" || !Number.isInteger(v)) throw FAIL;
  return v;
}

/** `v` (undefined: missing) read as `k`; undefined: the field is omitted. Throws FAIL. */
function read(k, v) {
  const present = v !== undefined && v !== null;
  switch (k) {
    case "Text":
      return present ? text(v) : "";
    case "TextRequired":
      if (v === undefined) throw FAIL;
      return v === null ? "" : text(v);
    case "OptText":
      return present ? text(v) : undefined;
    case "NullText":
      return present ? text(v) : null;
    case "Texts":
      return !present ? [] : Array.isArray(v) ? v.filter((x) => x !== null).map(text) : [text(v)];
    case "Str":
      if (typeof v !== "string") throw FAIL;
      return v;
    case "Id":
      if (typeof v === "string") return v;
      if (Number.isSafeInteger(v)) return String(v);
      throw FAIL;
    case "I32":
      if (int(v) < -2147483648 || v > 2147483647) throw FAIL;
      return v;
    case "I64":
      return int(v);
    case "I64Or0":
      return v === undefined ? 0 : int(v);
    case "OptI64":
      return present ? int(v) : undefined;
    case "BoolOrFalse":
      if (v === undefined) return false;
      if (typeof v !== "boolean") throw FAIL;
      return v;
    case "Cursor":
      if (typeof v === "string") return v;
      if (typeof v === "number") return String(v);
      throw FAIL;
    case "Count": {
      let n;
      if (typeof v === "number") n = Number.isInteger(v) && v >= 0 ? v : undefined;
      else if (typeof v === "string" && /^\+?\d+$/.test(v.trim())) n = Number(v.trim());
      return n === undefined ? undefined : Math.min(n, 4294967295);
    }
    case "Any":
      return present ? v : undefined;
    case "Keep":
      return v === undefined ? null : v;
    case "Errors": {
      if (!present) return undefined;
      const one = (e) => (e !== null && typeof e === "object" && !Array.isArray(e) ? object(STANDARD_ERROR.o, e) : { message: text(e) });
      return Array.isArray(v) ? v.map(one) : [one(v)];
    }
    case "Nothing":
      return null;
  }
  if (k.o) {
    if (v === undefined) throw FAIL;
    return object(k.o, v);
  }
  if (k.oo) return present ? object(k.oo, v) : undefined;
  if (k.l) {
    if (v === undefined) throw FAIL;
    return list(k.l, v);
  }
  return v === undefined ? [] : list(k.le, v);
}

function object(fields, v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw FAIL;
  const out = {};
  for (const [name, k] of fields) {
    const x = read(k, Object.hasOwn(v, name) ? v[name] : undefined);
    if (x !== undefined) out[name] = x;
  }
  return out;
}

function list(k, v) {
  if (!Array.isArray(v)) throw FAIL;
  return v.map((x) => read(k, x) ?? null);
}

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
  const shape = index > 0 && SHAPES[index];
  if (!shape || /\d{16}/.test(body)) return undefined;
  try {
    return read(shape, body.trim() ? JSON.parse(body) : {});
  } catch {
    return undefined;
  }
}
