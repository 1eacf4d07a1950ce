// Generated from src/model/shape.rs by `cargo test --lib write_js_shapes -- --ignored` (do not edit):
// the shapes of the answers the JS glue reads itself (js/decode.js), at each type's `Shaped::JS`
// index, and the fields of a HubSpot error inside an envelope. A test keeps this file equal to
// the Rust tables.

export const SHAPES = [
  // none
  "Nothing",
  // BatchResponse<DefaultAssociation>
  { o: [["status", "Text"], ["results", { le: { o: [["from", { o: [["id", "Id"]] }], ["to", { o: [["id", "Id"]] }], ["associationSpec", { o: [["associationCategory", "TextRequired"], ["associationTypeId", "I32"]] }]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<BatchReadResult>
  { o: [["status", "Text"], ["results", { le: { o: [["from", { o: [["id", "Id"]] }], ["to", { l: { o: [["toObjectId", "Id"], ["associationTypes", { l: { o: [["category", "TextRequired"], ["typeId", "I32"], ["label", "NullText"], ["fromObjectTypeId", "OptText"], ["toObjectTypeId", "OptText"]] } }]] } }], ["paging", { oo: [["next", { oo: [["after", "Cursor"], ["link", "OptText"]] }]] }]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<LabelsBetweenObjectPair>
  { o: [["status", "Text"], ["results", { le: { o: [["fromObjectTypeId", "Text"], ["fromObjectId", "Id"], ["toObjectTypeId", "Text"], ["toObjectId", "Id"], ["labels", "Texts"]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<LimitConfig>
  { o: [["status", "Text"], ["results", { le: { o: [["category", "TextRequired"], ["typeId", "I32"], ["label", "OptText"], ["fromObjectTypeId", "OptText"], ["toObjectTypeId", "OptText"], ["userEnforcedMaxToObjectIds", "OptI64"]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<V3AssociatedIds>
  { o: [["status", "Text"], ["results", { le: { o: [["from", { o: [["id", "Id"]] }], ["to", { l: { o: [["id", "Id"], ["type", "TextRequired"]] } }]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<V3Association>
  { o: [["status", "Text"], ["results", { le: { o: [["from", { o: [["id", "Id"]] }], ["to", { o: [["id", "Id"]] }], ["type", "Str"]] } }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // BatchResponse<Value>
  { o: [["status", "Text"], ["results", { le: "Keep" }], ["startedAt", "Text"], ["completedAt", "Text"], ["requestedAt", "OptText"], ["links", "Any"], ["errors", "Errors"], ["numErrors", "Count"]] },
  // LabelsBetweenObjectPair
  { o: [["fromObjectTypeId", "Text"], ["fromObjectId", "Id"], ["toObjectTypeId", "Text"], ["toObjectId", "Id"], ["labels", "Texts"]] },
  // AssociationsPage
  { o: [["results", { l: { o: [["toObjectId", "Id"], ["associationTypes", { l: { o: [["category", "TextRequired"], ["typeId", "I32"], ["label", "NullText"], ["fromObjectTypeId", "OptText"], ["toObjectTypeId", "OptText"]] } }]] } }], ["paging", { oo: [["next", { oo: [["after", "Cursor"], ["link", "OptText"]] }]] }]] },
  // HighUsageReport
  { o: [["enqueueTime", { o: [["value", "I64"], ["dateOnly", "BoolOrFalse"], ["timeZoneShift", "I64Or0"]] }], ["userEmail", "OptText"], ["userId", "I64"]] },
  // CollectionResponse<AssociationSpecWithLabel>
  { o: [["results", { l: { o: [["category", "TextRequired"], ["typeId", "I32"], ["label", "NullText"], ["fromObjectTypeId", "OptText"], ["toObjectTypeId", "OptText"]] } }]] },
  // CollectionResponse<LimitConfig>
  { o: [["results", { l: { o: [["category", "TextRequired"], ["typeId", "I32"], ["label", "OptText"], ["fromObjectTypeId", "OptText"], ["toObjectTypeId", "OptText"], ["userEnforcedMaxToObjectIds", "OptI64"]] } }]] },
  // CollectionResponse<V3AssociationType>
  { o: [["results", { l: { o: [["id", "Id"], ["name", "Str"]] } }]] },
];

export const STANDARD_ERROR = { o: [["status", "OptText"], ["category", "OptText"], ["message", "OptText"], ["context", "Any"], ["errors", "Any"], ["links", "Any"], ["id", "OptText"], ["subCategory", "Any"]] };

// The shape each operation's answer is read by (omitted: none).
export const ANSWERS = {
  associateDefault: 1,
  associate: 8,
  listAssociations: 9,
  batchRead: 2,
  batchCreate: 3,
  batchCreateDefault: 1,
  batchArchive: 7,
  batchArchiveLabels: 7,
  listLabels: 11,
  createLabel: 11,
  listAllLimits: 12,
  listLimits: 12,
  createLimits: 4,
  updateLimits: 4,
  purgeLimits: 7,
  requestHighUsageReport: 10,
  batchReadV3: 5,
  batchCreateV3: 6,
  batchArchiveV3: 7,
  listTypesV3: 13,
};
