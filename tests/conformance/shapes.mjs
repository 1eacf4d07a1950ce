// Building blocks for the conformance schemas: our own JSON Schema (draft-07, as ajv compiles it by
// default) for the shapes HubSpot's published OpenAPI documents describe for the CRM Associations
// API. Nothing here is copied from those documents (their licence forbids it): names, structure and
// wording are ours; only the facts (field names on the wire, which are required, their JSON types)
// come from the reference. See README.md in this folder for where each fact was read.
//
// Conventions
// - Answers are checked with *open* objects, as OpenAPI means them: an extra field is not an error
//   (the test reports undocumented fields separately, as notes).
// - Requests are checked *closed* (see `closed()`): everything the client sends must be documented.
// - `x-allowance: [ids]` marks the one field where a named wire-vs-reference difference may be
//   accepted (see allowances.mjs). The tag sits on that field's own schema, so an allowance can
//   never excuse anything else.

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export const str = () => ({ type: "string" });
export const int32 = (allow) => tag({ type: "integer", minimum: INT32_MIN, maximum: INT32_MAX }, allow);
export const int64 = () => ({ type: "integer" });
export const bool = () => ({ type: "boolean" });
export const timestamp = () => ({ type: "string", format: "date-time" });
export const listOf = (items) => ({ type: "array", items });
export const mapOf = (values) => ({ type: "object", additionalProperties: values });
export const oneOfStrings = (values) => ({ type: "string", enum: [...values] });

/** An object with the given properties; `need` lists the required ones. */
export function obj(properties, need = []) {
  const s = { type: "object", properties };
  if (need.length) s.required = [...need];
  return s;
}

function tag(schema, allow) {
  if (allow && allow.length) schema["x-allowance"] = [...allow];
  return schema;
}

/** A deep copy where every object that lists its properties accepts nothing else. */
export function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties") out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closed(s)]));
    else if (k === "items" || k === "additionalProperties") out[k] = closed(v);
    else out[k] = v;
  }
  if (out.type === "object" && out.properties && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}

// ---- the vocabulary, parameterised by what differs between version families ----

/**
 * @param {object} o
 * @param {string[]} o.categories         association categories the family's reference enumerates
 * @param {boolean} o.typeIdsOnLabels     whether label entries document fromObjectTypeId/toObjectTypeId
 * @param {"int32"|"int64"} o.reportTime  the integer format of the high-usage report's enqueue time
 * @param {string[]} [o.targetIdAllow]    allowances on the listed target's `toObjectId`
 */
