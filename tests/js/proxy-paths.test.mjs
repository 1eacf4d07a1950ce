// hubspot-associations/proxy: the path grammar. Hostile targets (path traversal through `..;`, encoded
// dots, NUL and tab escapes, path parameters, backslashes, lookalikes, …) get 403 (or 405 for methods)
// without the upstream fetch ever being called; the legitimate paths of every version family are
// forwarded with exactly the path (and query) received. Driven three ways: createProxy with the raw URL
// string (a Request-like object nothing has parsed), createProxy with a real Request (which the runtime
// has already normalised), and the node:http adapter given the raw `req.url`, plus raw bytes over TCP.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { EventEmitter } from "node:events";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";
import { createProxy, createNodeProxy, isAllowedPath, ALLOWED_PATHS, signHubSpotRequest } from "hubspot-associations/proxy";

const TOKEN = "pat-na1-proxy-paths-token-never-leak";
const SECRET = "app-client-secret-for-path-tests";
const ORIGIN = "https://backend.example";
const UPSTREAM = "https://upstream.example";

// An upstream fetch that records every call and answers 200 {}.
function recorder() {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers });
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  return { calls, fetch };
}

// A Request-like object whose `url` is the raw string: what a framework that does not re-serialise
// URLs hands over.
function rawRequest(method, target) {
  return { method, url: `${ORIGIN}${target}`, headers: new Headers(), body: null };
}

// Calls a node:http listener with a fake IncomingMessage whose `url` is the raw target.
function nodeCall(listener, method, target) {
  return new Promise((resolve, reject) => {
    const req = Object.assign(new EventEmitter(), { method, url: target, headers: { host: "backend.example" } });
    const res = {
      headersSent: false,
      writeHead(status, headers) {
        Object.assign(this, { status, headers, headersSent: true });
      },
      end(chunk) {
        resolve({ status: this.status, headers: this.headers, body: chunk ? Buffer.from(chunk).toString() : "" });
      },
      destroy() {
        reject(new Error("destroyed"));
      },
    };
    listener(req, res);
    req.emit("end");
  });
}

