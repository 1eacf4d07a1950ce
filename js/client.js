// The JS face of the client, shared by every entry: the `HubSpotAssociations` class over the wasm
// `Engine`. A method reads its params defensively (no method throws synchronously, and no JS
// exception ever unwinds through wasm), hands them over as JSON text, and gets the answer back as
// JSON text: one crossing each way, `JSON.stringify`/`JSON.parse` doing the work natively. Ids
// leave Rust as exact strings. The HTTP exchange happens here too, in the host object the engine
// calls once per attempt (`fetch`, the answer's status, the few headers the engine reads, the
// body as text).
//
// The HubSpotError class is passed in (not imported), so that the ESM and CommonJS entries each
// use their own copy of error.js.

const STATE = Symbol("hubspot-associations.client");

/** The operations, by their JS names (src/client/dispatch.rs has the same table, and the types). */
export const METHODS = [
  "associateDefault", "associate", "listAssociations", "removeAssociations", "batchRead", "batchCreate",
  "batchCreateDefault", "batchArchive", "batchArchiveLabels", "listLabels", "createLabel", "updateLabel",
  "deleteLabel", "listAllLimits", "listLimits", "createLimits", "updateLimits", "purgeLimits",
  "requestHighUsageReport", "batchReadV3", "batchCreateV3", "batchArchiveV3", "listTypesV3",
];

// The answer headers the engine reads (rate limits, Retry-After, the correlation id).
const READ_HEADERS = [
  "x-hubspot-ratelimit-max", "x-hubspot-ratelimit-remaining", "x-hubspot-ratelimit-interval-milliseconds",
  "retry-after", "x-hubspot-correlation-id",
];

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
 * Reads the params of `method` defensively. Returns `{ text, signal, allPages }` (the params' JSON
 * text, `signal` left out of it; `allPages` as it was written there) or `{ error }` (a HubSpotError
 * of kind `invalid_input`); never throws.
 */
export function readParams(method, params, HubSpotError) {
  const fail = (message) => ({ error: new HubSpotError(message, { kind: "invalid_input", attempts: 0 }) });
  // Methods without required params (listAllLimits) may be called with nothing.
  if (params === undefined) return { text: "{}", signal: undefined };
  let signal;
  let text;
  let allPages;
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
      } else if (this === top && key === "allPages") {
        allPages = value;
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
          // JSON would write it as an exact integer; its digits are already lost: refuse it.
          if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
            throw new TypeError(`${at ?? where(this, key)} is ${value}, beyond 2^53 (its digits are already lost): pass ids as strings`);
          }
          return value;
        default:
          return value;
      }
    });
  } catch (e) {
    return fail(`${method}: params could not be read: ${reason(e)}`);
  }
  // A params object whose toJSON returns something else than an object.
  if (typeof text !== "string" || text[0] !== "{") return fail(`${method} expects one params object`);
  return { text, signal, allPages };
}

/** `name:value` lines of the headers the engine reads, from a Headers-like object or a plain one. */
function headerLines(h) {
  if (!h || typeof h !== "object") return "";
  let out = "";
  if (typeof h.get === "function") {
    for (const name of READ_HEADERS) {
      const v = h.get(name);
      if (v !== null && v !== undefined) out += `${name}:${v}\n`;
    }
  } else if (typeof h.forEach === "function") {
    h.forEach((v, k) => {
      if (READ_HEADERS.includes(String(k).toLowerCase())) out += `${String(k).toLowerCase()}:${v}\n`;
    });
  } else {
    for (const k of Object.keys(h)) if (READ_HEADERS.includes(k.toLowerCase())) out += `${k.toLowerCase()}:${h[k]}\n`;
  }
  return out;
}

const encoder = new TextEncoder();

/**
 * A Response-like answer as the engine reads it: `["{status}\n{headers}\n", body bytes]`. The body
 * is taken as bytes where the answer offers them (no decoding here, and one copy into wasm), else
 * as text, encoded. A 2xx answer of a request that names a `shape` (only a host with a reader
 * gets one) is the reader's (js/decode.js `respond`).
 */
