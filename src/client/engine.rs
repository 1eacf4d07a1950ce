//! The engine: runs described requests over a [`Transport`], with pacing, a per-attempt timeout,
//! retries and cancellation, and hands back the bodies of the 2xx answers. It knows nothing of
//! operations: every operation runs through this one code (decoding happens at the edge, in
//! [`super::plan`]), so the binary holds one copy of it.

use super::{Abort, CallOptions, Client, ClientEvent, StoreState};
use crate::endpoints::RequestSpec;
use crate::error::{Error, ErrorKind, Result};
use crate::limiter::{Limiter, Window};
use crate::retry::{decide, Decision, Outcome};
use crate::shared::{RateLimitStore, Reservation};
use crate::transport::{HttpRequest, HttpResponse, Sleep, Transport, TransportError};
use futures_util::future::{select, Either};
use futures_util::stream::{self, StreamExt};
use serde::de::IgnoredAny;
use std::cell::RefCell;
use std::pin::pin;

/// How an answer body the JS glue read itself begins (then its handle): the plans hand such a body
/// back as the call's result, and the glue puts what it read in its place.
pub const JS_READ: char = '\u{1}';

/// What follows an attempt. (`Done` carries the unboxed error, as the call returns it.)
#[allow(clippy::large_enum_variant)]
enum Next {
    /// The call's result.
    Done(Result<Answer>),
    /// Another attempt, after this many milliseconds.
    Retry(u64),
}

/// The body of a 2xx answer and how many attempts it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The body (empty for a 204).
    pub body: String,
    /// Attempts made, from 1.
    pub attempts: u32,
}

/// What became of each request of a plan: its answer, its failure, or `None` when it was never
/// sent (an earlier failure stopped everything).
pub type Outcomes = Vec<Option<Result<Answer>>>;

impl<T: Transport, S: Sleep> Client<T, S> {
    /// Sends `specs`, `maxConcurrent` at a time (one alone when there is one). A failure does not
    /// stop the others, except those that stop everything (401, 403, a `DAILY` 429, an abort):
    /// the requests not yet sent then stay `None`.
    pub async fn run_specs(
        &self,
        op: &str,
        specs: &[RequestSpec],
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Outcomes {
        let mut done: Outcomes = specs.iter().map(|_| None).collect();
        if let [spec] = specs {
            done[0] = Some(self.send(spec, call, abort, op).await);
            return done;
        }
        let mut running = stream::iter(specs.iter().enumerate())
            .map(|(i, spec)| async move { (i, self.send(spec, call, abort, op).await) })
            .buffer_unordered(self.config.max_concurrent.max(1));
        while let Some((i, result)) = running.next().await {
            let stop = matches!(&result, Err(e) if stops_everything(e));
            done[i] = Some(result);
            if stop {
                break;
            }
        }
        done
    }

    /// Sends one described request with pacing and retries; the body of its 2xx answer. A 2xx
    /// whose body is truncated is retried like a network failure (the operations are idempotent
    /// or refuse a repeat, so asking again is safe).
    async fn send(
        &self,
        spec: &RequestSpec,
        call: &CallOptions,
        abort: &dyn Abort,
        op: &str,
    ) -> Result<Answer> {
        let request = self.build_request(spec);
        let timeout = call.timeout_ms.unwrap_or(self.config.timeout_ms);
        let max_retries = call.max_retries.unwrap_or(self.config.max_retries);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let fail = |mut e: Error| {
                e.attempts = attempt - 1;
                e
            };
            // Holds a slot of the rate-limit window until the attempt has ended.
            let slot = self
                .pace(&request, attempt, timeout, abort)
                .await
                .map_err(fail)?;
            if abort.is_aborted() {
                return Err(fail(Error::new(
                    ErrorKind::Aborted,
                    format!("{op} was aborted before it was sent"),
                )));
            }
            self.emit("request", &request, None, attempt, None);
            let started = self.sleep.now_ms();
            let result = self.attempt(request.clone(), timeout, abort).await;
            let ms = match self.after(result, slot, &request, attempt, started, max_retries) {
                Next::Done(r) => return r,
                Next::Retry(ms) => ms,
            };
            self.wait(ms, abort).await.map_err(|mut e| {
                e.attempts = attempt;
                e
            })?;
        }
    }

