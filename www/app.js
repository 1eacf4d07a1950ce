// The demo: a small CRM on top of hubspot-associations. By default everything runs in this page
// against the embedded HubSpot emulator (hubspot-associations/mock); "Backend" points the same
// client at a real baseUrl instead. Every call and every HTTP exchange is logged (never the token).
import { HubSpotAssociations, isHubSpotError } from "hubspot-associations";
import { createMockHubSpot } from "hubspot-associations/mock";

const EMULATOR_TOKEN = "demo-emulator-token";
const TYPES = ["contacts", "companies", "deals"];
const NAMES = {
  contacts: { 101: "Ada Lovelace", 102: "Grace Hopper", 103: "Alan Turing", 104: "Katherine Johnson", 105: "Edsger Dijkstra" },
  companies: { 201: "Analytical Engines", 202: "Harvard Computation Lab", 203: "Bletchley Park" },
  deals: { 301: "Engine retrofit", 302: "Compiler licence", 303: "Codebreaking contract" },
};
const link = (fromObjectType, fromObjectId, toObjectType, toObjectId, types) => ({ fromObjectType, fromObjectId, toObjectType, toObjectId, types });
const SEED = {
  records: Object.fromEntries(TYPES.map((t) => [t, Object.keys(NAMES[t])])),
  labels: [
    { fromObjectType: "contacts", toObjectType: "companies", label: "Billing contact", name: "billing_contact", inverseLabel: "Billed company" },
    { fromObjectType: "deals", toObjectType: "contacts", label: "Decision maker", name: "decision_maker" },
  ],
  associations: [
    link("contacts", "101", "companies", "201", [{ label: "Billing contact" }]),
    link("contacts", "102", "companies", "201"),
    link("contacts", "103", "companies", "201"),
    link("contacts", "104", "companies", "201"),
    link("contacts", "103", "companies", "203"),
    link("deals", "301", "contacts", "101", [{ label: "Decision maker" }]),
    link("deals", "301", "companies", "201"),
  ],
  limits: [{ fromObjectType: "contacts", toObjectType: "companies", label: "Billing contact", maxToObjectIds: 2 }],
};

const $ = (sel) => document.querySelector(sel);
function h(tag, { dataset, ...props } = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  Object.assign(el.dataset, dataset);
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}
const fields = (form) => Object.fromEntries(new FormData(form));
const nameOf = (type, id) => (mode === "mock" && NAMES[type]?.[id]) || "";
const chip = (s) => h("span", { className: `chip ${s.category === "USER_DEFINED" ? "user" : ""}`, title: `${s.category} ${s.typeId}` }, specLabel(s));
const specLabel = (s) => s.label || `${s.category === "HUBSPOT_DEFINED" ? "unlabelled" : s.category} ${s.typeId}`;

// ---- the client, its fetch, and the log ------------------------------------------------------

let mock = null;
let hs = null;
let mode = "mock";
let secret = ""; // the token in use, redacted from anything the log shows

const redact = (text) => (secret ? String(text).split(secret).join("***") : String(text));
const pretty = (text) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

let current = null; // the log entry of the call in progress (calls run one at a time)

function logEntry(title, detail) {
  const li = h("li", {}, h("div", { className: "call" }, title, " ", detail ? h("code", {}, redact(detail)) : null));
  $("#log").prepend(li);
  return li;
}

// Wraps the fetch handed to the client: logs method, URL, body, status and answer of each exchange.
function loggingFetch(inner) {
  return async (url, init = {}) => {
    const entry = current ?? logEntry("(request)");
    const { origin, pathname, search } = new URL(url, location.href);
    const status = h("span", { className: "st" }, "…");
    const x = h("div", { className: "x" }, h("b", {}, init.method ?? "GET"), " ",
      h("span", { className: "url" }, h("span", { className: "origin" }, origin), pathname + search), " ", status);
    if (init.body) x.append(h("pre", {}, "→ " + redact(pretty(init.body))));
    entry.append(x);
    try {
      const res = await inner(url, init);
      const text = await res.text();
      status.textContent = res.status;
      status.className = `st ${res.status < 300 ? "good" : "bad"}`;
      x.append(h("pre", {}, "← " + (text ? redact(pretty(text)) : "(empty body)")));
      return { status: res.status, headers: res.headers, text: async () => text };
    } catch (e) {
      status.textContent = "failed";
      status.className = "st bad";
      x.append(h("pre", {}, redact(`${e.name}: ${e.message}`)));
      throw e;
    }
  };
}