// [method, path] of every family, forwarded as they are. Object types: names, custom names, type ids.
const LEGIT = [];
for (const ver of ["2026-03", "2026-09"]) {
  const rec = `/crm/objects/${ver}`;
  const asc = `/crm/associations/${ver}`;
  LEGIT.push(
    ["PUT", `${rec}/contacts/1/associations/default/companies/2`],
    ["PUT", `${rec}/contacts/12/associations/companies/34`],
    ["GET", `${rec}/deals/5/associations/line_items`],
    ["GET", `${rec}/deals/5/associations/contacts?after=MjAw&limit=500`],
    ["DELETE", `${rec}/0-1/5434402448/associations/0-2/7`],
    ["POST", `${asc}/contacts/companies/batch/read`],
    ["POST", `${asc}/contacts/companies/batch/create`],
    ["POST", `${asc}/contacts/companies/batch/archive`],
    ["POST", `${asc}/contacts/companies/batch/associate/default`],
    ["POST", `${asc}/contacts/companies/batch/labels/archive`],
    ["GET", `${asc}/p_my_object/2-123/labels`],
    ["POST", `${asc}/contacts/companies/labels`],
    ["PUT", `${asc}/contacts/companies/labels`],
    ["DELETE", `${asc}/contacts/companies/labels/36`],
    ["GET", `${asc}/definitions/configurations/all`],
    ["GET", `${asc}/definitions/configurations/contacts/companies`],
    ["POST", `${asc}/definitions/configurations/contacts/companies/batch/create`],
    ["POST", `${asc}/definitions/configurations/0-1/0-2/batch/update`],
    ["POST", `${asc}/definitions/configurations/contacts/companies/batch/purge`],
    ["POST", `${asc}/usage/high-usage-report/12345`],
  );
}
LEGIT.push(
  // v4 records
  ["PUT", "/crm/v4/objects/contacts/1/associations/default/companies/2"],
  ["PUT", "/crm/v4/objects/p123456_cars/1/associations/tickets/2"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?limit=1"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=MTAw%253D%253D"],
  ["DELETE", "/crm/v4/objects/contacts/1/associations/companies/2"],
  // v4 batch
  ["POST", "/crm/v4/associations/contacts/companies/batch/read"],
  ["POST", "/crm/v4/associations/contacts/companies/batch/create"],
  ["POST", "/crm/v4/associations/contacts/companies/batch/archive"],
  ["POST", "/crm/v4/associations/contacts/companies/batch/associate/default"],
  ["POST", "/crm/v4/associations/contacts/companies/batch/labels/archive"],
  ["POST", "/crm/associations/v4/contacts/companies/batch/read"],
  // v4 labels: HubSpot's current reference and the older form of @hubspot/api-client (and this client)
  ["GET", "/crm/associations/v4/contacts/companies/labels"],
  ["POST", "/crm/associations/v4/contacts/companies/labels"],
  ["PUT", "/crm/associations/v4/contacts/companies/labels"],
  ["DELETE", "/crm/associations/v4/contacts/companies/labels/36"],
  ["GET", "/crm/v4/associations/contacts/companies/labels"],
  ["POST", "/crm/v4/associations/contacts/companies/labels"],
  ["PUT", "/crm/v4/associations/contacts/companies/labels"],
  ["DELETE", "/crm/v4/associations/contacts/companies/labels/36"],
  // v4 limits: /crm/associations/v4/… and the older alias /crm/v4/associations/…
  ["GET", "/crm/associations/v4/definitions/configurations/all"],
  ["GET", "/crm/associations/v4/definitions/configurations/contacts/companies"],
  ["POST", "/crm/associations/v4/definitions/configurations/contacts/companies/batch/create"],
  ["POST", "/crm/associations/v4/definitions/configurations/contacts/companies/batch/update"],
  ["POST", "/crm/associations/v4/definitions/configurations/contacts/companies/batch/purge"],
  ["GET", "/crm/v4/associations/definitions/configurations/all"],
  ["GET", "/crm/v4/associations/definitions/configurations/contacts/companies"],
  ["POST", "/crm/v4/associations/definitions/configurations/contacts/companies/batch/create"],
  ["POST", "/crm/v4/associations/definitions/configurations/contacts/companies/batch/purge"],
  // v4 high-usage report (the client's path, and the /crm/associations/v4 form)
  ["POST", "/crm/v4/associations/usage/high-usage-report/12345"],
  ["POST", "/crm/associations/v4/usage/high-usage-report/12345"],
  // v3
  ["POST", "/crm/v3/associations/contacts/companies/batch/read"],
  ["POST", "/crm/v3/associations/contacts/companies/batch/create"],
  ["POST", "/crm/v3/associations/contacts/companies/batch/archive"],
  ["GET", "/crm/v3/associations/contacts/companies/types"],
);

