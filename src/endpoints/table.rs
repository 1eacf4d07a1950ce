//! Every operation as data: its params' fields, the checks made before anything is sent, its
//! path, query, method and body, and how its answer is read. The wasm
//! edge describes requests from this table with one small interpreter ([`Endpoint::describe`]),
//! where the typed operations (kept for Rust users) put a reader, a describer and a body writer
//! per operation into the module. A native test holds, for every operation here, the request or
//! the error of the table equal to the typed operation's over a corpus of good and bad params in
//! every version family.

use super::params::{read_fields, Field, Ty::*};
use super::path::{bad_id, object_type, ApiVersion, V3_PREFIX};
use super::*;
use crate::model::shape::{Kind, Shaped};
use crate::model::ObjectId;
use crate::transport::Method::{self, *};

/// Where a path starts: one of [`ApiVersion`]'s prefixes, or the legacy v3 one.
#[derive(Debug, Clone, Copy)]
pub enum Prefix {
    /// [`ApiVersion::objects_prefix`].
    Objects,
    /// [`ApiVersion::associations_prefix`].
    Associations,
    /// [`ApiVersion::labels_prefix`].
    Labels,
    /// [`ApiVersion::configurations_prefix`].
    Configurations,
    /// [`V3_PREFIX`], whatever the version.
    V3,
}

