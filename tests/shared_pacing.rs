//! One rate-limit budget per token (issue 12), natively and in virtual time: clients of one
//! token share a pacer in a thread; clients that pace alone (as separate processes do) share
//! one through a [`RateLimitStore`]; a store that fails or hangs gives way to per-process pacing
//! with one `fallback` event. The emulator counts requests at arrival and refuses with 429s what
//! exceeds its window, so its stats say whether the clients kept to the budget.
#![cfg(feature = "emulator")]

use futures_util::future::join_all;
use hubspot_associations::client::{ClientEvent, NeverAbort};
use hubspot_associations::emulator::{Emulator, InProcess};
use hubspot_associations::endpoints::BatchCreateDefaultParams;
use hubspot_associations::limiter::Window;
use hubspot_associations::shared::{live_shared_pacers, RateLimitStore, Reservation};
use hubspot_associations::transport::{
    HttpRequest, HttpResponse, Sleep, Transport, TransportError,
};
use hubspot_associations::{CallOptions, Client, ClientOptions, Config};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

const TOKEN: &str = "pat-na1-shared-token";
const START: u64 = 1_772_366_400_000;

// ---------------------------------------------------------------- virtual time

/// A clock that moves only when every task waits: then to the earliest timer.
#[derive(Default)]
struct Clock {
    now: Cell<u64>,
    timers: RefCell<Vec<(u64, Waker)>>,
}

#[derive(Clone)]
struct VirtualSleep(Rc<Clock>);

struct Delay {
    clock: Rc<Clock>,
    ms: u64,
    at: Option<u64>,
}

impl Future for Delay {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.clock.now.get();
        let ms = self.ms;
        let at = *self.at.get_or_insert(now + ms);
        if now >= at {
            return Poll::Ready(());
        }
        self.clock
            .timers
            .borrow_mut()
            .push((at, cx.waker().clone()));
        Poll::Pending
    }
}

impl Sleep for VirtualSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        Delay {
            clock: self.0.clone(),
            ms,
            at: None,
        }
    }
    fn now_ms(&self) -> u64 {
        self.0.now.get()
    }
}

/// Runs `f` to its end, moving the clock whenever nothing else can happen.
fn run<F: Future>(clock: &Clock, f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        let next = clock
            .timers
            .borrow()
            .iter()
            .map(|t| t.0)
            .min()
            .expect("every task waits and no timer is set");
        clock.now.set(clock.now.get().max(next));
        let due: Vec<Waker> = {
            let mut timers = clock.timers.borrow_mut();
            let (due, later) = timers.drain(..).partition(|t| t.0 <= next);
            *timers = later;
            due.into_iter().map(|t: (u64, Waker)| t.1).collect()
        };
        due.into_iter().for_each(Waker::wake);
    }
}

// ---------------------------------------------------------------- one emulator, many clients

type Emu = InProcess<Box<dyn Fn() -> u64>>;

/// Every client's transport: the same emulator, 20 ms away (each way), so that requests overlap
/// as they do over a network.
struct Via(Rc<Emu>, VirtualSleep);

const LATENCY_MS: u64 = 20;

impl Transport for Via {
    async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.1.sleep(LATENCY_MS).await;
        let answer = self.0.send(r).await;
        self.1.sleep(LATENCY_MS).await;
        answer
    }
}

struct World {
    clock: Rc<Clock>,
    emulator: Rc<Emu>,
}

impl World {
    fn new(max_requests: u32, interval_ms: u64) -> World {
        let clock = Rc::new(Clock::default());
        clock.now.set(START);
        let emulator = Emulator::from_json(
            &serde_json::json!({"accessToken": TOKEN,
                "rateLimit": {"maxRequests": max_requests, "intervalMs": interval_ms}})
            .to_string(),
        )
        .unwrap();
        let c = clock.clone();
        let emulator = Rc::new(InProcess::with_clock(
            emulator,
            Box::new(move || c.now.get()) as Box<dyn Fn() -> u64>,
        ));
        World { clock, emulator }
    }

    fn client(&self, rate_limit: serde_json::Value) -> Client<Via, VirtualSleep> {
        let options: ClientOptions = serde_json::from_value(serde_json::json!({
            "accessToken": TOKEN, "apiVersion": "v4", "rateLimit": rate_limit,
        }))
        .unwrap();
        Client::new(
            Config::from_options(options).unwrap(),
            Via(self.emulator.clone(), VirtualSleep(self.clock.clone())),
            VirtualSleep(self.clock.clone()),
        )
    }

