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
