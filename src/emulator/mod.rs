//! An offline, stateful HubSpot for the CRM Associations API (hubspot-api.md): records of any
//! object type, the association graph with HUBSPOT_DEFINED types and user-defined labels, limit
//! configurations that are enforced, every endpoint of the `v3`, `v4` and date-version (`2026-03`,
//! `2026-09`, any `YYYY-MM`) families with HubSpot's success codes, envelopes and error bodies,
//! bearer-token auth, rate limits per token, seeded fault injection and a request log.
//!
//! [`Emulator::respond`] is pure: one [`HttpRequest`] in, one [`Reply`] out (a response, plus a
//! delay to wait or a connection to drop, which the face carries out), no I/O.
//! [`Emulator::handle`] is the same without the delay.
//!
//! Choices where HubSpot's behaviour is not documented:
//! - Creating an association with labels (labelled PUT, batch create, v3 create) also adds the
//!   pair's unlabelled default type, as HubSpot shows both; archiving only the label keeps the pair.
//! - Pairs without a HUBSPOT_DEFINED unlabelled type (custom objects, company to company) get an
//!   invented HUBSPOT_DEFINED default type on first use; it and user-defined labels take ids from
//!   1000 up, in order of creation. A label for two different object types always gets two ids
//!   (one per direction, the inverse carrying `inverseLabel` or else the same label); a label of
//!   one object type without `inverseLabel` is one symmetric id.
//! - Batch read: an input whose record has no associations of that type is left out of `results`
//!   and reported in `errors` (category `OBJECT_NOT_FOUND`, subCategory
//!   `crm.associations.NO_ASSOCIATIONS_FOUND`); invalid ids give `VALIDATION_ERROR`, unknown
//!   records (with `autoCreateRecords: false`) `OBJECT_NOT_FOUND`. Errors are one per input.
//! - Paging cursors (`after`) are the last `toObjectId` returned, so pages stay exact while the
//!   graph changes.
//! - Limits: reads return configured limits only; batch create refuses an existing configuration
//!   (`CONFLICT`), batch update creates or replaces; purging an unconfigured limit is a no-op;
//!   limits are checked for new associations in both directions, never against existing ones.
//! - Archive endpoints refuse the whole request (400) for an invalid id or type, since v4's 204
//!   cannot carry per-input errors; archiving something that does not exist is a no-op.
//! - With `autoCreateRecords: false`, writes naming unknown records fail with HubSpot's 400 "One
//!   or more associations are invalid" (`INVALID_OBJECT_IDS`), reads with 404 `OBJECT_NOT_FOUND`.
//! - Empty `inputs` are accepted (an empty envelope).
//! - Rate limits (`rateLimit`): one bucket per bearer token (one shared bucket when
//!   `requireAuth` is false), a rolling window counted at arrival, a daily cap that starts over
//!   at UTC midnight. A 429 is not counted, nor is a 401 (it identifies no app, and carries no
//!   rate-limit headers). Every other answer carries the `X-HubSpot-RateLimit-*` headers,
//!   except a dropped connection and the `502html` gateway page. `Retry-After` only with
//!   `retryAfter: true`, as HubSpot's is not documented.
//! - Faults (`faults`): chosen before anything else; apart from `delay`, a faulted request has
//!   no effect (no state change, not counted by the limiter), so "applied or failed" is always
//!   clear. `malformed` is the truncated answer computed on a scratch copy of the state (the
//!   write is not applied). `delay` is the normal answer, applied at once and held back by the
//!   face, like a server that is slow to reply: a client that gives up waiting cannot assume
//!   the write did not happen. Injected 429s count as faults, not in [`Stats::rate_limited`].

mod faults;
mod ratelimit;
mod routes;
mod state;
mod types;
mod wire;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::transport::{HttpRequest, HttpResponse, Sleep};
pub use faults::{FaultKind, FaultOptions, DEFAULT_KINDS};
pub use ratelimit::RateLimitOptions;
pub use wire::IdLike;