    /// What follows an attempt (its answer learned, its slot settled, its events emitted): the
    /// call's end, or a retry after a wait. Not async, so that it is not part of [`Self::send`]'s
    /// state machine.
    #[inline(never)]
    fn after(
        &self,
        result: Result<HttpResponse>,
        slot: Option<Slot<'_, S>>,
        request: &HttpRequest,
        attempt: u32,
        started: u64,
        max_retries: u32,
    ) -> Next {
        if let Ok(r) = &result {
            self.learn(self.sleep.now_ms(), r);
        }
        // Settled after learning, so that a store hears the window this answer announced.
        drop(slot);
        // The rate-limit window this answer announces (else the one learned or set).
        let mut window_ms = self
            .limiter
            .borrow()
            .window_for(self.config.window)
            .map(|w| w.interval_ms);
        let (error, outcome_status) = match result {
            Ok(r) => {
                let now = self.sleep.now_ms();
                if let Some(ms) = r
                    .header("x-hubspot-ratelimit-interval-milliseconds")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .filter(|&ms| ms > 0)
                {
                    window_ms = Some(ms);
                }
                self.emit(
                    "response",
                    request,
                    Some(r.status),
                    attempt,
                    Some(now.saturating_sub(started)),
                );
                if (200..300).contains(&r.status) {
                    // Decoding happens at the edge; a truncated answer is retried here like
                    // a dropped connection (whole JSON of the wrong shape will not change
                    // on a retry, so the edge fails it at once).
                    if r.body.starts_with(JS_READ)
                        || r.body.trim().is_empty()
                        || is_complete_json(&r.body)
                    {
                        return Next::Done(Ok(Answer {
                            body: r.body,
                            attempts: attempt,
                        }));
                    }
                    (truncated(&r.body), None)
                } else {
                    (error_from(&r), Some(r.status))
                }
            }
            Err(e) => (e, None),
        };
        let mut error = error;
        error.attempts = attempt;
        let outcome = match (error.kind, outcome_status) {
            (ErrorKind::Aborted, _) => return Next::Done(Err(error)),
            (ErrorKind::Timeout, _) => Outcome::Timeout,
            (ErrorKind::Network | ErrorKind::Decode, _) => Outcome::Network,
            (_, status) => Outcome::Status {
                status: status.unwrap_or(0),
                retry_after_ms: error.retry_after_ms,
                policy_name: error.policy_name.as_deref(),
                window_ms,
            },
        };
        match decide(
            attempt,
            max_retries,
            &outcome,
            &self.config.backoff,
            self.jitter(),
        ) {
            Decision::Stop => Next::Done(Err(error)),
            Decision::RetryAfter(ms) => {
                if outcome_status == Some(429) {
                    // Hold every request of the token (every client sharing the pacer, and
                    // every process through the store), not only this one.
                    self.limiter
                        .borrow_mut()
                        .block_until(self.sleep.now_ms() + ms);
                    self.tell_store_block(ms);
                }
                self.emit("retry", request, outcome_status, attempt, Some(ms));
                Next::Retry(ms)
            }
        }
    }

