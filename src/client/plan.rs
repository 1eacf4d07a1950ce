//! What a call does, as data: the requests to send, and what to make of their answers (decode,
//! merge the chunks of a batch, follow paging). The engine runs any plan the same way, so it
//! exists once in the binary; only the small, synchronous decoding is per operation.

use super::engine::{Answer, Outcomes, JS_READ};
use super::Config;
use crate::endpoints::table::{self, Endpoint};
use crate::endpoints::*;
use crate::error::{Error, ErrorKind, Result};
use crate::model::shape::{Kind, Shaped};
use crate::model::stream::{read_batch_read, read_envelope, rest_of, Envelope, ReadItem};
use crate::model::ObjectId;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::rc::Rc;

/// What a call has left to do. (`Done` carries the unboxed error, as every call returns it; a
/// step is made once per pass, so its size does not matter.)
#[allow(clippy::large_enum_variant)]
pub enum Step<X> {
    /// Finished.
    Done(Result<X>),
    /// Send these requests, then go on with their outcomes.
    Send(Vec<RequestSpec>, Box<dyn FnOnce(Outcomes) -> Step<X>>),
    /// Hand this JSON text over to the caller at once, then go on. Only with
    /// [`Config::stream_pages`]: the associations of each pass of `batchRead({allPages})`, the
    /// first included, as `[[result index, [association, …]], …]` (in parts of about 256 KB), to
    /// be appended to the results of the answer (or of the error's `partial`) in the order given,
    /// instead of being merged into them here.
    Part(String, Box<Step<X>>),
}

impl<X: 'static> Step<X> {
    /// The same plan, its result turned by `f` (the wasm edge turns results into JSON text).
    pub fn map<Y: 'static>(self, f: fn(X) -> Result<Y>) -> Step<Y> {
        match self {
            Step::Done(r) => Step::Done(r.and_then(f)),
            Step::Send(specs, next) => Step::Send(specs, Box::new(move |o| next(o).map(f))),
            Step::Part(text, next) => Step::Part(text, Box::new(next.map(f))),
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

/// Counts an answer's attempts in its failure.
fn counted<X>(r: Result<X>, attempts: u32) -> Result<X> {
    r.map_err(|mut e| {
        e.attempts = attempts;
        e
    })
}

/// One request, its answer read (as the JSON text of the operation's output).
pub fn single<O: Operation + 'static>(op: O, v: ApiVersion) -> Step<String> {
    match op.describe(&v) {
        Ok(spec) => send_one(
            spec,
            Box::new(move |a: Answer| counted(op.decode_text(&v, &a.body), a.attempts)),
        ),
        Err(e) => Step::Done(Err(e)),
    }
}

/// The untyped half of [`single`] (once in the binary, not once per operation).
fn send_one(spec: RequestSpec, decode: Box<dyn FnOnce(Answer) -> Result<String>>) -> Step<String> {
    Step::Send(
        vec![spec],
        Box::new(move |outcomes| Step::Done(only(outcomes).and_then(decode))),
    )
}

/// [`single`], in the shape of the other plans (the config is not needed).
pub fn single_plan<O: Operation + 'static>(op: O, v: ApiVersion, _config: &Config) -> Step<String> {
    single(op, v)
}

/// [`single_plan`] for an operation whose answer is read by its output's shape alone (one that
/// keeps [`Operation::decode_text`]'s default): the reading is untyped, once in the binary rather
/// than once per operation.
pub fn shaped_plan<O: Operation + 'static>(op: O, v: ApiVersion, _config: &Config) -> Step<String> {
    match op.describe(&v) {
        Ok(spec) => send_shaped(spec, <O::Output as Shaped>::shape()),
        Err(e) => Step::Done(Err(e)),
    }
}

/// The untyped half of [`shaped_plan`].
fn send_shaped(spec: RequestSpec, shape: &'static Kind) -> Step<String> {
    send_one(
        spec,
        Box::new(move |a: Answer| counted(decode_shape(&a.body, shape), a.attempts)),
    )
}

/// The body of a one-request call's answer when the JS glue read it itself: its handle, the
/// call's result (see `RequestSpec::shape`).
pub fn js_read(outcomes: &Outcomes) -> Option<String> {
    match outcomes.as_slice() {
        [Some(Ok(a))] if a.body.starts_with(JS_READ) => Some(a.body.clone()),
        _ => None,
    }
}

