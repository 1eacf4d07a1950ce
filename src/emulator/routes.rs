//! The route table (one entry per operation; versions only change the prefix and success codes)
//! and the handlers.

use std::collections::BTreeSet;
use std::ops::Bound;

use serde::Deserialize;
use serde_json::{json, Value};

use super::state::State;
use super::types;
use super::wire::{envelope, fail, invalid, parse_body, parse_id, Fail, IdLike};
use crate::transport::Method;

/// An API version family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Family {
    V3,
    V4,
    /// A date version such as `2026-03`.
    Date(String),
}

/// What a handler sees of the request.
pub(crate) struct Ctx<'a> {
    pub family: Family,
    pub params: Vec<String>,
    pub query: &'a [(String, String)],
    pub body: Option<&'a str>,
    pub now_ms: u64,
    /// Origin and path of the request, for `paging.next.link`.
    pub link: String,
    pub batch_read_page_size: usize,
    /// `numericIds`: v4 reads answer `toObjectId` as a number.
    pub numeric_ids: bool,
}

impl Ctx<'_> {
    /// How a read answers `toObjectId`: a number in v4 (with `numericIds`), else a string.
    fn id_json(&self, id: u64) -> Value {
        if self.numeric_ids && self.family == Family::V4 {
            json!(id)
        } else {
            json!(id.to_string())
        }
    }
}

/// A successful answer (status, optional JSON body).
pub(crate) struct Resp {
    pub status: u16,
    pub body: Option<Value>,
}

type Out = Result<Resp, Fail>;
type Handler = fn(&mut State, &Ctx) -> Out;

/// Which prefix a route lives under: records (`/crm/objects/{ver}`, `/crm/v4/objects`),
/// associations (`/crm/associations/{ver}`, `/crm/v4/associations`) or v3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Objects,
    Assoc,
    V3,
}

use Method::{Delete, Get, Post, Put};
use Scope::{Assoc, Objects, V3};

/// Method, pattern (`{}` captures a segment), handler. The first match wins.
#[rustfmt::skip]
const ROUTES: &[(Scope, Method, &str, Handler)] = &[
    (Objects, Put, "{}/{}/associations/default/{}/{}", associate_default),
    (Objects, Put, "{}/{}/associations/{}/{}", associate_labels),
    (Objects, Delete, "{}/{}/associations/{}/{}", remove_pair),
    (Objects, Get, "{}/{}/associations/{}", list),
    (Assoc, Post, "usage/high-usage-report/{}", high_usage_report),
    (Assoc, Get, "definitions/configurations/all", limits_all),
    (Assoc, Get, "definitions/configurations/{}/{}", limits_pair),
    (Assoc, Post, "definitions/configurations/{}/{}/batch/create", limits_create),
    (Assoc, Post, "definitions/configurations/{}/{}/batch/update", limits_update),
    (Assoc, Post, "definitions/configurations/{}/{}/batch/purge", limits_purge),
    (Assoc, Post, "{}/{}/batch/read", batch_read),
    (Assoc, Post, "{}/{}/batch/create", batch_create),
    (Assoc, Post, "{}/{}/batch/associate/default", batch_associate_default),
    (Assoc, Post, "{}/{}/batch/archive", batch_archive),
    (Assoc, Post, "{}/{}/batch/labels/archive", batch_archive_labels),
    (Assoc, Get, "{}/{}/labels", labels_list),
    (Assoc, Post, "{}/{}/labels", labels_create),
    (Assoc, Put, "{}/{}/labels", labels_update),
    (Assoc, Delete, "{}/{}/labels/{}", labels_delete),
    (V3, Post, "{}/{}/batch/read", v3_read),
    (V3, Post, "{}/{}/batch/create", v3_create),
    (V3, Post, "{}/{}/batch/archive", v3_archive),
    (V3, Get, "{}/{}/types", v3_types),
];

fn is_date_version(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && s[..4]
            .bytes()
            .chain(s[5..].bytes())
            .all(|c| c.is_ascii_digit())
        && (1..=12).contains(&s[5..].parse::<u8>().unwrap_or(0))
}