    /// Waits for the pacer's go, then takes a slot for the send. The pacer is shared by the
    /// clients of the token in this process; with a store, the store decides (it sees every
    /// process's requests), and the in-process pacer takes over while the store fails or does not
    /// answer within `timeout_ms`.
    async fn pace(
        &self,
        request: &HttpRequest,
        attempt: u32,
        timeout_ms: u64,
        abort: &dyn Abort,
    ) -> Result<Option<Slot<'_, S>>> {
        if !self.config.pacing {
            return Ok(None);
        }
        // A wait the store asked for, waited before asking it again.
        let mut store_wait = 0;
        loop {
            let now = self.sleep.now_ms();
            let (local, blocked, window) = {
                let mut l = self.limiter.borrow_mut();
                (
                    l.delay_for(now, self.config.window),
                    l.blocked_for(now),
                    l.window_for(self.config.window),
                )
            };
            let (limit, interval) = window.map_or((0, 0), |w| (Limiter::allowed(w), w.interval_ms));
            let ask = self
                .store
                .as_ref()
                .filter(|s| store_wait == 0 && blocked == 0 && now >= s.down_until.get());
            // One await in the loop: the store's answer raced against the attempt's timeout, or
            // a wait (with nothing to race).
            let (asked, ms, id): (Reservation<'_>, u64, u64) = match ask {
                Some(s) => {
                    let id = s.reserved.get() + 1;
                    s.reserved.set(id);
                    let asked = s
                        .store
                        .reserve(&self.pacer_key, id, limit, interval, timeout_ms);
                    (asked, timeout_ms, id)
                }
                None => {
                    let delay = match std::mem::take(&mut store_wait) {
                        0 => local,
                        w => w.max(blocked),
                    };
                    if delay == 0 {
                        return Ok(Some(self.slot(None)));
                    }
                    self.emit("wait", request, None, attempt, Some(delay));
                    (Box::pin(std::future::pending()), delay, 0)
                }
            };
            let outcome = match select(asked, pin!(self.wait(ms, abort))).await {
                Either::Left((answer, _)) => Either::Left(answer),
                Either::Right((waited, _)) => Either::Right(waited),
            };
            let Some(s) = ask else {
                // Waited (or aborted: the pending side never ends).
                if let Either::Right(waited) = outcome {
                    waited?;
                }
                continue;
            };
            let answer = match outcome {
                Either::Left(answer) => answer,
                Either::Right(waited) => {
                    // Given up on: settled at once, in case the store took it.
                    s.store.settle(&self.pacer_key, id, interval, None);
                    waited?;
                    Err("it did not answer within the attempt's timeout".to_string())
                }
            };
            match answer {
                Ok(w) => {
                    // Answering (again).
                    s.failing.set(false);
                    if w == 0 {
                        return Ok(Some(self.slot(Some(Reserved {
                            store: &*s.store,
                            key: &self.pacer_key,
                            id,
                            fixed: self.config.window,
                        }))));
                    }
                    store_wait = w;
                }
                Err(reason) => self.store_failed(s, &reason, request, attempt),
            }
        }
    }

    /// A slot for a request about to be sent (and the store's reservation of it, if any).
    fn slot<'a>(&'a self, reservation: Option<Reserved<'a>>) -> Slot<'a, S> {
        Slot {
            limiter: &self.limiter,
            clock: &self.sleep,
            ticket: self.limiter.borrow_mut().start(),
            reservation,
        }
    }

    /// The store failed: pace in this process alone, ask it again later, and say so once per
    /// outage. (Cold, and kept out of the engine's state machine.)
    #[cold]
    #[inline(never)]
    fn store_failed(&self, s: &StoreState, reason: &str, request: &HttpRequest, attempt: u32) {
        s.down_until.set(self.sleep.now_ms() + STORE_RETRY_MS);
        if s.failing.replace(true) {
            return;
        }
        let mut message = format!(
            "the rate-limit store failed ({reason}): pacing in this process alone, asking the store again in 10 s"
        );
        if let Some(t) = self.config.access_token.as_deref() {
            message = crate::text::replace(&message, t, "[redacted]");
        }
        self.emit_event(
            "fallback",
            request,
            None,
            attempt,
            Some(STORE_RETRY_MS),
            Some(message),
        );
    }

    /// Tells the store (when it is answering) to hold every process of the token for `ms`.
    fn tell_store_block(&self, ms: u64) {
        if let Some(s) = self.store.as_ref().filter(|s| !s.failing.get()) {
            s.store.block(&self.pacer_key, ms);
        }
    }

    fn learn(&self, now: u64, r: &HttpResponse) {
        if !self.config.pacing {
            return;
        }
        let num = |name: &str| r.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let (before, after) = {
            let mut l = self.limiter.borrow_mut();
            let before = l.blocked_until();
            l.observe(
                now,
                num("x-hubspot-ratelimit-max").map(|v| v.min(u32::MAX as u64) as u32),
                num("x-hubspot-ratelimit-remaining").map(|v| v.min(u32::MAX as u64) as u32),
                num("x-hubspot-ratelimit-interval-milliseconds"),
            );
            (before, l.blocked_until())
        };
        if after > before {
            // `Remaining: 0`: the other processes wait too.
            self.tell_store_block(after.saturating_sub(now));
        }
    }

    /// Sleeps `ms`, or fails with kind `aborted` as soon as the call is cancelled.
    async fn wait(&self, ms: u64, abort: &dyn Abort) -> Result<()> {
        match select(abort.aborted(), pin!(self.sleep.sleep(ms))).await {
            Either::Left(_) => Err(Error::new(
                ErrorKind::Aborted,
                "the call was aborted while waiting",
            )),
            Either::Right(_) => Ok(()),
        }
    }

    /// A number in `[0, 1)` (xorshift64*).
    fn jitter(&self) -> f64 {
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn emit(
        &self,
        kind: &'static str,
        r: &HttpRequest,
        status: Option<u16>,
        attempt: u32,
        ms: Option<u64>,
    ) {
        self.emit_event(kind, r, status, attempt, ms, None);
    }

    fn emit_event(
        &self,
        kind: &'static str,
        r: &HttpRequest,
        status: Option<u16>,
        attempt: u32,
        ms: Option<u64>,
        message: Option<String>,
    ) {
        if let Some(f) = &self.on_event {
            f(&ClientEvent {
                kind,
                method: r.method.as_str(),
                url: r.url.clone(),
                status,
                attempt,
                ms,
                message,
            });
        }
    }

    /// The full request for a description: base URL, encoded query, headers.
    pub fn build_request(&self, spec: &RequestSpec) -> HttpRequest {
        let mut url = format!("{}{}", self.config.base_url, spec.path);
        for (i, (k, v)) in spec.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&crate::endpoints::path::encode_segment(k));
            url.push('=');
            url.push_str(&crate::endpoints::path::encode_segment(v));
        }
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if let Some(t) = &self.config.access_token {
            headers.push(("Authorization".into(), format!("Bearer {t}")));
        }
        if let Some(ua) = &self.config.user_agent {
            headers.push(("User-Agent".into(), ua.clone()));
        }
        let body = spec.body.as_ref().map(|b| {
            headers.push(("Content-Type".into(), "application/json".into()));
            // (Not `to_string`: `Display` of a value brings its pretty printer into the wasm.)
            serde_json::to_string(b).unwrap_or_default()
        });
        HttpRequest {
            method: spec.method,
            url,
            headers,
            body,
            shape: spec.shape,
        }
    }

    /// One attempt, bounded by `timeout_ms` and the call's cancellation.
    async fn attempt(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
        abort: &dyn Abort,
    ) -> Result<HttpResponse> {
        let (method, url) = (request.method, request.url.clone());
        let what = move || format!("{method} {}", redact_query(&url));
        let outcome = if T::TIMES_OUT {
            // The transport times out itself (the wasm host, with one timer of its own).
            let send = pin!(self.transport.send_within(request, timeout_ms));
            match select(abort.aborted(), send).await {
                Either::Left(_) => Err(TransportError::Aborted),
                Either::Right((r, _)) => r,
            }
        } else {
            let send = pin!(self.transport.send(request));
            let timer = pin!(self.sleep.sleep(timeout_ms));
            match select(abort.aborted(), select(send, timer)).await {
                Either::Left(_) => Err(TransportError::Aborted),
                Either::Right((Either::Left((r, _)), _)) => r,
                Either::Right((Either::Right(_), _)) => Err(TransportError::Timeout),
            }
        };
        match outcome {
            Ok(r) => Ok(r),
            Err(TransportError::Network(m)) => Err(Error::new(
                ErrorKind::Network,
                format!("{} failed: {m}", what()),
            )),
            Err(TransportError::Aborted) => Err(Error::new(
                ErrorKind::Aborted,
                format!("{} was aborted", what()),
            )),
            Err(TransportError::Timeout) => Err(Error::new(
                ErrorKind::Timeout,
                format!("{} timed out after {timeout_ms} ms", what()),
            )),
        }
    }
}

