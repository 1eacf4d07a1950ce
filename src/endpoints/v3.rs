//! The legacy v3 associations API (`/crm/v3/associations/...`), whatever the client's version.

use super::path::{object_type, ApiVersion, V3_PREFIX};
use super::{require_inputs, Operation, RequestSpec};
use crate::error::Result;
use crate::model::{BatchResponse, ObjectRef, ObjectRefInput, V3AssociatedIds};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

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
            .map(|(i, r)| {
                super::path::object_id(&format!("inputs[{i}].id"), &r.id)
                    .map(|_| ObjectRef::from(r))
            })
            .collect::<Result<Vec<_>>>()?;
        let path = format!(
            "{V3_PREFIX}/{}/{}/batch/read",
            object_type("fromObjectType", &self.from_object_type)?,
            object_type("toObjectType", &self.to_object_type)?,
        );
        Ok(RequestSpec::new(Method::Post, path).with_body(json!({ "inputs": inputs })))
    }
}
