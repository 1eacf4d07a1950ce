// Done-when 2 of issue 2, from ESM `import`: every seed method against a plain loopback server.
import test from "node:test";
import assert from "node:assert/strict";
import { HubSpotAssociations } from "hubspot-associations";
import { checkSeeds } from "./helpers/loopback.mjs";

test("seed methods from ESM import", (t) => checkSeeds(t, HubSpotAssociations, assert));
