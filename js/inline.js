// Inline entry: the wasm travels as hex text inside the JS and is instantiated synchronously, for
// hosts that cannot fetch a .wasm file (HubSpot UI extensions, workers, esbuild bundles).
import { initSync, Engine } from "./wasm/hubspot_associations.js";
import wasmHex from "./wasm/hubspot_associations_bg.wasm.hex.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { defineClient } from "./client.js";

// The module's bytes from their hex text (two lowercase digits a byte).
function decode(hex) {
  const bytes = new Uint8Array(hex.length >> 1);
  const digit = (c) => (c < 58 ? c - 48 : c - 87);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (digit(hex.charCodeAt(2 * i)) << 4) | digit(hex.charCodeAt(2 * i + 1));
  return bytes;
}

initSync({ module: decode(wasmHex) });
const HubSpotAssociations = defineClient(() => Engine, HubSpotError);

export { HubSpotAssociations, HubSpotError, isHubSpotError };
