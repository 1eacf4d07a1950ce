//! The client: its options ([`ClientOptions`], [`Config`]), the engine that sends requests ([`engine`]), and the
//! plans that say what each operation sends and makes of the answers ([`plan`]). Generic over the
//! transport and the sleeper, so the same code runs natively against the emulator and in wasm
//! against `fetch`.

pub mod dispatch;
pub mod engine;
mod events;
mod options;
pub mod plan;

pub use engine::{error_from, Answer, Outcomes};
pub use events::ClientEvent;
pub use options::*;
pub use plan::Step;

use crate::endpoints::*;
use crate::error::{Error, Result};
use crate::limiter::Limiter;
use crate::model::{BatchReadResult, BatchResponse};
use crate::shared::{self, RateLimitStore};
use crate::transport::{Sleep, Transport};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

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

/// What [`Client::with_events`] stores.
type EventListener = Box<dyn Fn(&ClientEvent)>;

/// A HubSpot associations client over a transport and a sleeper.
pub struct Client<T, S> {
    config: Config,
    transport: T,
    sleep: S,
    /// The pacer: shared with the other clients of the token ([`shared`]) unless
    /// `rateLimit.shared` is false. The client's fixed window is `config.window`.
    limiter: Rc<RefCell<Limiter>>,
    /// The token's pacer key (a digest: never the token).
    pacer_key: String,
    store: Option<StoreState>,
    rng: Cell<u64>,
    on_event: Option<EventListener>,
}

/// A cross-process store and whether it is answering.
struct StoreState {
    store: Rc<dyn RateLimitStore>,
    /// When a failed store may be asked again (0: it is answering).
    down_until: Cell<u64>,
    /// Whether the last answer was a failure (one `fallback` event per outage).
    failing: Cell<bool>,
    /// The id of this client's latest reservation.
    reserved: Cell<u64>,
}

impl<T: Transport, S: Sleep> Client<T, S> {
    /// A client with a validated configuration. With pacing on and `shared` (the default), its
    /// pacer is the one every client of the same token and base URL in this thread uses.
    pub fn new(config: Config, transport: T, sleep: S) -> Self {
        let pacer_key = shared::pacer_key(&config.base_url, config.access_token.as_deref());
        let limiter = if config.pacing && config.shared {
            shared::shared_limiter(&pacer_key)
        } else {
            shared::learning_limiter()
        };
        let rng = Cell::new(config.seed | 1);
        Client {
            config,
            transport,
            sleep,
            limiter,
            pacer_key,
            store: None,
            rng,
            on_event: None,
        }
    }

    /// Reserves every request in `store` too, shared by processes (see [`RateLimitStore`]); the
    /// in-process pacer takes over while the store fails. Has no effect with pacing off.
    pub fn with_store(mut self, store: Rc<dyn RateLimitStore>) -> Self {
        self.store = Some(StoreState {
            store,
            down_until: Cell::new(0),
            failing: Cell::new(false),
            reserved: Cell::new(shared::reservation_base()),
        });
        self
    }

    /// The key this client's requests are paced under: in the in-process registry and in a
    /// store (a digest of the base URL and the token).
    pub fn pacer_key(&self) -> &str {
        &self.pacer_key
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

    /// Runs a plan to its end: sends what it asks, hands it the outcomes, until it is done. The
    /// one driver of every call; errors leave it with the token redacted.
    pub async fn drive<X>(
        &self,
        op: &str,
        step: Step<X>,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<X> {
        self.drive_parts(op, step, call, abort, &|_| {}).await
    }

    /// [`Self::drive`], handing each [`Step::Part`] to `parts` as it comes.
    pub async fn drive_parts<X>(
        &self,
        op: &str,
        mut step: Step<X>,
        call: &CallOptions,
        abort: &dyn Abort,
        parts: &dyn Fn(String),
    ) -> Result<X> {
        if call.timeout_ms == Some(0) {
            return Err(Error::invalid_input("timeoutMs must be at least 1"));
        }
        loop {
            match step {
                Step::Done(result) => return self.redacted(result),
                Step::Send(specs, next) => {
                    step = next(self.run_specs(op, &specs, call, abort).await)
                }
                Step::Part(text, next) => {
                    parts(text);
                    step = *next;
                }
            }
        }
    }

    fn redacted<X>(&self, r: Result<X>) -> Result<X> {
        r.map_err(|e| match &self.config.access_token {
            Some(token) => e.redact(token),
            None => e,
        })
    }

    /// Describes, sends and decodes one operation. Bad params fail with `invalid_input` before
    /// anything is sent; every 2xx is success; anything else is an [`Error`] with HubSpot's details.
    pub async fn execute<O: Operation + Clone + 'static>(
        &self,
        op: &O,
        call: &CallOptions,
    ) -> Result<O::Output> {
        self.execute_with_abort(op, call, &NeverAbort).await
    }

    /// [`Self::execute`], cancellable through `abort`: a cancelled call rejects with kind
    /// `aborted` and the attempt in flight is dropped (the wasm transport aborts its `fetch`).
    pub async fn execute_with_abort<O: Operation + Clone + 'static>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output> {
        let v = plan::version_of(&self.config, call).clone();
        let out = self
            .drive(O::NAME, plan::single(op.clone(), v), call, abort)
            .await?;
        typed_output(out)
    }

