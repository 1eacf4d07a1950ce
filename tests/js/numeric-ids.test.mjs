// Issue 9, item 6: HubSpot's v4 answers reads with numeric `toObjectId`s (its reference says
// string); the emulator does the same unless `numericIds: false`, and date versions answer strings.
// Our client returns exact strings either way, beyond 2^53 too.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const BIG = "9007199254740993"; // 2^53 + 1: a JS number cannot hold it
const PAIR = { fromObjectType: "contacts", toObjectType: "companies" };

/** `toObjectId` exactly as it is written in the answer's JSON text. */
async function wireIds(mock, path, init) {
  const res = await mock.fetch(`${mock.baseUrl}${path}`, { headers: { authorization: "Bearer tok", "content-type": "application/json" }, ...init });
  return [...(await res.text()).matchAll(/"toObjectId":("?)(\d+)\1/g)].map((m) => (m[1] ? `"${m[2]}"` : m[2]));
}

for (const numericIds of [undefined, true, false]) {
  test(`numericIds: ${numericIds ?? "default"}: the wire, and what the client returns`, async () => {
    const mock = createMockHubSpot({ accessToken: "tok", ...(numericIds === undefined ? {} : { numericIds }) });
    const hs = new HubSpotAssociations({ accessToken: "tok", baseUrl: mock.baseUrl, fetch: mock.fetch });
    await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "7", toObjectType: "companies", toObjectId: BIG });
    const numeric = numericIds !== false;
    const read = JSON.stringify({ inputs: [{ id: "7" }] });

    // The wire: numbers in v4 reads (exact digits), strings in date versions.
    const v4 = numeric ? BIG : `"${BIG}"`;
    assert.deepEqual(await wireIds(mock, "/crm/v4/objects/contacts/7/associations/companies"), [v4]);
    assert.deepEqual(await wireIds(mock, "/crm/v4/associations/contacts/companies/batch/read", { method: "POST", body: read }), [v4]);
    assert.deepEqual(await wireIds(mock, "/crm/objects/2026-03/contacts/7/associations/companies"), [`"${BIG}"`]);
    assert.deepEqual(await wireIds(mock, "/crm/associations/2026-03/contacts/companies/batch/read", { method: "POST", body: read }), [`"${BIG}"`]);

    // The client: exact strings in every family.
    for (const apiVersion of ["v4", "2026-03", "2026-09"]) {
      const page = await hs.listAssociations({ objectType: "contacts", objectId: "7", toObjectType: "companies", apiVersion });
      assert.deepEqual(page.results.map((r) => r.toObjectId), [BIG], apiVersion);
      const batch = await hs.batchRead({ ...PAIR, inputs: [{ id: "7" }], apiVersion });
      assert.deepEqual(batch.results[0].to.map((t) => t.toObjectId), [BIG], apiVersion);
      const iterated = [];
      for await (const a of hs.iterateAssociations({ objectType: "contacts", objectId: "7", toObjectType: "companies", apiVersion })) iterated.push(a.toObjectId);
      assert.deepEqual(iterated, [BIG], apiVersion);
    }
  });
}
