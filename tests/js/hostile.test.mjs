// Issue 9, item 5: no method throws synchronously. 1,500 seeded hostile calls, spread over every
// method of design.md §2 (iterateAssociations included), with params that cannot be read (throwing
// getters, Proxy traps, revoked proxies, circular structures, a throwing toJSON, symbols, functions,
// BigInt where it cannot be right, signals that are not AbortSignals, non-objects). Each call must
// return a thenable (iterateAssociations: an async iterable whose first next() rejects) that rejects
// with a HubSpotError of kind `invalid_input` naming the method; none reaches the emulator; and the
// same client still works afterwards (no exception unwound through wasm frames).
//
// Entries: node (ESM), /inline (ESM), node and /inline through require (CJS), and the browser
// entry's forwarding class (imported by path: in Node its wasm is the node entry's, already loaded).
// HOSTILE_PKG=/some/pkg points the test at another build of the package (to measure a baseline).
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createMockHubSpot } from "hubspot-associations/mock";

const require = createRequire(import.meta.url);
const pkgDir = process.env.HOSTILE_PKG ? resolve(process.env.HOSTILE_PKG) : dirname(require.resolve("hubspot-associations/package.json"));
const at = (file) => pathToFileURL(`${pkgDir}/${file}`).href;
const requireFromPkg = createRequire(`${pkgDir}/package.json`);

const CALLS = 1500;
const SEED = 0x9e3779b9;

