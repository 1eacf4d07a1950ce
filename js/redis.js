// hubspot-associations/redis: a RateLimitStore on Redis, so that every process and machine using
// one HubSpot token paces against one budget (`new HubSpotAssociations({ rateLimit: { store } })`).
//
// Each token's key (the client's digest of base URL and token; Redis is keyed by its SHA-256, so what
// Redis holds never leads back to the token) has three Redis keys:
//   {prefix}{key}:w  a sorted set of slots: member = request id, score = when the slot frees
//                    (in flight: send + hold + window; answered: answer + window)
//   {prefix}{key}:l  the allowance learned from HubSpot's headers (hash: limit, interval)
//   {prefix}{key}:b  a hold on every request after a 429 (the time it ends)
// Every operation is one Lua script, so a reservation checks and takes a slot atomically, and
// every time is Redis's own clock (TIME), the same for every machine. Every key expires
// (PEXPIRE / SET PX) once nothing in it matters any more, so a worker that dies holds nothing for
// longer than its requests' windows.
//
// `redis` (node-redis, v5 or later) is an optional peer dependency: it is imported only when
// createRedisStore is given a URL; a client you made yourself is used as it is.
import { createHash } from "node:crypto";

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: slots, learned, block. ARGV: id, limit, intervalMs, holdMs. Returns 0 (taken) or the wait.
const RESERVE = `${NOW}
local blocked = tonumber(redis.call('GET', KEYS[3]) or '0')
if blocked > now then return blocked - now end
local limit = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local hold = tonumber(ARGV[4])
if limit <= 0 then
  local learned = redis.call('HMGET', KEYS[2], 'limit', 'interval')
  limit = tonumber(learned[1]) or 0
  if limit > 0 then interval = tonumber(learned[2]) or 0 end
end
if interval <= 0 then interval = tonumber(redis.call('HGET', KEYS[2], 'interval') or '10000') end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if limit > 0 then
  local held = redis.call('ZCARD', KEYS[1])
  if held >= limit then
    local first = redis.call('ZRANGE', KEYS[1], held - limit, held - limit, 'WITHSCORES')
    return math.max(1, math.min(tonumber(first[2]) - now, interval))
  end
end
redis.call('ZADD', KEYS[1], now + hold + interval, ARGV[1])
if redis.call('PTTL', KEYS[1]) < hold + interval then redis.call('PEXPIRE', KEYS[1], hold + interval) end
return 0`;

// KEYS: slots, learned. ARGV: id, intervalMs, learned limit (0: none), learned intervalMs, learned TTL.
const SETTLE = `${NOW}
local limit = tonumber(ARGV[3])
if limit > 0 then
  redis.call('HSET', KEYS[2], 'limit', limit, 'interval', ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
local interval = tonumber(ARGV[2])
if interval <= 0 then interval = tonumber(redis.call('HGET', KEYS[2], 'interval') or '10000') end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], 'XX', now + interval, ARGV[1])
  if redis.call('PTTL', KEYS[1]) < interval then redis.call('PEXPIRE', KEYS[1], interval) end
end
return 0`;

// KEYS: block. ARGV: ms.
const BLOCK = `${NOW}
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + ms > current then redis.call('SET', KEYS[1], now + ms, 'PX', ms) end
return 0`;

const sha1 = (text) => createHash("sha1").update(text).digest("hex");
const SCRIPTS = Object.fromEntries(Object.entries({ RESERVE, SETTLE, BLOCK }).map(([k, text]) => [k, { text, sha: sha1(text) }]));

/** A message for an error, never with a URL's credentials. */
function describe(e) {
  const m = typeof e?.message === "string" && e.message ? e.message : String(e);
  return m.replace(/\/\/[^@/\s]*@/g, "//…@");
}

/**
 * A RateLimitStore on Redis. `redis` is a node-redis client (connected or connecting: the store
 * never connects or closes a client it was given) or a URL such as `redis://127.0.0.1:6379`, for
 * which the store makes its own client (close it with `store.close()`).
 */