    /// Runs a batch operation: its inputs in chunks (reads 1000, writes 100, or `batchSize`),
    /// `maxConcurrent` at a time, merged into one envelope in input order. A chunk that fails for
    /// good does not stop the others; the call then fails with `partial` (what succeeded) and
    /// `failedInputs` (the inputs of the failed chunks). 401, 403, a `DAILY` 429 and an abort stop
    /// the remaining chunks at once.
    pub async fn execute_batch<O: Batchable + Clone + 'static>(
        &self,
        op: &O,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<O::Output>
    where
        O::Output: crate::model::shape::Shaped,
    {
        let v = plan::version_of(&self.config, call).clone();
        let out = self
            .drive(
                O::NAME,
                plan::batch(op.clone(), v, &self.config),
                call,
                abort,
            )
            .await?;
        typed_output::<O::Output>(out)
    }

    /// `batchRead`: [`Self::execute_batch`], then, with `allPages`, each input's paging followed
    /// (`{id, after}` sent again, chunked) until every association is read.
    pub async fn execute_batch_read(
        &self,
        op: &BatchReadParams,
        call: &CallOptions,
        abort: &dyn Abort,
    ) -> Result<BatchResponse<BatchReadResult>> {
        op.call(self, call, abort).await
    }
}

/// How an operation runs: one request, chunks, or chunks and paging. Every operation has one, so
/// callers (the wasm edge, generic code) can run any of them the same way.
pub trait Call: Operation + Clone + Sized + 'static {
    /// The plan of this operation for `version`; its result is the JSON of [`Operation::Output`].
    fn plan(self, version: ApiVersion, config: &Config) -> Step<String>;
    /// The same plan with its result as JSON text (the wasm edge's). An operation that can make
    /// the text more cheaply than its tree overrides this (batch read's pages).
    fn plan_text(self, version: ApiVersion, config: &Config) -> Step<String> {
        self.plan(version, config)
    }
    /// Runs the operation on `client`.
    fn call<'a, T: Transport, S: Sleep>(
        &'a self,
        client: &'a Client<T, S>,
        call: &'a CallOptions,
        abort: &'a dyn Abort,
    ) -> impl Future<Output = Result<Self::Output>> + 'a {
        let v = plan::version_of(client.config(), call).clone();
        let run = client.drive(
            Self::NAME,
            self.clone().plan(v, client.config()),
            call,
            abort,
        );
        async move { typed_output(run.await?) }
    }
}

/// The typed output of a plan's JSON text (which the answer's shape already checked).
fn typed_output<T: serde::de::DeserializeOwned>(out: String) -> Result<T> {
    serde_json::from_str(&out).map_err(|e| {
        Error::new(
            crate::ErrorKind::Decode,
            format!("HubSpot's answer could not be decoded: {e}"),
        )
    })
}

macro_rules! calls {
    ($plan:ident: $($op:ty),* $(,)?) => {$(
        impl Call for $op {
            fn plan(self, version: ApiVersion, config: &Config) -> Step<String> {
                let _ = config;
                plan::$plan(self, version, config)
            }
        }
    )*};
}

// One request each. Those that read their answer by their output's shape (the default
// `decode_text`) are planned untyped; an operation that overrides `decode_text` must be under
// `single_plan` (a test holds the shaped ones' default reading).
calls!(single_plan: ListAssociationsParams);
calls!(shaped_plan: AssociateDefaultParams, AssociateParams, RemoveAssociationsParams, ListLabels, CreateLabelParams,
    UpdateLabelParams, DeleteLabelParams, HighUsageReportParams, ListAllLimitsParams, ListLimits, ListTypesV3);
calls!(batch: BatchCreateParams, BatchArchiveLabels, BatchCreateDefaultParams, BatchArchiveParams, CreateLimits,
    UpdateLimits, PurgeLimitsParams, BatchReadV3Params, BatchCreateV3, BatchArchiveV3);
impl Call for BatchReadParams {
    fn plan(self, version: ApiVersion, config: &Config) -> Step<String> {
        plan::batch_read(self, version, config)
    }
}