    fn elapsed_ms(&self) -> u64 {
        self.clock.now.get() - START
    }

    fn rate_limited(&self) -> u64 {
        self.emulator.emulator().stats().rate_limited
    }
}

fn pairs(from: usize, n: usize) -> BatchCreateDefaultParams {
    serde_json::from_value(serde_json::json!({
        "fromObjectType": "contacts", "toObjectType": "companies",
        "inputs": (from..from + n).map(|i| serde_json::json!({
            "from": {"id": (i + 1).to_string()}, "to": {"id": (1_000_000 + i).to_string()}
        })).collect::<Vec<_>>(),
    }))
    .unwrap()
}

/// Runs `pairs` split evenly over `clients`, all at once; the results' lengths.
fn split_job(w: &World, clients: &[Client<Via, VirtualSleep>], total: usize) -> Vec<usize> {
    let per = total / clients.len();
    let jobs: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let params = pairs(i * per, per);
            async move {
                c.execute_batch(&params, &CallOptions::default(), &NeverAbort)
                    .await
                    .map(|out| out.results.len())
                    .unwrap_or(0)
            }
        })
        .collect();
    run(&w.clock, join_all(jobs))
}

// The floor as bench/run.mjs computes it: requests at the steady rate of the window.
fn floor_ms(requests: u64, max: u64, interval_ms: u64) -> u64 {
    requests * interval_ms / max
}

// ---------------------------------------------------------------- in one process

#[test]
fn two_clients_of_one_token_share_the_budget() {
    // The issue's job: 20 requests per 2 s, 6,000 pairs split between two clients.
    let w = World::new(20, 2_000);
    let clients = [
        w.client(serde_json::json!(true)),
        w.client(serde_json::json!(true)),
    ];
    assert_eq!(live_shared_pacers(), 1, "one pacer for the token");
    assert_eq!(split_job(&w, &clients, 6_000), [6_000, 6_000]);
    assert_eq!(w.rate_limited(), 0, "no 429");
    let floor = floor_ms(60, 20, 2_000);
    assert!(
        w.elapsed_ms() <= floor * 13 / 10,
        "{} ms against a {floor} ms floor",
        w.elapsed_ms()
    );
    drop(clients);
    assert_eq!(live_shared_pacers(), 0, "the pacer goes with its clients");
}

#[test]
fn clients_that_opt_out_pace_alone_and_draw_429s() {
    // The same job with `shared: false`: each client thinks it has the whole window.
    let w = World::new(20, 2_000);
    let alone = serde_json::json!({"shared": false});
    let clients = [w.client(alone.clone()), w.client(alone)];
    assert_eq!(live_shared_pacers(), 0);
    assert_eq!(split_job(&w, &clients, 6_000), [6_000, 6_000]);
    assert!(
        w.rate_limited() > 0,
        "pacing alone, two clients overrun the window"
    );
}

#[test]
fn different_tokens_or_base_urls_do_not_share() {
    let w = World::new(20, 2_000);
    let a = w.client(serde_json::json!(true));
    let options = |token: &str, base: &str| {
        Config::from_options(
            serde_json::from_value(serde_json::json!({"accessToken": token, "baseUrl": base}))
                .unwrap(),
        )
        .unwrap()
    };
    let b = Client::new(
        options("another-token", "https://api.hubapi.com"),
        Via(w.emulator.clone(), VirtualSleep(w.clock.clone())),
        VirtualSleep(w.clock.clone()),
    );
    let c = Client::new(
        options(TOKEN, "http://127.0.0.1:9"),
        Via(w.emulator.clone(), VirtualSleep(w.clock.clone())),
        VirtualSleep(w.clock.clone()),
    );
    assert_eq!(live_shared_pacers(), 3);
    assert!(!a.pacer_key().contains(TOKEN));
    assert_ne!(a.pacer_key(), b.pacer_key());
    assert_ne!(a.pacer_key(), c.pacer_key());
}

