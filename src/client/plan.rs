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
fn batch_then<O: Batchable + 'static, Y: 'static>(
    op: O,
    v: ApiVersion,
    config: &Config,
    then: impl FnOnce(Result<O::Output>) -> Step<Y> + 'static,
) -> Step<Y> {
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
    read_pages(op, v, config, |e| {
        let index = index_of(&e.results);
        Ok((e, index))
    })
}

/// [`batch_read`] with its answer as JSON text, for the JS edge. With `allPages`, each input's
/// associations are kept as JSON text as their pages arrive, so a long read holds its answer
/// once (as text), not as structs and then as text.
pub fn batch_read_text(op: BatchReadParams, v: ApiVersion, config: &Config) -> Step<String> {
    if op.all_pages == Some(true) {
        read_pages(op, v, config, ReadText::from)
    } else {
        batch_read(op, v, config).map(|out| json_text(&out))
    }
}

/// The result as JSON text.
pub fn json_text<T: serde::Serialize>(out: &T) -> Result<String> {
    serde_json::to_string(out).map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))
}

/// What a batch read gathers across its pages.
trait Pages: Sized + 'static {
    /// The call's result.
    type Out: 'static;
    /// The results' `{id, after}` cursors, taken (none left: the read is complete).
    fn cursors(&mut self) -> Vec<BatchReadInput>;
    /// Adds a page: its associations to their input's result, its errors to the errors.
    fn absorb(&mut self, page: BatchResponse<BatchReadResult>);
    /// The result.
    fn finish(self) -> Result<Self::Out>;
    /// What was gathered so far, as the JSON of an error's `partial`.
    fn partial(self) -> Option<serde_json::Value>;
}

/// The index of each input's result, by id.
fn index_of(results: &[BatchReadResult]) -> HashMap<ObjectId, usize> {
    let mut index = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        index.entry(r.from.id.clone()).or_insert(i);
    }
    index
}

/// Takes each result's `{id, after}` cursor.
fn cursors_of(results: &mut [BatchReadResult]) -> Vec<BatchReadInput> {
    results
        .iter_mut()
        .filter_map(|r| {
            let after = r.paging.take()?.next?.after;
            Some(BatchReadInput {
                id: r.from.id.clone(),
                after: Some(after),
            })
        })
        .collect()
}

/// A page's errors and counts added to the envelope gathered so far.
fn absorb_meta<T>(into: &mut BatchResponse<T>, page: &mut BatchResponse<BatchReadResult>) {
    if let Some(errors) = page.errors.take() {
        into.errors.get_or_insert_with(Vec::new).extend(errors);
    }
    if let Some(n) = page.num_errors {
        *into.num_errors.get_or_insert(0) += n;
    }
    if page.completed_at > into.completed_at {
        into.completed_at = std::mem::take(&mut page.completed_at);
    }
}

/// The typed gathering: pages appended to their input's result.
impl Pages for (BatchResponse<BatchReadResult>, HashMap<ObjectId, usize>) {
    type Out = BatchResponse<BatchReadResult>;
    fn cursors(&mut self) -> Vec<BatchReadInput> {
        cursors_of(&mut self.0.results)
    }
    fn absorb(&mut self, mut page: BatchResponse<BatchReadResult>) {
        absorb_meta(&mut self.0, &mut page);
        for r in page.results {
            if let Some(&i) = self.1.get(&r.from.id) {
                self.0.results[i].to.extend(r.to);
                self.0.results[i].paging = r.paging;
            }
        }
    }
    fn finish(self) -> Result<Self::Out> {
        Ok(self.0)
    }
    fn partial(self) -> Option<serde_json::Value> {
        serde_json::to_value(&self.0).ok()
    }
}

/// The text gathering: the envelope without its associations, and each result's associations as
/// JSON text (comma-separated elements).
struct ReadText {
    envelope: BatchResponse<BatchReadResult>,
    index: HashMap<ObjectId, usize>,
    to: Vec<Vec<u8>>,
}

impl ReadText {
    fn from(mut envelope: BatchResponse<BatchReadResult>) -> Result<ReadText> {
        let lists: Vec<_> = envelope
            .results
            .iter_mut()
            .map(|r| std::mem::take(&mut r.to))
            .collect();
        let mut t = ReadText {
            index: index_of(&envelope.results),
            to: vec![Vec::new(); lists.len()],
            envelope,
        };
        for (i, items) in lists.iter().enumerate() {
            t.append(i, items);
        }
        Ok(t)
    }

