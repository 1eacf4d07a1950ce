import type { FetchLike } from "./wasm/hubspot_associations.js";

/** The base URL the mock answers on (a host that never resolves). */
export declare const MOCK_BASE_URL: string;

/** Options of the emulator; see the README for every field and the seed shapes. */
export interface MockOptions {
  /** If set, only this bearer token is accepted (others get HubSpot's 401). */
  accessToken?: string;
  /** Default true; false accepts calls without Authorization (as behind a backend). */
  requireAuth?: boolean;
  /** Default true: any record id of any type exists on first use. */
  autoCreateRecords?: boolean;
  /** Initial state. */
  seed?: Record<string, unknown>;
  [option: string]: unknown;
}

/** One request as the mock saw it. */
export interface MockRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: [string, string][];
  body?: string | null;
  status: number;
}

/** An in-memory HubSpot. */
export interface MockHubSpot {
  readonly baseUrl: string;
  fetch: FetchLike & ((input: string | { url: string }, init?: Record<string, unknown>) => Promise<Response>);
  handle(method: string, url: string, headers?: Record<string, string>, body?: string | null): { status: number; headers: Record<string, string>; body: string };
  seed(seed: Record<string, unknown>): void;
  requests(): MockRequest[];
  state(): Record<string, unknown>;
  reset(): void;
}

export declare function createMockHubSpot(options?: MockOptions): MockHubSpot;

/** Options of {@link startMockServer}: where to listen, plus the emulator's own options. */
export interface MockServerOptions extends MockOptions {
  /** Address to bind; default "127.0.0.1" (loopback only). */
  host?: string;
  /** Port; default 0 (a free port, see `port` of the result). */
  port?: number;
  /** Serve this existing mock instead of creating one from the options. */
  mock?: MockHubSpot;
  /** Called after each answered request. */
  onRequest?: (request: { method: string; url: string; status: number }) => void;
}

/** A running loopback HubSpot. */
export interface MockServer {
  /** `http://host:port`, the base URL to give clients (`baseUrl`, or `basePath` of @hubspot/api-client). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The emulator behind it: seed it, read its `requests()` and `state()`. */
  readonly mock: MockHubSpot;
  /** The underlying node:http server. */
  readonly server: unknown;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Serves a mock HubSpot over HTTP (Node ≥ 18 only). */
export declare function startMockServer(options?: MockServerOptions): Promise<MockServer>;