const OWNERS = "v3/owners";
// [method, target, status] that must be refused whatever parses them. 403 unless said otherwise.
const HOSTILE = [
  // Tomcat-style `..;` and its variants
  ["GET", `/crm/v4/associations/..;/..;/${OWNERS}`],
  ["GET", `/crm/v4/associations/..%3B/..%3B/${OWNERS}`],
  ["GET", `/crm/v4/associations/..%3b/..%3b/${OWNERS}`],
  ["GET", `/crm/v4/associations/.;/..;/${OWNERS}`],
  ["GET", `/crm/v4/associations/contacts/companies/labels/..;/..;/..;/..;/${OWNERS}`],
  // NUL and tab escapes
  ["GET", `/crm/v4/associations/..%00/..%00/${OWNERS}`],
  ["GET", `/crm/v4/associations/..%09/..%09/${OWNERS}`],
  ["GET", "/crm/v4/associations/contacts/companies/labels%00"],
  ["GET", "/crm/v4/associations/contacts/companies/labels/%00"],
  ["GET", "/crm/v4/objects/contacts/1%00/associations/companies"],
  // encoded dots, single and double
  ["GET", `/crm/v4/associations/%2e%2e/%2e%2e/${OWNERS}`],
  ["GET", `/crm/v4/associations/%2E%2E/%2E%2E/${OWNERS}`],
  ["GET", `/crm/v4/associations/.%2e/.%2e/${OWNERS}`],
  ["GET", `/crm/v4/associations/%252e%252e/%252e%252e/${OWNERS}`],
  ["GET", `/crm/v4/associations/%25%32%65%25%32%65/${OWNERS}`],
  // plain dot segments
  ["GET", `/crm/v4/associations/contacts/companies/labels/../../../../${OWNERS}`],
  ["GET", "/crm/v4/associations/./contacts/companies/labels"],
  ["GET", "/crm/v4/associations/contacts/companies/labels/."],
  ["GET", "/crm/v4/objects/contacts/1/associations/companies/.."],
  // path parameters
  ["GET", "/crm/v4/associations/contacts/companies/labels;jsessionid=ABC123"],
  ["GET", "/crm/v4/associations;jsessionid=ABC123/contacts/companies/labels"],
  ["GET", "/crm/v4/objects/contacts;x=1/1/associations/companies"],
  ["POST", "/crm/associations/2026-03/contacts/companies/batch/read;jsessionid=1"],
  // any percent-escape, even of a plain letter; encoded slashes and backslashes
  ["GET", "/crm/v4/objects/con%74acts/1/associations/companies"],
  ["GET", "/crm/v4/associations/contacts%2F..%2F..%2Fv3%2Fowners/companies/labels"],
  ["GET", "/crm/v4/associations/contacts%5c..%5cowners/companies/labels"],
  ["GET", "/crm/v4/associations/contacts%20/companies/labels"],
  // raw backslashes (WHATWG URLs turn them into "/")
  ["GET", "/crm/v4/associations/contacts\\..\\..\\v3\\owners/companies/labels"],
  ["GET", "/crm/v4/associations\\contacts\\companies\\labels"],
  // empty segments and trailing slashes
  ["GET", "/crm/v4/associations//contacts/companies/labels"],
  ["GET", "//crm/v4/associations/contacts/companies/labels"],
  ["GET", "//evil.example/crm/v4/associations/contacts/companies/labels"],
  ["GET", "/crm/v4/associations/contacts/companies/labels/"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts/"],
  // uppercase literal words
  ["GET", "/CRM/v4/associations/contacts/companies/labels"],
  ["GET", "/crm/V4/associations/contacts/companies/labels"],
  ["GET", "/crm/v4/Associations/contacts/companies/labels"],
  ["GET", "/crm/v4/associations/contacts/companies/LABELS"],
  ["POST", "/crm/v4/associations/contacts/companies/BATCH/read"],
  // unicode lookalikes (raw), invisible characters
  ["GET", "/crm/v4/associ\u0430tions/contacts/companies/labels"],
  ["GET", "/crm/v\uff14/associations/contacts/companies/labels"],
  ["DELETE", "/crm/v4/associations/contacts/companies/labels/\uff13\uff16"],
  ["GET", "/crm/v4/associations/contacts\u200b/companies/labels"],
  ["GET", "/crm/v4/associations/contacts/companies/labels\u2025"],
  ["GET", "/crm/v4/associations/contacts/companies/labels\uff0f..\uff0f"],
  // @ and other authority tricks
  ["GET", "/crm/v4/associations/contacts@evil.example/companies/labels"],
  ["GET", "/@evil.example/crm/v4/associations/contacts/companies/labels"],
  // very long paths and tokens
  ["GET", `/crm/v4/associations/${"a".repeat(5000)}/companies/labels`],
  ["GET", `/crm/v4/associations/${"a".repeat(129)}/companies/labels`],
  ["GET", `/crm/v4/objects/contacts/${"1".repeat(33)}/associations/companies`],
  ["POST", `/crm/v4/associations/usage/high-usage-report/${"1".repeat(11)}`],
  // fragments
  ["GET", "/crm/v4/associations/contacts/companies/labels#x"],
  // other APIs, unknown versions, verbs, shapes
  ["GET", "/"],
  ["GET", "/crm/v3/owners"],
  ["GET", "/crm/v3/objects/contacts"],
  ["GET", "/crm/v4/objects/contacts/1"],
  ["GET", "/crm/objects/2026-03/contacts/1"],
  ["POST", "/oauth/v1/access-tokens/abc"],
  ["POST", "/crm/associations/v5/contacts/companies/batch/read"],
  ["POST", "/crm/associations/v3/contacts/companies/batch/read"],
  ["POST", "/crm/associations/2026-13/contacts/companies/batch/read"],
  ["PUT", "/crm/objects/v4/contacts/1/associations/default/companies/2"],
  ["POST", "/crm/v4/associations/contacts/companies/batch/delete"],
  ["POST", "/crm/v3/associations/contacts/companies/batch/labels/archive"],
  ["GET", "/crm/v4/objects/contacts/abc/associations/companies"],
  ["GET", "/crm/v4/objects/contacts/-1/associations/companies"],
  ["PUT", "/crm/v4/objects/contacts/1/associations/companies/2/extra"],
  ["POST", "/crm/associations/2026-03/definitions/configurations/contacts/companies/batch/delete"],
  ["POST", "/crm/v4/associations/usage/high-usage-report/me"],
  ["GET", "/crm/v4/associations/-x/companies/labels"],
  ["GET", "/crm/v4/associations/_x/companies/labels"],
  // queries: only `after` (unreserved characters and printable escapes) and `limit`
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?hapikey=abc"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?limit=1&limit=2"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?limit=abc"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after="],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=a%00"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=a;b"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=a/../b"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=1&"],
  ["GET", "/crm/v4/objects/deals/5/associations/contacts?after=1#x"],
  // methods: none but GET/POST/PUT/DELETE, and only those each route uses
  ["PATCH", "/crm/v4/associations/contacts/companies/labels", 405],
  ["HEAD", "/crm/v4/associations/contacts/companies/labels", 405],
  ["OPTIONS", "/crm/v4/associations/contacts/companies/labels", 405],
  ["TRACE", "/crm/v4/associations/contacts/companies/labels", 405],
  ["GET", "/crm/v4/associations/contacts/companies/batch/read", 405],
  ["DELETE", "/crm/v4/associations/contacts/companies/labels", 405],
  ["GET", "/crm/v4/objects/contacts/1/associations/companies/2", 405],
];

