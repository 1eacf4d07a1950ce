//! Record-level association operations (`/crm/objects/{ver}/...` and `/crm/v4/objects/...`).

use super::path::{object_id, object_type, ApiVersion};
use super::{Operation, RequestSpec};
use crate::error::Result;
use crate::model::{BatchResponse, DefaultAssociation, ObjectId};
use crate::transport::Method;
use serde::{Deserialize, Serialize};

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
        let path = format!(
            "{}/{}/{}/associations/default/{}/{}",
            v.objects_prefix(),
            object_type("fromObjectType", &self.from_object_type)?,
            object_id("fromObjectId", &self.from_object_id)?,
            object_type("toObjectType", &self.to_object_type)?,
            object_id("toObjectId", &self.to_object_id)?,
        );
        Ok(RequestSpec::new(Method::Put, path))
    }
}
