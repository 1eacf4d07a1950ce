// The code both bundler fixtures run (tests/hosts/vite-app, tests/hosts/webpack-app import it): the
// package's default (browser) entry against the emulator in the page. It puts its outcome on
// `window.result` (the test waits for it) and in the page.
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const mock = createMockHubSpot({ accessToken: "test" });
const hs = new HubSpotAssociations({ accessToken: "test", baseUrl: mock.baseUrl, fetch: mock.fetch });

async function main() {
  const created = await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" });
  const listed = await hs.listAssociations({ objectType: "contacts", objectId: "101", toObjectType: "companies" });
  return {
    typeId: created.results[0].associationSpec.associationTypeId,
    listed: listed.results.map((r) => r.toObjectId),
    requests: mock.requests().map((r) => `${r.method} ${r.status}`),
  };
}

main().then(
  (ok) => (window.result = { ok }),
  (e) => (window.result = { error: isHubSpotError(e) ? `${e.kind}: ${e.message}` : String(e?.stack ?? e) }),
).finally(() => (document.body.textContent = JSON.stringify(window.result)));