/// Finds the handler for a decoded path; 404 for unknown paths, 405 for a wrong method.
pub(crate) fn route(
    method: Method,
    segs: &[String],
) -> Result<(Handler, Family, Vec<String>), Fail> {
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    // (family, scope, rest, only the schema routes: labels and definitions/configurations)
    let (family, scope, rest, configs_only) = match s.as_slice() {
        ["crm", "objects", v, rest @ ..] if is_date_version(v) => {
            (Family::Date(v.to_string()), Objects, rest, false)
        }
        ["crm", "v4", "objects", rest @ ..] => (Family::V4, Objects, rest, false),
        ["crm", "associations", v, rest @ ..] if is_date_version(v) => {
            (Family::Date(v.to_string()), Assoc, rest, false)
        }
        // v4's current reference: labels and limits under `/crm/associations/v4/...`; the older
        // `/crm/v4/associations/...` forms (the official client's) are answered too.
        ["crm", "associations", "v4", rest @ ..] => (Family::V4, Assoc, rest, true),
        ["crm", "v4", "associations", rest @ ..] => (Family::V4, Assoc, rest, false),
        ["crm", "v3", "associations", rest @ ..] => (Family::V3, V3, rest, false),
        _ => return Err(not_found()),
    };
    let mut wrong_method = false;
    for &(sc, m, pattern, handler) in ROUTES {
        let schema_route = pattern.starts_with("definitions/") || pattern.contains("}/labels");
        if sc != scope || (configs_only && !schema_route) {
            continue;
        }
        let pat: Vec<&str> = pattern.split('/').collect();
        if pat.len() != rest.len() || pat.iter().zip(rest).any(|(p, r)| *p != "{}" && p != r) {
            continue;
        }
        if m != method {
            wrong_method = true;
            continue;
        }
        let params = pat
            .iter()
            .zip(rest)
            .filter(|(p, _)| **p == "{}")
            .map(|(_, r)| r.to_string())
            .collect();
        return Ok((handler, family, params));
    }
    Err(if wrong_method {
        fail(
            405,
            "METHOD_NOT_ALLOWED",
            format!("HTTP method {method} is not supported by this endpoint"),
        )
    } else {
        not_found()
    })
}

fn not_found() -> Fail {
    fail(404, "OBJECT_NOT_FOUND", "resource not found")
}

impl Ctx<'_> {
    /// The object type in path parameter `i`.
    fn ty(&self, i: usize) -> Result<String, Fail> {
        let raw = &self.params[i];
        types::normalize(raw).ok_or_else(|| {
            fail(
                404,
                "OBJECT_NOT_FOUND",
                format!("Unable to infer object type from: {raw}"),
            )
        })
    }

    /// The object id in path parameter `i`.
    fn id(&self, i: usize) -> Result<u64, Fail> {
        parse_id(&self.params[i])
    }

    /// The `{from}/{to}` pair of an associations path.
    fn pair(&self) -> Result<(String, String), Fail> {
        Ok((self.ty(0)?, self.ty(1)?))
    }

    /// `2026-09` and later answer every batch with 200.
    fn only_200(&self) -> bool {
        matches!(&self.family, Family::Date(v) if v.as_str() >= "2026-09")
    }

    /// A batch answer: `base` when every input succeeded, 207 when some failed (200 in 2026-09+).
    fn batch(&self, base: u16, results: Vec<Value>, errors: Vec<Value>) -> Out {
        let status = if self.only_200() {
            200
        } else if errors.is_empty() {
            base
        } else {
            207
        };
        Ok(Resp {
            status,
            body: Some(envelope(results, errors, self.now_ms)),
        })
    }

    /// Archive-like answers: 204 with no body in v3/v4, a 200 envelope in date versions.
    fn done(&self) -> Out {
        match self.family {
            Family::Date(_) => Ok(Resp {
                status: 200,
                body: Some(envelope(vec![], vec![], self.now_ms)),
            }),
            _ => Ok(Resp {
                status: 204,
                body: None,
            }),
        }
    }

    fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn ok(status: u16, body: Value) -> Out {
    Ok(Resp {
        status,
        body: Some(body),
    })
}

fn no_content() -> Out {
    Ok(Resp {
        status: 204,
        body: None,
    })
}

