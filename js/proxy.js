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
const SEG = "[^/]+";
const VERSION = "\\d{4}-\\d{2}";
/** The associations paths of every known version family; nothing else is forwarded. */
export const ALLOWED_PATHS = [
  new RegExp(`^/crm/objects/${VERSION}/${SEG}/${SEG}/associations(/${SEG})*$`),
  new RegExp(`^/crm/v4/objects/${SEG}/${SEG}/associations(/${SEG})*$`),
  new RegExp(`^/crm/associations/(${VERSION}|v4)(/${SEG})+$`),
  new RegExp(`^/crm/v4/associations(/${SEG})+$`),
  new RegExp(`^/crm/v3/associations(/${SEG})+$`),
];
// Response headers passed back to the caller.
const PASSED_BACK = /^(content-type|retry-after|x-hubspot-ratelimit-.*|x-hubspot-correlation-id)$/i;

/** True when `path` (no query) is an associations path the proxy forwards. */
export function isAllowedPath(path) {
  if (typeof path !== "string" || /%2f|%5c|\\|%2e|\/\.{1,2}(\/|$)|\/\//i.test(path)) return false;
  return ALLOWED_PATHS.some((re) => re.test(path));
}

function randomId() {
  const b = new Uint8Array(16);
  globalThis.crypto?.getRandomValues ? globalThis.crypto.getRandomValues(b) : b.forEach((_, i) => (b[i] = (Math.random() * 256) | 0));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

/** A HubSpot-shaped JSON error response. */
function errorResponse(status, category, message) {
  return new Response(JSON.stringify({ status: "error", message, correlationId: randomId(), category }), {
    status,
    headers: { "content-type": "application/json;charset=utf-8" },
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

  return async function hubspotAssociationsProxy(request) {
    const started = Date.now();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    let path = url.pathname;
    const event = (status, reason) => {
      try {
        onEvent?.({ method, path, status, ms: Date.now() - started, ...(reason ? { reason } : {}) });
      } catch {
        // a throwing listener never breaks the proxy
      }
    };
    const refuse = (status, category, message) => {
      event(status, message);
      return errorResponse(status, category, message);
    };

    if (prefix) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) return refuse(403, "FORBIDDEN", "This path is not forwarded by the proxy");
      path = path.slice(prefix.length);
    }
    if (!METHODS.has(method)) return refuse(405, "METHOD_NOT_ALLOWED", `Method ${method} is not forwarded by the proxy`);
    if (!isAllowedPath(path)) return refuse(403, "FORBIDDEN", "Only CRM associations paths are forwarded by the proxy");

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
      answer = await upstreamFetch(`${upstream}${path}${url.search}`, {
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
    const empty = answer.status === 204 || answer.status === 304 || method === "HEAD";
    return new Response(empty ? null : text, { status: answer.status, headers: out });
  };
}

/**
 * The proxy as a node:http listener `(req, res) => void`. Same options as `createProxy`, plus `origin`
 * (the public origin HubSpot calls, e.g. "https://example.com"; default: http:// + the Host header),
 * used to rebuild the full URL that the signature covers.
 */
export function createNodeProxy(options = {}) {
  const handle = createProxy(options);
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
      if (tooBig) return void send(errorResponse(413, "VALIDATION_ERROR", `The request body is larger than ${maxBody} bytes`)).catch(fail);
      const origin = String(options.origin ?? `http://${req.headers.host ?? "localhost"}`).replace(/\/+$/, "");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined && !k.startsWith(":")) headers.set(k, Array.isArray(v) ? v.join(", ") : String(v));
      }
      headers.delete("content-length");
      const hasBody = size > 0 && req.method !== "GET" && req.method !== "HEAD";
      let request;
      try {
        request = new Request(origin + req.url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
      } catch {
        return void send(errorResponse(400, "VALIDATION_ERROR", "Malformed request")).catch(fail);
      }
      handle(request).then(send).catch(fail);
    });
  };
}
