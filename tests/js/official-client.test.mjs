// Done-when 2 of issue 3: HubSpot's own Node SDK (@hubspot/api-client, a dev dependency of the tests
// only), pointed at the loopback emulator, runs its v4 association calls without errors and with the
// status codes its generated code expects; what it reads back equals the emulator's state and what
// our client reads back for the same state. This is the evidence that the emulator speaks HubSpot.
//
// The official client deserializes into its model classes: `from` becomes `_from`, timestamps become
// Dates, and only its models' fields are kept. `wire()` turns its objects back into HubSpot's JSON,
// and our results are compared on the fields the official model has (`project()`).
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { HubSpotAssociations } from "hubspot-associations";
import { startMockServer } from "hubspot-associations/mock";

const require = createRequire(import.meta.url);
const { Client } = require("@hubspot/api-client");
// The limits API (definition configurations) is generated in the SDK but not exposed by `Client`
// (still so in 14.0.1): build it from the same configuration the Client uses.
const schemaCodegen = require("@hubspot/api-client/lib/codegen/crm/associations/v4/schema/index");
const { Observable } = require("@hubspot/api-client/lib/codegen/crm/associations/v4/schema/rxjsStub");
const { ApiClientConfigurator } = require("@hubspot/api-client/lib/src/configuration/ApiClientConfigurator");

const TOKEN = "pat-na1-11111111-official-client-test";
const BIG = "9007199254740993"; // 2^53 + 1: must survive both clients as a string

/** An official-client object as HubSpot's JSON: `_from` → `from`, Date → ISO text, no undefined/null fields. */
function wire(x) {
  if (x instanceof Date) return x.toISOString();
  if (Array.isArray(x)) return x.map(wire);
  if (x && typeof x === "object") {
    const out = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined && v !== null) out[k === "_from" ? "from" : k] = wire(v);
    return out;
  }
  return x;
}

/** `ours` reduced to the fields present in `shape` (an official result after `wire`), recursively. */
function project(ours, shape) {
  if (Array.isArray(shape) && Array.isArray(ours)) return ours.map((o, i) => project(o, shape[Math.min(i, shape.length - 1)]));
  if (shape && typeof shape === "object" && ours && typeof ours === "object" && !Array.isArray(ours)) {
    const out = {};
    for (const k of Object.keys(ours)) if (k in shape && ours[k] !== null && ours[k] !== undefined) out[k] = project(ours[k], shape[k]);
    return out;
  }
  return ours;
}

/** Asserts that our result equals the official one on the official model's fields. */
function sameAsOfficial(ours, official, message) {
  const o = wire(official);
  assert.deepEqual(project(ours, o), o, message);
}

