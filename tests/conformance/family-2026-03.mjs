// The 2026-03 family as HubSpot's published reference documents it (see README.md for the
// revisions read). Each operation: the client method that reaches it, method, path template,
// typed path parameters, documented query parameters, the request body (checked closed) and the
// answer per documented success status (null: no body).
import { vocabulary, listOf, obj, int32, str } from "./shapes.mjs";

const V = "2026-03";
const O = `/crm/objects/${V}`;
const A = `/crm/associations/${V}`;
const C = `${A}/definitions/configurations`;
const v = vocabulary({
  categories: ["HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"],
  typeIdsOnLabels: false,
  reportTime: "int32",
});
const any = obj({});

export default {
  family: V,
  error: v.errorBody(),
  operations: [
    { id: "requestHighUsageReport", method: "POST", path: `${A}/usage/high-usage-report/{userId}`, params: { userId: int32() },
      responses: { 200: v.report() } },
    { id: "batchArchive", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/archive`,
      request: v.inputs(v.archiveInput()), responses: { 200: v.envelope(any) } },
    { id: "batchCreateDefault", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/associate/default`,
      request: v.inputs(v.defaultInput()), responses: { 200: v.envelope(v.defaultLink()) } },
    // Only 200 in this revision (hubspot-api.md expects 201/207 as in v4).
    { id: "batchCreate", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/create`,
      request: v.inputs(v.labelledInput()), responses: { 200: v.envelope(v.pairLabels()) }, wireStatuses: [201, 207] },
    { id: "batchArchiveLabels", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/labels/archive`,
      request: v.inputs(v.labelledInput()), responses: { 200: v.envelope(any) } },
    // Only 200 in this revision: no 207 for partial results.
    { id: "batchRead", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/read`,
      request: v.inputs(v.readInput()), responses: { 200: v.envelope(v.readResult()) }, wireStatuses: [207] },
    { id: "associateDefault", method: "PUT", path: `${O}/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}`,
      responses: { 200: v.envelope(v.defaultLink()) } },
    { id: "associate", method: "PUT", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}`,
      request: listOf(v.spec()), responses: { 201: v.pairLabels() } },
    { id: "removeAssociations", method: "DELETE", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}`,
      responses: { 204: null } },
    // Not in the stored 130902/2026-03 revision of associations.json; HubSpot's SDKs generated for
    // 2026-03 have it (GET …/associations/{toObjectType}, `after`, `limit` ≤ 500). See README.
    { id: "listAssociations", method: "GET", path: `${O}/{objectType}/{objectId}/associations/{toObjectType}`,
      query: { after: str(), limit: int32() }, responses: { 200: v.targetsPage() } },
    { id: "listAllLimits", method: "GET", path: `${C}/all`, responses: { 200: obj({ results: listOf(v.limit()) }, ["results"]) } },
    { id: "listLimits", method: "GET", path: `${C}/{fromObjectType}/{toObjectType}`, responses: { 200: obj({ results: listOf(v.limit()) }, ["results"]) } },
    { id: "createLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/create`,
      request: v.inputs(v.limitWrite()), responses: { 201: v.envelope(v.limit(), false), 207: v.envelope(v.limit()) } },
    // 204 in this revision of associationsSchema.json (hubspot-api.md expects a 200 envelope).
    { id: "purgeLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/purge`,
      request: v.inputs(v.limitKey()), responses: { 204: null }, wireStatuses: [200] },
    { id: "updateLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/update`,
      request: v.inputs(v.limitWrite()), responses: { 200: v.envelope(v.limitUpdated(), false), 207: v.envelope(v.limitUpdated()) } },
    { id: "listLabels", method: "GET", path: `${A}/{fromObjectType}/{toObjectType}/labels`, responses: { 200: v.labelsList() } },
    { id: "createLabel", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/labels`,
      request: v.labelCreate(), responses: { 200: v.labelsList() } },
    { id: "updateLabel", method: "PUT", path: `${A}/{fromObjectType}/{toObjectType}/labels`,
      request: v.labelUpdate(), responses: { 204: null } },
    { id: "deleteLabel", method: "DELETE", path: `${A}/{fromObjectType}/{toObjectType}/labels/{associationTypeId}`,
      params: { associationTypeId: int32() }, responses: { 204: null } },
  ],
};
