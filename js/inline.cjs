// Inline entry (CommonJS): the wasm travels as base64 inside the JS and is instantiated
// synchronously, for CommonJS bundles and sandboxes that cannot read or fetch a .wasm file.
"use strict";
const wasm = require("./wasm/hubspot_associations.cjs");
const wasmBase64 = require("./wasm/hubspot_associations_bg.wasm.base64.cjs");
const { HubSpotError, isHubSpotError } = require("./error.cjs");
const { defineClient } = require("./client.cjs");

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

wasm.initSync({ module: decode(wasmBase64) });
const HubSpotAssociations = defineClient(() => wasm.Engine, HubSpotError);

module.exports = { HubSpotAssociations, HubSpotError, isHubSpotError };