/// A batch: its inputs in chunks (reads 1000, writes 100, or `batchSize`), one request each,
/// merged into one envelope in input order. A chunk that fails for good does not stop the others;
/// the call then fails with `partial` (what succeeded) and `failedInputs` (the inputs of the
/// failed chunks, and of those never sent).
pub fn batch<O: Batchable + 'static>(op: O, v: ApiVersion, config: &Config) -> Step<String>
where
    O::Output: Shaped,
{
    let item = item_of(<O::Output as Shaped>::shape());
    batch_then(
        op,
        v,
        config,
        Box::new(move |chunks, outcomes| {
            Step::Done(merge_chunks(chunks, outcomes, item).map(Envelope::into_text))
        }),
    )
}

/// The kind of an envelope's results.
fn item_of(shape: &'static Kind) -> &'static Kind {
    match shape {
        Kind::Obj(fields) => fields
            .iter()
            .find(|f| f.0 == "results")
            .map_or(&Kind::Keep, |f| match &f.1 {
                Kind::ListOrEmpty(item) | Kind::List(item) => item,
                other => other,
            }),
        _ => &Kind::Keep,
    }
}

/// What [`batch_then`] does with the chunks' outcomes.
type Then<Y> = Box<dyn FnOnce(Chunks, Outcomes) -> Step<Y>>;

/// The chunks of one batch call, erased: their requests, and their inputs as JSON (made only
/// for the chunks that fail).
struct Chunks {
    name: &'static str,
    total: usize,
    specs: Vec<RequestSpec>,
    inputs: Box<dyn Fn(usize) -> Vec<Value>>,
}

/// [`batch`]'s chunking, then `then` with the outcomes.
fn batch_then<O: Batchable + 'static, Y: 'static>(
    op: O,
    v: ApiVersion,
    config: &Config,
    then: Then<Y>,
) -> Step<Y> {
    match typed_chunks(op, &v, config) {
        Ok(chunks) => send_chunks(chunks, then),
        Err(e) => Step::Done(Err(e)),
    }
}

/// The chunks of a typed batch operation's call: every input checked before anything is sent
/// (messages name each input's place in the call).
fn typed_chunks<O: Batchable + 'static>(op: O, v: &ApiVersion, config: &Config) -> Result<Chunks> {
    let whole = op.describe(v)?;
    let size = chunk_size(O::WRITE, config);
    Ok(Chunks {
        name: O::NAME,
        total: op.inputs().len(),
        specs: split(whole, size),
        inputs: Box::new(move |i| {
            op.inputs()
                .chunks(size)
                .nth(i)
                .unwrap_or_default()
                .iter()
                .map(crate::endpoints::body::ToJson::to_json)
                .collect()
        }),
    })
}

/// Inputs per request: the write size, or the read size.
fn chunk_size(write: bool, config: &Config) -> usize {
    if write {
        config.write_batch
    } else {
        config.read_batch
    }
    .max(1)
}

/// The chunks of a call of an operation described as data, with these params. The inputs of a
/// failed chunk (for `failedInputs`) are read again from the params when one fails, not kept.
fn data_chunks(
    ep: &'static Endpoint,
    params: Rc<Value>,
    v: &ApiVersion,
    config: &Config,
) -> Result<Chunks> {
    let whole = ep.describe(&params, v)?;
    let write = matches!(ep.plan, table::Plan::Batch { write: true });
    let size = chunk_size(write, config);
    let total = match whole.body.as_ref().and_then(|b| b.get("inputs")) {
        Some(Value::Array(items)) => items.len(),
        _ => 0,
    };
    let read: OnceCell<Vec<Value>> = OnceCell::new();
    Ok(Chunks {
        name: ep.name,
        total,
        specs: split(whole, size),
        inputs: Box::new(move |i| {
            let all = read.get_or_init(|| ep.inputs(&params));
            all.chunks(size).nth(i).unwrap_or_default().to_vec()
        }),
    })
}

/// The requests of a batch call's chunks: the whole call's request, its body's `inputs` (one item
/// per input, in order, for every batch operation) cut into runs of `size`. Untyped, so that the
/// chunking is once in the binary; a test holds each chunk's request equal to the one its
/// operation describes for the chunk's inputs alone.
fn split(mut whole: RequestSpec, size: usize) -> Vec<RequestSpec> {
    let items = match whole.body.as_mut().and_then(|b| b.get_mut("inputs")) {
        Some(Value::Array(items)) if items.len() > size => std::mem::take(items),
        _ => return vec![whole],
    };
    let mut items = items.into_iter();
    let mut specs = Vec::new();
    loop {
        let run: Vec<Value> = items.by_ref().take(size).collect();
        if run.is_empty() {
            return specs;
        }
        let mut spec = whole.clone();
        if let Some(body) = spec.body.as_mut().and_then(|b| b.get_mut("inputs")) {
            *body = Value::Array(run);
        }
        specs.push(spec);
    }
}

