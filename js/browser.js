// Browser entry (Vite, webpack 5, plain <script type=module>): the wasm is an asset that loads
// lazily, on the first call, so importing the package costs nothing. Methods are the wasm class's
// own, forwarded once it is ready.
import init, { __setErrorClass, HubSpotAssociations as WasmClient } from "./wasm/hubspot_associations.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { installIterate } from "./iterate.js";

let ready;
function load() {
  ready ??= init({ module_or_path: new URL("./wasm/hubspot_associations_bg.wasm", import.meta.url) }).then(() =>
    __setErrorClass(HubSpotError),
  );
  return ready;
}

const INNER = Symbol("client");

export class HubSpotAssociations {
  constructor(options) {
    this[INNER] = load().then(() => new WasmClient(options));
    // A bad option rejects the first call instead of surfacing as an unhandled rejection.
    this[INNER].catch(() => {});
  }
}

for (const name of Object.getOwnPropertyNames(WasmClient.prototype)) {
  const desc = Object.getOwnPropertyDescriptor(WasmClient.prototype, name);
  if (name === "constructor" || name === "free" || typeof desc.value !== "function") continue;
  HubSpotAssociations.prototype[name] = async function (params) {
    return (await this[INNER])[name](params);
  };
}

installIterate(HubSpotAssociations);

export { HubSpotError, isHubSpotError };
