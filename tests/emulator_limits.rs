#![cfg(feature = "emulator")]
//! The emulator's rate limits (window, daily, per token, headers, 429 bodies, Retry-After) and
//! fault injection (scripted and seeded), through `respond`, `handle`, `configure`, `stats` and
//! the in-process transport.

use std::cell::RefCell;

use hubspot_associations::emulator::{Emulator, InProcess, Reply};
use hubspot_associations::transport::{
    HttpRequest, HttpResponse, Method, Sleep, Transport, TransportError,
};
use serde_json::{json, Value};

const NOW: u64 = 1_772_366_400_000; // 2026-03-01T12:00:00Z
const LABELS: &str = "/crm/v4/associations/contacts/companies/labels";
const CREATE: &str = "/crm/v4/associations/contacts/companies/batch/associate/default";

fn emu(options: Value) -> Emulator {
    Emulator::from_json(&options.to_string()).expect("valid options")
}

fn request(method: Method, path: &str, token: Option<&str>, body: Option<&str>) -> HttpRequest {
    HttpRequest {
        method,
        url: format!("https://api.hubapi.com{path}"),
        headers: token
            .map(|t| vec![("Authorization".to_string(), format!("Bearer {t}"))])
            .unwrap_or_default(),
        body: body.map(str::to_string),
        shape: 0,
    }
}

/// A GET of the labels list with token `t` at `NOW + at`.
fn get_as(e: &mut Emulator, t: &str, at: u64) -> Reply {
    e.respond(&request(Method::Get, LABELS, Some(t), None), NOW + at)
}

fn get(e: &mut Emulator, at: u64) -> Reply {
    get_as(e, "tok", at)
}

/// Associates contact `from` with company `to` (a write).
fn create(e: &mut Emulator, from: u64, to: u64) -> Reply {
    let body =
        json!({"inputs": [{"from": {"id": from.to_string()}, "to": {"id": to.to_string()}}]});
    e.respond(
        &request(Method::Post, CREATE, Some("tok"), Some(&body.to_string())),
        NOW,
    )
}

fn h<'a>(r: &'a HttpResponse, name: &str) -> Option<&'a str> {
    r.header(name)
}

fn remaining(r: &Reply) -> Option<u64> {
    h(&r.response, "x-hubspot-ratelimit-remaining").map(|v| v.parse().unwrap())
}

fn body(r: &Reply) -> Value {
    serde_json::from_str(&r.response.body).expect("JSON body")
}

fn assert_429(r: &Reply, policy: &str, message: &str) {
    assert_eq!(r.response.status, 429);
    assert_eq!(
        h(&r.response, "content-type"),
        Some("application/json;charset=utf-8")
    );
    let b = body(r);
    let correlation = h(&r.response, "x-hubspot-correlation-id").unwrap();
    assert_eq!(b["status"], "error");
    assert_eq!(b["message"], message);
    assert_eq!(b["errorType"], "RATE_LIMIT");
    assert_eq!(b["policyName"], policy);
    assert_eq!(b["correlationId"], correlation);
    assert_eq!(b["requestId"].as_str().map(str::len), Some(36));
    assert_ne!(b["requestId"], b["correlationId"]);
    assert_eq!(
        b.as_object().unwrap().len(),
        6,
        "exactly HubSpot's fields: {b}"
    );
}

fn window_429(r: &Reply) {
    assert_429(
        r,
        "TEN_SECONDLY_ROLLING",
        "You have reached your ten_secondly_rolling limit.",
    );
}

fn daily_429(r: &Reply) {
    assert_429(r, "DAILY", "You have reached your daily limit.");
}

#[test]
fn without_rate_limit_options_there_are_no_limits_and_no_headers() {
    let mut e = emu(json!({}));
    for i in 0..300 {
        let r = get(&mut e, i);
        assert_eq!(r.response.status, 200);
        assert_eq!(remaining(&r), None);
    }
    assert_eq!(e.stats().rate_limited, 0);
}

