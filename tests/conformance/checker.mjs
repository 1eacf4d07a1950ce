// Checks one recorded HTTP exchange (what the client sent, what the emulator answered) against a
// version family's operations (family-*.mjs): the path and method must be a documented operation,
// path and query parameters must have the documented names and types, the request body must match
// the documented body exactly (no undocumented fields), the status must be a documented success
// status (or an error status, whose body must match the error schema), and the answer must match
// the schema documented for that status. Named allowances (allowances.mjs) excuse known
// wire-vs-reference differences on their one field; fields the reference does not mention in an
// answer are reported as notes, not failures (OpenAPI objects are open).
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { allowanceFor } from "./allowances.mjs";
import { closed } from "./shapes.mjs";

function newAjv() {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
  addFormats(ajv);
  ajv.addVocabulary(["x-allowance"]);
  return ajv;
}

/** `/results/0/to/3/label` → `/results/*​/to/*​/label` (to group repeated findings). */
export const generalise = (pointer) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

function compileTemplate(path) {
  const segs = path.split("/").slice(1);
  return {
    segs,
    literals: segs.filter((s) => !s.startsWith("{")).length,
    match(actual) {
      if (actual.length !== segs.length) return null;
      const params = {};
      for (let i = 0; i < segs.length; i++) {
        const t = segs[i];
        if (t.startsWith("{")) {
          if (actual[i] === "") return null;
          params[t.slice(1, -1)] = decodeURIComponent(actual[i]);
        } else if (t !== actual[i]) return null;
      }
      return params;
    },
  };
}

/**
 * @param {{family: string, error: object, operations: object[]}} spec
 */
