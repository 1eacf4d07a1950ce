//! Association limit configurations (`definitions/configurations`).

use super::path::{object_type, ApiVersion};
use super::{require_inputs, Operation, RequestSpec};
use crate::error::Result;
use crate::model::{BatchResponse, LimitConfig, LimitInput};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Params of `createLimits` and `updateLimits`: limit configurations for one object pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LimitsParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// One input per association type to limit.
    pub inputs: Vec<LimitInput>,
}

/// `createLimits`: `POST …/definitions/configurations/{from}/{to}/batch/create`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateLimits(pub LimitsParams);

/// `updateLimits`: `POST …/definitions/configurations/{from}/{to}/batch/update`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateLimits(pub LimitsParams);

impl LimitsParams {
    fn describe(&self, op: &str, action: &str, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(op, &self.inputs)?;
        let path = format!(
            "{}/{}/{}/batch/{action}",
            v.configurations_prefix(),
            object_type("fromObjectType", &self.from_object_type)?,
            object_type("toObjectType", &self.to_object_type)?,
        );
        Ok(RequestSpec::new(Method::Post, path).with_body(json!({ "inputs": self.inputs })))
    }
}

impl Operation for CreateLimits {
    type Output = BatchResponse<LimitConfig>;
    const NAME: &'static str = "createLimits";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        self.0.describe(Self::NAME, "create", v)
    }
}

impl Operation for UpdateLimits {
    type Output = BatchResponse<LimitConfig>;
    const NAME: &'static str = "updateLimits";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        self.0.describe(Self::NAME, "update", v)
    }
}
