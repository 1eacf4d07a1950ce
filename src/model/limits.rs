//! Association limit configurations (definitions/configurations).

use super::spec::AssociationCategory;
use serde::{Deserialize, Serialize};

/// A limit on how many records of the target type one record may be associated with by a type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LimitConfig {
    /// The type's category.
    #[tsify(type = "AssociationCategory")]
    pub category: AssociationCategory,
    /// The type id.
    pub type_id: i32,
    /// The type's label, if any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub label: Option<String>,
    /// The pair's source type, where HubSpot includes it (reads of all limits).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub from_object_type_id: Option<String>,
    /// The pair's target type, where HubSpot includes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub to_object_type_id: Option<String>,
    /// The enforced maximum, if one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_enforced_max_to_object_ids: Option<i64>,
}

/// One input of limits batch create / update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LimitInput {
    /// The type's category; optional here and sent only when given (the API description requires
    /// it, the seed sample omits it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "AssociationCategory")]
    pub category: Option<AssociationCategory>,
    /// The type id.
    pub type_id: i32,
    /// The maximum number of target records.
    pub max_to_object_ids: i64,
}

/// One input of limits batch purge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LimitPurgeInput {
    /// The type's category.
    #[tsify(type = "AssociationCategory")]
    pub category: AssociationCategory,
    /// The type id.
    pub type_id: i32,
}
