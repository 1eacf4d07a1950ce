export { HubSpotAssociations } from "./wasm/hubspot_associations.js";
export type * from "./wasm/hubspot_associations.js";
export { HubSpotError, isHubSpotError } from "./error.js";
