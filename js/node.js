// Node entry (ESM): loads the wasm synchronously from the file beside it.
import { readFileSync } from "node:fs";
import { initSync, __setErrorClass, HubSpotAssociations } from "./wasm/hubspot_associations.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { installIterate } from "./iterate.js";

initSync({ module: readFileSync(new URL("./wasm/hubspot_associations_bg.wasm", import.meta.url)) });
__setErrorClass(HubSpotError);
installIterate(HubSpotAssociations, HubSpotError);

export { HubSpotAssociations, HubSpotError, isHubSpotError };
