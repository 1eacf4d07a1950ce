// What every entry adds to its client class, kept in one file with a CommonJS twin (iterate.cjs):
// - iterateAssociations: every association of a record, page after page, as an async iterable.
//   Pages are fetched lazily, so `break` stops further requests.
// - the params guard: every method reads its params object here, defensively, before anything
//   reaches wasm. Whatever it cannot read (throwing getters, Proxy traps, circular structures, a
//   throwing toJSON, symbols, functions, a signal that is not an AbortSignal) rejects with a
//   HubSpotError of kind `invalid_input` naming the method: no method throws synchronously, and no
//   JS exception ever unwinds through wasm frames (which could leave the client unusable).
//   What wasm gets is a plain JSON object (`JSON.parse` of the params' JSON text) with the
//   caller's `signal` re-attached.
//
// The HubSpotError class is passed in (not imported), so that the ESM and CommonJS entries each
// use their own copy of error.js.

const GUARDED = Symbol.for("hubspot-associations.guarded");

/** The message of anything thrown, without ever throwing itself. */
function reason(e) {
  try {
    const m = e?.message;
    if (typeof m === "string" && m) return m;
  } catch {
    // A hostile error object: fall through.
  }
  try {
    return String(e);
  } catch {
    return "an exception was thrown";
  }
}

/** Where a value sits, for messages: `after`, `inputs[2]`… (the replacer only knows the last key). */
function where(holder, key) {
  return Array.isArray(holder) ? `[${key}]` : `\`${key}\``;
}

/**
 * The caller's `signal`, checked: `undefined`/`null` (none), a genuine AbortSignal (checked with
 * its own `aborted` getter, which throws for anything else, a Proxy or a look-alike included),
 * or, where the host has no AbortSignal, a look-alike wrapped so that nothing it does can throw
 * inside wasm. Throws a plain TypeError when it is none of these.
 */
function checkSignal(s) {
  if (s === undefined || s === null) return undefined;
  const Signal = globalThis.AbortSignal;
  if (typeof Signal === "function") {
    const aborted = Object.getOwnPropertyDescriptor(Signal.prototype, "aborted")?.get;
    let genuine = false;
    try {
      // The getter's brand check also accepts a genuine signal of another realm (an iframe).
      genuine = aborted ? typeof aborted.call(s) === "boolean" : s instanceof Signal;
    } catch {
      genuine = false;
    }
    if (genuine) return s;
    throw new TypeError("signal must be an AbortSignal");
  }
  // No AbortSignal global (a bare sandbox): duck-type, with care.
  let ok = false;
  try {
    ok = typeof s === "object" && typeof s.aborted === "boolean" && typeof s.addEventListener === "function";
  } catch {
    ok = false;
  }
  if (!ok) throw new TypeError("signal must be an AbortSignal");
  return {
    get aborted() {
      try {
        return s.aborted === true;
      } catch {
        return false;
      }
    },
    addEventListener(type, listener, options) {
      try {
        s.addEventListener(type, listener, options);
      } catch {
        // Nothing to do: the call then simply runs to its end.
      }
    },
    removeEventListener(type, listener, options) {
      try {
        s.removeEventListener?.(type, listener, options);
      } catch {
        // As above.
      }
    },
  };
}

/**
 * Reads the params of `method` defensively. Returns `{ params }` (a plain object for wasm, the
 * signal re-attached) or `{ error }` (a HubSpotError of kind `invalid_input`); never throws.
 */