export function createRedisStore(redis, options = {}) {
  const { prefix = "hubspot-associations:", learnedTtlMs = 600_000, connectTimeoutMs = 2_000 } = options ?? {};
  if (typeof prefix !== "string") throw new TypeError("createRedisStore: prefix must be a string");
  if (!(Number.isInteger(learnedTtlMs) && learnedTtlMs > 0)) throw new TypeError("createRedisStore: learnedTtlMs must be a positive integer");
  let lastError = null;
  let own = false;
  let client;
  if (typeof redis === "string" || redis instanceof URL) {
    own = true;
    const url = String(redis);
    client = import("redis").then(({ createClient }) => {
      const c = createClient({
        url,
        // Commands fail at once while Redis is unreachable (the client then paces alone) instead
        // of waiting in a queue.
        disableOfflineQueue: true,
        socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
      });
      // Without a listener, an unreachable Redis would crash the process with an "error" event.
      c.on("error", (e) => (lastError = e));
      c.on("ready", () => (lastError = null));
      c.connect().catch((e) => (lastError = e));
      // The first calls wait for the first connection (at most connectTimeoutMs); later ones
      // fail at once while Redis is unreachable.
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          c.off("ready", done);
          c.off("error", done);
          resolve(c);
        };
        const timer = setTimeout(done, connectTimeoutMs);
        c.once("ready", done);
        c.once("error", done);
      });
    }, (e) => {
      throw new Error(`createRedisStore needs the \`redis\` package for a URL (npm install redis): ${describe(e)}`);
    });
    // Each call reports the failure; none goes unhandled meanwhile.
    client.catch(() => {});
  } else if (redis && typeof redis.sendCommand === "function") {
    client = Promise.resolve(redis);
  } else {
    throw new TypeError("createRedisStore expects a node-redis client (createClient() of the `redis` package) or a redis:// URL");
  }

  async function run(script, keys, args) {
    const c = await client;
    if (c.isReady === false) throw new Error(`Redis is not connected${lastError ? ` (${describe(lastError)})` : ""}`);
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await c.sendCommand(["EVALSHA", script.sha, ...tail]);
    } catch (e) {
      if (!/NOSCRIPT/.test(e?.message ?? "")) throw new Error(`Redis: ${describe(e)}`);
      return await c.sendCommand(["EVAL", script.text, ...tail]);
    }
  }
  // Hash tags ({…}) keep a token's keys on one node of a Redis Cluster.
  const keysOf = (key) => {
    const d = createHash("sha256").update(`hubspot-associations\n${key}`).digest("hex");
    return { w: `${prefix}{${d}}:w`, l: `${prefix}{${d}}:l`, b: `${prefix}{${d}}:b` };
  };
  const ms = (n) => Math.max(0, Math.ceil(Number(n) || 0));

  return {
    async reserve(key, { id, limit, intervalMs, holdMs }) {
      const k = keysOf(key);
      return Number(await run(SCRIPTS.RESERVE, [k.w, k.l, k.b], [id, Math.max(0, Math.floor(limit)), ms(intervalMs), ms(holdMs)]));
    },
    async settle(key, { id, intervalMs, learned }) {
      const k = keysOf(key);
      await run(SCRIPTS.SETTLE, [k.w, k.l], [id, ms(intervalMs), learned ? Math.max(0, Math.floor(learned.limit)) : 0, ms(learned?.intervalMs), learnedTtlMs]);
    },
    async block(key, forMs) {
      await run(SCRIPTS.BLOCK, [keysOf(key).b], [Math.max(1, ms(forMs))]);
    },
    /** Closes the Redis client the store made from a URL (a client you gave is yours to close). */
    async close() {
      if (!own) return;
      const c = await client;
      try {
        await (c.close ?? c.quit).call(c);
      } catch {
        // Not connected (Redis unreachable): nothing to say goodbye to.
      }
      // Still trying to (re)connect: stop.
      if (c.isOpen) (c.destroy ?? c.disconnect)?.call(c);
    },
  };
}
