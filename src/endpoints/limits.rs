//! Association limit configurations (`definitions/configurations`).

use super::body::inputs;
use super::labels::LabelsOfPairParams;
use super::path::ApiVersion;
use super::{batch_post, pair, require_inputs, Operation, RequestSpec};
use crate::error::Result;
use crate::model::{BatchResponse, CollectionResponse, LimitConfig, LimitInput, LimitPurgeInput};
use crate::transport::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
        batch_post(
            &v.configurations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            action,
            inputs(&self.inputs),
        )
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

/// Params of `listAllLimits` (none besides the per-call options).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct ListAllLimitsParams {}

impl Operation for ListAllLimitsParams {
    type Output = CollectionResponse<LimitConfig>;
    const NAME: &'static str = "listAllLimits";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        Ok(RequestSpec::new(
            Method::Get,
            format!("{}/all", v.configurations_prefix()),
        ))
    }
}

/// `listLimits`: `GET …/definitions/configurations/{from}/{to}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListLimits(pub LabelsOfPairParams);

impl Operation for ListLimits {
    type Output = CollectionResponse<LimitConfig>;
    const NAME: &'static str = "listLimits";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        let path = format!(
            "{}{}",
            v.configurations_prefix(),
            pair(&self.0.from_object_type, &self.0.to_object_type)?
        );
        Ok(RequestSpec::new(Method::Get, path))
    }
}

/// Params of `purgeLimits`: the limit configurations to remove.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PurgeLimitsParams {
    /// Source object type.
    pub from_object_type: String,
    /// Target object type.
    pub to_object_type: String,
    /// The configurations to remove.
    pub inputs: Vec<LimitPurgeInput>,
}

impl Operation for PurgeLimitsParams {
    type Output = BatchResponse<Value>;
    const NAME: &'static str = "purgeLimits";

    fn describe(&self, v: &ApiVersion) -> Result<RequestSpec> {
        require_inputs(Self::NAME, &self.inputs)?;
        batch_post(
            &v.configurations_prefix(),
            &self.from_object_type,
            &self.to_object_type,
            "purge",
            inputs(&self.inputs),
        )
    }
}