/// Runs `f` over each input, collecting results and per-input errors.
fn each<T>(
    inputs: Vec<T>,
    mut f: impl FnMut(T) -> Result<Vec<Value>, Fail>,
) -> (Vec<Value>, Vec<Value>) {
    let (mut results, mut errors) = (vec![], vec![]);
    for input in inputs {
        match f(input) {
            Ok(r) => results.extend(r),
            Err(e) => errors.push(e.standard()),
        }
    }
    (results, errors)
}

// ---- request bodies ----

#[derive(Deserialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

#[derive(Deserialize)]
struct ObjectId {
    id: IdLike,
}

#[derive(Deserialize)]
struct ReadInput {
    id: IdLike,
    #[serde(default)]
    after: Option<IdLike>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Spec {
    association_category: String,
    association_type_id: i64,
}

#[derive(Deserialize)]
struct LabelledInput {
    from: ObjectId,
    to: ObjectId,
    types: Vec<Spec>,
}

#[derive(Deserialize)]
struct PairInput {
    from: ObjectId,
    to: ObjectId,
}

#[derive(Deserialize)]
struct ArchiveInput {
    from: ObjectId,
    to: Vec<ObjectId>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LabelCreate {
    label: String,
    name: String,
    #[serde(default)]
    inverse_label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LabelUpdate {
    association_type_id: i64,
    label: String,
    #[serde(default)]
    inverse_label: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LimitInput {
    #[serde(default)]
    category: Option<String>,
    type_id: i64,
    #[serde(default)]
    max_to_object_ids: Option<i64>,
}

#[derive(Deserialize)]
struct V3Input {
    from: ObjectId,
    to: ObjectId,
    #[serde(rename = "type")]
    kind: String,
}

const MAX_READ_INPUTS: usize = 1000;
const MAX_LIST_LIMIT: usize = 500;

fn read_inputs<T: serde::de::DeserializeOwned>(c: &Ctx) -> Result<Vec<T>, Fail> {
    let inputs = parse_body::<Inputs<T>>(c.body)?.inputs;
    if inputs.len() > MAX_READ_INPUTS {
        return Err(invalid(format!(
            "Too many inputs: {} (the maximum is {MAX_READ_INPUTS})",
            inputs.len()
        )));
    }
    Ok(inputs)
}

// ---- shared pieces ----

fn resolve_specs(st: &State, a: &str, b: &str, specs: &[Spec]) -> Result<BTreeSet<u32>, Fail> {
    if specs.is_empty() {
        return Err(invalid("At least one association type is required"));
    }
    specs
        .iter()
        .map(|s| st.resolve_spec(a, b, &s.association_category, s.association_type_id))
        .collect()
}

/// Adds labelled types and, as HubSpot does, the pair's unlabelled default type.
fn associate_labelled(
    st: &mut State,
    a: &str,
    aid: u64,
    b: &str,
    bid: u64,
    mut type_ids: BTreeSet<u32>,
) -> Result<Value, Fail> {
    type_ids.insert(st.default_type(a, b));
    st.associate(a, aid, b, bid, &type_ids)?;
    Ok(
        json!({"fromObjectTypeId": a, "fromObjectId": aid.to_string(), "toObjectTypeId": b, "toObjectId": bid.to_string(),
              "labels": st.labels_between(a, aid, b, bid)}),
    )
}

/// Associates with the default type; the results of both directions.
fn associate_default_pair(
    st: &mut State,
    a: &str,
    aid: u64,
    b: &str,
    bid: u64,
) -> Result<Vec<Value>, Fail> {
    let t = st.default_type(a, b);
    st.associate(a, aid, b, bid, &BTreeSet::from([t]))?;
    let inverse = st.types[&t].inverse;
    let item = |from: u64, to: u64, t: u32| {
        json!({"from": {"id": from.to_string()}, "to": {"id": to.to_string()},
               "associationSpec": {"associationCategory": st.types[&t].category, "associationTypeId": t}})
    };
    Ok(vec![item(aid, bid, t), item(bid, aid, inverse)])
}

fn parse_after(raw: Option<&str>) -> Result<u64, Fail> {
    raw.map_or(Ok(0), |a| {
        a.parse().map_err(|_| {
            invalid(format!("Invalid paging cursor 'after': {a}")).context("after", vec![a.into()])
        })
    })
}

/// One page of a record's associations after the cursor, and the next cursor if more remain.
fn page(
    st: &State,
    c: &Ctx,
    a: &str,
    aid: u64,
    b: &str,
    after: u64,
    limit: usize,
) -> (Vec<Value>, Option<String>) {
    let Some(targets) = st.targets(a, aid, b) else {
        return (vec![], None);
    };
    let mut it = targets
        .range((Bound::Excluded(after), Bound::Unbounded))
        .peekable();
    let mut items = vec![];
    let mut last = after;
    while items.len() < limit {
        let Some((id, ts)) = it.next() else { break };
        last = *id;
        items.push(json!({"toObjectId": c.id_json(*id), "associationTypes": ts.iter().map(|t| st.spec_json(*t)).collect::<Vec<_>>()}));
    }
    let next = it.peek().is_some().then(|| last.to_string());
    (items, next)
}

fn no_associations(a: &str, aid: u64, b: &str) -> Fail {
    fail(
        404,
        "OBJECT_NOT_FOUND",
        format!(
            "No {} is associated with {} {aid}.",
            types::singular(b),
            types::singular(a)
        ),
    )
    .sub("crm.associations.NO_ASSOCIATIONS_FOUND")
    .context("fromObjectId", vec![aid.to_string()])
}

// ---- records paths ----

fn associate_default(st: &mut State, c: &Ctx) -> Out {
    let (a, aid, b, bid) = (c.ty(0)?, c.id(1)?, c.ty(2)?, c.id(3)?);
    let results = associate_default_pair(st, &a, aid, &b, bid)?;
    ok(200, envelope(results, vec![], c.now_ms))
}

fn associate_labels(st: &mut State, c: &Ctx) -> Out {
    let (a, aid, b, bid) = (c.ty(0)?, c.id(1)?, c.ty(2)?, c.id(3)?);
    let specs: Vec<Spec> = parse_body(c.body)?;
    let type_ids = resolve_specs(st, &a, &b, &specs)?;
    ok(201, associate_labelled(st, &a, aid, &b, bid, type_ids)?)
}

fn remove_pair(st: &mut State, c: &Ctx) -> Out {
    let (a, aid, b, bid) = (c.ty(0)?, c.id(1)?, c.ty(2)?, c.id(3)?);
    st.must_exist(&a, aid)?;
    st.must_exist(&b, bid)?;
    st.remove_pair(&a, aid, &b, bid);
    no_content()
}

fn list(st: &mut State, c: &Ctx) -> Out {
    let (a, aid, b) = (c.ty(0)?, c.id(1)?, c.ty(2)?);
    let limit = match c.query("limit") {
        None | Some("") => MAX_LIST_LIMIT,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=MAX_LIST_LIMIT).contains(&n) => n,
            _ => {
                return Err(invalid(format!(
                    "limit must be between 1 and {MAX_LIST_LIMIT}, got {l}"
                ))
                .context("limit", vec![l.into()]))
            }
        },
    };
    let after = parse_after(c.query("after").filter(|a| !a.is_empty()))?;
    st.must_exist(&a, aid)?;
    let (results, next) = page(st, c, &a, aid, &b, after, limit);
    let mut body = json!({"results": results});
    if let Some(after) = next {
        body["paging"] = json!({"next": {"after": after, "link": format!("{}?after={after}&limit={limit}", c.link)}});
    }
    ok(200, body)
}

// ---- association batches ----

fn batch_read(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let st = &*st;
    let (results, errors) = each(read_inputs::<ReadInput>(c)?, |input| {
        let aid = parse_id(&input.id.0)?;
        let after = parse_after(input.after.as_ref().map(|x| x.0.as_str()))?;
        st.must_exist(&a, aid)?;
        let (to, next) = page(st, c, &a, aid, &b, after, c.batch_read_page_size);
        if to.is_empty() && after == 0 {
            return Err(no_associations(&a, aid, &b));
        }
        let mut r = json!({"from": {"id": aid.to_string()}, "to": to});
        if let Some(after) = next {
            r["paging"] = json!({"next": {"after": after}});
        }
        Ok(vec![r])
    });
    c.batch(200, results, errors)
}

fn batch_create(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let inputs = parse_body::<Inputs<LabelledInput>>(c.body)?.inputs;
    let (results, errors) = each(inputs, |i| {
        let (aid, bid) = (parse_id(&i.from.id.0)?, parse_id(&i.to.id.0)?);
        let type_ids = resolve_specs(st, &a, &b, &i.types)?;
        Ok(vec![associate_labelled(st, &a, aid, &b, bid, type_ids)?])
    });
    c.batch(201, results, errors)
}

fn batch_associate_default(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let inputs = parse_body::<Inputs<PairInput>>(c.body)?.inputs;
    let (results, errors) = each(inputs, |i| {
        associate_default_pair(st, &a, parse_id(&i.from.id.0)?, &b, parse_id(&i.to.id.0)?)
    });
    c.batch(200, results, errors)
}

fn batch_archive(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let mut pairs = vec![];
    for i in parse_body::<Inputs<ArchiveInput>>(c.body)?.inputs {
        let aid = parse_id(&i.from.id.0)?;
        for to in i.to {
            pairs.push((aid, parse_id(&to.id.0)?));
        }
    }
    pairs
        .into_iter()
        .for_each(|(aid, bid)| st.remove_pair(&a, aid, &b, bid));
    c.done()
}

fn batch_archive_labels(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let mut work = vec![];
    for i in parse_body::<Inputs<LabelledInput>>(c.body)?.inputs {
        work.push((
            parse_id(&i.from.id.0)?,
            parse_id(&i.to.id.0)?,
            resolve_specs(st, &a, &b, &i.types)?,
        ));
    }
    work.into_iter()
        .for_each(|(aid, bid, ts)| st.remove_types(&a, aid, &b, bid, &ts));
    c.done()
}

// ---- labels ----

fn labels_list(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    st.default_type(&a, &b);
    let results: Vec<Value> = st.pair_types(&a, &b).map(|t| st.spec_json(t.id)).collect();
    ok(200, json!({"results": results}))
}

fn labels_create(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let body: LabelCreate = parse_body(c.body)?;
    let ids = st.create_label(
        &a,
        &b,
        &body.label,
        &body.name,
        body.inverse_label.as_deref(),
    )?;
    let results: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut v = st.spec_json(*id);
            v["fromObjectTypeId"] = json!(st.types[id].from);
            v["toObjectTypeId"] = json!(st.types[id].to);
            v
        })
        .collect();
    ok(200, json!({"results": results}))
}