/// A piece of a path after its prefix.
#[derive(Debug)]
pub enum Seg {
    /// Text as is.
    Lit(&'static str),
    /// `/` and the object type in this field, checked and encoded.
    Type(&'static str),
    /// `/` and the record id in this field, checked.
    Id(&'static str),
    /// `/` and the integer in this field.
    Int(&'static str),
}

/// A check made before anything is sent, in order, before the path's own checks.
#[derive(Debug)]
pub enum Check {
    /// The array (or the string, spaces aside) in this field is not empty:
    /// `"{op}: {field} must not be empty"`.
    NonEmpty(&'static str),
    /// The integer in this field is positive.
    Positive(&'static str),
    /// One pass over the inputs (the array in `inputs`), these checks on each input in turn.
    Inputs(&'static [InputCheck]),
    /// The string in this field, when given, is not empty (spaces count).
    NotEmptyIfGiven(&'static str),
    /// The integer in this field, when given, is in `min..=max`: `"{op}: {field} must be {min}
    /// to {max}; got {n}"`.
    Range(&'static str, i64, i64),
}

/// A check on one input.
#[derive(Debug)]
pub enum InputCheck {
    /// The record id at this path inside the input (`["from", "id"]`).
    Id(&'static [&'static str]),
    /// The array or string in this field is not empty: `"{op}: inputs[{i}].{field} must not be
    /// empty"`.
    NonEmpty(&'static str),
    /// Each entry of the array in this field has a record id in `id`.
    EachId(&'static str),
}

/// The request's body.
#[derive(Debug)]
pub enum Body {
    /// None.
    Empty,
    /// The value of this field, bare (HubSpot takes the types of `associate` as a JSON array).
    Bare(&'static str),
    /// An object of these fields (missing optional ones left out).
    Fields(&'static [&'static str]),
}

/// How a call of the operation is planned.
#[derive(Debug, Clone, Copy)]
pub enum Plan {
    /// One request, its answer read by the output's shape.
    Shaped,
    /// A batch: its `inputs` in chunks of the write size (or the read size when `false`).
    Batch {
        /// Chunked by the write size.
        write: bool,
    },
    /// `batchRead`: a batch of reads (chunked by the read size) whose pages are followed with
    /// `allPages`.
    BatchRead,
    /// `listAssociations`: one request, its answer read by the output's shape; from `2026-09`
    /// (whose reference has no per-record list) the batch read of that one record, the record's
    /// page read out of it.
    List,
}

/// One operation as data.
#[derive(Debug)]
pub struct Endpoint {
    /// The JS name (used in messages).
    pub name: &'static str,
    /// The params' fields, in the order they are read (the first bad one's error is given).
    pub fields: &'static [Field],
    /// Checks before the path's.
    pub checks: &'static [Check],
    /// The method.
    pub method: Method,
    /// The path's prefix.
    pub prefix: Prefix,
    /// The rest of the path, checked in order.
    pub path: &'static [Seg],
    /// Checks after the path's.
    pub late: &'static [Check],
    /// The fields sent as query parameters, when given.
    pub query: &'static [&'static str],
    /// The body.
    pub body: Body,
    /// How a call is planned.
    pub plan: Plan,
    /// The shape of the answer (the typed operation's output's).
    pub shape: fn() -> &'static Kind,
}

/// The shape of `O`'s answer.
fn shape<O: Operation>() -> &'static Kind {
    <O::Output as Shaped>::shape()
}

const ID: &[Field] = &[("id", Id)];
const READ_INPUT: &[Field] = &[("id", Id), ("after", OptStr)];
const SPEC: &[Field] = &[("associationCategory", Str), ("associationTypeId", I32)];
const PAIR_INPUT: &[Field] = &[("from", Obj(ID)), ("to", Obj(ID))];
const CREATE_INPUT: &[Field] = &[("from", Obj(ID)), ("to", Obj(ID)), ("types", List(SPEC))];
const ARCHIVE_INPUT: &[Field] = &[("from", Obj(ID)), ("to", List(ID))];
const V3_INPUT: &[Field] = &[("from", Obj(ID)), ("to", Obj(ID)), ("type", Str)];
const LIMIT_INPUT: &[Field] = &[
    ("category", OptStr),
    ("typeId", I32),
    ("maxToObjectIds", I64),
];
const PURGE_INPUT: &[Field] = &[("category", Str), ("typeId", I32)];

/// The fields of an object pair.
const TYPES: &[Field] = &[("fromObjectType", Str), ("toObjectType", Str)];
/// A pair's fields and `inputs` of these fields.
macro_rules! batch_of {
    ($input:expr) => {
        &[
            ("fromObjectType", Str),
            ("toObjectType", Str),
            ("inputs", List($input)),
        ]
    };
}

const FROM_ID: InputCheck = InputCheck::Id(&["from", "id"]);
const TO_ID: InputCheck = InputCheck::Id(&["to", "id"]);
const INPUTS: Check = Check::NonEmpty("inputs");
const T_FROM: Seg = Seg::Type("fromObjectType");
const T_TO: Seg = Seg::Type("toObjectType");
const BATCH: Body = Body::Fields(&["inputs"]);
const WRITE: Plan = Plan::Batch { write: true };

/// One row of the table.
macro_rules! ep {
    ($name:literal: $method:ident $prefix:ident [$($seg:expr),* $(,)?] $fields:expr,
     checks $checks:expr, body $body:expr, $plan:expr, $op:ty) => {
        Endpoint {
            name: $name,
            fields: $fields,
            checks: $checks,
            method: $method,
            prefix: Prefix::$prefix,
            path: &[$($seg),*],
            late: &[],
            query: &[],
            body: $body,
            plan: $plan,
            shape: shape::<$op>,
        }
    };
}

/// The operations described as data.
pub static ENDPOINTS: &[Endpoint] = &[
    ep!("batchRead": Post Associations [T_FROM, T_TO, Seg::Lit("/batch/read")]
        &[("fromObjectType", Str), ("toObjectType", Str), ("inputs", List(READ_INPUT)), ("allPages", OptBool)],
        checks &[INPUTS, Check::Inputs(&[InputCheck::Id(&["id"])])],
        body BATCH, Plan::BatchRead, BatchReadParams),
    ep!("associateDefault": Put Objects [
            Seg::Type("fromObjectType"), Seg::Id("fromObjectId"), Seg::Lit("/associations/default"),
            Seg::Type("toObjectType"), Seg::Id("toObjectId"),
        ]
        &[("fromObjectType", Str), ("fromObjectId", Id), ("toObjectType", Str), ("toObjectId", Id)],
        checks &[], body Body::Empty, Plan::Shaped, AssociateDefaultParams),
    ep!("associate": Put Objects [
            Seg::Type("fromObjectType"), Seg::Id("fromObjectId"), Seg::Lit("/associations"),
            Seg::Type("toObjectType"), Seg::Id("toObjectId"),
        ]
        &[("fromObjectType", Str), ("fromObjectId", Id), ("toObjectType", Str), ("toObjectId", Id), ("types", List(SPEC))],
        checks &[Check::NonEmpty("types")], body Body::Bare("types"), Plan::Shaped, AssociateParams),
    Endpoint {
        name: "listAssociations",
        fields: &[
            ("objectType", Str),
            ("objectId", Id),
            ("toObjectType", Str),
            ("after", OptStr),
            ("limit", OptU32),
        ],
        checks: &[],
        method: Get,
        prefix: Prefix::Objects,
        path: &[
            Seg::Type("objectType"),
            Seg::Id("objectId"),
            Seg::Lit("/associations"),
            Seg::Type("toObjectType"),
        ],
        late: &[
            Check::NotEmptyIfGiven("after"),
            Check::Range("limit", 1, MAX_LIST_LIMIT as i64),
        ],
        query: &["after", "limit"],
        body: Body::Empty,
        plan: Plan::List,
        shape: shape::<ListAssociationsParams>,
    },
    ep!("removeAssociations": Delete Objects [
            Seg::Type("objectType"), Seg::Id("objectId"), Seg::Lit("/associations"),
            Seg::Type("toObjectType"), Seg::Id("toObjectId"),
        ]
        &[("objectType", Str), ("objectId", Id), ("toObjectType", Str), ("toObjectId", Id)],
        checks &[], body Body::Empty, Plan::Shaped, RemoveAssociationsParams),
    ep!("batchCreate": Post Associations [T_FROM, T_TO, Seg::Lit("/batch/create")] batch_of!(CREATE_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, TO_ID]), Check::Inputs(&[InputCheck::NonEmpty("types")])],
        body BATCH, WRITE, BatchCreateParams),
    ep!("batchCreateDefault": Post Associations [T_FROM, T_TO, Seg::Lit("/batch/associate/default")] batch_of!(PAIR_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, TO_ID])], body BATCH, WRITE, BatchCreateDefaultParams),
    ep!("batchArchive": Post Associations [T_FROM, T_TO, Seg::Lit("/batch/archive")] batch_of!(ARCHIVE_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, InputCheck::NonEmpty("to"), InputCheck::EachId("to")])],
        body BATCH, WRITE, BatchArchiveParams),
    ep!("batchArchiveLabels": Post Associations [T_FROM, T_TO, Seg::Lit("/batch/labels/archive")] batch_of!(CREATE_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, TO_ID]), Check::Inputs(&[InputCheck::NonEmpty("types")])],
        body BATCH, WRITE, BatchArchiveLabels),
    ep!("listLabels": Get Labels [T_FROM, T_TO, Seg::Lit("/labels")] TYPES,
        checks &[], body Body::Empty, Plan::Shaped, ListLabels),
    ep!("createLabel": Post Labels [T_FROM, T_TO, Seg::Lit("/labels")]
        &[("fromObjectType", Str), ("toObjectType", Str), ("label", Str), ("name", Str), ("inverseLabel", OptStr)],
        checks &[Check::NonEmpty("label"), Check::NonEmpty("name")],
        body Body::Fields(&["label", "name", "inverseLabel"]), Plan::Shaped, CreateLabelParams),
    ep!("updateLabel": Put Labels [T_FROM, T_TO, Seg::Lit("/labels")]
        &[("fromObjectType", Str), ("toObjectType", Str), ("associationTypeId", I32), ("label", Str), ("inverseLabel", OptStr)],
        checks &[Check::NonEmpty("label")],
        body Body::Fields(&["associationTypeId", "label", "inverseLabel"]), Plan::Shaped, UpdateLabelParams),
    ep!("deleteLabel": Delete Labels [T_FROM, T_TO, Seg::Lit("/labels"), Seg::Int("associationTypeId")]
        &[("fromObjectType", Str), ("toObjectType", Str), ("associationTypeId", I32)],
        checks &[], body Body::Empty, Plan::Shaped, DeleteLabelParams),
    ep!("listAllLimits": Get Configurations [Seg::Lit("/all")] &[],
        checks &[], body Body::Empty, Plan::Shaped, ListAllLimitsParams),
    ep!("listLimits": Get Configurations [T_FROM, T_TO] TYPES,
        checks &[], body Body::Empty, Plan::Shaped, ListLimits),
    ep!("createLimits": Post Configurations [T_FROM, T_TO, Seg::Lit("/batch/create")] batch_of!(LIMIT_INPUT),
        checks &[INPUTS], body BATCH, WRITE, CreateLimits),
    ep!("updateLimits": Post Configurations [T_FROM, T_TO, Seg::Lit("/batch/update")] batch_of!(LIMIT_INPUT),
        checks &[INPUTS], body BATCH, WRITE, UpdateLimits),
    ep!("purgeLimits": Post Configurations [T_FROM, T_TO, Seg::Lit("/batch/purge")] batch_of!(PURGE_INPUT),
        checks &[INPUTS], body BATCH, WRITE, PurgeLimitsParams),
    ep!("requestHighUsageReport": Post Associations [Seg::Lit("/usage/high-usage-report"), Seg::Int("userId")]
        &[("userId", I32)],
        checks &[Check::Positive("userId")], body Body::Empty, Plan::Shaped, HighUsageReportParams),
    ep!("batchReadV3": Post V3 [T_FROM, T_TO, Seg::Lit("/batch/read")] batch_of!(ID),
        checks &[INPUTS, Check::Inputs(&[InputCheck::Id(&["id"])])],
        body BATCH, Plan::Batch { write: false }, BatchReadV3Params),
    ep!("batchCreateV3": Post V3 [T_FROM, T_TO, Seg::Lit("/batch/create")] batch_of!(V3_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, TO_ID, InputCheck::NonEmpty("type")])],
        body BATCH, WRITE, BatchCreateV3),
    ep!("batchArchiveV3": Post V3 [T_FROM, T_TO, Seg::Lit("/batch/archive")] batch_of!(V3_INPUT),
        checks &[INPUTS, Check::Inputs(&[FROM_ID, TO_ID, InputCheck::NonEmpty("type")])],
        body BATCH, WRITE, BatchArchiveV3),
    ep!("listTypesV3": Get V3 [T_FROM, T_TO, Seg::Lit("/types")] TYPES,
        checks &[], body Body::Empty, Plan::Shaped, ListTypesV3),
];

