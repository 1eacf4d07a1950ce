// Browser entry (Vite, webpack 5, plain <script type=module>): the wasm is an asset that loads
// lazily, when the first client is made, so importing the package costs nothing. Methods are the
// wasm class's own, forwarded once it is ready (params are read, and checked, before that).
import init, { __setErrorClass, HubSpotAssociations as WasmClient } from "./wasm/hubspot_associations.js";
import { HubSpotError, isHubSpotError } from "./error.js";
import { installIterate } from "./iterate.js";

let ready;
function load() {
  ready ??= init({ module_or_path: new URL("./wasm/hubspot_associations_bg.wasm", import.meta.url) }).then(
    () => __setErrorClass(HubSpotError),
    (e) => {
      // Not cached: a later call tries again (a dropped connection should not break the page for good).
      ready = undefined;
      throw new HubSpotError(`could not load the hubspot-associations wasm: ${e?.message ?? e}`, { kind: "network", attempts: 0 });
    },
  );
  return ready;
}

const STATE = Symbol("client");

const freed = () => new HubSpotError("this client has been freed", { kind: "invalid_input", attempts: 0 });

/** The wasm client behind `self`, made on first use. A bad option rejects every call with the same error. */
function client(self) {
  const s = self?.[STATE];
  if (!s) return Promise.reject(new HubSpotError("not a HubSpotAssociations client", { kind: "invalid_input", attempts: 0 }));
  if (s.freed) return Promise.reject(freed());
  if (s.client) return Promise.resolve(s.client);
  s.pending ??= load().then(
    () => {
      if (s.freed) throw freed();
      return (s.client = new WasmClient(s.options));
    },
    (e) => {
      s.pending = null;
      throw e;
    },
  );
  return s.pending;
}

export class HubSpotAssociations {
  constructor(options) {
    this[STATE] = { options, client: null, pending: null, freed: false };
    // Start loading now; a failure surfaces on the first call, not as an unhandled rejection.
    client(this).catch(() => {});
  }

  /** The API version calls use unless they say otherwise (known before the wasm has loaded). */
  get apiVersion() {
    const s = this[STATE];
    return s.client?.apiVersion ?? s.options?.apiVersion ?? "2026-03";
  }

  /** Releases the wasm memory of this client; later calls reject. */
  free() {
    const s = this[STATE];
    s.freed = true;
    s.client?.free();
    s.client = null;
  }
}
if (Symbol.dispose) HubSpotAssociations.prototype[Symbol.dispose] = HubSpotAssociations.prototype.free;

for (const name of Object.getOwnPropertyNames(WasmClient.prototype)) {
  if (name === "constructor" || Object.prototype.hasOwnProperty.call(HubSpotAssociations.prototype, name)) continue;
  const desc = Object.getOwnPropertyDescriptor(WasmClient.prototype, name);
  if (desc.get) {
    Object.defineProperty(HubSpotAssociations.prototype, name, { configurable: true, get() { return this[STATE].client?.[name]; } });
  } else if (typeof desc.value === "function") {
    HubSpotAssociations.prototype[name] = async function (params) {
      return (await client(this))[name](params);
    };
  }
}

// iterateAssociations, and the params guard around every method: params that cannot be read reject
// with an `invalid_input` HubSpotError naming the method, before the wasm is even waited for.
installIterate(HubSpotAssociations, HubSpotError);

export { HubSpotError, isHubSpotError };
