// Issue 3, done-when 1: every method × every version family against a loopback server: the
// method, path and body that arrive, and the decoding of the documented success answer (204s too).
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { startServer, TOKEN } from "./helpers/loopback.mjs";

const FAMILIES = ["2026-03", "2026-09", "v4"];
const objects = (v) => (v === "v4" ? "/crm/v4/objects" : `/crm/objects/${v}`);
const assoc = (v) => (v === "v4" ? "/crm/v4/associations" : `/crm/associations/${v}`);
// Labels: /crm/associations/{ver} in every family's current reference, v4 included.
const labels = (v) => `/crm/associations/${v}`;
const configs = (v) => (v === "v4" ? "/crm/associations/v4/definitions/configurations" : `/crm/associations/${v}/definitions/configurations`);

const ENVELOPE = { status: "COMPLETE", startedAt: "2026-11-22T10:00:00.000Z", completedAt: "2026-11-22T10:00:00.100Z" };
const spec = { associationCategory: "USER_DEFINED", associationTypeId: 1001 };
const typeWithLabel = { category: "USER_DEFINED", typeId: 1001, label: "Manager" };
const pairAnswer = { fromObjectTypeId: "0-1", fromObjectId: "1", toObjectTypeId: "0-2", toObjectId: "2", labels: ["Manager"] };
const readResult = { from: { id: "1" }, to: [{ toObjectId: "2", associationTypes: [typeWithLabel] }], paging: { next: { after: "2" } } };

