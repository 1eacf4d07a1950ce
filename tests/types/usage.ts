// A typed usage of the package: `tsc --noEmit --strict` must accept it, and every line under an
// `@ts-expect-error` must really be an error (check.mjs removes the markers and expects failures).
import { HubSpotAssociations, HubSpotError, isHubSpotError } from "hubspot-associations";
import type { BatchResponse, DefaultAssociation, LimitConfig, V3AssociatedIds, ErrorKind } from "hubspot-associations";
import { createMockHubSpot, startMockServer } from "hubspot-associations/mock";
import type { MockServer } from "hubspot-associations/mock";
import { hubspotFetch, ENVELOPE_KEY } from "hubspot-associations/hubspot";
import type { HubSpotFetchFunction } from "hubspot-associations/hubspot";
import { createProxy, createNodeProxy, signHubSpotRequest, isAllowedPath } from "hubspot-associations/proxy";
import { createRedisStore } from "hubspot-associations/redis";
import type { RateLimitStore, ClientEvent } from "hubspot-associations";

const mock = createMockHubSpot({ accessToken: "t" });
const hs = new HubSpotAssociations({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch, apiVersion: "2026-03", timeoutMs: 5000 });

async function main(): Promise<void> {
  const a: BatchResponse<DefaultAssociation> = await hs.associateDefault({
    fromObjectType: "contacts",
    fromObjectId: "1",
    toObjectType: "companies",
    toObjectId: 2,
    apiVersion: "v4",
    signal: new AbortController().signal,
  });
  const typeId: number = a.results[0].associationSpec.associationTypeId;
  const id: string = a.results[0].from.id;

  const limits: BatchResponse<LimitConfig> = await hs.createLimits({
    fromObjectType: "contacts",
    toObjectType: "companies",
    inputs: [{ category: "USER_DEFINED", typeId: 35, maxToObjectIds: 3 }, { typeId: 1, maxToObjectIds: 1 }],
  });
  const max: number | undefined = limits.results[0].userEnforcedMaxToObjectIds;
  await hs.updateLimits({ fromObjectType: "0-1", toObjectType: "0-2", inputs: [{ typeId: 1, maxToObjectIds: 2 }] });
  const v3: BatchResponse<V3AssociatedIds> = await hs.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: [{ id: "1" }] });
  const name: string = v3.results[0].to[0].type;

  try {
    await hs.associateDefault({ fromObjectType: "contacts", fromObjectId: "", toObjectType: "companies", toObjectId: "2" });
  } catch (e) {
    if (isHubSpotError(e)) {
      const kind: ErrorKind = e.kind;
      const status: number | undefined = e.status;
      const attempts: number = e.attempts;
      console.log(kind, status, attempts, e.message, e.correlationId, e.policyName);
    }
    if (e instanceof HubSpotError) console.log(e.category);
  }
  console.log(typeId, id, max, name);

  const server: MockServer = await startMockServer({ port: 0, accessToken: "t", seed: { records: { contacts: ["1"] } } });
  await new HubSpotAssociations({ accessToken: "t", baseUrl: server.url }).associateDefault({ fromObjectType: "contacts", fromObjectId: "1", toObjectType: "companies", toObjectId: "2" });
  const port: number = server.port;
  console.log(port, server.mock.requests().length);
  await server.close();

  // @ts-expect-error a wrong param name
  await hs.associateDefault({ fromObjectType: "contacts", fromObjectID: "1", toObjectType: "companies", toObjectId: "2" });
  // @ts-expect-error a number where the params object is due
  await hs.batchReadV3(42);
  // @ts-expect-error inputs must be objects, not bare ids
  await hs.batchReadV3({ fromObjectType: "contacts", toObjectType: "companies", inputs: ["1"] });
  // @ts-expect-error an unknown client option type
  new HubSpotAssociations({ timeoutMs: "fast" });
  // @ts-expect-error the port is a number
  await startMockServer({ port: "8787" });
  // @ts-expect-error results are typed: no such field
  a.results[0].nope;
}

// The mock's rate limits, faults and counters.
function mockFaults(): number {
  const limited = createMockHubSpot({ rateLimit: { maxRequests: 10, daily: 1000 }, faults: { seed: 7, rate: 0.1, kinds: ["503", "delay:50", "drop"] } });
  limited.configure({ faults: { script: ["429retryafter:2", null, "502html"] } });
  limited.configure({ rateLimit: false, faults: null });
  const r = limited.handle("GET", "/crm/v4/associations/contacts/companies/labels");
  const stats = limited.stats();
  // @ts-expect-error not a fault kind
  limited.configure({ faults: { kinds: ["404"] } });
  return r.delayMs + (r.drop ? 1 : 0) + stats.max429InAnyWindow + stats.responsesByStatus["200"];
}

// UI extensions: the hubspot.fetch adapter and the backend proxy.
async function hubspotHosts(hubspotFetchFn: HubSpotFetchFunction): Promise<number> {
  const card = new HubSpotAssociations({ fetch: hubspotFetch(hubspotFetchFn, { baseUrl: "https://example.com/api/hubspot", timeoutMs: 10000 }) });
  // @ts-expect-error hubspot.fetch is required
  hubspotFetch();
  const handler: (request: Request) => Promise<Response> = createProxy({ accessToken: "t", clientSecret: "s", pathPrefix: "/api/hubspot" });
  createProxy({ accessToken: "t", upstream: "http://127.0.0.1:8787", authorize: async (req) => req.headers.has("x-session") });
  // @ts-expect-error accessToken is required
  createProxy({ clientSecret: "s" });
  const listener = createNodeProxy({ accessToken: "t", clientSecret: "s", origin: "https://example.com", onEvent: (e) => void e.status });
  const sig: string = await signHubSpotRequest({ clientSecret: "s", method: "GET", url: "https://example.com/", timestamp: Date.now() });
  const res = await handler(new Request("https://example.com/api/hubspot/crm/v4/associations/contacts/companies/labels"));
  void card;
  void listener;
  return res.status + sig.length + ENVELOPE_KEY.length + (isAllowedPath("/crm/v3/owners") ? 1 : 0);
}

// Many workers, one token: the Redis store, or any store of one's own.
async function sharedBudget(): Promise<void> {
  const store = createRedisStore("redis://127.0.0.1:6379", { prefix: "app:", learnedTtlMs: 60000 });
  const events: ClientEvent[] = [];
  const worker = new HubSpotAssociations({ accessToken: "t", rateLimit: { store, maxConcurrent: 2 }, onEvent: (e) => e.type === "fallback" && events.push(e) });
  const alone = new HubSpotAssociations({ accessToken: "t", rateLimit: { shared: false, maxRequests: 100, intervalMs: 10000 } });
  const mine: RateLimitStore = {
    reserve: async (key, slot) => (key.length + slot.id.length + slot.limit + slot.intervalMs + slot.holdMs > 0 ? 0 : 1),
    settle: (key, slot) => void (slot.learned?.limit ?? slot.intervalMs),
    block: async (key, ms) => void ms,
  };
  new HubSpotAssociations({ rateLimit: { store: mine } });
  // @ts-expect-error a store has reserve, settle and block
  new HubSpotAssociations({ rateLimit: { store: { reserve: async () => 0 } } });
  // @ts-expect-error shared is a boolean
  new HubSpotAssociations({ rateLimit: { shared: "no" } });
  // @ts-expect-error a node-redis client or a URL
  createRedisStore(6379);
  const message: string | undefined = events[0]?.message;
  void message;
  void worker;
  void alone;
  await store.close();
}

void main;
void mockFaults;
void hubspotHosts;
void sharedBudget;
