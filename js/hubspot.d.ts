import type { FetchLike } from "./wasm/hubspot_associations.js";

/** The key of the envelope `{ [ENVELOPE_KEY]: body }` that carries array bodies; `/proxy` unwraps it. */
export declare const ENVELOPE_KEY: "__hubspotAssociationsBody";
/** hubspot.fetch's limit on a request's time, in ms (15000). */
export declare const MAX_TIMEOUT_MS: number;

/** What `hubspot.fetch` (from `@hubspot/ui-extensions`) is called with. */
export interface HubSpotFetchOptions {
  method?: string;
  timeout?: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** `hubspot.fetch`: any function of that shape. Its answer may lack headers. */
export type HubSpotFetchFunction = (url: string, options: HubSpotFetchOptions) => Promise<{
  status: number;
  headers?: unknown;
  text?(): Promise<string>;
  json?(): Promise<unknown>;
}>;

export interface HubSpotFetchAdapterOptions {
  /** Your backend, e.g. "https://example.com/api/hubspot": relative URLs and URLs on api.hubapi.com are sent there. */
  baseUrl?: string;
  /** hubspot.fetch's `timeout` in ms; default and maximum 15000. */
  timeoutMs?: number;
  /** Extra headers for every request (never `Authorization`: the backend adds the token). */
  headers?: Record<string, string>;
}

/** A `fetch` for `new HubSpotAssociations({ fetch })` that goes through `hubspot.fetch`. */
export declare function hubspotFetch(hubspotFetchFn: HubSpotFetchFunction, options?: HubSpotFetchAdapterOptions): FetchLike;

/** The body as hubspot.fetch takes it: JSON objects as they are, anything else in the envelope. */
export declare function toHubSpotBody(body: string | unknown): Record<string, unknown> | undefined;
