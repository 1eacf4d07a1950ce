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

await step("associateDefault (2026-03): contact → company, the pair's default type", () =>
  hs.associateDefault({ fromObjectType: "contacts", fromObjectId: ids.contact, toObjectType: "companies", toObjectId: ids.company }));
await step("associateDefault (v4): deal → contact", () =>
  hs.associateDefault({ fromObjectType: "deals", fromObjectId: ids.deal, toObjectType: "contacts", toObjectId: ids.contact, apiVersion: "v4" }));
await step("createLimits (v4): a contact may have at most 1 primary company (typeId 1)", () =>
  hs.createLimits({ fromObjectType: "contacts", toObjectType: "companies", apiVersion: "v4",
    inputs: [{ category: "HUBSPOT_DEFINED", typeId: 1, maxToObjectIds: 1 }] }));
await step("updateLimits (2026-03): raise it to 2 (category omitted, as in HubSpot's sample)", () =>
  hs.updateLimits({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ typeId: 1, maxToObjectIds: 2 }] }));
await step("batchReadV3: the contact's companies, through the legacy v3 API", () =>
  hs.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: ids.contact }] }));
await step("invalid input is refused before anything is sent", () =>
  hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "12/../34", toObjectType: "companies", toObjectId: ids.company }), "invalid_input");

if (mock) console.log(`\n${dim(`the emulator saw ${mock.requests().length} requests`)}`);
if (failures > 0) {
  console.log(`\n${failures} step(s) failed`);
  process.exit(1);
}
