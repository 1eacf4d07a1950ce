//! The engine: turns an operation's description into HTTP exchanges over a [`Transport`], with a
//! per-attempt timeout, and decodes the answer. Generic over the transport and the sleeper so the
//! same code runs natively against the emulator and in wasm against `fetch`.

use crate::endpoints::*;
use crate::error::{Error, ErrorKind, Result};
use crate::limiter::{Limiter, Window};
use crate::model::BatchResponse;
use crate::model::{BatchReadResult, ObjectId};
use crate::retry::{decide, Backoff, Decision, Outcome};
use crate::transport::{HttpRequest, HttpResponse, Sleep, Transport, TransportError};
use futures_util::future::{select, Either};
use futures_util::stream::{self, StreamExt};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::{pin, Pin};

/// A cancellation source (the JS `AbortSignal`, or anything else). The engine checks it before
/// each attempt and races every attempt against it.
pub trait Abort {
    /// True once cancelled.
    fn is_aborted(&self) -> bool;
    /// Resolves when cancelled (never, if it never is).
    fn aborted(&self) -> Pin<Box<dyn Future<Output = ()> + '_>>;
}

/// The cancellation that never happens.
#[derive(Debug, Clone, Copy, Default)]
pub struct NeverAbort;

impl Abort for NeverAbort {
    fn is_aborted(&self) -> bool {
        false
    }
    fn aborted(&self) -> Pin<Box<dyn Future<Output = ()> + '_>> {
        Box::pin(std::future::pending())
    }
}

/// The default base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";
/// The default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Client options as a caller writes them (the JS constructor's object; TypeScript is generated).
/// `fetch` and `onEvent` are functions that only the wasm glue reads.
#[derive(Debug, Clone, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// Private-app or OAuth access token; omit it when a backend adds it.
    #[serde(default)]
    #[tsify(optional)]
    pub access_token: Option<String>,
    /// Default `https://api.hubapi.com`; a backend's URL (absolute or, in browsers, a path such as `/api/hubspot`).
    #[serde(default)]
    #[tsify(optional)]
    pub base_url: Option<String>,
    /// Default `"2026-03"`.
    #[serde(default)]
    #[tsify(optional, type = "ApiVersion")]
    pub api_version: Option<ApiVersion>,
    /// Per-attempt timeout in milliseconds, default 30000.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u64>,
    /// Sent as the `User-Agent` header when given.
    #[serde(default)]
    #[tsify(optional)]
    pub user_agent: Option<String>,
    /// Any `(url, init) => Promise<Response-like>`; default `globalThis.fetch`.
    #[serde(default)]
    #[tsify(optional, type = "FetchLike")]
    pub fetch: Option<IgnoredAny>,
    /// Retries after 429, 5xx, network failures and timeouts; default 3.
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// `false` turns pacing off; an object fixes the allowance; default: learn it from HubSpot's headers.
    #[serde(default)]
    #[tsify(optional, type = "false | true | RateLimitSettings")]
    pub rate_limit: Option<RateLimitOption>,
    /// Inputs per request of batch methods; default `{read: 1000, write: 100}`.
    #[serde(default)]
    #[tsify(optional)]
    pub batch_size: Option<BatchSizeOption>,
    /// Called with every request, response, retry and wait.
    #[serde(default)]
    #[tsify(optional, type = "(event: ClientEvent) => void")]
    pub on_event: Option<IgnoredAny>,
}

/// The `rateLimit` option: `false`/`true`, or settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RateLimitOption {
    /// `false`: no pacing (429s are still retried); `true`: the default.
    Enabled(bool),
    /// Fixed settings.
    Settings(RateLimitSettings),
}

/// Fixed pacing settings (any field may be left to the default).
#[derive(Debug, Clone, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitSettings {
    /// Requests per interval; default: learned from `X-HubSpot-RateLimit-Max`.
    #[serde(default)]
    #[tsify(optional)]
    pub max_requests: Option<u32>,
    /// The interval; default: learned, else 10000.
    #[serde(default)]
    #[tsify(optional)]
    pub interval_ms: Option<u64>,
    /// Requests in flight at once (batch chunks); default 4.
    #[serde(default)]
    #[tsify(optional)]
    pub max_concurrent: Option<u32>,
}

