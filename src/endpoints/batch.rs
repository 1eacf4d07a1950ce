//! Batch association operations (`/crm/associations/{ver}/{from}/{to}/batch/...`).

use super::body::inputs;
use super::path::{bad_id, input_id, ApiVersion};
use super::{batch_post, require_inputs, Operation, RequestSpec};
use crate::error::Result;
use crate::model::{
    AssociationSpec, BatchReadResult, BatchResponse, DefaultAssociation, LabelsBetweenObjectPair,
    ObjectRefInput,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most inputs HubSpot takes in one batch read.
pub const MAX_READ_INPUTS: usize = 1000;

/// One input of batch read: a record, and the cursor of its next page when following paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
pub struct BatchReadInput {
    /// The record id.
    #[tsify(type = "string | number")]
    pub id: crate::model::ObjectId,
    /// The record's own paging cursor (`paging.next.after` of its previous result).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Params of `batchRead`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchReadParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The records to read.
    pub inputs: Vec<BatchReadInput>,
    /// Follow each input's paging until all its associations are read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_pages: Option<bool>,
}

/// The `batchRead` operation (one request; the engine chunks and follows paging).
pub type BatchRead = BatchReadParams;

impl Operation for BatchReadParams {
    type Output = BatchResponse<BatchReadResult>;
    const NAME: &'static str = "batchRead";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(Self::NAME, &self.inputs)?;
        for (i, input) in self.inputs.iter().enumerate() {
            input_id(&input.id, i, ".id")?;
        }
        batch_post(
            &v.associations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            "read",
            inputs(&self.inputs),
        )
    }
}

/// One input of batch create and batch archive labels: two records and the types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
pub struct BatchCreateInput {
    /// Source record.
    pub from: ObjectRefInput,
    /// Target record.
    pub to: ObjectRefInput,
    /// Types to add (create) or remove (archive labels).
    pub types: Vec<AssociationSpec>,
}

/// Params of `batchCreate` and `batchArchiveLabels`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchCreateParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The pairs.
    pub inputs: Vec<BatchCreateInput>,
}

/// `batchCreate`: `POST …/batch/create`.
pub type BatchCreate = BatchCreateParams;

/// `batchArchiveLabels`: `POST …/batch/labels/archive`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchArchiveLabels(pub BatchCreateParams);

fn check_pairs<'a>(
    inputs: impl Iterator<Item = (&'a ObjectRefInput, &'a ObjectRefInput)>,
) -> Result<()> {
    for (i, (from, to)) in inputs.enumerate() {
        input_id(&from.id, i, ".from.id")?;
        input_id(&to.id, i, ".to.id")?;
    }
    Ok(())
}

impl BatchCreateParams {
    fn describe(&self, op: &str, action: &str, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(op, &self.inputs)?;
        check_pairs(self.inputs.iter().map(|i| (&i.from, &i.to)))?;
        if let Some(i) = self.inputs.iter().position(|i| i.types.is_empty()) {
            return Err(crate::Error::invalid_input(format!(
                "{op}: inputs[{i}].types must not be empty"
            )));
        }
        batch_post(
            &v.associations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            action,
            inputs(&self.inputs),
        )
    }
}

impl Operation for BatchCreateParams {
    type Output = BatchResponse<LabelsBetweenObjectPair>;
    const NAME: &'static str = "batchCreate";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        self.describe(Self::NAME, "create", v)
    }
}

impl Operation for BatchArchiveLabels {
    type Output = BatchResponse<Value>;
    const NAME: &'static str = "batchArchiveLabels";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        self.0.describe(Self::NAME, "labels/archive", v)
    }
}

/// One input of batch create default: two records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
pub struct DefaultPairInput {
    /// Source record.
    pub from: ObjectRefInput,
    /// Target record.
    pub to: ObjectRefInput,
}

/// Params of `batchCreateDefault`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchCreateDefaultParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The pairs.
    pub inputs: Vec<DefaultPairInput>,
}

/// `batchCreateDefault`: `POST …/batch/associate/default`.
pub type BatchCreateDefault = BatchCreateDefaultParams;

impl Operation for BatchCreateDefaultParams {
    type Output = BatchResponse<DefaultAssociation>;
    const NAME: &'static str = "batchCreateDefault";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(Self::NAME, &self.inputs)?;
        check_pairs(self.inputs.iter().map(|i| (&i.from, &i.to)))?;
        batch_post(
            &v.associations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            "associate/default",
            inputs(&self.inputs),
        )
    }
}

/// One input of batch archive: a record and the records to unlink from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, tsify::Tsify)]
pub struct BatchArchiveInput {
    /// Source record.
    pub from: ObjectRefInput,
    /// Target records.
    pub to: Vec<ObjectRefInput>,
}

/// Params of `batchArchive`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchArchiveParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The records and what to unlink.
    pub inputs: Vec<BatchArchiveInput>,
}

/// `batchArchive`: `POST …/batch/archive`.
pub type BatchArchive = BatchArchiveParams;

impl Operation for BatchArchiveParams {
    type Output = BatchResponse<Value>;
    const NAME: &'static str = "batchArchive";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(Self::NAME, &self.inputs)?;
        for (i, input) in self.inputs.iter().enumerate() {
            input_id(&input.from.id, i, ".from.id")?;
            if input.to.is_empty() {
                return Err(crate::Error::invalid_input(format!(
                    "batchArchive: inputs[{i}].to must not be empty"
                )));
            }
            for (j, to) in input.to.iter().enumerate() {
                if !to.id.is_valid() {
                    return Err(bad_id(&format!("inputs[{i}].to[{j}].id"), &to.id));
                }
            }
        }
        batch_post(
            &v.associations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            "archive",
            inputs(&self.inputs),
        )
    }
}
