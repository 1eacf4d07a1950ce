//! What the client tells `onEvent`.

/// One event: a request, a response, a retry or a wait. Never holds the token (URLs carry none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientEvent {
    /// `request` (about to send), `response` (an answer arrived), `retry` (waiting `ms` before
    /// another attempt), `wait` (the rate limiter holds the request for `ms`).
    #[serde(rename = "type")]
    #[tsify(type = "\"request\" | \"response\" | \"retry\" | \"wait\"")]
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
    /// Milliseconds: the wait (`retry`, `wait`) or the attempt's duration (`response`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}
