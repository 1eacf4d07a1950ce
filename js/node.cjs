// Node entry (CommonJS): loads the wasm synchronously from the file beside it.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const wasm = require("./wasm/hubspot_associations.cjs");
const { HubSpotError, isHubSpotError } = require("./error.cjs");
const { installIterate } = require("./iterate.cjs");

wasm.initSync({ module: readFileSync(path.join(__dirname, "wasm", "hubspot_associations_bg.wasm")) });
wasm.__setErrorClass(HubSpotError);
installIterate(wasm.HubSpotAssociations, HubSpotError);

module.exports = { HubSpotAssociations: wasm.HubSpotAssociations, HubSpotError, isHubSpotError };