/** One line about a result: envelopes and lists by their counts, anything else as JSON. */
function summarize(out) {
  if (out === undefined) return "done";
  if (Array.isArray(out?.results)) {
    const n = out.results.length;
    return [out.status, `${n} result${n === 1 ? "" : "s"}`, out.numErrors && `${out.numErrors} errors`,
      out.paging?.next?.after && `next page after ${out.paging.next.after}`].filter(Boolean).join(" · ");
  }
  const json = JSON.stringify(out);
  return json.length > 200 ? json.slice(0, 200) + "…" : json;
}

const describe = (e) =>
  isHubSpotError(e)
    ? `${e.kind}${e.status ? ` ${e.status}` : ""}${e.category ? ` ${e.category}` : ""}: ${e.message}`
    : `${e?.name ?? "Error"}: ${e?.message ?? e}`;

let queue = Promise.resolve();
/** Runs `hs[method](params)` after the calls before it, logging the call and its outcome. */
function call(method, params) {
  const run = async () => {
    const shown = params && JSON.stringify(params);
    current = logEntry(method, shown === "{}" ? "" : shown);
    try {
      if (typeof hs[method] !== "function") throw new TypeError(`${method}() is not in this build of hubspot-associations`);
      const out = await hs[method](params);
      current.append(h("div", { className: "out ok" }, "✓ ", redact(summarize(out))));
      return out;
    } catch (e) {
      current.append(h("div", { className: "out err" }, "✗ ", redact(describe(e))));
      throw e;
    } finally {
      current = null;
    }
  };
  const result = queue.then(run);
  queue = result.catch(() => {});
  return result;
}

/** For UI handlers: failures are already in the log. */
const quietly = (promise) => promise.catch(() => undefined);

function connect() {
  const f = fields($("#backend"));
  mode = f.mode;
  if (mode === "mock") {
    mock ??= createMockHubSpot({ accessToken: EMULATOR_TOKEN, autoCreateRecords: false, seed: SEED });
    secret = EMULATOR_TOKEN;
    hs = new HubSpotAssociations({ accessToken: EMULATOR_TOKEN, baseUrl: mock.baseUrl, fetch: loggingFetch(mock.fetch), apiVersion: f.apiVersion });
  } else {
    secret = f.accessToken;
    hs = new HubSpotAssociations({
      baseUrl: f.baseUrl || undefined,
      accessToken: f.accessToken || undefined,
      apiVersion: f.apiVersion,
      fetch: loggingFetch((url, init) => globalThis.fetch(url, init)),
    });
  }
  $("#reset").disabled = mode !== "mock";
  $("#status").textContent = mode === "mock" ? `emulator · ${f.apiVersion}` : `${f.baseUrl || "https://api.hubapi.com"} · ${f.apiVersion}`;
  labelCache.clear();
  renderRecords();
}

// ---- records ---------------------------------------------------------------------------------

function renderRecords() {
  const box = $("#records");
  if (mode !== "mock") {
    box.replaceChildren(h("p", { className: "muted" }, "Records live in your HubSpot account: type their ids in the forms."));
    return;
  }
  box.replaceChildren(...TYPES.map((type) =>
    h("div", {}, h("b", {}, type),
      h("ul", {}, Object.entries(NAMES[type]).map(([id, name]) =>
        h("li", {}, h("button", { type: "button", title: `List the associations of ${type}/${id}`, onclick: () => selectRecord(type, id) },
          name, " ", h("small", {}, id))))))));
  for (const type of TYPES) {
    document.getElementById(`ids-${type}`)?.remove();
    document.body.append(h("datalist", { id: `ids-${type}` }, Object.keys(NAMES[type]).map((id) => h("option", { value: id, label: NAMES[type][id] }))));
  }
}

function selectRecord(type, id) {
  const list = $("#list").elements;
  list.objectType.value = type;
  list.objectId.value = id;
  if (list.toObjectType.value === type) list.toObjectType.value = TYPES.find((t) => t !== type);
  const assoc = $("#assoc").elements;
  assoc.fromType.value = type;
  assoc.fromId.value = id;
  if (assoc.toType.value !== list.toObjectType.value) {
    assoc.toType.value = list.toObjectType.value;
    assoc.toId.value = "";
  }
  syncIdLists();
  quietly(refreshSpecs());
  quietly(listPage());
}