/// How an [`Emulator`] behaves (JSON: camelCase keys, every key optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmulatorOptions {
    /// If set, only this bearer token is valid; otherwise any non-empty bearer token is.
    pub access_token: Option<String>,
    /// Whether requests need `Authorization: Bearer …` (default true; false when a backend adds it).
    pub require_auth: Option<bool>,
    /// Default true: any digit id of any object type exists on first use. False: only seeded
    /// records exist, others get HubSpot's errors.
    pub auto_create_records: Option<bool>,
    /// Page size of the `to` list per input in batch read (default 500, HubSpot's).
    pub batch_read_page_size: Option<usize>,
    /// Default true: v4 reads (the record list and batch read) carry `toObjectId` as a JSON
    /// number, as HubSpot's v4 answers do although its reference says string. False: strings.
    /// Date versions and v3 always answer strings, as their references say.
    pub numeric_ids: Option<bool>,
    /// Data loaded by [`Emulator::new`] and again by [`Emulator::reset`].
    pub seed: Option<Seed>,
    /// Rate limits per token (`rateLimit`; absent, `null` or `false`: none).
    #[serde(deserialize_with = "ratelimit::off_or")]
    pub rate_limit: Option<RateLimitOptions>,
    /// Fault injection (`faults`; absent, `null` or `false`: none).
    #[serde(deserialize_with = "ratelimit::off_or")]
    pub faults: Option<FaultOptions>,
}

/// Initial data. JSON example (ids as strings or numbers; object types as names, singular names
/// or type ids):
/// ```json
/// {"records": {"contacts": ["1", 2], "0-2": ["9007199254740993"]},
///  "labels": [{"fromObjectType": "contacts", "toObjectType": "companies",
///              "label": "Manager", "name": "manager", "inverseLabel": "Employer"}],
///  "associations": [{"fromObjectType": "contacts", "fromObjectId": 1, "toObjectType": "companies",
///                    "toObjectId": "9007199254740993", "types": [{"label": "Manager"},
///                    {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]}],
///  "limits": [{"fromObjectType": "contacts", "toObjectType": "companies", "label": "Manager",
///              "maxToObjectIds": 2}]}
/// ```
/// Applied in order records, labels, associations, limits. Labels get ids from 1000 up in seed
/// order. Seeded associations create their records, add the pair's default type (also when
/// `types` is empty or missing); limits seeded by the same call come after them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Seed {
    /// Record ids per object type.
    pub records: BTreeMap<String, Vec<IdLike>>,
    /// Associations to create.
    pub associations: Vec<SeedAssociation>,
    /// User-defined labels to create.
    pub labels: Vec<SeedLabel>,
    /// Limit configurations to set.
    pub limits: Vec<SeedLimit>,
}

/// An association in a [`Seed`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedAssociation {
    /// From object type.
    pub from_object_type: String,
    /// From record id.
    pub from_object_id: IdLike,
    /// To object type.
    pub to_object_type: String,
    /// To record id.
    pub to_object_id: IdLike,
    /// Types to add besides the default one.
    #[serde(default)]
    pub types: Vec<SeedType>,
}

/// An association type in a [`Seed`]: by `associationTypeId` (category optional) or by `label`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SeedType {
    /// `HUBSPOT_DEFINED` or `USER_DEFINED`; checked when given.
    pub association_category: Option<String>,
    /// The type id.
    pub association_type_id: Option<i64>,
    /// Or: the label of a type of that direction.
    pub label: Option<String>,
}

/// A user-defined label in a [`Seed`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedLabel {
    /// From object type.
    pub from_object_type: String,
    /// To object type.
    pub to_object_type: String,
    /// The label shown from the from-side.
    pub label: String,
    /// The internal name.
    pub name: String,
    /// The label of the inverse direction.
    #[serde(default)]
    pub inverse_label: Option<String>,
}

