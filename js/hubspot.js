// hubspot-associations/hubspot: an adapter that lets the client run inside HubSpot UI extensions,
// where the global `fetch` throws and only `hubspot.fetch` reaches the app's own backend.
// No dependency on @hubspot/ui-extensions: pass its `hubspot.fetch` in.

/**
 * The key of the envelope that carries a JSON body which is not an object (the labelled `associate`
 * PUT sends an array): hubspot.fetch only takes object bodies, so the adapter sends
 * `{ "__hubspotAssociationsBody": <the body> }` and `hubspot-associations/proxy` unwraps it.
 */
export const ENVELOPE_KEY = "__hubspotAssociationsBody";

/** hubspot.fetch's own limit on a request's time (ms); its default too. */
export const MAX_TIMEOUT_MS = 15000;

const HUBSPOT_ORIGIN = "https://api.hubapi.com";
// Headers the adapter never forwards: the token stays on the backend; hubspot.fetch sets the rest.
const DROPPED = new Set(["authorization", "content-type", "content-length", "host", "cookie"]);

function abortError(signal) {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

function resolveUrl(url, baseUrl) {
  const s = String(url);
  if (!baseUrl) return s;
  const base = String(baseUrl).replace(/\/+$/, "");
  if (s.startsWith("/")) return base + s;
  if (s === HUBSPOT_ORIGIN || s.startsWith(`${HUBSPOT_ORIGIN}/`)) return base + s.slice(HUBSPOT_ORIGIN.length);
  return s;
}

function headerEntries(h) {
  if (!h) return [];
  if (typeof h.forEach === "function" && !Array.isArray(h)) {
    const out = [];
    h.forEach((v, k) => out.push([k, v]));
    return out;
  }
  return Array.isArray(h) ? h : Object.entries(h);
}

/** The request body as hubspot.fetch wants it: a JSON object (non-objects go in the envelope). */
export function toHubSpotBody(body) {
  if (body == null || body === "") return undefined;
  const value = typeof body === "string" ? JSON.parse(body) : body;
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
  return { [ENVELOPE_KEY]: value };
}

/**
 * Returns a `fetch` for `new HubSpotAssociations({ fetch })` that sends every request through
 * `hubspotFetchFn` (HubSpot's `hubspot.fetch`). Options: `baseUrl` (your backend, e.g.
 * "https://example.com/api/hubspot": relative URLs and URLs on api.hubapi.com are sent there),
 * `timeoutMs` (hubspot.fetch's `timeout`, default and maximum 15000), `headers` (extra headers).
 */
export function hubspotFetch(hubspotFetchFn, options = {}) {
  if (typeof hubspotFetchFn !== "function") throw new TypeError("hubspotFetch needs hubspot.fetch (a function)");
  const timeout = Math.max(1, Math.min(MAX_TIMEOUT_MS, Math.floor(Number(options.timeoutMs ?? MAX_TIMEOUT_MS)) || MAX_TIMEOUT_MS));
  return async function fetchThroughHubSpot(url, init = {}) {
    const signal = init.signal;
    if (signal?.aborted) throw abortError(signal);
    const req = { method: String(init.method ?? "GET").toUpperCase(), timeout };
    const body = toHubSpotBody(init.body);
    if (body !== undefined) req.body = body;
    const headers = {};
    for (const [k, v] of [...headerEntries(init.headers), ...headerEntries(options.headers)]) {
      if (!DROPPED.has(String(k).toLowerCase())) headers[k] = String(v);
    }
    if (Object.keys(headers).length) req.headers = headers;
    // hubspot.fetch cannot be cancelled: an abort settles our side at once and drops its answer.
    const call = Promise.resolve().then(() => hubspotFetchFn(resolveUrl(url, options.baseUrl), req));
    let response;
    if (signal) {
      let onAbort;
      const aborted = new Promise((_, reject) => {
        onAbort = () => reject(abortError(signal));
        signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        response = await Promise.race([call, aborted]);
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    } else {
      response = await call;
    }
    return toResponseLike(response);
  };
}

// hubspot.fetch answers a Response without headers; keep text() when there is one (ids beyond 2^53
// survive only as text), else re-serialize json().
function toResponseLike(response) {
  if (response == null || typeof response.status !== "number") throw new TypeError("hubspot.fetch answered without a status");
  const out = { status: response.status, headers: {} };
  const h = response.headers;
  if (h && (typeof h.forEach === "function" || typeof h === "object")) {
    try {
      for (const [k, v] of headerEntries(h)) out.headers[String(k).toLowerCase()] = String(v);
    } catch {
      // unreadable headers: none
    }
  }
  let consumed;
  const text = () => {
    if (!consumed) {
      if (typeof response.text === "function") consumed = Promise.resolve(response.text()).then((t) => t ?? "");
      else if (typeof response.json === "function") {
        consumed = Promise.resolve(response.json()).then((v) => (v === undefined ? "" : JSON.stringify(v)), () => "");
      } else if (typeof response.body === "string") consumed = Promise.resolve(response.body);
      else consumed = Promise.resolve("");
    }
    return consumed;
  };
  out.text = text;
  out.json = () => text().then((t) => JSON.parse(t));
  return out;
}
