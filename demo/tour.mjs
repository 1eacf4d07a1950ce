// `make demo`: a tour of the client's methods. By default it runs against the embedded HubSpot
// emulator (hubspot-associations/mock); with HUBSPOT_TOKEN set it calls HubSpot itself (record
// ids from TOUR_CONTACT_ID, TOUR_COMPANY_ID, TOUR_DEAL_ID). Every request and answer is printed;
// the token never is.
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const live = Boolean(process.env.HUBSPOT_TOKEN);
const token = process.env.HUBSPOT_TOKEN ?? "demo-token";
const ids = {
  contact: process.env.TOUR_CONTACT_ID ?? "101",
  company: process.env.TOUR_COMPANY_ID ?? "202",
  deal: process.env.TOUR_DEAL_ID ?? "303",
};
const mock = live ? null : createMockHubSpot({ accessToken: token, seed: { records: { contacts: [ids.contact], companies: [ids.company], deals: [ids.deal] } } });
const baseFetch = mock ? mock.fetch : globalThis.fetch;

const dim = (s) => `\x1b[2m${s}\x1b[0m`;
const bold = (s) => `\x1b[1m${s}\x1b[0m`;

// Prints each exchange as it crosses the wire (the Authorization header is shown redacted).
async function loggingFetch(url, init) {
  const headers = Object.entries(init.headers ?? {}).map(([k, v]) => `${k}: ${k.toLowerCase() === "authorization" ? "Bearer ***" : v}`);
  console.log(`  ${bold("→")} ${init.method} ${url}`);
  console.log(dim(`    ${headers.join("  ")}`));
  if (init.body) console.log(`    body ${init.body}`);
  const res = await baseFetch(url, init);
  const text = await res.text();
  console.log(`  ${bold("←")} ${res.status} ${text.length > 400 ? text.slice(0, 400) + "…" : text || "(empty)"}`);
  return { status: res.status, headers: res.headers, text: async () => text };
}

const hs = new HubSpotAssociations({ accessToken: token, baseUrl: mock?.baseUrl, fetch: loggingFetch });
let failures = 0;

// Runs one call and prints its result; `expectKind` marks a call that must fail with that kind.
async function step(title, call, expectKind) {
  console.log(`\n${bold(title)}`);
  try {
    const result = await call();
    console.log(`  ${bold("=")} ${JSON.stringify(result)}`);
    if (expectKind) failures++;
  } catch (e) {
    const ok = isHubSpotError(e) && e.kind === expectKind;
    if (!ok) failures++;
    console.log(`  ${bold(ok ? "✓ refused" : "✗")} ${isHubSpotError(e) ? `${e.kind}: ${e.message}` : e}`);
  }
}

console.log(bold(`hubspot-associations tour: ${live ? "against HubSpot (HUBSPOT_TOKEN is set)" : "against the embedded emulator"}`));

const C = "contacts", CO = "companies", D = "deals";
const pair = { fromObjectType: C, toObjectType: CO };

await step("associateDefault (2026-03): contact → company, the pair's default type", () =>
  hs.associateDefault({ fromObjectType: C, fromObjectId: ids.contact, toObjectType: CO, toObjectId: ids.company }));
await step("associateDefault (v4): deal → contact", () =>
  hs.associateDefault({ fromObjectType: D, fromObjectId: ids.deal, toObjectType: C, toObjectId: ids.contact, apiVersion: "v4" }));
let labelId;
await step("createLabel: a paired label contact → company", async () => {
  const r = await hs.createLabel({ ...pair, label: "Decision maker", name: "decision_maker", inverseLabel: "Decided by" });
  labelId = r.results.find((t) => t.label === "Decision maker")?.typeId;
  return r;
});
await step("listLabels: the pair's types (built-in and ours)", () => hs.listLabels(pair));
await step("updateLabel: rename it", () =>
  hs.updateLabel({ ...pair, associationTypeId: labelId, label: "Decision-maker", inverseLabel: "Decided by" }));
