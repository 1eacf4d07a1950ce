// Issue 5, done-when 4: a HubSpot card built the way HubSpot builds cards (its
// @hubspot/ui-extensions-dev-server, `remoteBuild`: Vite, IIFE, minified) runs in a web worker in
// headless Chromium whose global `fetch` throws. Its `hubspot.fetch` is simulated by the page, which
// signs each request as HubSpot does (X-HubSpot-Signature-v3) and calls hubspot-associations/proxy on
// loopback; the proxy forwards to the emulator's loopback server. A labelled `associate` (array body)
// and a `batchRead` succeed end to end; forged and stale signatures get 401 and reach nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remoteBuild } from "@hubspot/ui-extensions-dev-server/build";
import { createNodeProxy } from "hubspot-associations/proxy";
import { startMockServer } from "hubspot-associations/mock";
import { openBrowser } from "./helpers/browser.mjs";

const TOKEN = "pat-na1-card-test-token-never-in-the-page";
const SECRET = "card-app-client-secret";
const CARD_DIR = fileURLToPath(new URL("./fixtures/hubspot-card/", import.meta.url));

// The worker: HubSpot's sandbox as the card sees it. fetch and XHR throw; hubspot.fetch posts to the page.
const WORKER = `
self.fetch = () => { throw new TypeError("fetch is not available in UI extensions: use hubspot.fetch"); };
self.XMLHttpRequest = function () { throw new TypeError("XMLHttpRequest is not available in UI extensions"); };
let extension;
const pending = new Map();
let nextId = 0;
self.hubspot = {
  extend(fn) { extension = fn; },
  fetch(url, options) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      self.postMessage({ type: "hubspot.fetch", id, url, options });
    });
  },
};
self.onmessage = async ({ data }) => {
  if (data.type === "hubspot.fetch.reply") {
    const p = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) return p.reject(new Error(data.error));
    // As HubSpot's: status and json(), no response headers.
    p.resolve({ ok: data.status < 300, status: data.status, json: async () => (data.body ? JSON.parse(data.body) : undefined) });
  } else if (data.type === "run") {
    try { self.postMessage({ type: "result", result: await extension({ context: data.context }) }); }
    catch (e) { self.postMessage({ type: "result", error: String(e && e.stack || e) }); }
  }
};
importScripts("/card/Card.js");
`;

