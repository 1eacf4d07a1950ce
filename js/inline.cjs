// Inline entry (CommonJS): the wasm travels as hex text inside the JS and is instantiated
// synchronously, for CommonJS bundles and sandboxes that cannot read or fetch a .wasm file.
"use strict";
const wasm = require("./wasm/hubspot_associations.cjs");
const wasmHex = require("./wasm/hubspot_associations_bg.wasm.hex.cjs");
const { HubSpotError, isHubSpotError } = require("./error.cjs");
const { defineClient } = require("./client.cjs");

// The module's bytes from their hex text (two lowercase digits a byte).
function decode(hex) {
  const bytes = new Uint8Array(hex.length >> 1);
  const digit = (c) => (c < 58 ? c - 48 : c - 87);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (digit(hex.charCodeAt(2 * i)) << 4) | digit(hex.charCodeAt(2 * i + 1));
  return bytes;
}

wasm.initSync({ module: decode(wasmHex) });
const HubSpotAssociations = defineClient(() => wasm.Engine, HubSpotError);

module.exports = { HubSpotAssociations, HubSpotError, isHubSpotError };
