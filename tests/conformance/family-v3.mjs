// The legacy v3 family as HubSpot's published reference documents it: the 120891 rollout's v3
// associations.json (batch read/create/archive) and associationsSchema.json (types).
import { v3Vocabulary } from "./shapes.mjs";

const A = "/crm/v3/associations";
const v = v3Vocabulary();

export default {
  family: "v3",
  error: v.errorBody(),
  operations: [
    { id: "batchArchiveV3", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/archive`,
      request: v.inputs(v.link()), responses: { 204: null } },
    { id: "batchCreateV3", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/create`,
      request: v.inputs(v.link()), responses: { 201: v.envelope(v.link(), false), 207: v.envelope(v.link()) } },
    // Inputs are bare ids: v3 batch read cannot page.
    { id: "batchReadV3", method: "POST", path: `${A}/{fromObjectType}/{toObjectType}/batch/read`,
      request: v.inputs(v.ref()), responses: { 200: v.envelope(v.readResult(), false), 207: v.envelope(v.readResult()) } },
    { id: "listTypesV3", method: "GET", path: `${A}/{fromObjectType}/{toObjectType}/types`, responses: { 200: v.typesList() } },
  ],
};
