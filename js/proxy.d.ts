/** The envelope key of `hubspot-associations/hubspot` (array bodies travel inside it). */
export declare const ENVELOPE_KEY: "__hubspotAssociationsBody";
/** Largest request body accepted, in bytes (1 MB). */
export declare const MAX_BODY_BYTES: number;
/** How old a signed request may be, in ms (5 minutes). */
export declare const MAX_SIGNATURE_AGE_MS: number;
/**
 * The associations paths of every known version family, one anchored pattern per route (frozen);
 * nothing else is forwarded. Each segment is a literal word of the API, an object type
 * (`[A-Za-z0-9][A-Za-z0-9_-]*`: `contacts`, `line_items`, `p_my_object`, `0-1`, `2-123`), a digit id or
 * a version (`YYYY-MM`, `v4`, `v3`): no `%`, `;`, `.`, `\`, `@`, empty segment or trailing slash.
 */
export declare const ALLOWED_PATHS: readonly RegExp[];

export interface ProxyEvent {
  method: string;
  /** The path after `pathPrefix`, as received (never a header, a body, the query or the token; cut at 200 characters when refused). */
  path: string;
  status: number;
  ms: number;
  reason?: string;
}

export interface ProxyOptions {
  /** The private-app or OAuth token the proxy adds as `Authorization: Bearer …`. */
  accessToken: string;
  /** Where to forward; default "https://api.hubapi.com" (tests: the emulator's `startMockServer().url`). */
  upstream?: string;
  /** Your app's client secret: requests must carry a valid, fresh `X-HubSpot-Signature-v3`. */
  clientSecret?: string;
  /** Your own check instead of (or after) the signature; must resolve to `true` to let a request through. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** The part of incoming paths to strip, e.g. "/api/hubspot". */
  pathPrefix?: string;
  /** The public URL HubSpot signed, when a reverse proxy changes it; default `request.url`. */
  signatureUrl?: (request: Request) => string;
  /** Default 1 MB (413 above). */
  maxBodyBytes?: number;
  /** Upstream timeout in ms, default 30000 (504 after). */
  timeoutMs?: number;
  /** The fetch used for upstream calls; default `globalThis.fetch`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Called once per request; never given the token. */
  onEvent?: (event: ProxyEvent) => void;
}

export interface NodeProxyOptions extends ProxyOptions {
  /** The public origin HubSpot calls, e.g. "https://example.com"; default "http://" + the Host header. */
  origin?: string;
}

/**
 * A framework-neutral handler: Node >= 18, Deno, Bun, edge runtimes, any framework with Request/Response.
 * Checks the path as `request.url` carries it: a path outside `ALLOWED_PATHS` gets 403, a method other than
 * GET/POST/PUT/DELETE (or one the route does not use) 405, a query other than `after`/`limit` 403, all
 * without reaching HubSpot; what is forwarded is exactly the path and query that were checked.
 */
export declare function createProxy(options: ProxyOptions): (request: Request) => Promise<Response>;

/** A `node:http` request listener; it checks the raw `req.url`, before anything parses or normalises it. */
export declare function createNodeProxy(options: NodeProxyOptions): (req: NodeRequestLike, res: NodeResponseLike) => void;

/** What the node:http adapter reads of an `IncomingMessage` (structural, so no @types/node is needed). */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  on(event: string, listener: (...args: any[]) => void): unknown;
}
/** What the node:http adapter uses of a `ServerResponse`. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(chunk?: unknown): unknown;
  destroy(): unknown;
}

/** True when `path` (no query, as received) is an associations path the proxy forwards; with `method`, one it forwards for that method. */
export declare function isAllowedPath(path: string, method?: string): boolean;

/** base64(HMAC-SHA256(clientSecret, method + url + body + timestamp)): HubSpot's v3 signature. */
export declare function signHubSpotRequest(input: { clientSecret: string; method: string; url: string; body?: string; timestamp: number | string }): Promise<string>;

/** Checks a v3 signature and its timestamp (constant time). */
export declare function verifyHubSpotSignature(input: {
  clientSecret: string;
  method: string;
  url: string;
  body?: string;
  signature: string | null;
  timestamp: string | number | null;
  now?: number;
  maxAgeMs?: number;
}): Promise<{ ok: true } | { ok: false; reason: string }>;
