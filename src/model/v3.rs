//! Shapes of the legacy v3 associations API.

use super::ids::{ObjectId, ObjectRef, ObjectRefInput};
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
    #[serde(rename = "type", deserialize_with = "super::lenient::string")]
    pub type_: String,
}

/// One input of v3 batch create / archive: two records and a v3 type name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
pub struct V3AssociationInput {
    /// Source record.
    pub from: ObjectRefInput,
    /// Target record.
    pub to: ObjectRefInput,
    /// The v3 type name, e.g. `contact_to_company`.
    #[serde(rename = "type")]
    pub type_: String,
}

/// One association as v3 create answers it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct V3Association {
    /// Source record.
    pub from: ObjectRef,
    /// Target record.
    pub to: ObjectRef,
    /// The v3 type name.
    #[serde(rename = "type")]
    pub type_: String,
}

/// A v3 association type: `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct V3AssociationType {
    /// The type id (a string in v3).
    #[tsify(type = "string")]
    pub id: ObjectId,
    /// The v3 name.
    pub name: String,
}
