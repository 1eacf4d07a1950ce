// The 2026-09 family as HubSpot's published reference documents it: the 321895 rollout's
// associations.json, which covers records, batch, labels and limits in one document (see README.md).
import { vocabulary, listOf, obj, int32, str } from "./shapes.mjs";

const V = "2026-09";
const O = `/crm/objects/${V}`;
const A = `/crm/associations/${V}`;
const C = `${A}/definitions/configurations`;
const v = vocabulary({
  categories: ["HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"],
  typeIdsOnLabels: true,
  reportTime: "int64",
});
const any = obj({});

// Both stored revisions of the 321895 rollout's 2026-09 associations.json document the per-record
// GET list (`after`, `limit` default 500); the older 130902 rollout's 2026-09 file has no per-record
// GET (it has no GET list for 2026-03 either). Set to false to hold the client to the older reading:
// a GET list would then be a path the reference lacks, and only batch read may serve listAssociations.
export const PER_RECORD_LIST_DOCUMENTED = true;

const operations = [
  { id: "requestHighUsageReport", method: "POST", path: `${A}/usage/high-usage-report/{userId}`, params: { userId: int32() },
    responses: { 200: v.report() } },
  { id: "batchArchive", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/archive`,
    request: v.inputs(v.archiveInput()), responses: { 200: v.envelope(any) } },
  { id: "batchCreateDefault", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/associate/default`,
    request: v.inputs(v.defaultInput()), responses: { 200: v.envelope(v.defaultLink()) } },
  { id: "batchCreate", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/create`,
    request: v.inputs(v.labelledInput()), responses: { 201: v.envelope(v.pairLabels(), false), 207: v.envelope(v.pairLabels()) },
    wireStatuses: [200], errorsInside200: true },
  { id: "batchArchiveLabels", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/labels/archive`,
    request: v.inputs(v.labelledInput()), responses: { 200: v.envelope(any) } },
  // One input per record: `{id, after?}` (no `limit`); per-input `paging.next.after` in the answer.
  { id: "batchRead", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/read`,
    request: v.inputs(v.readInput()), responses: { 200: v.envelope(v.readResult(), false), 207: v.envelope(v.readResult()) },
    errorsInside200: true },
  { id: "associateDefault", method: "PUT", path: `${O}/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}`,
    responses: { 200: v.envelope(v.defaultLink()) } },
  { id: "associate", method: "PUT", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}`,
    request: listOf(v.spec()), responses: { 201: v.pairLabels() } },
  { id: "removeAssociations", method: "DELETE", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}`,
    responses: { 204: null } },
  { id: "listAssociations", method: "GET", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}`,
    query: { after: str(), limit: int32() }, responses: { 200: v.targetsPage() } },
  { id: "listAllLimits", method: "GET", path: `${C}/all`, responses: { 200: obj({ results: listOf(v.limit()) }, ["results"]) } },
  { id: "listLimits", method: "GET", path: `${C}/{fromObjectType}/{toObjectType}`, responses: { 200: obj({ results: listOf(v.limit()) }, ["results"]) } },
  { id: "createLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/create`,
    request: v.inputs(v.limitWrite()), responses: { 201: v.envelope(v.limit(), false), 207: v.envelope(v.limit()) },
    wireStatuses: [200], errorsInside200: true },
  { id: "purgeLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/purge`,
    request: v.inputs(v.limitKey()), responses: { 200: v.envelope(any) } },
  { id: "updateLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/update`,
    request: v.inputs(v.limitWrite()), responses: { 200: v.envelope(v.limitUpdated(), false), 207: v.envelope(v.limitUpdated()) } },
  { id: "listLabels", method: "GET", path: `${A}/{fromObjectType}/{toObjectType}/labels`, responses: { 200: v.labelsList() } },
  { id: "createLabel", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/labels`,
    request: v.labelCreate(), responses: { 200: v.labelsList() } },
  { id: "updateLabel", method: "PUT", path: `${A}/{fromObjectType}/{toObjectType}/labels`,
    request: v.labelUpdate(), responses: { 204: null } },
  { id: "deleteLabel", method: "DELETE", path: `${A}/{fromObjectType}/{toObjectType}/labels/{associationTypeId}`,
    params: { associationTypeId: int32() }, responses: { 204: null } },
];

export default {
  family: V,
  error: v.errorBody(),
  operations: PER_RECORD_LIST_DOCUMENTED ? operations : operations.filter((op) => op.id !== "listAssociations"),
};