/// A limit configuration in a [`Seed`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedLimit {
    /// From object type.
    pub from_object_type: String,
    /// To object type.
    pub to_object_type: String,
    /// The type, by id and optional category or by label.
    #[serde(flatten)]
    pub association_type: SeedType,
    /// Alias of `associationTypeId`, as the limits API names it.
    #[serde(default)]
    pub type_id: Option<i64>,
    /// The maximum number of to-records per from-record for this type.
    pub max_to_object_ids: u32,
}

/// One request as the emulator received it, with the status it answered.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path as sent (percent-encoding kept), without origin and query.
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The headers as sent, but the bearer token shortened to its last 4 characters
    /// (`Bearer …wxyz`): enough to tell tokens apart, never the token itself.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
    /// The status answered (0 when the connection was dropped).
    pub status: u16,
    /// The injected fault, if any (its JSON spelling, such as `"503"` or `"delay:1000"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
}

/// One answer with what the face must do with it: wait `delay_ms` before answering, or drop
/// the connection instead of answering (`drop`; `response` is then status 0 and empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The response to send.
    pub response: HttpResponse,
    /// Milliseconds to wait before sending it (an injected `delay`).
    pub delay_ms: u64,
    /// Send nothing: drop the connection, or reject the fetch as a network failure.
    pub drop: bool,
}

/// Counters since creation or the last [`Emulator::reset`] (JSON: camelCase).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Requests received.
    pub requests: u64,
    /// Answers per status (0 for dropped connections), injected faults included.
    pub responses_by_status: BTreeMap<u16, u64>,
    /// 429s sent by the rate limiter (window and daily; injected 429s are faults).
    pub rate_limited: u64,
    /// Requests answered by an injected fault (delays included).
    pub faults_injected: u64,
    /// Injected faults per kind (their JSON spelling).
    pub faults_by_kind: BTreeMap<String, u64>,
    /// The largest number of rate-limiter 429s within any span of `intervalMs`, over all tokens.
    #[serde(rename = "max429InAnyWindow")]
    pub max_429_in_any_window: u64,
}

/// The emulator: state, options and the request log.
#[derive(Debug, Clone)]
pub struct Emulator {
    options: EmulatorOptions,
    state: state::State,
    log: Vec<LoggedRequest>,
    requests_seen: u64,
    limiter: ratelimit::Limiter,
    faults: faults::Faults,
    stats: Stats,
}

const AUTH_HELP: &str = "This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

impl Emulator {
    /// A fresh emulator with the options' seed applied.
    ///
    /// # Panics
    /// If the seed is invalid (use [`Emulator::from_json`] or [`Emulator::try_seed`] for an error).
    pub fn new(options: EmulatorOptions) -> Emulator {
        let mut emulator = Emulator {
            state: state::State::new(options.auto_create_records.unwrap_or(true)),
            faults: faults::Faults::new(options.faults.as_ref()),
            options,
            log: Vec::new(),
            requests_seen: 0,
            limiter: ratelimit::Limiter::default(),
            stats: Stats::default(),
        };
        if let Some(seed) = emulator.options.seed.clone() {
            emulator.seed(seed);
        }
        emulator
    }

    /// An emulator from [`EmulatorOptions`] as JSON (empty text means defaults).
    pub fn from_json(options_json: &str) -> Result<Emulator, String> {
        let options: EmulatorOptions = if options_json.trim().is_empty() {
            EmulatorOptions::default()
        } else {
            serde_json::from_str(options_json)
                .map_err(|e| format!("invalid emulator options: {e}"))?
        };
        if let Some(f) = &options.faults {
            f.validate()?;
        }
        let mut emulator = Emulator::new(EmulatorOptions {
            seed: None,
            ..options.clone()
        });
        if let Some(seed) = options.seed.clone() {
            emulator.try_seed(seed)?;
        }
        emulator.options = options;
        Ok(emulator)
    }