/// A 2xx answer cut short: retried like a dropped connection.
fn truncated(body: &str) -> Error {
    let mut e = Error::new(
        ErrorKind::Decode,
        "HubSpot's answer could not be decoded: it is not whole JSON",
    );
    e.body = Some(body.to_string());
    e
}

/// How long a store that failed is left alone before it is asked again.
pub const STORE_RETRY_MS: u64 = 10_000;
// The fallback event says "10 s" in words.
const _: () = assert!(STORE_RETRY_MS == 10_000);

/// A request's slot in the rate-limit window, from its send until its attempt ends (answered,
/// failed, timed out or dropped): then the limiter counts it from that moment, and so does the
/// store that reserved it.
struct Slot<'a, S: Sleep> {
    limiter: &'a RefCell<Limiter>,
    clock: &'a S,
    ticket: u64,
    reservation: Option<Reserved<'a>>,
}

/// A slot the store reserved.
struct Reserved<'a> {
    store: &'a dyn RateLimitStore,
    key: &'a str,
    id: u64,
    /// The client's fixed window, if any.
    fixed: Option<Window>,
}

impl<S: Sleep> Drop for Slot<'_, S> {
    // One copy, not one per place a slot can be dropped.
    #[inline(never)]
    fn drop(&mut self) {
        let mut seen = (0, None);
        if let Ok(mut l) = self.limiter.try_borrow_mut() {
            l.settle(self.ticket, self.clock.now_ms());
            if let Some(r) = &self.reservation {
                let interval = r.fixed.or(l.learned()).map_or(0, |w| w.interval_ms);
                let learned = l.learned().map(|w| Window {
                    max: Limiter::allowed(w),
                    interval_ms: w.interval_ms,
                });
                seen = (interval, learned);
            }
        }
        if let Some(r) = &self.reservation {
            r.store.settle(r.key, r.id, seen.0, seen.1);
        }
    }
}

