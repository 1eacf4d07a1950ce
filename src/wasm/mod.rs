//! The only JS glue: the exported classes, the `fetch` transport, `setTimeout` sleep, the
//! `AbortSignal` bridge and the `HubSpotError` conversion. Everything else is the pure core.

#[cfg(feature = "client")]
mod client;
mod fetch;
#[cfg(feature = "emulator")]
mod mock;

use crate::client::Abort;
use crate::error::Error;
use serde::Serialize;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(typescript_custom_section)]
const TS_MODEL_EXTRA: &'static str = crate::model::TS_EXTRA;

#[wasm_bindgen(typescript_custom_section)]
const TS_HOST: &'static str = r#"
/** What the client needs of a response: a status, and the body through `text()` (or `json()`). Headers are optional (hubspot.fetch hides them). */
export interface ResponseLike {
  status: number;
  headers?: { forEach(callback: (value: string, key: string) => void): void } | Record<string, string>;
  text?(): Promise<string>;
  json?(): Promise<unknown>;
}
/** The request the client hands to `fetch`: `body` is JSON text. */
export interface FetchInit {
  method: "GET" | "POST" | "PUT" | "DELETE";
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
/** Any fetch-like function: `globalThis.fetch`, a mock's `fetch`, or an adapter such as hubspot.fetch's. */
export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike> | ResponseLike;
"#;

thread_local! {
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Registers the package's `HubSpotError` class; every entry calls this once after loading.
#[wasm_bindgen(js_name = __setErrorClass, skip_typescript)]
pub fn set_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// Serializes to plain JS values (objects, not Maps).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(&Error::new(crate::ErrorKind::Decode, e.to_string())))
}

/// A `HubSpotError` (or, before registration, a plain `Error` with the same fields).
pub(crate) fn to_js_error(e: &Error) -> JsValue {
    let fields = e
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| Object::new().into());
    let message = JsValue::from_str(&e.message);
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        if let Ok(err) = Reflect::construct(&class, &js_sys::Array::of2(&message, &fields)) {
            return err;
        }
    }
    let err = js_sys::Error::new(&e.message);
    err.set_name("HubSpotError");
    Object::assign(&err, fields.unchecked_ref());
    err.into()
}

/// The caller's `AbortSignal` as the core's [`Abort`].
pub(crate) struct JsAbort(pub web_sys::AbortSignal);

impl JsAbort {
    /// The `signal` of a params object, if it has one that looks like an `AbortSignal`.
    pub fn from_params(params: &JsValue) -> Option<JsAbort> {
        let s = Reflect::get(params, &"signal".into()).ok()?;
        let is_signal = s.is_object() && Reflect::get(&s, &"aborted".into()).map(|a| a.as_bool().is_some()).unwrap_or(false);
        is_signal.then(|| JsAbort(s.unchecked_into()))
    }
}

impl Abort for JsAbort {
    fn is_aborted(&self) -> bool {
        self.0.aborted()
    }

    fn aborted(&self) -> Pin<Box<dyn Future<Output = ()> + '_>> {
        let signal = self.0.clone();
        let promise = Promise::new(&mut |resolve, _reject| {
            if signal.aborted() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            } else {
                let opts = web_sys::AddEventListenerOptions::new();
                opts.set_once(true);
                let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &resolve, &opts);
            }
        });
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
        })
    }
}

/// `setTimeout` as the core's sleeper; dropping the future clears the timer, so a finished call
/// never keeps Node alive.
pub(crate) struct TimerSleep;

impl crate::transport::Sleep for TimerSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        gloo_timers::future::TimeoutFuture::new(ms.min(i32::MAX as u64) as u32)
    }
}