// The page plays HubSpot's side of hubspot.fetch: object bodies only, 15 s at most, signed requests.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>hubspot card</title>
<script type="module">
  const SECRET = ${JSON.stringify(SECRET)};
  window.signMode = "good";
  window.seen = [];
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  async function sign(method, url, body, timestamp) {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return b64(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(method + url + body + timestamp)));
  }
  async function hubspotFetch(url, options) {
    window.seen.push({ url, options });
    if (options.body !== undefined && (typeof options.body !== "object" || options.body === null || Array.isArray(options.body))) {
      throw new Error("hubspot.fetch: body must be a JSON object");
    }
    if (!(options.timeout > 0 && options.timeout <= 15000)) throw new Error("hubspot.fetch: timeout out of range");
    const method = options.method || "GET";
    const body = options.body === undefined ? "" : JSON.stringify(options.body);
    const stale = window.signMode === "stale";
    const timestamp = stale ? Date.now() - 6 * 60 * 1000 : Date.now();
    let signature = await sign(method, url, body, timestamp);
    if (window.signMode === "forged") signature = await sign(method, url, body.replace(/\\d/g, "9"), timestamp);
    const r = await fetch(url, { method, body: body || undefined, headers: { ...(options.headers || {}), "content-type": "application/json",
      "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) } });
    return { status: r.status, body: await r.text() };
  }
  const worker = new Worker("/worker.js");
  let done;
  worker.onmessage = async ({ data }) => {
    if (data.type === "hubspot.fetch") {
      try { worker.postMessage({ type: "hubspot.fetch.reply", id: data.id, ...(await hubspotFetch(data.url, data.options)) }); }
      catch (e) { worker.postMessage({ type: "hubspot.fetch.reply", id: data.id, error: String(e) }); }
    } else if (data.type === "result") done(data);
  };
  worker.onerror = (e) => done && done({ error: "worker error: " + e.message });
  window.runCard = (context) => new Promise((resolve) => { done = resolve; worker.postMessage({ type: "run", context }); });
</script>`;

let out, upstream, server, browser, base, cardJs, proxyEvents;

before(async () => {
  out = await mkdtemp(path.join(tmpdir(), "hs-card-"));
  await remoteBuild({ root: CARD_DIR, entryPoint: "Card.js", outputDir: out, logLevel: "silent" });
  cardJs = await readFile(path.join(out, "Card.js"), "utf8");
  upstream = await startMockServer({ accessToken: TOKEN, port: 0 });
  proxyEvents = [];
  const proxy = createNodeProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET, pathPrefix: "/api/hubspot",
    onEvent: (e) => proxyEvents.push(e) });
  server = http.createServer((req, res) => {
    if (req.url.startsWith("/api/hubspot/")) return proxy(req, res);
    const files = { "/": ["text/html", PAGE], "/worker.js": ["text/javascript", WORKER], "/card/Card.js": ["text/javascript", cardJs] };
    const f = files[req.url];
    res.writeHead(f ? 200 : 404, { "content-type": f ? f[0] : "text/plain" });
    res.end(f ? f[1] : "not found");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await openBrowser();
  await browser.page.goto(`${base}/`);
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
  await upstream?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

test("the card was built by HubSpot's dev server as one IIFE with the wasm inlined", () => {
  assert.match(cardJs, /^\(function\(\)\{|^!function|^\(function\s*\(/);
  assert.ok(!/\bimport\s*\(|^import\s|^export\s/m.test(cardJs), "no module syntax left");
  assert.ok(!cardJs.includes(TOKEN));
});

test("in a worker whose fetch throws, a labelled associate and a batchRead go through hubspot.fetch and the proxy", { timeout: 60_000 }, async () => {
  const context = { backendUrl: `${base}/api/hubspot`, contactId: "1001" };
  const res = await browser.page.evaluate((c) => window.runCard(c), context);
  assert.equal(res.error, undefined, `${res.error}\n${browser.errors.join("\n")}`);
  const { fetchThrows, associate, batchRead } = res.result;
  assert.equal(fetchThrows, true);
  assert.equal(associate.error, undefined, JSON.stringify(associate.error));
  assert.deepEqual(associate.value, { fromObjectTypeId: "0-1", fromObjectId: "1001", toObjectTypeId: "0-2", toObjectId: "2002", labels: ["Primary"] });
  assert.equal(batchRead.error, undefined, JSON.stringify(batchRead.error));
  assert.equal(batchRead.value.results[0].from.id, "1001");
  assert.deepEqual(batchRead.value.results[0].to.map((t) => t.toObjectId), ["2002"]);

  const seen = await browser.page.evaluate(() => window.seen);
  assert.equal(seen.length, 2);
  assert.deepEqual(seen[0].options.body, { __hubspotAssociationsBody: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }] });
  assert.equal(seen[0].options.method, "PUT");
  assert.deepEqual(seen[1].options.body, { inputs: [{ id: "1001" }] });
  assert.ok(!JSON.stringify(seen).toLowerCase().includes("authorization"));

  const requests = upstream.mock.requests();
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.status}`), [
    "PUT /crm/objects/2026-03/contacts/1001/associations/companies/2002 201",
    "POST /crm/associations/2026-03/contacts/companies/batch/read 200",
  ]);
  assert.deepEqual(JSON.parse(requests[0].body), [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }]);
});

for (const mode of ["forged", "stale"]) {
  test(`a ${mode} signature is refused with 401 and reaches nothing`, { timeout: 60_000 }, async () => {
    const before = upstream.mock.requests().length;
    await browser.page.evaluate((m) => (window.signMode = m), mode);
    try {
      const res = await browser.page.evaluate((c) => window.runCard(c), { backendUrl: `${base}/api/hubspot`, contactId: "1001" });
      assert.equal(res.error, undefined, res.error);
      for (const step of ["associate", "batchRead"]) {
        assert.deepEqual(res.result[step].error, { kind: "api", status: 401, category: "INVALID_AUTHENTICATION" }, step);
      }
    } finally {
      await browser.page.evaluate(() => (window.signMode = "good"));
    }
    assert.equal(upstream.mock.requests().length, before);
    assert.ok(proxyEvents.filter((e) => e.status === 401).length >= 2);
    assert.ok(!JSON.stringify(proxyEvents).includes(TOKEN));
  });
}
