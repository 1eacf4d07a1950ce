//! The wasm transport. With no `fetch` option it sends through gloo-net (which calls the global
//! `fetch` with a `Request`); with one, it calls that function as `(url, init)` and reads any
//! Response-like answer, because injected fetches (a mock's, hubspot.fetch adapters) are not
//! always real `fetch`es and cannot take a `Request` object.

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// Sends requests through the global fetch (gloo-net) or an injected one.
pub(crate) struct FetchTransport {
    /// The injected `fetch`, if the options gave one.
    pub fetch: Option<Function>,
}

/// Aborts the underlying fetch when the attempt is dropped (timeout, cancellation, or done).
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
    }
}

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let fetch = self.fetch.clone();
        async move {
            // Some sandboxes have no AbortController; the request then simply runs to its end.
            let mut guard = AbortOnDrop(AbortController::new().ok());
            let signal = guard.0.as_ref().map(|c| c.signal());
            let result = match fetch {
                Some(f) => send_injected(&f, request, signal.as_ref()).await,
                None => send_global(request, signal.as_ref()).await,
            };
            // The exchange is complete: nothing is left to abort.
            guard.0 = None;
            result
        }
    }
}

async fn send_global(
    r: HttpRequest,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<HttpResponse, TransportError> {
    use gloo_net::http::{Method, RequestBuilder};
    let method = match r.method {
        crate::transport::Method::Get => Method::GET,
        crate::transport::Method::Post => Method::POST,
        crate::transport::Method::Put => Method::PUT,
        crate::transport::Method::Delete => Method::DELETE,
    };
    let mut b = RequestBuilder::new(&r.url)
        .method(method)
        .abort_signal(signal);
    for (k, v) in &r.headers {
        b = b.header(k, v);
    }
    let req = match r.body {
        Some(body) => b.body(body),
        None => b.build(),
    }
    .map_err(|e| TransportError::Network(e.to_string()))?;
    let res = req
        .send()
        .await
        .map_err(|e| TransportError::Network(e.to_string()))?;
    let headers = res.headers().entries().collect();
    let body = res
        .text()
        .await
        .map_err(|e| TransportError::Network(e.to_string()))?;
    Ok(HttpResponse {
        status: res.status(),
        headers,
        body,
    })
}

async fn send_injected(
    fetch: &Function,
    r: HttpRequest,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<HttpResponse, TransportError> {
    let init = Object::new();
    let headers = Object::new();
    for (k, v) in &r.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    set(&init, "method", &JsValue::from_str(r.method.as_str()));
    set(&init, "headers", &headers);
    if let Some(body) = &r.body {
        set(&init, "body", &JsValue::from_str(body));
    }
    if let Some(s) = signal {
        set(&init, "signal", s);
    }
    // An explicit `this`: a detached `window.fetch` throws "Illegal invocation" otherwise.
    let returned = fetch
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&r.url), &init)
        .map_err(js_failure)?;
    let response = JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(js_failure)?;
    let status = Reflect::get(&response, &"status".into())
        .ok()
        .and_then(|s| s.as_f64())
        .unwrap_or(0.0) as u16;
    if status == 0 {
        return Err(TransportError::Network(
            "fetch answered something without a numeric status".into(),
        ));
    }
    Ok(HttpResponse {
        status,
        headers: read_headers(&response),
        body: read_body(&response).await?,
    })
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Headers from a `Headers`-like object (with `forEach`) or a plain object; none if absent.
fn read_headers(response: &JsValue) -> Vec<(String, String)> {
    let Ok(h) = Reflect::get(response, &"headers".into()) else {
        return Vec::new();
    };
    if !h.is_object() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(for_each) = Reflect::get(&h, &"forEach".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let collected = js_sys::Array::new();
        let push = Closure::<dyn FnMut(JsValue, JsValue)>::new({
            let collected = collected.clone();
            move |value: JsValue, key: JsValue| {
                collected.push(&js_sys::Array::of2(&key, &value));
            }
        });
        let _ = for_each.call1(&h, push.as_ref());
        for pair in collected.iter() {
            let pair: js_sys::Array = pair.unchecked_into();
            out.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    } else {
        for entry in Object::entries(h.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

/// The body through `text()`, else `json()` (re-serialized), else empty.
async fn read_body(response: &JsValue) -> Result<String, TransportError> {
    for (method, is_json) in [("text", false), ("json", true)] {
        if let Some(f) = Reflect::get(response, &method.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            let p = f.call0(response).map_err(js_failure)?;
            let v = JsFuture::from(Promise::resolve(&p))
                .await
                .map_err(js_failure)?;
            return Ok(if is_json {
                js_sys::JSON::stringify(&v)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default()
            } else {
                v.as_string().unwrap_or_default()
            });
        }
    }
    Ok(String::new())
}

/// A rejection of the host's fetch: an `AbortError` is a cancellation, anything else a network
/// failure described by its message (and its `cause`, where Node puts the real reason).
fn js_failure(e: JsValue) -> TransportError {
    let name = Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if name == "AbortError" {
        return TransportError::Aborted;
    }
    if name == "TimeoutError" {
        return TransportError::Timeout;
    }
    let mut msg = Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|v| v.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch rejected".into());
    if let Ok(cause) = Reflect::get(&e, &"cause".into()) {
        if let Some(c) = Reflect::get(&cause, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
        {
            msg = format!("{msg} ({c})");
        }
    }
    TransportError::Network(msg)
}