#[test]
fn a_rolling_window_with_hubspots_headers_and_429() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 3, "intervalMs": 10000}}));
    for (i, left) in [2, 1, 0].into_iter().enumerate() {
        let r = get(&mut e, i as u64);
        assert_eq!(r.response.status, 200);
        assert_eq!(h(&r.response, "X-HubSpot-RateLimit-Max"), Some("3"));
        assert_eq!(remaining(&r), Some(left));
        assert_eq!(
            h(&r.response, "X-HubSpot-RateLimit-Interval-Milliseconds"),
            Some("10000")
        );
        assert_eq!(h(&r.response, "X-HubSpot-RateLimit-Daily"), None);
        assert_eq!(h(&r.response, "X-HubSpot-RateLimit-Daily-Remaining"), None);
    }
    let refused = get(&mut e, 5_000);
    window_429(&refused);
    assert_eq!(remaining(&refused), Some(0));
    assert_eq!(h(&refused.response, "X-HubSpot-RateLimit-Max"), Some("3"));
    assert_eq!(h(&refused.response, "Retry-After"), None, "off by default");
    window_429(&get(&mut e, 9_999));
    // The first request leaves the window at 10 000 ms; the refused ones never counted.
    let r = get(&mut e, 10_000);
    assert_eq!(r.response.status, 200);
    assert_eq!(remaining(&r), Some(0));
    window_429(&get(&mut e, 10_000));
    assert_eq!(get(&mut e, 10_002).response.status, 200);
    // A quiet window: the whole allowance is back.
    assert_eq!(remaining(&get(&mut e, 30_000)), Some(2));
}

#[test]
fn defaults_are_hubspots_100_per_10_seconds() {
    let mut e = emu(json!({"rateLimit": {}}));
    for i in 0..100 {
        assert_eq!(get(&mut e, i).response.status, 200);
    }
    let r = get(&mut e, 100);
    window_429(&r);
    assert_eq!(h(&r.response, "X-HubSpot-RateLimit-Max"), Some("100"));
    assert_eq!(
        h(&r.response, "X-HubSpot-RateLimit-Interval-Milliseconds"),
        Some("10000")
    );
    assert_eq!(get(&mut e, 10_000).response.status, 200);
}

#[test]
fn retry_after_is_the_seconds_until_a_slot_frees_rounded_up() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 2, "retryAfter": true}}));
    get(&mut e, 0);
    get(&mut e, 4_000);
    let r = get(&mut e, 5_500);
    window_429(&r);
    assert_eq!(
        h(&r.response, "Retry-After"),
        Some("5"),
        "4.5 s, rounded up"
    );
    let r = get(&mut e, 9_999);
    assert_eq!(h(&r.response, "Retry-After"), Some("1"));
    let ok = get(&mut e, 10_000);
    assert_eq!(ok.response.status, 200);
    assert_eq!(h(&ok.response, "Retry-After"), None);
}

#[test]
fn a_daily_cap_with_its_headers_and_policy() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 100, "daily": 2, "retryAfter": true}}));
    for left in [1, 0] {
        let r = get(&mut e, 0);
        assert_eq!(r.response.status, 200);
        assert_eq!(h(&r.response, "X-HubSpot-RateLimit-Daily"), Some("2"));
        assert_eq!(
            h(&r.response, "X-HubSpot-RateLimit-Daily-Remaining"),
            Some(left.to_string().as_str())
        );
    }
    let r = get(&mut e, 1_000);
    daily_429(&r);
    assert_eq!(
        h(&r.response, "X-HubSpot-RateLimit-Daily-Remaining"),
        Some("0")
    );
    assert_eq!(
        remaining(&r),
        Some(98),
        "the window still shows its own count"
    );
    // NOW is noon UTC: the day starts over at midnight, 12 h later.
    assert_eq!(h(&r.response, "Retry-After"), Some("43199"));
    daily_429(&get(&mut e, 43_199_999));
    let r = get(&mut e, 43_200_000);
    assert_eq!(r.response.status, 200);
    assert_eq!(
        h(&r.response, "X-HubSpot-RateLimit-Daily-Remaining"),
        Some("1")
    );
}

#[test]
fn limits_are_per_token_and_shared_without_auth() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 1}}));
    assert_eq!(get_as(&mut e, "a", 0).response.status, 200);
    window_429(&get_as(&mut e, "a", 1));
    assert_eq!(get_as(&mut e, "b", 2).response.status, 200);

    let mut e = emu(json!({"requireAuth": false, "rateLimit": {"maxRequests": 1}}));
    assert_eq!(get_as(&mut e, "a", 0).response.status, 200);
    window_429(&get_as(&mut e, "b", 1));
    let anonymous = e.respond(&request(Method::Get, LABELS, None, None), NOW + 2);
    window_429(&anonymous);
}

