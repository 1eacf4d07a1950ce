// hubspot-associations/proxy and /hubspot in Node: allowed and forbidden paths, the envelope, the 1 MB
// cap, signature checks, and the token never in a response or a log.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createRequire } from "node:module";
import { HubSpotAssociations } from "hubspot-associations";
import { hubspotFetch, ENVELOPE_KEY } from "hubspot-associations/hubspot";
import { createProxy, createNodeProxy, signHubSpotRequest, verifyHubSpotSignature, isAllowedPath, MAX_BODY_BYTES } from "hubspot-associations/proxy";
import { startMockServer } from "hubspot-associations/mock";

const TOKEN = "pat-na1-proxy-test-token-never-leak";
const SECRET = "app-client-secret-for-tests";
const ORIGIN = "https://backend.example";

async function withUpstream(fn) {
  const upstream = await startMockServer({ accessToken: TOKEN, port: 0 });
  try {
    return await fn(upstream);
  } finally {
    await upstream.close();
  }
}

async function signed(method, path, body = "", { timestamp = Date.now(), secret = SECRET, headers = {} } = {}) {
  const url = `${ORIGIN}${path}`;
  const signature = await signHubSpotRequest({ clientSecret: secret, method, url, body, timestamp });
  return new Request(url, {
    method,
    body: body || undefined,
    headers: { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp), ...headers },
  });
}

test("isAllowedPath: associations paths of every family, nothing else", () => {
  for (const p of [
    "/crm/objects/2026-03/contacts/1/associations/companies/2",
    "/crm/objects/2026-09/contacts/1/associations/default/companies/2",
    "/crm/objects/2026-03/contacts/1/associations/companies",
    "/crm/v4/objects/deals/5/associations/contacts",
    "/crm/associations/2026-03/contacts/companies/batch/read",
    "/crm/associations/v4/definitions/configurations/all",
    "/crm/v4/associations/contacts/companies/labels",
    "/crm/v3/associations/contacts/companies/batch/read",
  ]) assert.ok(isAllowedPath(p), p);
  for (const p of [
    "/crm/v3/objects/contacts",
    "/crm/objects/2026-03/contacts/1",
    "/crm/v3/owners",
    "/oauth/v1/access-tokens/abc",
    "/crm/v4/objects/contacts/1/associations/../../../contacts",
    "/crm/v3/associations/contacts%2F..%2Fx/companies/batch/read",
    "/crm/v3/associations//companies",
    "/crm/associations/v5/contacts/companies/batch/read",
    "/",
  ]) assert.ok(!isAllowedPath(p), p);
});

test("forwards associations calls with the token, refuses other paths with 403", async () => {
  await withUpstream(async (upstream) => {
    const logs = [];
    const proxy = createProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET, pathPrefix: "/api/hubspot", onEvent: (e) => logs.push(e) });
    const ok = await proxy(await signed("PUT", "/api/hubspot/crm/objects/2026-03/contacts/1/associations/default/companies/2"));
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).results[0].associationSpec.associationTypeId, 279);
    const seen = upstream.mock.requests().at(-1);
    assert.equal(seen.path, "/crm/objects/2026-03/contacts/1/associations/default/companies/2");
    assert.ok(JSON.stringify(seen.headers).includes("Bearer"));

    const list = await proxy(await signed("GET", "/api/hubspot/crm/v4/objects/contacts/1/associations/companies?limit=1"));
    assert.equal(list.status, 200);
    assert.equal(upstream.mock.requests().at(-1).query.length, 1);

    const before = upstream.mock.requests().length;
    for (const p of ["/api/hubspot/crm/v3/objects/contacts", "/api/hubspot/crm/v3/owners", "/elsewhere/crm/v4/associations/contacts/companies/labels"]) {
      const r = await proxy(await signed("GET", p));
      assert.equal(r.status, 403, p);
      const body = await r.json();
      assert.equal(body.status, "error");
      assert.equal(body.category, "FORBIDDEN");
      assert.equal(typeof body.correlationId, "string");
    }
    assert.equal(upstream.mock.requests().length, before, "nothing forbidden reached HubSpot");
    assert.ok(!JSON.stringify(logs).includes(TOKEN));
    assert.ok(logs.some((e) => e.status === 403));
  });
});

test("unwraps the adapter's envelope (array body of the labelled PUT)", async () => {
  await withUpstream(async (upstream) => {
    const proxy = createProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET });
    const types = [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }];
    const r = await proxy(await signed("PUT", "/crm/objects/2026-03/contacts/7/associations/companies/8", JSON.stringify({ [ENVELOPE_KEY]: types })));
    assert.equal(r.status, 201, await r.clone().text());
    assert.deepEqual((await r.json()).labels, ["Primary"]);
    assert.deepEqual(JSON.parse(upstream.mock.requests().at(-1).body), types);
    // An object with other keys is not the envelope: forwarded as it is.
    const other = JSON.stringify({ inputs: [{ id: "7" }], [ENVELOPE_KEY]: 1 });
    await proxy(await signed("POST", "/crm/associations/2026-03/contacts/companies/batch/read", other));
    assert.equal(upstream.mock.requests().at(-1).body, other);
  });
});