fn labels_update(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let body: LabelUpdate = parse_body(c.body)?;
    st.update_label(
        &a,
        &b,
        body.association_type_id,
        &body.label,
        body.inverse_label.as_deref(),
    )?;
    no_content()
}

fn labels_delete(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let raw = &c.params[2];
    let id = raw
        .parse::<i64>()
        .map_err(|_| invalid(format!("Invalid associationTypeId: {raw}")))?;
    st.delete_label(&a, &b, id)?;
    no_content()
}

// ---- limits ----

fn limits_all(st: &mut State, _: &Ctx) -> Out {
    let results: Vec<Value> = st
        .limits
        .keys()
        .map(|(a, b, t)| st.limit_json(a, b, *t))
        .collect();
    ok(200, json!({"results": results}))
}

fn limits_pair(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let results: Vec<Value> = st
        .limits
        .keys()
        .filter(|(x, y, _)| *x == a && *y == b)
        .map(|(_, _, t)| st.limit_json(&a, &b, *t))
        .collect();
    ok(200, json!({"results": results}))
}

/// Creates (`upsert == false`, refusing existing ones) or updates limit configurations.
fn write_limits(st: &mut State, c: &Ctx, upsert: bool) -> Out {
    let (a, b) = c.pair()?;
    let inputs = parse_body::<Inputs<LimitInput>>(c.body)?.inputs;
    let (results, errors) = each(inputs, |i| {
        let (t, max) = st.limit_input(
            &a,
            &b,
            i.category.as_deref(),
            i.type_id,
            i.max_to_object_ids,
        )?;
        let key = (a.clone(), b.clone(), t);
        if !upsert && st.limits.contains_key(&key) {
            return Err(fail(409, "CONFLICT", format!("A limit is already configured for association type {t} from {a} to {b}; update it instead"))
                .context("typeId", vec![t.to_string()]));
        }
        st.limits.insert(key, max);
        Ok(vec![st.limit_json(&a, &b, t)])
    });
    c.batch(if upsert { 200 } else { 201 }, results, errors)
}

