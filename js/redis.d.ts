import type { RateLimitStore } from "./index.js";

export type { RateLimitStore };

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Prefix of the store's Redis keys; default `"hubspot-associations:"`. */
  prefix?: string;
  /** How long the allowance learned from HubSpot's headers is kept without a new answer; default 600000 (10 min). */
  learnedTtlMs?: number;
  /** With a URL: how long the store's own client tries to connect before it counts as unreachable; default 2000. */
  connectTimeoutMs?: number;
}

/** The node-redis client calls the store uses (any `createClient()` of the `redis` package, v5 or later). */
export interface RedisClientLike {
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>;
  readonly isReady?: boolean;
}

/** A {@link RateLimitStore} on Redis, with `close()` for the client it made from a URL. */
export interface RedisStore extends RateLimitStore {
  /** Closes the Redis client the store made from a URL (a client you gave it is yours to close). */
  close(): Promise<void>;
}

/**
 * A rate-limit store on Redis, so that every process and machine using one HubSpot token paces
 * against one budget: `new HubSpotAssociations({ accessToken, rateLimit: { store } })`.
 * Reservations are atomic (Lua scripts on a sliding window, keyed by a digest of the token), use
 * Redis's clock, share what one process learned (the allowance, the holds after a 429), and
 * expire. While Redis is unreachable, calls fail at once and the clients pace in their own
 * process (they emit a `fallback` event).
 *
 * @param redis a node-redis client (the store never connects or closes it; create it with
 *   `disableOfflineQueue: true` so that calls fail at once while Redis is down), or a
 *   `redis://` URL, for which the store makes its own client (needs the `redis` package).
 */
export declare function createRedisStore(redis: RedisClientLike | string | URL, options?: RedisStoreOptions): RedisStore;
