//! The legacy v3 associations API (`/crm/v3/associations/...`), whatever the client's version.

use super::body::{self, inputs};
use super::labels::LabelsOfPairParams;
use super::path::{ApiVersion, V3_PREFIX};
use super::{batch_post, pair, require_inputs, Operation, RequestSpec};
use crate::error::{Error, Result};
use crate::model::{
    BatchResponse, CollectionResponse, ObjectRef, ObjectRefInput, V3AssociatedIds, V3Association,
    V3AssociationInput, V3AssociationType,
};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Params of `batchReadV3`: the associations of each input record (v3 cannot page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchReadV3Params {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The records to read, `{id}` each.
    pub inputs: Vec<ObjectRefInput>,
}

impl Operation for BatchReadV3Params {
    type Output = BatchResponse<V3AssociatedIds>;
    const NAME: &'static str = "batchReadV3";

    fn describe(&self, _v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(Self::NAME, &self.inputs)?;
        let inputs = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, r)| super::path::input_id(&r.id, i, ".id").map(|_| ObjectRef::from(r)))
            .collect::<Result<Vec<_>>>()?;
        batch_post(
            V3_PREFIX,
            &self.from_object_type,
            &self.to_object_type,
            "read",
            body::inputs(&inputs),
        )
    }
}

/// Params of `batchCreateV3` and `batchArchiveV3`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct V3WriteParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The pairs, each with a v3 type name.
    pub inputs: Vec<V3AssociationInput>,
}

impl V3WriteParams {
    fn describe(&self, op: &str, action: &str) -> Result<RequestSpec> {
        require_inputs(op, &self.inputs)?;
        for (i, input) in self.inputs.iter().enumerate() {
            super::path::input_id(&input.from.id, i, ".from.id")?;
            super::path::input_id(&input.to.id, i, ".to.id")?;
            if input.type_.trim().is_empty() {
                return Err(Error::invalid_input(format!(
                    "{op}: inputs[{i}].type must not be empty"
                )));
            }
        }
        batch_post(
            V3_PREFIX,
            &self.from_object_type,
            &self.to_object_type,
            action,
            inputs(&self.inputs),
        )
    }
}

/// `batchCreateV3`: `POST /crm/v3/associations/{from}/{to}/batch/create`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchCreateV3(pub V3WriteParams);

impl Operation for BatchCreateV3 {
    type Output = BatchResponse<V3Association>;
    const NAME: &'static str = "batchCreateV3";

    fn describe(&self, _v: &ApiVersion) -> Result<RequestSpec> {
        self.0.describe(Self::NAME, "create")
    }
}

/// `batchArchiveV3`: `POST /crm/v3/associations/{from}/{to}/batch/archive` (204).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchArchiveV3(pub V3WriteParams);

impl Operation for BatchArchiveV3 {
    type Output = BatchResponse<Value>;
    const NAME: &'static str = "batchArchiveV3";

    fn describe(&self, _v: &ApiVersion) -> Result<RequestSpec> {
        self.0.describe(Self::NAME, "archive")
    }
}

/// `listTypesV3`: `GET /crm/v3/associations/{from}/{to}/types`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTypesV3(pub LabelsOfPairParams);

impl Operation for ListTypesV3 {
    type Output = CollectionResponse<V3AssociationType>;
    const NAME: &'static str = "listTypesV3";

    fn describe(&self, _v: &ApiVersion) -> Result<RequestSpec> {
        let path = format!(
            "{V3_PREFIX}{}/types",
            pair(&self.0.from_object_type, &self.0.to_object_type)?
        );
        Ok(RequestSpec::new(Method::Get, path))
    }
}