fn limits_create(st: &mut State, c: &Ctx) -> Out {
    write_limits(st, c, false)
}

fn limits_update(st: &mut State, c: &Ctx) -> Out {
    write_limits(st, c, true)
}

fn limits_purge(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    for i in parse_body::<Inputs<LimitInput>>(c.body)?.inputs {
        if let Ok(t) = u32::try_from(i.type_id) {
            st.limits.remove(&(a.clone(), b.clone(), t));
        }
    }
    c.done()
}

fn high_usage_report(_: &mut State, c: &Ctx) -> Out {
    let raw = &c.params[0];
    let user = raw
        .parse::<i32>()
        .ok()
        .filter(|u| *u > 0)
        .ok_or_else(|| invalid(format!("Invalid userId: {raw}")))?;
    ok(
        200,
        json!({"enqueueTime": {"value": c.now_ms, "dateOnly": false, "timeZoneShift": 0}, "userEmail": format!("user{user}@example.com"), "userId": user}),
    )
}

// ---- v3 ----

/// A v3 type (`contact_to_company`, or a type id as text) of the pair `a` to `b`.
fn v3_type(st: &State, a: &str, b: &str, name: &str) -> Result<u32, Fail> {
    st.pair_types(a, b)
        .find(|t| t.name == name || t.id.to_string() == name)
        .map(|t| t.id)
        .ok_or_else(|| {
            invalid(format!(
                "{name} is not a valid association type from {a} to {b}"
            ))
            .context("type", vec![name.into()])
        })
}

