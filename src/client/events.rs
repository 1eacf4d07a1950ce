//! What the client tells `onEvent`.

/// One event: a request, a response, a retry, a wait, or a fallback from the shared store to
/// per-process pacing. Never holds the token (URLs carry none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientEvent {
    /// `request` (about to send), `response` (an answer arrived), `retry` (waiting `ms` before
    /// another attempt), `wait` (the rate limiter holds the request for `ms`), `fallback` (the
    /// rate-limit store failed, as `message` says: the client paces in this process alone, and
    /// asks the store again in `ms`).
    #[serde(rename = "type")]
    #[tsify(type = "\"request\" | \"response\" | \"retry\" | \"wait\" | \"fallback\"")]
    pub kind: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The URL.
    pub url: String,
    /// The answer's status (`response`, and `retry` after an answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The attempt number, from 1.
    pub attempt: u32,
    /// Milliseconds: the wait (`retry`, `wait`), the attempt's duration (`response`), or until
    /// the store is asked again (`fallback`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
    /// What happened, in words (`fallback`: why the store failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message: Option<String>,
}