/// The plan of an operation described as data ([`crate::endpoints::table`]): `send_shaped`'s
/// one request, a batch chunked and merged as [`batch`]'s, or [`batch_read`]'s passes.
pub fn data_plan(
    ep: &'static Endpoint,
    params: Value,
    v: ApiVersion,
    config: &Config,
) -> Step<String> {
    if let table::Plan::Shaped = ep.plan {
        return match ep.describe(&params, &v) {
            Ok(spec) => send_shaped(spec, (ep.shape)()),
            Err(e) => Step::Done(Err(e)),
        };
    }
    if let table::Plan::List = ep.plan {
        let spec = match ep.describe(&params, &v) {
            Ok(spec) => spec,
            Err(e) => return Step::Done(Err(e)),
        };
        if !v.lists_by_batch_read() {
            return send_shaped(spec, (ep.shape)());
        }
        // The batch read of the one record: its page read out of the answer.
        let id = spec
            .body
            .as_ref()
            .and_then(|b| b["inputs"][0]["id"].as_str())
            .unwrap_or_default()
            .to_string();
        return send_one(
            spec,
            Box::new(move |a: Answer| counted(page_of_record(&id, &a.body), a.attempts)),
        );
    }
    if let table::Plan::BatchRead = ep.plan {
        let all_pages = matches!(params.get("allPages"), Some(Value::Bool(true)));
        let params = Rc::new(params);
        return read_passes(DataRead { ep, params }, all_pages, v, config);
    }
    let item = item_of((ep.shape)());
    match data_chunks(ep, Rc::new(params), &v, config) {
        Ok(chunks) => send_chunks(
            chunks,
            Box::new(move |chunks, outcomes| {
                Step::Done(merge_chunks(chunks, outcomes, item).map(Envelope::into_text))
            }),
        ),
        Err(e) => Step::Done(Err(e)),
    }
}

/// The untyped half of [`batch_then`].
fn send_chunks<Y: 'static>(mut chunks: Chunks, then: Then<Y>) -> Step<Y> {
    let specs = std::mem::take(&mut chunks.specs);
    Step::Send(specs, Box::new(move |outcomes| then(chunks, outcomes)))
}

/// What the chunks' answers are gathered into (a trait object, so that [`gather_chunks`] is once
/// in the binary).
trait Gather {
    /// Reads one chunk's answer and adds it.
    fn add(&mut self, body: &str) -> std::result::Result<(), Why>;
    /// What was gathered, as an error's `partial`.
    fn partial(&self) -> Value;
}

/// Reads each chunk's answer into `acc`; a failed chunk's inputs go to `failedInputs` and, with
/// other chunks done, what succeeded to `partial`.
fn gather_chunks(chunks: Chunks, outcomes: Outcomes, acc: &mut dyn Gather) -> Result<()> {
    let mut failed: Vec<Value> = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut stopped: Option<Error> = None;
    let mut attempts = 0;
    let alone = outcomes.len() == 1;
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let read = outcome.map(|r| {
            r.and_then(|a| {
                counted(
                    acc.add(&a.body).map_err(|e| undecodable(e, &a.body)),
                    a.attempts,
                )
            })
        });
        match read {
            Some(Ok(())) => {}
            Some(Err(e)) => {
                attempts = attempts.max(e.attempts);
                if super::engine::stops_everything(&e) {
                    stopped.get_or_insert(e.clone());
                }
                first_error.get_or_insert(e);
                failed.extend((chunks.inputs)(i));
            }
            None => failed.extend((chunks.inputs)(i)),
        }
    }
    match stopped.or(first_error) {
        None => Ok(()),
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
            Err(with_failed(e, Some(acc.partial()), failed))
        }
    }
}

/// Why an answer could not be read.
type Why = String;

/// A batch's chunks merged into one envelope.
fn merge_chunks(chunks: Chunks, outcomes: Outcomes, item: &'static Kind) -> Result<Envelope> {
    let mut merged = Merged {
        envelope: Envelope::empty(),
        item,
    };
    gather_chunks(chunks, outcomes, &mut merged)?;
    Ok(merged.envelope)
}

/// The envelope of a batch's chunks merged so far, and the kind of its results.
struct Merged {
    envelope: Envelope,
    item: &'static Kind,
}

impl Gather for Merged {
    fn add(&mut self, body: &str) -> std::result::Result<(), Why> {
        merge(&mut self.envelope, read_envelope(body, self.item)?);
        Ok(())
    }
    fn partial(&self) -> Value {
        envelope_value(&self.envelope)
    }
}

