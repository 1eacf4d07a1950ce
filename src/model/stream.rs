//! [`super::shape`]'s reading, streamed: an answer is read by its shape straight from its text into
//! the normalised JSON text, with no tree in between (objects and arrays are walked as they are
//! parsed; only scalars and the small lenient fields pass through a `Value`). This is what every
//! 2xx answer goes through, natively and in wasm: it costs a fraction of building, rewriting,
//! serialising and dropping a tree, and a long paged read holds only text.
//!
//! Envelopes are read into an [`Envelope`] (their results as text, their metadata as small values),
//! so that chunks and pages merge without being parsed again; batch read's results are read into
//! [`ReadItem`]s (id, associations as text, paging), so that pages append to their record.

use super::shape::{batch_fields, normalize, Field, Kind, BATCH_READ_RESULT, OBJECT_REF, PAGING};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

/// Why an answer could not be read (where, and what was wrong).
pub type Why = String;

/// The text of an error, without serde_json's position (one per nesting level otherwise).
fn plain(e: impl fmt::Display) -> String {
    let s = e.to_string();
    match crate::text::find(&s, " at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads `text` whole with `seed`.
fn read_all<'de, S: DeserializeSeed<'de>>(text: &'de str, seed: S) -> Result<S::Value, Why> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    let mut de = serde_json::Deserializer::from_str(text);
    let v = seed.deserialize(&mut de).map_err(plain)?;
    de.end().map_err(plain)?;
    Ok(v)
}

/// The normalised JSON text of an answer of shape `kind` (`null` for [`Kind::Nothing`]).
pub fn to_text(body: &str, kind: &Kind) -> Result<String, Why> {
    if let Kind::Nothing = kind {
        return Ok("null".into());
    }
    let mut out = Vec::with_capacity(body.len());
    let wrote = read_all(
        body,
        Write {
            kind,
            out: &mut out,
        },
    )?;
    if !wrote {
        out.extend_from_slice(b"null");
    }
    Ok(into_string(out))
}

/// Bytes this module wrote (serde_json and ASCII punctuation: UTF-8).
fn into_string(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_default()
}

/// Writes one value of `kind` into `out`; `false`: the value is omitted (nothing written).
struct Write<'a> {
    kind: &'a Kind,
    out: &'a mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for Write<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        match *self.kind {
            Kind::Obj(fields) => d.deserialize_any(Read::Obj(ObjVisitor {
                fields,
                out: self.out,
                optional: false,
            })),
            Kind::OptObj(fields) => d.deserialize_any(Read::Obj(ObjVisitor {
                fields,
                out: self.out,
                optional: true,
            })),
            Kind::List(item) | Kind::ListOrEmpty(item) => {
                d.deserialize_any(Read::List(ListVisitor {
                    item,
                    out: self.out,
                }))
            }
            Kind::Text
            | Kind::TextRequired
            | Kind::OptText
            | Kind::NullText
            | Kind::Id
            | Kind::I32 => d.deserialize_any(Read::Scalar(Scalar {
                kind: self.kind,
                out: self.out,
            })),
            _ => {
                let v = Value::deserialize(d)?;
                match normalize(self.kind, Some(&v)).map_err(de::Error::custom)? {
                    Some(n) => {
                        serde_json::to_writer(&mut *self.out, &n).map_err(de::Error::custom)?;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }
        }
    }
}

/// Writes a text, id or type id as it is parsed (strings, the common case, are copied straight
/// from the answer); anything unusual goes through [`normalize`], so the rules stay in one place.
struct Scalar<'a> {
    kind: &'a Kind,
    out: &'a mut Vec<u8>,
}

