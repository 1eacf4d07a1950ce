// The mock's `fetch` is fetch-compatible: it takes a URL string, a URL or a Request, so a test may
// also replace the global fetch with it (the client without a `fetch` option then sends Requests).
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const TOKEN = "pat-na1-mock-fetch-test-token";
const link = { fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" };
const PATH = "/crm/objects/2026-03/contacts/1/associations/default/companies/2";

test("mock.fetch answers a Request with its method, headers and body", async () => {
  const mock = createMockHubSpot({ accessToken: TOKEN });
  const put = await mock.fetch(new Request(mock.baseUrl + PATH, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` } }));
  assert.equal(put.status, 200);
  const body = JSON.stringify({ inputs: [{ id: "1" }] });
  const read = await mock.fetch(new Request(`${mock.baseUrl}/crm/v3/associations/contacts/companies/batch/read`,
    { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body }));
  assert.equal(read.status, 200);
  assert.equal((await read.json()).results[0].to[0].id, "2");
  const viaUrl = await mock.fetch(new URL(mock.baseUrl + PATH), { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(viaUrl.status, 200);
  assert.deepEqual(mock.requests().map((r) => [r.method, r.status, r.body ?? null]), [["PUT", 200, null], ["POST", 200, body], ["PUT", 200, null]]);
});

test("globalThis.fetch = mock.fetch: the client's default transport reaches the mock", async () => {
  const mock = createMockHubSpot({ accessToken: TOKEN });
  const original = globalThis.fetch;
  globalThis.fetch = mock.fetch;
  try {
    const out = await new HubSpotAssociations({ accessToken: TOKEN }).associateDefault(link);
    assert.equal(out.results[0].associationSpec.associationTypeId, 279);
    assert.deepEqual(mock.requests().map((r) => `${r.method} ${r.path} ${r.status}`), [`PUT ${PATH} 200`]);
  } finally {
    globalThis.fetch = original;
  }
});