/// An envelope as a JSON value (an error's `partial`).
fn envelope_value(e: &Envelope) -> Value {
    let mut m = e.meta.clone();
    let results = format!("[{}]", String::from_utf8_lossy(&e.results));
    m.insert(
        "results".into(),
        serde_json::from_str(&results).unwrap_or_default(),
    );
    Value::Object(m)
}

/// `batchRead`: [`batch`], then, with `allPages`, each input's paging followed (`{id, after}`
/// sent again, chunked) until every association is read; pages are appended to their input's
/// result. A failure in a later pass carries the merged results so far in `partial` and the
/// `{id, after}` inputs that failed (resumable) in `failedInputs`. The associations are held as
/// text as their pages arrive.
pub fn batch_read(op: BatchReadParams, v: ApiVersion, config: &Config) -> Step<String> {
    let all_pages = op.all_pages == Some(true);
    read_passes(op, all_pages, v, config)
}

/// Where a batch read's passes come from: the typed params, or params read by the table (the
/// wasm edge's), so that the passes themselves are written once.
trait ReadSource: 'static {
    /// The chunks of the first pass (`None`), or of a later pass from these cursors (`{id,
    /// after}` inputs as they are sent).
    fn pass(&self, next: Option<Vec<Value>>, v: &ApiVersion, config: &Config) -> Result<Chunks>;
}

impl ReadSource for BatchReadParams {
    fn pass(&self, next: Option<Vec<Value>>, v: &ApiVersion, config: &Config) -> Result<Chunks> {
        let op = match next {
            Some(next) => self.with_inputs(
                next.iter()
                    .map(|c| BatchReadInput {
                        id: ObjectId::from(c["id"].as_str().unwrap_or_default()),
                        after: c["after"].as_str().map(str::to_string),
                    })
                    .collect(),
            ),
            None => self.clone(),
        };
        typed_chunks(op, v, config)
    }
}

/// A batch read's params as the table reads them.
struct DataRead {
    ep: &'static Endpoint,
    params: Rc<Value>,
}

impl ReadSource for DataRead {
    fn pass(&self, next: Option<Vec<Value>>, v: &ApiVersion, config: &Config) -> Result<Chunks> {
        let params = match next {
            None => self.params.clone(),
            // The call's params with these cursors as the inputs (the call's own not copied).
            Some(next) => {
                let mut m = Map::new();
                for (k, v) in self.params.as_object().into_iter().flatten() {
                    if k != "inputs" {
                        m.insert(k.clone(), v.clone());
                    }
                }
                m.insert("inputs".into(), Value::Array(next));
                Rc::new(Value::Object(m))
            }
        };
        data_chunks(self.ep, params, v, config)
    }
}

/// The first pass of a batch read, then (with `allPages`) [`next_pages`].
fn read_passes<S: ReadSource>(
    src: S,
    all_pages: bool,
    v: ApiVersion,
    config: &Config,
) -> Step<String> {
    let chunks = match src.pass(None, &v, config) {
        Ok(chunks) => chunks,
        Err(e) => return Step::Done(Err(e)),
    };
    let config2 = config.clone();
    send_chunks(
        chunks,
        Box::new(move |chunks, outcomes| {
            let mut acc = Reading {
                stream: config2.stream_pages,
                ..Reading::default()
            };
            match gather_chunks(chunks, outcomes, &mut acc) {
                Ok(()) if all_pages => next_pages(src, v, config2, acc),
                Ok(()) => Step::Done(Ok(acc.finish())),
                Err(e) => Step::Done(Err(e)),
            }
        }),
    )
}

/// The result as JSON text.
pub fn json_text<T: serde::Serialize>(out: &T) -> Result<String> {
    serde_json::to_string(out).map_err(|e| Error::new(ErrorKind::Decode, e.to_string()))
}

/// What a batch read has gathered: the envelope's metadata, and each record's result.
struct Reading {
    /// The metadata (its results are in `items`).
    envelope: Envelope,
    items: Vec<ReadItem>,
    /// The position of each record's first result (a number). A `serde_json` map, so that the
    /// module has one hash map (with one set of keys, values and their code), not two.
    index: Map<String, Value>,
    /// For each result, the position of the next result of the same record (a record asked for
    /// more than once has more than one), or [`NONE`].
    same: Vec<usize>,
    /// Past the first pass: pages add their errors and counts, not their status or times.
    paging: bool,
    /// Every pass's associations handed over as [`Step::Part`]s (built in `parts`) instead of
    /// kept here: the answer's results then hold none.
    stream: bool,
    parts: Vec<Vec<u8>>,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            envelope: Envelope::empty(),
            items: Vec::new(),
            index: Map::new(),
            same: Vec::new(),
            paging: false,
            stream: false,
            parts: Vec::new(),
        }
    }
}

