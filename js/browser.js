// Browser entry (Vite, webpack 5, plain <script type=module>): the wasm is an asset that loads
// lazily, when the first client is made, so importing the package costs nothing. A client's
// options are checked when its engine is made, on its first call.
import init, { Engine } from "./wasm/hubspot_associations.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { defineClient } from "./client.js";

let ready;
function load() {
  ready ??= init({ module_or_path: new URL("./wasm/hubspot_associations_bg.wasm", import.meta.url) }).then(
    () => Engine,
    (e) => {
      // Not cached: a later call tries again (a dropped connection should not break the page for good).
      ready = undefined;
      throw new HubSpotError(`could not load the hubspot-associations wasm: ${e?.message ?? e}`, { kind: "network", attempts: 0 });
    },
  );
  return ready;
}

const HubSpotAssociations = defineClient(load, HubSpotError);

export { HubSpotAssociations, HubSpotError, isHubSpotError };
