//! The only JS glue: the exported classes, the `fetch` transport, `setTimeout` sleep, the
//! `AbortSignal` bridge and the `HubSpotError` conversion. Everything else is the pure core.

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
mod fetch;
#[cfg(feature = "client")]
mod host;
#[cfg(feature = "emulator")]
mod mock;

use crate::error::Error;
use js_sys::{Function, Object, Reflect};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// Serializes to plain JS values (objects, not Maps); a top-level unit (204 answers) is `undefined`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let v = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(&Error::new(crate::ErrorKind::Decode, e.to_string())))?;
    Ok(if v.is_null() { JsValue::UNDEFINED } else { v })
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