impl Gather for Reading {
    fn add(&mut self, body: &str) -> std::result::Result<(), Why> {
        self.absorb(body)
    }
    fn partial(&self) -> Value {
        Reading::partial(self)
    }
}

/// The end of a chain in [`Reading::same`].
const NONE: usize = usize::MAX;

impl Reading {
    /// The position of the first result of the record `id`.
    fn first_of(&self, id: &str) -> Option<usize> {
        let first = self.index.get(id)?.as_u64()?;
        usize::try_from(first).ok()
    }

    /// Adds a page: in the first pass its results, in later ones each result's associations
    /// appended to its record's; errors and counts added to the metadata.
    fn absorb(&mut self, body: &str) -> std::result::Result<(), Why> {
        let (mut page, items) = read_batch_read(body)?;
        if self.paging {
            absorb_meta(&mut self.envelope.meta, &mut page.meta);
        } else {
            merge(&mut self.envelope, page);
        }
        for item in items {
            if !self.paging {
                // The first pass: every result as HubSpot gave it (a record asked for twice is
                // two results, as before), each indexed under its record for the later pages.
                let at = self.items.len();
                match self.first_of(&item.id) {
                    None => {
                        self.index.insert(item.id.clone(), Value::from(at));
                    }
                    Some(first) => {
                        let mut last = first;
                        while self.same[last] != NONE {
                            last = self.same[last];
                        }
                        self.same[last] = at;
                    }
                }
                self.same.push(NONE);
                self.items.push(item);
            } else if let Some(first) = self.first_of(&item.id) {
                // A later page (asked once per record): its associations appended to each of
                // the record's results (or handed over with their indexes); the first carries
                // the record's cursor.
                let mut i = first;
                while i != NONE {
                    let into = &mut self.items[i];
                    if self.stream {
                        add_part(&mut self.parts, i, &item.to);
                    } else if !item.to.is_empty() {
                        if !into.to.is_empty() {
                            into.to.push(b',');
                        }
                        into.to.extend_from_slice(&item.to);
                    }
                    i = self.same[i];
                }
                self.items[first].paging = item.paging;
            }
        }
        Ok(())
    }

    /// The records' `{id, after}` cursors, taken (none left: the read is complete): one per record,
    /// from its first result (a record asked for twice is read once; its pages go to both).
    fn cursors(&mut self) -> Vec<Value> {
        let index = &self.index;
        self.items
            .iter_mut()
            .enumerate()
            .filter_map(|(i, r)| {
                let paging = r.paging.take()?;
                if index.get(r.id.as_str()).and_then(Value::as_u64) != Some(i as u64) {
                    return None;
                }
                let after = paging["next"]["after"].as_str()?;
                // `{id, after}`, as a batch read input is sent.
                let mut cursor = Map::new();
                cursor.insert("id".into(), Value::from(r.id.as_str()));
                cursor.insert("after".into(), Value::from(after));
                Some(Value::Object(cursor))
            })
            .collect()
    }

    /// The envelope's JSON text.
    fn finish(self) -> String {
        let meta = self.envelope.meta;
        let size: usize = self.items.iter().map(|t| t.to.len() + 64).sum::<usize>() + 1024;
        let mut out = Vec::with_capacity(size);
        out.extend_from_slice(b"{\"results\":");
        write_items(&self.items, &mut out);
        rest_of(&mut out, &meta);
        String::from_utf8(out).unwrap_or_default()
    }

    /// What was gathered so far, as the JSON of an error's `partial`.
    fn partial(&self) -> Value {
        let mut out = Vec::new();
        write_items(&self.items, &mut out);
        let mut m = self.envelope.meta.clone();
        m.insert(
            "results".into(),
            // (from_str, not from_slice: one instance of the parser in the binary)
            serde_json::from_str(std::str::from_utf8(&out).unwrap_or_default()).unwrap_or_default(),
        );
        Value::Object(m)
    }
}

/// The JSON array of `items` into `out`.
fn write_items(items: &[ReadItem], out: &mut Vec<u8>) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item.write(out);
    }
    out.push(b']');
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