function syncIdLists() {
  for (const [form, type, id] of [["#assoc", "fromType", "fromId"], ["#assoc", "toType", "toId"], ["#list", "objectType", "objectId"]]) {
    const el = $(form).elements;
    el[id].setAttribute("list", `ids-${el[type].value}`);
  }
}

// ---- associate / remove ----------------------------------------------------------------------

const labelCache = new Map(); // "from/to" -> labels of the pair

async function labelsOf(fromObjectType, toObjectType) {
  const key = `${fromObjectType}/${toObjectType}`;
  if (!labelCache.has(key)) {
    labelCache.set(key, call("listLabels", { fromObjectType, toObjectType }).then((r) => r.results, () => []));
  }
  return labelCache.get(key);
}

async function refreshSpecs() {
  const el = $("#assoc").elements;
  const labels = await labelsOf(el.fromType.value, el.toType.value);
  const keep = el.spec.value;
  el.spec.replaceChildren(h("option", { value: "default" }, "default type"),
    ...labels.map((l) => h("option", { value: `${l.category}|${l.typeId}` }, specLabel(l))));
  if ([...el.spec.options].some((o) => o.value === keep)) el.spec.value = keep;
}

$("#assoc").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = fields(e.target);
  const pair = { fromObjectType: f.fromType, fromObjectId: f.fromId, toObjectType: f.toType, toObjectId: f.toId };
  let op;
  if (e.submitter?.value === "remove") {
    op = call("removeAssociations", { objectType: f.fromType, objectId: f.fromId, toObjectType: f.toType, toObjectId: f.toId });
  } else if (f.spec === "default") {
    op = call("associateDefault", pair);
  } else {
    const [associationCategory, typeId] = f.spec.split("|");
    op = call("associate", { ...pair, types: [{ associationCategory, associationTypeId: Number(typeId) }] });
  }
  if ((await quietly(op.then(() => true))) !== true) return;
  const list = $("#list").elements;
  list.objectType.value = f.fromType;
  list.objectId.value = f.fromId;
  list.toObjectType.value = f.toType;
  syncIdLists();
  await quietly(listPage());
});

// ---- a record's associations, page by page ----------------------------------------------------

let nextAfter = null;
let pageNo = 0;

async function listPage(after) {
  const f = fields($("#list"));
  const params = { objectType: f.objectType, objectId: f.objectId, toObjectType: f.toObjectType };
  if (f.limit) params.limit = Number(f.limit);
  if (after) params.after = after;
  const tbody = $("#associations tbody");
  $("#next").disabled = true;
  try {
    const page = await call("listAssociations", params);
    pageNo = after ? pageNo + 1 : 1;
    nextAfter = page.paging?.next?.after ?? null;
    $("#next").disabled = !nextAfter;
    $("#list-info").textContent = `page ${pageNo}${nextAfter ? ` · more after ${nextAfter}` : " · last page"}`;
    tbody.replaceChildren(...page.results.map((r) =>
      h("tr", { dataset: { id: r.toObjectId } },
        h("td", {}, nameOf(f.toObjectType, r.toObjectId), " ", h("small", {}, r.toObjectId)),
        h("td", {}, r.associationTypes.map(chip)),
        h("td", { className: "actions" }, h("button", { type: "button", title: "removeAssociations", onclick: () => removeRow(params, r.toObjectId) }, "Remove")))));
    if (!page.results.length) tbody.replaceChildren(h("tr", {}, h("td", { colSpan: 3, className: "muted" }, "no associations")));
  } catch (e) {
    nextAfter = null;
    $("#list-info").textContent = "";
    tbody.replaceChildren(h("tr", {}, h("td", { colSpan: 3, className: "out err" }, describe(e))));
    throw e;
  }
}

async function removeRow({ objectType, objectId, toObjectType }, toObjectId) {
  await call("removeAssociations", { objectType, objectId, toObjectType, toObjectId });
  await listPage();
}

$("#list").addEventListener("submit", (e) => {
  e.preventDefault();
  quietly(e.submitter?.value === "next" && nextAfter ? listPage(nextAfter) : listPage());
});

