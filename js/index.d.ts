export { HubSpotAssociations } from "./wasm/hubspot_associations.js";
export type * from "./wasm/hubspot_associations.js";
export { HubSpotError, isHubSpotError } from "./error.js";

import type { ListAssociationsParams, CallOptions, MultiAssociatedObjectWithLabel } from "./wasm/hubspot_associations.js";
declare module "./wasm/hubspot_associations.js" {
  interface HubSpotAssociations {
    /** Every association of a record across all pages (lazily: `break` stops further requests). */
    iterateAssociations(params: ListAssociationsParams & CallOptions): AsyncIterableIterator<MultiAssociatedObjectWithLabel>;
  }
}