await step("associate: contact → company with the label", () =>
  hs.associate({ fromObjectType: C, fromObjectId: ids.contact, toObjectType: CO, toObjectId: ids.company,
    types: [{ associationCategory: "USER_DEFINED", associationTypeId: labelId }] }));
await step("listAssociations: the contact's companies, one page", () =>
  hs.listAssociations({ objectType: C, objectId: ids.contact, toObjectType: CO, limit: 10 }));
await step("iterateAssociations: every association across pages (limit 1 per page)", async () => {
  const all = [];
  for await (const a of hs.iterateAssociations({ objectType: C, objectId: ids.contact, toObjectType: CO, limit: 1 })) all.push(a.toObjectId);
  return all;
});
await step("batchCreateDefault: two more companies for the contact", () =>
  hs.batchCreateDefault({ ...pair, inputs: [{ from: { id: ids.contact }, to: { id: "204" } }, { from: { id: ids.contact }, to: { id: "205" } }] }));
await step("batchCreate: labelled, in a batch", () =>
  hs.batchCreate({ ...pair, inputs: [{ from: { id: ids.contact }, to: { id: "204" }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: labelId }] }] }));
await step("batchRead: the contact's companies, per-input paging", () =>
  hs.batchRead({ ...pair, inputs: [{ id: ids.contact }] }));
await step("batchArchiveLabels: drop the label from 204 (the association stays)", () =>
  hs.batchArchiveLabels({ ...pair, inputs: [{ from: { id: ids.contact }, to: { id: "204" }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: labelId }] }] }));
await step("batchArchive (v4: 204, an empty envelope): unlink 205", () =>
  hs.batchArchive({ ...pair, apiVersion: "v4", inputs: [{ from: { id: ids.contact }, to: [{ id: "205" }] }] }));
await step("removeAssociations: unlink 204 entirely", () =>
  hs.removeAssociations({ objectType: C, objectId: ids.contact, toObjectType: CO, toObjectId: "204" }));
await step("createLimits (v4): a contact may have at most 1 primary company (typeId 1)", () =>
  hs.createLimits({ ...pair, apiVersion: "v4", inputs: [{ category: "HUBSPOT_DEFINED", typeId: 1, maxToObjectIds: 1 }] }));
await step("updateLimits (2026-03): raise it to 2 (category omitted, as in HubSpot's sample)", () =>
  hs.updateLimits({ ...pair, inputs: [{ typeId: 1, maxToObjectIds: 2 }] }));
await step("listLimits: the pair's limits", () => hs.listLimits(pair));
await step("listAllLimits: every limit", () => hs.listAllLimits());
await step("purgeLimits: remove it", () => hs.purgeLimits({ ...pair, inputs: [{ category: "HUBSPOT_DEFINED", typeId: 1 }] }));
await step("requestHighUsageReport", () => hs.requestHighUsageReport({ userId: 12345 }));
await step("batchCreateV3 (legacy v3)", () =>
  hs.batchCreateV3({ fromObjectType: D, toObjectType: CO, inputs: [{ from: { id: ids.deal }, to: { id: ids.company }, type: "deal_to_company" }] }));
await step("batchReadV3: the contact's companies, through the legacy v3 API", () =>
  hs.batchReadV3({ ...pair, inputs: [{ id: ids.contact }] }));
await step("listTypesV3", () => hs.listTypesV3({ fromObjectType: D, toObjectType: CO }));
await step("batchArchiveV3 (204)", () =>
  hs.batchArchiveV3({ fromObjectType: D, toObjectType: CO, inputs: [{ from: { id: ids.deal }, to: { id: ids.company }, type: "deal_to_company" }] }));
await step("deleteLabel", () => hs.deleteLabel({ ...pair, associationTypeId: labelId }));
await step("invalid input is refused before anything is sent", () =>
  hs.associateDefault({ fromObjectType: C, fromObjectId: "12/../34", toObjectType: CO, toObjectId: ids.company }), "invalid_input");

if (mock) console.log(`\n${dim(`the emulator saw ${mock.requests().length} requests`)}`);
if (failures > 0) {
  console.log(`\n${failures} step(s) failed`);
  process.exit(1);
}