/// Failures after which no other chunk should be sent: the credentials are wrong (401, 403), the
/// day's allowance is gone (a `DAILY` 429), or the caller cancelled.
pub(crate) fn stops_everything(e: &Error) -> bool {
    matches!(e.status, Some(401) | Some(403))
        || e.kind == ErrorKind::Aborted
        || (e.status == Some(429) && e.policy_name.as_deref() == Some("DAILY"))
}

/// True when `body` is one whole JSON value (an answer of the wrong shape, not a truncated one).
/// An object or array is checked by one scan of its brackets outside strings (a truncated answer
/// never balances them), which is a small part of what reading it costs; the reading that follows
/// finds anything else wrong with it. Other JSON is parsed.
fn is_complete_json(body: &str) -> bool {
    let b = body.trim().as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if !matches!((first, last), (b'{', b'}') | (b'[', b']')) {
        return serde_json::from_str::<IgnoredAny>(body).is_ok();
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &c) in b.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
                if depth == 0 && i + 1 != b.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_string
}

/// The URL without its query (cursors are not secrets, but messages stay short).
fn redact_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// `Retry-After` seconds (`"2"`, `"1.5"`) in milliseconds; `None` for anything else (an HTTP
/// date, which HubSpot does not send). Parsed by hand: a float parser would cost the wasm module
/// more than the rest of the header handling.
fn seconds_as_ms(v: &str) -> Option<u64> {
    let (whole, frac) = v.trim().split_once('.').unwrap_or((v.trim(), ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(frac.is_empty() || digits(frac)) {
        return None;
    }
    let ms: String = frac.chars().chain("000".chars()).take(3).collect();
    whole
        .parse::<u64>()
        .ok()?
        .checked_mul(1000)?
        .checked_add(ms.parse::<u64>().ok()?)
}

/// Turns a non-2xx response into an [`Error`].
pub fn error_from(r: &HttpResponse) -> Error {
    let retry_after_ms = r.header("retry-after").and_then(seconds_as_ms);
    Error::from_response(
        r.status,
        &r.body,
        r.header("x-hubspot-correlation-id"),
        retry_after_ms,
    )
}

#[cfg(test)]
mod tests {
    use super::seconds_as_ms;

    #[test]
    fn whole_json_is_told_from_truncated() {
        use super::is_complete_json;
        for whole in [
            r#"{"a":[1,{"b":"}"}]}"#,
            "[]",
            r#"{"s":"\\\"}"}"#,
            "  {}  ",
            "5",
            "\"x\"",
        ] {
            assert!(is_complete_json(whole), "{whole}");
        }
        for cut in [
            r#"{"a":[1,{"b":"}"}]"#,
            "[",
            r#"{"s":"\\\"}"#,
            "",
            "{}{}",
            r#"{"a":"#,
            "\"x",
        ] {
            assert!(!is_complete_json(cut), "{cut}");
        }
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(seconds_as_ms("2"), Some(2000));
        assert_eq!(seconds_as_ms(" 1.5 "), Some(1500));
        assert_eq!(seconds_as_ms("0.0125"), Some(12));
        for bad in ["", "-1", "1e3", "Wed, 21 Oct 2015 07:28:00 GMT", ".5"] {
            assert_eq!(seconds_as_ms(bad), None, "{bad}");
        }
    }
}
