// Where HubSpot's wire is known to differ from its published reference, and the conformance test
// accepts the difference. Each allowance is narrow twice over: it only applies to a field whose
// schema carries its id in `x-allowance` (shapes.mjs puts the tag on that one field, and only in
// the families concerned), and only when the value has the known wire shape (`accepts`).
// The test reports which allowances were actually used.

export const ALLOWANCES = [
  {
    id: "unlabelled-label-null",
    reason: "HubSpot answers `label: null` for unlabelled association types; the reference types `label` as a string.",
    accepts: (e) => e.keyword === "type" && e.data === null,
  },
  {
    id: "batch-error-subcategory-string",
    reason: "Per-input errors of batch answers carry `subCategory` as a string; the reference's per-input error types it as an object.",
    accepts: (e) => e.keyword === "type" && typeof e.data === "string",
  },
  {
    id: "report-enqueue-time-epoch-ms",
    reason: "The high-usage report's `enqueueTime.value` is epoch milliseconds, beyond the int32 this family's reference declares.",
    accepts: (e) => (e.keyword === "maximum" || e.keyword === "minimum") && Number.isInteger(e.data),
  },
  {
    id: "error-detail-context-shape",
    reason: "HubSpot's samples give `errors[].context` as a Java-style map string (\"{missingScopes=[a, b]}\") or with single-string values; the reference says a map of string arrays.",
    accepts: (e) => e.keyword === "type" && typeof e.data === "string",
  },
  {
    id: "rate-limit-body-without-category",
    reason: "HubSpot's 429 bodies carry `errorType: \"RATE_LIMIT\"` and `policyName` but no `category`, which the reference's error schema requires.",
    accepts: (e) => e.keyword === "required" && e.params?.missingProperty === "category" && e.data?.errorType === "RATE_LIMIT",
  },
  {
    id: "v4-numeric-to-object-id",
    reason: "HubSpot's v4 answers carry `toObjectId` as a JSON number (seen by users of the official client); the v4 reference says string.",
    accepts: (e) => e.keyword === "type" && Number.isSafeInteger(e.data) && e.data >= 0,
  },
  {
    id: "limit-input-without-category",
    reason: "The seed's own sample of a limits update sends inputs without `category`, which the reference requires; the client sends `category` when the caller gives it and does not invent one.",
    accepts: (e) => e.keyword === "required" && e.params?.missingProperty === "category",
  },
  {
    id: "success-status-per-facts",
    reason: "HubSpot's reference revisions disagree with each other on some success statuses (201 or 200 for batch create, 204 or a 200 envelope for purge); where the revision read here differs from what hubspot-api.md §1-2 records, the emulator answers the latter, the operation names the status in `wireStatuses`, and the client takes any 2xx.",
    accepts: () => false, // applied by the checker to statuses, not to schema errors
  },
  {
    id: "partial-results-inside-200",
    reason: "hubspot-api.md §1: the 2026-09 description answers batch read/create and limits create with 200 only, `errors`/`numErrors` inside the 200, where the revision read here documents a 207.",
    accepts: () => false, // applied by the checker to statuses, not to schema errors
  },
];

export const ALLOWANCE_BY_ID = new Map(ALLOWANCES.map((a) => [a.id, a]));

/**
 * The allowance that explains one ajv error (compiled with `verbose: true`, so the error carries
 * `data` and `parentSchema`), or undefined.
 */
export function allowanceFor(error) {
  const ids = error.parentSchema?.["x-allowance"] ?? [];
  for (const id of ids) {
    const a = ALLOWANCE_BY_ID.get(id);
    if (a && a.accepts(error)) return a;
  }
  return undefined;
}
