// The v4 family as HubSpot's published reference documents it: the 130902 rollout's v4
// associations.json (records and batch) and associationsSchema.json (labels and limits, which live
// under /crm/associations/v4/…). See README.md for the revisions read.
import { vocabulary, listOf, obj, int32, str } from "./shapes.mjs";

const O = "/crm/v4/objects";
const A = "/crm/v4/associations";
const S = "/crm/associations/v4";
const C = `${S}/definitions/configurations`;
const v = vocabulary({
  categories: ["HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"],
  typeIdsOnLabels: false,
  // The report is not in the v4 revisions read; its shape is the 2026-03 one (see below).
  reportTime: "int32",
  targetIdAllow: ["v4-numeric-to-object-id"],
});
const any = obj({});

export default {
  family: "v4",
  error: v.errorBody(),
  operations: [
    // Not in the v4 revisions read here; HubSpot's generated SDKs call this path for v4.
    { id: "requestHighUsageReport", method: "POST", path: `${A}/usage/high-usage-report/{userId}`, params: { userId: int32() },
      responses: { 200: v.report() } },
    { id: "batchArchive", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/archive`,
      request: v.inputs(v.archiveInput()), responses: { 204: null } },
    { id: "batchCreateDefault", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/associate/default`,
      request: v.inputs(v.defaultInput()), responses: { 200: v.envelope(v.defaultLink()) } },
    { id: "batchCreate", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/create`,
      request: v.inputs(v.labelledInput()), responses: { 201: v.envelope(v.pairLabels(), false), 207: v.envelope(v.pairLabels()) } },
    { id: "batchArchiveLabels", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/labels/archive`,
      request: v.inputs(v.labelledInput()), responses: { 204: null } },
    { id: "batchRead", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/read`,
      request: v.inputs(v.readInput()), responses: { 200: v.envelope(v.readResult(), false), 207: v.envelope(v.readResult()) } },
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
    // 200 only in this revision (no 201/207).
    { id: "createLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/create`,
      request: v.inputs(v.limitWrite()), responses: { 200: v.envelope(v.limit()) }, wireStatuses: [201, 207] },
    // A 200 envelope in this revision (hubspot-api.md expects 204).
    { id: "purgeLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/purge`,
      request: v.inputs(v.limitKey()), responses: { 200: v.envelope(any) }, wireStatuses: [204] },
    { id: "updateLimits", method: "POST", path: `${C}/{fromObjectType}/{toObjectType}/batch/update`,
      request: v.inputs(v.limitWrite()), responses: { 200: v.envelope(v.limitUpdated(), false) } },
    // Labels: HubSpot's current v4 reference puts them under /crm/associations/v4/ (the older
    // /crm/v4/associations/{from}/{to}/labels is what @hubspot/api-client still calls).
    { id: "listLabels", method: "GET", path: `${S}/{fromObjectType}/{toObjectType}/labels`, responses: { 200: v.labelsList() } },
    { id: "createLabel", method: "POST", path: `${S}/{fromObjectType}/{toObjectType}/labels`,
      request: v.labelCreate(), responses: { 200: v.labelsList() } },
    { id: "updateLabel", method: "PUT", path: `${S}/{fromObjectType}/{toObjectType}/labels`,
      request: v.labelUpdate(), responses: { 204: null } },
    { id: "deleteLabel", method: "DELETE", path: `${S}/{fromObjectType}/{toObjectType}/labels/{associationTypeId}`,
      params: { associationTypeId: int32() }, responses: { 204: null } },
  ],
};