#[test]
fn a_401_is_not_counted_and_carries_no_rate_limit_headers() {
    let mut e = emu(json!({"accessToken": "good", "rateLimit": {"maxRequests": 1}}));
    for t in ["bad", "worse"] {
        let r = get_as(&mut e, t, 0);
        assert_eq!(r.response.status, 401);
        assert_eq!(remaining(&r), None);
    }
    let missing = e.respond(&request(Method::Get, LABELS, None, None), NOW);
    assert_eq!(missing.response.status, 401);
    assert_eq!(get_as(&mut e, "good", 0).response.status, 200);
}

#[test]
fn stats_count_answers_429s_and_the_worst_window() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 1, "intervalMs": 1000}}));
    get(&mut e, 0);
    get(&mut e, 100);
    get(&mut e, 200);
    // Alone in its window: 1 000 ms after the 429 at 100 it no longer counts.
    get(&mut e, 1_100);
    get(&mut e, 1_500);
    let s = e.stats();
    assert_eq!(s.requests, 5);
    assert_eq!(s.rate_limited, 3);
    assert_eq!(s.responses_by_status.get(&200), Some(&2));
    assert_eq!(s.responses_by_status.get(&429), Some(&3));
    assert_eq!(
        s.max_429_in_any_window, 2,
        "100 and 200 share a window; 1 500 is alone"
    );
    assert_eq!(s.faults_injected, 0);
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["max429InAnyWindow"], 2);
    assert_eq!(v["responsesByStatus"]["429"], 3);
    assert_eq!(v["rateLimited"], 3);
    assert_eq!(v["faultsInjected"], 0);

    let mut spaced = emu(json!({"rateLimit": {"maxRequests": 1, "intervalMs": 1000}}));
    for at in [0, 10, 1_000, 1_010, 2_000, 2_010] {
        get(&mut spaced, at);
    }
    assert_eq!(spaced.stats().rate_limited, 3);
    assert_eq!(spaced.stats().max_429_in_any_window, 1);

    e.reset();
    assert_eq!(e.stats(), Default::default());
    assert_eq!(get(&mut e, 100).response.status, 200, "buckets cleared");
}

#[test]
fn scripted_faults_of_every_kind() {
    let script = json!([
        "500",
        "503",
        "502html",
        "malformed",
        "drop",
        "delay:250",
        "delay",
        "429",
        "429daily",
        "429retryafter:2",
        null
    ]);
    let mut e = emu(json!({"faults": {"script": script, "delayMs": 300}}));

    for status in [500, 503] {
        let r = get(&mut e, 0);
        assert_eq!(r.response.status, status);
        assert_eq!(
            h(&r.response, "content-type"),
            Some("application/json;charset=utf-8")
        );
        let b = body(&r);
        assert_eq!(b["status"], "error");
        assert_eq!(b["message"], "internal error");
        assert_eq!(b["correlationId"].as_str().map(str::len), Some(36));
        assert!(!r.drop);
        assert_eq!(r.delay_ms, 0);
    }

    let r = get(&mut e, 0);
    assert_eq!(r.response.status, 502);
    assert_eq!(h(&r.response, "content-type"), Some("text/html"));
    assert!(r.response.body.contains("<h1>502 Bad Gateway</h1>"));
    assert!(r.response.body.contains("nginx"));

    let r = get(&mut e, 0);
    assert_eq!(r.response.status, 200);
    assert_eq!(
        h(&r.response, "content-type"),
        Some("application/json;charset=utf-8")
    );
    assert!(r.response.body.starts_with('{'));
    assert!(serde_json::from_str::<Value>(&r.response.body).is_err());

    let r = get(&mut e, 0);
    assert!(r.drop);
    assert_eq!(r.response.status, 0);
    assert!(r.response.body.is_empty() && r.response.headers.is_empty());

    for delay in [250, 300] {
        let r = get(&mut e, 0);
        assert_eq!(r.delay_ms, delay);
        assert_eq!(r.response.status, 200);
        assert!(body(&r)["results"].is_array(), "the normal answer");
    }

    let r = get(&mut e, 0);
    window_429(&r);
    assert_eq!(h(&r.response, "Retry-After"), None);
    daily_429(&get(&mut e, 0));
    let r = get(&mut e, 0);
    window_429(&r);
    assert_eq!(h(&r.response, "Retry-After"), Some("2"));

    // `null`, then the script is spent and (given a script) the random rate defaults to 0.
    for _ in 0..20 {
        let r = get(&mut e, 0);
        assert_eq!((r.response.status, r.delay_ms, r.drop), (200, 0, false));
    }

    let log = e.requests();
    let statuses: Vec<u16> = log.iter().take(12).map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [500, 503, 502, 200, 0, 200, 200, 429, 429, 429, 200, 200]
    );
    let faults: Vec<Option<&str>> = log.iter().take(11).map(|r| r.fault.as_deref()).collect();
    assert_eq!(
        faults,
        [
            Some("500"),
            Some("503"),
            Some("502html"),
            Some("malformed"),
            Some("drop"),
            Some("delay:250"),
            Some("delay"),
            Some("429"),
            Some("429daily"),
            Some("429retryafter:2"),
            None
        ]
    );
    let s = e.stats();
    assert_eq!(s.faults_injected, 10);
    assert_eq!(s.faults_by_kind.get("drop"), Some(&1));
    assert_eq!(s.responses_by_status.get(&0), Some(&1));
    assert_eq!(s.responses_by_status.get(&429), Some(&3));
    assert_eq!(s.rate_limited, 0, "injected 429s are faults");
    assert_eq!(s.max_429_in_any_window, 0);
}