async function readResponse(res, shape, reader) {
  const status = res?.status;
  if (typeof status !== "number" || !(status > 0)) throw "network:fetch answered something without a numeric status";
  const head = `${status}\n${headerLines(res.headers)}\n`;
  if (shape && status > 199 && status < 300) return reader.respond(res, head, shape);
  let body;
  if (typeof res.arrayBuffer === "function") body = new Uint8Array(await res.arrayBuffer());
  else if (typeof res.text === "function") body = encoder.encode(String(await res.text()));
  else if (typeof res.json === "function") body = encoder.encode(JSON.stringify(await res.json()) ?? "");
  else body = new Uint8Array(0);
  return [head, body];
}

/** A rejection of the caller's fetch, as the engine reads it. */
function failure(e) {
  if (typeof e === "string") throw e;
  const name = e?.name;
  if (name === "AbortError") throw "aborted";
  if (name === "TimeoutError") throw "timeout";
  let message = reason(e);
  const cause = e?.cause?.message;
  if (typeof cause === "string") message += ` (${cause})`;
  throw `network:${message}`;
}

/**
 * The host object of one client: `send` (one attempt, through the caller's `fetch` with an
 * explicit `this`, or the global one), `abort` (an attempt the engine dropped: timed out or
 * cancelled), `event` (onEvent), and the `rateLimit.store` calls. None of them ever throws.
 */
function makeHost(fetchFn, onEvent, store, reader) {
  const inFlight = new Map();
  // Reservation ids are unique across processes: this client's random prefix, then the engine's.
  const nonce = `${Math.random().toString(36).slice(2)}.`;
  return {
    send(method, url, headers, body, id, timeoutMs, shape) {
      const h = {};
      for (const line of headers.split("\n")) {
        const i = line.indexOf(":");
        if (i > 0) h[line.slice(0, i)] = line.slice(i + 1);
      }
      const init = { method, headers: h };
      if (body !== undefined) init.body = body;
      // Some sandboxes have no AbortController; the request then simply runs to its end (and
      // still times out: the engine is told so).
      let controller;
      if (typeof AbortController === "function") {
        controller = new AbortController();
        init.signal = controller.signal;
        inFlight.set(id, controller);
      }
      let timedOut = false;
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject("timeout");
          try {
            controller?.abort();
          } catch {
            // Nothing to do.
          }
        }, Math.min(timeoutMs, 2147483647));
      });
      let sent;
      try {
        sent = Promise.resolve(fetchFn ? fetchFn.call(undefined, url, init) : globalThis.fetch(url, init));
      } catch (e) {
        sent = Promise.reject(e);
      }
      const done = () => {
        clearTimeout(timer);
        inFlight.delete(id);
      };
      return Promise.race([sent.then((res) => readResponse(res, shape, reader)), timeout]).then(
        (answer) => (done(), answer[1] === null ? reader.hold(answer) : answer),
        (e) => {
          done();
          return failure(timedOut ? "timeout" : e);
        },
      );
    },
    abort(id) {
      const c = inFlight.get(id);
      inFlight.delete(id);
      try {
        c?.abort();
      } catch {
        // Nothing to do.
      }
    },
    event(json) {
      try {
        onEvent(JSON.parse(json));
      } catch {
        // A throwing listener must not break the call.
      }
    },
    // rateLimit.store: 0 reserve (the milliseconds to wait, as text; a rejection reaches the engine as a
    // message, and it then paces in this process alone), 1 settle, 2 block (fire and forget).
    store(op, key, id, a, b, c) {
      id = nonce + id;
      const answer = new Promise((resolve) =>
        resolve(
          op > 1
            ? store.block(key, a)
            : op
              ? store.settle(key, b ? { id, intervalMs: a, learned: { limit: b, intervalMs: c } } : { id, intervalMs: a })
              : store.reserve(key, { id, limit: a, intervalMs: b, holdMs: c }),
        ),
      );
      if (op) return void answer.catch(() => {});
      return answer.then(
        (ms) => (typeof ms == "number" && ms >= 0 ? String(Math.ceil(ms)) : Promise.reject(`reserve answered ${ms}, not milliseconds`)),
        (e) => Promise.reject(reason(e)),
      );
    },
  };
}

