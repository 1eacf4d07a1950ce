//! Test seams: a transport that answers from a script and records what it was sent, and sleepers.
#![allow(dead_code)]

use hubspot_associations::transport::{
    HttpRequest, HttpResponse, Sleep, Transport, TransportError,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;

/// Answers requests from a queue (a `None` answer never resolves) and records every request.
#[derive(Default)]
pub struct Scripted {
    pub answers: RefCell<VecDeque<Option<Result<HttpResponse, TransportError>>>>,
    pub sent: RefCell<Vec<HttpRequest>>,
}

impl Scripted {
    pub fn answering(answers: impl IntoIterator<Item = HttpResponse>) -> Self {
        Scripted {
            answers: RefCell::new(answers.into_iter().map(|a| Some(Ok(a))).collect()),
            ..Default::default()
        }
    }
    pub fn json(status: u16, body: &str) -> Self {
        Self::answering([
            HttpResponse::new(status, body).with_header("content-type", "application/json")
        ])
    }
    pub fn hanging() -> Self {
        Scripted {
            answers: RefCell::new([None].into()),
            ..Default::default()
        }
    }
    pub fn only_request(&self) -> HttpRequest {
        let sent = self.sent.borrow();
        assert_eq!(
            sent.len(),
            1,
            "expected exactly one request, got {:?}",
            *sent
        );
        sent[0].clone()
    }
}

impl Transport for Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.sent.borrow_mut().push(request);
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .expect("the script ran out of answers");
        async move {
            match answer {
                Some(a) => a,
                None => std::future::pending().await,
            }
        }
    }
}

/// Never finishes sleeping: timeouts never fire.
pub struct NoSleep;
impl Sleep for NoSleep {
    fn sleep(&self, _ms: u64) -> impl Future<Output = ()> {
        std::future::pending()
    }
    fn now_ms(&self) -> u64 {
        0
    }
}

/// Finishes every awaited sleep at once, records what it was asked to wait, and advances a fake
/// clock by that much.
#[derive(Default)]
pub struct InstantSleep {
    pub waits: RefCell<Vec<u64>>,
    pub now: std::cell::Cell<u64>,
}
impl Sleep for InstantSleep {
    // Only a sleep that is awaited counts: a timeout timer that loses its race is never polled.
    async fn sleep(&self, ms: u64) {
        self.waits.borrow_mut().push(ms);
        self.now.set(self.now.get() + ms);
    }
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
}

pub fn block_on<F: Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}