#[test]
fn a_faulted_write_leaves_the_state_unchanged() {
    for kind in [
        "500",
        "503",
        "502html",
        "malformed",
        "drop",
        "429",
        "429daily",
        "429retryafter:1",
    ] {
        let mut e = emu(json!({"faults": {"script": [kind]}}));
        let before = e.state_json();
        let r = create(&mut e, 1, 2);
        assert_eq!(e.state_json(), before, "{kind} must have no effect");
        assert_eq!(e.requests()[0].fault.as_deref(), Some(kind));
        if kind == "malformed" {
            // The answer the write would have had, cut short.
            assert!(
                r.response
                    .body
                    .starts_with(r#"{"status":"COMPLETE","results":["#)
                    && serde_json::from_str::<serde_json::Value>(&r.response.body).is_err(),
                "{}",
                r.response.body
            );
        }
        // The same write answered normally takes effect.
        assert!(create(&mut e, 1, 2).response.status < 300);
        assert_ne!(e.state_json(), before);
    }
    // A delay is the normal answer, held back: the write is applied at once.
    let mut e = emu(json!({"faults": {"script": ["delay"]}}));
    let before = e.state_json();
    let r = create(&mut e, 1, 2);
    assert_eq!(r.delay_ms, 1000);
    assert_ne!(e.state_json(), before);
}

#[test]
fn faulted_requests_are_not_counted_by_the_limiter_but_show_its_headers() {
    let mut e = emu(json!({"rateLimit": {"maxRequests": 2},
                           "faults": {"script": ["503", "502html", "drop", "429", null, "delay:5"]}}));
    let r = get(&mut e, 0);
    assert_eq!(r.response.status, 503);
    assert_eq!(remaining(&r), Some(2), "shown, not counted");
    assert_eq!(remaining(&get(&mut e, 0)), None, "a gateway page");
    assert!(get(&mut e, 0).response.headers.is_empty(), "a drop");
    let r = get(&mut e, 0);
    window_429(&r);
    assert_eq!(remaining(&r), Some(0));
    assert_eq!(remaining(&get(&mut e, 0)), Some(1));
    assert_eq!(remaining(&get(&mut e, 0)), Some(0), "a delay is counted");
    window_429(&get(&mut e, 0));
    assert_eq!(e.stats().rate_limited, 1);
}

fn fault_sequence(seed: u64, n: u64) -> Vec<Option<String>> {
    let mut e = emu(json!({"faults": {"seed": seed, "rate": 0.3}}));
    for i in 0..n {
        get(&mut e, i);
    }
    e.requests().iter().map(|r| r.fault.clone()).collect()
}

#[test]
fn seeded_random_faults_repeat_with_the_same_seed_and_differ_with_another() {
    let a = fault_sequence(42, 600);
    assert_eq!(a, fault_sequence(42, 600));
    assert_ne!(a, fault_sequence(43, 600));
    let faulted = a.iter().flatten().count();
    assert!((120..=240).contains(&faulted), "about 30 %: {faulted}");
    for kind in ["500", "502html", "503", "malformed", "delay", "drop"] {
        assert!(
            a.iter().flatten().any(|k| k == kind),
            "every default kind is drawn: {kind}"
        );
    }
}

#[test]
fn random_faults_default_to_10_percent_and_respect_kinds_and_paths() {
    let mut e = emu(json!({"faults": {}}));
    for i in 0..1000 {
        get(&mut e, i);
    }
    let n = e.stats().faults_injected;
    assert!((60..=140).contains(&n), "about 10 %: {n}");

    let mut e = emu(json!({"faults": {"rate": 1, "kinds": ["503"], "paths": "batch/associate"}}));
    for i in 0..10 {
        assert_eq!(get(&mut e, 0).response.status, 200);
        assert_eq!(create(&mut e, 1, i + 2).response.status, 503);
    }
}

#[test]
fn configure_turns_limits_and_faults_on_and_off() {
    let mut e = emu(json!({}));
    e.configure(r#"{"faults": {"script": ["503"]}, "rateLimit": {"maxRequests": 1}}"#)
        .unwrap();
    assert_eq!(get(&mut e, 0).response.status, 503);
    assert_eq!(get(&mut e, 0).response.status, 200);
    window_429(&get(&mut e, 0));
    e.configure(r#"{"rateLimit": false}"#).unwrap();
    assert_eq!(get(&mut e, 0).response.status, 200);
    e.configure(r#"{"faults": {"rate": 1, "kinds": ["drop"]}}"#)
        .unwrap();
    assert!(get(&mut e, 0).drop);
    e.configure(r#"{"faults": null}"#).unwrap();
    assert!(!get(&mut e, 0).drop);
    // Only these two options; invalid ones change nothing.
    assert!(e.configure(r#"{"accessToken": "x"}"#).is_err());
    assert!(e
        .configure(r#"{"faults": {"script": ["404"]}}"#)
        .unwrap_err()
        .contains("unknown fault kind '404'"));
    assert!(e.configure(r#"{"faults": {"rate": 1.5}}"#).is_err());
    assert!(e.configure(r#"{"rateLimit": {"max": 3}}"#).is_err());
    assert_eq!(get(&mut e, 0).response.status, 200);

    // reset: the state after creation with the current options, so the script is re-armed.
    e.configure(r#"{"faults": {"script": ["500"]}}"#).unwrap();
    assert_eq!(get(&mut e, 0).response.status, 500);
    e.reset();
    assert_eq!(e.stats().requests, 0);
    assert_eq!(get(&mut e, 0).response.status, 500);
}

#[test]
fn options_are_checked_at_creation() {
    assert!(Emulator::from_json(r#"{"rateLimit": false, "faults": null}"#).is_ok());
    for bad in [
        r#"{"faults": {"kinds": ["delay:soon"]}}"#,
        r#"{"faults": {"rate": -0.1}}"#,
        r#"{"faults": {"kinds": []}}"#,
        r#"{"faults": {"sead": 1}}"#,
        r#"{"rateLimit": {"maxRequests": "many"}}"#,
    ] {
        assert!(Emulator::from_json(bad).is_err(), "{bad}");
    }
}

#[test]
fn handle_ignores_delays_and_answers_a_drop_with_status_0() {
    let mut e = emu(json!({"faults": {"script": ["delay", "drop"]}}));
    let r = request(Method::Get, LABELS, Some("tok"), None);
    assert_eq!(e.handle(&r, NOW).status, 200);
    let dropped = e.handle(&r, NOW);
    assert_eq!((dropped.status, dropped.body.as_str()), (0, ""));
}

#[derive(Default)]
struct RecordingSleep(RefCell<Vec<u64>>);

impl Sleep for &RecordingSleep {
    fn sleep(&self, ms: u64) -> impl std::future::Future<Output = ()> {
        self.0.borrow_mut().push(ms);
        std::future::ready(())
    }
    fn now_ms(&self) -> u64 {
        self.0.borrow().iter().sum()
    }
}

#[test]
fn in_process_drops_fail_as_network_errors_and_delays_use_the_sleeper() {
    let sleeper = RecordingSleep::default();
    let emulator = emu(json!({"faults": {"script": ["drop", "delay:700", null]}}));
    let transport = InProcess::new(emulator).with_sleep(&sleeper);
    let r = || request(Method::Get, LABELS, Some("tok"), None);
    use futures_executor::block_on as run;
    assert!(matches!(
        run(transport.send(r())),
        Err(TransportError::Network(_))
    ));
    assert_eq!(run(transport.send(r())).unwrap().status, 200);
    assert_eq!(run(transport.send(r())).unwrap().status, 200);
    assert_eq!(*sleeper.0.borrow(), [700]);
    assert_eq!(transport.emulator().stats().faults_injected, 2);

    // By default, delays are not waited.
    let plain = InProcess::new(emu(json!({"faults": {"script": ["delay:60000"]}})));
    assert_eq!(run(plain.send(r())).unwrap().status, 200);
}