export function createChecker(spec) {
  const ajv = newAjv();
  const cache = new WeakMap();
  const validator = (schema) => {
    let v = cache.get(schema);
    if (!v) cache.set(schema, (v = ajv.compile(schema)));
    return v;
  };
  const closedCache = new WeakMap();
  const closedOf = (schema) => {
    let c = closedCache.get(schema);
    if (!c) closedCache.set(schema, (c = closed(schema)));
    return c;
  };
  const ops = spec.operations.map((op) => ({ ...op, template: compileTemplate(op.path) }));

  /** Validates `data`; returns {failures: [text], allowed: [{id, at}]}. */
  function validate(schema, data, where) {
    const v = validator(schema);
    if (v(data)) return { failures: [], allowed: [] };
    const failures = [];
    const allowed = [];
    for (const e of v.errors) {
      const a = allowanceFor(e);
      if (a) allowed.push({ id: a.id, at: `${where}${generalise(e.instancePath) || "/"}` });
      else failures.push(`${where}${e.instancePath || "/"} ${e.message}${e.keyword === "additionalProperties" ? ` (${e.params.additionalProperty})` : ""} [got ${JSON.stringify(e.data)?.slice(0, 80)}]`);
    }
    return { failures, allowed };
  }

  /** Fields present in `data` that the (open) schema does not describe. */
  function undocumented(schema, data, where) {
    const v = validator(closedOf(schema));
    if (v(data)) return [];
    return v.errors
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => `${where}${generalise(e.instancePath)}/${e.params.additionalProperty}`);
  }

  function parseJson(text) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (err) {
      return { ok: false, error: String(err.message ?? err) };
    }
  }

  /**
   * @param {{method: string, url: string, requestBody: string|null, status: number, responseText: string}} x
   * @returns {{opId?: string, failures: {kind: string, text: string}[], notes: string[], allowed: {id: string, at: string}[]}}
   */
  function check(x) {
    const out = { opId: undefined, failures: [], notes: [], allowed: [] };
    const fail = (kind, text) => out.failures.push({ kind, text });
    const url = new URL(x.url);
    const actual = url.pathname.split("/").slice(1);

    // 1. path and method
    const byPath = ops.map((op) => ({ op, params: op.template.match(actual) })).filter((m) => m.params);
    if (!byPath.length) {
      fail("path", `${x.method} ${url.pathname}: no operation of the ${spec.family} reference has this path`);
      return out;
    }
    const byMethod = byPath.filter((m) => m.op.method === x.method).sort((a, b) => b.op.template.literals - a.op.template.literals);
    if (!byMethod.length) {
      fail("method", `${x.method} ${url.pathname}: the ${spec.family} reference has this path only for ${[...new Set(byPath.map((m) => m.op.method))].join(", ")}`);
      return out;
    }
    const { op, params } = byMethod[0];
    out.opId = op.id;

    // 2. typed path parameters and query parameters
    for (const [name, schema] of Object.entries(op.params ?? {})) {
      const raw = params[name];
      const n = /^-?\d+$/.test(raw) ? Number(raw) : raw;
      for (const f of validate(schema, n, `path {${name}}`).failures) fail("param", `${f} (raw "${raw}")`);
    }
    for (const [name, value] of url.searchParams) {
      const schema = op.query?.[name];
      if (!schema) {
        fail("query", `query parameter "${name}" is not documented for ${op.id}`);
        continue;
      }
      const typed = schema.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
      for (const f of validate(schema, typed, `query ${name}`).failures) fail("query", f);
    }

    // 3. request body (closed: nothing undocumented may be sent)
    const sent = x.requestBody;
    if (op.request) {
      if (sent == null || sent === "") fail("request", `${op.id} documents a request body; none was sent`);
      else {
        const p = parseJson(sent);
        if (!p.ok) fail("request", `request body is not JSON: ${p.error}`);
        else {
          const r = validate(closedOf(op.request), p.value, "request");
          r.failures.forEach((f) => fail("request", f));
          out.allowed.push(...r.allowed);
        }
      }
    } else if (sent != null && sent !== "") {
      fail("request", `${op.id} documents no request body; the client sent ${JSON.stringify(sent).slice(0, 80)}`);
    }

    // 4. status and answer
    const s = x.status;
    const text = x.responseText ?? "";
    if (s >= 200 && s < 300) {
      let schema = op.responses[s];
      const wire = op.wireStatuses?.includes(s);
      if (wire) {
        // A success status that hubspot-api.md records for this operation and the reference
        // revision read here does not (allowances.mjs: "success-status-per-facts").
        out.allowed.push({ id: "success-status-per-facts", at: `${op.id} ${s}` });
        // A 204 has no body; any other is checked against the documented answer (the 207's when
        // there is one, which allows per-input errors).
        schema = op.responses[207] ?? Object.values(op.responses).find((r) => r !== null);
        if (text === "" || !schema) return out;
      }
      if (!(String(s) in op.responses) && !wire) {
        fail("status", `${op.id} answered ${s}; the ${spec.family} reference documents ${Object.keys(op.responses).join("/")}`);
        // Still check the body, against the first documented answer that has one.
        schema = Object.values(op.responses).find((r) => r !== null);
        if (!schema || text === "") return out;
      }
      if (schema === null) {
        if (text !== "") fail("response", `${s} documents no body; got ${JSON.stringify(text.slice(0, 80))}`);
        return out;
      }
      const p = parseJson(text);
      if (!p.ok) {
        fail("response", `${s} answer is not JSON: ${p.error}`);
        return out;
      }
      // Partial results: where the reference gives them their own 207 answer (with `errors`),
      // per-input errors inside another 2xx are a status disagreement; check them as the 207.
      const partial = op.responses[207];
      if (s !== 207 && partial && !schema.properties?.errors && Array.isArray(p.value?.errors) && p.value.errors.length) {
        if (op.errorsInside200) out.allowed.push({ id: "partial-results-inside-200", at: `${op.id} ${s}` });
        else fail("status", `${op.id} answered ${s} with ${p.value.errors.length} per-input error(s); the ${spec.family} reference documents partial results as 207`);
        schema = partial;
      }
      const r = validate(schema, p.value, "answer");
      r.failures.forEach((f) => fail("response", f));
      out.allowed.push(...r.allowed);
      out.notes.push(...undocumented(schema, p.value, "answer"));
    } else if (s >= 400 && s < 600) {
      const p = parseJson(text);
      if (!p.ok) {
        fail("error-body", `${s} error body is not JSON: ${p.error}`);
        return out;
      }
      const r = validate(spec.error, p.value, `error ${s}`);
      r.failures.forEach((f) => fail("error-body", f));
      out.allowed.push(...r.allowed);
      out.notes.push(...undocumented(spec.error, p.value, `error ${s}`));
    } else {
      fail("status", `${op.id} answered ${s}, neither a documented success nor an error status`);
    }
    return out;
  }

  return { family: spec.family, operations: ops, check };
}
