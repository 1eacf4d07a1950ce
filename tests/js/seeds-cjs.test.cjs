// Done-when 2 of issue 2, from CommonJS `require`: every seed method against a plain loopback server.
const test = require("node:test");
const assert = require("node:assert/strict");
const { HubSpotAssociations } = require("hubspot-associations");

test("seed methods from CJS require", async (t) => {
  const { checkSeeds } = await import("./helpers/loopback.mjs");
  await checkSeeds(t, HubSpotAssociations, assert);
});
