//! Association types and the shapes built from them (hubspot-api.md §3).

use super::ids::ObjectId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Who defined an association type. Unknown strings from HubSpot are kept as [`Self::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum AssociationCategory {
    /// Built-in types (hubspot-api.md §7).
    #[default]
    HubspotDefined,
    /// Labels created in the account.
    UserDefined,
    /// Types defined by an integration.
    IntegratorDefined,
    /// Work-object types.
    Work,
    /// A category this client does not know yet, kept verbatim.
    Other(String),
}

impl AssociationCategory {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::HubspotDefined => "HUBSPOT_DEFINED",
            Self::UserDefined => "USER_DEFINED",
            Self::IntegratorDefined => "INTEGRATOR_DEFINED",
            Self::Work => "WORK",
            Self::Other(s) => s,
        }
    }

    /// Parses the wire spelling; anything unknown becomes [`Self::Other`].
    pub fn parse(s: &str) -> Self {
        match s {
            "HUBSPOT_DEFINED" => Self::HubspotDefined,
            "USER_DEFINED" => Self::UserDefined,
            "INTEGRATOR_DEFINED" => Self::IntegratorDefined,
            "WORK" => Self::Work,
            other => Self::Other(other.to_string()),
        }
    }
}

impl Serialize for AssociationCategory {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for AssociationCategory {
    /// Any JSON: a string is parsed; anything else is kept as its JSON text in [`Self::Other`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&super::lenient::string(d)?))
    }
}

/// `{associationCategory, associationTypeId}`: one association type, as sent in creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AssociationSpec {
    /// Who defined the type.
    #[tsify(type = "AssociationCategory")]
    pub association_category: AssociationCategory,
    /// The type id (int32).
    pub association_type_id: i32,
}

/// `{category, typeId, label?}`: an association type as HubSpot reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AssociationSpecWithLabel {
    /// Who defined the type.
    #[tsify(type = "AssociationCategory")]
    pub category: AssociationCategory,
    /// The type id.
    pub type_id: i32,
    /// The label; `null` for unlabelled types.
    #[serde(default, deserialize_with = "super::lenient::opt_string")]
    pub label: Option<String>,
    /// Source object type id, when HubSpot includes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub from_object_type_id: Option<String>,
    /// Target object type id, when HubSpot includes it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub to_object_type_id: Option<String>,
}

/// One associated record with all the types that link it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MultiAssociatedObjectWithLabel {
    /// The associated record's id.
    #[tsify(type = "string")]
    pub to_object_id: ObjectId,
    /// The types linking the two records.
    pub association_types: Vec<AssociationSpecWithLabel>,
}

/// The labels now between two records (answer of a labelled associate).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LabelsBetweenObjectPair {
    /// Source object type id, e.g. `0-1`.
    #[serde(default, deserialize_with = "super::lenient::string")]
    pub from_object_type_id: String,
    /// Source record id.
    #[tsify(type = "string")]
    pub from_object_id: ObjectId,
    /// Target object type id.
    #[serde(default, deserialize_with = "super::lenient::string")]
    pub to_object_type_id: String,
    /// Target record id.
    #[tsify(type = "string")]
    pub to_object_id: ObjectId,
    /// Label strings (unlabelled types contribute none).
    #[serde(default, deserialize_with = "super::lenient::strings")]
    pub labels: Vec<String>,
}

/// One default association created (answer of associate default).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DefaultAssociation {
    /// Source record.
    pub from: super::ObjectRef,
    /// Target record.
    pub to: super::ObjectRef,
    /// The type HubSpot used.
    pub association_spec: AssociationSpec,
}

impl Default for AssociationSpec {
    fn default() -> Self {
        AssociationSpec {
            association_category: AssociationCategory::HubspotDefined,
            association_type_id: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_categories_are_kept() {
        let s: AssociationSpecWithLabel =
            serde_json::from_str(r#"{"category":"FUTURE_KIND","typeId":9,"label":null,"extra":1}"#)
                .unwrap();
        assert_eq!(s.category, AssociationCategory::Other("FUTURE_KIND".into()));
        assert_eq!(serde_json::to_value(&s).unwrap()["category"], "FUTURE_KIND");
    }

    #[test]
    fn known_categories_round_trip() {
        for c in [
            "HUBSPOT_DEFINED",
            "USER_DEFINED",
            "INTEGRATOR_DEFINED",
            "WORK",
        ] {
            assert_eq!(AssociationCategory::parse(c).as_str(), c);
            assert!(!matches!(
                AssociationCategory::parse(c),
                AssociationCategory::Other(_)
            ));
        }
    }
}

/// `{results}`: a plain collection answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct CollectionResponse<T> {
    /// The items.
    pub results: Vec<T>,
}

/// `{results, paging?}`: one page of a record's associations.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AssociationsPage {
    /// The associated records on this page.
    pub results: Vec<MultiAssociatedObjectWithLabel>,
    /// Where the next page starts, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// Paging information; `next` is absent on the last page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// The next page, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextPage>,
}

/// The cursor of the next page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NextPage {
    /// Pass as `after` to get the next page.
    #[serde(deserialize_with = "super::lenient::cursor")]
    pub after: String,
    /// HubSpot's link to the next page, if given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub link: Option<String>,
}

/// One result of batch read: a record, a page of its associations, and its own paging.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchReadResult {
    /// The record read.
    pub from: super::ObjectRef,
    /// Its associations (one page of them).
    pub to: Vec<MultiAssociatedObjectWithLabel>,
    /// Per-input paging: send `{id, after}` again for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// The answer of a high-usage report request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HighUsageReport {
    /// When the report was queued.
    pub enqueue_time: EnqueueTime,
    /// Where the report will be sent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::opt_string"
    )]
    pub user_email: Option<String>,
    /// The user it was requested for.
    pub user_id: i64,
}

/// HubSpot's timestamp object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EnqueueTime {
    /// Milliseconds since the epoch.
    pub value: i64,
    /// Whether only the date is meaningful.
    #[serde(default)]
    #[tsify(type = "boolean")]
    pub date_only: bool,
    /// Time-zone shift in minutes.
    #[serde(default)]
    #[tsify(type = "number")]
    pub time_zone_shift: i64,
}