#[test]
fn a_429_seen_by_one_client_holds_the_other() {
    let w = World::new(100, 10_000);
    // The first request gets a 429 asking for 3 s.
    w.emulator
        .emulator()
        .configure(r#"{"faults": {"script": ["429retryafter:3"]}}"#)
        .unwrap();
    let waits = Rc::new(RefCell::new(Vec::new()));
    let seen = waits.clone();
    let a = w.client(serde_json::json!(true));
    let b = w
        .client(serde_json::json!(true))
        .with_events(move |e: &ClientEvent| {
            if e.kind == "wait" {
                seen.borrow_mut().push(e.ms.unwrap());
            }
        });
    let (a_job, b_job) = (pairs(0, 1), pairs(10, 1));
    let (ra, rb) = run(
        &w.clock,
        futures_util::future::join(
            a.execute_batch(&a_job, &CallOptions::default(), &NeverAbort),
            async {
                // b sends 60 ms after a had its 429 (at 40 ms: 20 ms each way).
                VirtualSleep(w.clock.clone()).sleep(100).await;
                b.execute_batch(&b_job, &CallOptions::default(), &NeverAbort)
                    .await
            },
        ),
    );
    assert!(ra.is_ok() && rb.is_ok());
    // a's hold (3 s, or a whole window when the 429 also says `Remaining: 0`) is b's too.
    let waits = waits.borrow();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        waits[0] >= 2_940,
        "b waited {waits:?}, not the rest of a's hold"
    );
}

// ---------------------------------------------------------------- across processes: a store

/// The store's contract, in memory (the Redis store's Lua scripts do the same): a sliding window
/// of reservations per key, each freeing one window after its answer.
#[derive(Default)]
struct MemoryStore {
    clock: Rc<Clock>,
    /// Per key: (id, when its slot frees).
    slots: RefCell<HashMap<String, Vec<(u64, u64)>>>,
    learned: RefCell<HashMap<String, Window>>,
    blocked: RefCell<HashMap<String, u64>>,
    reserves: Cell<u32>,
}

impl MemoryStore {
    fn new(clock: Rc<Clock>) -> Rc<MemoryStore> {
        Rc::new(MemoryStore {
            clock,
            ..Default::default()
        })
    }
    fn interval(&self, key: &str, interval: u64) -> u64 {
        match interval {
            0 => self
                .learned
                .borrow()
                .get(key)
                .map_or(10_000, |w| w.interval_ms),
            i => i,
        }
    }
}

impl RateLimitStore for MemoryStore {
    fn reserve(&self, key: &str, id: u64, limit: u32, interval: u64, hold: u64) -> Reservation<'_> {
        self.reserves.set(self.reserves.get() + 1);
        let now = self.clock.now.get();
        let blocked = self.blocked.borrow().get(key).copied().unwrap_or(0);
        let answer = if blocked > now {
            blocked - now
        } else {
            let (limit, interval) = match (limit, self.learned.borrow().get(key)) {
                (0, Some(w)) => (w.max, w.interval_ms),
                _ => (limit, self.interval(key, interval)),
            };
            let mut slots = self.slots.borrow_mut();
            let held = slots.entry(key.to_string()).or_default();
            held.retain(|s| s.1 > now);
            if limit > 0 && held.len() >= limit as usize {
                let mut frees: Vec<u64> = held.iter().map(|s| s.1).collect();
                frees.sort_unstable();
                (frees[held.len() - limit as usize] - now).min(interval)
            } else {
                held.push((id, now + hold + interval));
                0
            }
        };
        Box::pin(std::future::ready(Ok(answer)))
    }

    fn settle(&self, key: &str, id: u64, interval: u64, learned: Option<Window>) {
        if let Some(w) = learned {
            self.learned.borrow_mut().insert(key.to_string(), w);
        }
        let frees = self.clock.now.get() + self.interval(key, interval);
        if let Some(s) = self
            .slots
            .borrow_mut()
            .get_mut(key)
            .and_then(|h| h.iter_mut().find(|s| s.0 == id))
        {
            s.1 = frees;
        }
    }

    fn block(&self, key: &str, ms: u64) {
        let until = self.clock.now.get() + ms;
        let mut b = self.blocked.borrow_mut();
        let v = b.entry(key.to_string()).or_default();
        *v = (*v).max(until);
    }
}

#[test]
fn clients_that_pace_alone_share_the_budget_through_a_store() {
    // Four "processes": pacers of their own, one store.
    let w = World::new(100, 10_000);
    let store = MemoryStore::new(w.clock.clone());
    let clients: Vec<_> = (0..4)
        .map(|_| {
            w.client(serde_json::json!({"shared": false}))
                .with_store(store.clone())
        })
        .collect();
    assert_eq!(split_job(&w, &clients, 20_000), [10_000; 4]);
    assert_eq!(w.rate_limited(), 0, "no 429");
    let floor = floor_ms(200, 100, 10_000);
    assert!(
        w.elapsed_ms() <= floor * 11 / 10,
        "{} ms against a {floor} ms floor",
        w.elapsed_ms()
    );
    assert!(store.reserves.get() >= 200);
}

