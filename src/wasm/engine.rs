//! `Engine`: the client's one wasm export. js/client.js builds the `HubSpotAssociations` class on
//! it: each method hands over its params as JSON text and gets the answer back as JSON text (one
//! crossing each way), and the HTTP exchange goes through a host object that js/client.js makes
//! around the caller's `fetch` (one crossing per attempt each way).

use super::host::{HostStore, JsAbort, TimerSleep};
use crate::client::dispatch::{self, CLIENT_TS};
use crate::client::plan::{self, Step};
use crate::client::{Client, ClientOptions, Config, NeverAbort, RateLimitOption};
use crate::error::{Error, ErrorKind};
use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use js_sys::Promise;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = CLIENT_TS;

#[wasm_bindgen]
extern "C" {
    /// What js/client.js hands the engine (see `makeHost` there).
    #[wasm_bindgen(typescript_type = "unknown")]
    pub type Host;

    /// Sends one request, given up after `timeout_ms`: resolves with `["{status}\n{name}:{value}\n…\n",
    /// body]`, the body a `Uint8Array` (or the text `"{status}\n{name}:{value}\n…\n\n{body}"`),
    /// rejects with `"aborted"`, `"timeout"` or `"network:{message}"`. Bytes cross into wasm with one
    /// copy, where a string would be re-encoded a character at a time.
    /// `shape` (not 0): the host may read a 2xx answer itself by that shape of js/shapes.js, and
    /// answer with the body `"\u{1}{handle}"` instead (see `JS_READ`).
    #[wasm_bindgen(method)]
    fn send(
        this: &Host,
        method: &str,
        url: &str,
        headers: &str,
        body: Option<String>,
        id: u32,
        timeout_ms: f64,
        shape: u32,
    ) -> Promise;

    /// Aborts the request `id` (its attempt was dropped: timed out, cancelled).
    #[wasm_bindgen(method)]
    fn abort(this: &Host, id: u32);

    /// Passes one event (JSON text) to the caller's `onEvent`.
    #[wasm_bindgen(method)]
    fn event(this: &Host, json: &str);

    /// Calls the caller's `rateLimit.store`: `op` 0 is `reserve(key, {id, limit: a, intervalMs:
    /// b, holdMs: c})`, answered with a promise of the milliseconds to wait as decimal text
    /// (rejected with a message); 1 is `settle(key, {id, intervalMs: a, learned?: {limit: b, intervalMs: c}})`
    /// and 2 is `block(key, a)`, both fire and forget (one import for the three: a smaller wasm).
    #[wasm_bindgen(method)]
    pub(crate) fn store(
        this: &Host,
        op: u32,
        key: &str,
        id: f64,
        a: f64,
        b: f64,
        c: f64,
    ) -> JsValue;
}

/// `step` with its request naming `shape`, if it is one request: the host may then read the answer
/// itself, and the call's result is the handle it gave for a body.
#[inline(never)]
fn js_readable(step: Step<String>, shape: u8) -> Step<String> {
    match step {
        Step::Send(mut specs, next) if specs.len() == 1 => {
            specs[0].shape = shape;
            Step::Send(
                specs,
                Box::new(move |outcomes| match plan::js_read(&outcomes) {
                    Some(handle) => Step::Done(Ok(handle)),
                    None => next(outcomes),
                }),
            )
        }
        other => other,
    }
}

/// The transport: the host's `send`.
pub(crate) struct HostTransport {
    host: Rc<Host>,
    next: Cell<u32>,
}

/// Aborts the host's request when its attempt is dropped before it ends.
struct AbortOnDrop {
    host: Rc<Host>,
    id: u32,
    done: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.done {
            self.host.abort(self.id);
        }
    }
}

impl Transport for HostTransport {
    fn send(&self, r: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        // Without a timeout of the engine's (not used: TIMES_OUT), a day.
        self.send_within(r, 86_400_000)
    }

    /// The host's timer gives the attempt up (one `setTimeout` in JS, not a Rust timer per attempt).
    const TIMES_OUT: bool = true;

    fn send_within(
        &self,
        r: HttpRequest,
        timeout_ms: u64,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let id = self.next.get().wrapping_add(1);
        self.next.set(id);
        let mut headers = String::new();
        for (k, v) in &r.headers {
            headers.push_str(k);
            headers.push(':');
            headers.push_str(v);
            headers.push('\n');
        }
        let promise = self.host.send(
            r.method.as_str(),
            &r.url,
            &headers,
            r.body,
            id,
            timeout_ms as f64,
            r.shape as u32,
        );
        let guard = AbortOnDrop {
            host: self.host.clone(),
            id,
            done: false,
        };
        async move {
            // Moved whole into the future (a closure would capture only the field it writes).
            let mut guard = guard;
            let result = JsFuture::from(promise).await;
            guard.done = true;
            match result {
                Ok(answer) => Ok(match answer.as_string() {
                    Some(text) => parse_answer(text.into_bytes()),
                    // `[head, bytes]`: the body's bytes copied once, straight into their buffer.
                    None => {
                        let parts = js_sys::Array::from(&answer);
                        let mut r =
                            parse_answer(parts.get(0).as_string().unwrap_or_default().into_bytes());
                        r.body = utf8(js_sys::Uint8Array::new(&parts.get(1)).to_vec());
                        r
                    }
                }),
                Err(e) => Err(match e.as_string().as_deref() {
                    Some("aborted") => TransportError::Aborted,
                    Some("timeout") => TransportError::Timeout,
                    Some(m) => {
                        TransportError::Network(m.strip_prefix("network:").unwrap_or(m).to_string())
                    }
                    None => TransportError::Network("fetch rejected".into()),
                }),
            }
        }
    }
}

