// A plain node:http server on loopback that records every request and answers from a script.
import http from "node:http";

export const TOKEN = "pat-na1-00000000-test-token-do-not-leak";

export async function startServer() {
  const seen = [];
  const answers = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const a = answers.shift() ?? { status: 500, body: '{"message":"the test script ran out of answers"}' };
      res.writeHead(a.status, a.headers ?? { "content-type": "application/json;charset=utf-8" });
      res.end(a.body ?? "");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    seen,
    answer(status, body, headers) {
      answers.push({ status, body: typeof body === "string" ? body : JSON.stringify(body), headers });
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

// The five seed calls: what each sends, the documented sample answer, and what the caller gets.
export const SEED_CASES = [
  {
    name: "associateDefault (2026-03)",
    method: "associateDefault",
    params: { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: 202 },
    expect: { method: "PUT", path: "/crm/objects/2026-03/contacts/101/associations/default/companies/202", body: null },
    status: 200,
    answer: `{"status":"COMPLETE","results":[{"from":{"id":"101"},"to":{"id":"202"},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}},{"from":{"id":"202"},"to":{"id":"101"},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":280}}],"startedAt":"2026-11-22T10:00:00.000Z","completedAt":"2026-11-22T10:00:00.040Z"}`,
    decoded: {
      status: "COMPLETE",
      results: [
        { from: { id: "101" }, to: { id: "202" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } },
        { from: { id: "202" }, to: { id: "101" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 } },
      ],
      startedAt: "2026-11-22T10:00:00.000Z",
      completedAt: "2026-11-22T10:00:00.040Z",
    },
  },
  {
    name: "associateDefault (v4)",
    method: "associateDefault",
    params: { fromObjectType: "deals", fromObjectId: 5434402448, toObjectType: "contacts", toObjectId: "9007199254740993", apiVersion: "v4" },
    expect: { method: "PUT", path: "/crm/v4/objects/deals/5434402448/associations/default/contacts/9007199254740993", body: null },
    status: 200,
    answer: `{"status":"COMPLETE","results":[{"from":{"id":5434402448},"to":{"id":9007199254740993},"associationSpec":{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":3}}],"startedAt":"a","completedAt":"b"}`,
    decoded: {
      status: "COMPLETE",
      results: [{ from: { id: "5434402448" }, to: { id: "9007199254740993" }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 } }],
      startedAt: "a",
      completedAt: "b",
    },
  },
  {
    name: "createLimits (v4)",
    method: "createLimits",
    params: { fromObjectType: "contacts", toObjectType: "companies", apiVersion: "v4",
      inputs: [{ category: "USER_DEFINED", typeId: 35, maxToObjectIds: 3 }, { typeId: 1, maxToObjectIds: 1 }] },
    expect: { method: "POST", path: "/crm/associations/v4/definitions/configurations/contacts/companies/batch/create",
      body: { inputs: [{ category: "USER_DEFINED", typeId: 35, maxToObjectIds: 3 }, { typeId: 1, maxToObjectIds: 1 }] } },
    status: 201,
    answer: `{"status":"COMPLETE","results":[{"category":"USER_DEFINED","typeId":35,"label":"Billing contact","userEnforcedMaxToObjectIds":3},{"category":"HUBSPOT_DEFINED","typeId":1,"label":"Primary","userEnforcedMaxToObjectIds":1}],"startedAt":"a","completedAt":"b"}`,
    decoded: {
      status: "COMPLETE",
      results: [
        { category: "USER_DEFINED", typeId: 35, label: "Billing contact", userEnforcedMaxToObjectIds: 3 },
        { category: "HUBSPOT_DEFINED", typeId: 1, label: "Primary", userEnforcedMaxToObjectIds: 1 },
      ],
      startedAt: "a",
      completedAt: "b",
    },
  },
  {
    name: "updateLimits (2026-03)",
    method: "updateLimits",
    params: { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ typeId: 35, maxToObjectIds: 5 }] },
    expect: { method: "POST", path: "/crm/associations/2026-03/definitions/configurations/contacts/companies/batch/update",
      body: { inputs: [{ typeId: 35, maxToObjectIds: 5 }] } },
    status: 200,
    answer: `{"status":"COMPLETE","results":[{"category":"USER_DEFINED","typeId":35,"userEnforcedMaxToObjectIds":5}],"startedAt":"a","completedAt":"b","requestedAt":"r"}`,
    decoded: {
      status: "COMPLETE",
      results: [{ category: "USER_DEFINED", typeId: 35, userEnforcedMaxToObjectIds: 5 }],
      startedAt: "a",
      completedAt: "b",
      requestedAt: "r",
    },
  },
  {
    name: "batchReadV3",
    method: "batchReadV3",
    params: { fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "101" }, { id: 102 }] },
    expect: { method: "POST", path: "/crm/v3/associations/contacts/companies/batch/read", body: { inputs: [{ id: "101" }, { id: "102" }] } },
    status: 207,
    answer: `{"status":"COMPLETE","results":[{"from":{"id":"101"},"to":[{"id":9007199254740993,"type":"contact_to_company"}]}],"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"No associations found","context":{"ids":["102"]},"errors":[],"subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND"}],"startedAt":"a","completedAt":"b"}`,
    decoded: {
      status: "COMPLETE",
      results: [{ from: { id: "101" }, to: [{ id: "9007199254740993", type: "contact_to_company" }] }],
      startedAt: "a",
      completedAt: "b",
      errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "No associations found", context: { ids: ["102"] }, errors: [], subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND" }],
      numErrors: 1,
    },
  },
];

// Runs every seed case with `HubSpotAssociations` (from ESM or CJS) against a loopback server.
export async function checkSeeds(t, HubSpotAssociations, assert) {
  const server = await startServer();
  try {
    const hs = new HubSpotAssociations({ accessToken: TOKEN, baseUrl: server.baseUrl });
    for (const c of SEED_CASES) {
      await t.test(c.name, async () => {
        server.seen.length = 0;
        server.answer(c.status, c.answer);
        const out = await hs[c.method](c.params);
        assert.equal(server.seen.length, 1);
        const r = server.seen[0];
        assert.equal(r.method, c.expect.method);
        assert.equal(r.url, c.expect.path);
        assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
        assert.equal(r.headers.accept, "application/json");
        if (c.expect.body === null) {
          assert.equal(r.body, "");
          assert.equal(r.headers["content-type"], undefined);
        } else {
          assert.equal(r.headers["content-type"], "application/json");
          assert.deepEqual(JSON.parse(r.body), c.expect.body);
        }
        assert.deepEqual(out, c.decoded);
      });
    }
  } finally {
    await server.close();
  }
}
