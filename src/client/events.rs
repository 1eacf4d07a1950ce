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

impl ClientEvent {
    /// The event's JSON text, as its `Serialize` writes it (the wasm edge's): built as a JSON
    /// object, so that the module holds serde_json's value writer alone (a test holds both texts
    /// equal).
    pub fn json_text(&self) -> String {
        use serde_json::Value;
        let mut m = serde_json::Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("type", Some(Value::from(self.kind)));
        put("method", Some(Value::from(self.method)));
        put("url", Some(Value::from(self.url.as_str())));
        put("status", self.status.map(Value::from));
        put("attempt", Some(Value::from(self.attempt)));
        put("ms", self.ms.map(Value::from));
        put("message", self.message.as_deref().map(Value::from));
        crate::model::json_text(&Value::Object(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_is_what_serde_writes() {
        let mut e = ClientEvent {
            kind: "response",
            method: "PUT",
            url: "https://api.hubapi.com/x?a=\"b\"".into(),
            status: Some(429),
            attempt: 2,
            ms: Some(u64::MAX),
            message: Some("line\nbreak \u{1}".into()),
        };
        assert_eq!(e.json_text(), serde_json::to_string(&e).unwrap());
        (e.status, e.ms, e.message) = (None, None, None);
        assert_eq!(e.json_text(), serde_json::to_string(&e).unwrap());
    }
}