/// The `batchSize` option.
#[derive(Debug, Clone, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BatchSizeOption {
    /// Inputs per read request (batchRead, batchReadV3); default and maximum 1000.
    #[serde(default)]
    #[tsify(optional)]
    pub read: Option<u32>,
    /// Inputs per write request; default 100.
    #[serde(default)]
    #[tsify(optional)]
    pub write: Option<u32>,
}

/// Per-call options, accepted inside every method's params object.
#[derive(Debug, Clone, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallOptions {
    /// Overrides the client's `apiVersion` for this call.
    #[serde(default)]
    #[tsify(optional, type = "ApiVersion")]
    pub api_version: Option<ApiVersion>,
    /// Overrides the client's `timeoutMs` for this call.
    #[serde(default)]
    #[tsify(optional)]
    pub timeout_ms: Option<u64>,
    /// Overrides the client's `maxRetries` for this call.
    #[serde(default)]
    #[tsify(optional)]
    pub max_retries: Option<u32>,
    /// Cancels the call.
    #[serde(default)]
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<IgnoredAny>,
}

/// The validated configuration of a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Bearer token, if the client adds one.
    pub access_token: Option<String>,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Default API version.
    pub api_version: ApiVersion,
    /// Per-attempt timeout.
    pub timeout_ms: u64,
    /// `User-Agent` header, if any.
    pub user_agent: Option<String>,
    /// Retries allowed per request.
    pub max_retries: u32,
    /// Whether the client paces requests.
    pub pacing: bool,
    /// A fixed allowance (else learned from headers).
    pub window: Option<Window>,
    /// Batch chunks in flight at once.
    pub max_concurrent: usize,
    /// Inputs per read request.
    pub read_batch: usize,
    /// Inputs per write request.
    pub write_batch: usize,
    /// Backoff settings.
    pub backoff: Backoff,
    /// Seed of the jitter.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            access_token: None,
            base_url: DEFAULT_BASE_URL.into(),
            api_version: ApiVersion::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            user_agent: None,
            max_retries: DEFAULT_MAX_RETRIES,
            pacing: true,
            window: None,
            max_concurrent: DEFAULT_CONCURRENCY,
            read_batch: MAX_READ_INPUTS,
            write_batch: DEFAULT_WRITE_BATCH,
            backoff: Backoff::default(),
            seed: 0x9E37_79B9_7F4A_7C15,
        }
    }
}

/// Default retries.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Default batch chunks in flight.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Default inputs per write request (HubSpot's own tooling uses 100).
pub const DEFAULT_WRITE_BATCH: usize = 100;

