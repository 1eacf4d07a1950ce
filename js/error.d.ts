import type { HubSpotError as HubSpotErrorFields } from "./wasm/hubspot_associations.js";

/** The error every method rejects with: a real `Error` with HubSpot's details. Never holds the token. */
export declare class HubSpotError extends Error {
  readonly name: "HubSpotError";
  constructor(message: string, fields?: Partial<HubSpotErrorFields>);
}
export interface HubSpotError extends HubSpotErrorFields {}

/** True for a HubSpotError from any copy of this package (ESM or CJS). */
export declare function isHubSpotError(e: unknown): e is HubSpotError;