const byId = (a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
const stripTimes = ({ startedAt, completedAt, requestedAt, ...rest }) => rest;

/** The emulator's view of a record's associations, in getPage's shape. */
function stateTargets(state, fromTypeId, fromId, toTypeId) {
  return state.associations
    .filter((a) => a.fromObjectTypeId === fromTypeId && a.fromObjectId === fromId && a.toObjectTypeId === toTypeId)
    .sort((a, b) => byId(a.toObjectId, b.toObjectId))
    .map((a) => wire({ toObjectId: a.toObjectId, associationTypes: a.types }));
}

/** Every page of a record's associations through the official client (limit 1: many cursors). */
async function officialAll(v4, objectType, objectId, toObjectType, limit) {
  const all = [];
  let after;
  for (let pages = 0; pages < 100; pages++) {
    const page = await v4.basicApi.getPage(objectType, objectId, toObjectType, after, limit);
    all.push(...page.results);
    after = page.paging?.next?.after;
    if (!after) return all;
  }
  throw new Error("paging did not end");
}

test("the official @hubspot/api-client runs its v4 calls against the loopback emulator", { timeout: 120_000 }, async (t) => {
  // HubSpot's v4 reads carry `toObjectId` as a JSON number, which the official client parses into a
  // JS number (digits beyond 2^53 lost; see the next test). These comparisons are exact, so this
  // emulator answers strings (`numericIds: false`).
  const server = await startMockServer({ accessToken: TOKEN, batchReadPageSize: 2, numericIds: false, seed: { records: { contacts: ["1", "2", "3"], companies: ["10", "11", "12", BIG] } } });
  const { mock } = server;
  const official = new Client({ accessToken: TOKEN, basePath: server.url, numberOfApiCallRetries: 0 });
  const v4 = official.crm.associations.v4;
  const limitsApi = new schemaCodegen.DefinitionConfigurationsApi(
    schemaCodegen.createConfiguration(ApiClientConfigurator.getParams(official.config, schemaCodegen.ServerConfiguration, Observable, Observable)),
  );
  const ours = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, apiVersion: "v4", maxRetries: 0 });
  let billing; // the user-defined label's type id (contacts → companies)
  let billingInverse;

  try {
    await t.test("basicApi.createDefault (200 batch envelope)", async () => {
      const r = await v4.basicApi.createDefaultWithHttpInfo("contacts", "1", "companies", "10");
      assert.equal(r.httpStatusCode, 200);
      assert.equal(r.data.status, "COMPLETE");
      assert.deepEqual(wire(r.data.results), [
        { from: { id: "1" }, to: { id: "10" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } },
        { from: { id: "10" }, to: { id: "1" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 } },
      ]);
      assert.deepEqual(stateTargets(mock.state(), "0-1", "1", "0-2"), [{ toObjectId: "10", associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 279 }] }]);
      // The same call again through our client: the same answer.
      const again = await ours.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "10" });
      sameAsOfficial(stripTimes(again), stripTimes(r.data));
    });

    await t.test("schema.definitionsApi.create (200, both directions)", async () => {
      const r = await v4.schema.definitionsApi.createWithHttpInfo("contacts", "companies", { label: "Billing contact", name: "billing_contact", inverseLabel: "Billing company" });
      assert.equal(r.httpStatusCode, 200);
      const results = wire(r.data.results);
      assert.equal(results.length, 2);
      assert.deepEqual(results.map((x) => [x.category, x.label]), [["USER_DEFINED", "Billing contact"], ["USER_DEFINED", "Billing company"]]);
      [billing, billingInverse] = results.map((x) => x.typeId);
      const labels = mock.state().labels;
      assert.deepEqual(
        labels.map((l) => [l.typeId, l.fromObjectTypeId, l.toObjectTypeId, l.label, l.inverseTypeId]),
        [[billing, "0-1", "0-2", "Billing contact", billingInverse], [billingInverse, "0-2", "0-1", "Billing company", billing]],
      );
    });

    await t.test("schema.definitionsApi.getAll lists built-in and user-defined types", async () => {
      const r = await v4.schema.definitionsApi.getAllWithHttpInfo("contacts", "companies");
      assert.equal(r.httpStatusCode, 200);
      const results = wire(r.data.results);
      for (const expected of [
        { category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary" },
        { category: "HUBSPOT_DEFINED", typeId: 279 },
        { category: "USER_DEFINED", typeId: billing, label: "Billing contact" },
      ]) assert.deepEqual(results.find((x) => x.typeId === expected.typeId), expected);
      const inverse = wire((await v4.schema.definitionsApi.getAll("companies", "contacts")).results);
      assert.deepEqual(inverse.find((x) => x.typeId === billingInverse), { category: "USER_DEFINED", typeId: billingInverse, label: "Billing company" });
    });

    await t.test("ours.listLabels reads what definitionsApi.getAll reads", async () => {
      const official = await v4.schema.definitionsApi.getAll("contacts", "companies");
      sameAsOfficial(await ours.listLabels({ fromObjectType: "contacts", toObjectType: "companies" }), official);
    });

    await t.test("schema.definitionsApi.update (204)", async () => {
      const r = await v4.schema.definitionsApi.updateWithHttpInfo("contacts", "companies", { associationTypeId: billing, label: "Billing contact (main)", inverseLabel: "Billed company" });
      assert.equal(r.httpStatusCode, 204);
      const all = wire((await v4.schema.definitionsApi.getAll("contacts", "companies")).results);
      assert.equal(all.find((x) => x.typeId === billing).label, "Billing contact (main)");
      assert.equal(mock.state().labels.find((l) => l.typeId === billingInverse).label, "Billed company");
    });

    await t.test("basicApi.create with a label (201 LabelsBetweenObjectPair)", async () => {
      const r = await v4.basicApi.createWithHttpInfo("contacts", "1", "companies", BIG, [{ associationCategory: "USER_DEFINED", associationTypeId: billing }]);
      assert.equal(r.httpStatusCode, 201);
      assert.deepEqual(wire(r.data), { fromObjectTypeId: "0-1", fromObjectId: "1", toObjectTypeId: "0-2", toObjectId: BIG, labels: ["Billing contact (main)"] });
      const pair = mock.state().associations.find((a) => a.fromObjectId === "1" && a.toObjectId === BIG);
      assert.deepEqual(pair.types.map((x) => x.typeId).sort(), [279, billing].sort());
    });

    await t.test("basicApi.create with a type id of the wrong direction is HubSpot's 400", async () => {
      await assert.rejects(v4.basicApi.create("contacts", "1", "companies", "11", [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 }]), (e) => {
        assert.equal(e.code, 400);
        assert.equal(e.body.category, "VALIDATION_ERROR");
        return true;
      });
    });

    await t.test("batchApi.create (201) and batchApi.createDefault (200)", async () => {
      const r = await v4.batchApi.createWithHttpInfo("contacts", "companies", {
        inputs: [
          { _from: { id: "1" }, to: { id: "11" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 1 }] },
          { _from: { id: "2" }, to: { id: "12" }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: billing }] },
        ],
      });
      assert.equal(r.httpStatusCode, 201);
      assert.equal(r.data.status, "COMPLETE");
      assert.deepEqual(wire(r.data.results).map((x) => [x.fromObjectId, x.toObjectId, x.labels]), [["1", "11", ["Primary"]], ["2", "12", ["Billing contact (main)"]]]);
      const d = await v4.batchApi.createDefaultWithHttpInfo("contacts", "companies", { inputs: [{ _from: { id: "1" }, to: { id: "12" } }] });
      assert.equal(d.httpStatusCode, 200);
      assert.deepEqual(wire(d.data.results).map((x) => [x.from.id, x.to.id, x.associationSpec.associationTypeId]), [["1", "12", 279], ["12", "1", 280]]);
    });

    await t.test("basicApi.getPage: every page (limit 1), equal to the emulator's state", async () => {
      const r = await v4.basicApi.getPageWithHttpInfo("contacts", "1", "companies", undefined, 500);
      assert.equal(r.httpStatusCode, 200);
      assert.equal(r.data.paging, undefined);
      const expected = stateTargets(mock.state(), "0-1", "1", "0-2");
      assert.deepEqual(expected.map((x) => x.toObjectId), ["10", "11", "12", BIG]);
      assert.deepEqual(wire(r.data.results), expected);
      assert.deepEqual(wire(await officialAll(v4, "contacts", "1", "companies", 1)), expected);
      // From the other side, through the inverse types.
      const back = await v4.basicApi.getPage("companies", BIG, "contacts");
      assert.deepEqual(wire(back.results), stateTargets(mock.state(), "0-2", BIG, "0-1"));
      assert.deepEqual(wire(back.results)[0].associationTypes.map((x) => x.typeId).sort(), [280, billingInverse].sort());
    });

    await t.test("ours.listAssociations reads what basicApi.getPage reads (a page with a cursor, then all)", async () => {
      const page = await v4.basicApi.getPage("contacts", "1", "companies", undefined, 2);
      assert.ok(page.paging?.next?.after);
      sameAsOfficial(await ours.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 2 }), page);
      const next = await v4.basicApi.getPage("contacts", "1", "companies", page.paging.next.after, 2);
      sameAsOfficial(await ours.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 2, after: page.paging.next.after }), next);
    });

    await t.test("batchApi.getPage (batch read): per-input paging, 207 for an input without associations", async () => {
      // The server's batchReadPageSize is 2, so contact 1 (four companies) pages.
      const r = await v4.batchApi.getPageWithHttpInfo("contacts", "companies", { inputs: [{ id: "1" }, { id: "2" }, { id: "3" }] });
      assert.equal(r.httpStatusCode, 207);
      const data = wire(r.data);
      assert.equal(data.numErrors, 1);
      assert.equal(data.errors[0].category, "OBJECT_NOT_FOUND");
      assert.deepEqual(data.errors[0].context, { fromObjectId: ["3"] });
      const one = data.results.find((x) => x.from.id === "1");
      const two = data.results.find((x) => x.from.id === "2");
      assert.deepEqual(two.to, stateTargets(mock.state(), "0-1", "2", "0-2"));
      assert.equal(one.to.length, 2);
      const rest = [];
      let after = one.paging.next.after;
      while (after) {
        const p = wire(await v4.batchApi.getPage("contacts", "companies", { inputs: [{ id: "1", after }] }));
        rest.push(...p.results[0].to);
        after = p.results[0].paging?.next?.after;
      }
      assert.deepEqual([...one.to, ...rest], stateTargets(mock.state(), "0-1", "1", "0-2"));
    });

    await t.test("ours.batchRead reads what batchApi.getPage reads", async () => {
      const inputs = [{ id: "1" }, { id: "2" }, { id: "3" }];
      const official = await v4.batchApi.getPage("contacts", "companies", { inputs });
      const mine = await ours.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs });
      const sort = (e) => ({ ...e, results: [...e.results].sort((a, b) => byId(a.from?.id ?? a._from.id, b.from?.id ?? b._from.id)) });
      sameAsOfficial(stripTimes(sort(mine)), stripTimes(sort(official)));
    });

    await t.test("limits (definition configurations, built from the SDK's codegen): create 201, update 200, read, purge 204", async () => {
      const c = await limitsApi.batchCreateWithHttpInfo("contacts", "companies", { inputs: [{ category: "USER_DEFINED", typeId: billing, maxToObjectIds: 5 }] });
      assert.equal(c.httpStatusCode, 201);
      assert.deepEqual(wire(c.data.results), [{ category: "USER_DEFINED", typeId: billing, label: "Billing contact (main)", userEnforcedMaxToObjectIds: 5 }]);
      const u = await limitsApi.batchUpdateWithHttpInfo("contacts", "companies", { inputs: [{ category: "USER_DEFINED", typeId: billing, maxToObjectIds: 4 }] });
      assert.equal(u.httpStatusCode, 200);
      // Our updateLimits on the same configuration answers what the official batchUpdate answered.
      const mine = await ours.updateLimits({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ category: "USER_DEFINED", typeId: billing, maxToObjectIds: 4 }] });
      sameAsOfficial(stripTimes(mine), stripTimes(u.data));
      const all = wire(await limitsApi.getAll());
      assert.deepEqual(all.results, [{ category: "USER_DEFINED", typeId: billing, label: "Billing contact (main)", userEnforcedMaxToObjectIds: 4 }]);
      assert.deepEqual(wire(await limitsApi.getAllBetweenTwoObjectTypes("contacts", "companies")), all);
      assert.deepEqual(mock.state().limits.map((l) => [l.typeId, l.maxToObjectIds]), [[billing, 4]]);
    });

    await t.test("ours.listAllLimits and ours.listLimits read what the SDK's getAll and getAllBetweenTwoObjectTypes read", async () => {
      sameAsOfficial(await ours.listAllLimits(), await limitsApi.getAll());
      sameAsOfficial(await ours.listLimits({ fromObjectType: "contacts", toObjectType: "companies" }), await limitsApi.getAllBetweenTwoObjectTypes("contacts", "companies"));
    });

    await t.test("limits purge (204)", async () => {
      const p = await limitsApi.batchRemoveWithHttpInfo("contacts", "companies", { inputs: [{ category: "USER_DEFINED", typeId: billing }] });
      assert.equal(p.httpStatusCode, 204);
      assert.deepEqual(mock.state().limits, []);
    });

    await t.test("basicApi.archive (204) removes the pair", async () => {
      const r = await v4.basicApi.archiveWithHttpInfo("contacts", "1", "companies", "10");
      assert.equal(r.httpStatusCode, 204);
      assert.deepEqual(stateTargets(mock.state(), "0-1", "1", "0-2").map((x) => x.toObjectId), ["11", "12", BIG]);
      assert.deepEqual(stateTargets(mock.state(), "0-2", "10", "0-1"), []);
    });

    await t.test("batchApi.archiveLabels (204) keeps the pair, batchApi.archive (204) removes it", async () => {
      const l = await v4.batchApi.archiveLabelsWithHttpInfo("contacts", "companies", { inputs: [{ _from: { id: "2" }, to: { id: "12" }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: billing }] }] });
      assert.equal(l.httpStatusCode, 204);
      assert.deepEqual(stateTargets(mock.state(), "0-1", "2", "0-2"), [{ toObjectId: "12", associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 279 }] }]);
      const r = await v4.batchApi.archiveWithHttpInfo("contacts", "companies", { inputs: [{ _from: { id: "2" }, to: [{ id: "12" }] }, { _from: { id: "1" }, to: [{ id: "11" }, { id: BIG }] }] });
      assert.equal(r.httpStatusCode, 204);
      assert.deepEqual(stateTargets(mock.state(), "0-1", "2", "0-2"), []);
      assert.deepEqual(stateTargets(mock.state(), "0-1", "1", "0-2").map((x) => x.toObjectId), ["12"]);
      assert.deepEqual(wire((await v4.basicApi.getPage("contacts", "2", "companies")).results), []);
    });

    await t.test("schema.definitionsApi.remove (the SDK's name for archive; 204)", async () => {
      // @hubspot/api-client 13 and 14 name it `remove`; older versions called it `archive`.
      const api = v4.schema.definitionsApi;
      const r = await (api.removeWithHttpInfo ?? api.archiveWithHttpInfo).call(api, "contacts", "companies", billing);
      assert.equal(r.httpStatusCode, 204);
      const all = wire((await api.getAll("contacts", "companies")).results);
      assert.equal(all.find((x) => x.typeId === billing), undefined);
      assert.deepEqual(mock.state().labels, []);
    });

    await t.test("v3 batch read (crm.associations.batchApi.read) equals ours.batchReadV3", async () => {
      const official3 = await official.crm.associations.batchApi.readWithHttpInfo("contacts", "companies", { inputs: [{ id: "1" }] });
      assert.equal(official3.httpStatusCode, 200);
      // v3 names: 1 (primary) is contact_to_company, 279 (unlabelled) contact_to_company_unlabeled.
      assert.deepEqual(wire(official3.data.results), [{ from: { id: "1" }, to: [{ id: "12", type: "contact_to_company_unlabeled" }] }]);
      const mine = await ours.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] });
      sameAsOfficial(stripTimes(mine), stripTimes(official3.data));
    });

    await t.test("the SDK's errors: 401 without a token, 400 for a bad id", async () => {
      const anonymous = new Client({ basePath: server.url, numberOfApiCallRetries: 0 });
      await assert.rejects(anonymous.crm.associations.v4.basicApi.getPage("contacts", "1", "companies"), (e) => {
        assert.equal(e.code, 401);
        assert.equal(e.body.category, "INVALID_AUTHENTICATION");
        return true;
      });
      await assert.rejects(v4.basicApi.getPage("contacts", "abc", "companies"), (e) => e.code === 400 && e.body.category === "VALIDATION_ERROR");
    });

    await t.test("the official client used these v4 paths (and every one was answered with a 2xx or an expected error)", () => {
      const template = (path) =>
        path
          .replace(/\/(contacts|companies)\/[^/]+\/associations\//g, "/$1/{id}/associations/")
          .replace(/\/(contacts|companies)\/\d+$/, "/$1/{id}")
          .replace(/\/labels\/\d+$/, "/labels/{associationTypeId}");
      // Since 14.x the SDK's promise API applies its configuration's middleware, so its requests carry
      // its User-Agent ("hubspot-api-client-nodejs; <version>"); its generated code still sends this
      // Accept header (ours sends "application/json"). Both tag the same requests.
      const header = (r, name) => r.headers.find(([k]) => k === name)?.[1];
      const theirs = mock.requests().filter((r) => /^hubspot-api-client-nodejs; 14\./.test(header(r, "user-agent") ?? ""));
      assert.ok(theirs.length > 0, "the official client's requests carry its User-Agent");
      assert.deepEqual(theirs, mock.requests().filter((r) => header(r, "accept") === "application/json, */*;q=0.8"));
      // Only the three calls above that are meant to fail (wrong direction, no token, bad id) did.
      assert.deepEqual(theirs.filter((r) => r.status >= 300).map((r) => r.status), [400, 401, 400]);
      const seen = new Set(theirs.filter((r) => r.status < 300).map((r) => `${r.method} ${template(r.path)}`));
      assert.deepEqual([...seen].sort(), [
        "DELETE /crm/v4/associations/contacts/companies/labels/{associationTypeId}",
        "DELETE /crm/v4/objects/contacts/{id}/associations/companies/{id}",
        "GET /crm/v4/associations/companies/contacts/labels",
        "GET /crm/v4/associations/contacts/companies/labels",
        "GET /crm/v4/associations/definitions/configurations/all",
        "GET /crm/v4/associations/definitions/configurations/contacts/companies",
        "GET /crm/v4/objects/companies/{id}/associations/contacts",
        "GET /crm/v4/objects/contacts/{id}/associations/companies",
        "POST /crm/v3/associations/contacts/companies/batch/read",
        "POST /crm/v4/associations/contacts/companies/batch/archive",
        "POST /crm/v4/associations/contacts/companies/batch/associate/default",
        "POST /crm/v4/associations/contacts/companies/batch/create",
        "POST /crm/v4/associations/contacts/companies/batch/labels/archive",
        "POST /crm/v4/associations/contacts/companies/batch/read",
        "POST /crm/v4/associations/contacts/companies/labels",
        "POST /crm/v4/associations/definitions/configurations/contacts/companies/batch/create",
        "POST /crm/v4/associations/definitions/configurations/contacts/companies/batch/purge",
        "POST /crm/v4/associations/definitions/configurations/contacts/companies/batch/update",
        "PUT /crm/v4/associations/contacts/companies/labels",
        "PUT /crm/v4/objects/contacts/{id}/associations/companies/{id}",
        "PUT /crm/v4/objects/contacts/{id}/associations/default/companies/{id}",
      ]);
    });
  } finally {
    await server.close();
  }
});

test("v4's numeric toObjectId: the official client gets numbers typed as strings (and loses digits beyond 2^53); ours returns exact strings", async () => {
  const server = await startMockServer({ accessToken: TOKEN });
  try {
    const official = new Client({ accessToken: TOKEN, basePath: server.url, numberOfApiCallRetries: 0 });
    const ours = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.url, apiVersion: "v4", maxRetries: 0 });
    await ours.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "10" });
    await ours.associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: BIG });
    const theirs = await official.crm.associations.v4.basicApi.getPage("contacts", "1", "companies");
    assert.deepEqual(theirs.results.map((r) => typeof r.toObjectId), ["number", "number"]);
    assert.notEqual(String(theirs.results[1].toObjectId), BIG, "the official client's JSON.parse rounds it");
    const page = await ours.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies" });
    assert.deepEqual(page.results.map((r) => r.toObjectId), ["10", BIG]);
  } finally {
    await server.close();
  }
});