/// The next pass of a batch read: every result's cursor sent again (chunked), the pages gathered,
/// until no cursor is left. A failure carries what was gathered so far in `partial`.
fn next_pages<S: ReadSource>(
    src: S,
    v: ApiVersion,
    config: Config,
    mut acc: Reading,
) -> Step<String> {
    if acc.stream && !acc.paging {
        // The first pass's associations go the way of the later pages': handed over in parts,
        // each freed here as it is copied, so that no text of the whole result is ever made.
        for (i, item) in acc.items.iter_mut().enumerate() {
            add_part(&mut acc.parts, i, &std::mem::take(&mut item.to));
        }
    }
    acc.paging = true;
    let parts = std::mem::take(&mut acc.parts);
    let next = acc.cursors();
    if next.is_empty() {
        return after_parts(parts, Step::Done(Ok(acc.finish())));
    }
    let chunks = match src.pass(Some(next), &v, &config) {
        Ok(chunks) => chunks,
        Err(e) => return after_parts(parts, Step::Done(Err(e))),
    };
    let sent = send_chunks(
        chunks,
        Box::new(
            move |chunks, outcomes| match gather_chunks(chunks, outcomes, &mut acc) {
                Err(mut e) => {
                    e.partial = Some(acc.partial());
                    after_parts(std::mem::take(&mut acc.parts), Step::Done(Err(e)))
                }
                // (The pass's parts go first: next_pages hands them over before what comes next.)
                Ok(()) => next_pages(src, v, config, acc),
            },
        ),
    );
    after_parts(parts, sent)
}

/// About the most a [`Step::Part`] holds: a pass's associations are handed over in parts of
/// this size, so that each part is small beside the pass and can take the room the last freed.
const PART_BYTES: usize = 256 * 1024;

/// Adds result `i`'s associations (`to`: their JSON, comma-separated) to the last of `parts`
/// (`[[i, [association, …]], …` without its closing bracket), or to a new one once that is full.
fn add_part(parts: &mut Vec<Vec<u8>>, i: usize, to: &[u8]) {
    if to.is_empty() {
        return;
    }
    if parts.last().is_none_or(|p| p.len() >= PART_BYTES) {
        parts.push(Vec::with_capacity(PART_BYTES + to.len() + 32));
    }
    if let Some(part) = parts.last_mut() {
        part.push(if part.is_empty() { b'[' } else { b',' });
        part.push(b'[');
        let _ = serde_json::to_writer(&mut *part, &i);
        part.extend_from_slice(b",[");
        part.extend_from_slice(to);
        part.extend_from_slice(b"]]");
    }
}

/// `then`, after `parts` (what a pass of a batch read gathered, with [`Config::stream_pages`];
/// see [`add_part`]) handed over in order, each as a [`Step::Part`].
fn after_parts<X>(mut parts: Vec<Vec<u8>>, mut then: Step<X>) -> Step<X> {
    while let Some(mut part) = parts.pop() {
        part.push(b']');
        then = Step::Part(String::from_utf8(part).unwrap_or_default(), Box::new(then));
    }
    then
}

/// Attaches `partial` and `failedInputs` to a batch call's error.
fn with_failed(mut e: Error, partial: Option<Value>, failed: Vec<Value>) -> Error {
    e.partial = Some(partial.unwrap_or_else(|| envelope_value(&Envelope::empty())));
    e.failed_inputs = Some(Value::Array(failed));
    e
}

/// Adds one chunk's envelope to the merged one: results appended, errors appended and counted,
/// `startedAt` the earliest, `completedAt` the latest.
fn merge(into: &mut Envelope, part: Envelope) {
    let text = |m: &Map<String, Value>, k: &str| {
        m.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut part_meta = part.meta;
    let first = text(&into.meta, "status").is_empty()
        && into.count == 0
        && text(&into.meta, "startedAt").is_empty();
    if first || text(&into.meta, "status") == "COMPLETE" {
        into.meta
            .insert("status".into(), Value::String(text(&part_meta, "status")));
    }
    if part.count > 0 {
        if into.count > 0 {
            into.results.push(b',');
        }
        into.results.extend_from_slice(&part.results);
        into.count += part.count;
    }
    let into = &mut into.meta;
    let started = text(&part_meta, "startedAt");
    let into_started = text(into, "startedAt");
    if !started.is_empty() && (into_started.is_empty() || started < into_started) {
        into.insert("startedAt".into(), Value::String(started));
    }
    let completed = text(&part_meta, "completedAt");
    if completed > text(into, "completedAt") {
        into.insert("completedAt".into(), Value::String(completed));
    }
    if !into.contains_key("requestedAt") {
        if let Some(r) = part_meta.remove("requestedAt") {
            into.insert("requestedAt".into(), r);
        }
    }
    if let Some(Value::Array(errors)) = part_meta.remove("errors") {
        append(into, "errors", errors);
    }
    if let Some(n) = part_meta.get("numErrors").and_then(Value::as_u64) {
        add_count(into, n);
    }
    // Maps of links merge; any other shape (HubSpot's links are a map) keeps the first seen.
    match (into.get_mut("links"), part_meta.remove("links")) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => a.extend(b),
        (None, Some(b)) => {
            into.insert("links".into(), b);
        }
        _ => {}
    }
}