    /// Adds data.
    ///
    /// # Panics
    /// If the seed is invalid (unknown object type, bad id, unknown association type).
    pub fn seed(&mut self, seed: Seed) {
        if let Err(e) = self.try_seed(seed) {
            panic!("{e}");
        }
    }

    /// Adds data, all or nothing.
    pub fn try_seed(&mut self, seed: Seed) -> Result<(), String> {
        let mut st = self.state.clone();
        apply_seed(&mut st, &seed)?;
        self.state = st;
        Ok(())
    }

    /// Adds data given as [`Seed`] JSON, all or nothing.
    pub fn seed_json(&mut self, json: &str) -> Result<(), String> {
        self.try_seed(serde_json::from_str(json).map_err(|e| format!("invalid seed: {e}"))?)
    }

    /// Every request handled since creation (or the last clear), rejected ones included.
    pub fn requests(&self) -> &[LoggedRequest] {
        &self.log
    }

    /// Empties the request log.
    pub fn clear_requests(&mut self) {
        self.log.clear();
    }

    /// Back to the state right after `new(options)` with the current options (those given to
    /// [`Emulator::configure`] included): seed re-applied, log, rate-limit buckets and [`Stats`]
    /// cleared, fault script re-armed and fault generator re-seeded.
    pub fn reset(&mut self) {
        *self = Emulator::new(self.options.clone());
    }