/// The operation whose JS name is `method`, if it is described here.
pub fn find(method: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.name == method)
}

/// True for a non-empty array, or a string with more than spaces.
fn filled(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::String(s)) => !s.trim().is_empty(),
        _ => false,
    }
}

/// The string in `v`.
fn text(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or_default()
}

/// True for an id HubSpot accepts (see [`ObjectId::is_valid`]).
fn good_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// `"{op}: {what} must not be empty"`.
#[inline(never)]
fn empty(op: &str, what: &str) -> Error {
    Error::invalid_input(format!("{op}: {what} must not be empty"))
}

/// The error of the id at `field` unless it is good.
fn check_id(field: &dyn Fn() -> String, id: &str) -> Result<()> {
    if good_id(id) {
        Ok(())
    } else {
        Err(bad_id(&field(), &ObjectId(id.to_string())))
    }
}

impl Endpoint {
    /// Where the field `name` is among the read values.
    fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.0 == name)
    }

    /// The value of the field `name` read from the params.
    fn get<'v>(&self, values: &'v [Option<Value>], name: &str) -> Option<&'v Value> {
        values.get(self.index(name)?)?.as_ref()
    }

    /// The value of the field `name`, moved out (a batch's inputs are not copied).
    fn take(&self, values: &mut [Option<Value>], name: &str) -> Option<Value> {
        values.get_mut(self.index(name)?)?.take()
    }

    /// The inputs of these (already described) params, as they are sent.
    pub fn inputs(&self, params: &Value) -> Vec<Value> {
        let mut values = read_fields(params, self.fields).unwrap_or_default();
        match self.take(&mut values, "inputs") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        }
    }

    /// Reads the params, makes the checks and describes the request for `v`. Errors are
    /// `invalid_input`; a params error names the operation (as the typed reading's does).
    pub fn describe(&self, params: &Value, v: &ApiVersion) -> Result<RequestSpec> {
        let mut values =
            read_fields(params, self.fields).map_err(|why| params::named(self.name, why))?;
        for check in self.checks {
            self.check(check, &values)?;
        }
        let mut path = match self.prefix {
            Prefix::Objects => v.objects_prefix(),
            Prefix::Associations => v.associations_prefix(),
            Prefix::Labels => v.labels_prefix(),
            Prefix::Configurations => v.configurations_prefix(),
            Prefix::V3 => V3_PREFIX.to_string(),
        };
        for seg in self.path {
            match seg {
                Seg::Lit(s) => path.push_str(s),
                Seg::Type(f) => {
                    path.push('/');
                    path.push_str(&object_type(f, text(self.get(&values, f)))?);
                }
                Seg::Id(f) => {
                    let id = text(self.get(&values, f));
                    check_id(&|| f.to_string(), id)?;
                    path.push('/');
                    path.push_str(id);
                }
                Seg::Int(f) => {
                    path.push('/');
                    // Not `Value::to_string`: its `Display` brings the pretty printer.
                    let n = self
                        .get(&values, f)
                        .and_then(Value::as_i64)
                        .unwrap_or_default();
                    path.push_str(&n.to_string());
                }
            }
        }
        for check in self.late {
            self.check(check, &values)?;
        }
        if let (Plan::List, true) = (self.plan, v.lists_by_batch_read()) {
            return self.list_by_batch_read(&mut values, v);
        }
        let mut spec = RequestSpec::new(self.method, path);
        for name in self.query {
            match self.get(&values, name) {
                Some(Value::String(s)) => spec.query.push((name.to_string(), s.clone())),
                Some(other) => {
                    // A number (`limit`); not `Value::to_string`, whose `Display` brings the pretty
                    // printer.
                    let n = other.as_u64().unwrap_or_default();
                    spec.query.push((name.to_string(), n.to_string()));
                }
                None => {}
            }
        }
        spec.body = match self.body {
            Body::Empty => None,
            Body::Bare(f) => self.take(&mut values, f),
            Body::Fields(names) => {
                let mut m = serde_json::Map::new();
                for name in names {
                    if let Some(v) = self.take(&mut values, name) {
                        m.insert(name.to_string(), v);
                    }
                }
                Some(Value::Object(m))
            }
        };
        Ok(spec)
    }

    /// `listAssociations` from `2026-09`: the batch read of this one record, from `after` (it has
    /// no page size, so `limit`, checked, is not sent).
    fn list_by_batch_read(
        &self,
        values: &mut [Option<Value>],
        v: &ApiVersion,
    ) -> Result<RequestSpec> {
        let path = format!(
            "{}{}/batch/read",
            v.associations_prefix(),
            pair(
                text(self.get(values, "objectType")),
                text(self.get(values, "toObjectType"))
            )?
        );
        let mut input = serde_json::Map::new();
        if let Some(id) = self.take(values, "objectId") {
            input.insert("id".into(), id);
        }
        if let Some(after) = self.take(values, "after") {
            input.insert("after".into(), after);
        }
        let mut body = serde_json::Map::new();
        body.insert("inputs".into(), Value::Array(vec![Value::Object(input)]));
        Ok(RequestSpec::new(Post, path).with_body(Value::Object(body)))
    }

    /// Makes one check.
    fn check(&self, check: &Check, values: &[Option<Value>]) -> Result<()> {
        match check {
            Check::NonEmpty(f) => {
                if !filled(self.get(values, f)) {
                    return Err(empty(self.name, f));
                }
            }
            Check::Positive(f) => {
                let n = self.get(values, f).and_then(Value::as_i64).unwrap_or(0);
                if n <= 0 {
                    return Err(Error::invalid_input(format!(
                        "{}: {f} must be positive; got {n}",
                        self.name
                    )));
                }
            }
            Check::NotEmptyIfGiven(f) => {
                if self.get(values, f).and_then(Value::as_str) == Some("") {
                    return Err(empty(self.name, f));
                }
            }
            Check::Range(f, min, max) => {
                if let Some(n) = self.get(values, f).and_then(Value::as_i64) {
                    if n < *min || n > *max {
                        return Err(Error::invalid_input(format!(
                            "{}: {f} must be {min} to {max}; got {n}",
                            self.name
                        )));
                    }
                }
            }
            Check::Inputs(each) => {
                let inputs = self.get(values, "inputs").and_then(Value::as_array);
                for (i, input) in inputs.into_iter().flatten().enumerate() {
                    for c in *each {
                        self.check_input(c, i, input)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Makes one check on the input at `i`.
    fn check_input(&self, check: &InputCheck, i: usize, input: &Value) -> Result<()> {
        match check {
            InputCheck::Id(at) => {
                let id = at.iter().try_fold(input, |v, k| v.get(k));
                let field = || {
                    let mut f = format!("inputs[{i}]");
                    for k in *at {
                        f.push('.');
                        f.push_str(k);
                    }
                    f
                };
                check_id(&field, text(id))
            }
            InputCheck::NonEmpty(f) => {
                if filled(input.get(f)) {
                    Ok(())
                } else {
                    Err(empty(self.name, &format!("inputs[{i}].{f}")))
                }
            }
            InputCheck::EachId(f) => {
                let items = input.get(f).and_then(Value::as_array);
                for (j, item) in items.into_iter().flatten().enumerate() {
                    check_id(&|| format!("inputs[{i}].{f}[{j}].id"), text(item.get("id")))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field a row names (in its path, checks, query and body) is one of its params' fields,
    /// so that a typo cannot read as a missing value; inputs are checked only where there are some.
    #[test]
    fn every_row_names_only_its_own_fields() {
        for ep in ENDPOINTS {
            let has = |name: &str| ep.fields.iter().any(|f| f.0 == name);
            let mut named: Vec<&str> = Vec::new();
            for seg in ep.path {
                match seg {
                    Seg::Type(f) | Seg::Id(f) | Seg::Int(f) => named.push(f),
                    Seg::Lit(_) => {}
                }
            }
            for check in ep.checks.iter().chain(ep.late) {
                match check {
                    Check::NonEmpty(f)
                    | Check::Positive(f)
                    | Check::NotEmptyIfGiven(f)
                    | Check::Range(f, _, _) => named.push(f),
                    Check::Inputs(_) => named.push("inputs"),
                }
            }
            named.extend(ep.query);
            match ep.body {
                Body::Empty => {}
                Body::Bare(f) => named.push(f),
                Body::Fields(fs) => named.extend(fs),
            }
            for f in named {
                assert!(has(f), "{}: {f} is not one of its fields", ep.name);
            }
            assert_eq!(
                matches!(ep.plan, Plan::Batch { .. } | Plan::BatchRead),
                matches!(ep.body, Body::Fields(["inputs"])),
                "{}: a batch sends {{\"inputs\": …}} and nothing else does",
                ep.name
            );
            assert_eq!(find(ep.name).map(|e| e.name), Some(ep.name));
        }
    }
}
