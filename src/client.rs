//! The engine: turns an operation's description into HTTP exchanges over a [`Transport`], with a
//! per-attempt timeout, and decodes the answer. Generic over the transport and the sleeper so the
//! same code runs natively against the emulator and in wasm against `fetch`.

use crate::endpoints::{ApiVersion, Operation, RequestSpec};
use crate::error::{Error, ErrorKind, Result};
use crate::transport::{HttpRequest, HttpResponse, Sleep, Transport, TransportError};
use futures_util::future::{select, Either};
use serde::de::IgnoredAny;
use serde::Deserialize;
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            access_token: None,
            base_url: DEFAULT_BASE_URL.into(),
            api_version: ApiVersion::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            user_agent: None,
        }
    }
}

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
        Ok(Config {
            access_token: o.access_token,
            base_url: trimmed.to_string(),
            api_version: o.api_version.unwrap_or_default(),
            timeout_ms: o.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            user_agent: o.user_agent,
        })
    }
}

/// A HubSpot associations client over a transport and a sleeper.
pub struct Client<T, S> {
    config: Config,
    transport: T,
    sleep: S,
}

impl<T: Transport, S: Sleep> Client<T, S> {
    /// A client with a validated configuration.
    pub fn new(config: Config, transport: T, sleep: S) -> Self {
        Client {
            config,
            transport,
            sleep,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport (tests reach the emulator through it).
    pub fn transport(&self) -> &T {
        &self.transport
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
        self.run(op, call, abort)
            .await
            .map_err(|e| match &self.config.access_token {
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
        let timeout = call.timeout_ms.unwrap_or(self.config.timeout_ms);
        if timeout == 0 {
            return Err(Error::invalid_input("timeoutMs must be at least 1"));
        }
        let request = self.build_request(&spec);
        if abort.is_aborted() {
            return Err(Error::new(
                ErrorKind::Aborted,
                format!("{} was aborted before it was sent", O::NAME),
            ));
        }
        let response = self
            .attempt(request, timeout, abort)
            .await
            .map_err(|mut e| {
                e.attempts = 1;
                e
            })?;
        let result = if (200..300).contains(&response.status) {
            O::decode(&response.body)
        } else {
            Err(error_from(&response))
        };
        result.map_err(|mut e| {
            e.attempts = 1;
            e
        })
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

    /// One attempt, bounded by `timeout_ms`.
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
            Either::Left(_) => Either::Left((Err(TransportError::Aborted), ())),
            Either::Right((Either::Left((r, _)), _)) => Either::Left((r, ())),
            Either::Right((Either::Right(_), _)) => Either::Right(()),
        };
        match outcome {
            Either::Left((Ok(r), _)) => Ok(r),
            Either::Left((Err(TransportError::Network(m)), _)) => Err(Error::new(
                ErrorKind::Network,
                format!("{what} failed: {m}"),
            )),
            Either::Left((Err(TransportError::Aborted), _)) => Err(Error::new(
                ErrorKind::Aborted,
                format!("{what} was aborted"),
            )),
            Either::Left((Err(TransportError::Timeout), _)) | Either::Right(_) => Err(Error::new(
                ErrorKind::Timeout,
                format!("{what} timed out after {timeout_ms} ms"),
            )),
        }
    }
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