    /// Changes options after creation. JSON object with `rateLimit` and/or `faults` (other keys
    /// are refused): a given key replaces that option whole (`null` or `false` turns it off), an
    /// absent key leaves it as it is. New fault options re-arm the script and re-seed the
    /// generator; new rate limits keep the requests already counted.
    pub fn configure(&mut self, json: &str) -> Result<(), String> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        struct Patch {
            #[serde(default, deserialize_with = "some_off_or")]
            rate_limit: Option<Option<RateLimitOptions>>,
            #[serde(default, deserialize_with = "some_off_or")]
            faults: Option<Option<FaultOptions>>,
        }
        fn some_off_or<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
        where
            D: serde::Deserializer<'de>,
            T: serde::de::DeserializeOwned,
        {
            ratelimit::off_or(d).map(Some)
        }
        let patch: Patch =
            serde_json::from_str(json).map_err(|e| format!("invalid emulator options: {e}"))?;
        if let Some(Some(f)) = &patch.faults {
            f.validate()?;
        }
        if let Some(rate_limit) = patch.rate_limit {
            self.options.rate_limit = rate_limit;
        }
        if let Some(faults) = patch.faults {
            self.faults = faults::Faults::new(faults.as_ref());
            self.options.faults = faults;
        }
        Ok(())
    }

    /// Counters since creation or the last [`Emulator::reset`].
    pub fn stats(&self) -> Stats {
        Stats {
            max_429_in_any_window: self.limiter.max_429_in_any_window,
            ..self.stats.clone()
        }
    }

    /// A JSON snapshot: `{records: {typeId: [id]}, associations: [{fromObjectTypeId, fromObjectId,
    /// toObjectTypeId, toObjectId, types: [{category, typeId, label}]}] (each direction listed),
    /// labels: [{category, typeId, label, name, fromObjectTypeId, toObjectTypeId, inverseTypeId}],
    /// defaultTypes: [same, the invented defaults], limits: [{fromObjectTypeId, toObjectTypeId,
    /// category, typeId, maxToObjectIds}]}`.
    pub fn state_json(&self) -> String {
        self.state.snapshot().to_string()
    }

    /// Answers one request (see [`Emulator::respond`]), ignoring an injected delay; a dropped
    /// connection comes back as status 0 with no headers and an empty body.
    pub fn handle(&mut self, request: &HttpRequest, now_ms: u64) -> HttpResponse {
        self.respond(request, now_ms).response
    }

    /// Answers one request, applying faults and rate limits. `url` may be absolute (any scheme
    /// and host) or a path with query. `now_ms` (Unix milliseconds) stamps envelopes and
    /// reports and is the arrival time for rate limits.
    ///
    /// Order: the fault (script entry, else random draw) is chosen first. A fault other than
    /// `delay` answers in place of HubSpot and has no effect at all: no state change (a
    /// `malformed` answer is computed on a scratch copy of the state and thrown away), not
    /// counted by the rate limiter. Otherwise auth is checked (a 401 is not counted and carries
    /// no rate-limit headers, as no app is identified), then the rate limits (a 429 is not
    /// counted), then the request is served. `delay` is the normal answer, its effect
    /// immediate, with [`Reply::delay_ms`] set.
    pub fn respond(&mut self, request: &HttpRequest, now_ms: u64) -> Reply {
        self.requests_seen += 1;
        let correlation_id = wire::correlation_id(self.requests_seen);
        let (origin, path, query) = split_url(&request.url);
        let fault = match &self.options.faults {
            Some(options) => self.faults.next(options, &path),
            None => None,
        };
        let call = Call {
            request,
            origin: &origin,
            path: &path,
            query: &query,
            now_ms,
            correlation_id: &correlation_id,
        };
        let reply = match fault {
            None => self.serve(&call, 0),
            Some(kind @ FaultKind::Delay(_)) => {
                let delay_ms = self.options.faults.as_ref().map_or(0, |o| o.delay_of(kind));
                self.serve(&call, delay_ms)
            }
            Some(kind) => self.inject(&call, kind),
        };
        self.stats.requests += 1;
        *self
            .stats
            .responses_by_status
            .entry(reply.response.status)
            .or_default() += 1;
        if let Some(kind) = fault {
            self.stats.faults_injected += 1;
            *self
                .stats
                .faults_by_kind
                .entry(kind.to_string())
                .or_default() += 1;
        }
        self.log.push(LoggedRequest {
            method: request.method.as_str().to_string(),
            path,
            query,
            headers: request
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), redact_authorization(k, v)))
                .collect(),
            body: request.body.clone(),
            status: reply.response.status,
            fault: fault.map(|k| k.to_string()),
        });
        reply
    }

    /// Auth, rate limits, then the route.
    fn serve(&mut self, call: &Call, delay_ms: u64) -> Reply {
        let mut rate_headers = Vec::new();
        let answer = match self.check_auth(call.request) {
            Err(f) => Err(f),
            Ok(()) => {
                let refused = match self.options.rate_limit.as_ref().map(|o| o.limits()) {
                    Some(limits) => {
                        let key = self.bucket_key(call.request);
                        let admission = self.limiter.admit(&limits, &key, call.now_ms);
                        rate_headers = admission.headers;
                        admission.refused
                    }
                    None => None,
                };
                match refused {
                    Some(policy) => {
                        self.stats.rate_limited += 1;
                        Err(self.too_many(policy))
                    }
                    None => self.answer(call),
                }
            }
        };
        let mut response = json_response(answer, call.correlation_id);
        response.headers.extend(rate_headers);
        Reply {
            response,
            delay_ms,
            drop: false,
        }
    }

    /// The answer of an injected fault other than `delay`: no effect on the state.
    fn inject(&mut self, call: &Call, kind: FaultKind) -> Reply {
        use ratelimit::Policy;
        let shown_as = match kind {
            FaultKind::RateLimited(_) => Some(Policy::Window),
            FaultKind::DailyLimit => Some(Policy::Daily),
            _ => None,
        };
        let mut response = match kind {
            FaultKind::Drop => {
                return Reply {
                    response: HttpResponse::new(0, ""),
                    delay_ms: 0,
                    drop: true,
                }
            }
            FaultKind::BadGatewayHtml => {
                // A gateway page: none of HubSpot's headers.
                let response = HttpResponse::new(502, faults::NGINX_502)
                    .with_header("content-type", "text/html");
                return Reply {
                    response,
                    delay_ms: 0,
                    drop: false,
                };
            }
            FaultKind::InternalError | FaultKind::Unavailable => {
                let status = if kind == FaultKind::InternalError {
                    500
                } else {
                    503
                };
                let body = json!({"status": "error", "message": "internal error"});
                json_response(Err(wire::Fail { status, body }), call.correlation_id)
            }
            FaultKind::Malformed => {
                let scratch = self.state.clone();
                let answer = self
                    .check_auth(call.request)
                    .and_then(|()| self.answer(call));
                self.state = scratch;
                let whole = json_response(answer, call.correlation_id);
                HttpResponse::new(200, faults::truncate(&whole.body))
                    .with_header("x-hubspot-correlation-id", call.correlation_id)
                    .with_header("content-type", "application/json;charset=utf-8")
            }
            FaultKind::RateLimited(_) | FaultKind::DailyLimit => {
                let policy = shown_as.unwrap_or(Policy::Window);
                json_response(Err(self.too_many(policy)), call.correlation_id)
            }
            FaultKind::Delay(_) => unreachable!("a delay is served normally"),
        };
        if let FaultKind::RateLimited(Some(s)) = kind {
            response = response.with_header("Retry-After", s.to_string());
        }
        if let Some(limits) = self.options.rate_limit.as_ref().map(|o| o.limits()) {
            let key = self.bucket_key(call.request);
            let headers = self.limiter.peek(&limits, &key, call.now_ms, shown_as);
            response.headers.extend(headers);
        }
        Reply {
            response,
            delay_ms: 0,
            drop: false,
        }
    }

    /// A 429 of that policy (its `requestId` derived from the request number).
    fn too_many(&self, policy: ratelimit::Policy) -> wire::Fail {
        let request_id = wire::correlation_id(self.requests_seen ^ (1 << 40));
        wire::Fail {
            status: 429,
            body: ratelimit::too_many_body(policy, &request_id),
        }
    }

    /// Whose limits a request counts against: its bearer token, or one shared bucket when auth
    /// is off.
    fn bucket_key(&self, request: &HttpRequest) -> String {
        if !self.options.require_auth.unwrap_or(true) {
            return String::new();
        }
        bearer(request).unwrap_or_default().to_string()
    }

    fn answer(&mut self, call: &Call) -> Result<routes::Resp, wire::Fail> {
        let segments: Vec<String> = call
            .path
            .split('/')
            .skip(1)
            .map(|s| wire::percent_decode(s, false))
            .collect();
        let (handler, family, params) = routes::route(call.request.method, &segments)?;
        let ctx = routes::Ctx {
            family,
            params,
            query: call.query,
            body: call.request.body.as_deref(),
            now_ms: call.now_ms,
            link: format!("{}{}", call.origin, call.path),
            batch_read_page_size: self.options.batch_read_page_size.unwrap_or(500).max(1),
            numeric_ids: self.options.numeric_ids.unwrap_or(true),
        };
        handler(&mut self.state, &ctx)
    }

    fn check_auth(&self, request: &HttpRequest) -> Result<(), wire::Fail> {
        if !self.options.require_auth.unwrap_or(true) {
            return Ok(());
        }
        match (bearer(request), &self.options.access_token) {
            (None, _) => Err(wire::fail(
                401,
                "INVALID_AUTHENTICATION",
                format!("Authentication credentials not found. {AUTH_HELP}"),
            )),
            (Some(t), Some(expected)) if t != expected => Err(wire::fail(
                401,
                "INVALID_AUTHENTICATION",
                format!("The access token used to make this call is not valid. {AUTH_HELP}"),
            )),
            _ => Ok(()),
        }
    }
}