test("bodies over 1 MB get 413, before anything is forwarded", async () => {
  await withUpstream(async (upstream) => {
    const proxy = createProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET });
    const big = JSON.stringify({ inputs: [{ id: "1".repeat(MAX_BODY_BYTES) }] });
    const r = await proxy(await signed("POST", "/crm/associations/2026-03/contacts/companies/batch/read", big));
    assert.equal(r.status, 413);
    assert.equal((await r.json()).status, "error");
    assert.equal(upstream.mock.requests().length, 0);
  });
});

test("signature v3: forged, stale, missing and wrong-secret requests get 401", async () => {
  await withUpstream(async (upstream) => {
    const proxy = createProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET });
    const path = "/crm/associations/2026-03/contacts/companies/batch/read";
    const body = JSON.stringify({ inputs: [{ id: "1" }] });
    const good = await proxy(await signed("POST", path, body));
    assert.ok(good.status === 200 || good.status === 207, String(good.status));
    const cases = {
      stale: await signed("POST", path, body, { timestamp: Date.now() - 6 * 60 * 1000 }),
      wrongSecret: await signed("POST", path, body, { secret: "someone-else" }),
      forged: await signed("POST", path, body, { headers: { "x-hubspot-signature-v3": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }),
      garbage: await signed("POST", path, body, { headers: { "x-hubspot-signature-v3": "not base64!" } }),
      missing: new Request(`${ORIGIN}${path}`, { method: "POST", body }),
    };
    // A body changed after signing.
    const sig = await signHubSpotRequest({ clientSecret: SECRET, method: "POST", url: `${ORIGIN}${path}`, body, timestamp: Date.now() });
    cases.tampered = new Request(`${ORIGIN}${path}`, { method: "POST", body: body.replace('"1"', '"2"'), headers: { "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(Date.now()) } });
    for (const [name, req] of Object.entries(cases)) {
      const r = await proxy(req);
      assert.equal(r.status, 401, name);
      assert.equal((await r.json()).category, "INVALID_AUTHENTICATION", name);
    }
    assert.equal(upstream.mock.requests().length, 1, "only the good request was forwarded");
  });
});

test("verifyHubSpotSignature decodes the escapes HubSpot decodes, and checks age both ways", async () => {
  const ts = 1_700_000_000_000;
  const url = "https://backend.example/api?x=a%3Ab";
  const signature = await signHubSpotRequest({ clientSecret: SECRET, method: "get", url: "https://backend.example/api?x=a:b", timestamp: ts });
  assert.deepEqual(await verifyHubSpotSignature({ clientSecret: SECRET, method: "GET", url, signature, timestamp: ts, now: ts + 1000 }), { ok: true });
  assert.equal((await verifyHubSpotSignature({ clientSecret: SECRET, method: "GET", url, signature, timestamp: ts, now: ts + 300_001 })).reason, "stale timestamp");
  assert.equal((await verifyHubSpotSignature({ clientSecret: SECRET, method: "GET", url, signature, timestamp: ts, now: ts - 300_001 })).ok, false);
});

test("authorize instead of a signature; options are checked", async () => {
  await withUpstream(async (upstream) => {
    const proxy = createProxy({ accessToken: TOKEN, upstream: upstream.url, authorize: (req) => req.headers.get("x-session") === "yes" });
    const url = `${ORIGIN}/crm/v4/associations/contacts/companies/labels`;
    assert.equal((await proxy(new Request(url, { headers: { "x-session": "yes" } }))).status, 200);
    assert.equal((await proxy(new Request(url))).status, 401);
    const throwing = createProxy({ accessToken: TOKEN, upstream: upstream.url, authorize: () => { throw new Error("boom"); } });
    assert.equal((await throwing(new Request(url))).status, 401);
  });
  assert.throws(() => createProxy({ clientSecret: SECRET }), /accessToken/);
  assert.throws(() => createProxy({ accessToken: TOKEN }), /clientSecret|authorize/);
});

test("the token is never in a response or a log, even when upstream echoes it", async () => {
  const echo = http.createServer((req, res) => {
    res.writeHead(400, { "content-type": "application/json", "x-hubspot-correlation-id": "c-1", "set-cookie": "a=b", "x-secret": req.headers.authorization });
    res.end(JSON.stringify({ status: "error", message: `bad header ${req.headers.authorization}`, category: "VALIDATION_ERROR" }));
  });
  await new Promise((r) => echo.listen(0, "127.0.0.1", r));
  const logged = [];
  const orig = { log: console.log, error: console.error, warn: console.warn };
  for (const k of Object.keys(orig)) console[k] = (...a) => logged.push(a.join(" "));
  try {
    const proxy = createProxy({ accessToken: TOKEN, upstream: `http://127.0.0.1:${echo.address().port}`, clientSecret: SECRET, onEvent: (e) => logged.push(JSON.stringify(e)) });
    const r = await proxy(await signed("GET", "/crm/v4/associations/contacts/companies/labels"));
    assert.equal(r.status, 400);
    assert.equal(r.headers.get("x-hubspot-correlation-id"), "c-1");
    assert.equal(r.headers.get("x-secret"), null);
    assert.equal(r.headers.get("set-cookie"), null);
    const text = await r.text();
    assert.ok(!text.includes(TOKEN) && text.includes("[redacted]"), text);
    const unreachable = createProxy({ accessToken: TOKEN, upstream: "http://127.0.0.1:1", clientSecret: SECRET });
    const down = await unreachable(await signed("GET", "/crm/v4/associations/contacts/companies/labels"));
    assert.equal(down.status, 502);
    assert.ok(!(await down.text()).includes(TOKEN));
  } finally {
    Object.assign(console, orig);
    await new Promise((r) => echo.close(r));
  }
  assert.ok(!logged.join("\n").includes(TOKEN));
});

test("node:http adapter + hubspotFetch: the client end to end through a simulated hubspot.fetch", async () => {
  await withUpstream(async (upstream) => {
    const server = http.createServer(createNodeProxy({ accessToken: TOKEN, upstream: upstream.url, clientSecret: SECRET, pathPrefix: "/api/hubspot" }));
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${server.address().port}`;
    const calls = [];
    // hubspot.fetch: object bodies only, signs the request, answers without headers.
    const simulated = async (url, options) => {
      calls.push({ url, options });
      assert.ok(options.body === undefined || (typeof options.body === "object" && !Array.isArray(options.body)));
      const body = options.body === undefined ? "" : JSON.stringify(options.body);
      const timestamp = Date.now();
      const signature = await signHubSpotRequest({ clientSecret: SECRET, method: options.method, url, body, timestamp });
      const r = await fetch(url, { method: options.method, body: body || undefined, headers: { "content-type": "application/json", "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) } });
      const text = await r.text();
      return { status: r.status, ok: r.ok, json: async () => (text ? JSON.parse(text) : undefined) };
    };
    try {
      const hs = new HubSpotAssociations({ fetch: hubspotFetch(simulated, { baseUrl: `${base}/api/hubspot`, timeoutMs: 60000 }) });
      const pair = await hs.associate({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2", types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }] });
      assert.deepEqual(pair.labels, ["Primary"]);
      assert.deepEqual(Object.keys(calls[0].options.body), [ENVELOPE_KEY]);
      assert.equal(calls[0].options.timeout, 15000, "capped at hubspot.fetch's 15 s");
      assert.equal(calls[0].url, `${base}/api/hubspot/crm/objects/2026-03/contacts/1/associations/companies/2`);
      const read = await hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] });
      assert.equal(read.results[0].to[0].toObjectId, "2");
      assert.ok(calls.every((c) => !JSON.stringify(c).toLowerCase().includes("authorization")));
      // Oversized bodies through the node adapter.
      const big = await fetch(`${base}/api/hubspot/crm/v3/associations/contacts/companies/batch/read`, { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) });
      assert.equal(big.status, 413);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

test("hubspotFetch: abort, missing headers, CJS twins", async () => {
  const never = () => new Promise(() => {});
  const ac = new AbortController();
  const f = hubspotFetch(never);
  const p = f("https://x.example/crm/v4/associations/a/b/labels", { method: "GET", signal: ac.signal });
  ac.abort();
  await assert.rejects(p, { name: "AbortError" });
  const g = hubspotFetch(async (url, o) => ({ status: 200, json: async () => ({ url, o }) }), { baseUrl: "https://b.example/api/" });
  const r = await g("https://api.hubapi.com/crm/v4/associations/a/b/labels", { method: "get", headers: { Authorization: "Bearer t", accept: "application/json" } });
  assert.deepEqual(r.headers, {});
  const { url, o } = await r.json();
  assert.equal(url, "https://b.example/api/crm/v4/associations/a/b/labels");
  assert.deepEqual(o, { method: "GET", timeout: 15000, headers: { accept: "application/json" } });
  const require = createRequire(import.meta.url);
  assert.equal(typeof require("hubspot-associations/hubspot").hubspotFetch, "function");
  assert.equal(typeof require("hubspot-associations/proxy").createProxy, "function");
});
