//! What a call does, as data: the requests to send, and what to make of their answers (decode,
//! merge the chunks of a batch, follow paging). The engine runs any plan the same way, so it
//! exists once in the binary; only the small, synchronous decoding is per operation.

use super::engine::{Answer, Outcomes};
use super::Config;
use crate::endpoints::*;
use crate::error::{Error, ErrorKind, Result};
use crate::model::shape::{Kind, Shaped};
use crate::model::ObjectId;
use serde_json::{Map, Value};
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

/// Reads an answer, counting its attempts in a failure.
fn decode_answer<O: Operation>(op: &O, v: &ApiVersion, a: Answer) -> Result<Value> {
    op.decode_value(v, &a.body).map_err(|mut e| {
        e.attempts = a.attempts;
        e
    })
}

/// One request, its answer read (as the JSON of the operation's output).
pub fn single<O: Operation + 'static>(op: O, v: ApiVersion) -> Step<Value> {
    match op.describe(&v) {
        Ok(spec) => send_one(spec, Box::new(move |a: Answer| decode_answer(&op, &v, a))),
        Err(e) => Step::Done(Err(e)),
    }
}

/// The untyped half of [`single`] (once in the binary, not once per operation).
fn send_one(spec: RequestSpec, decode: Box<dyn FnOnce(Answer) -> Result<Value>>) -> Step<Value> {
    Step::Send(
        vec![spec],
        Box::new(move |outcomes| Step::Done(only(outcomes).and_then(decode))),
    )
}

/// [`single`], in the shape of the other plans (the config is not needed).
pub fn single_plan<O: Operation + 'static>(op: O, v: ApiVersion, _config: &Config) -> Step<Value> {
    single(op, v)
}

/// A batch: its inputs in chunks (reads 1000, writes 100, or `batchSize`), one request each,
/// merged into one envelope in input order. A chunk that fails for good does not stop the others;
/// the call then fails with `partial` (what succeeded) and `failedInputs` (the inputs of the
/// failed chunks, and of those never sent).
pub fn batch<O: Batchable + 'static>(op: O, v: ApiVersion, config: &Config) -> Step<Value>
where
    O::Output: Shaped,
{
    batch_then(op, v, config, Box::new(Step::Done))
}

/// What [`batch_then`] does with the merged envelope.
type Then<Y> = Box<dyn FnOnce(Result<Value>) -> Step<Y>>;

/// The chunks of one batch call, erased: their requests and their inputs as JSON.
struct Chunks {
    name: &'static str,
    shape: &'static Kind,
    total: usize,
    specs: Vec<RequestSpec>,
    inputs: Vec<Vec<Value>>,
}

/// [`batch`], then `then` with its merged envelope (batch read's paging).
fn batch_then<O: Batchable + 'static, Y: 'static>(
    op: O,
    v: ApiVersion,
    config: &Config,
    then: Then<Y>,
) -> Step<Y>
where
    O::Output: Shaped,
{
    // Check every input before anything is sent.
    if let Err(e) = op.describe(&v) {
        return Step::Done(Err(e));
    }
    let size = if O::WRITE {
        config.write_batch
    } else {
        config.read_batch
    };
    let mut chunks = Chunks {
        name: O::NAME,
        shape: <O::Output as Shaped>::shape(),
        total: op.inputs().len(),
        specs: Vec::new(),
        inputs: Vec::new(),
    };
    for c in op.inputs().chunks(size.max(1)) {
        match op.with_inputs(c.to_vec()).describe(&v) {
            Ok(spec) => chunks.specs.push(spec),
            Err(e) => return Step::Done(Err(e)),
        }
        chunks.inputs.push(
            c.iter()
                .map(|i| serde_json::to_value(i).unwrap_or_default())
                .collect(),
        );
    }
    send_chunks(chunks, then)
}

/// The untyped half of [`batch_then`].
fn send_chunks<Y: 'static>(mut chunks: Chunks, then: Then<Y>) -> Step<Y> {
    let specs = std::mem::take(&mut chunks.specs);
    Step::Send(
        specs,
        Box::new(move |outcomes| then(merge_chunks(chunks, outcomes))),
    )
}

