//! Record-level association operations (`/crm/objects/{ver}/...` and `/crm/v4/objects/...`).

use super::path::{object_id, object_type, ApiVersion};
use super::{NoContent, Operation, RequestSpec};
use crate::error::{Error, Result};
use crate::model::{
    AssociationSpec, AssociationsPage, BatchResponse, DefaultAssociation, LabelsBetweenObjectPair,
    ObjectId,
};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `{prefix}/{objectType}/{objectId}/associations`, each segment checked (errors name the field).
fn record_path(
    v: &ApiVersion,
    (type_field, ty): (&str, &str),
    (id_field, id): (&str, &ObjectId),
) -> Result<String> {
    Ok(format!(
        "{}/{}/{}/associations",
        v.objects_prefix(),
        object_type(type_field, ty)?,
        object_id(id_field, id)?
    ))
}

/// `/{toObjectType}/{toObjectId}`, checked.
fn target((type_field, ty): (&str, &str), (id_field, id): (&str, &ObjectId)) -> Result<String> {
    Ok(format!(
        "/{}/{}",
        object_type(type_field, ty)?,
        object_id(id_field, id)?
    ))
}

/// Params of `associateDefault`: link two records with the pair's default (unlabelled) type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AssociateDefaultParams {
    /// Source object type, e.g. `contacts` or `0-1`.
    pub from_object_type: String,
    /// Source record id.
    #[tsify(type = "string | number")]
    pub from_object_id: ObjectId,
    /// Target object type.
    pub to_object_type: String,
    /// Target record id.
    #[tsify(type = "string | number")]
    pub to_object_id: ObjectId,
}

impl Operation for AssociateDefaultParams {
    type Output = BatchResponse<DefaultAssociation>;
    const NAME: &'static str = "associateDefault";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let record = record_path(
            v,
            ("fromObjectType", &self.from_object_type),
            ("fromObjectId", &self.from_object_id),
        )?;
        let path = format!(
            "{record}/default{}",
            target(
                ("toObjectType", &self.to_object_type),
                ("toObjectId", &self.to_object_id)
            )?
        );
        Ok(RequestSpec::new(Method::Put, path))
    }
}

/// Params of `associate`: link two records with the given association types (labels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AssociateParams {
    /// Source object type.
    pub from_object_type: String,
    /// Source record id.
    #[tsify(type = "string | number")]
    pub from_object_id: ObjectId,
    /// Target object type.
    pub to_object_type: String,
    /// Target record id.
    #[tsify(type = "string | number")]
    pub to_object_id: ObjectId,
    /// The types to add (at least one).
    pub types: Vec<AssociationSpec>,
}

impl Operation for AssociateParams {
    type Output = LabelsBetweenObjectPair;
    const NAME: &'static str = "associate";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        super::require_inputs(Self::NAME, &self.types)
            .map_err(|_| Error::invalid_input("associate: types must not be empty"))?;
        let record = record_path(
            v,
            ("fromObjectType", &self.from_object_type),
            ("fromObjectId", &self.from_object_id),
        )?;
        let path = format!(
            "{record}{}",
            target(
                ("toObjectType", &self.to_object_type),
                ("toObjectId", &self.to_object_id)
            )?
        );
        // HubSpot takes a bare JSON array here.
        Ok(RequestSpec::new(Method::Put, path).with_body(json!(self.types)))
    }
}

/// Params of `listAssociations` and `iterateAssociations`: one record's associations to a type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ListAssociationsParams {
    /// The record's object type.
    pub object_type: String,
    /// The record id.
    #[tsify(type = "string | number")]
    pub object_id: ObjectId,
    /// The associated object type.
    pub to_object_type: String,
    /// The cursor from the previous page's `paging.next.after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Page size, 1 to 500 (HubSpot's default and maximum is 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// The most associations one list page can hold.
pub const MAX_LIST_LIMIT: u32 = 500;

impl Operation for ListAssociationsParams {
    type Output = AssociationsPage;
    const NAME: &'static str = "listAssociations";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let record = record_path(
            v,
            ("objectType", &self.object_type),
            ("objectId", &self.object_id),
        )?;
        let path = format!(
            "{record}/{}",
            object_type("toObjectType", &self.to_object_type)?
        );
        let mut spec = RequestSpec::new(Method::Get, path);
        if let Some(after) = &self.after {
            if after.is_empty() {
                return Err(Error::invalid_input(
                    "listAssociations: after must not be empty",
                ));
            }
            spec.query.push(("after".into(), after.clone()));
        }
        if let Some(limit) = self.limit {
            if !(1..=MAX_LIST_LIMIT).contains(&limit) {
                return Err(Error::invalid_input(format!(
                    "listAssociations: limit must be 1 to {MAX_LIST_LIMIT}; got {limit}"
                )));
            }
            spec.query.push(("limit".into(), limit.to_string()));
        }
        Ok(spec)
    }
}

/// Params of `removeAssociations`: remove every association between two records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RemoveAssociationsParams {
    /// The record's object type.
    pub object_type: String,
    /// The record id.
    #[tsify(type = "string | number")]
    pub object_id: ObjectId,
    /// The other record's object type.
    pub to_object_type: String,
    /// The other record's id.
    #[tsify(type = "string | number")]
    pub to_object_id: ObjectId,
}

impl Operation for RemoveAssociationsParams {
    type Output = NoContent;
    const NAME: &'static str = "removeAssociations";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let record = record_path(
            v,
            ("objectType", &self.object_type),
            ("objectId", &self.object_id),
        )?;
        let path = format!(
            "{record}{}",
            target(
                ("toObjectType", &self.to_object_type),
                ("toObjectId", &self.to_object_id)
            )?
        );
        Ok(RequestSpec::new(Method::Delete, path))
    }
}
