//! Record-level association operations (`/crm/objects/{ver}/...` and `/crm/v4/objects/...`).

use super::body::{inputs, ToJson};
use super::path::{object_id, object_type, ApiVersion};
use super::{NoContent, Operation, RequestSpec};
use crate::error::{Error, Result};
use crate::model::{
    AssociationSpec, AssociationsPage, BatchResponse, DefaultAssociation, LabelsBetweenObjectPair,
    ObjectId,
};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
        Ok(RequestSpec::new(Method::Put, path).with_body(self.types.to_json()))
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
        if self.after.as_deref() == Some("") {
            return Err(Error::invalid_input(
                "listAssociations: after must not be empty",
            ));
        }
        if let Some(limit) = self.limit.filter(|l| !(1..=MAX_LIST_LIMIT).contains(l)) {
            return Err(Error::invalid_input(format!(
                "listAssociations: limit must be 1 to {MAX_LIST_LIMIT}; got {limit}"
            )));
        }
        if v.lists_by_batch_read() {
            // Batch read of this one record, from `after`; it has no page size, so `limit`
            // (checked above) is not sent.
            let path = format!(
                "{}{}/batch/read",
                v.associations_prefix(),
                super::pair(&self.object_type, &self.to_object_type)?
            );
            let input = super::BatchReadInput {
                id: self.object_id.clone(),
                after: self.after.clone(),
            };
            return Ok(RequestSpec::new(Method::Post, path).with_body(inputs(&[input])));
        }
        let mut spec = RequestSpec::new(Method::Get, path);
        if let Some(after) = &self.after {
            spec.query.push(("after".into(), after.clone()));
        }
        if let Some(limit) = self.limit {
            spec.query.push(("limit".into(), limit.to_string()));
        }
        Ok(spec)
    }

    fn decode_text(&self, v: &ApiVersion, body: &str) -> Result<String> {
        use crate::model::shape::Shaped;
        if !v.lists_by_batch_read() {
            return super::decode_shape(body, AssociationsPage::shape());
        }
        page_of_record(self.object_id.as_str(), body)
    }
}

/// The page of the record `id` in a 2xx batch read answer (`listAssociations` from `2026-09`).
pub(crate) fn page_of_record(id: &str, body: &str) -> Result<String> {
    let (env, items) =
        crate::model::stream::read_batch_read(body).map_err(|e| super::undecodable(e, body))?;
    page_of_batch_read(id, env, items, body)
}

/// The page of one record's associations inside a (normalised) batch read answer. A record with
/// no associations is an empty page (HubSpot reports it as a per-input `NO_ASSOCIATIONS_FOUND`
/// error); any other per-input error (the record does not exist) is the call's error, as the
/// per-record GET list would fail.
fn page_of_batch_read(
    id: &str,
    mut env: crate::model::stream::Envelope,
    items: Vec<crate::model::stream::ReadItem>,
    body: &str,
) -> Result<String> {
    if let Some(r) = items.into_iter().find(|r| r.id == id) {
        let mut out = Vec::with_capacity(r.to.len() + 64);
        out.extend_from_slice(b"{\"results\":[");
        out.extend_from_slice(&r.to);
        out.push(b']');
        if let Some(p) = &r.paging {
            out.extend_from_slice(b",\"paging\":");
            let _ = serde_json::to_writer(&mut out, p);
        }
        out.push(b'}');
        return Ok(String::from_utf8(out).unwrap_or_default());
    }
    let errors = match env.meta.remove("errors") {
        Some(Value::Array(errors)) => errors,
        _ => Vec::new(),
    };
    let failure = errors.into_iter().find(|e| {
        let sub = e
            .get("subCategory")
            .map(crate::model::json_text)
            .unwrap_or_default();
        !crate::text::contains(&sub, "NO_ASSOCIATIONS")
    });
    let Some(mut f) = failure else {
        return Ok("{\"results\":[]}".into());
    };
    let category = f
        .get("category")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut e = Error::new(
        crate::ErrorKind::Api,
        format!(
            "HubSpot answered {}: {}",
            category.as_deref().unwrap_or("error"),
            f.get("message")
                .and_then(Value::as_str)
                .unwrap_or("the record could not be read")
        ),
    );
    e.category = category;
    let mut take = |k: &str| f.as_object_mut().and_then(|m| m.remove(k));
    e.sub_category = take("subCategory");
    e.context = take("context");
    e.errors = take("errors");
    e.body = Some(body.to_string());
    Err(e)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Result<AssociationsPage> {
        let p = ListAssociationsParams {
            object_type: "contacts".into(),
            object_id: "7".into(),
            to_object_type: "companies".into(),
            after: None,
            limit: None,
        };
        p.decode_for(&ApiVersion::parse("2026-09").unwrap(), body)
    }

    #[test]
    fn a_batch_read_answer_becomes_the_records_page() {
        let p = page(r#"{"status":"COMPLETE","results":[{"from":{"id":"7"},"to":[{"toObjectId":9,"associationTypes":[]}],"paging":{"next":{"after":"9"}}}]}"#).unwrap();
        assert_eq!(p.results[0].to_object_id.as_str(), "9");
        assert_eq!(p.paging.unwrap().next.unwrap().after, "9");
        let none = r#"{"status":"COMPLETE","results":[],"errors":[{"category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND","message":"none"}]}"#;
        assert_eq!(page(none).unwrap(), AssociationsPage::default());
        let missing = r#"{"status":"COMPLETE","results":[],"errors":[{"category":"OBJECT_NOT_FOUND","message":"Object not found","context":{"ids":["7"]}}]}"#;
        let e = page(missing).unwrap_err();
        assert_eq!(
            (e.kind, e.category.as_deref()),
            (crate::ErrorKind::Api, Some("OBJECT_NOT_FOUND"))
        );
        assert_eq!(e.body.as_deref(), Some(missing));
    }
}