impl Scalar<'_> {
    /// [`normalize`] of `v`, written.
    fn slow<E: de::Error>(self, v: Value) -> Result<bool, E> {
        match normalize(self.kind, Some(&v)).map_err(E::custom)? {
            Some(n) => {
                serde_json::to_writer(&mut *self.out, &n).map_err(E::custom)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// An integer: its digits quoted (a text or an id), or as a number in range (a type id). Written
    /// without a `Value` or a `String` in between: ids are in every association.
    fn integer<E: de::Error>(self, negative: bool, magnitude: u64) -> Result<bool, E> {
        let quoted = !matches!(self.kind, Kind::I32);
        if !quoted && (magnitude > i32::MAX as u64 + u64::from(negative)) {
            let sign = if negative { "-" } else { "" };
            return Err(E::custom(format!(
                "{sign}{magnitude} is out of range for a type id"
            )));
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = magnitude;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if quoted {
            self.out.push(b'"');
        }
        if negative {
            self.out.push(b'-');
        }
        self.out.extend_from_slice(&digits[at..]);
        if quoted {
            self.out.push(b'"');
        }
        Ok(true)
    }
}

impl<'de> Visitor<'de> for Scalar<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match self.kind {
            Kind::I32 => Err(E::custom("expected an integer, got a string")),
            _ => {
                serde_json::to_writer(&mut *self.out, v).map_err(E::custom)?;
                Ok(true)
            }
        }
    }
    /// A string borrowed from the answer had no escapes there, so it holds no `"`, `\` or
    /// control character (JSON allows none unescaped): it is written back as is, not re-escaped.
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<bool, E> {
        match self.kind {
            Kind::I32 => Err(E::custom("expected an integer, got a string")),
            _ => {
                self.out.push(b'"');
                self.out.extend_from_slice(v.as_bytes());
                self.out.push(b'"');
                Ok(true)
            }
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.integer(false, v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.integer(v < 0, v.unsigned_abs())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.slow(Value::from(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.slow(Value::Bool(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.slow(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.slow(v)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.slow(v)
    }
}

/// Every visitor of the reader, as one type: serde_json's `deserialize_any` (its whole parsing
/// frame: whitespace, dispatch on the first byte, numbers, strings, errors with positions) is
/// then once in the wasm module instead of once per visitor type. Each variant's own `Visitor`
/// impl does the work; `true` stands for the unit visitors' `()`.
enum Read<'a, 'b> {
    Obj(ObjVisitor<'a>),
    List(ListVisitor<'a>),
    Scalar(Scalar<'a>),
    Envelope(EnvelopeSeed<'a, 'b>),
    Text(TextResults<'a>),
    Items(ItemsSeed<'a>),
    Item(ItemSeed<'a>),
}

/// `$call` on the visitor inside `$read` (bound to `$v`), the unit visitors' `()` as `true`.
macro_rules! on {
    ($read:expr, $v:ident => $call:expr) => {
        match $read {
            Read::Obj($v) => $call,
            Read::List($v) => $call,
            Read::Scalar($v) => $call,
            Read::Envelope($v) => $call.map(|()| true),
            Read::Text($v) => $call.map(|()| true),
            Read::Items($v) => $call.map(|()| true),
            Read::Item($v) => $call.map(|()| true),
        }
    };
}

impl<'de> Visitor<'de> for Read<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Read::Obj(v) => v.expecting(f),
            Read::List(v) => v.expecting(f),
            Read::Scalar(v) => v.expecting(f),
            Read::Envelope(v) => v.expecting(f),
            Read::Text(v) => v.expecting(f),
            Read::Items(v) => v.expecting(f),
            Read::Item(v) => v.expecting(f),
        }
    }
    fn visit_bool<E: de::Error>(self, x: bool) -> Result<bool, E> {
        on!(self, v => v.visit_bool(x))
    }
    fn visit_i64<E: de::Error>(self, x: i64) -> Result<bool, E> {
        on!(self, v => v.visit_i64(x))
    }
    fn visit_u64<E: de::Error>(self, x: u64) -> Result<bool, E> {
        on!(self, v => v.visit_u64(x))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<bool, E> {
        on!(self, v => v.visit_f64(x))
    }
    fn visit_str<E: de::Error>(self, x: &str) -> Result<bool, E> {
        on!(self, v => v.visit_str(x))
    }
    fn visit_borrowed_str<E: de::Error>(self, x: &'de str) -> Result<bool, E> {
        on!(self, v => v.visit_borrowed_str(x))
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        on!(self, v => v.visit_unit())
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        on!(self, v => v.visit_none())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        on!(self, v => v.visit_seq(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        on!(self, v => v.visit_map(map))
    }
}

/// What kind of JSON a visitor got instead of what it wanted.
fn got<E: de::Error>(want: &str, what: &str) -> E {
    E::custom(format!("expected {want}, got {what}"))
}

/// Writes an object of `fields` (unknown fields skipped, missing ones defaulted or refused).
struct ObjVisitor<'a> {
    fields: &'a [Field],
    out: &'a mut Vec<u8>,
    optional: bool,
}

impl<'de> Visitor<'de> for ObjVisitor<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let out = self.out;
        let mut seen = [false; 16];
        out.push(b'{');
        let mut first = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(i) = self.fields.iter().position(|f| f.0 == key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if seen[i] {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            seen[i] = true;
            let mark = out.len();
            if !first {
                out.push(b',');
            }
            write_key(out, self.fields[i].0);
            let kind = &self.fields[i].1;
            match map.next_value_seed(Write {
                kind,
                out: &mut *out,
            }) {
                Ok(true) => first = false,
                Ok(false) => out.truncate(mark),
                Err(e) => return Err(de::Error::custom(format!("{key}: {}", plain(e)))),
            }
        }
        for (i, Field(name, kind)) in self.fields.iter().enumerate() {
            if seen[i] {
                continue;
            }
            let default: &[u8] = match kind {
                Kind::Text => b"\"\"",
                Kind::NullText => b"null",
                Kind::Texts | Kind::ListOrEmpty(_) => b"[]",
                Kind::I64Or0 => b"0",
                Kind::BoolOrFalse => b"false",
                Kind::OptText
                | Kind::Count
                | Kind::Any
                | Kind::OptI64
                | Kind::OptObj(_)
                | Kind::Errors
                | Kind::Nothing => continue,
                _ => return Err(de::Error::custom(format!("{name}: missing"))),
            };
            if !first {
                out.push(b',');
            }
            first = false;
            write_key(out, name);
            out.extend_from_slice(default);
        }
        out.push(b'}');
        Ok(true)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        if self.optional {
            Ok(false)
        } else {
            Err(got("an object", "null"))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        self.visit_unit()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Err(got("an object", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Err(got("an object", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Err(got("an object", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Err(got("an object", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Err(got("an object", "a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(got("an object", "an array"))
    }
}

/// `"name":`.
fn write_key(out: &mut Vec<u8>, name: &str) {
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// Writes an array of `item`s.
struct ListVisitor<'a> {
    item: &'a Kind,
    out: &'a mut Vec<u8>,
}

impl<'de> Visitor<'de> for ListVisitor<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        self.out.push(b'[');
        write_items(self.item, &mut seq, self.out, 0)?;
        self.out.push(b']');
        Ok(true)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Err(got("an array", "null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Err(got("an array", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Err(got("an array", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Err(got("an array", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Err(got("an array", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Err(got("an array", "a string"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Err(got("an array", "an object"))
    }
}

/// Writes the remaining items of `seq`, comma-separated (after `already` written ones); returns
/// how many were written.
fn write_items<'de, A: SeqAccess<'de>>(
    item: &Kind,
    seq: &mut A,
    out: &mut Vec<u8>,
    already: usize,
) -> Result<usize, A::Error> {
    let mut i = already;
    loop {
        let mark = out.len();
        if i > 0 {
            out.push(b',');
        }
        match seq.next_element_seed(Write {
            kind: item,
            out: &mut *out,
        }) {
            Ok(Some(true)) => {}
            Ok(Some(false)) => out.extend_from_slice(b"null"),
            Ok(None) => {
                out.truncate(mark);
                return Ok(i);
            }
            Err(e) => {
                return Err(de::Error::custom(format!(
                    "[{}]: {}",
                    i - already,
                    plain(e)
                )))
            }
        }
        i += 1;
    }
}

/// A batch envelope: its results as text (comma-separated items), its metadata as values.
#[derive(Debug, Default)]
pub struct Envelope {
    /// `status`, `startedAt`, `completedAt`, `requestedAt`, `links`, `errors`, `numErrors`
    /// (normalised; the defaults filled in).
    pub meta: Map<String, Value>,
    /// The results' JSON, comma-separated.
    pub results: Vec<u8>,
    /// How many results.
    pub count: usize,
}

impl Envelope {
    /// The envelope of no answer: `{status: "", results: [], startedAt: "", completedAt: ""}`.
    pub fn empty() -> Envelope {
        let mut meta = Map::new();
        for k in ["status", "startedAt", "completedAt"] {
            meta.insert(k.into(), Value::from(""));
        }
        Envelope {
            meta,
            ..Default::default()
        }
    }

    /// The envelope's JSON text.
    pub fn into_text(self) -> String {
        let mut out = Vec::with_capacity(self.results.len() + 256);
        out.extend_from_slice(b"{\"results\":[");
        out.extend_from_slice(&self.results);
        out.push(b']');
        rest_of(&mut out, &self.meta);
        into_string(out)
    }
}

/// Writes the fields of `meta` after fields already written, and closes the object.
pub fn rest_of(out: &mut Vec<u8>, meta: &Map<String, Value>) {
    for (k, v) in meta {
        out.push(b',');
        let _ = serde_json::to_writer(&mut *out, k);
        out.push(b':');
        let _ = serde_json::to_writer(&mut *out, v);
    }
    out.push(b'}');
}

/// The metadata fields of an envelope (every field but `results`).
const META: [Field; 8] = batch_fields(&Kind::Keep);

/// Reads a batch envelope whose results are `item`s.
pub fn read_envelope(body: &str, item: &Kind) -> Result<Envelope, Why> {
    let mut env = Envelope::default();
    read_all(
        body,
        EnvelopeSeed {
            env: &mut env,
            results: Results::Text(item),
        },
    )?;
    Ok(env)
}

/// One result of batch read, ready to take more pages: its id, its associations as text, its
/// paging.
#[derive(Debug, Default)]
pub struct ReadItem {
    /// The record's id.
    pub id: String,
    /// Its associations' JSON, comma-separated.
    pub to: Vec<u8>,
    /// How many associations.
    pub count: usize,
    /// Its `paging` (normalised), if any.
    pub paging: Option<Value>,
}

impl ReadItem {
    /// The item's JSON text (`{from: {id}, to: [...], paging?}`).
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"from\":{\"id\":");
        let _ = serde_json::to_writer(&mut *out, &self.id);
        out.extend_from_slice(b"},\"to\":[");
        out.extend_from_slice(&self.to);
        out.push(b']');
        if let Some(p) = &self.paging {
            out.extend_from_slice(b",\"paging\":");
            let _ = serde_json::to_writer(&mut *out, p);
        }
        out.push(b'}');
    }
}

/// Reads a batch read answer: its metadata, and its results as [`ReadItem`]s.
pub fn read_batch_read(body: &str) -> Result<(Envelope, Vec<ReadItem>), Why> {
    let mut env = Envelope::default();
    let mut items = Vec::new();
    read_all(
        body,
        EnvelopeSeed {
            env: &mut env,
            results: Results::Items(&mut items),
        },
    )?;
    Ok((env, items))
}

/// Where an envelope's results go.
enum Results<'a> {
    /// Written as text, each read as this kind.
    Text(&'a Kind),
    /// Read as batch read results.
    Items(&'a mut Vec<ReadItem>),
}

/// Reads an envelope (an object; its `results` by [`Results`], the rest into `meta`).
struct EnvelopeSeed<'a, 'b> {
    env: &'a mut Envelope,
    results: Results<'b>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Read::Envelope(self)).map(|_| ())
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut raw = Map::new();
        let mut seen_results = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "results" && !seen_results {
                seen_results = true;
                let r = match &mut self.results {
                    Results::Text(item) => map.next_value_seed(TextResults {
                        item,
                        out: &mut self.env.results,
                        count: &mut self.env.count,
                    }),
                    Results::Items(items) => map.next_value_seed(ItemsSeed(items)),
                };
                r.map_err(|e| de::Error::custom(format!("results: {}", plain(e))))?;
            } else if META.iter().any(|f| f.0 == key) && !raw.contains_key(key.as_ref()) {
                raw.insert(key.into_owned(), map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        for Field(name, kind) in &META {
            if *name == "results" {
                continue;
            }
            match normalize(kind, raw.get(*name)) {
                Ok(Some(v)) => {
                    self.env.meta.insert((*name).to_string(), v);
                }
                Ok(None) => {}
                Err(e) => return Err(de::Error::custom(format!("{name}: {e}"))),
            }
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(got("an object", "null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(got("an object", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(got("an object", "a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(got("an object", "an array"))
    }
}

/// An array's items, written as text (comma-separated) and counted.
struct TextResults<'a> {
    item: &'a Kind,
    out: &'a mut Vec<u8>,
    count: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for TextResults<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Read::Text(self)).map(|_| ())
    }
}

impl<'de> Visitor<'de> for TextResults<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        *self.count = write_items(self.item, &mut seq, self.out, 0)?;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(got("an array", "null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(got("an array", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(got("an array", "a string"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(got("an array", "an object"))
    }
}

/// Batch read results read into [`ReadItem`]s.
struct ItemsSeed<'a>(&'a mut Vec<ReadItem>);

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Read::Items(self)).map(|_| ())
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let mut item = ReadItem::default();
            match seq.next_element_seed(ItemSeed(&mut item)) {
                Ok(Some(())) => self.0.push(item),
                Ok(None) => return Ok(()),
                Err(e) => return Err(de::Error::custom(format!("[{i}]: {}", plain(e)))),
            }
            i += 1;
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(got("an array", "null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(got("an array", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(got("an array", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(got("an array", "a string"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(got("an array", "an object"))
    }
}

/// One batch read result into a [`ReadItem`] (the fields of [`BATCH_READ_RESULT`]).
struct ItemSeed<'a>(&'a mut ReadItem);

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Read::Item(self)).map(|_| ())
    }
}

/// The kind of an association in batch read's `to`.
fn associated() -> &'static Kind {
    match BATCH_READ_RESULT {
        Kind::Obj(fields) => match &fields[1].1 {
            Kind::List(item) => item,
            _ => &Kind::Keep,
        },
        _ => &Kind::Keep,
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let item = self.0;
        let (mut from, mut to, mut paging) = (None, false, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let r = match key.as_ref() {
                "from" if from.is_none() => map.next_value::<Value>().map(|v| from = Some(v)),
                "to" if !to => {
                    to = true;
                    map.next_value_seed(TextResults {
                        item: associated(),
                        out: &mut item.to,
                        count: &mut item.count,
                    })
                }
                "paging" if paging.is_none() => map.next_value::<Value>().map(|v| paging = Some(v)),
                _ => map.next_value::<IgnoredAny>().map(|_| ()),
            };
            r.map_err(|e| de::Error::custom(format!("{key}: {}", plain(e))))?;
        }
        let id = normalize(&OBJECT_REF, from.as_ref())
            .map_err(|e| de::Error::custom(format!("from: {e}")))?;
        item.id = id
            .as_ref()
            .and_then(|v| v["id"].as_str())
            .unwrap_or_default()
            .to_string();
        if !to {
            return Err(de::Error::custom("to: missing"));
        }
        // Its text is kept until its pass is read (for Rust callers, while later pages are
        // appended to it): no room to spare from growing by doubling.
        item.to.shrink_to_fit();
        item.paging = normalize(&PAGING, paging.as_ref())
            .map_err(|e| de::Error::custom(format!("paging: {e}")))?;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(got("an object", "null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(got("an object", "a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(got("an object", "a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(got("an object", "a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(got("an object", "an array"))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::shape::{Shaped, ASSOCIATIONS_PAGE, HIGH_USAGE_REPORT, LABELS_BETWEEN};
    use crate::model::{BatchReadResult, BatchResponse, CollectionResponse, LimitConfig};
    use serde_json::json;

    /// Every leaf of `v` replaced, one at a time, by each of a few JSON values of other types.
    fn mutations(v: &Value) -> Vec<Value> {
        let subs = [
            json!(null),
            json!(true),
            json!(7),
            json!(-3),
            json!(1.5),
            json!(9007199254740993u64),
            json!(1e21),
            json!(0.1),
            json!(-0.0),
            json!("s"),
            json!([]),
            json!([1, {"a": null}]),
            json!({}),
            json!({"b": [2]}),
        ];
        let mut out = Vec::new();
        fn walk(v: &Value, path: &mut Vec<Value>, at: &mut Vec<Vec<Value>>) {
            at.push(path.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| {
                    path.push(json!(k));
                    walk(x, path, at);
                    path.pop();
                }),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                    path.push(json!(i));
                    walk(x, path, at);
                    path.pop();
                }),
                _ => {}
            }
        }
        let mut at = Vec::new();
        walk(v, &mut Vec::new(), &mut at);
        for path in at.into_iter().skip(1) {
            for sub in &subs {
                let mut m = v.clone();
                let mut slot = &mut m;
                for p in &path {
                    slot = match p {
                        Value::String(k) => &mut slot[k.as_str()],
                        Value::Number(i) => &mut slot[i.as_u64().unwrap() as usize],
                        _ => unreachable!(),
                    };
                }
                *slot = sub.clone();
                out.push(m);
            }
            // …and the field removed.
            let mut m = v.clone();
            let (last, parent) = path.split_last().unwrap();
            let mut slot = &mut m;
            for p in parent {
                slot = match p {
                    Value::String(k) => &mut slot[k.as_str()],
                    Value::Number(i) => &mut slot[i.as_u64().unwrap() as usize],
                    _ => unreachable!(),
                };
            }
            match (slot, last) {
                (Value::Object(o), Value::String(k)) => {
                    o.remove(k);
                }
                (Value::Array(a), Value::Number(i)) => {
                    a.remove(i.as_u64().unwrap() as usize);
                }
                _ => {}
            }
            out.push(m);
        }
        out
    }

    /// The streamed reading equals the tree reading (the reference) on `v` and its mutations.
    fn agree(kind: &Kind, v: Value) -> usize {
        let mut n = 0;
        for m in std::iter::once(v.clone()).chain(mutations(&v)) {
            let text = m.to_string();
            let streamed = to_text(&text, kind).map(|t| serde_json::from_str::<Value>(&t).unwrap());
            let tree = normalize(kind, Some(&m)).map(|v| v.unwrap_or(Value::Null));
            match (&streamed, &tree) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{text}: streamed {streamed:?}, tree {tree:?}"),
            }
            n += 1;
        }
        n
    }

    fn errors() -> Value {
        json!([{"status": "error", "category": "X", "subCategory": "s", "message": "m", "context": "{a=[b]}", "id": "e", "links": {"l": "u"}, "errors": [{"message": "d", "in": "i"}]}])
    }

    #[test]
    fn streamed_reading_equals_the_tree_reading() {
        let spec = json!([{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"}, {"category": "USER_DEFINED", "typeId": 279, "label": null, "fromObjectTypeId": "0-1"}]);
        let read = json!({"status": "COMPLETE", "numErrors": 1, "errors": errors(), "startedAt": "a", "completedAt": "b", "requestedAt": "c", "links": {"s": "x"},
            "results": [{"from": {"id": "1"}, "to": [{"toObjectId": 5434402448u64, "associationTypes": spec}], "paging": {"next": {"after": "9", "link": "l"}}}]});
        let mut n = agree(&BatchResponse::<BatchReadResult>::SHAPE, read);
        n += agree(
            &ASSOCIATIONS_PAGE,
            json!({"results": [{"toObjectId": "7", "associationTypes": spec}], "paging": {"next": {"after": 3}}}),
        );
        n += agree(
            &LABELS_BETWEEN,
            json!({"fromObjectTypeId": "0-1", "fromObjectId": 1, "toObjectTypeId": "0-2", "toObjectId": "2", "labels": ["a", null, 3]}),
        );
        n += agree(
            &CollectionResponse::<LimitConfig>::SHAPE,
            json!({"results": [{"category": "USER_DEFINED", "typeId": 9, "label": "L", "userEnforcedMaxToObjectIds": 2}]}),
        );
        n += agree(
            &HIGH_USAGE_REPORT,
            json!({"enqueueTime": {"value": 1, "dateOnly": false, "timeZoneShift": 0}, "userEmail": "e", "userId": 5}),
        );
        n += agree(
            &BatchResponse::<Value>::SHAPE,
            json!({"status": "COMPLETE", "results": [1, null, {"a": 2}], "numErrors": "2"}),
        );
        assert!(n > 1000, "{n} cases");
    }

    /// For every shape of `js/shapes.js` (by index), a documented answer, its mutations, and
    /// empty, `null` and `[]` bodies.
    pub(crate) fn js_cases() -> Vec<(usize, String)> {
        use crate::model::shape::js_shapes;
        let spec = json!([{"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"}, {"category": "USER_DEFINED", "typeId": 279, "label": null, "fromObjectTypeId": "0-1"}]);
        let envelope = |results: Value| {
            json!({"status": "COMPLETE", "results": results, "startedAt": "a", "completedAt": "b", "requestedAt": "c",
                "links": {"s": "x"}, "numErrors": 1, "errors": errors()})
        };
        let samples = [
            envelope(
                json!([{"from": {"id": "1"}, "to": {"id": 2}, "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}}]),
            ),
            envelope(
                json!([{"from": {"id": "1"}, "to": [{"toObjectId": 5434402448u64, "associationTypes": spec}], "paging": {"next": {"after": "9", "link": "l"}}}]),
            ),
            envelope(
                json!([{"fromObjectTypeId": "0-1", "fromObjectId": 1, "toObjectTypeId": "0-2", "toObjectId": "2", "labels": ["a", null, 3]}]),
            ),
            envelope(
                json!([{"category": "USER_DEFINED", "typeId": 9, "label": "L", "fromObjectTypeId": "0-1", "userEnforcedMaxToObjectIds": 2}]),
            ),
            envelope(
                json!([{"from": {"id": "1"}, "to": [{"id": 2, "type": "contact_to_company"}]}]),
            ),
            envelope(
                json!([{"from": {"id": "1"}, "to": {"id": "2"}, "type": "contact_to_company"}]),
            ),
            json!({"status": "COMPLETE", "results": [1, null, {"a": 2}], "numErrors": "2"}),
            json!({"fromObjectTypeId": "0-1", "fromObjectId": 1, "toObjectTypeId": "0-2", "toObjectId": "2", "labels": ["a", null, 3]}),
            json!({"results": [{"toObjectId": "7", "associationTypes": spec}], "paging": {"next": {"after": 3, "link": "l"}}}),
            json!({"enqueueTime": {"value": 1764580000000u64, "dateOnly": false, "timeZoneShift": 0}, "userEmail": "e", "userId": 5}),
            json!({"results": spec}),
            json!({"results": [{"category": "USER_DEFINED", "typeId": 9, "label": "L", "userEnforcedMaxToObjectIds": 2}]}),
            json!({"results": [{"id": 1, "name": "contact_to_company"}, {"id": "2", "name": "company_to_contact"}]}),
        ];
        assert_eq!(
            samples.len() + 1,
            js_shapes().len(),
            "a sample for every shape"
        );
        let mut cases = Vec::new();
        for (i, sample) in samples.iter().enumerate() {
            let bodies = std::iter::once(sample.clone())
                .chain(mutations(sample))
                .map(|m| m.to_string())
                .chain([String::new(), "null".into(), "[]".into()]);
            cases.extend(bodies.map(|b| (i + 1, b)));
        }
        cases
    }

    /// Reads `body` by `kind` as the reference does (an empty body as `{}`); `None` if it fails.
    pub(crate) fn reference(kind: &Kind, body: &str) -> Option<Value> {
        let value = if body.trim().is_empty() {
            json!({})
        } else {
            serde_json::from_str(body).unwrap()
        };
        normalize(kind, Some(&value))
            .ok()
            .map(|v| v.unwrap_or(Value::Null))
    }

    /// Writes the cases tests/js/decode.test.mjs holds the JS reading to ([`js_cases`]), each
    /// with what [`normalize`] (the reference) reads it as (the streamed reading agrees), or
    /// `null` when it fails. One JSON line a case, to the file named by `JS_SHAPE_FIXTURES` (run
    /// by that test).
    #[test]
    #[ignore]
    fn write_js_fixtures() {
        let path = std::env::var("JS_SHAPE_FIXTURES").expect("JS_SHAPE_FIXTURES: where to write");
        let table = crate::model::shape::js_shapes();
        let mut out = String::new();
        for (shape, body) in js_cases() {
            let kind = table[shape].1;
            let read = reference(kind, &body);
            let streamed = to_text(&body, kind).ok();
            assert_eq!(
                read,
                streamed.map(|t| serde_json::from_str::<Value>(&t).unwrap()),
                "{body}"
            );
            out.push_str(&json!({"shape": shape, "body": body, "out": read}).to_string());
            out.push('\n');
        }
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn envelopes_keep_results_as_text() {
        let body = r#"{"results":[{"toObjectId":9007199254740993,"associationTypes":[]}],"status":"COMPLETE","extra":1}"#;
        let e = read_envelope(body, &crate::model::shape::ASSOCIATED).unwrap();
        assert_eq!(e.count, 1);
        assert_eq!(
            std::str::from_utf8(&e.results).unwrap(),
            r#"{"toObjectId":"9007199254740993","associationTypes":[]}"#
        );
        assert_eq!(e.meta["status"], "COMPLETE");
        assert!(!e.meta.contains_key("extra"));
    }
}