/// What a request is about, for the steps of [`Emulator::respond`].
struct Call<'a> {
    request: &'a HttpRequest,
    origin: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    now_ms: u64,
    correlation_id: &'a str,
}

/// The token of `Authorization: Bearer <token>`, if any.
fn bearer(request: &HttpRequest) -> Option<&str> {
    request.header("authorization").and_then(|h| {
        let (scheme, token) = h.trim().split_once(' ')?;
        Some(token.trim()).filter(|t| scheme.eq_ignore_ascii_case("bearer") && !t.is_empty())
    })
}

/// An answer or a refusal as a response: JSON body (with `correlationId` in error bodies) and
/// the correlation header.
fn json_response(answer: Result<routes::Resp, wire::Fail>, correlation_id: &str) -> HttpResponse {
    let answer = answer.unwrap_or_else(|f| routes::Resp {
        status: f.status,
        body: Some(f.body),
    });
    let mut response = HttpResponse::new(answer.status, "")
        .with_header("x-hubspot-correlation-id", correlation_id);
    if let Some(mut body) = answer.body {
        if body.get("status") == Some(&json!("error")) {
            body["correlationId"] = json!(correlation_id);
        }
        response.body = body.to_string();
        response = response.with_header("content-type", "application/json;charset=utf-8");
    }
    response
}