// [method, params, (version) => expected {method, path, body}, (version) => [status, answer], expected decoded answer (or a function of version)]
const CASES = [
  ["associateDefault", { fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" },
    (v) => ["PUT", `${objects(v)}/contacts/1/associations/default/companies/2`, null],
    () => [200, { ...ENVELOPE, results: [{ from: { id: "1" }, to: { id: "2" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } }] }],
    { ...ENVELOPE, results: [{ from: { id: "1" }, to: { id: "2" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } }] }],
  ["associate", { fromObjectType: "contacts", fromObjectId: 1, toObjectType: "companies", toObjectId: "2", types: [spec] },
    (v) => ["PUT", `${objects(v)}/contacts/1/associations/companies/2`, [spec]],
    () => [201, pairAnswer], pairAnswer],
  // 2026-09's reference has no per-record GET list: the client reads through batch read of the
  // record (no page size there, so `limit` is not sent) and returns the same page shape.
  ["listAssociations", { objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 2, after: "abc" },
    (v) => (v === "2026-09"
      ? ["POST", `${assoc(v)}/contacts/companies/batch/read`, { inputs: [{ id: "1", after: "abc" }] }]
      : ["GET", `${objects(v)}/contacts/1/associations/companies?after=abc&limit=2`, null]),
    (v) => (v === "2026-09"
      ? [200, { ...ENVELOPE, results: [{ from: { id: "1" }, to: [{ toObjectId: "2", associationTypes: [typeWithLabel, { category: "HUBSPOT_DEFINED", typeId: 279, label: null }] }], paging: { next: { after: "MTA=" } } }] }]
      : [200, { results: [{ toObjectId: 2, associationTypes: [typeWithLabel, { category: "HUBSPOT_DEFINED", typeId: 279, label: null }] }], paging: { next: { after: "MTA=", link: "?after=MTA=" } } }]),
    (v) => ({ results: [{ toObjectId: "2", associationTypes: [typeWithLabel, { category: "HUBSPOT_DEFINED", typeId: 279, label: null }] }],
      paging: { next: v === "2026-09" ? { after: "MTA=" } : { after: "MTA=", link: "?after=MTA=" } } })],
  ["removeAssociations", { objectType: "contacts", objectId: "1", toObjectType: "companies", toObjectId: "2" },
    (v) => ["DELETE", `${objects(v)}/contacts/1/associations/companies/2`, null], () => [204, ""], undefined],
  ["batchRead", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }, { id: 3, after: "7" }] },
    (v) => ["POST", `${assoc(v)}/contacts/companies/batch/read`, { inputs: [{ id: "1" }, { id: "3", after: "7" }] }],
    (v) => [v === "2026-09" ? 200 : 207, { ...ENVELOPE, results: [readResult], numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "no associations", context: { ids: ["3"] } }] }],
    { ...ENVELOPE, results: [readResult], numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "no associations", context: { ids: ["3"] } }] }],
  ["batchCreate", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" }, types: [spec] }] },
    (v) => ["POST", `${assoc(v)}/contacts/companies/batch/create`, { inputs: [{ from: { id: "1" }, to: { id: "2" }, types: [spec] }] }],
    (v) => [v === "2026-09" ? 200 : 201, { ...ENVELOPE, results: [pairAnswer] }], { ...ENVELOPE, results: [pairAnswer] }],
  ["batchCreateDefault", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: 2 } }] },
    (v) => ["POST", `${assoc(v)}/contacts/companies/batch/associate/default`, { inputs: [{ from: { id: "1" }, to: { id: "2" } }] }],
    () => [200, { ...ENVELOPE, results: [] }], { ...ENVELOPE, results: [] }],
  ["batchArchive", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: [{ id: "2" }, { id: "3" }] }] },
    (v) => ["POST", `${assoc(v)}/contacts/companies/batch/archive`, { inputs: [{ from: { id: "1" }, to: [{ id: "2" }, { id: "3" }] }] }],
    (v) => (v === "v4" ? [204, ""] : [200, { ...ENVELOPE, results: [] }]),
    (v) => (v === "v4" ? { status: "", results: [], startedAt: "", completedAt: "" } : { ...ENVELOPE, results: [] })],
  ["batchArchiveLabels", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" }, types: [spec] }] },
    (v) => ["POST", `${assoc(v)}/contacts/companies/batch/labels/archive`, { inputs: [{ from: { id: "1" }, to: { id: "2" }, types: [spec] }] }],
    (v) => (v === "v4" ? [204, ""] : [200, { ...ENVELOPE, results: [] }]),
    (v) => (v === "v4" ? { status: "", results: [], startedAt: "", completedAt: "" } : { ...ENVELOPE, results: [] })],
  ["listLabels", { fromObjectType: "contacts", toObjectType: "companies" },
    (v) => ["GET", `${labels(v)}/contacts/companies/labels`, null],
    () => [200, { results: [typeWithLabel, { category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary" }] }],
    { results: [typeWithLabel, { category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary" }] }],
  ["createLabel", { fromObjectType: "contacts", toObjectType: "companies", label: "Manager", name: "manager", inverseLabel: "Employer" },
    (v) => ["POST", `${labels(v)}/contacts/companies/labels`, { label: "Manager", name: "manager", inverseLabel: "Employer" }],
    () => [200, { results: [typeWithLabel, { category: "USER_DEFINED", typeId: 1002, label: "Employer" }] }],
    { results: [typeWithLabel, { category: "USER_DEFINED", typeId: 1002, label: "Employer" }] }],
  ["updateLabel", { fromObjectType: "contacts", toObjectType: "companies", associationTypeId: 1001, label: "Boss" },
    (v) => ["PUT", `${labels(v)}/contacts/companies/labels`, { associationTypeId: 1001, label: "Boss" }], () => [204, ""], undefined],
  ["deleteLabel", { fromObjectType: "contacts", toObjectType: "companies", associationTypeId: 1001 },
    (v) => ["DELETE", `${labels(v)}/contacts/companies/labels/1001`, null], () => [204, ""], undefined],
  ["listAllLimits", {}, (v) => ["GET", `${configs(v)}/all`, null],
    () => [200, { results: [{ category: "USER_DEFINED", typeId: 1001, label: "Manager", userEnforcedMaxToObjectIds: 2 }] }],
    { results: [{ category: "USER_DEFINED", typeId: 1001, label: "Manager", userEnforcedMaxToObjectIds: 2 }] }],
  ["listLimits", { fromObjectType: "contacts", toObjectType: "companies" }, (v) => ["GET", `${configs(v)}/contacts/companies`, null],
    () => [200, { results: [{ category: "HUBSPOT_DEFINED", typeId: 1, userEnforcedMaxToObjectIds: 1 }] }],
    { results: [{ category: "HUBSPOT_DEFINED", typeId: 1, userEnforcedMaxToObjectIds: 1 }] }],
  ["createLimits", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ category: "USER_DEFINED", typeId: 1001, maxToObjectIds: 2 }] },
    (v) => ["POST", `${configs(v)}/contacts/companies/batch/create`, { inputs: [{ category: "USER_DEFINED", typeId: 1001, maxToObjectIds: 2 }] }],
    (v) => [v === "2026-09" ? 200 : 201, { ...ENVELOPE, results: [{ category: "USER_DEFINED", typeId: 1001, userEnforcedMaxToObjectIds: 2 }] }],
    { ...ENVELOPE, results: [{ category: "USER_DEFINED", typeId: 1001, userEnforcedMaxToObjectIds: 2 }] }],
  ["updateLimits", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ typeId: 1001, maxToObjectIds: 3 }] },
    (v) => ["POST", `${configs(v)}/contacts/companies/batch/update`, { inputs: [{ typeId: 1001, maxToObjectIds: 3 }] }],
    () => [200, { ...ENVELOPE, results: [{ category: "USER_DEFINED", typeId: 1001, userEnforcedMaxToObjectIds: 3 }] }],
    { ...ENVELOPE, results: [{ category: "USER_DEFINED", typeId: 1001, userEnforcedMaxToObjectIds: 3 }] }],
  ["purgeLimits", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ category: "USER_DEFINED", typeId: 1001 }] },
    (v) => ["POST", `${configs(v)}/contacts/companies/batch/purge`, { inputs: [{ category: "USER_DEFINED", typeId: 1001 }] }],
    (v) => (v === "v4" ? [204, ""] : [200, { ...ENVELOPE, results: [] }]),
    (v) => (v === "v4" ? { status: "", results: [], startedAt: "", completedAt: "" } : { ...ENVELOPE, results: [] })],
  ["requestHighUsageReport", { userId: 77 }, (v) => ["POST", `${assoc(v)}/usage/high-usage-report/77`, null],
    () => [200, { enqueueTime: { value: 1763805600000, dateOnly: false, timeZoneShift: 0 }, userEmail: "ops@example.com", userId: 77 }],
    { enqueueTime: { value: 1763805600000, dateOnly: false, timeZoneShift: 0 }, userEmail: "ops@example.com", userId: 77 }],
];

