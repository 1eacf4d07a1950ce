// hubspot-associations/proxy: the backend between browser apps / HubSpot UI extensions and HubSpot.
// A framework-neutral handler `(Request) => Promise<Response>` (Node >= 18, Deno, Bun, edge runtimes)
// and a node:http adapter. It checks who is calling (HubSpot's X-HubSpot-Signature-v3, or your own
// `authorize`), forwards only associations paths, adds the token, and never logs or echoes it.

/** The envelope key of `hubspot-associations/hubspot` (array bodies travel inside it). */
export const ENVELOPE_KEY = "__hubspotAssociationsBody";
/** Largest request body accepted, in bytes (hubspot.fetch's own limit): 1 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How old a signed request may be, in ms (HubSpot: 5 minutes). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

const SIGNATURE_HEADER = "x-hubspot-signature-v3";
const TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
const METHODS = new Set(["GET", "POST", "PUT", "DELETE"]);

// The grammar of an associations path. Every segment is a strict token or a literal word, so a path
// that passes has nothing any hop could decode or normalise ("%", ";", ".", "\\", "@", empty
// segments, non-ASCII): the proxy forwards exactly the bytes it checked.
/** An object type: a name (`contacts`, `line_items`, `p_my_object`, `p123_cars`) or a type id (`0-1`, `2-123`). */
const TYPE = "[A-Za-z0-9][A-Za-z0-9_-]{0,127}";
/** A record id: digits (HubSpot's are int64; the client accepts leading zeros). */
const ID = "\\d{1,32}";
/** An `associationTypeId` or `userId`: int32. */
const INT = "\\d{1,10}";
/** A date version `YYYY-MM`. */
const DATE = "\\d{4}-(?:0[1-9]|1[0-2])";
// Record paths: /crm/objects/{date}/… and /crm/v4/objects/….
const RECORD = `/crm/(?:objects/${DATE}|v4/objects)/${TYPE}/${ID}/associations`;
// Association and schema paths: /crm/associations/{date|v4}/… and v4's older /crm/v4/associations/….
const ASSOC = `/crm/(?:associations/(?:${DATE}|v4)|v4/associations)`;
const CONFIG = `${ASSOC}/definitions/configurations`;
const V3 = "/crm/v3/associations";
// Each route with the methods HubSpot (and the client) use on it.
const ROUTES = [
  [`${RECORD}/default/${TYPE}/${ID}`, "PUT"],
  [`${RECORD}/${TYPE}/${ID}`, "PUT DELETE"],
  [`${RECORD}/${TYPE}`, "GET"],
  [`${ASSOC}/${TYPE}/${TYPE}/batch/(?:read|create|archive|associate/default|labels/archive)`, "POST"],
  [`${ASSOC}/${TYPE}/${TYPE}/labels`, "GET POST PUT"],
  [`${ASSOC}/${TYPE}/${TYPE}/labels/${INT}`, "DELETE"],
  [`${CONFIG}/all`, "GET"],
  [`${CONFIG}/${TYPE}/${TYPE}`, "GET"],
  [`${CONFIG}/${TYPE}/${TYPE}/batch/(?:create|update|purge)`, "POST"],
  [`${ASSOC}/usage/high-usage-report/${INT}`, "POST"],
  [`${V3}/${TYPE}/${TYPE}/batch/(?:read|create|archive)`, "POST"],
  [`${V3}/${TYPE}/${TYPE}/types`, "GET"],
].map(([source, methods]) => ({ re: new RegExp(`^${source}$`), methods: methods.split(" ") }));

/** The associations paths of every known version family (one pattern per route); nothing else is forwarded. */
export const ALLOWED_PATHS = Object.freeze(ROUTES.map((r) => r.re));

// The query: only the list call's `after` (an opaque cursor, percent-encoded by the client: unreserved
// characters and escapes of printable ASCII, never of control bytes) and `limit`.
const QUERY_PARAM = /^(?:after=(?:[A-Za-z0-9._~-]|%(?:2[0-9A-Fa-f]|[3-6][0-9A-Fa-f]|7[0-9A-Ea-e]))+|limit=\d{1,4})$/;
const MAX_QUERY = 2048;
// Longer than any legitimate path (the longest routes are about 400 characters); bounds the work and the logs.
const MAX_PATH = 1024;
// Response headers passed back to the caller.
const PASSED_BACK = /^(content-type|retry-after|x-hubspot-ratelimit-.*|x-hubspot-correlation-id)$/i;

