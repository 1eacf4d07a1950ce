//! Retries and pacing through the engine, with a scripted transport and a fake clock: what was
//! waited, how many requests were sent, what the caller gets.

mod common;

use common::{block_on, InstantSleep, Scripted};
use hubspot_associations::endpoints::AssociateDefaultParams;
use hubspot_associations::transport::Sleep;
use hubspot_associations::transport::{HttpResponse, TransportError};
use hubspot_associations::{CallOptions, Client, ClientOptions, Config, ErrorKind};

fn client(t: Scripted) -> Client<Scripted, InstantSleep> {
    let config = Config::from_options(ClientOptions {
        access_token: Some("token-123456".into()),
        ..Default::default()
    })
    .unwrap();
    Client::new(config, t, InstantSleep::default())
}

fn params() -> AssociateDefaultParams {
    AssociateDefaultParams {
        from_object_type: "contacts".into(),
        from_object_id: "1".into(),
        to_object_type: "companies".into(),
        to_object_id: "2".into(),
    }
}

const OK: &str = r#"{"status":"COMPLETE","results":[],"startedAt":"a","completedAt":"b"}"#;
const TEN: &str = r#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","policyName":"TEN_SECONDLY_ROLLING"}"#;
const DAILY: &str =
    r#"{"status":"error","message":"You have reached your daily limit.","policyName":"DAILY"}"#;

#[test]
fn two_503s_then_success_takes_three_attempts_with_growing_waits() {
    let c = client(Scripted::answering([
        HttpResponse::new(503, "{}"),
        HttpResponse::new(503, "{}"),
        HttpResponse::new(200, OK),
    ]));
    block_on(c.execute(&params(), &CallOptions::default())).unwrap();
    assert_eq!(c.transport().sent.borrow().len(), 3);
    // No pacing waits (no headers learned): only the two backoffs, the second longer.
    let waits: Vec<u64> = c_waits(&c);
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(
        (250..=500).contains(&waits[0]) && (500..=1000).contains(&waits[1]),
        "{waits:?}"
    );
}

fn c_waits(c: &Client<Scripted, InstantSleep>) -> Vec<u64> {
    c_sleep(c).waits.borrow().clone()
}

fn c_sleep(c: &Client<Scripted, InstantSleep>) -> &InstantSleep {
    c.sleeper()
}

#[test]
fn retry_after_is_waited_exactly() {
    let c = client(Scripted::answering([
        HttpResponse::new(429, TEN).with_header("Retry-After", "2"),
        HttpResponse::new(200, OK),
    ]));
    block_on(c.execute(&params(), &CallOptions::default())).unwrap();
    assert!(c_waits(&c).contains(&2000), "{:?}", c_waits(&c));
}

#[test]
fn a_daily_429_is_not_retried() {
    let c = client(Scripted::answering([HttpResponse::new(429, DAILY)]));
    let e = block_on(c.execute(&params(), &CallOptions::default())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.policy_name.as_deref(), Some("DAILY"));
    assert_eq!(e.attempts, 1);
    assert_eq!(c.transport().sent.borrow().len(), 1);
}

#[test]
fn client_errors_are_not_retried() {
    for status in [400, 404, 409] {
        let c = client(Scripted::answering([HttpResponse::new(status, "{}")]));
        let e = block_on(c.execute(&params(), &CallOptions::default())).unwrap_err();
        assert_eq!((e.status, e.attempts), (Some(status), 1));
        assert_eq!(c.transport().sent.borrow().len(), 1);
    }
}

#[test]
fn retries_run_out() {
    let c = client(Scripted::answering(
        (0..4).map(|_| HttpResponse::new(500, "{}")),
    ));
    let e = block_on(c.execute(&params(), &CallOptions::default())).unwrap_err();
    assert_eq!((e.status, e.attempts), (Some(500), 4));
    let call = CallOptions {
        max_retries: Some(1),
        ..Default::default()
    };
    let c = client(Scripted::answering(
        (0..2).map(|_| HttpResponse::new(500, "{}")),
    ));
    assert_eq!(
        block_on(c.execute(&params(), &call)).unwrap_err().attempts,
        2
    );
}

#[test]
fn network_failures_and_truncated_answers_are_retried() {
    let t = Scripted::default();
    t.answers
        .borrow_mut()
        .push_back(Some(Err(TransportError::Network("ECONNRESET".into()))));
    t.answers
        .borrow_mut()
        .push_back(Some(Ok(HttpResponse::new(200, r#"{"status":"COMP"#))));
    t.answers
        .borrow_mut()
        .push_back(Some(Ok(HttpResponse::new(200, OK))));
    let c = client(t);
    block_on(c.execute(&params(), &CallOptions::default())).unwrap();
    assert_eq!(c.transport().sent.borrow().len(), 3);
}

#[test]
fn learned_headers_pace_requests() {
    let answers = (0..200).map(|_| {
        HttpResponse::new(200, OK)
            .with_header("X-HubSpot-RateLimit-Max", "10")
            .with_header("X-HubSpot-RateLimit-Remaining", "5")
            .with_header("X-HubSpot-RateLimit-Interval-Milliseconds", "1000")
    });
    let c = client(Scripted::answering(answers));
    for _ in 0..30 {
        block_on(c.execute(&params(), &CallOptions::default())).unwrap();
    }
    // 9 per second (95 % of 10): the 30th request cannot leave before 3 seconds of the fake
    // clock, and pacing never waits more than it must.
    let now = c_sleep(&c).now_ms();
    assert!((3000..4000).contains(&now), "the fake clock says {now} ms");
    assert!(c_waits(&c).iter().all(|&w| w <= 1000), "{:?}", c_waits(&c));
}
