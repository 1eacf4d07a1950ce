//! Host services for the client: the caller's `AbortSignal`, `setTimeout`, and the rate-limit
//! store the caller gave (`rateLimit.store`, called through the host object).

use super::engine::Host;
use crate::client::Abort;
use crate::limiter::Window;
use crate::shared::{RateLimitStore, Reservation};
use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(typescript_custom_section)]
const TS_STORE: &'static str = r#"
/**
 * A rate-limit store shared by processes (`rateLimit.store`), such as `createRedisStore` of
 * `hubspot-associations/redis`. Every client of a token, in every process, reserves each request
 * there, under `key` (the client's 128-bit digest of the base URL and the token, 32 hex digits:
 * never the token; a store that keeps keys outside the process should hash it again, as the Redis
 * store does with SHA-256). A slot is
 * held from the send until one window after the answer. `reserve` must be atomic and should use
 * one clock for everyone (the store's); what the store keeps should expire. If a call rejects or
 * `reserve` does not answer within the attempt's timeout, the client paces in its process alone,
 * emits a `fallback` event, and asks the store again 10 s later.
 */
export interface RateLimitStore {
  /**
   * Takes a slot for request `id` (unique across processes) if fewer than `limit` requests of
   * `key` hold one; held as in flight for `holdMs` at most, then one window of `intervalMs`.
   * `limit` 0: the client does not know the allowance yet (use the one `settle` last shared, or
   * take the slot without pacing). Resolves with 0 (taken) or the milliseconds to wait before
   * asking again (also while `block` holds everyone).
   */
  reserve(key: string, slot: { id: string; limit: number; intervalMs: number; holdMs: number }): Promise<number>;
  /**
   * Request `id` was answered (or failed) now: hold its slot one window of `intervalMs` (0: the
   * learned one, else 10 s). `learned`: the allowance HubSpot's headers announced, already reduced
   * to the share the client uses, for the other processes.
   */
  settle(key: string, slot: { id: string; intervalMs: number; learned?: { limit: number; intervalMs: number } }): Promise<void> | void;
  /** Holds every request of `key` in every process for `ms` (after a 429 or `Remaining: 0`). */
  block(key: string, ms: number): Promise<void> | void;
}
"#;

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

/// The caller's `rateLimit.store`, through the host object.
pub(crate) struct HostStore(pub Rc<Host>);

impl RateLimitStore for HostStore {
    fn reserve(&self, key: &str, id: u64, limit: u32, interval: u64, hold: u64) -> Reservation<'_> {
        let asked = self.0.store(
            0,
            key,
            id as f64,
            limit as f64,
            interval as f64,
            hold as f64,
        );
        Box::pin(Reserving(JsFuture::from(asked.unchecked_into::<Promise>())))
    }

    fn settle(&self, key: &str, id: u64, interval: u64, learned: Option<Window>) {
        let (limit, every) = learned.map_or((0, 0), |w| (w.max, w.interval_ms));
        self.0.store(
            1,
            key,
            id as f64,
            interval as f64,
            limit as f64,
            every as f64,
        );
    }

    fn block(&self, key: &str, ms: u64) {
        self.0.store(2, key, 0.0, ms as f64, 0.0, 0.0);
    }
}

/// The store's answer to `reserve`: the wait as decimal text (the host converts it), or the
/// failure's message. By hand rather than an `async` block: a smaller wasm.
struct Reserving(JsFuture);

impl Future for Reserving {
    type Output = Result<u64, String>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|r| match r {
            Ok(ms) => Ok(ms.as_string().and_then(|t| t.parse().ok()).unwrap_or(0)),
            Err(e) => Err(e.as_string().unwrap_or_default()),
        })
    }
}
