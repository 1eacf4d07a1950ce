//! Host services for the client: the caller's `AbortSignal` and `setTimeout`.

use crate::client::Abort;
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The caller's `AbortSignal` as the core's [`Abort`].
pub(crate) struct JsAbort(pub web_sys::AbortSignal);

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
                let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                    "abort", &resolve, &opts,
                );
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

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