    fn append(&mut self, i: usize, items: &[crate::model::MultiAssociatedObjectWithLabel]) {
        let text = &mut self.to[i];
        for item in items {
            if !text.is_empty() {
                text.push(b',');
            }
            // Plain data into memory: serialising it cannot fail.
            let _ = serde_json::to_writer(&mut *text, item);
        }
    }
}

impl Pages for ReadText {
    type Out = String;
    fn cursors(&mut self) -> Vec<BatchReadInput> {
        cursors_of(&mut self.envelope.results)
    }
    fn absorb(&mut self, mut page: BatchResponse<BatchReadResult>) {
        absorb_meta(&mut self.envelope, &mut page);
        for r in page.results {
            if let Some(&i) = self.index.get(&r.from.id) {
                self.append(i, &r.to);
                self.envelope.results[i].paging = r.paging;
            }
        }
    }
    /// The envelope's JSON text with each result's associations spliced in: the same JSON as the
    /// typed result's (a native test compares them).
    fn finish(self) -> Result<String> {
        let e = &self.envelope;
        let size: usize = self.to.iter().map(|t| t.len() + 64).sum::<usize>() + 1024;
        let mut out = String::with_capacity(size);
        out.push_str("{\"status\":");
        out.push_str(&json_text(&e.status)?);
        out.push_str(",\"results\":[");
        for (i, (r, to)) in e.results.iter().zip(&self.to).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"from\":");
            out.push_str(&json_text(&r.from)?);
            out.push_str(",\"to\":[");
            // serde_json wrote it: UTF-8.
            out.push_str(std::str::from_utf8(to).unwrap_or_default());
            out.push(']');
            if let Some(p) = &r.paging {
                out.push_str(",\"paging\":");
                out.push_str(&json_text(p)?);
            }
            out.push('}');
        }
        out.push_str("],\"startedAt\":");
        out.push_str(&json_text(&e.started_at)?);
        out.push_str(",\"completedAt\":");
        out.push_str(&json_text(&e.completed_at)?);
        for (key, value) in [
            ("requestedAt", e.requested_at.as_ref().map(json_text)),
            ("links", e.links.as_ref().map(json_text)),
            ("errors", e.errors.as_ref().map(json_text)),
            ("numErrors", e.num_errors.as_ref().map(json_text)),
        ] {
            if let Some(v) = value {
                out.push_str(",\"");
                out.push_str(key);
                out.push_str("\":");
                out.push_str(&v?);
            }
        }
        out.push('}');
        Ok(out)
    }
    fn partial(self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.finish().ok()?).ok()
    }
}

/// The first pass of a batch read, then (with `allPages`) the next ones, gathered by `gather`.
fn read_pages<P: Pages>(
    op: BatchReadParams,
    v: ApiVersion,
    config: &Config,
    gather: fn(BatchResponse<BatchReadResult>) -> Result<P>,
) -> Step<P::Out> {
    let all_pages = op.all_pages == Some(true);
    let config = config.clone();
    let (template, v2) = (op.clone(), v.clone());
    batch_then(op, v, &config.clone(), move |first| {
        match first.and_then(gather) {
            Ok(acc) if all_pages => next_pages(template, v2, config, acc),
            Ok(acc) => Step::Done(acc.finish()),
            Err(e) => Step::Done(Err(e)),
        }
    })
}
/// The next pass of a batch read: every result's cursor sent again (chunked), the pages gathered,
/// until no cursor is left. A failure carries what was gathered so far in `partial`.
fn next_pages<P: Pages>(
    template: BatchReadParams,
    v: ApiVersion,
    config: Config,
    mut acc: P,
) -> Step<P::Out> {
    let next = acc.cursors();
    if next.is_empty() {
        return Step::Done(acc.finish());
    }
    let page = template.with_inputs(next);
    batch_then(
        page,
        v.clone(),
        &config.clone(),
        move |result| match result {
            Err(mut e) => {
                e.partial = acc.partial();
                Step::Done(Err(e))
            }
            Ok(page) => {
                acc.absorb(page);
                next_pages(template, v, config, acc)
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