fn merge_chunks(chunks: Chunks, outcomes: Outcomes) -> Result<Value> {
    let mut merged = empty_envelope();
    let mut failed: Vec<Value> = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut stopped: Option<Error> = None;
    let mut attempts = 0;
    let alone = chunks.inputs.len() == 1;
    for (inputs, outcome) in chunks.inputs.into_iter().zip(outcomes) {
        let decoded = outcome.map(|r| {
            r.and_then(|a| {
                decode_shape(&a.body, chunks.shape).map_err(|mut e| {
                    e.attempts = a.attempts;
                    e
                })
            })
        });
        match decoded {
            Some(Ok(envelope)) => merge(&mut merged, envelope),
            Some(Err(e)) => {
                attempts = attempts.max(e.attempts);
                if super::engine::stops_everything(&e) {
                    stopped.get_or_insert(e.clone());
                }
                first_error.get_or_insert(e);
                failed.extend(inputs);
            }
            None => failed.extend(inputs),
        }
    }
    match stopped.or(first_error) {
        None => Ok(Value::Object(merged)),
        Some(e) if e.kind == ErrorKind::InvalidInput => Err(e),
        Some(e) if alone => Err(with_failed(e, None, failed)),
        Some(mut e) => {
            e.message = format!(
                "{}: {} of {} inputs failed: {}",
                chunks.name,
                failed.len(),
                chunks.total,
                e.message
            );
            e.attempts = e.attempts.max(attempts);
            Err(with_failed(e, Some(Value::Object(merged)), failed))
        }
    }
}

/// The envelope of no chunks: `{status: "", results: [], startedAt: "", completedAt: ""}`.
fn empty_envelope() -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in [
        ("status", Value::from("")),
        ("results", Value::Array(Vec::new())),
        ("startedAt", Value::from("")),
        ("completedAt", Value::from("")),
    ] {
        m.insert(k.into(), v);
    }
    m
}

/// `batchRead`: [`batch`], then, with `allPages`, each input's paging followed (`{id, after}`
/// sent again, chunked) until every association is read; pages are appended to their input's
/// result. A failure in a later pass carries the merged results so far in `partial` and the
/// `{id, after}` inputs that failed (resumable) in `failedInputs`.
pub fn batch_read(op: BatchReadParams, v: ApiVersion, config: &Config) -> Step<Value> {
    read_pages(op, v, config, Gathered::new)
}

/// [`batch_read`] with its answer as JSON text, for the JS edge. With `allPages`, each input's
/// associations are kept as JSON text as their pages arrive, so a long read holds its answer
/// once (as text), not as a tree and then as text.
pub fn batch_read_text(op: BatchReadParams, v: ApiVersion, config: &Config) -> Step<String> {
    if op.all_pages == Some(true) {
        read_pages(op, v, config, ReadText::from)
    } else {
        batch_read(op, v, config).map(|out| json_text(&out))
    }
}

/// The result as JSON text.
pub fn json_text(out: &Value) -> Result<String> {
    serde_json::to_string(out).map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))
}

/// What a batch read gathers across its pages.
trait Pages: Sized + 'static {
    /// The call's result.
    type Out: 'static;
    /// The results' `{id, after}` cursors, taken (none left: the read is complete).
    fn cursors(&mut self) -> Vec<BatchReadInput>;
    /// Adds a page: its associations to their input's result, its errors to the errors.
    fn absorb(&mut self, page: Value);
    /// The result.
    fn finish(self) -> Result<Self::Out>;
    /// What was gathered so far, as the JSON of an error's `partial`.
    fn partial(self) -> Option<Value>;
}

/// The results of a (normalised) envelope, removed from it.
fn take_results(envelope: &mut Map<String, Value>) -> Vec<Value> {
    match envelope.remove("results") {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// The id of a batch read result.
fn from_id(r: &Value) -> &str {
    r["from"]["id"].as_str().unwrap_or_default()
}

/// The index of each input's result, by id.
fn index_of(results: &[Value]) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        index.entry(from_id(r).to_string()).or_insert(i);
    }
    index
}

/// Takes each result's `{id, after}` cursor.
fn cursors_of(results: &mut [Value]) -> Vec<BatchReadInput> {
    results
        .iter_mut()
        .filter_map(|r| {
            let paging = r.as_object_mut()?.remove("paging")?;
            let after = paging["next"]["after"].as_str()?.to_string();
            Some(BatchReadInput {
                id: ObjectId::from(from_id(r)),
                after: Some(after),
            })
        })
        .collect()
}