impl Config {
    /// Validates options; errors are `invalid_input`.
    pub fn from_options(o: ClientOptions) -> Result<Config> {
        let base_url = o.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.into());
        let trimmed = base_url.trim_end_matches('/');
        let ok_scheme = trimmed.starts_with("https://") || trimmed.starts_with("http://");
        if !(ok_scheme && trimmed.len() > "http://".len() || base_url.starts_with('/'))
            || trimmed.contains(['?', '#'])
        {
            return Err(Error::invalid_input(format!(
                "baseUrl must be an http(s) URL or an absolute path without query or fragment; got {base_url:?}"
            )));
        }
        if let Some(t) = &o.access_token {
            if t.is_empty() || t.chars().any(|c| c.is_control() || c == ' ') {
                return Err(Error::invalid_input(
                    "accessToken must be a non-empty token without spaces or control characters",
                ));
            }
        }
        if o.timeout_ms == Some(0) {
            return Err(Error::invalid_input("timeoutMs must be at least 1"));
        }
        let d = Config::default();
        let (pacing, settings) = match o.rate_limit {
            None | Some(RateLimitOption::Enabled(true)) => (true, RateLimitSettings::default()),
            Some(RateLimitOption::Enabled(false)) => (false, RateLimitSettings::default()),
            Some(RateLimitOption::Settings(s)) => (true, s),
        };
        if settings.max_requests == Some(0)
            || settings.interval_ms == Some(0)
            || settings.max_concurrent == Some(0)
        {
            return Err(Error::invalid_input(
                "rateLimit: maxRequests, intervalMs and maxConcurrent must be at least 1",
            ));
        }
        let window = settings.max_requests.map(|max| Window {
            max,
            interval_ms: settings.interval_ms.unwrap_or(10_000),
        });
        let sizes = o.batch_size.unwrap_or_default();
        let read_batch = sizes.read.map_or(d.read_batch, |n| n as usize);
        let write_batch = sizes.write.map_or(d.write_batch, |n| n as usize);
        if !(1..=MAX_READ_INPUTS).contains(&read_batch) || write_batch == 0 {
            return Err(Error::invalid_input(format!(
                "batchSize: read must be 1 to {MAX_READ_INPUTS} and write at least 1"
            )));
        }
        Ok(Config {
            access_token: o.access_token,
            base_url: trimmed.to_string(),
            api_version: o.api_version.unwrap_or_default(),
            timeout_ms: o.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            user_agent: o.user_agent,
            max_retries: o.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            pacing,
            window,
            max_concurrent: settings
                .max_concurrent
                .map_or(d.max_concurrent, |n| n as usize),
            read_batch,
            write_batch,
            ..d
        })
    }
}

/// What the client tells `onEvent`. Never holds the token (URLs carry none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ClientEvent {
    /// `request` (about to send), `response` (an answer arrived), `retry` (waiting `ms` before
    /// another attempt), `wait` (the rate limiter holds the request for `ms`).
    #[serde(rename = "type")]
    #[tsify(type = "\"request\" | \"response\" | \"retry\" | \"wait\"")]
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
    /// Milliseconds: the wait (`retry`, `wait`) or the attempt's duration (`response`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}

/// What [`Client::with_events`] stores.
type EventListener = Box<dyn Fn(&ClientEvent)>;

/// A HubSpot associations client over a transport and a sleeper.
pub struct Client<T, S> {
    config: Config,
    transport: T,
    sleep: S,
    limiter: RefCell<Limiter>,
    rng: Cell<u64>,
    on_event: Option<EventListener>,
}

impl<T: Transport, S: Sleep> Client<T, S> {
    /// A client with a validated configuration.
    pub fn new(config: Config, transport: T, sleep: S) -> Self {
        let limiter = RefCell::new(Limiter::new(config.window));
        let rng = Cell::new(config.seed | 1);
        Client {
            config,
            transport,
            sleep,
            limiter,
            rng,
            on_event: None,
        }
    }

