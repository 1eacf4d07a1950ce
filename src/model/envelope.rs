//! The batch envelope and HubSpot's error shapes.

use super::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// Related links, if any: as HubSpot sent them (documented as a map of names to URLs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string>")]
    pub links: Option<Value>,
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
    #[serde(deserialize_with = "lenient::string")]
    status: String,
    results: Vec<T>,
    #[serde(deserialize_with = "lenient::string")]
    started_at: String,
    #[serde(deserialize_with = "lenient::string")]
    completed_at: String,
    #[serde(deserialize_with = "lenient::opt_string")]
    requested_at: Option<String>,
    #[serde(deserialize_with = "lenient::opt_value")]
    links: Option<Value>,
    #[serde(deserialize_with = "lenient::errors")]
    errors: Option<Vec<StandardError>>,
    #[serde(deserialize_with = "lenient::opt_count")]
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
/// practice, and every field takes whatever JSON HubSpot sent: the text fields keep other JSON as
/// its text, and the detail fields (`context`, `errors`, `links`, `subCategory`) keep it as it came
/// (the seeds show `context` as a string, `"{missingScopes=[scope1, scope2]}"`, where the reference
/// says a map).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", default)]
pub struct StandardError {
    /// Usually `"error"`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub status: Option<String>,
    /// E.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub category: Option<String>,
    /// Human-readable message.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub message: Option<String>,
    /// Machine-readable context: usually a map such as `{ ids: ["12"] }`, sometimes a string.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_value"
    )]
    #[tsify(type = "Record<string, string[]> | string")]
    pub context: Option<Value>,
    /// Details: usually a list of [`ErrorDetail`].
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_value"
    )]
    #[tsify(type = "ErrorDetail[]")]
    pub errors: Option<Value>,
    /// Related links: usually a map of names to URLs.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_value"
    )]
    #[tsify(type = "Record<string, string>")]
    pub links: Option<Value>,
    /// An id for the error, if given.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_string"
    )]
    pub id: Option<String>,
    /// Any JSON (a string on HubSpot's wire, an object in its reference).
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::opt_value"
    )]
    #[tsify(type = "unknown")]
    pub sub_category: Option<Value>,
}

/// One detail of an error body, as HubSpot documents it (the TypeScript of `errors` entries; the
/// client passes the details on as they came).
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
    /// Context: usually a map such as `{ requiredScopes: [...] }`, sometimes a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string[]> | string")]
    pub context: Option<Value>,
}

/// The body of a failed call (every field optional, unknown fields ignored, and every field takes
/// any JSON: a body whose `message` is a number still explains the failure).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    /// Message.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// Correlation id.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub correlation_id: Option<String>,
    /// Category.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    /// Sub-category (any JSON).
    #[serde(deserialize_with = "lenient::opt_value")]
    pub sub_category: Option<Value>,
    /// Context (any JSON; usually a map of string arrays, sometimes a string).
    #[serde(deserialize_with = "lenient::opt_value")]
    pub context: Option<Value>,
    /// Details (any JSON; usually an array).
    #[serde(deserialize_with = "lenient::opt_value")]
    pub errors: Option<Value>,
    /// Rate-limit policy of a 429.
    #[serde(deserialize_with = "lenient::opt_string")]
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
        assert_eq!(err.errors.as_ref().unwrap()[0]["in"], "id");
        assert_eq!(err.sub_category, Some(serde_json::json!({"a":1})));
    }
}