fn v3_read(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let st = &*st;
    let (results, errors) = each(read_inputs::<ObjectId>(c)?, |input| {
        let aid = parse_id(&input.id.0)?;
        st.must_exist(&a, aid)?;
        let to: Vec<Value> = st
            .targets(&a, aid, &b)
            .into_iter()
            .flatten()
            .flat_map(|(id, ts)| {
                ts.iter()
                    .map(move |t| json!({"id": id.to_string(), "type": st.types[t].name}))
            })
            .collect();
        if to.is_empty() {
            return Err(no_associations(&a, aid, &b));
        }
        Ok(vec![json!({"from": {"id": aid.to_string()}, "to": to})])
    });
    c.batch(200, results, errors)
}

fn v3_create(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let inputs = parse_body::<Inputs<V3Input>>(c.body)?.inputs;
    let (results, errors) = each(inputs, |i| {
        let (aid, bid) = (parse_id(&i.from.id.0)?, parse_id(&i.to.id.0)?);
        let t = v3_type(st, &a, &b, &i.kind)?;
        associate_labelled(st, &a, aid, &b, bid, BTreeSet::from([t]))?;
        Ok(vec![
            json!({"from": {"id": aid.to_string()}, "to": {"id": bid.to_string()}, "type": st.types[&t].name}),
        ])
    });
    c.batch(201, results, errors)
}

fn v3_archive(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    let mut work = vec![];
    for i in parse_body::<Inputs<V3Input>>(c.body)?.inputs {
        work.push((
            parse_id(&i.from.id.0)?,
            parse_id(&i.to.id.0)?,
            v3_type(st, &a, &b, &i.kind)?,
        ));
    }
    work.into_iter()
        .for_each(|(aid, bid, t)| st.remove_types(&a, aid, &b, bid, &BTreeSet::from([t])));
    c.done()
}

fn v3_types(st: &mut State, c: &Ctx) -> Out {
    let (a, b) = c.pair()?;
    st.default_type(&a, &b);
    let results: Vec<Value> = st
        .pair_types(&a, &b)
        .map(|t| json!({"id": t.id.to_string(), "name": t.name}))
        .collect();
    ok(200, json!({"results": results}))
}