test("ALLOWED_PATHS and isAllowedPath: the grammar, with and without a method", () => {
  assert.ok(Object.isFrozen(ALLOWED_PATHS) && ALLOWED_PATHS.every((re) => re instanceof RegExp));
  for (const [method, target] of LEGIT) {
    const path = target.split("?")[0];
    assert.ok(isAllowedPath(path), path);
    assert.ok(isAllowedPath(path, method), `${method} ${path}`);
    assert.ok(ALLOWED_PATHS.some((re) => re.test(path)), path);
  }
  for (const [method, target, status = 403] of HOSTILE) {
    const path = target.split("?")[0];
    if (status === 405) assert.ok(!isAllowedPath(path, method), `${method} ${path}`);
    else if (!target.includes("?")) assert.ok(!isAllowedPath(path), path);
  }
  assert.equal(isAllowedPath(undefined), false);
  assert.equal(isAllowedPath("/crm/v4/associations/contacts/companies/labels\n"), false);
});

test("legitimate paths of every family are forwarded with exactly the path and query received", async () => {
  const up = recorder();
  const proxy = createProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true });
  const node = createNodeProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true });
  const prefixed = createProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true, pathPrefix: "/api/hubspot" });
  for (const [method, target] of LEGIT) {
    const body = method === "POST" || method === "PUT" ? "{}" : undefined;
    const ways = {
      request: () => proxy(new Request(`${ORIGIN}${target}`, { method, body })),
      raw: () => proxy(rawRequest(method, target)),
      node: () => nodeCall(node, method, target),
      prefixed: () => prefixed(new Request(`${ORIGIN}/api/hubspot${target}`, { method, body })),
    };
    for (const [way, call] of Object.entries(ways)) {
      const before = up.calls.length;
      const r = await call();
      assert.equal(r.status, 200, `${way} ${method} ${target}`);
      assert.equal(up.calls.length, before + 1, `${way} ${method} ${target}`);
      const sent = up.calls.at(-1);
      assert.equal(sent.url, `${UPSTREAM}${target}`, `${way}: forwarded as received`);
      assert.equal(sent.method, method);
      assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);
    }
  }
});

test("hostile paths get 403 (methods 405) and never reach the upstream", async () => {
  const up = recorder();
  const events = [];
  const options = { accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true, onEvent: (e) => events.push(e) };
  const proxy = createProxy(options);
  const node = createNodeProxy(options);
  const prefixed = createProxy({ ...options, pathPrefix: "/api/hubspot" });
  for (const [method, target, status = 403] of HOSTILE) {
    const what = `${method} ${target.slice(0, 120)}`;
    for (const [way, call] of Object.entries({
      raw: () => proxy(rawRequest(method, target)),
      prefixed: () => prefixed(rawRequest(method, `/api/hubspot${target}`)),
    })) {
      const r = await call();
      assert.equal(r.status, status, `${way} ${what}`);
      const body = await r.json();
      assert.equal(body.status, "error");
      assert.equal(body.category, status === 403 ? "FORBIDDEN" : "METHOD_NOT_ALLOWED", `${way} ${what}`);
    }
    const n = await nodeCall(node, method, target);
    assert.equal(n.status, status, `node ${what}`);
    assert.ok(!n.body.includes(TOKEN));
  }
  assert.equal(up.calls.length, 0, "nothing hostile reached the upstream");
  assert.ok(events.every((e) => e.status === 403 || e.status === 405));
  assert.ok(events.every((e) => e.path.length <= 201), "refused paths are cut in events");
  assert.ok(!JSON.stringify(events).includes(TOKEN));
});