export function vocabulary(o) {
  const category = () => oneOfStrings(o.categories);
  const ref = () => obj({ id: str() }, ["id"]);

  // One association type as the client asks for it.
  const spec = () => obj({ associationCategory: category(), associationTypeId: int32() }, ["associationCategory", "associationTypeId"]);

  // One association type as HubSpot describes it back (with its label, if any).
  const labelledType = () => {
    const props = { category: category(), typeId: int32(), label: tag(str(), ["unlabelled-label-null"]) };
    if (o.typeIdsOnLabels) Object.assign(props, { fromObjectTypeId: str(), toObjectTypeId: str() });
    return obj(props, ["category", "typeId"]);
  };

  // One associated record with all the types that link it.
  const target = () => obj({ toObjectId: tag(str(), o.targetIdAllow), associationTypes: listOf(labelledType()) }, ["toObjectId", "associationTypes"]);

  const nextPage = () => obj({ after: str(), link: str() }, ["after"]);
  const prevPage = () => obj({ before: str(), link: str() }, ["before"]);
  const paging = () => obj({ next: nextPage(), prev: prevPage() });
  const forwardPaging = () => obj({ next: nextPage() });

  // The detail entry inside an error (top-level `errors[]`, and inside per-input batch errors).
  const errorDetail = () => obj({
    message: str(),
    code: str(),
    in: str(),
    subCategory: str(),
    context: tag(mapOf(tag(listOf(str()), ["error-detail-context-shape"])), ["error-detail-context-shape"]),
  }, ["message"]);

  // One per-input failure inside a batch answer.
  const inputError = () => obj({
    status: str(),
    category: str(),
    message: str(),
    id: str(),
    subCategory: tag({ type: "object" }, ["batch-error-subcategory-string"]),
    context: mapOf(listOf(str())),
    errors: listOf(errorDetail()),
    links: mapOf(str()),
  }, ["category", "context", "errors", "links", "message", "status"]);

  // The batch envelope around `item`s; `withErrors: false` for the answers whose documented
  // schema has no `errors`/`numErrors` (they then show up as undocumented-field notes).
  const envelope = (item, withErrors = true) => {
    const props = {
      status: oneOfStrings(["CANCELED", "COMPLETE", "PENDING", "PROCESSING"]),
      results: listOf(item),
      startedAt: timestamp(),
      completedAt: timestamp(),
      requestedAt: timestamp(),
      links: mapOf(str()),
    };
    if (withErrors) Object.assign(props, { errors: listOf(inputError()), numErrors: int32() });
    return obj(props, ["completedAt", "results", "startedAt", "status"]);
  };

  return {
    category, ref, spec, labelledType, target, paging, forwardPaging, errorDetail, inputError, envelope,

    /** The error body of every non-2xx answer ("default" response of every operation). */
    errorBody: () => tag(obj({
      category: str(),
      correlationId: { type: "string", format: "uuid" },
      message: str(),
      subCategory: str(),
      context: mapOf(listOf(str())),
      errors: listOf(errorDetail()),
      links: mapOf(str()),
    }, ["category", "correlationId", "message"]), ["rate-limit-body-without-category"]),

    // ---- answers ----
    pairLabels: () => obj({ fromObjectTypeId: str(), fromObjectId: str(), toObjectTypeId: str(), toObjectId: str(), labels: listOf(str()) },
      ["fromObjectId", "fromObjectTypeId", "labels", "toObjectId", "toObjectTypeId"]),
    defaultLink: () => obj({ from: ref(), to: ref(), associationSpec: spec() }, ["associationSpec", "from", "to"]),
    readResult: () => obj({ from: ref(), to: listOf(target()), paging: paging() }, ["from", "to"]),
    targetsPage: () => obj({ results: listOf(target()), paging: forwardPaging() }, ["results"]),
    labelsList: () => obj({ results: listOf(labelledType()) }, ["results"]),
    limit: () => obj({ category: category(), typeId: int32(), label: str(), userEnforcedMaxToObjectIds: int32() }, ["category", "typeId"]),
    limitUpdated: () => obj({ category: category(), typeId: int32(), userEnforcedMaxToObjectIds: int32() }, ["category", "typeId"]),
    report: () => obj({
      enqueueTime: obj({
        value: o.reportTime === "int32" ? int32(["report-enqueue-time-epoch-ms"]) : int64(),
        dateOnly: bool(),
        timeZoneShift: int32(),
      }, ["dateOnly", "timeZoneShift", "value"]),
      userEmail: str(),
      userId: int32(),
    }, ["enqueueTime", "userEmail", "userId"]),

    // ---- request bodies (closed by the checker) ----
    inputs: (item) => obj({ inputs: listOf(item) }, ["inputs"]),
    readInput: () => obj({ id: str(), after: str() }, ["id"]),
    archiveInput: () => obj({ from: ref(), to: listOf(ref()) }, ["from", "to"]),
    labelledInput: () => obj({ from: ref(), to: ref(), types: listOf(spec()) }, ["from", "to", "types"]),
    defaultInput: () => obj({ from: ref(), to: ref() }, ["from", "to"]),
    limitWrite: () => tag(obj({ category: category(), typeId: int32(), maxToObjectIds: int32() }, ["category", "maxToObjectIds", "typeId"]), ["limit-input-without-category"]),
    // The purge input's category is a free string in every family's reference (no enum).
    limitKey: () => obj({ category: str(), typeId: int32() }, ["category", "typeId"]),
    labelCreate: () => obj({ label: str(), name: str(), inverseLabel: str() }, ["label", "name"]),
    labelUpdate: () => obj({ associationTypeId: int32(), label: str(), inverseLabel: str() }, ["associationTypeId", "label"]),
  };
}

/** The legacy v3 shapes (association "types" are snake_case names, ids are plain refs). */
export function v3Vocabulary() {
  const base = vocabulary({ categories: ["HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"], typeIdsOnLabels: false, reportTime: "int64" });
  const ref = base.ref;
  const link = () => obj({ from: ref(), to: ref(), type: str() }, ["from", "to", "type"]);
  return {
    errorBody: base.errorBody,
    envelope: base.envelope,
    inputs: base.inputs,
    ref,
    link,
    readResult: () => obj({ from: ref(), to: listOf(obj({ id: str(), type: str() }, ["id", "type"])), paging: base.paging() }, ["from", "to"]),
    typesList: () => obj({ results: listOf(obj({ id: str(), name: str() }, ["id", "name"])) }, ["results"]),
  };
}