/** True when `path` (no query) is an associations path the proxy forwards (for `method`, when given). */
export function isAllowedPath(path, method) {
  if (typeof path !== "string" || path.length > MAX_PATH) return false;
  const m = method === undefined ? null : String(method).toUpperCase();
  return ROUTES.some((r) => r.re.test(path) && (m === null || r.methods.includes(m)));
}

function allowedQuery(query) {
  if (query.length > MAX_QUERY) return false;
  const keys = new Set();
  for (const part of query.split("&")) {
    const key = part.slice(0, part.indexOf("="));
    if (!QUERY_PARAM.test(part) || keys.has(key)) return false;
    keys.add(key);
  }
  return true;
}

// The request target (path and query) exactly as it appears in a URL string, not re-parsed: `new URL`
// would drop `.`/`..` segments, turn `\\` into `/`, strip tabs, so what is checked and what is forwarded
// could differ. Absolute URLs give what follows the authority; other strings are taken as targets.
function targetOf(url) {
  const s = String(url);
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\\]*/.exec(s);
  return authority ? s.slice(authority[0].length) : s;
}

// Refused paths and methods go to logs and messages: keep them short.
function short(s) {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Checks a raw request target against the grammar. `{ path, query }` (query without "?", maybe "")
 * to forward, or `{ path, status, category, message, allow? }` to refuse.
 */
function route(target, method, prefix) {
  const forbid = (path, message = "Only CRM associations paths are forwarded by the proxy") => ({ path, status: 403, category: "FORBIDDEN", message });
  if (typeof target !== "string" || !target.startsWith("/") || target.length > MAX_PATH + MAX_QUERY + 1) return forbid(String(target));
  // A fragment is never sent over HTTP: one in a request target is forged.
  if (target.includes("#")) return forbid(target);
  const q = target.indexOf("?");
  let path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  if (prefix) {
    if (!path.startsWith(`${prefix}/`)) return forbid(path, "This path is not forwarded by the proxy");
    path = path.slice(prefix.length);
  }
  if (!METHODS.has(method)) return { path, status: 405, category: "METHOD_NOT_ALLOWED", message: `Method ${short(method)} is not forwarded by the proxy` };
  const found = path.length <= MAX_PATH && ROUTES.find((r) => r.re.test(path));
  if (!found) return forbid(path);
  if (!found.methods.includes(method)) {
    return { path, status: 405, category: "METHOD_NOT_ALLOWED", message: `Method ${method} is not used on this path`, allow: found.methods.join(", ") };
  }
  if (query && !allowedQuery(query)) return forbid(path, "Only the `after` and `limit` query parameters are forwarded by the proxy");
  return { path, query };
}

function randomId() {
  const b = new Uint8Array(16);
  globalThis.crypto?.getRandomValues ? globalThis.crypto.getRandomValues(b) : b.forEach((_, i) => (b[i] = (Math.random() * 256) | 0));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** A HubSpot-shaped JSON error response. */
function errorResponse(status, category, message, extraHeaders = {}) {
  return new Response(JSON.stringify({ status: "error", message, correlationId: randomId(), category }), {
    status,
    headers: { "content-type": "application/json;charset=utf-8", ...extraHeaders },
  });
}

let subtlePromise;
function subtle() {
  if (!subtlePromise) {
    subtlePromise = globalThis.crypto?.subtle
      ? Promise.resolve(globalThis.crypto.subtle)
      : // Node 18 has WebCrypto, just not as a global. A variable specifier keeps bundlers out.
        import(/* webpackIgnore: true */ `${"node:crypto"}`).then((m) => m.webcrypto.subtle);
  }
  return subtlePromise;
}

function utf8(s) {
  return new TextEncoder().encode(s);
}

function base64ToBytes(b64) {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

// HubSpot decodes these escapes in the URI before signing (its documentation of signature v3).
const DECODED = { "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";" };
function signedUri(url) {
  return String(url).replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]);
}

async function hmacKey(secret, usage) {
  return (await subtle()).importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/**
 * The X-HubSpot-Signature-v3 value of a request: base64(HMAC-SHA256(clientSecret,
 * method + url + body + timestamp)). For your tests and for simulating HubSpot.
 */
export async function signHubSpotRequest({ clientSecret, method, url, body = "", timestamp }) {
  const data = utf8(`${String(method).toUpperCase()}${signedUri(url)}${body ?? ""}${timestamp}`);
  const sig = await (await subtle()).sign("HMAC", await hmacKey(clientSecret, "sign"), data);
  return bytesToBase64(new Uint8Array(sig));
}

/**
 * Checks a request's X-HubSpot-Signature-v3 (WebCrypto's HMAC verify: constant time). Resolves to
 * `{ ok: true }` or `{ ok: false, reason }`.
 */
export async function verifyHubSpotSignature({ clientSecret, method, url, body = "", signature, timestamp, now = Date.now(), maxAgeMs = MAX_SIGNATURE_AGE_MS }) {
  if (!signature) return { ok: false, reason: "missing signature" };
  const ts = Number(timestamp);
  if (!timestamp || !Number.isFinite(ts)) return { ok: false, reason: "missing timestamp" };
  if (now - ts > maxAgeMs) return { ok: false, reason: "stale timestamp" };
  if (ts - now > maxAgeMs) return { ok: false, reason: "timestamp in the future" };
  const sig = base64ToBytes(String(signature).trim());
  if (!sig) return { ok: false, reason: "bad signature" };
  const data = utf8(`${String(method).toUpperCase()}${signedUri(url)}${body ?? ""}${timestamp}`);
  const ok = await (await subtle()).verify("HMAC", await hmacKey(clientSecret, "verify"), sig, data);
  return ok ? { ok: true } : { ok: false, reason: "bad signature" };
}

// Reads at most `max` bytes of the body; null when it is larger.
async function readCapped(request, max) {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

// The adapter's envelope `{ [ENVELOPE_KEY]: value }` (and nothing else) becomes `value`.
function unwrap(body) {
  if (!body || !body.includes(ENVELOPE_KEY)) return body;
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const keys = Object.keys(parsed);
    if (keys.length === 1 && keys[0] === ENVELOPE_KEY) return JSON.stringify(parsed[ENVELOPE_KEY]);
  }
  return body;
}

function redact(text, token) {
  return token && text.includes(token) ? text.split(token).join("[redacted]") : text;
}

/**
 * The proxy as a function `(request: Request) => Promise<Response>`. Options: `accessToken`
 * (required), `upstream` (default https://api.hubapi.com), `clientSecret` (verify HubSpot's
 * signature) or `authorize(request)`, `pathPrefix` (stripped from incoming paths), `signatureUrl(request)`
 * (the public URL HubSpot signed, when a reverse proxy changes it), `maxBodyBytes`, `timeoutMs`
 * (upstream, default 30000), `fetch` (for the upstream call), `onEvent({method, path, status, ms, reason?})`.
 */
export function createProxy(options = {}) {
  const handle = createHandler(options);
  return function hubspotAssociationsProxy(request) {
    // The path as the Request's URL string carries it (see targetOf); the runtime has parsed it once
    // already, and the node:http adapter below checks the raw one before that.
    return handle(request.method, targetOf(request.url), () => request);
  };
}

// The proxy's core: `(method, target, makeRequest, tooBig?) => Promise<Response>`. The raw target is
// checked first; the Request is only made (and its body only read) for a target that passed.
function createHandler(options) {
  const { accessToken, clientSecret, authorize } = options;
  if (typeof accessToken !== "string" || !accessToken) throw new TypeError("createProxy: `accessToken` is required");
  if (!clientSecret && typeof authorize !== "function") {
    throw new TypeError("createProxy: give `clientSecret` (HubSpot's signature) or `authorize(request)`");
  }
  const upstream = String(options.upstream ?? "https://api.hubapi.com").replace(/\/+$/, "");
  const prefix = String(options.pathPrefix ?? "").replace(/\/+$/, "");
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? 30000;
  const upstreamFetch = options.fetch ?? ((...a) => globalThis.fetch(...a));
  const onEvent = typeof options.onEvent === "function" ? options.onEvent : null;

  return async function handle(rawMethod, target, makeRequest, tooBig = false) {
    const started = Date.now();
    const method = String(rawMethod ?? "").toUpperCase();
    const checked = route(target, method, prefix);
    const path = checked.status ? short(checked.path) : checked.path;
    const event = (status, reason) => {
      try {
        onEvent?.({ method, path, status, ms: Date.now() - started, ...(reason ? { reason } : {}) });
      } catch {
        // a throwing listener never breaks the proxy
      }
    };
    const refuse = (status, category, message, headers) => {
      event(status, message);
      return errorResponse(status, category, message, headers);
    };

    if (checked.status) return refuse(checked.status, checked.category, checked.message, checked.allow ? { allow: checked.allow } : undefined);
    if (tooBig) return refuse(413, "VALIDATION_ERROR", `The request body is larger than ${maxBody} bytes`);
    let request;
    try {
      request = makeRequest();
    } catch {
      return refuse(400, "VALIDATION_ERROR", "Malformed request");
    }

    const raw = await readCapped(request, maxBody);
    if (raw === null) return refuse(413, "VALIDATION_ERROR", `The request body is larger than ${maxBody} bytes`);

    if (clientSecret) {
      const check = await verifyHubSpotSignature({
        clientSecret,
        method,
        url: options.signatureUrl ? options.signatureUrl(request) : request.url,
        body: raw,
        signature: request.headers.get(SIGNATURE_HEADER),
        timestamp: request.headers.get(TIMESTAMP_HEADER),
      });
      if (!check.ok) return refuse(401, "INVALID_AUTHENTICATION", `Request signature refused: ${check.reason}`);
    }
    if (typeof authorize === "function") {
      let allowed = false;
      try {
        allowed = await authorize(request);
      } catch {
        allowed = false;
      }
      if (allowed !== true) return refuse(401, "INVALID_AUTHENTICATION", "Request not authorized");
    }

    const body = method === "GET" || method === "DELETE" ? (raw ? unwrap(raw) : null) : unwrap(raw) || null;
    const headers = { authorization: `Bearer ${accessToken}`, accept: "application/json" };
    if (body) headers["content-type"] = "application/json";
    let answer;
    try {
      // Exactly the path and query that were checked, not a re-serialised URL.
      answer = await upstreamFetch(`${upstream}${path}${checked.query ? `?${checked.query}` : ""}`, {
        method,
        headers,
        body: body ?? undefined,
        signal: AbortSignal.timeout ? AbortSignal.timeout(timeoutMs) : undefined,
      });
    } catch (e) {
      const timedOut = e?.name === "TimeoutError";
      return refuse(timedOut ? 504 : 502, "BAD_GATEWAY", timedOut ? "HubSpot did not answer in time" : "HubSpot could not be reached");
    }
    const out = new Headers();
    answer.headers?.forEach?.((v, k) => PASSED_BACK.test(k) && out.set(k, v));
    const text = redact(await answer.text(), accessToken);
    event(answer.status);
    const empty = answer.status === 204 || answer.status === 304;
    return new Response(empty ? null : text, { status: answer.status, headers: out });
  };
}

/**
 * The proxy as a node:http listener `(req, res) => void`. Same options as `createProxy`, plus `origin`
 * (the public origin HubSpot calls, e.g. "https://example.com"; default: http:// + the Host header),
 * used to rebuild the full URL that the signature covers.
 */
export function createNodeProxy(options = {}) {
  const handle = createHandler(options);
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return function hubspotAssociationsNodeProxy(req, res) {
    const send = (response) =>
      response.arrayBuffer().then((buf) => {
        const headers = {};
        response.headers.forEach((v, k) => (headers[k] = v));
        res.writeHead(response.status, headers);
        res.end(Buffer.from(buf));
      });
    const fail = () => {
      if (!res.headersSent) send(errorResponse(500, "INTERNAL_ERROR", "The proxy failed")).catch(() => res.destroy());
      else res.destroy();
    };
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c) => {
      size += c.length;
      if (size > maxBody) tooBig = true;
      else chunks.push(c);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const origin = String(options.origin ?? `http://${req.headers.host ?? "localhost"}`).replace(/\/+$/, "");
      const makeRequest = () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) {
          if (v !== undefined && !k.startsWith(":")) headers.set(k, Array.isArray(v) ? v.join(", ") : String(v));
        }
        headers.delete("content-length");
        const hasBody = size > 0 && req.method !== "GET" && req.method !== "HEAD";
        return new Request(origin + req.url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
      };
      // `req.url` is the request target as sent: it is checked before `new Request` normalises it.
      handle(req.method, String(req.url ?? ""), makeRequest, tooBig).then(send).catch(fail);
    });
  };
}
