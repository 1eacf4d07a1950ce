//! The one error type of the client. The wasm edge turns it into a JS `HubSpotError`.

use crate::model::shape::{normalize, ERROR_BODY};
use serde::Serialize;
use serde_json::Value;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify::Tsify)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// HubSpot (or the backend in between) answered with a non-2xx status other than 429.
    Api,
    /// HubSpot answered 429.
    RateLimited,
    /// No answer: the connection failed or was dropped.
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The call's input cannot be right; nothing was sent.
    InvalidInput,
    /// A 2xx answer whose body is not what the operation returns.
    Decode,
}

impl ErrorKind {
    /// The wire spelling (`rate_limited`…), as its `Serialize` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Decode => "decode",
        }
    }
}

/// A failed call, with everything HubSpot said about it. It never holds the access token: the
/// token only ever goes into the `Authorization` header, and no header is copied here.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct HubSpotError {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// A one-line explanation.
    pub message: String,
    /// The HTTP status, when there was an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// HubSpot's `category`, e.g. `VALIDATION_ERROR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// HubSpot's `subCategory` (any JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown")]
    pub sub_category: Option<Value>,
    /// HubSpot's `correlationId` (body or `X-HubSpot-Correlation-Id` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// The rate-limit policy of a 429 (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    /// `Retry-After`, in milliseconds, when the answer had it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// HubSpot's `errors` details (usually a list of [`crate::model::ErrorDetail`]; kept as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "ErrorDetail[]")]
    pub errors: Option<Value>,
    /// HubSpot's `context`, e.g. `{ INVALID_OBJECT_IDS: [...] }`, or a string such as
    /// `"{missingScopes=[scope1, scope2]}"` (kept as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "Record<string, string[]> | string")]
    pub context: Option<Value>,
    /// How many attempts were made (0 when nothing was sent).
    pub attempts: u32,
    /// The raw response body, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Batch methods: the merged envelope of the chunks that succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "BatchResponse<unknown>")]
    pub partial: Option<Value>,
    /// Batch methods: the inputs of the chunks that failed or were never sent, in input order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "unknown[]")]
    pub failed_inputs: Option<Value>,
}

/// The client's error type under its short name.
pub type Error = HubSpotError;

impl HubSpotError {
    /// The error's JSON text, as its `Serialize` writes it (the wasm edge's): built as a JSON
    /// object, so that the module holds serde_json's value writer alone and not a serialiser of
    /// this type too (a test holds both texts equal).
    pub fn json_text(&self) -> String {
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("kind", Some(Value::from(self.kind.as_str())));
        put("message", Some(Value::from(self.message.as_str())));
        put("status", self.status.map(Value::from));
        put("category", self.category.as_deref().map(Value::from));
        put("subCategory", self.sub_category.clone());
        put(
            "correlationId",
            self.correlation_id.as_deref().map(Value::from),
        );
        put("policyName", self.policy_name.as_deref().map(Value::from));
        put("retryAfterMs", self.retry_after_ms.map(Value::from));
        put("errors", self.errors.clone());
        put("context", self.context.clone());
        put("attempts", Some(Value::from(self.attempts)));
        put("body", self.body.as_deref().map(Value::from));
        put("partial", self.partial.clone());
        put("failedInputs", self.failed_inputs.clone());
        crate::model::json_text(&Value::Object(m))
    }

    /// An error of `kind` with a message and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            category: None,
            sub_category: None,
            correlation_id: None,
            policy_name: None,
            retry_after_ms: None,
            errors: None,
            context: None,
            attempts: 0,
            body: None,
            partial: None,
            failed_inputs: None,
        }
    }

    /// Replaces every occurrence of `secret` (8 characters or more) in the message, the raw body
    /// and the JSON details with `[redacted]`.
    /// The token is never put into an error, but a server or a host could echo it.
    pub fn redact(mut self, secret: &str) -> Self {
        // A very short "token" (tests use "t") would shred ordinary words; real tokens are long.
        if secret.len() >= 8 {
            self.message = crate::text::replace(&self.message, secret, "[redacted]");
            self.body = self
                .body
                .map(|b| crate::text::replace(&b, secret, "[redacted]"));
            for v in [&mut self.context, &mut self.errors, &mut self.sub_category]
                .into_iter()
                .flatten()
            {
                let text = crate::model::json_text(v);
                if crate::text::contains(&text, secret) {
                    *v = serde_json::from_str(&crate::text::replace(&text, secret, "[redacted]"))
                        .unwrap_or(Value::Null);
                }
            }
        }
        self
    }

    /// Input refused before anything was sent.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    /// A non-2xx answer turned into an error: the body is parsed when it is JSON of any content
    /// type, and otherwise summarised (HTML gateway pages give their title).
    pub fn from_response(
        status: u16,
        body: &str,
        correlation_header: Option<&str>,
        retry_after_ms: Option<u64>,
    ) -> Self {
        // Read by its shape (every field lenient), not by a serde derive: see crate::model::shape.
        let parsed = serde_json::from_str::<Value>(body)
            .ok()
            .filter(Value::is_object)
            .and_then(|v| normalize(&ERROR_BODY, Some(&v)).ok().flatten());
        let kind = if status == 429 {
            ErrorKind::RateLimited
        } else {
            ErrorKind::Api
        };
        let mut e = Error::new(kind, String::new());
        e.status = Some(status);
        e.retry_after_ms = retry_after_ms;
        e.body = (!body.is_empty()).then(|| body.to_string());
        let detail = match parsed {
            Some(Value::Object(mut b)) => {
                let mut text = |k: &str| match b.remove(k) {
                    Some(Value::String(s)) => Some(s),
                    _ => None,
                };
                e.category = text("category");
                e.correlation_id = text("correlationId");
                e.policy_name = text("policyName");
                let message = text("message").unwrap_or_default();
                e.sub_category = b.remove("subCategory");
                e.errors = b.remove("errors");
                e.context = b.remove("context");
                message
            }
            Some(_) => String::new(),
            None => summarise_non_json(body),
        };
        if e.correlation_id.is_none() {
            e.correlation_id = correlation_header.map(str::to_string);
        }
        let label = e
            .category
            .as_deref()
            .or(e.policy_name.as_deref())
            .unwrap_or(reason(status));
        e.message = match (detail.is_empty(), &e.correlation_id) {
            (true, _) => format!("HubSpot answered {status} {label}"),
            (false, Some(c)) => {
                format!("HubSpot answered {status} {label}: {detail} (correlationId {c})")
            }
            (false, None) => format!("HubSpot answered {status} {label}: {detail}"),
        };
        e
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        423 => "Locked",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "error",
    }
}