/// Splits a URL (absolute or path) into origin (`scheme://host` or empty), path (starting with
/// `/`, still encoded) and decoded query pairs.
fn split_url(url: &str) -> (String, String, Vec<(String, String)>) {
    let url = url.split('#').next().unwrap_or("");
    let (origin, rest) = match url.find("://") {
        Some(i) => {
            let end = url[i + 3..]
                .find(['/', '?'])
                .map_or(url.len(), |j| i + 3 + j);
            (&url[..end], &url[end..])
        }
        None => ("", url),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (wire::percent_decode(k, true), wire::percent_decode(v, true))
        })
        .collect();
    (origin.to_string(), path, query)
}

fn seed_type(
    st: &state::State,
    a: &str,
    b: &str,
    category: Option<&str>,
    type_id: Option<i64>,
    label: Option<&str>,
) -> Result<u32, String> {
    let found = st.pair_types(a, b).find(|t| match (type_id, label) {
        (Some(id), _) => i64::from(t.id) == id && category.is_none_or(|c| c == t.category),
        (None, Some(l)) => t.label.as_deref() == Some(l),
        (None, None) => false,
    });
    found
        .map(|t| t.id)
        .ok_or_else(|| format!("seed: no association type {type_id:?}/{label:?} from {a} to {b}"))
}

fn apply_seed(st: &mut state::State, seed: &Seed) -> Result<(), String> {
    let ty = |raw: &str| {
        types::normalize(raw).ok_or_else(|| format!("seed: unknown object type '{raw}'"))
    };
    let id =
        |raw: &IdLike| wire::parse_id(&raw.0).map_err(|_| format!("seed: invalid id '{}'", raw.0));
    for (t, ids) in &seed.records {
        let t = ty(t)?;
        for i in ids {
            st.add_record(&t, id(i)?);
        }
    }
    for l in &seed.labels {
        let (a, b) = (ty(&l.from_object_type)?, ty(&l.to_object_type)?);
        st.create_label(&a, &b, &l.label, &l.name, l.inverse_label.as_deref())
            .map_err(|f| format!("seed: {}", f.body["message"]))?;
    }
    for s in &seed.associations {
        let (a, aid, b, bid) = (
            ty(&s.from_object_type)?,
            id(&s.from_object_id)?,
            ty(&s.to_object_type)?,
            id(&s.to_object_id)?,
        );
        let mut type_ids = BTreeSet::from([st.default_type(&a, &b)]);
        for t in &s.types {
            type_ids.insert(seed_type(
                st,
                &a,
                &b,
                t.association_category.as_deref(),
                t.association_type_id,
                t.label.as_deref(),
            )?);
        }
        st.add_record(&a, aid);
        st.add_record(&b, bid);
        st.associate(&a, aid, &b, bid, &type_ids)
            .map_err(|f| format!("seed: {}", f.body["message"]))?;
    }
    for l in &seed.limits {
        let (a, b) = (ty(&l.from_object_type)?, ty(&l.to_object_type)?);
        let t = &l.association_type;
        let t = seed_type(
            st,
            &a,
            &b,
            t.association_category.as_deref(),
            t.association_type_id.or(l.type_id),
            t.label.as_deref(),
        )?;
        if l.max_to_object_ids == 0 {
            return Err("seed: maxToObjectIds must be at least 1".into());
        }
        st.limits.insert((a, b, t), l.max_to_object_ids);
    }
    Ok(())
}

