//! What a caller configures: the client's options, the per-call options, and the validated
//! [`Config`].

use crate::endpoints::{ApiVersion, MAX_READ_INPUTS};
use crate::error::{Error, Result};
use crate::limiter::Window;
use crate::retry::Backoff;
use serde::de::IgnoredAny;
use serde::Deserialize;

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
    /// `false` turns pacing off; an object fixes the allowance, opts out of sharing or adds a
    /// store; default: learn it from HubSpot's headers, shared by every client of the token.
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
#[derive(Debug, Clone)]
pub enum RateLimitOption {
    /// `false`: no pacing (429s are still retried); `true`: the default.
    Enabled(bool),
    /// Fixed settings.
    Settings(RateLimitSettings),
}

// By hand rather than `#[serde(untagged)]`: a boolean or an object, read once (untagged enums
// buffer the value first, and that machinery is kilobytes of the client's wasm).
impl<'de> Deserialize<'de> for RateLimitOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = RateLimitOption;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("false, true or an object of rate-limit settings")
            }
            fn visit_bool<E>(self, on: bool) -> std::result::Result<RateLimitOption, E> {
                Ok(RateLimitOption::Enabled(on))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RateLimitOption, A::Error> {
                RateLimitSettings::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RateLimitOption::Settings)
            }
        }
        d.deserialize_any(Either)
    }
}

/// Pacing settings (any field may be left to the default).
///
/// Clients of one token and base URL share one pacer (its history of requests, the window
/// learned from headers, the holds after a 429). `maxRequests`/`intervalMs` are this client's
/// own cap on that shared history: it waits while the token's requests (every sharing client's)
/// fill its window; a client without them paces by the window learned from HubSpot.
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
    /// Default `true`: share one pacer with every client of the same token and base URL in this
    /// process (in JS: of the same entry); `false`: this client paces alone.
    #[serde(default)]
    #[tsify(optional)]
    pub shared: Option<bool>,
    /// A store shared by processes (such as `createRedisStore` of `hubspot-associations/redis`):
    /// every process of the token reserves its requests there. If the store fails or does not
    /// answer within an attempt's timeout, the client paces in its process alone and emits a
    /// `fallback` event. (For JS: the store stays there and the engine reads `true`; in Rust,
    /// attach a store with `Client::with_store`.)
    #[serde(default)]
    #[tsify(optional, type = "RateLimitStore")]
    pub store: Option<bool>,
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
    /// Whether the client shares its pacer with the other clients of its token and base URL.
    pub shared: bool,
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
    /// `batchRead({allPages})` hands every pass's associations over in
    /// [`Step::Part`](super::plan::Step)s of about 256 KB instead of merging them into the
    /// answer, whose results then hold none (off unless set: the JS glue sets it and gives the
    /// parts to the results itself, so that neither the pages nor the whole result pile up in
    /// wasm memory).
    pub stream_pages: bool,
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
            shared: true,
            stream_pages: false,
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
                "baseUrl must be an http(s) URL or an absolute path without query or fragment; got {}",
                crate::endpoints::path::quoted(&base_url)
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
            shared: settings.shared.unwrap_or(true),
            max_concurrent: settings
                .max_concurrent
                .map_or(d.max_concurrent, |n| n as usize),
            read_batch,
            write_batch,
            ..d
        })
    }
}