test("a real Request (already normalised by the runtime): refused, or forwarded exactly as its URL says", async () => {
  const up = recorder();
  const proxy = createProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true });
  const forwarded = [];
  for (const [method, target] of HOSTILE) {
    let request;
    try {
      request = new Request(`${ORIGIN}${target}`, { method });
    } catch {
      continue; // the runtime refuses it (TRACE, …)
    }
    const before = up.calls.length;
    const r = await proxy(request);
    if (up.calls.length === before) {
      assert.ok(r.status === 403 || r.status === 405, `${method} ${target.slice(0, 120)}: ${r.status}`);
    } else {
      const u = new URL(request.url);
      assert.equal(up.calls.at(-1).url, `${UPSTREAM}${u.pathname}${u.search}`);
      forwarded.push(target);
    }
  }
  // Only these two: the URL parser itself turned them into a legitimate path before the proxy saw them
  // (through createNodeProxy, which sees the raw target, they get 403: see the tests above and below).
  assert.deepEqual(forwarded, ["/crm/v4/associations/./contacts/companies/labels", "/crm/v4/associations\\contacts\\companies\\labels"]);
  // The `..;` path survives the URL parser and is refused as it is.
  assert.equal((await proxy(new Request(`${ORIGIN}/crm/v4/associations/..;/..;/${OWNERS}`))).status, 403);
  assert.equal(up.calls.filter((c) => c.url.includes("owners")).length, 0);
});

test("pathPrefix: the prefix must be there as received, and nothing slips around it", async () => {
  const up = recorder();
  const options = { accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true, pathPrefix: "/api/hubspot" };
  const proxy = createProxy(options);
  const node = createNodeProxy(options);
  const labels = "/crm/v4/associations/contacts/companies/labels";
  for (const target of [
    `/api/x/../hubspot${labels}`,
    `/api/hubspot/../hubspot${labels}`,
    `/api/hubspot;x=1${labels}`,
    `/api/hubspot%2F${labels}`,
    `/api/hubspotx${labels}`,
    `/API/hubspot${labels}`,
    `/api/hubspot`,
    `/api/hubspot/`,
    labels,
  ]) {
    assert.equal((await proxy(rawRequest("GET", target))).status, 403, target);
    assert.equal((await nodeCall(node, "GET", target)).status, 403, target);
  }
  assert.equal(up.calls.length, 0);
  assert.equal((await nodeCall(node, "GET", `/api/hubspot${labels}`)).status, 200);
  assert.equal(up.calls.at(-1).url, `${UPSTREAM}${labels}`);
});