#[test]
fn a_429_in_one_process_holds_the_others_through_the_store() {
    let w = World::new(100, 10_000);
    let store = MemoryStore::new(w.clock.clone());
    let a = w
        .client(serde_json::json!({"shared": false}))
        .with_store(store.clone());
    w.emulator
        .emulator()
        .configure(r#"{"faults": {"script": ["429retryafter:3"]}}"#)
        .unwrap();
    let job = pairs(0, 1);
    run(
        &w.clock,
        a.execute_batch(&job, &CallOptions::default(), &NeverAbort),
    )
    .unwrap();
    assert!(
        store.blocked.borrow().get(a.pacer_key()).is_some(),
        "the hold reached the store"
    );
    // The window a learned is in the store too.
    assert_eq!(
        store.learned.borrow().get(a.pacer_key()),
        Some(&Window {
            max: 95,
            interval_ms: 10_000
        })
    );
}

/// A store that fails (`Some`) or never answers (`None`).
struct BrokenStore {
    failure: Option<String>,
    reserves: Cell<u32>,
}

impl RateLimitStore for BrokenStore {
    fn reserve(&self, _: &str, _: u64, _: u32, _: u64, _: u64) -> Reservation<'_> {
        self.reserves.set(self.reserves.get() + 1);
        match &self.failure {
            Some(m) => Box::pin(std::future::ready(Err(m.clone()))),
            None => Box::pin(std::future::pending()),
        }
    }
    fn settle(&self, _: &str, _: u64, _: u64, _: Option<Window>) {}
    fn block(&self, _: &str, _: u64) {}
}

fn fallback_job(failure: Option<&str>, timeout_ms: u64) -> (Vec<ClientEvent>, u64, u32, World) {
    let w = World::new(20, 2_000);
    let store = Rc::new(BrokenStore {
        failure: failure.map(String::from),
        reserves: Cell::new(0),
    });
    let events = Rc::new(RefCell::new(Vec::new()));
    let seen = events.clone();
    let client = w
        .client(serde_json::json!(true))
        .with_store(store.clone())
        .with_events(move |e: &ClientEvent| {
            if e.kind == "fallback" {
                seen.borrow_mut().push(e.clone());
            }
        });
    let job = pairs(0, 3_000);
    let call = CallOptions {
        timeout_ms: Some(timeout_ms),
        ..Default::default()
    };
    let out = run(&w.clock, client.execute_batch(&job, &call, &NeverAbort)).unwrap();
    assert_eq!(out.results.len(), 6_000, "every pair applied");
    let events = events.borrow().clone();
    let elapsed = w.elapsed_ms();
    (events, elapsed, store.reserves.get(), w)
}

#[test]
fn a_failing_store_gives_way_to_per_process_pacing_with_one_event() {
    let (events, elapsed, reserves, w) =
        fallback_job(Some("connect ECONNREFUSED 127.0.0.1:1"), 30_000);
    assert_eq!(events.len(), 1, "one fallback event per outage: {events:?}");
    let m = events[0].message.as_deref().unwrap();
    assert!(m.contains("ECONNREFUSED") && !m.contains(TOKEN), "{m}");
    assert_eq!(w.rate_limited(), 0, "paced in the process");
    // 30 requests at 19 per 2 s; the store is asked again every 10 s, not before each request.
    assert!(elapsed <= 4_500, "{elapsed} ms");
    assert!(
        reserves <= 4 + 4,
        "{reserves} reservations asked of a failing store"
    );
}

#[test]
fn a_store_that_never_answers_gives_way_within_one_attempts_timeout() {
    let (events, elapsed, _, w) = fallback_job(None, 1_500);
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0]
        .message
        .as_deref()
        .unwrap()
        .contains("did not answer within the attempt's timeout"));
    assert_eq!(w.rate_limited(), 0);
    // The first wait is one timeout; the store is probed again every 10 s, for a timeout each.
    assert!(elapsed <= 1_500 + 4_500 + 1_500, "{elapsed} ms");
}
