//! The batch envelope and HubSpot's error shapes.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `{status, results, startedAt, completedAt, errors?, numErrors?}`: the answer of every batch
/// operation. An empty 2xx body (v4's 204) decodes to an empty envelope, so every version family
/// gives the caller the same type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, tsify::Tsify)]
#[serde(
    rename_all = "camelCase",
    from = "RawBatch<T>",
    bound(deserialize = "T: Deserialize<'de>")
)]
pub struct BatchResponse<T> {
    /// `PENDING`, `PROCESSING`, `CANCELED` or `COMPLETE` (unknown values kept).
    pub status: String,
    /// The results HubSpot gave, in its order.
    pub results: Vec<T>,
    /// When HubSpot started the batch (RFC 3339).
    pub started_at: String,
    /// When HubSpot completed the batch (RFC 3339).
    pub completed_at: String,
    /// When the batch was requested, if HubSpot says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<String>,
    /// Related links, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string>")]
    pub links: Option<BTreeMap<String, String>>,
    /// Per-input errors of a partial (207) answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<StandardError>>,
    /// How many inputs failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_errors: Option<u32>,
}

/// The lenient decoding of [`BatchResponse`]: every field may be missing (v4's empty 204 decodes
/// as `{}`). Kept apart so the TypeScript of `BatchResponse` shows the fields callers always get.
#[derive(Deserialize)]
#[serde(
    rename_all = "camelCase",
    default,
    bound(deserialize = "T: Deserialize<'de>")
)]
struct RawBatch<T> {
    status: String,
    results: Vec<T>,
    started_at: String,
    completed_at: String,
    requested_at: Option<String>,
    links: Option<BTreeMap<String, String>>,
    errors: Option<Vec<StandardError>>,
    num_errors: Option<u32>,
}

impl<T> Default for RawBatch<T> {
    fn default() -> Self {
        RawBatch {
            status: String::new(),
            results: Vec::new(),
            started_at: String::new(),
            completed_at: String::new(),
            requested_at: None,
            links: None,
            errors: None,
            num_errors: None,
        }
    }
}

impl<T> Default for BatchResponse<T> {
    fn default() -> Self {
        RawBatch::default().into()
    }
}

impl<T> From<RawBatch<T>> for BatchResponse<T> {
    fn from(r: RawBatch<T>) -> Self {
        BatchResponse {
            status: r.status,
            results: r.results,
            started_at: r.started_at,
            completed_at: r.completed_at,
            requested_at: r.requested_at,
            links: r.links,
            errors: r.errors,
            num_errors: r.num_errors,
        }
    }
}

/// One error inside a batch envelope (HubSpot's `StandardError`). Every field is optional in
/// practice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct StandardError {
    /// Usually `"error"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// E.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Human-readable message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Machine-readable context, e.g. `{ ids: ["12"] }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string[]>")]
    pub context: Option<BTreeMap<String, Vec<String>>>,
    /// Details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorDetail>>,
    /// Related links.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string>")]
    pub links: Option<BTreeMap<String, String>>,
    /// An id for the error, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Any JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub sub_category: Option<Value>,
}

/// One detail of an error body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A code, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Where (a field name), if given.
    #[serde(skip_serializing_if = "Option::is_none", rename = "in")]
    pub in_: Option<String>,
    /// A sub-category, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub sub_category: Option<Value>,
    /// Context, e.g. `{ requiredScopes: [...] }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string[]>")]
    pub context: Option<BTreeMap<String, Vec<String>>>,
}

/// The body of a failed call (every field optional; unknown fields ignored).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    /// Message.
    pub message: Option<String>,
    /// Correlation id.
    pub correlation_id: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Sub-category (any JSON).
    pub sub_category: Option<Value>,
    /// Context (any JSON; usually a map of string arrays).
    pub context: Option<Value>,
    /// Details (any JSON; usually an array).
    pub errors: Option<Value>,
    /// Rate-limit policy of a 429.
    pub policy_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_fields_are_optional() {
        let e: BatchResponse<Value> = serde_json::from_str("{}").unwrap();
        assert!(e.results.is_empty() && e.errors.is_none() && e.num_errors.is_none());
    }

    #[test]
    fn partial_envelope_keeps_errors() {
        let e: BatchResponse<Value> = serde_json::from_str(
            r#"{"status":"COMPLETE","results":[],"startedAt":"a","completedAt":"b","numErrors":1,
               "errors":[{"status":"error","category":"VALIDATION_ERROR","message":"m","context":{"ids":["1"]},
               "errors":[{"message":"x","in":"id"}],"subCategory":{"a":1}}]}"#,
        )
        .unwrap();
        let err = &e.errors.unwrap()[0];
        assert_eq!(err.category.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(err.errors.as_ref().unwrap()[0].in_.as_deref(), Some("id"));
        assert_eq!(err.sub_category, Some(serde_json::json!({"a":1})));
    }
}