    /// Calls `f` with every [`ClientEvent`].
    pub fn with_events(mut self, f: impl Fn(&ClientEvent) + 'static) -> Self {
        self.on_event = Some(Box::new(f));
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport (tests reach the emulator through it).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The sleeper (tests read its fake clock).
    pub fn sleeper(&self) -> &S {
        &self.sleep
    }

    /// Describes, sends and decodes one operation. Bad params fail with `invalid_input` before
    /// anything is sent; every 2xx is success; anything else is an [`Error`] with HubSpot's details.
    pub async fn execute<O: Operation>(&self, op: &O, call: &CallOptions) -> Result<O::Output> {
        self.execute_with_abort(op, call, &NeverAbort).await
    }

    /// [`Self::execute`], cancellable through `abort`: a cancelled call rejects with kind
    /// `aborted` and the attempt in flight is dropped (the wasm transport aborts its `fetch`).
    pub async fn execute_with_abort<O: Operation>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output> {
        self.redacted(self.run(op, call, abort).await)
    }

    fn redacted<X>(&self, r: Result<X>) -> Result<X> {
        r.map_err(|e| match &self.config.access_token {
            Some(token) => e.redact(token),
            None => e,
        })
    }

    async fn run<O: Operation>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output> {
        let version = call
            .api_version
            .as_ref()
            .unwrap_or(&self.config.api_version);
        let spec = op.describe(version)?;
        if call.timeout_ms == Some(0) {
            return Err(Error::invalid_input("timeoutMs must be at least 1"));
        }
        self.send(&spec, call, abort, O::NAME, |body| {
            op.decode_for(version, body)
        })
        .await
    }

    /// Runs a batch operation: its inputs in chunks (reads 1000, writes 100, or `batchSize`),
    /// `maxConcurrent` at a time, merged into one envelope in input order. A chunk that fails for
    /// good does not stop the others; the call then fails with `partial` (what succeeded) and
    /// `failedInputs` (the inputs of the failed chunks). 401, 403, a `DAILY` 429 and an abort stop
    /// the remaining chunks at once.
    pub async fn execute_batch<O: Batchable>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output> {
        self.redacted(self.run_batch(op, call, abort).await)
    }

    async fn run_batch<O: Batchable>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output> {
        let version = call
            .api_version
            .as_ref()
            .unwrap_or(&self.config.api_version);
        // Check every input before anything is sent.
        op.describe(version)?;
        let size = if O::WRITE {
            self.config.write_batch
        } else {
            self.config.read_batch
        };
        let chunks: Vec<Vec<O::Input>> =
            op.inputs().chunks(size.max(1)).map(<[_]>::to_vec).collect();
        if chunks.len() == 1 {
            return self
                .run(op, call, abort)
                .await
                .map_err(|e| with_failed::<O>(e, None, op.inputs()));
        }
        let mut done: Vec<Option<Result<O::Output>>> = (0..chunks.len()).map(|_| None).collect();
        let mut stopped: Option<Error> = None;
        {
            let mut running = stream::iter(chunks.iter().enumerate())
                .map(|(i, chunk)| async move {
                    let part = op.with_inputs(chunk.clone());
                    (i, self.run(&part, call, abort).await)
                })
                .buffer_unordered(self.config.max_concurrent.max(1));
            while let Some((i, result)) = running.next().await {
                if let Err(e) = &result {
                    if stops_everything(e) {
                        stopped = Some(e.clone());
                        done[i] = Some(result);
                        break;
                    }
                }
                done[i] = Some(result);
            }
        }
        let mut merged = O::Output::default();
        let mut failed: Vec<O::Input> = Vec::new();
        let mut first_error: Option<Error> = None;
        let mut attempts = 0;
        for (chunk, outcome) in chunks.into_iter().zip(done) {
            match outcome {
                Some(Ok(envelope)) => merge(&mut merged, envelope),
                Some(Err(e)) => {
                    attempts = attempts.max(e.attempts);
                    first_error.get_or_insert(e);
                    failed.extend(chunk);
                }
                None => failed.extend(chunk),
            }
        }
        match stopped.or(first_error) {
            None => Ok(merged),
            Some(mut e) => {
                let total = op.inputs().len();
                e.message = format!(
                    "{}: {} of {total} inputs failed: {}",
                    O::NAME,
                    failed.len(),
                    e.message
                );
                e.attempts = e.attempts.max(attempts);
                Err(with_failed::<O>(e, Some(&merged), &failed))
            }
        }
    }

    /// Sends one described request with pacing and retries and decodes the 2xx answer. A 2xx
    /// whose body is truncated is retried like a network failure (the operations are idempotent
    /// or refuse a repeat, so asking again is safe); a whole JSON answer of the wrong shape fails
    /// at once as `decode`, with the body.
    async fn send<X>(
        &self,
        spec: &RequestSpec,
        call: &CallOptions,
        abort: &dyn Abort,
        op: &str,
        decode: impl Fn(&str) -> Result<X>,
    ) -> Result<X> {
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
                        match decode(&r.body) {
                            Ok(x) => return Ok(x),
                            // Whole JSON of an unexpected shape will not change on a retry (and
                            // the write it answers was applied): fail now, with the body.
                            Err(mut e) if is_complete_json(&r.body) => {
                                e.attempts = attempt;
                                return Err(e);
                            }
                            // A truncated answer is retried like a dropped connection.
                            Err(e) => (e, None),
                        }
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
        let what = format!("{} {}", request.method, redact_query(&request.url));
        let send = pin!(self.transport.send(request));
        let timer = pin!(self.sleep.sleep(timeout_ms));
        let outcome = match select(abort.aborted(), select(send, timer)).await {
            Either::Left(_) => Either::Left(Err(TransportError::Aborted)),
            Either::Right((Either::Left((r, _)), _)) => Either::Left(r),
            Either::Right((Either::Right(_), _)) => Either::Right(()),
        };
        match outcome {
            Either::Left(Ok(r)) => Ok(r),
            Either::Left(Err(TransportError::Network(m))) => Err(Error::new(
                ErrorKind::Network,
                format!("{what} failed: {m}"),
            )),
            Either::Left(Err(TransportError::Aborted)) => Err(Error::new(
                ErrorKind::Aborted,
                format!("{what} was aborted"),
            )),
            Either::Left(Err(TransportError::Timeout)) | Either::Right(()) => Err(Error::new(
                ErrorKind::Timeout,
                format!("{what} timed out after {timeout_ms} ms"),
            )),
        }
    }
}

impl<T: Transport, S: Sleep> Client<T, S> {
    /// `batchRead`: [`Self::execute_batch`], then, with `allPages`, each input's paging followed
    /// (`{id, after}` sent again, chunked) until every association is read; pages are appended to
    /// their input's result. A failure in a later pass carries the merged results so far in
    /// `partial` and the `{id, after}` inputs that failed (resumable) in `failedInputs`.
    pub async fn execute_batch_read(
        &self,
        op: &BatchReadParams,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<BatchResponse<BatchReadResult>> {
        let mut merged = self.execute_batch(op, call, abort).await?;
        if op.all_pages != Some(true) {
            return Ok(merged);
        }
        let mut index: HashMap<ObjectId, usize> = HashMap::new();
        for (i, r) in merged.results.iter().enumerate() {
            index.entry(r.from.id.clone()).or_insert(i);
        }
        loop {
            let next: Vec<BatchReadInput> = merged
                .results
                .iter_mut()
                .filter_map(|r| {
                    let after = r.paging.take()?.next?.after;
                    Some(BatchReadInput {
                        id: r.from.id.clone(),
                        after: Some(after),
                    })
                })
                .collect();
            if next.is_empty() {
                return Ok(merged);
            }
            let page = match self.execute_batch(&op.with_inputs(next), call, abort).await {
                Ok(page) => page,
                Err(mut e) => {
                    e.partial = Some(serde_json::to_value(&merged).unwrap_or_default());
                    return Err(e);
                }
            };
            for r in page.results {
                if let Some(&i) = index.get(&r.from.id) {
                    merged.results[i].to.extend(r.to);
                    merged.results[i].paging = r.paging;
                }
            }
            if let Some(errors) = page.errors {
                merged.errors.get_or_insert_with(Vec::new).extend(errors);
            }
            if let Some(n) = page.num_errors {
                *merged.num_errors.get_or_insert(0) += n;
            }
            merged.completed_at = merged.completed_at.max(page.completed_at);
        }
    }
}

/// How an operation runs: one request, chunks, or chunks and paging. Every operation has one, so
/// callers (the wasm glue) can run any of them the same way.
pub trait Call: Operation + Sized {
    /// Runs the operation on `client`.
    fn call<'a, T: Transport, S: Sleep>(
        &'a self,
        client: &'a Client<T, S>,
        call: &'a CallOptions,
        abort: &'a dyn Abort,
    ) -> impl Future<Output = Result<Self::Output>> + 'a;
}

macro_rules! calls {
    ($method:ident: $($op:ty),* $(,)?) => {$(
        impl Call for $op {
            fn call<'a, T: Transport, S: Sleep>(
                &'a self,
                client: &'a Client<T, S>,
                call: &'a CallOptions,
                abort: &'a dyn Abort,
            ) -> impl Future<Output = Result<Self::Output>> + 'a {
                client.$method(self, call, abort)
            }
        }
    )*};
}

