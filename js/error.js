// HubSpotError: the one error every method rejects with. Its fields come from the Rust core
// (src/error.rs); the access token is never among them.
const BRAND = Symbol.for("hubspot-associations.HubSpotError");

export class HubSpotError extends Error {
  constructor(message, fields) {
    super(message);
    Object.defineProperty(this, "name", { value: "HubSpotError", enumerable: false, configurable: true, writable: true });
    Object.defineProperty(this, BRAND, { value: true });
    if (fields && typeof fields === "object") {
      for (const [k, v] of Object.entries(fields)) if (k !== "message") this[k] = v;
    }
  }
}

/** True for a HubSpotError from any copy of this package (ESM or CJS). */
export function isHubSpotError(e) {
  return e instanceof HubSpotError || (typeof e === "object" && e !== null && e[BRAND] === true);
}