const V3_CASES = [
  ["batchReadV3", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] },
    ["POST", "/crm/v3/associations/contacts/companies/batch/read", { inputs: [{ id: "1" }] }],
    [200, { ...ENVELOPE, results: [{ from: { id: "1" }, to: [{ id: 2, type: "contact_to_company" }] }] }],
    { ...ENVELOPE, results: [{ from: { id: "1" }, to: [{ id: "2", type: "contact_to_company" }] }] }],
  ["batchCreateV3", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] },
    ["POST", "/crm/v3/associations/contacts/companies/batch/create", { inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }],
    [201, { ...ENVELOPE, results: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }],
    { ...ENVELOPE, results: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }],
  ["batchArchiveV3", { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] },
    ["POST", "/crm/v3/associations/contacts/companies/batch/archive", { inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "contact_to_company" }] }],
    [204, ""], { status: "", results: [], startedAt: "", completedAt: "" }],
  ["listTypesV3", { fromObjectType: "contacts", toObjectType: "companies" },
    ["GET", "/crm/v3/associations/contacts/companies/types", null],
    [200, { results: [{ id: "1", name: "contact_to_company" }, { id: "279", name: "contact_to_company_unlabeled" }] }],
    { results: [{ id: "1", name: "contact_to_company" }, { id: "279", name: "contact_to_company_unlabeled" }] }],
];

async function check(server, hs, method, params, [verb, path, body], [status, answer], decoded) {
  server.seen.length = 0;
  server.answer(status, answer);
  const out = await hs[method](params);
  assert.equal(server.seen.length, 1);
  const r = server.seen[0];
  assert.equal(r.method, verb);
  assert.equal(r.url, path);
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
  if (body === null) assert.equal(r.body, "");
  else assert.deepEqual(JSON.parse(r.body), body);
  assert.deepEqual(out, decoded);
}

test("every method in every version family", async (t) => {
  const server = await startServer();
  try {
    for (const v of FAMILIES) {
      const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl, apiVersion: v });
      for (const [method, params, request, answer, decoded] of CASES) {
        await t.test(`${method} ${v}`, () =>
          check(server, hs, method, params, request(v), answer(v), typeof decoded === "function" ? decoded(v) : decoded));
      }
    }
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl });
    for (const [method, params, request, answer, decoded] of V3_CASES) {
      await t.test(`${method} v3`, () => check(server, hs, method, params, request, answer, decoded));
    }
  } finally {
    await server.close();
  }
});

test("listAllLimits takes no params", async () => {
  const server = await startServer();
  try {
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl });
    server.answer(200, { results: [] });
    assert.deepEqual(await hs.listAllLimits(), { results: [] });
    assert.equal(server.seen[0].url, "/crm/associations/2026-03/definitions/configurations/all");
  } finally {
    await server.close();
  }
});

test("bad params of the new methods are refused before sending", async () => {
  const server = await startServer();
  try {
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl });
    const refusals = [
      hs.associate({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2", types: [] }),
      hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 501 }),
      hs.listAssociations({ objectType: "contacts", objectId: "1", toObjectType: "companies", limit: 0 }),
      hs.batchRead({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "x" }] }),
      hs.batchArchive({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: [] }] }),
      hs.createLabel({ fromObjectType: "contacts", toObjectType: "companies", label: "", name: "x" }),
      hs.requestHighUsageReport({ userId: -1 }),
      hs.deleteLabel({ fromObjectType: "contacts", toObjectType: "companies", associationTypeId: "12" }),
      hs.batchCreateV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ from: { id: "1" }, to: { id: "2" }, type: "" }] }),
    ];
    for (const p of refusals) {
      const e = await p.then(() => assert.fail("resolved"), (e) => e);
      assert.equal(e.kind, "invalid_input", e.message);
    }
    assert.equal(server.seen.length, 0);
  } finally {
    await server.close();
  }
});
