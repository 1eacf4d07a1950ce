// Inline entry: the wasm travels as base64 inside the JS and is instantiated synchronously, for
// hosts that cannot fetch a .wasm file (HubSpot UI extensions, workers, esbuild bundles).
import { initSync, Engine } from "./wasm/hubspot_associations.js";
import wasmBase64 from "./wasm/hubspot_associations_bg.wasm.base64.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { defineClient } from "./client.js";

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

initSync({ module: decode(wasmBase64) });
const HubSpotAssociations = defineClient(() => Engine, HubSpotError);

export { HubSpotAssociations, HubSpotError, isHubSpotError };