/// A page's errors and counts added to the envelope gathered so far.
fn absorb_meta(into: &mut Map<String, Value>, page: &mut Map<String, Value>) {
    if let Some(Value::Array(errors)) = page.remove("errors") {
        append(into, "errors", errors);
    }
    if let Some(n) = page.get("numErrors").and_then(Value::as_u64) {
        add_count(into, n);
    }
    if let Some(Value::String(done)) = page.remove("completedAt") {
        if into
            .get("completedAt")
            .and_then(Value::as_str)
            .is_none_or(|c| done.as_str() > c)
        {
            into.insert("completedAt".into(), Value::String(done));
        }
    }
}

/// Appends `items` to the array at `key` (made if missing).
fn append(into: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    match into.get_mut(key) {
        Some(Value::Array(a)) => a.extend(items),
        _ => {
            into.insert(key.into(), Value::Array(items));
        }
    }
}

/// Adds `n` to `numErrors` (made if missing).
fn add_count(into: &mut Map<String, Value>, n: u64) {
    let sum = into.get("numErrors").and_then(Value::as_u64).unwrap_or(0) + n;
    into.insert("numErrors".into(), Value::from(sum.min(u32::MAX as u64)));
}

/// The gathering as a JSON tree: pages appended to their input's result.
struct Gathered {
    envelope: Map<String, Value>,
    results: Vec<Value>,
    index: HashMap<String, usize>,
}

impl Gathered {
    fn new(envelope: Value) -> Result<Gathered> {
        let mut envelope = match envelope {
            Value::Object(m) => m,
            _ => empty_envelope(),
        };
        let results = take_results(&mut envelope);
        Ok(Gathered {
            index: index_of(&results),
            results,
            envelope,
        })
    }
}

impl Pages for Gathered {
    type Out = Value;
    fn cursors(&mut self) -> Vec<BatchReadInput> {
        cursors_of(&mut self.results)
    }
    fn absorb(&mut self, page: Value) {
        let Value::Object(mut page) = page else {
            return;
        };
        absorb_meta(&mut self.envelope, &mut page);
        for mut r in take_results(&mut page) {
            if let Some(&i) = self.index.get(from_id(&r)) {
                let to = match r["to"].take() {
                    Value::Array(to) => to,
                    _ => Vec::new(),
                };
                if let Some(Value::Array(a)) = self.results[i].get_mut("to") {
                    a.extend(to);
                }
                if let (Some(into), Some(p)) = (
                    self.results[i].as_object_mut(),
                    r.as_object_mut().and_then(|r| r.remove("paging")),
                ) {
                    into.insert("paging".into(), p);
                }
            }
        }
    }
    fn finish(mut self) -> Result<Value> {
        self.envelope
            .insert("results".into(), Value::Array(self.results));
        Ok(Value::Object(self.envelope))
    }
    fn partial(self) -> Option<Value> {
        self.finish().ok()
    }
}

/// The text gathering: the envelope without its associations, and each result's associations as
/// JSON text (comma-separated elements).
struct ReadText {
    gathered: Gathered,
    to: Vec<Vec<u8>>,
}

impl ReadText {
    fn from(envelope: Value) -> Result<ReadText> {
        let mut gathered = Gathered::new(envelope)?;
        let mut t = ReadText {
            to: vec![Vec::new(); gathered.results.len()],
            gathered: Gathered {
                envelope: Map::new(),
                results: Vec::new(),
                index: HashMap::new(),
            },
        };
        for (i, r) in gathered.results.iter_mut().enumerate() {
            if let Value::Array(items) = r["to"].take() {
                t.append(i, &items);
            }
        }
        t.gathered = gathered;
        Ok(t)
    }

