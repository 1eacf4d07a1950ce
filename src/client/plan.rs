//! What a call does, as data: the requests to send, and what to make of their answers (decode,
//! merge the chunks of a batch, follow paging). The engine runs any plan the same way, so it
//! exists once in the binary; only the small, synchronous decoding is per operation.

use super::engine::{Answer, Outcomes};
use super::Config;
use crate::endpoints::*;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{BatchReadResult, BatchResponse, ObjectId};
use std::collections::HashMap;

/// What a call has left to do. (`Done` carries the unboxed error, as every call returns it; a
/// step is made once per pass, so its size does not matter.)
#[allow(clippy::large_enum_variant)]
pub enum Step<X> {
    /// Finished.
    Done(Result<X>),
    /// Send these requests, then go on with their outcomes.
    Send(Vec<RequestSpec>, Box<dyn FnOnce(Outcomes) -> Step<X>>),
}

impl<X: 'static> Step<X> {
    /// The same plan, its result turned by `f` (the wasm edge turns results into JSON text).
    pub fn map<Y: 'static>(self, f: fn(X) -> Result<Y>) -> Step<Y> {
        match self {
            Step::Done(r) => Step::Done(r.and_then(f)),
            Step::Send(specs, next) => Step::Send(specs, Box::new(move |o| next(o).map(f))),
        }
    }
}

/// The version a call uses: its own `apiVersion`, else the client's.
pub fn version_of<'a>(config: &'a Config, call: &'a super::CallOptions) -> &'a ApiVersion {
    call.api_version.as_ref().unwrap_or(&config.api_version)
}

/// The outcome of a plan's only request.
fn only(outcomes: Outcomes) -> Result<Answer> {
    outcomes.into_iter().next().flatten().unwrap_or_else(|| {
        Err(Error::new(
            ErrorKind::Aborted,
            "the call was stopped before it was sent",
        ))
    })
}

/// Decodes an answer, counting its attempts in a failure.
fn decode_answer<O: Operation>(op: &O, v: &ApiVersion, a: Answer) -> Result<O::Output> {
    op.decode_for(v, &a.body).map_err(|mut e| {
        e.attempts = a.attempts;
        e
    })
}

/// One request, its answer decoded.
pub fn single<O: Operation + 'static>(op: O, v: ApiVersion) -> Step<O::Output> {
    let spec = match op.describe(&v) {
        Ok(s) => s,
        Err(e) => return Step::Done(Err(e)),
    };
    Step::Send(
        vec![spec],
        Box::new(move |outcomes| {
            Step::Done(only(outcomes).and_then(|a| decode_answer(&op, &v, a)))
        }),
    )
}

/// [`single`], in the shape of the other plans (the config is not needed).
pub fn single_plan<O: Operation + 'static>(
    op: O,
    v: ApiVersion,
    _config: &Config,
) -> Step<O::Output> {
    single(op, v)
}

/// A batch: its inputs in chunks (reads 1000, writes 100, or `batchSize`), one request each,
/// merged into one envelope in input order. A chunk that fails for good does not stop the others;
/// the call then fails with `partial` (what succeeded) and `failedInputs` (the inputs of the
/// failed chunks, and of those never sent).
pub fn batch<O: Batchable + 'static>(op: O, v: ApiVersion, config: &Config) -> Step<O::Output>
where
    O::Output: 'static,
{
    batch_then(op, v, config, Step::Done)
}

/// [`batch`], then `then` with its merged envelope (batch read's paging).
fn batch_then<O: Batchable + 'static>(
    op: O,
    v: ApiVersion,
    config: &Config,
    then: impl FnOnce(Result<O::Output>) -> Step<O::Output> + 'static,
) -> Step<O::Output> {
    // Check every input before anything is sent.
    if let Err(e) = op.describe(&v) {
        return Step::Done(Err(e));
    }
    let size = if O::WRITE {
        config.write_batch
    } else {
        config.read_batch
    };
    let chunks: Vec<O> = op
        .inputs()
        .chunks(size.max(1))
        .map(|c| op.with_inputs(c.to_vec()))
        .collect();
    let specs = match chunks.iter().map(|c| c.describe(&v)).collect() {
        Ok(specs) => specs,
        Err(e) => return Step::Done(Err(e)),
    };
    Step::Send(
        specs,
        Box::new(move |outcomes| then(merge_chunks(&op, &v, chunks, outcomes))),
    )
}

fn merge_chunks<O: Batchable>(
    op: &O,
    v: &ApiVersion,
    chunks: Vec<O>,
    outcomes: Outcomes,
) -> Result<O::Output> {
    let mut merged = O::Output::default();
    let mut failed: Vec<O::Input> = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut stopped: Option<Error> = None;
    let mut attempts = 0;
    let alone = chunks.len() == 1;
    for (chunk, outcome) in chunks.into_iter().zip(outcomes) {
        match outcome.map(|r| r.and_then(|a| decode_answer(&chunk, v, a))) {
            Some(Ok(envelope)) => merge(&mut merged, envelope),
            Some(Err(e)) => {
                attempts = attempts.max(e.attempts);
                if super::engine::stops_everything(&e) {
                    stopped.get_or_insert(e.clone());
                }
                first_error.get_or_insert(e);
                failed.extend(chunk.inputs().iter().cloned());
            }
            None => failed.extend(chunk.inputs().iter().cloned()),
        }
    }
    match stopped.or(first_error) {
        None => Ok(merged),
        Some(e) if e.kind == ErrorKind::InvalidInput => Err(e),
        Some(e) if alone => Err(with_failed::<O>(e, None, &failed)),
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

/// `batchRead`: [`batch`], then, with `allPages`, each input's paging followed (`{id, after}`
/// sent again, chunked) until every association is read; pages are appended to their input's
/// result. A failure in a later pass carries the merged results so far in `partial` and the
/// `{id, after}` inputs that failed (resumable) in `failedInputs`.
pub fn batch_read(
    op: BatchReadParams,
    v: ApiVersion,
    config: &Config,
) -> Step<BatchResponse<BatchReadResult>> {
    let all_pages = op.all_pages == Some(true);
    let config = config.clone();
    let (template, v2) = (op.clone(), v.clone());
    batch_then(op, v, &config.clone(), move |first| match first {
        Ok(merged) if all_pages => next_pages(template, v2, config, index_of(&merged), merged),
        other => Step::Done(other),
    })
}

fn index_of(merged: &BatchResponse<BatchReadResult>) -> HashMap<ObjectId, usize> {
    let mut index = HashMap::new();
    for (i, r) in merged.results.iter().enumerate() {
        index.entry(r.from.id.clone()).or_insert(i);
    }
    index
}

fn next_pages(
    template: BatchReadParams,
    v: ApiVersion,
    config: Config,
    index: HashMap<ObjectId, usize>,
    mut merged: BatchResponse<BatchReadResult>,
) -> Step<BatchResponse<BatchReadResult>> {
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
        return Step::Done(Ok(merged));
    }
    let page = template.with_inputs(next);
    batch_then(
        page,
        v.clone(),
        &config.clone(),
        move |result| match result {
            Err(mut e) => {
                e.partial = Some(serde_json::to_value(&merged).unwrap_or_default());
                Step::Done(Err(e))
            }
            Ok(page) => {
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
                next_pages(template, v, config, index, merged)
            }
        },
    )
}

/// Attaches `partial` and `failedInputs` to a batch call's error.
fn with_failed<O: Batchable>(
    mut e: Error,
    partial: Option<&O::Output>,
    failed: &[O::Input],
) -> Error {
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