/// A short description of a body that is not JSON: an HTML page's title, else its first line.
fn summarise_non_json(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    if let (Some(a), Some(b)) = (
        crate::text::find(&lower, "<title>"),
        crate::text::find(&lower, "</title>"),
    ) {
        if a + 7 <= b {
            return format!("non-JSON body: {}", body[a + 7..b].trim());
        }
    }
    let first: String = body
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect();
    if first.is_empty() {
        String::new()
    } else {
        format!("non-JSON body: {first}")
    }
}

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    #[test]
    fn json_text_is_what_serde_writes() {
        use crate::ErrorKind::*;
        for kind in [
            Api,
            RateLimited,
            Network,
            Timeout,
            Aborted,
            InvalidInput,
            Decode,
        ] {
            let bare = HubSpotError::new(kind, "m \"q\" \u{2}");
            assert_eq!(bare.json_text(), serde_json::to_string(&bare).unwrap());
        }
        let mut e = HubSpotError::from_response(
            429,
            r#"{"status":"error","message":"slow down","category":"RATE_LIMITS","policyName":"DAILY","subCategory":{"a":[1,2.5]},"errors":[{"message":"x","context":{"ids":["1"]}}],"context":"{missingScopes=[a]}"}"#,
            Some("c-1"),
            Some(1500),
        );
        e.attempts = 3;
        e.partial = Some(serde_json::json!({"results": [], "numErrors": 1}));
        e.failed_inputs = Some(serde_json::json!([{"id": "1"}]));
        assert_eq!(e.json_text(), serde_json::to_string(&e).unwrap());
    }

    use super::*;

    #[test]
    fn validation_error_keeps_context() {
        let e = Error::from_response(
            400,
            r#"{"status":"error","message":"One or more associations are invalid","correlationId":"8db6","context":{"INVALID_OBJECT_IDS":["CONTACT=38374264688 is not valid"]},"category":"VALIDATION_ERROR"}"#,
            None,
            None,
        );
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.category.as_deref(), Some("VALIDATION_ERROR"));
        assert_eq!(
            e.context.unwrap()["INVALID_OBJECT_IDS"][0],
            "CONTACT=38374264688 is not valid"
        );
        assert_eq!(e.message, "HubSpot answered 400 VALIDATION_ERROR: One or more associations are invalid (correlationId 8db6)");
    }

    #[test]
    fn rate_limit_has_policy() {
        let e = Error::from_response(
            429,
            r#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"TEN_SECONDLY_ROLLING"}"#,
            None,
            Some(2000),
        );
        assert_eq!(e.kind, ErrorKind::RateLimited);
        assert_eq!(e.policy_name.as_deref(), Some("TEN_SECONDLY_ROLLING"));
        assert_eq!(e.retry_after_ms, Some(2000));
    }

    #[test]
    fn html_gateway_page_is_summarised() {
        let e = Error::from_response(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            Some("h-1"),
            None,
        );
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.correlation_id.as_deref(), Some("h-1"));
        assert_eq!(
            e.message,
            "HubSpot answered 502 Bad Gateway: non-JSON body: 502 Bad Gateway (correlationId h-1)"
        );
        assert!(e.body.unwrap().contains("nginx"));
    }

    #[test]
    fn empty_and_partial_bodies_still_explain() {
        let e = Error::from_response(503, "", None, None);
        assert_eq!(e.message, "HubSpot answered 503 Service Unavailable");
        let e = Error::from_response(500, r#"{"message":"internal error"}"#, None, None);
        assert_eq!(
            e.message,
            "HubSpot answered 500 Internal Server Error: internal error"
        );
    }
}
