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
  /** Page size of each input's `to` list in batch read (default 500, HubSpot's). */
  batchReadPageSize?: number;
  /**
   * Default true: v4 reads (the record list, batch read) carry `toObjectId` as a JSON number, as
   * HubSpot's v4 answers do although its reference says string. Date versions always answer strings.
   */
  numericIds?: boolean;
  /** Initial state. */
  seed?: Record<string, unknown>;
  /** Rate limits per token (absent, null or false: none). */
  rateLimit?: MockRateLimit | null | false;
  /** Fault injection (absent, null or false: none). */
  faults?: MockFaults | null | false;
  [option: string]: unknown;
}

/** Rate limits per bearer token (one shared bucket when `requireAuth` is false). */
export interface MockRateLimit {
  /** Requests per window (default 100). */
  maxRequests?: number;
  /** The rolling window in ms (default 10000). */
  intervalMs?: number;
  /** Requests per UTC day; absent: no daily cap. */
  daily?: number;
  /** Add `Retry-After` (seconds) to 429s (default false). */
  retryAfter?: boolean;
}

/** A fault kind: `"delay:<ms>"` and `"429retryafter:<s>"` take a value. */
export type MockFaultKind =
  | "500" | "503" | "502html" | "malformed" | "delay" | `delay:${number}` | "drop"
  | "429" | "429daily" | `429retryafter:${number}`;

/** Fault injection: the script first (one entry per matching request), then seeded random faults. */
export interface MockFaults {
  /** Seed of the random faults (default 42). */
  seed?: number;
  /** Probability per request, 0 to 1 (default 0.1, or 0 when `script` is given). */
  rate?: number;
  /** Kinds drawn from (default 500, 502html, 503, malformed, delay, drop). */
  kinds?: MockFaultKind[];
  /** How long `delay` waits, in ms (default 1000). */
  delayMs?: number;
  /** Only requests whose path contains this text get faults. */
  paths?: string;
  /** Faults for the next requests, in order; `null` answers normally. */
  script?: (MockFaultKind | null)[];
}

/** Counters since creation or the last reset. */
export interface MockStats {
  requests: number;
  /** Answers per status ("0" for dropped connections). */
  responsesByStatus: Record<string, number>;
  /** 429s sent by the rate limiter (injected 429s are faults). */
  rateLimited: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** The most rate-limiter 429s within any span of `intervalMs`. */
  max429InAnyWindow: number;
}

/** One request as the mock saw it. */
export interface MockRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: [string, string][];
  body?: string | null;
  /** 0 when the connection was dropped. */
  status: number;
  /** The injected fault, if any. */
  fault?: string;
}

/** An in-memory HubSpot. */
export interface MockHubSpot {
  readonly baseUrl: string;
  fetch: FetchLike & ((input: string | { url: string }, init?: Record<string, unknown>) => Promise<Response>);
  handle(method: string, url: string, headers?: Record<string, string>, body?: string | null): { status: number; headers: Record<string, string>; body: string; delayMs: number; drop: boolean };
  seed(seed: Record<string, unknown>): void;
  requests(): MockRequest[];
  state(): Record<string, unknown>;
  configure(options: { rateLimit?: MockRateLimit | null | false; faults?: MockFaults | null | false }): void;
  stats(): MockStats;
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
