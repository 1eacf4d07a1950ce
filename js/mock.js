// hubspot-associations/mock: an offline HubSpot for tests and demos. The emulator is its own wasm
// module (inlined here as base64 so it loads the same way in Node, browsers and workers).
import { initSync, MockCore } from "./mock-wasm/hubspot_associations_mock.js";
import wasmBase64 from "./mock-wasm/hubspot_associations_mock_bg.wasm.base64.js";

let loaded = false;
function load() {
  if (loaded) return;
  const bin = atob(wasmBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  initSync({ module: bytes });
  loaded = true;
}

/** The base URL the mock answers on when used through its `fetch` (the host is never resolved). */
export const MOCK_BASE_URL = "https://hubspot-mock.invalid";

function headerObject(h) {
  const out = {};
  if (!h) return out;
  if (typeof h.forEach === "function" && !Array.isArray(h)) h.forEach((v, k) => (out[k.toLowerCase()] = String(v)));
  else for (const [k, v] of Array.isArray(h) ? h : Object.entries(h)) out[k.toLowerCase()] = String(v);
  return out;
}

// An injected delay: resolves after `ms`, or rejects as fetch does when `signal` aborts first.
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const abortError = () => signal.reason ?? new DOMException("This operation was aborted", "AbortError");
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Creates an in-memory HubSpot. See the README ("Testing your code") for options and seeds. */
export function createMockHubSpot(options = {}) {
  load();
  const core = new MockCore(JSON.stringify(options));
  const handle = (method, url, headers, body) => JSON.parse(core.handle(method, url, JSON.stringify(headers), body, Date.now()));
  return {
    baseUrl: MOCK_BASE_URL,
    /** A fetch-compatible function answering every URL from the emulator. */
    async fetch(input, init = {}) {
      if (init.signal?.aborted) throw init.signal.reason ?? new DOMException("This operation was aborted", "AbortError");
      const url = typeof input === "string" ? input : input.url;
      const body = init.body == null ? null : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      const r = handle(init.method ?? "GET", String(url), headerObject(init.headers), body);
      if (r.delayMs > 0) await wait(r.delayMs, init.signal);
      if (r.drop) throw new TypeError("fetch failed");
      return new Response(r.status === 204 || r.body === "" ? null : r.body, { status: r.status, headers: r.headers });
    },
    /** Answers one request synchronously: `{status, headers, body, delayMs, drop}` (the loopback server waits `delayMs`; `drop`: no answer). */
    handle(method, url, headers, body) {
      return handle(method, url, headerObject(headers), body ?? null);
    },
    /** Adds records, associations, labels or limits. */
    seed(seed) {
      core.seed(JSON.stringify(seed));
    },
    /** Every request the mock has seen, oldest first. */
    requests() {
      return JSON.parse(core.requests());
    },
    /** A snapshot of the emulator's state (records, associations, labels, limits). */
    state() {
      return JSON.parse(core.state());
    },
    /** Changes `rateLimit` and/or `faults` after creation (a given key replaces that option, `null` turns it off). */
    configure(options) {
      core.configure(JSON.stringify(options));
    },
    /** Counters: requests, responsesByStatus, rateLimited, faultsInjected, faultsByKind, max429InAnyWindow. */
    stats() {
      return JSON.parse(core.stats());
    },
    /** Back to the state right after creation; the request log is cleared. */
    reset() {
      core.reset();
    },
  };
}