/// `Authorization` values keep their scheme and the token's last 4 characters only.
fn redact_authorization(name: &str, value: &str) -> String {
    if !name.eq_ignore_ascii_case("authorization") {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, token)) if token.chars().count() > 4 => {
            let tail: String = token
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("{scheme} …{tail}")
        }
        Some((scheme, _)) => format!("{scheme} …"),
        None => "…".into(),
    }
}

/// The emulator as a [`crate::transport::Transport`], for running the client in-process (native
/// tests, Rust users' tests). Time is the given clock's, in milliseconds. A dropped connection
/// (injected `drop`) fails with [`crate::transport::TransportError::Network`]; an injected
/// `delay` is waited with the sleeper, which by default ([`SkipDelays`]) does not wait at all
/// (give one with [`InProcess::with_sleep`]).
pub struct InProcess<C: Fn() -> u64 = fn() -> u64, S: Sleep = SkipDelays> {
    emulator: std::cell::RefCell<Emulator>,
    clock: C,
    sleep: S,
}

/// A [`Sleep`] that returns at once: [`InProcess`] answers delayed requests without waiting.
#[derive(Debug, Clone, Copy, Default)]
pub struct SkipDelays;

impl Sleep for SkipDelays {
    fn sleep(&self, _ms: u64) -> impl std::future::Future<Output = ()> {
        std::future::ready(())
    }
    fn now_ms(&self) -> u64 {
        0
    }
}

impl InProcess {
    /// Wraps an emulator; time is a fixed instant (2026-03-01T12:00:00Z).
    pub fn new(emulator: Emulator) -> InProcess {
        InProcess {
            emulator: std::cell::RefCell::new(emulator),
            clock: || 1_772_366_400_000,
            sleep: SkipDelays,
        }
    }
}

impl<C: Fn() -> u64> InProcess<C> {
    /// Wraps an emulator with a clock.
    pub fn with_clock(emulator: Emulator, clock: C) -> Self {
        InProcess {
            emulator: std::cell::RefCell::new(emulator),
            clock,
            sleep: SkipDelays,
        }
    }
}

impl<C: Fn() -> u64, S: Sleep> InProcess<C, S> {
    /// The same transport, waiting injected delays with `sleep`.
    pub fn with_sleep<S2: Sleep>(self, sleep: S2) -> InProcess<C, S2> {
        InProcess {
            emulator: self.emulator,
            clock: self.clock,
            sleep,
        }
    }

    /// The emulator, for seeding and assertions.
    pub fn emulator(&self) -> std::cell::RefMut<'_, Emulator> {
        self.emulator.borrow_mut()
    }
}

impl<C: Fn() -> u64, S: Sleep> crate::transport::Transport for InProcess<C, S> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl std::future::Future<Output = Result<HttpResponse, crate::transport::TransportError>>
    {
        let reply = self.emulator.borrow_mut().respond(&request, (self.clock)());
        async move {
            if reply.delay_ms > 0 {
                self.sleep.sleep(reply.delay_ms).await;
            }
            if reply.drop {
                Err(crate::transport::TransportError::Network(
                    "connection dropped".into(),
                ))
            } else {
                Ok(reply.response)
            }
        }
    }
}
