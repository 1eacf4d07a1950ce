//! Association labels (`/crm/associations/{ver}/{from}/{to}/labels`) and the high-usage report.

use super::body::object;
use super::path::ApiVersion;
use super::{pair, NoContent, Operation, RequestSpec};
use crate::error::{Error, Result};
use crate::model::{AssociationSpecWithLabel, CollectionResponse, HighUsageReport};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Params naming an object pair (`listLabels`, `listLimits`, `listTypesV3`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LabelsOfPairParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
}

/// `listLabels`: `GET …/labels`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListLabels(pub LabelsOfPairParams);

impl Operation for ListLabels {
    type Output = CollectionResponse<AssociationSpecWithLabel>;
    const NAME: &'static str = "listLabels";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let path = format!(
            "{}{}/labels",
            v.labels_prefix(),
            pair(&self.0.from_object_type, &self.0.to_object_type)?
        );
        Ok(RequestSpec::new(Method::Get, path))
    }
}

fn non_empty(op: &str, field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid_input(format!(
            "{op}: {field} must not be empty"
        )))
    } else {
        Ok(())
    }
}

/// Params of `createLabel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CreateLabelParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The label shown from the source side.
    pub label: String,
    /// The internal name.
    pub name: String,
    /// The label shown from the target side, for a paired label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse_label: Option<String>,
}

impl Operation for CreateLabelParams {
    type Output = CollectionResponse<AssociationSpecWithLabel>;
    const NAME: &'static str = "createLabel";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        non_empty(Self::NAME, "label", &self.label)?;
        non_empty(Self::NAME, "name", &self.name)?;
        let path = format!(
            "{}{}/labels",
            v.labels_prefix(),
            pair(&self.from_object_type, &self.to_object_type)?
        );
        let body = object([
            ("label", Some(Value::from(self.label.as_str()))),
            ("name", Some(Value::from(self.name.as_str()))),
            (
                "inverseLabel",
                self.inverse_label.as_deref().map(Value::from),
            ),
        ]);
        Ok(RequestSpec::new(Method::Post, path).with_body(body))
    }
}

/// Params of `updateLabel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpdateLabelParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The label's type id.
    pub association_type_id: i32,
    /// The new label.
    pub label: String,
    /// The new inverse label, for a paired label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse_label: Option<String>,
}

impl Operation for UpdateLabelParams {
    type Output = NoContent;
    const NAME: &'static str = "updateLabel";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        non_empty(Self::NAME, "label", &self.label)?;
        let path = format!(
            "{}{}/labels",
            v.labels_prefix(),
            pair(&self.from_object_type, &self.to_object_type)?
        );
        let body = object([
            ("associationTypeId", Some(self.association_type_id.into())),
            ("label", Some(Value::from(self.label.as_str()))),
            (
                "inverseLabel",
                self.inverse_label.as_deref().map(Value::from),
            ),
        ]);
        Ok(RequestSpec::new(Method::Put, path).with_body(body))
    }
}

/// Params of `deleteLabel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DeleteLabelParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The label's type id.
    pub association_type_id: i32,
}

impl Operation for DeleteLabelParams {
    type Output = NoContent;
    const NAME: &'static str = "deleteLabel";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let path = format!(
            "{}{}/labels/{}",
            v.labels_prefix(),
            pair(&self.from_object_type, &self.to_object_type)?,
            self.association_type_id
        );
        Ok(RequestSpec::new(Method::Delete, path))
    }
}

/// Params of `requestHighUsageReport`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HighUsageReportParams {
    /// The HubSpot user to send the report to (int32).
    pub user_id: i32,
}

impl Operation for HighUsageReportParams {
    type Output = HighUsageReport;
    const NAME: &'static str = "requestHighUsageReport";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        if self.user_id <= 0 {
            return Err(Error::invalid_input(format!(
                "requestHighUsageReport: userId must be positive; got {}",
                self.user_id
            )));
        }
        let path = format!(
            "{}/usage/high-usage-report/{}",
            v.associations_prefix(),
            self.user_id
        );
        Ok(RequestSpec::new(Method::Post, path))
    }
}