export function readParams(method, params, HubSpotError) {
  const fail = (message) => ({ error: new HubSpotError(message, { kind: "invalid_input", attempts: 0 }) });
  // Methods without required params (listAllLimits) may be called with nothing.
  if (params === undefined) return { params: {} };
  let signal;
  let text;
  try {
    if (typeof params !== "object" || params === null || Array.isArray(params)) return fail(`${method} expects one params object`);
  } catch (e) {
    // Array.isArray throws for a revoked Proxy.
    return fail(`${method}: params could not be read: ${reason(e)}`);
  }
  try {
    signal = params.signal;
  } catch (e) {
    return fail(`${method}: params could not be read: ${reason(e)}`);
  }
  try {
    signal = checkSignal(signal);
  } catch {
    return fail(`${method}: signal must be an AbortSignal`);
  }
  try {
    let top;
    let first = true;
    text = JSON.stringify(params, function (key, value) {
      let at;
      if (first) {
        // The root (key ""): what is serialised, after any toJSON of the params themselves.
        first = false;
        top = value;
        at = "the result of toJSON()";
      } else if (this === top && key === "signal") {
        return undefined;
      }
      switch (typeof value) {
        case "bigint": {
          // Ids never lose digits: a BigInt beyond the safe integers goes as its decimal string.
          const n = Number(value);
          return Number.isSafeInteger(n) ? n : value.toString();
        }
        case "symbol":
          throw new TypeError(`${at ?? where(this, key)} is a symbol`);
        case "function":
          throw new TypeError(`${at ?? where(this, key)} is a function`);
        case "number":
          if (!Number.isFinite(value)) throw new TypeError(`${at ?? where(this, key)} is ${value}`);
          return value;
        default:
          return value;
      }
    });
  } catch (e) {
    return fail(`${method}: params could not be read: ${reason(e)}`);
  }
  // A params object whose toJSON returns something else than an object.
  let plain;
  try {
    plain = text === undefined ? undefined : JSON.parse(text);
  } catch (e) {
    return fail(`${method}: params could not be read: ${reason(e)}`);
  }
  if (typeof plain !== "object" || plain === null || Array.isArray(plain)) return fail(`${method} expects one params object`);
  if (signal !== undefined) plain.signal = signal;
  return { params: plain };
}

/** An async iterable whose first `next()` rejects with `error`. */
async function* failing(error) {
  throw error;
}

/** `e` as a HubSpotError: a synchronous throw of the wasm glue (a freed client, a wrong `this`). */
function asError(method, e, HubSpotError, isClient) {
  if (e instanceof HubSpotError) return e;
  let message = reason(e);
  if (/null pointer passed to rust/i.test(message)) message = isClient ? "this client has been freed" : "not a HubSpotAssociations client";
  return new HubSpotError(`${method}: ${message}`, { kind: "invalid_input", attempts: 0 });
}

async function* iterateAssociations(params) {
  let after = params?.after;
  do {
    let page;
    try {
      page = await this.listAssociations({ ...params, after });
    } catch (e) {
      // Bad params are the caller's of iterateAssociations: say so.
      if (e?.kind === "invalid_input" && typeof e.message === "string" && e.message.startsWith("listAssociations")) {
        e.message = `iterateAssociations${e.message.slice("listAssociations".length)}`;
      }
      throw e;
    }
    yield* page.results;
    after = page.paging?.next?.after;
  } while (after);
}

/**
 * Adds `iterateAssociations` to `Client`, and, given the HubSpotError class, guards every method
 * of its prototype (iterateAssociations included) with `readParams`. Idempotent per class.
 */
export function installIterate(Client, HubSpotError) {
  const proto = Client.prototype;
  if (Object.prototype.hasOwnProperty.call(proto, GUARDED)) return Client;
  Object.defineProperty(proto, "iterateAssociations", { configurable: true, writable: true, value: iterateAssociations });
  if (typeof HubSpotError !== "function") return Client;
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === "constructor" || name === "free" || name.startsWith("__")) continue;
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (typeof desc.value !== "function") continue;
    const original = desc.value;
    const iterable = name === "iterateAssociations";
    // A computed key keeps each method's own name (stack traces, `hs.associate.name`).
    const guarded = {
      [name](params) {
        const read = readParams(name, params, HubSpotError);
        if (read.error) return iterable ? failing(read.error) : Promise.reject(read.error);
        try {
          return original.call(this, read.params);
        } catch (e) {
          let isClient = false;
          try {
            isClient = this instanceof Client;
          } catch {
            // A hostile `this`.
          }
          const error = asError(name, e, HubSpotError, isClient);
          return iterable ? failing(error) : Promise.reject(error);
        }
      },
    }[name];
    Object.defineProperty(proto, name, { configurable: true, writable: true, enumerable: desc.enumerable, value: guarded });
  }
  Object.defineProperty(proto, GUARDED, { value: true });
  return Client;
}
