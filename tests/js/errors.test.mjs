// Done-when 3 of issue 2: HubSpot's error answers become HubSpotErrors with the right kind and
// fields; the token appears nowhere; bad input is refused before any request.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations, HubSpotError, isHubSpotError } from "hubspot-associations";
import { startServer, TOKEN } from "./helpers/loopback.mjs";

const params = { fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" };

const CASES = [
  {
    status: 400,
    body: { status: "error", message: "One or more associations are invalid", correlationId: "8db6aa", context: { INVALID_OBJECT_IDS: ["CONTACT=38374264688 is not valid"] }, category: "VALIDATION_ERROR" },
    check: (e) => {
      assert.equal(e.kind, "api");
      assert.equal(e.category, "VALIDATION_ERROR");
      assert.deepEqual(e.context, { INVALID_OBJECT_IDS: ["CONTACT=38374264688 is not valid"] });
      assert.equal(e.correlationId, "8db6aa");
    },
  },
  {
    status: 401,
    body: { status: "error", message: "Authentication credentials not found. This API supports OAuth 2.0 authentication.", correlationId: "c401", category: "INVALID_AUTHENTICATION" },
    check: (e) => {
      assert.equal(e.kind, "api");
      assert.equal(e.category, "INVALID_AUTHENTICATION");
    },
  },
  {
    status: 403,
    body: { status: "error", message: "This app hasn't been granted all required scopes to make this call.", errors: [{ message: "One or more of the following scopes are required.", context: { requiredScopes: ["crm.objects.contacts.write"] } }], category: "MISSING_SCOPES", correlationId: "c403" },
    check: (e) => {
      assert.equal(e.category, "MISSING_SCOPES");
      assert.deepEqual(e.errors[0].context.requiredScopes, ["crm.objects.contacts.write"]);
    },
  },
  {
    status: 429,
    body: { status: "error", message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT", correlationId: "c429", policyName: "TEN_SECONDLY_ROLLING", requestId: "r1" },
    headers: { "content-type": "*/*", "retry-after": "2" },
    check: (e) => {
      assert.equal(e.kind, "rate_limited");
      assert.equal(e.policyName, "TEN_SECONDLY_ROLLING");
      assert.equal(e.retryAfterMs, 2000);
    },
  },
  {
    status: 500,
    body: { status: "error", message: "internal error", correlationId: "c500" },
    check: (e) => {
      assert.equal(e.kind, "api");
      assert.match(e.message, /internal error/);
    },
  },
  {
    status: 502,
    body: "<html><head><title>502 Bad Gateway</title></head><body><center>cloudflare</center></body></html>",
    headers: { "content-type": "text/html", "x-hubspot-correlation-id": "gw-1" },
    check: (e) => {
      assert.equal(e.kind, "api");
      assert.match(e.message, /502 Bad Gateway/);
      assert.equal(e.correlationId, "gw-1");
      assert.match(e.body, /cloudflare/);
    },
  },
];

test("error answers become HubSpotErrors", async (t) => {
  const server = await startServer();
  // One answer per case: retries have their own tests (bulk.test.mjs).
  const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl, maxRetries: 0 });
  try {
    for (const c of CASES) {
      await t.test(`${c.status}`, async () => {
        server.answer(c.status, c.body, c.headers);
        const e = await hs.associateDefault(params).then(() => assert.fail("resolved"), (e) => e);
        assert.ok(e instanceof HubSpotError);
        assert.ok(e instanceof Error);
        assert.ok(isHubSpotError(e));
        assert.equal(e.name, "HubSpotError");
        assert.equal(e.status, c.status);
        assert.equal(e.attempts, 1);
        c.check(e);
        const everything = [e.message, String(e), e.stack, JSON.stringify({ ...e }), JSON.stringify(Object.getOwnPropertyNames(e).map((k) => e[k]))].join("\n");
        assert.ok(!everything.includes(TOKEN), "the token leaked");
        assert.ok(!everything.includes(TOKEN.slice(8)), "part of the token leaked");
      });
    }
  } finally {
    await server.close();
  }
});

test("invalid input is refused before any request", async () => {
  const server = await startServer();
  const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl });
  try {
    for (const fromObjectId of ["12/../34", "", "12a", -1, 1.5, 2 ** 60]) {
      const e = await hs.associateDefault({ ...params, fromObjectId }).then(() => assert.fail("resolved"), (e) => e);
      assert.ok(isHubSpotError(e));
      assert.equal(e.kind, "invalid_input", String(fromObjectId));
      assert.equal(e.attempts, 0);
    }
    for (const bad of [undefined, null, 42, "x"]) {
      const e = await hs.associateDefault(bad).catch((e) => e);
      assert.equal(e.kind, "invalid_input");
    }
    const e = await hs.createLimits({ fromObjectType: "contacts", toObjectType: "companies", inputs: [] }).catch((e) => e);
    assert.equal(e.kind, "invalid_input");
    assert.equal(e.message, "createLimits: inputs must not be empty");
    const w = await hs.associateDefault({ ...params, toObjectType: "companies/../x" }).catch((e) => e);
    assert.equal(w.kind, "invalid_input");
    assert.equal(server.seen.length, 0, "the server saw a request");
  } finally {
    await server.close();
  }
});

test("bad options throw synchronously in Node", () => {
  assert.throws(() => new HubSpotAssociations({ apiVersion: "v5" }), (e) => isHubSpotError(e) && e.kind === "invalid_input");
  assert.throws(() => new HubSpotAssociations({ fetch: 42 }), (e) => isHubSpotError(e) && e.kind === "invalid_input");
});

test("a refused connection is kind network", async () => {
  const server = await startServer();
  const baseUrl = server.baseUrl;
  await server.close();
  const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl, maxRetries: 0 });
  const e = await hs.associateDefault(params).catch((e) => e);
  assert.equal(e.kind, "network");
  assert.ok(!e.message.includes(TOKEN));
});