/** The error the engine reported (its JSON text) as a HubSpotError. */
function toError(e, method, HubSpotError) {
  if (typeof e === "string") {
    let fields;
    try {
      fields = JSON.parse(e);
    } catch {
      fields = { kind: "network", message: e, attempts: 0 };
    }
    return new HubSpotError(fields.message, fields);
  }
  if (e instanceof HubSpotError) return e;
  let message = reason(e);
  if (/null pointer passed to rust|recursive use of an object/i.test(message)) message = "this client has been freed";
  return new HubSpotError(`${method}: ${message}`, { kind: "invalid_input", attempts: 0 });
}

const parseResult = (text) => (text === "null" ? undefined : JSON.parse(text));

/**
 * The `HubSpotAssociations` class over an engine. `load()` gives the wasm module's `Engine` class,
 * or a promise of it (the browser entry loads the wasm on first use). `reader` (decode.js, given by
 * the node entries) reads 2xx answers in JS where the engine lets it; without it, the wasm reads
 * every answer.
 */
export function defineClient(load, HubSpotError, reader) {
  const invalid = (message) => new HubSpotError(message, { kind: "invalid_input", attempts: 0 });

  /** Makes the engine of `s` (its options checked there); throws a HubSpotError. */
  function make(Engine, s) {
    try {
      return new Engine(s.text, s.host, s.events);
    } catch (e) {
      throw toError(e, "new HubSpotAssociations", HubSpotError);
    }
  }

  /** The engine of a client, or a promise of it. */
  function engineOf(self) {
    const s = self?.[STATE];
    if (!s) throw invalid("not a HubSpotAssociations client");
    if (s.freed) throw invalid("this client has been freed");
    if (s.engine) return s.engine;
    s.pending ??= Promise.resolve(load()).then(
      (Engine) => {
        if (s.freed) throw invalid("this client has been freed");
        return (s.engine = make(Engine, s));
      },
      (e) => {
        s.pending = null;
        throw e;
      },
    );
    return s.pending;
  }

  /** A client-state error (freed, not a client) with the method named in its message. */
  function named(e, method) {
    if (e instanceof HubSpotError && e.kind === "invalid_input" && !e.message.startsWith(method)) e.message = `${method}: ${e.message}`;
    return e;
  }

  function run(engine, method, read) {
    let answer;
    // batchRead({allPages})'s associations arrive as they are read, in parts (`[[result index,
    // [association, …]], …]`), parsed at once and gathered by result (so that neither their text
    // nor the parts pile up, here or in wasm), then given to the results of the answer in order.
    const gathered = method === "batchRead" ? new Map() : undefined;
    let bad;
    const append = (results) => {
      if (bad) throw new HubSpotError(`${method}: a page could not be read: ${reason(bad)}`, { kind: "decode", attempts: 0 });
      for (const [i, to] of gathered) {
        const into = results[i].to;
        if (into.length) for (const t of to) into.push(t);
        else results[i].to = to;
      }
    };
    const part =
      gathered &&
      ((t) => {
        try {
          for (const [i, to] of JSON.parse(t)) {
            const into = gathered.get(i);
            if (into) for (const x of to) into.push(x);
            else gathered.set(i, to);
          }
        } catch (e) {
          bad ??= e;
        }
      });
    try {
      // With a reader (the node entries), the host reads the answer of a one-request call itself.
      answer = engine.call(method, read.text, read.signal, part, reader ? reader.answerShape(method, read.allPages) : 0);
    } catch (e) {
      return Promise.reject(toError(e, method, HubSpotError));
    }
    return answer.then(
      (text) => {
        // An answer the host's reader read: the engine handed back its handle.
        if (text.charCodeAt(0) === 1) {
          try {
            return reader.take(text);
          } catch (e) {
            throw new HubSpotError(`${method}: ${reason(e)}`, { kind: "decode", attempts: 0 });
          }
        }
        const r = parseResult(text);
        if (gathered?.size || bad) append(r.results);
        return r;
      },
      (e) => {
        const error = toError(e, method, HubSpotError);
        if ((gathered?.size || bad) && error.partial?.results) append(error.partial.results);
        return Promise.reject(error);
      },
    );
  }

  class HubSpotAssociations {
    constructor(options) {
      if (options !== undefined && options !== null && (typeof options !== "object" || Array.isArray(options))) {
        throw invalid("new HubSpotAssociations expects one options object");
      }
      const o = options ?? {};
      let fetchFn, onEvent, apiVersion, text, store, badStore;
      try {
        fetchFn = o.fetch ?? undefined;
        onEvent = o.onEvent ?? undefined;
        apiVersion = o.apiVersion;
        store = o.rateLimit?.store ?? undefined;
        badStore = store !== undefined && !["reserve", "settle", "block"].every((m) => typeof store[m] === "function");
        // The store stays here (the host calls it); the engine sees `store: true`.
        text = JSON.stringify(o, (k, v) => (typeof v === "bigint" ? Number(v) : v && v === store ? true : v));
      } catch (e) {
        throw invalid(`new HubSpotAssociations: options could not be read: ${reason(e)}`);
      }
      if (fetchFn !== undefined && typeof fetchFn !== "function") throw invalid("fetch must be a function (url, init) => Promise<Response>");
      if (onEvent !== undefined && typeof onEvent !== "function") throw invalid("onEvent must be a function (event) => void");
      if (badStore) throw invalid("rateLimit.store needs reserve, settle and block methods");
      const s = { text, host: makeHost(fetchFn, onEvent, store, reader), events: onEvent !== undefined, engine: null, pending: null, freed: false,
        apiVersion: typeof apiVersion === "string" ? apiVersion : undefined };
      Object.defineProperty(this, STATE, { value: s });
      const Engine = load();
      if (typeof Engine === "function") s.engine = make(Engine, s);
      else {
        // Start loading now; a failure surfaces on the first call, not as an unhandled rejection.
        Promise.resolve(engineOf(this)).catch(() => {});
      }
    }

    /** The API version calls use unless they say otherwise. */
    get apiVersion() {
      const s = this[STATE];
      return s.engine && !s.freed ? s.engine.apiVersion : (s.apiVersion ?? "2026-03");
    }

    /** Releases the wasm memory of this client; later calls reject. */
    free() {
      const s = this[STATE];
      if (!s || s.freed) return;
      s.freed = true;
      try {
        s.engine?.free();
      } catch {
        // Already freed.
      }
      s.engine = null;
    }
  }
  if (Symbol.dispose) HubSpotAssociations.prototype[Symbol.dispose] = HubSpotAssociations.prototype.free;

  for (const name of METHODS) {
    const method = {
      // A computed key keeps each method's own name (stack traces, `hs.associate.name`).
      [name](params) {
        const read = readParams(name, params, HubSpotError);
        if (read.error) return Promise.reject(read.error);
        let engine;
        try {
          engine = engineOf(this);
        } catch (e) {
          return Promise.reject(named(e, name));
        }
        return typeof engine.then === "function" ? engine.then((en) => run(en, name, read), (e) => Promise.reject(named(e, name))) : run(engine, name, read);
      },
    }[name];
    Object.defineProperty(HubSpotAssociations.prototype, name, { configurable: true, writable: true, value: method });
  }

  Object.defineProperty(HubSpotAssociations.prototype, "iterateAssociations", {
    configurable: true,
    writable: true,
    /** Every association of a record, page after page (lazily: `break` stops further requests). */
    value: function iterateAssociations(params) {
      const read = readParams("iterateAssociations", params, HubSpotError);
      if (read.error) return failing(read.error);
      const self = this;
      return (async function* () {
        const first = JSON.parse(read.text);
        let after = first.after;
        do {
          let page;
          try {
            page = await self.listAssociations({ ...first, after, signal: read.signal });
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
      })();
    },
  });

  return HubSpotAssociations;
}

/** An async iterable whose first `next()` rejects with `error`. */
async function* failing(error) {
  throw error;
}