// ---- labels and limits of a pair --------------------------------------------------------------

const pairOf = () => {
  const f = fields($("#pair"));
  return { fromObjectType: f.fromType, toObjectType: f.toType };
};

function fill(form, values) {
  for (const [k, v] of Object.entries(values)) form.elements[k].value = v ?? "";
}

function renderLimits(results, caption) {
  $("#limits tbody").replaceChildren(
    ...(caption ? [h("tr", {}, h("td", { colSpan: 3, className: "muted" }, caption))] : []),
    ...results.map((l) => h("tr", {}, h("td", {}, `${l.typeId}`), h("td", {}, chip(l)),
      h("td", {}, l.userEnforcedMaxToObjectIds ?? "—"))));
}

async function loadPair() {
  const pair = pairOf();
  labelCache.delete(`${pair.fromObjectType}/${pair.toObjectType}`);
  const labels = await labelsOf(pair.fromObjectType, pair.toObjectType);
  $("#labels tbody").replaceChildren(...labels.map((l) =>
    h("tr", {}, h("td", {}, `${l.typeId}`), h("td", {}, chip(l)),
      h("td", { className: "actions" },
        l.category === "USER_DEFINED" ? h("button", { type: "button", onclick: () => fill($("#label-form"), { associationTypeId: l.typeId, label: l.label }) }, "Edit") : null,
        " ", h("button", { type: "button", title: "Fill the limit form", onclick: () => fill($("#limit-form"), { category: l.category, typeId: l.typeId }) }, "Limit")))));
  const limits = await quietly(call("listLimits", pair));
  renderLimits(limits?.results ?? []);
  await quietly(refreshSpecs());
}

$("#pair").addEventListener("submit", (e) => {
  e.preventDefault();
  quietly(loadPair());
});

$("#all-limits").addEventListener("click", async () => {
  const all = await quietly(call("listAllLimits", {}));
  if (all) renderLimits(all.results, "every pair");
});

$("#label-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = fields(e.target);
  const pair = pairOf();
  const inverse = f.inverseLabel ? { inverseLabel: f.inverseLabel } : {};
  const id = Number(f.associationTypeId);
  const op = {
    create: () => call("createLabel", { ...pair, label: f.label, name: f.name, ...inverse }),
    update: () => call("updateLabel", { ...pair, associationTypeId: id, label: f.label, ...inverse }),
    delete: () => call("deleteLabel", { ...pair, associationTypeId: id }),
  }[e.submitter?.value ?? "create"];
  if ((await quietly(op().then(() => true))) === true) await loadPair();
});

$("#limit-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = fields(e.target);
  const input = { category: f.category, typeId: Number(f.typeId) };
  const method = { create: "createLimits", update: "updateLimits", purge: "purgeLimits" }[e.submitter?.value ?? "create"];
  const inputs = [method === "purgeLimits" ? input : { ...input, maxToObjectIds: Number(f.maxToObjectIds) }];
  if ((await quietly(call(method, { ...pairOf(), inputs }).then(() => true))) === true) await loadPair();
});

// ---- page wiring -----------------------------------------------------------------------------

for (const select of document.querySelectorAll("select.type")) select.append(...TYPES.map((t) => h("option", {}, t)));
fill($("#assoc"), { fromType: "contacts", toType: "companies" });
fill($("#list"), { objectType: "companies", objectId: "201", toObjectType: "contacts" });
fill($("#pair"), { fromType: "contacts", toType: "companies" });
for (const name of ["fromType", "toType"]) {
  $("#assoc").elements[name].addEventListener("change", () => {
    syncIdLists();
    quietly(refreshSpecs());
  });
}
for (const name of ["objectType"]) $("#list").elements[name].addEventListener("change", syncIdLists);

$("#backend").addEventListener("submit", (e) => {
  e.preventDefault();
  connect();
  quietly(start());
});
$("#reset").addEventListener("click", () => {
  mock?.reset();
  $("#log").replaceChildren();
  labelCache.clear();
  quietly(start());
});
$("#clear").addEventListener("click", () => $("#log").replaceChildren());

async function start() {
  await Promise.allSettled([listPage(), loadPair()]);
}

connect();
syncIdLists();
await start();
document.body.dataset.ready = "true";