#[cfg(test)]
mod js_tests {
    use super::*;
    use crate::model::shape::js_shapes;
    use crate::model::stream::tests::{js_cases, reference};

    /// What the JS glue reads a one-chunk batch's answer as (its envelope by shape) is what the
    /// engine made of it before (the chunk merged into an empty envelope), on every case of the
    /// JS reader's corpus that reads.
    #[test]
    fn one_chunk_merged_equals_the_shape_reading() {
        let table = js_shapes();
        let mut n = 0;
        for (shape, body) in js_cases() {
            let kind = table[shape].1;
            let Some(read) = reference(kind, &body) else {
                continue;
            };
            if !table[shape].0.starts_with("BatchResponse") {
                continue;
            }
            let mut merged = Envelope::empty();
            merge(&mut merged, read_envelope(&body, item_of(kind)).unwrap());
            let merged: Value = serde_json::from_str(&merged.into_text()).unwrap();
            assert_eq!(merged, read, "{body}");
            n += 1;
            if table[shape].0 == "BatchResponse<BatchReadResult>" {
                // batchRead's first pass reads records as text (Reading), not as an envelope.
                let mut acc = Reading::default();
                acc.absorb(&body).unwrap();
                let finished: Value = serde_json::from_str(&acc.finish()).unwrap();
                assert_eq!(finished, read, "{body}");
            }
        }
        assert!(n > 500, "{n} cases");
    }
}

#[cfg(test)]
mod part_tests {
    use super::*;

    /// A large pass is handed over in several parts, each about [`PART_BYTES`] at most (so that
    /// no part is a copy of the whole pass), which, appended in order, give every association
    /// of every result in its order; no part is empty.
    #[test]
    fn a_large_pass_is_handed_over_in_bounded_parts_in_order() {
        let association = |n: usize| format!(r#"{{"toObjectId":"{n}","associationTypes":[]}}"#);
        let mut parts = Vec::new();
        let mut want: Vec<(usize, Vec<Value>)> = Vec::new();
        for i in 0..300 {
            let ids: Vec<usize> = (0..(i % 7) * 40).map(|k| i * 1000 + k).collect();
            let to: Vec<String> = ids.iter().map(|&n| association(n)).collect();
            add_part(&mut parts, i, to.join(",").as_bytes());
            if !ids.is_empty() {
                want.push((
                    i,
                    to.iter()
                        .map(|t| serde_json::from_str(t).unwrap())
                        .collect(),
                ));
            }
        }
        let mut step: Step<String> = after_parts(parts, Step::Done(Ok("end".into())));
        let mut got: Vec<(usize, Vec<Value>)> = Vec::new();
        let mut n = 0;
        loop {
            match step {
                Step::Part(text, next) => {
                    assert!(text.len() < PART_BYTES + 64 * 1024, "{} bytes", text.len());
                    let part: Vec<(usize, Vec<Value>)> = serde_json::from_str(&text).unwrap();
                    assert!(!part.is_empty());
                    got.extend(part);
                    n += 1;
                    step = *next;
                }
                Step::Done(r) => {
                    assert_eq!(r.unwrap(), "end");
                    break;
                }
                Step::Send(..) => panic!("nothing to send"),
            }
        }
        assert!(n > 3, "{n} parts");
        assert_eq!(got, want);
        // Nothing to hand over: no part at all.
        assert!(matches!(
            after_parts(Vec::new(), Step::Done(Ok(String::new()))),
            Step::Done(_)
        ));
    }
}

#[cfg(test)]
mod untyped_tests {
    use super::*;
    use serde_json::json;

    /// `split`'s chunks of `op` are the requests its operation describes for each chunk's inputs
    /// alone, for every size (one chunk, several, one input each).
    fn chunks_as_described<O: Batchable>(op: O, v: &ApiVersion) {
        let n = op.inputs().len();
        for size in [1, 2, 3, n, n + 1] {
            let expected: Vec<RequestSpec> = op
                .inputs()
                .chunks(size)
                .map(|c| op.with_inputs(c.to_vec()).describe(v).unwrap())
                .collect();
            assert_eq!(
                split(op.describe(v).unwrap(), size),
                expected,
                "{} by {size}",
                O::NAME
            );
        }
    }

