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
      // `input` may be a URL string, a URL, or a Request, as for the global fetch: so
      // `globalThis.fetch = mock.fetch` works for any code, the client without a `fetch` option included.
      const req = typeof input === "object" && input !== null && typeof input.url === "string" ? input : null;
      const signal = init.signal ?? req?.signal;
      if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError");
      const url = req ? req.url : String(input);
      let body = init.body ?? null;
      if (body == null && req && typeof req.text === "function") body = (await req.text()) || null;
      if (body != null && typeof body !== "string") body = JSON.stringify(body);
      const r = handle(init.method ?? req?.method ?? "GET", url, headerObject(init.headers ?? req?.headers), body);
      if (r.delayMs > 0) await wait(r.delayMs, signal);
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

// ---- the loopback HTTP face ----

// node:http is imported only when a server is started, and through a computed specifier, so that
// bundling `hubspot-associations/mock` for a browser (Vite, webpack, esbuild) never touches it.
const NODE_HTTP = ["node", "http"].join(":");

function hostForUrl(host) {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * Serves a `createMockHubSpot(options)` over HTTP (Node only), by default on 127.0.0.1 and a free
 * port. Resolves to `{url, port, host, mock, close()}` once it listens.
 */
export async function startMockServer(options = {}) {
  const { host = "127.0.0.1", port = 0, mock: given, onRequest, ...mockOptions } = options;
  const mock = given ?? createMockHubSpot(mockOptions);
  const { createServer } = await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_HTTP);
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      let status = 500;
      try {
        const text = Buffer.concat(chunks).toString("utf8");
        // The emulator builds paging links from the URL it is given: give it the one the client used.
        const origin = `http://${req.headers.host ?? `${hostForUrl(host)}:${server.address().port}`}`;
        const r = mock.handle(req.method, origin + req.url, req.headers, text === "" ? null : text);
        status = r.status;
        // Injected faults: `drop` closes the connection unanswered; `delay` holds the answer back.
        if (r.drop) {
          req.socket.destroy();
          return void onRequest?.({ method: req.method, url: req.url, status: 0 });
        }
        const body = r.status === 204 || r.status === 304 || req.method === "HEAD" ? "" : r.body ?? "";
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(body) });
          res.end(body);
        };
        if (r.delayMs > 0) setTimeout(send, r.delayMs);
        else send();
      } catch (e) {
        const body = JSON.stringify({ status: "error", message: `hubspot-associations mock: ${e?.message ?? e}`, category: "INTERNAL_ERROR" });
        res.writeHead(500, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(body) });
        res.end(body);
      }
      onRequest?.({ method: req.method, url: req.url, status });
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const url = `http://${hostForUrl(host)}:${actualPort}`;
  let closing;
  return {
    url,
    port: actualPort,
    host,
    mock,
    server,
    /** Stops listening and drops open (keep-alive) connections. */
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}
