//! Shapes of the legacy v3 associations API.

use super::ids::{ObjectId, ObjectRef};
use serde::{Deserialize, Serialize};

/// One result of v3 batch read: a record and what it is associated with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct V3AssociatedIds {
    /// The record read.
    pub from: ObjectRef,
    /// Its associations.
    pub to: Vec<V3AssociatedId>,
}

/// `{id, type}`: one v3 association, `type` a name such as `contact_to_company`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct V3AssociatedId {
    /// The associated record.
    #[tsify(type = "string")]
    pub id: ObjectId,
    /// The v3 type name.
    #[serde(rename = "type")]
    pub type_: String,
}