const pair = { fromObjectType: "contacts", toObjectType: "companies" };
const ref = (id) => ({ id });
const spec = { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 };
const list = { objectType: "contacts", objectId: "101", toObjectType: "companies", limit: 10 };
/** Valid params for every method of design.md §2: hostility is added to a copy of these. */
const BASE = {
  associateDefault: { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" },
  associate: { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202", types: [spec] },
  listAssociations: list,
  iterateAssociations: list,
  removeAssociations: { objectType: "contacts", objectId: "101", toObjectType: "companies", toObjectId: "202" },
  batchRead: { ...pair, inputs: [ref("101")], allPages: false },
  batchCreate: { ...pair, inputs: [{ from: ref("101"), to: ref("202"), types: [spec] }] },
  batchCreateDefault: { ...pair, inputs: [{ from: ref("101"), to: ref("202") }] },
  batchArchive: { ...pair, inputs: [{ from: ref("101"), to: [ref("202")] }] },
  batchArchiveLabels: { ...pair, inputs: [{ from: ref("101"), to: ref("202"), types: [spec] }] },
  listLabels: pair,
  createLabel: { ...pair, label: "Manager", name: "manager", inverseLabel: "Employer" },
  updateLabel: { ...pair, associationTypeId: 1000, label: "Boss" },
  deleteLabel: { ...pair, associationTypeId: 1000 },
  listAllLimits: {},
  listLimits: pair,
  createLimits: { ...pair, inputs: [{ category: "USER_DEFINED", typeId: 1000, maxToObjectIds: 1 }] },
  updateLimits: { ...pair, inputs: [{ typeId: 1000, maxToObjectIds: 5 }] },
  purgeLimits: { ...pair, inputs: [{ category: "USER_DEFINED", typeId: 1000 }] },
  requestHighUsageReport: { userId: 5 },
  batchReadV3: { ...pair, inputs: [ref("101")] },
  batchCreateV3: { ...pair, inputs: [{ from: ref("101"), to: ref("202"), type: "contact_to_company" }] },
  batchArchiveV3: { ...pair, inputs: [{ from: ref("101"), to: ref("202"), type: "contact_to_company" }] },
  listTypesV3: pair,
};
const METHODS = Object.keys(BASE);
/** Keys each method requires (a value JSON cannot see there is then "missing"). */
const REQUIRED = Object.fromEntries(METHODS.map((m) => [m, Object.keys(BASE[m]).filter((k) => !["limit", "allPages", "inverseLabel"].includes(k))]));
/** Keys every method reads (its own, and the call options). */
const OPTIONAL = ["signal", "apiVersion", "timeoutMs", "maxRetries", "after", "limit", "inputs", "allPages"];
/** String-typed keys, where a (converted) BigInt is a wrong type. */
const STRING_KEYS = ["fromObjectType", "toObjectType", "objectType", "label", "name"];

/** mulberry32: a small seeded PRNG, so that a failure repeats. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let deepChain;
/** A chain too deep for JSON.stringify's stack (made once, reused). */
function deep() {
  if (!deepChain) {
    deepChain = {};
    for (let i = 0; i < 300_000; i++) deepChain = { x: deepChain };
  }
  return deepChain;
}

function revoked(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** What a hostile getter or trap throws: not always an Error. */
function thrown(r) {
  const k = Math.floor(r() * 7);
  switch (k) {
    case 0: return new Error("boom");
    case 1: return new TypeError("hostile");
    case 2: return "a string";
    case 3: return Symbol("thrown");
    case 4: return revoked();
    case 5: return { get message() { throw new Error("message getter"); }, toString() { throw new Error("toString"); } };
    default: return undefined;
  }
}
const thrower = (r) => {
  const e = thrown(r);
  return () => {
    throw e;
  };
};

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const clone = (v) => JSON.parse(JSON.stringify(v));

/** Where nested hostility goes: inputs[0], or inputs, or (no inputs) the params themselves. */
function nestedHolder(p) {
  if (Array.isArray(p.inputs)) return p.inputs[0];
  if (Array.isArray(p.types)) return p.types[0];
  return p;
}

const TRAPS = ["get", "ownKeys", "getOwnPropertyDescriptor", "has", "getPrototypeOf", "set", "defineProperty", "deleteProperty"];
/**
 * A Proxy over `target` whose traps throw (at least one that reading it uses: JSON reads an array
 * through `get` alone, and an empty object's `getOwnPropertyDescriptor` is never asked), or lie.
 */
function hostileProxy(r, target) {
  const handler = {};
  const isArray = Array.isArray(target);
  const used = isArray ? ["get"] : Object.keys(target).length === 0 ? ["get", "ownKeys"] : ["get", "ownKeys", "getOwnPropertyDescriptor"];
  handler[pick(r, used)] = thrower(r);
  for (const t of TRAPS) if (r() < 0.25) handler[t] = thrower(r);
  if (!isArray && r() < 0.15) {
    // Breaks a Proxy invariant instead: the engine throws a TypeError.
    delete handler.get;
    delete handler.getOwnPropertyDescriptor;
    handler.ownKeys = () => ["fromObjectType", "fromObjectType"];
  }
  return new Proxy(target, handler);
}

/** The hostile kinds: each turns a copy of valid params into params that cannot be right. */
const KINDS = [
  ["throwing getter (top level)", (r, m, p) => {
    const key = pick(r, [...Object.keys(p), ...OPTIONAL, "unknownKey"]);
    Object.defineProperty(p, key, { get: thrower(r), enumerable: true, configurable: true });
    return p;
  }],
  ["throwing getter on signal, inputs or apiVersion", (r, m, p) => {
    // `signal` is read directly, so it throws even when not enumerable.
    const key = pick(r, ["signal", "signal", "inputs", "apiVersion"]);
    Object.defineProperty(p, key, { get: thrower(r), enumerable: key !== "signal" || r() < 0.5, configurable: true });
    return p;
  }],
  ["throwing getter (nested)", (r, m, p) => {
    const h = nestedHolder(p);
    const key = pick(r, [...Object.keys(h), "id", "extra"]);
    Object.defineProperty(h, key, { get: thrower(r), enumerable: true, configurable: true });
    return p;
  }],
  ["throwing array index getter", (r, m, p) => {
    const arr = Array.isArray(p.inputs) ? p.inputs : (p.inputs = [{}]);
    Object.defineProperty(arr, 0, { get: thrower(r), enumerable: true, configurable: true });
    return p;
  }],
  ["throwing Proxy (top level)", (r, m, p) => hostileProxy(r, p)],
  ["throwing Proxy (nested)", (r, m, p) => {
    if (Array.isArray(p.inputs)) {
      if (r() < 0.5) p.inputs = hostileProxy(r, p.inputs);
      else p.inputs[0] = hostileProxy(r, p.inputs[0]);
    } else {
      p[pick(r, ["extra", "after", "apiVersion", ...Object.keys(p)])] = hostileProxy(r, {});
    }
    return p;
  }],
  ["revoked Proxy", (r, m, p) => {
    const where = Math.floor(r() * 4);
    if (where === 0) return revoked(p);
    if (where === 1) return revoked(() => p);
    if (where === 2) return { ...p, signal: revoked() };
    if (Array.isArray(p.inputs)) p.inputs[0] = revoked();
    else p.extra = revoked([]);
    return p;
  }],
  ["circular", (r, m, p) => {
    const where = Math.floor(r() * 3);
    if (where === 0 || !Array.isArray(p.inputs)) {
      if (r() < 0.5) p.self = p;
      else p.extra = { a: { b: [p] } };
    } else if (where === 1) {
      p.inputs.push(p.inputs);
    } else {
      p.inputs[0].loop = p.inputs[0];
    }
    return p;
  }],
  ["too deep", (r, m, p) => {
    if (Array.isArray(p.inputs) && r() < 0.5) p.inputs[0] = deep();
    else p.extra = deep();
    return p;
  }],
  ["toJSON", (r, m, p) => {
    const h = r() < 0.5 ? p : nestedHolder(p);
    const how = Math.floor(r() * 4);
    if (how === 0) h.toJSON = thrower(r);
    else if (how === 1) Object.defineProperty(h, "toJSON", { get: thrower(r), enumerable: false, configurable: true });
    else if (h === p) p.toJSON = pick(r, [() => "text", () => undefined, () => 42, () => [p], () => null, () => 7n]);
    else h.toJSON = thrower(r);
    return p;
  }],
  ["BigInt where it is a wrong type", (r, m, p) => {
    const keys = [...Object.keys(p).filter((k) => STRING_KEYS.includes(k)), "apiVersion", "timeoutMs", "maxRetries"];
    const key = pick(r, keys);
    // A safe BigInt goes as a number, a larger one as its decimal string: both wrong here.
    p[key] = key === "timeoutMs" || key === "maxRetries" ? 2n ** 70n + BigInt(Math.floor(r() * 1000)) : BigInt(Math.floor(r() * 1e6));
    return p;
  }],
  ["symbol value", (r, m, p) => {
    const h = r() < 0.7 ? p : nestedHolder(p);
    h[pick(r, [...Object.keys(h), ...OPTIONAL.filter((k) => k !== "signal"), "unknownKey"])] = Symbol("value");
    return p;
  }],
  ["function or non-finite value", (r, m, p) => {
    const h = r() < 0.7 ? p : nestedHolder(p);
    h[pick(r, [...Object.keys(h), "limit", "timeoutMs", "after", "extra"])] = pick(r, [() => 1, class {}, NaN, Infinity, -Infinity, async () => {}]);
    return p;
  }],
  ["signal that is not an AbortSignal", (r, m, p) => {
    const real = new AbortController().signal;
    p.signal = pick(r, [
      {}, { aborted: false }, { aborted: false, addEventListener() {} }, "signal", 1, true, Symbol("signal"), 7n,
      new AbortController(), new EventTarget(), Object.create(AbortSignal.prototype), new Proxy(real, { get: thrower(r) }),
      new Proxy({}, { getPrototypeOf: () => AbortSignal.prototype }), () => real, [real],
    ]);
    return p;
  }],
  ["required key only on the prototype", (r, m, p) => {
    const keys = REQUIRED[m];
    if (keys.length === 0) return null;
    const key = pick(r, keys);
    const proto = {};
    Object.defineProperty(proto, key, { get: thrower(r), enumerable: true });
    const q = Object.create(proto);
    for (const k of Object.keys(p)) if (k !== key) q[k] = p[k];
    return q;
  }],
  ["not an object", (r, m) => {
    const xs = ["params", "", 42, 0, null, true, Symbol("params"), 10n, () => BASE[m], [], [clone(BASE[m])]];
    // listAllLimits() takes no params: undefined is right for it.
    if (m !== "listAllLimits") xs.push(undefined);
    return pick(r, xs);
  }],
];

/** The 1,500 hostile calls: the same list for every entry. */
function hostileCalls() {
  const r = prng(SEED);
  const calls = [];
  while (calls.length < CALLS) {
    const method = METHODS[calls.length % METHODS.length];
    const [kind, make] = pick(r, KINDS);
    const params = make(r, method, clone(BASE[method]));
    if (params === null) continue;
    calls.push({ method, kind, params });
  }
  return calls;
}

const TIMEOUT = Symbol("timeout");
function settle(p, ms = 10_000) {
  let timer;
  return Promise.race([
    Promise.resolve(p).then((value) => ({ value }), (error) => ({ error })),
    new Promise((res) => (timer = setTimeout(() => res(TIMEOUT), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Runs the hostile calls against `hs`; returns the counts of every way a call went wrong. */
async function runHostile(hs, HubSpotError, isHubSpotError) {
  const counts = { calls: 0, syncThrows: 0, notThenable: 0, unsettled: 0, resolved: 0, notHubSpotError: 0, wrongKind: 0, methodNotNamed: 0 };
  const failures = [];
  const note = (key, call, detail) => {
    counts[key]++;
    if (failures.length < 10) failures.push(`${key}: ${call.method} (${call.kind}): ${detail}`);
  };
  for (const call of hostileCalls()) {
    counts.calls++;
    let out;
    try {
      out = hs[call.method](call.params);
    } catch (e) {
      note("syncThrows", call, describe(e));
      continue;
    }
    let pending = out;
    if (call.method === "iterateAssociations") {
      if (typeof out?.[Symbol.asyncIterator] !== "function") {
        note("notThenable", call, "not an async iterable");
        continue;
      }
      try {
        pending = out[Symbol.asyncIterator]().next();
      } catch (e) {
        note("syncThrows", call, `next(): ${describe(e)}`);
        continue;
      }
    }
    if (typeof pending?.then !== "function") {
      note("notThenable", call, typeof pending);
      continue;
    }
    const s = await settle(pending);
    if (s === TIMEOUT) note("unsettled", call, "did not settle in 10 s");
    else if (!("error" in s)) note("resolved", call, "resolved");
    else if (!isError(s.error, HubSpotError, isHubSpotError)) note("notHubSpotError", call, describe(s.error));
    else if (s.error.kind !== "invalid_input" || s.error.attempts !== 0) note("wrongKind", call, `${s.error.kind}: ${s.error.message}`);
    else if (!s.error.message.includes(call.method)) note("methodNotNamed", call, s.error.message);
  }
  return { counts, failures };
}

/** A HubSpotError of this entry (a hostile value thrown through unchanged may be a revoked Proxy). */
function isError(e, HubSpotError, isHubSpotError) {
  try {
    return isHubSpotError(e) && e instanceof HubSpotError;
  } catch {
    return false;
  }
}

function describe(e) {
  try {
    return `${e?.name ?? typeof e}: ${e?.message ?? String(e)}`;
  } catch {
    return "(undescribable)";
  }
}

const link = { fromObjectType: "contacts", fromObjectId: "101", toObjectType: "companies", toObjectId: "202" };

/** A normal call or two on the same client: it still works. */
async function stillWorks(hs, mock) {
  const before = mock.requests().length;
  const made = await hs.associateDefault(link);
  assert.equal(made.status, "COMPLETE");
  const page = await hs.listAssociations({ objectType: "contacts", objectId: "101", toObjectType: "companies" });
  assert.deepEqual(page.results.map((a) => a.toObjectId), ["202"]);
  // The signal still reaches the engine: a live one lets the call run, an aborted one stops it.
  const live = await hs.listAssociations({ objectType: "contacts", objectId: 101, toObjectType: "companies", signal: new AbortController().signal });
  assert.equal(live.results.length, 1);
  const aborted = await hs.listAssociations({ objectType: "contacts", objectId: "101", toObjectType: "companies", signal: AbortSignal.abort() }).catch((e) => e);
  assert.equal(aborted?.kind, "aborted", describe(aborted));
  const all = [];
  for await (const a of hs.iterateAssociations({ objectType: "contacts", objectId: 101n, toObjectType: "companies", limit: 1 })) all.push(a.toObjectId);
  assert.deepEqual(all, ["202"]);
  assert.ok(Array.isArray((await hs.listAllLimits()).results));
  assert.ok(mock.requests().length >= before + 5);
}

async function checkEntry(t, name, { HubSpotAssociations, HubSpotError, isHubSpotError }) {
  const mock = createMockHubSpot({ accessToken: "t" });
  const hs = new HubSpotAssociations({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch, maxRetries: 0 });
  const { counts, failures } = await runHostile(hs, HubSpotError, isHubSpotError);
  t.diagnostic(`${name}: ${JSON.stringify(counts)}`);
  for (const f of failures) t.diagnostic(f);
  assert.deepEqual(mock.requests().map((r) => `${r.method} ${r.path}`), [], "a hostile call reached the emulator");
  assert.deepEqual(
    counts,
    { calls: CALLS, syncThrows: 0, notThenable: 0, unsettled: 0, resolved: 0, notHubSpotError: 0, wrongKind: 0, methodNotNamed: 0 },
    failures.join("\n"),
  );
  await stillWorks(hs, mock);
  hs.free();
}

test("hostile params: node entry (ESM)", async (t) => {
  await checkEntry(t, "node", await import(process.env.HOSTILE_PKG ? at("node.js") : "hubspot-associations"));
});

test("hostile params: /inline entry (ESM)", async (t) => {
  await checkEntry(t, "inline", await import(process.env.HOSTILE_PKG ? at("inline.js") : "hubspot-associations/inline"));
});

test("hostile params: node and /inline entries through require (CJS)", async (t) => {
  await checkEntry(t, "node (CJS)", process.env.HOSTILE_PKG ? requireFromPkg("./node.cjs") : require("hubspot-associations"));
  await checkEntry(t, "inline (CJS)", process.env.HOSTILE_PKG ? requireFromPkg("./inline.cjs") : require("hubspot-associations/inline"));
});

test("hostile params: browser entry (its forwarding class, in Node)", async (t) => {
  // In a browser the entry fetches its .wasm; here it is the node entry's module, already
  // loaded. Should it not be, fetch serves the file.
  await import(process.env.HOSTILE_PKG ? at("node.js") : "hubspot-associations");
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) =>
    String(url).startsWith("file:")
      ? Promise.resolve(new Response(readFileSync(fileURLToPath(String(url))), { headers: { "content-type": "application/wasm" } }))
      : realFetch(url, init);
  try {
    const entry = await import(at("browser.js"));
    await checkEntry(t, "browser", entry);
    // Params are read before the wasm client is even looked at: a freed client says so only for
    // readable params.
    const mock = createMockHubSpot({ accessToken: "t" });
    const gone = new entry.HubSpotAssociations({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch });
    gone.free();
    const loop = { ...link };
    loop.self = loop;
    const e1 = await gone.associateDefault(loop).catch((e) => e);
    assert.ok(entry.isHubSpotError(e1) && e1.kind === "invalid_input", describe(e1));
    assert.match(e1.message, /^associateDefault: params could not be read: /);
    const e2 = await gone.associateDefault(link).catch((e) => e);
    assert.equal(e2.message, "associateDefault: this client has been freed");
    const e3 = await entry.HubSpotAssociations.prototype.listLabels.call({}, pair).catch((e) => e);
    assert.ok(entry.isHubSpotError(e3) && e3.kind === "invalid_input", describe(e3));
    assert.equal(mock.requests().length, 0);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("hostile params: exact messages, iterateAssociations, and a host without AbortSignal", async () => {
  const { HubSpotAssociations, HubSpotError, isHubSpotError } = await import(process.env.HOSTILE_PKG ? at("node.js") : "hubspot-associations");
  const mock = createMockHubSpot({ accessToken: "t" });
  const hs = new HubSpotAssociations({ accessToken: "t", baseUrl: mock.baseUrl, fetch: mock.fetch });
  const refused = async (p, message) => {
    const e = await settle(p);
    assert.ok(e.error, "resolved");
    assert.ok(e.error instanceof HubSpotError && isHubSpotError(e.error), describe(e.error));
    assert.equal(e.error.kind, "invalid_input");
    assert.equal(e.error.attempts, 0);
    if (message instanceof RegExp) assert.match(e.error.message, message);
    else assert.equal(e.error.message, message);
  };

  await refused(hs.associateDefault(new Proxy(link, { ownKeys() { throw new Error("trap"); } })), "associateDefault: params could not be read: trap");
  await refused(hs.listAssociations({ ...list, signal: {} }), "listAssociations: signal must be an AbortSignal");
  await refused(hs.listLabels({ ...pair, signal: new Proxy(new AbortController().signal, { get() { throw new Error("x"); } }) }), "listLabels: signal must be an AbortSignal");
  await refused(hs.associateDefault("x"), "associateDefault expects one params object");
  await refused(hs.associateDefault([link]), "associateDefault expects one params object");
  await refused(hs.listAllLimits(null), "listAllLimits expects one params object");
  const loop = { ...link };
  loop.self = loop;
  await refused(hs.associateDefault(loop), /^associateDefault: params could not be read: Converting circular structure to JSON/);
  await refused(hs.batchRead({ ...pair, inputs: [{ id: Symbol("id") }] }), "batchRead: params could not be read: `id` is a symbol");
  await refused(hs.listAssociations({ ...list, limit: NaN }), "listAssociations: params could not be read: `limit` is NaN");
  // Readable params keep the core's own messages.
  await refused(hs.createLimits({ ...pair, inputs: [] }), "createLimits: inputs must not be empty");

  // iterateAssociations: an async iterable whose first next() rejects, naming the method.
  const throwingAfter = { ...list };
  Object.defineProperty(throwingAfter, "after", { get() { throw new TypeError("no after"); }, enumerable: true });
  const it = hs.iterateAssociations(throwingAfter);
  assert.equal(typeof it[Symbol.asyncIterator], "function");
  await refused(it[Symbol.asyncIterator]().next(), "iterateAssociations: params could not be read: no after");
  await refused(hs.iterateAssociations({ objectType: "contacts" }).next(), /^iterateAssociations: /);
  assert.equal(mock.requests().length, 0);

  // A BigInt id is sent as its digits.
  const made = await hs.associateDefault({ ...link, fromObjectId: 101n, toObjectId: 2n ** 62n });
  assert.equal(made.results[0].to.id, String(2n ** 62n));

  // A host without AbortSignal: a look-alike is accepted (wrapped), anything else refused.
  const saved = Object.getOwnPropertyDescriptor(globalThis, "AbortSignal");
  const lookAlike = (aborted) => ({ aborted, addEventListener() {}, removeEventListener() {} });
  let live, stopped, wrong;
  delete globalThis.AbortSignal;
  try {
    live = hs.listAssociations({ ...list, signal: lookAlike(false) });
    stopped = hs.listAssociations({ ...list, signal: lookAlike(true) });
    wrong = hs.listAssociations({ ...list, signal: { aborted: "no" } });
  } finally {
    Object.defineProperty(globalThis, "AbortSignal", saved);
  }
  assert.equal((await live).results.length, 1);
  assert.equal((await stopped.catch((e) => e)).kind, "aborted");
  await refused(wrong, "listAssociations: signal must be an AbortSignal");
  hs.free();
  await refused(hs.listLabels(pair), /^listLabels: /);
});