    fn params<T: serde::de::DeserializeOwned>(inputs: Vec<Value>) -> T {
        serde_json::from_value(
            json!({"fromObjectType": "contacts", "toObjectType": "companies", "inputs": inputs}),
        )
        .unwrap()
    }

    /// The operations planned by [`shaped_plan`] read their answers as `decode_text` does (none
    /// of them overrides it), on every body of the JS reader's corpus, in every version family.
    #[test]
    fn shaped_operations_read_as_their_decode_text() {
        use crate::model::stream::tests::js_cases;
        fn same<O: Operation>(op: O, bodies: &[String]) {
            for v in ["v4", "2026-03", "2026-09"].map(|v| ApiVersion::parse(v).unwrap()) {
                for body in bodies {
                    let a = op.decode_text(&v, body).map_err(|e| e.message);
                    let b =
                        decode_shape(body, <O::Output as Shaped>::shape()).map_err(|e| e.message);
                    assert_eq!(a, b, "{} {body}", O::NAME);
                }
            }
        }
        let bodies: Vec<String> = js_cases().into_iter().map(|(_, b)| b).collect();
        let pair = || json!({"fromObjectType": "contacts", "toObjectType": "companies"});
        let p = |extra: Value| {
            let mut v = pair();
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            v
        };
        fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
            serde_json::from_value(v).unwrap()
        }
        let record = json!({"fromObjectId": "1", "toObjectId": "2"});
        same::<AssociateDefaultParams>(from(p(record.clone())), &bodies);
        same::<AssociateParams>(
            from(p(
                json!({"fromObjectId": "1", "toObjectId": "2", "types": []}),
            )),
            &bodies,
        );
        same::<RemoveAssociationsParams>(
            from(
                json!({"objectType": "contacts", "objectId": "1", "toObjectType": "companies", "toObjectId": "2"}),
            ),
            &bodies,
        );
        same(ListLabels(from(pair())), &bodies);
        same::<CreateLabelParams>(from(p(json!({"label": "a", "name": "a"}))), &bodies);
        same::<UpdateLabelParams>(
            from(p(json!({"associationTypeId": 1, "label": "a"}))),
            &bodies,
        );
        same::<DeleteLabelParams>(from(p(json!({"associationTypeId": 1}))), &bodies);
        same::<HighUsageReportParams>(from(json!({"userId": 1})), &bodies);
        same::<ListAllLimitsParams>(from(json!({})), &bodies);
        same(ListLimits(from(pair())), &bodies);
        same(ListTypesV3(from(pair())), &bodies);
    }

    #[test]
    fn every_batch_operation_is_chunked_as_it_describes_its_chunks() {
        let ids = |f: &dyn Fn(usize) -> Value| (1..=5).map(f).collect::<Vec<Value>>();
        let r = |i: usize| json!({"id": (100 + i).to_string()});
        let types = json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]);
        let create = ids(&|i| json!({"from": r(i), "to": r(i + 10), "types": types}));
        let limits =
            ids(&|i| json!({"category": "USER_DEFINED", "typeId": i, "maxToObjectIds": 10}));
        let v3 = ids(&|i| json!({"from": r(i), "to": r(i + 10), "type": "contact_to_company"}));
        for v in [ApiVersion::V4, ApiVersion::Date("2026-03".into())] {
            chunks_as_described(params::<BatchReadParams>(ids(&r)), &v);
            chunks_as_described(params::<BatchCreateParams>(create.clone()), &v);
            chunks_as_described(BatchArchiveLabels(params(create.clone())), &v);
            chunks_as_described(
                params::<BatchCreateDefaultParams>(ids(
                    &|i| json!({"from": r(i), "to": r(i + 10)}),
                )),
                &v,
            );
            chunks_as_described(
                params::<BatchArchiveParams>(ids(
                    &|i| json!({"from": r(i), "to": [r(i + 10), r(i + 20)]}),
                )),
                &v,
            );
            chunks_as_described(CreateLimits(params(limits.clone())), &v);
            chunks_as_described(UpdateLimits(params(limits.clone())), &v);
            chunks_as_described(
                params::<PurgeLimitsParams>(ids(
                    &|i| json!({"category": "USER_DEFINED", "typeId": i}),
                )),
                &v,
            );
            chunks_as_described(params::<BatchReadV3Params>(ids(&r)), &v);
            chunks_as_described(BatchCreateV3(params(v3.clone())), &v);
            chunks_as_described(BatchArchiveV3(params(v3.clone())), &v);
        }
    }
}
