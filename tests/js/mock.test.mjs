// Every method against createMockHubSpot(): the client and the emulator agree, through the node
// entry and the inline entry.
import test from "node:test";
import assert from "node:assert/strict";
import * as nodeEntry from "hubspot-associations";
import * as inlineEntry from "hubspot-associations/inline";
import { createMockHubSpot } from "hubspot-associations/mock";

for (const [name, { HubSpotAssociations, isHubSpotError }] of [["node", nodeEntry], ["inline", inlineEntry]]) {
  test(`every method against the mock (${name} entry)`, async () => {
    const mock = createMockHubSpot({ accessToken: "tok", seed: { records: { contacts: ["1"], companies: ["2", "3", "4"] } } });
    const hs = new HubSpotAssociations({ accessToken: "tok", baseUrl: mock.baseUrl, fetch: mock.fetch });
    const pair = { fromObjectType: "contacts", toObjectType: "companies" };

    const created = await hs.createLabel({ ...pair, label: "Manager", name: "manager", inverseLabel: "Employer" });
    const manager = created.results.find((t) => t.label === "Manager").typeId;
    assert.ok(manager >= 1000, "user labels do not collide with built-in ids");
    const labels = await hs.listLabels(pair);
    assert.ok(labels.results.some((t) => t.typeId === manager && t.category === "USER_DEFINED"));
    assert.equal(await hs.updateLabel({ ...pair, associationTypeId: manager, label: "Boss" }), undefined);

    await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
    const labelled = await hs.associate({ fromObjectType: "contacts", fromObjectId: 1, toObjectType: "companies", toObjectId: 3,
      types: [{ associationCategory: "USER_DEFINED", associationTypeId: manager }] });
    assert.deepEqual(labelled.labels, ["Boss"]);
    await hs.batchCreateDefault({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "4" } }] });

    const page = await hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 2 });
    assert.deepEqual(page.results.map((r) => r.toObjectId), ["2", "3"]);
    assert.ok(page.paging.next.after);
    const all = [];
    for await (const a of hs.iterateAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 1 })) all.push(a.toObjectId);
    assert.deepEqual(all, ["2", "3", "4"]);

    const read = await hs.batchRead({ ...pair, inputs: [{ id: "1" }] });
    assert.deepEqual(read.results[0].to.map((t) => t.toObjectId), ["2", "3", "4"]);

    await hs.batchArchiveLabels({ ...pair, inputs: [{ from: { id: "1" }, to: { id: "3" }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: manager }] }] });
    await hs.batchArchive({ ...pair, inputs: [{ from: { id: "1" }, to: [{ id: "4" }] }] });
    assert.equal(await hs.removeAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", toObjectId: "2" }), undefined);
    const left = await hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies" });
    assert.deepEqual(left.results.map((r) => [r.toObjectId, r.associationTypes.map((t) => t.typeId)]), [["3", [279]]]);

    await hs.createLimits({ ...pair, inputs: [{ category: "USER_DEFINED", typeId: manager, maxToObjectIds: 1 }] });
    await hs.associate({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "3",
      types: [{ associationCategory: "USER_DEFINED", associationTypeId: manager }] });
    const over = await hs.associate({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "4",
      types: [{ associationCategory: "USER_DEFINED", associationTypeId: manager }] }).catch((e) => e);
    assert.ok(isHubSpotError(over), "a second Manager exceeds the limit of 1");
    assert.equal(over.status, 400);
    await hs.updateLimits({ ...pair, inputs: [{ typeId: manager, maxToObjectIds: 5 }] });
    assert.equal((await hs.listLimits(pair)).results[0].userEnforcedMaxToObjectIds, 5);
    assert.equal((await hs.listAllLimits()).results.length, 1);
    await hs.purgeLimits({ ...pair, inputs: [{ category: "USER_DEFINED", typeId: manager }] });
    assert.deepEqual((await hs.listLimits(pair)).results, []);
    assert.equal(await hs.deleteLabel({ ...pair, associationTypeId: manager }), undefined);

    const report = await hs.requestHighUsageReport({ userId: 5 });
    assert.equal(report.userId, 5);
    const types = await hs.listTypesV3({ fromObjectType: "deals", toObjectType: "companies" });
    const v3name = types.results[0].name;
    await hs.batchCreateV3({ fromObjectType: "deals", toObjectType: "companies", inputs: [{ from: { id: "9" }, to: { id: "2" }, type: v3name }] });
    const v3read = await hs.batchReadV3({ fromObjectType: "deals", toObjectType: "companies", inputs: [{ id: "9" }] });
    assert.ok(v3read.results[0].to.some((t) => t.id === "2"));
    await hs.batchArchiveV3({ fromObjectType: "deals", toObjectType: "companies", inputs: [{ from: { id: "9" }, to: { id: "2" }, type: v3name }] });

    const requests = mock.requests();
    assert.ok(requests.length > 20);
    assert.ok(requests.every((r) => r.status < 500));
  });
}

test("the mock refuses a wrong token with HubSpot's 401", async () => {
  const { HubSpotAssociations } = nodeEntry;
  const mock = createMockHubSpot({ accessToken: "right" });
  const hs = new HubSpotAssociations({ accessToken: "wrong-secret", baseUrl: mock.baseUrl, fetch: mock.fetch });
  const e = await hs.listLabels({ fromObjectType: "contacts", toObjectType: "companies" }).catch((e) => e);
  assert.equal(e.status, 401);
  assert.equal(e.category, "INVALID_AUTHENTICATION");
  assert.ok(!JSON.stringify({ ...e, m: e.message }).includes("wrong-secret"));
});