    fn append(&mut self, i: usize, items: &[Value]) {
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
        cursors_of(&mut self.gathered.results)
    }
    fn absorb(&mut self, page: Value) {
        let Value::Object(mut page) = page else {
            return;
        };
        absorb_meta(&mut self.gathered.envelope, &mut page);
        for mut r in take_results(&mut page) {
            if let Some(&i) = self.gathered.index.get(from_id(&r)) {
                if let Value::Array(items) = r["to"].take() {
                    self.append(i, &items);
                }
                if let (Some(into), Some(p)) = (
                    self.gathered.results[i].as_object_mut(),
                    r.as_object_mut().and_then(|r| r.remove("paging")),
                ) {
                    into.insert("paging".into(), p);
                }
            }
        }
    }
    /// The envelope's JSON text with each result's associations spliced in: the same JSON as
    /// [`Gathered`]'s (a native test compares them).
    fn finish(self) -> Result<String> {
        let size: usize = self.to.iter().map(|t| t.len() + 64).sum::<usize>() + 1024;
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(b"{\"results\":[");
        for (i, (r, to)) in self.gathered.results.into_iter().zip(&self.to).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"to\":[");
            out.extend_from_slice(to);
            out.push(b']');
            let mut r = r;
            if let Some(m) = r.as_object_mut() {
                m.remove("to");
            }
            rest_of(&mut out, &r);
        }
        out.push(b']');
        rest_of(&mut out, &Value::Object(self.gathered.envelope));
        // serde_json wrote it all: UTF-8.
        String::from_utf8(out).map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))
    }
    fn partial(self) -> Option<Value> {
        serde_json::from_str(&self.finish().ok()?).ok()
    }
}

/// Writes the fields of the object `v` after fields already written, and closes the object.
fn rest_of(out: &mut Vec<u8>, v: &Value) {
    let text = serde_json::to_vec(v).unwrap_or_default();
    if text.len() > 2 {
        out.push(b',');
        out.extend_from_slice(&text[1..]);
    } else {
        out.push(b'}');
    }
}

/// The first pass of a batch read, then (with `allPages`) the next ones, gathered by `gather`.
fn read_pages<P: Pages>(
    op: BatchReadParams,
    v: ApiVersion,
    config: &Config,
    gather: fn(Value) -> Result<P>,
) -> Step<P::Out> {
    let all_pages = op.all_pages == Some(true);
    let config = config.clone();
    let (template, v2) = (op.clone(), v.clone());
    batch_then(
        op,
        v,
        &config.clone(),
        Box::new(move |first| match first.and_then(gather) {
            Ok(acc) if all_pages => next_pages(template, v2, config, acc),
            Ok(acc) => Step::Done(acc.finish()),
            Err(e) => Step::Done(Err(e)),
        }),
    )
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
        Box::new(move |result| match result {
            Err(mut e) => {
                e.partial = acc.partial();
                Step::Done(Err(e))
            }
            Ok(page) => {
                acc.absorb(page);
                next_pages(template, v, config, acc)
            }
        }),
    )
}

/// Attaches `partial` and `failedInputs` to a batch call's error.
fn with_failed(mut e: Error, partial: Option<Value>, failed: Vec<Value>) -> Error {
    e.partial = Some(partial.unwrap_or_else(|| Value::Object(empty_envelope())));
    e.failed_inputs = Some(Value::Array(failed));
    e
}

/// Adds one chunk's envelope to the merged one: results appended, errors appended and counted,
/// `startedAt` the earliest, `completedAt` the latest.
fn merge(into: &mut Map<String, Value>, part: Value) {
    let Value::Object(mut part) = part else {
        return;
    };
    let text = |m: &Map<String, Value>, k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let first = text(into, "status").is_empty()
        && into
            .get("results")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
        && text(into, "startedAt").is_empty();
    if first || text(into, "status") == "COMPLETE" {
        into.insert("status".into(), Value::String(text(&part, "status")));
    }
    append(into, "results", take_results(&mut part));
    let started = text(&part, "startedAt");
    let into_started = text(into, "startedAt");
    if !started.is_empty() && (into_started.is_empty() || started < into_started) {
        into.insert("startedAt".into(), Value::String(started));
    }
    let completed = text(&part, "completedAt");
    if completed > text(into, "completedAt") {
        into.insert("completedAt".into(), Value::String(completed));
    }
    if !into.contains_key("requestedAt") {
        if let Some(r) = part.remove("requestedAt") {
            into.insert("requestedAt".into(), r);
        }
    }
    if let Some(Value::Array(errors)) = part.remove("errors") {
        append(into, "errors", errors);
    }
    if let Some(n) = part.get("numErrors").and_then(Value::as_u64) {
        add_count(into, n);
    }
    // Maps of links merge; any other shape (HubSpot's links are a map) keeps the first seen.
    match (into.get_mut("links"), part.remove("links")) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => a.extend(b),
        (None, Some(b)) => {
            into.insert("links".into(), b);
        }
        _ => {}
    }
}