calls!(execute_with_abort: AssociateDefaultParams, AssociateParams, ListAssociationsParams, RemoveAssociationsParams,
    ListLabels, CreateLabelParams, UpdateLabelParams, DeleteLabelParams, HighUsageReportParams, ListAllLimitsParams,
    ListLimits, ListTypesV3);
calls!(execute_batch: BatchCreateParams, BatchArchiveLabels, BatchCreateDefaultParams, BatchArchiveParams, CreateLimits,
    UpdateLimits, PurgeLimitsParams, BatchReadV3Params, BatchCreateV3, BatchArchiveV3);
calls!(execute_batch_read: BatchReadParams);

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
fn stops_everything(e: &Error) -> bool {
    matches!(e.status, Some(401) | Some(403))
        || e.kind == ErrorKind::Aborted
        || (e.status == Some(429) && e.policy_name.as_deref() == Some("DAILY"))
}

/// Attaches `partial` and `failedInputs` to a batch call's error.
fn with_failed<O: Batchable>(
    mut e: Error,
    partial: Option<&O::Output>,
    failed: &[O::Input],
) -> Error {
    if e.kind == ErrorKind::InvalidInput {
        return e;
    }
    e.partial = Some(partial.map_or_else(
        || serde_json::json!({ "status": "", "results": [], "startedAt": "", "completedAt": "" }),
        |p| serde_json::to_value(p).unwrap_or_default(),
    ));
    e.failed_inputs = Some(serde_json::to_value(failed).unwrap_or_default());
    e
}

