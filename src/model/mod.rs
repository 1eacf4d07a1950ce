//! The wire format: serde types that are at once HubSpot's JSON and the generated TypeScript.
//! Responses never deny unknown fields (HubSpot adds fields) and unknown enum strings are kept.

mod envelope;
mod ids;
mod lenient;
mod limits;
pub mod shape;
mod spec;
pub mod stream;
mod v3;

pub use envelope::{BatchResponse, ErrorBody, ErrorDetail, StandardError};
pub use ids::{ObjectId, ObjectRef, ObjectRefInput};
pub use limits::{LimitConfig, LimitInput, LimitPurgeInput};
pub use spec::{
    AssociationCategory, AssociationSpec, AssociationSpecWithLabel, AssociationsPage,
    BatchReadResult, CollectionResponse, DefaultAssociation, EnqueueTime, HighUsageReport,
    LabelsBetweenObjectPair, MultiAssociatedObjectWithLabel, NextPage, Paging,
};
pub use v3::{
    V3AssociatedId, V3AssociatedIds, V3Association, V3AssociationInput, V3AssociationType,
};

/// TypeScript for the types whose serde is hand-written (tsify cannot derive them); the wasm glue
/// emits it beside the derived declarations.
pub const TS_EXTRA: &str = r#"
/** Who defined an association type; unknown strings from HubSpot are passed through. */
export type AssociationCategory = "HUBSPOT_DEFINED" | "USER_DEFINED" | "INTEGRATOR_DEFINED" | "WORK" | (string & {});
/** An API version: a date version (`"2026-03"` is the default) or `"v4"`. */
export type ApiVersion = "2026-03" | "2026-09" | "v4" | `${number}-${number}`;
"#;

/// A JSON value as compact text (what its `Display` writes, without the pretty printer that
/// `Display` brings into the wasm module).
pub(crate) fn json_text(v: &serde_json::Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
