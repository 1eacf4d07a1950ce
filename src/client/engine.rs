//! The engine: runs described requests over a [`Transport`], with pacing, a per-attempt timeout,
//! retries and cancellation, and hands back the bodies of the 2xx answers. It knows nothing of
//! operations: every operation runs through this one code (decoding happens at the edge, in
//! [`super::plan`]), so the binary holds one copy of it.

use super::{Abort, CallOptions, Client, ClientEvent};
use crate::endpoints::RequestSpec;
use crate::error::{Error, ErrorKind, Result};
use crate::limiter::Limiter;
use crate::retry::{decide, Decision, Outcome};
use crate::transport::{HttpRequest, HttpResponse, Sleep, Transport, TransportError};
use futures_util::future::{select, Either};
use futures_util::stream::{self, StreamExt};
use serde::de::IgnoredAny;
use std::cell::RefCell;
use std::pin::pin;

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
            let slot = self.pace(&request, attempt, abort).await.map_err(fail)?;
            if abort.is_aborted() {
                return Err(fail(Error::new(
                    ErrorKind::Aborted,
                    format!("{op} was aborted before it was sent"),
                )));
            }
            self.emit("request", &request, None, attempt, None);
            let started = self.sleep.now_ms();
            let result = self.attempt(request.clone(), timeout, abort).await;
            drop(slot);
            // The rate-limit window this answer announces (else the one learned or set).
            let mut window_ms = self.limiter.borrow().window().map(|w| w.interval_ms);
            let (error, outcome_status) = match result {
                Ok(r) => {
                    let now = self.sleep.now_ms();
                    self.learn(now, &r);
                    if let Some(ms) = r
                        .header("x-hubspot-ratelimit-interval-milliseconds")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .filter(|&ms| ms > 0)
                    {
                        window_ms = Some(ms);
                    }
                    self.emit(
                        "response",
                        &request,
                        Some(r.status),
                        attempt,
                        Some(now.saturating_sub(started)),
                    );
                    if (200..300).contains(&r.status) {
                        // Decoding happens at the edge; a truncated answer is retried here like
                        // a dropped connection (whole JSON of the wrong shape will not change
                        // on a retry, so the edge fails it at once).
                        if r.body.trim().is_empty() || is_complete_json(&r.body) {
                            return Ok(Answer {
                                body: r.body,
                                attempts: attempt,
                            });
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
                (ErrorKind::Aborted, _) => return Err(error),
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
                Decision::Stop => return Err(error),
                Decision::RetryAfter(ms) => {
                    if outcome_status == Some(429) {
                        // Hold every request of this client, not only this one.
                        self.limiter
                            .borrow_mut()
                            .block_until(self.sleep.now_ms() + ms);
                    }
                    self.emit("retry", &request, outcome_status, attempt, Some(ms));
                    self.wait(ms, abort).await.map_err(|mut e| {
                        e.attempts = attempt;
                        e
                    })?;
                }
            }
        }
    }

    /// Waits for the limiter's go (client-wide), then takes a slot for the send.
    async fn pace(
        &self,
        request: &HttpRequest,
        attempt: u32,
        abort: &dyn Abort,
    ) -> Result<Option<Slot<'_, S>>> {
        if !self.config.pacing {
            return Ok(None);
        }
        loop {
            let now = self.sleep.now_ms();
            let delay = self.limiter.borrow_mut().delay(now);
            if delay == 0 {
                let ticket = self.limiter.borrow_mut().start();
                return Ok(Some(Slot {
                    limiter: &self.limiter,
                    clock: &self.sleep,
                    ticket,
                }));
            }
            self.emit("wait", request, None, attempt, Some(delay));
            self.wait(delay, abort).await?;
        }
    }

    fn learn(&self, now: u64, r: &HttpResponse) {
        if !self.config.pacing {
            return;
        }
        let num = |name: &str| r.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        self.limiter.borrow_mut().observe(
            now,
            num("x-hubspot-ratelimit-max").map(|v| v.min(u32::MAX as u64) as u32),
            num("x-hubspot-ratelimit-remaining").map(|v| v.min(u32::MAX as u64) as u32),
            num("x-hubspot-ratelimit-interval-milliseconds"),
        );
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
        if let Some(f) = &self.on_event {
            f(&ClientEvent {
                kind,
                method: r.method.as_str(),
                url: r.url.clone(),
                status,
                attempt,
                ms,
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
            b.to_string()
        });
        HttpRequest {
            method: spec.method,
            url,
            headers,
            body,
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

/// A request's slot in the rate-limit window, from its send until its attempt ends (answered,
/// failed, timed out or dropped): then the limiter counts it from that moment.
struct Slot<'a, S: Sleep> {
    limiter: &'a RefCell<Limiter>,
    clock: &'a S,
    ticket: u64,
}

impl<S: Sleep> Drop for Slot<'_, S> {
    fn drop(&mut self) {
        if let Ok(mut l) = self.limiter.try_borrow_mut() {
            l.settle(self.ticket, self.clock.now_ms());
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