/// Adds one chunk's envelope to the merged one: results appended, errors appended and counted,
/// `startedAt` the earliest, `completedAt` the latest.
fn merge<T>(into: &mut BatchResponse<T>, part: BatchResponse<T>) {
    let first = into.status.is_empty() && into.results.is_empty() && into.started_at.is_empty();
    if first || into.status == "COMPLETE" {
        into.status = part.status;
    }
    into.results.extend(part.results);
    if !part.started_at.is_empty()
        && (into.started_at.is_empty() || part.started_at < into.started_at)
    {
        into.started_at = part.started_at;
    }
    if part.completed_at > into.completed_at {
        into.completed_at = part.completed_at;
    }
    if into.requested_at.is_none() {
        into.requested_at = part.requested_at;
    }
    if let Some(errors) = part.errors {
        into.errors.get_or_insert_with(Vec::new).extend(errors);
    }
    if let Some(n) = part.num_errors {
        *into.num_errors.get_or_insert(0) += n;
    }
    // Maps of links merge; any other shape (HubSpot's links are a map) keeps the first seen.
    match (&mut into.links, part.links) {
        (Some(serde_json::Value::Object(a)), Some(serde_json::Value::Object(b))) => a.extend(b),
        (slot @ None, Some(b)) => *slot = Some(b),
        _ => {}
    }
}

/// True when `body` is one whole JSON value (an answer of the wrong shape, not a truncated one).
fn is_complete_json(body: &str) -> bool {
    !body.trim().is_empty() && serde_json::from_str::<IgnoredAny>(body).is_ok()
}

/// The URL without its query (cursors are not secrets, but messages stay short).
fn redact_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// Turns a non-2xx response into an [`Error`].
pub fn error_from(r: &HttpResponse) -> Error {
    let retry_after_ms = r
        .header("retry-after")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|s| (s * 1000.0) as u64);
    Error::from_response(
        r.status,
        &r.body,
        r.header("x-hubspot-correlation-id"),
        retry_after_ms,
    )
}
