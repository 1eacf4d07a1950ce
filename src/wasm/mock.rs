//! `MockCore`: the emulator for `hubspot-associations/mock`. Requests and answers cross as JSON
//! text; js/mock.js turns them into a `fetch`.

use crate::emulator::{Emulator, Reply};
use crate::transport::{HttpRequest, HttpResponse, Method};
use wasm_bindgen::prelude::*;

/// The emulator behind `createMockHubSpot()` (internal: use `createMockHubSpot`).
#[wasm_bindgen(js_name = MockCore)]
pub struct JsMock {
    emulator: Emulator,
}

fn js_err(message: String) -> JsValue {
    js_sys::Error::new(&message).into()
}

#[wasm_bindgen(js_class = MockCore)]
impl JsMock {
    /// An emulator from its options as JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<JsMock, JsValue> {
        Ok(JsMock {
            emulator: Emulator::from_json(options_json).map_err(js_err)?,
        })
    }

    /// Answers one request: `{status, headers, body, delayMs, drop}` as JSON. The caller waits
    /// `delayMs` before answering, and for `drop` answers nothing (a network failure).
    pub fn handle(
        &mut self,
        method: &str,
        url: &str,
        headers_json: &str,
        body: Option<String>,
        now_ms: f64,
    ) -> String {
        let reply = match Method::parse(method) {
            Some(method) => {
                let headers: Vec<(String, String)> = serde_json::from_str::<std::collections::BTreeMap<String, String>>(headers_json)
                    .map(|m| m.into_iter().collect())
                    .unwrap_or_default();
                let request = HttpRequest { method, url: url.to_string(), headers, body, shape: 0 };
                self.emulator.respond(&request, now_ms as u64)
            }
            None => Reply {
                response: HttpResponse::new(405, r#"{"status":"error","message":"Method not allowed","category":"VALIDATION_ERROR"}"#)
                    .with_header("content-type", "application/json;charset=utf-8"),
                delay_ms: 0,
                drop: false,
            },
        };
        let headers: serde_json::Map<String, serde_json::Value> = reply
            .response
            .headers
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        serde_json::json!({
            "status": reply.response.status,
            "headers": headers,
            "body": reply.response.body,
            "delayMs": reply.delay_ms,
            "drop": reply.drop,
        })
        .to_string()
    }

    /// Changes `rateLimit` and/or `faults` (JSON; see `Emulator::configure`).
    pub fn configure(&mut self, options_json: &str) -> Result<(), JsValue> {
        self.emulator.configure(options_json).map_err(js_err)
    }

    /// The counters as JSON (`Stats`, camelCase).
    pub fn stats(&self) -> String {
        serde_json::to_string(&self.emulator.stats()).unwrap_or_else(|_| "{}".into())
    }

    /// Adds seed data (JSON).
    pub fn seed(&mut self, seed_json: &str) -> Result<(), JsValue> {
        self.emulator.seed_json(seed_json).map_err(js_err)
    }

    /// The request log as JSON.
    pub fn requests(&self) -> String {
        serde_json::to_string(self.emulator.requests()).unwrap_or_else(|_| "[]".into())
    }

    /// The state snapshot as JSON.
    pub fn state(&self) -> String {
        self.emulator.state_json()
    }

    /// Back to the initial state.
    pub fn reset(&mut self) {
        self.emulator.reset();
    }
}