/// The bytes of `"{status}\n{name}:{value}\n…\n\n{body}"` as a response.
fn parse_answer(mut bytes: Vec<u8>) -> HttpResponse {
    let split = bytes.windows(2).position(|w| w == b"\n\n");
    let body = match split {
        Some(i) => bytes.split_off(i + 2),
        None => Vec::new(),
    };
    let head = String::from_utf8_lossy(&bytes);
    let head = head.trim_end_matches('\n');
    let mut lines = head.split('\n');
    let status = lines.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: utf8(body),
    }
}

/// A body as text. HubSpot answers in UTF-8; anything else is kept, its bad bytes replaced (as a
/// Response's `text()` would).
fn utf8(body: Vec<u8>) -> String {
    String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// An error as the JSON text js/client.js turns into a `HubSpotError`.
fn error_text(e: &Error) -> JsValue {
    JsValue::from_str(&e.json_text())
}

/// The client behind js/client.js's `HubSpotAssociations` (internal).
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    client: Rc<Client<HostTransport, TimerSleep>>,
}

#[wasm_bindgen]
impl Engine {
    /// A client from its options as JSON text (functions taken out: the host does `fetch` and,
    /// with `events`, `onEvent`). Throws the error's JSON text on bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, host: Host, events: bool) -> Result<Engine, JsValue> {
        let parsed: ClientOptions = serde_json::from_str(options)
            .map_err(|e| e.to_string())
            .and_then(|v| crate::endpoints::params::read(&v))
            .map_err(|e| {
                error_text(&Error::invalid_input(format!(
                    "new HubSpotAssociations: {e}"
                )))
            })?;
        // The host holds the store itself; its JSON is `true`.
        let store = matches!(&parsed.rate_limit, Some(RateLimitOption::Settings(s)) if s.store == Some(true));
        let mut config = Config::from_options(parsed).map_err(|e| error_text(&e))?;
        // A batch read's pages go to the JS side as they come (`call`'s `parts`).
        config.stream_pages = true;
        let host = Rc::new(host);
        let transport = HostTransport {
            host: host.clone(),
            next: Cell::new(0),
        };
        let mut client = Client::new(config, transport, TimerSleep);
        if store {
            client = client.with_store(Rc::new(HostStore(host.clone())));
        }
        if events {
            client = client.with_events(move |e| {
                host.event(&e.json_text());
            });
        }
        Ok(Engine {
            client: Rc::new(client),
        })
    }

    /// The API version calls use unless they say otherwise.
    #[wasm_bindgen(getter, js_name = apiVersion)]
    pub fn api_version(&self) -> String {
        self.client.config().api_version.to_string()
    }

    /// Runs the operation `method` with its params as JSON text; resolves with the result as JSON
    /// text, rejects with the error's JSON text. `parts` gets the associations of
    /// `batchRead({allPages})` as they come, every pass's (JSON text `[[result index, [association,
    /// …]], …]`, about 256 KB each), to append to the results of the answer (or of the error's
    /// `partial`) in that order: those results hold none themselves; it must not throw. `shape`
    /// (not 0: the index of the answer's shape in js/shapes.js): the host may read the answer of
    /// a one-request call itself (the request names the shape; see `Host::send`). The glue names
    /// none for `batchRead({allPages})`.
    pub fn call(
        &self,
        method: &str,
        params: &str,
        signal: Option<web_sys::AbortSignal>,
        parts: Option<js_sys::Function>,
        shape: u8,
    ) -> Promise {
        let client = self.client.clone();
        let prepared = dispatch::parse_params(method, params).and_then(|(value, call)| {
            let v = plan::version_of(client.config(), &call).clone();
            // A list through batch read is read by the engine (as a page of that batch).
            let shape = if method == "listAssociations" && v.lists_by_batch_read() {
                0
            } else {
                shape
            };
            match dispatch::plan(method, value, v, client.config()) {
                Some(step) if shape != 0 => Ok((js_readable(step, shape), call)),
                Some(step) => Ok((step, call)),
                None => Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("{method} is not a method of HubSpotAssociations"),
                )),
            }
        });
        let method = method.to_string();
        future_to_promise(async move {
            let (step, call) = prepared.map_err(|e| error_text(&e))?;
            let part = |text: String| {
                if let Some(f) = &parts {
                    let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&text));
                }
            };
            let out = match signal.map(JsAbort) {
                Some(a) => client.drive_parts(&method, step, &call, &a, &part).await,
                None => {
                    client
                        .drive_parts(&method, step, &call, &NeverAbort, &part)
                        .await
                }
            };
            out.map(|text| JsValue::from_str(&text))
                .map_err(|e| error_text(&e))
        })
    }
}
