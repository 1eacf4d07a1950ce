// A web worker that uses `hubspot-associations/inline` (the wasm inside the JS, instantiated
// synchronously) against the emulator, and posts what it got to the page.
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations/inline";
import { createMockHubSpot } from "hubspot-associations/mock";

const mock = createMockHubSpot({ accessToken: "test" });
const hs = new HubSpotAssociations({ accessToken: "test", baseUrl: mock.baseUrl, fetch: mock.fetch });

self.onmessage = async ({ data }) => {
  try {
    const created = await hs.associateDefault(data);
    const listed = await hs.listAssociations({ objectType: data.fromObjectType, objectId: data.fromObjectId, toObjectType: data.toObjectType });
    self.postMessage({ ok: { typeId: created.results[0].associationSpec.associationTypeId, listed: listed.results.map((r) => r.toObjectId) } });
  } catch (e) {
    self.postMessage({ error: isHubSpotError(e) ? `${e.kind}: ${e.message}` : String(e) });
  }
};
