// Node entry (ESM): loads the wasm synchronously from the file beside it.
import { readFileSync } from "node:fs";
import { initSync, Engine } from "./wasm/hubspot_associations.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { defineClient } from "./client.js";
import * as reader from "./decode.js";

initSync({ module: readFileSync(new URL("./wasm/hubspot_associations_bg.wasm", import.meta.url)) });
const HubSpotAssociations = defineClient(() => Engine, HubSpotError, reader);

export { HubSpotAssociations, HubSpotError, isHubSpotError };
