// Node entry (CommonJS): loads the wasm synchronously from the file beside it.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const wasm = require("./wasm/hubspot_associations.cjs");
const { HubSpotError, isHubSpotError } = require("./error.cjs");
const { defineClient } = require("./client.cjs");
const reader = require("./decode.cjs");

wasm.initSync({ module: readFileSync(path.join(__dirname, "wasm", "hubspot_associations_bg.wasm")) });
const HubSpotAssociations = defineClient(() => wasm.Engine, HubSpotError, reader);

module.exports = { HubSpotAssociations, HubSpotError, isHubSpotError };