test("signed requests: a valid signature does not open a hostile path", async () => {
  const up = recorder();
  const proxy = createProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, clientSecret: SECRET });
  for (const target of [`/crm/v4/associations/..;/..;/${OWNERS}`, "/crm/v4/associations/contacts/companies/labels;jsessionid=1", "/crm/v4/associations/contacts/companies/labels%00"]) {
    const url = `${ORIGIN}${target}`;
    const timestamp = Date.now();
    const signature = await signHubSpotRequest({ clientSecret: SECRET, method: "GET", url, timestamp });
    const r = await proxy(new Request(url, { headers: { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": String(timestamp) } }));
    assert.equal(r.status, 403, target);
  }
  assert.equal(up.calls.length, 0);
});

// Sends `target` verbatim over TCP: nothing between the test and node:http parses it.
function rawHttp(port, method, target) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(`${method} ${target} HTTP/1.1\r\nHost: backend.example\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (d) => (data += d));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on("error", reject);
  });
}

test("node:http over TCP: raw request targets are checked before anything normalises them", async () => {
  const up = recorder();
  const server = http.createServer(createNodeProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: up.fetch, authorize: () => true }));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  try {
    const labels = "/crm/v4/associations/contacts/companies/labels";
    for (const target of [
      `/crm/v4/associations/..;/..;/${OWNERS}`,
      `/crm/v4/associations/%2e%2e/%2e%2e/${OWNERS}`,
      `/crm/v4/associations/%252e%252e/${OWNERS}`,
      `/crm/x/..${labels.slice(4)}`, // normalises to a legitimate path: refused all the same
      `/crm/v4/associations/contacts/companies/./labels`,
      `/crm/v4/associations\\contacts\\companies\\labels`,
      `${labels};jsessionid=1`,
      `${labels}%00`,
      `//evil.example${labels}`,
      `http://evil.example${labels}`,
      `${labels}#x`,
    ]) {
      assert.equal(await rawHttp(port, "GET", target), 403, target);
    }
    // Raw non-ASCII bytes and control characters: node's own parser answers 400 first.
    for (const target of [`/crm/v4/associ\u0430tions/contacts/companies/labels`, `${labels}\t`]) {
      const status = await rawHttp(port, "GET", target);
      assert.ok(status === 400 || status === 403, `${target}: ${status}`);
    }
    assert.equal(await rawHttp(port, "TRACE", labels), 405);
    assert.equal(up.calls.length, 0);
    assert.equal(await rawHttp(port, "GET", labels), 200);
    assert.equal(up.calls.at(-1).url, `${UPSTREAM}${labels}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test("every client method of every version family passes the proxy (none refused)", async () => {
  const mock = createMockHubSpot({ accessToken: TOKEN });
  const events = [];
  const proxy = createProxy({ accessToken: TOKEN, upstream: mock.baseUrl, fetch: mock.fetch, authorize: () => true, onEvent: (e) => events.push(e) });
  const pair = { fromObjectType: "contacts", toObjectType: "companies" };
  const ids = { fromObjectId: "1", toObjectId: "2" };
  const spec = [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }];
  for (const apiVersion of ["2026-03", "2026-09", "v4"]) {
    const hs = new HubSpotAssociations({ baseUrl: ORIGIN, apiVersion, fetch: (url, init) => proxy(new Request(url, init)), maxRetries: 0, rateLimit: false });
    const calls = [
      () => hs.associateDefault({ ...pair, ...ids }),
      () => hs.associate({ ...pair, ...ids, types: spec }),
      () => hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 1 }),
      () => hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", after: "MTAw==", limit: 10 }),
      () => hs.removeAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", toObjectId: "2" }),
      () => hs.batchRead({ ...pair, inputs: [{ id: "1" }] }),
      () => hs.batchCreate({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "2" }, types: spec }] }),
      () => hs.batchCreateDefault({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "2" } }] }),
      () => hs.batchArchive({ ...pair, inputs: [{ from: { id: "1" }, to: [{ id: "2" }] }] }),
      () => hs.batchArchiveLabels({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "2" }, types: spec }] }),
      () => hs.listLabels({ fromObjectType: "p_my_object", toObjectType: "2-123" }),
      () => hs.createLabel({ ...pair, label: "Partner", name: "partner" }),
      () => hs.updateLabel({ ...pair, associationTypeId: 1000, label: "Partner 2" }),
      () => hs.deleteLabel({ ...pair, associationTypeId: 1000 }),
      () => hs.listAllLimits(),
      () => hs.listLimits({ fromObjectType: "0-1", toObjectType: "0-2" }),
      () => hs.createLimits({ ...pair, inputs: [{ category: "HUBSPOT_DEFINED", typeId: 279, maxToObjectIds: 5 }] }),
      () => hs.updateLimits({ ...pair, inputs: [{ category: "HUBSPOT_DEFINED", typeId: 279, maxToObjectIds: 6 }] }),
      () => hs.purgeLimits({ ...pair, inputs: [{ category: "HUBSPOT_DEFINED", typeId: 279 }] }),
      () => hs.requestHighUsageReport({ userId: 12345 }),
      () => hs.batchReadV3({ ...pair, inputs: [{ id: "1" }] }),
      () => hs.batchCreateV3({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }),
      () => hs.batchArchiveV3({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }),
      () => hs.listTypesV3(pair),
    ];
    for (const call of calls) {
      const before = events.length;
      // The emulator may refuse some calls (a label that does not exist…): only the proxy's verdict matters.
      await call().catch(() => {});
      assert.equal(events.length, before + 1, `${apiVersion}: one proxied request`);
      const e = events.at(-1);
      assert.ok(e.status !== 403 && e.status !== 405, `${apiVersion} ${e.method} ${e.path}: ${e.status} ${e.reason ?? ""}`);
    }
  }
  const seen = mock.requests();
  assert.equal(seen.length, events.length, "every call reached the emulator");
});
