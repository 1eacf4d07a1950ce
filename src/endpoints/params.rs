//! Params read from a JSON object by hand, field by field, with a handful of small non-generic
//! readers. The wasm edge reads every call's params this way: serde's derives would put a
//! deserialiser per params type (and per input type) into the module, where these readers are
//! shared by all. The serde derives stay for Rust users; a test holds both readings equal.

use super::*;
use crate::model::{
    AssociationCategory, AssociationSpec, LimitInput, LimitPurgeInput, ObjectId, ObjectRefInput,
    V3AssociationInput,
};
use serde_json::{Map, Value};
use std::cell::Cell;

/// Why params could not be read (the caller adds the method's name).
pub type Why = String;

/// A params object (or one of its nested objects) being read; `at` names it in messages. Its
/// readers do not stop at a bad field: they record the first error of the whole reading (in
/// `bad`, shared with the nested objects) and give a default, and [`read`] returns that error. So
/// a type's reading has no early return (each one weighed its drops in the wasm).
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    at: At<'a>,
    bad: &'a Cell<Option<Why>>,
}

/// Where an object sits in the params (`inputs[2].from`), written out only for a message: a
/// batch reads every input, and most are good.
#[derive(Clone, Copy)]
enum At<'a> {
    /// The params themselves (no name).
    Top,
    /// `{parent}.{field}`.
    Field(&'a At<'a>, &'a str),
    /// `{parent}.{field}[{index}]`.
    Item(&'a At<'a>, &'a str, usize),
}

impl At<'_> {
    /// Writes the name; `true` when there was one to write.
    fn write(&self, out: &mut String) -> bool {
        match *self {
            At::Top => false,
            At::Field(parent, field) => {
                parent.dotted(out);
                out.push_str(field);
                true
            }
            At::Item(parent, field, i) => {
                parent.dotted(out);
                out.push_str(field);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
                true
            }
        }
    }

    /// `"{at}."`, or nothing at the top.
    fn dotted(&self, out: &mut String) {
        if self.write(out) {
            out.push('.');
        }
    }

    /// `"{at}: "`, or nothing at the top.
    fn prefix(&self) -> String {
        let mut out = String::new();
        if self.write(&mut out) {
            out.push_str(": ");
        }
        out
    }
}

/// A type read from a params object.
pub trait FromParams: Sized {
    /// Reads it; a bad field is recorded in `o` (and what is read then is discarded by [`read`]).
    fn from_params(o: &Obj) -> Self;
}

/// Reads `T` from the params object `v` (any other JSON is refused); the error is the first bad
/// field's.
pub fn read<T: FromParams>(v: &Value) -> Result<T, Why> {
    reading(v, |o| T::from_params(o))
}

/// `f` over the params object `v`; the error is the first bad field's it recorded.
fn reading<T>(v: &Value, f: impl FnOnce(&Obj) -> T) -> Result<T, Why> {
    let bad = Cell::new(None);
    let t = f(&Obj::at(v, At::Top, &bad)?);
    match bad.take() {
        Some(why) => Err(why),
        None => Ok(t),
    }
}

/// The `invalid_input` error of `method`'s params (`"{method}: {why}"`). Not inlined: each
/// copy of the formatting weighed about 100 bytes of wasm.
#[inline(never)]
pub fn named(method: &str, why: Why) -> crate::error::Error {
    crate::error::Error::invalid_input(format!("{method}: {why}"))
}

/// What kind of JSON `v` is, for messages.
fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    /// `v` as an object at `at`, its errors recorded in `bad`.
    fn at(v: &'a Value, at: At<'a>, bad: &'a Cell<Option<Why>>) -> Result<Obj<'a>, Why> {
        match v {
            Value::Object(map) => Ok(Obj { map, at, bad }),
            other => Err(format!(
                "{}expected an object, got {}",
                at.prefix(),
                what(other)
            )),
        }
    }

    /// Records `why` unless an error came first.
    #[inline(never)]
    fn fail(&self, why: Why) {
        let first = self.bad.take();
        self.bad.set(first.or(Some(why)));
    }

    /// The value of a reading, or (recording its error) the default.
    fn got<T: Default>(&self, read: Result<T, Why>) -> T {
        read.unwrap_or_else(|why| {
            self.fail(why);
            T::default()
        })
    }

    /// A required string.
    pub fn string(&self, field: &str) -> String {
        self.got(self.try_string(field))
    }

    /// An optional string.
    pub fn opt_string(&self, field: &str) -> Option<String> {
        self.got(self.try_opt_string(field))
    }

    /// A required record id: a string, or an exact integer.
    pub fn id(&self, field: &str) -> ObjectId {
        self.got(self.try_id(field))
    }

    /// A required `i32`.
    pub fn i32(&self, field: &str) -> i32 {
        self.got(self.try_i32(field))
    }

    /// A required `i64`.
    pub fn i64(&self, field: &str) -> i64 {
        self.got(self.try_i64(field))
    }

    /// An optional `u32`.
    pub fn opt_u32(&self, field: &str) -> Option<u32> {
        self.got(self.try_opt_u32(field))
    }

    /// An optional `u64`.
    pub fn opt_u64(&self, field: &str) -> Option<u64> {
        self.got(self.try_opt_u64(field))
    }

    /// An optional boolean.
    pub fn opt_bool(&self, field: &str) -> Option<bool> {
        self.got(self.try_opt_bool(field))
    }

    /// A required category (any string; unknown ones are kept).
    pub fn category(&self, field: &str) -> AssociationCategory {
        AssociationCategory::parse(&self.string(field))
    }

    /// A required array of `T`s.
    pub fn list<T: FromParams>(&self, field: &str) -> Vec<T> {
        let mut out = Vec::new();
        let each = self.each(field, &mut |o| out.push(T::from_params(o)));
        self.got(each);
        out
    }

    /// A required nested object read as `T`.
    pub fn nested<T: FromParams + Default>(&self, field: &str) -> T {
        self.child(field)
            .map_or_else(T::default, |o| T::from_params(&o))
    }

    /// The required object in `field`, or (its error recorded) `None`.
    fn child<'s>(&'s self, field: &'s str) -> Option<Obj<'s>> {
        match self
            .req(field)
            .and_then(|v| Obj::at(v, At::Field(&self.at, field), self.bad))
        {
            Ok(o) => Some(o),
            Err(why) => {
                self.fail(why);
                None
            }
        }
    }

    /// An optional nested object read as `T`.
    pub fn opt_nested<T: FromParams>(&self, field: &str) -> Option<T> {
        let v = self.opt(field)?;
        match Obj::at(v, At::Field(&self.at, field), self.bad) {
            Ok(o) => Some(T::from_params(&o)),
            Err(why) => {
                self.fail(why);
                None
            }
        }
    }

    /// An optional API version.
    pub fn api_version(&self, field: &str) -> Option<ApiVersion> {
        let read = self.try_opt_string(field).and_then(|s| {
            s.map(|s| ApiVersion::parse(&s).map_err(|e| self.bad(field, e.message)))
                .transpose()
        });
        self.got(read)
    }

    /// The message for `field`.
    fn bad(&self, field: &str, why: impl std::fmt::Display) -> Why {
        format!("{}{field}: {why}", self.at.prefix())
    }

    /// The field's value; `None` when missing or `null`.
    fn opt(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    /// The field's value, required.
    fn req(&self, field: &str) -> Result<&'a Value, Why> {
        match self.map.get(field) {
            Some(v) => Ok(v),
            None => Err(format!("{}missing field `{field}`", self.at.prefix())),
        }
    }

    /// A required string.
    fn try_string(&self, field: &str) -> Result<String, Why> {
        match self.req(field)? {
            Value::String(s) => Ok(s.clone()),
            other => Err(self.bad(field, format!("expected a string, got {}", what(other)))),
        }
    }

    /// An optional string.
    fn try_opt_string(&self, field: &str) -> Result<Option<String>, Why> {
        match self.opt(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.bad(field, format!("expected a string, got {}", what(other)))),
        }
    }

    /// A required record id: a string, or an exact integer.
    fn try_id(&self, field: &str) -> Result<ObjectId, Why> {
        let v = self.req(field)?;
        let bad = || {
            self.bad(
                field,
                format!(
                    "expected an id as a string of digits or an integer, got {}",
                    what(v)
                ),
            )
        };
        match v {
            Value::String(s) => Ok(ObjectId(s.clone())),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Ok(ObjectId(u.to_string())),
                (_, Some(i), _) => Ok(ObjectId(i.to_string())),
                (_, _, Some(f)) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => {
                    Ok(ObjectId((f as i64).to_string()))
                }
                _ => Err(self.bad(
                    field,
                    "id is not an exact integer (numbers above 2^53 lose digits): pass ids as strings",
                )),
            },
            _ => Err(bad()),
        }
    }

    /// A required integer in `min..=max`.
    fn int(&self, field: &str, v: &Value, min: i64, max: i64) -> Result<i64, Why> {
        match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            Some(n) => Err(self.bad(field, format!("{n} is out of range"))),
            None => Err(self.bad(field, format!("expected an integer, got {}", what(v)))),
        }
    }

    /// A required `i32`.
    fn try_i32(&self, field: &str) -> Result<i32, Why> {
        let v = self.req(field)?;
        self.int(field, v, i32::MIN as i64, i32::MAX as i64)
            .map(|n| n as i32)
    }

    /// A required `i64`.
    fn try_i64(&self, field: &str) -> Result<i64, Why> {
        let v = self.req(field)?;
        self.int(field, v, i64::MIN, i64::MAX)
    }

    /// An optional `u32`.
    fn try_opt_u32(&self, field: &str) -> Result<Option<u32>, Why> {
        self.opt(field)
            .map(|v| self.int(field, v, 0, u32::MAX as i64).map(|n| n as u32))
            .transpose()
    }

    /// An optional `u64`.
    fn try_opt_u64(&self, field: &str) -> Result<Option<u64>, Why> {
        match self.opt(field) {
            None => Ok(None),
            Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                self.bad(
                    field,
                    format!("expected a non-negative integer, got {}", what(v)),
                )
            }),
        }
    }

    /// An optional boolean.
    fn try_opt_bool(&self, field: &str) -> Result<Option<bool>, Why> {
        match self.opt(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.bad(field, format!("expected a boolean, got {}", what(other)))),
        }
    }

    /// Calls `f` with each entry (an object) of the required array `field` (not generic, so that
    /// it is once in the binary).
    fn each(&self, field: &str, f: &mut dyn FnMut(&Obj)) -> Result<(), Why> {
        let v = self.req(field)?;
        let Value::Array(items) = v else {
            return Err(self.bad(field, format!("expected an array, got {}", what(v))));
        };
        for (i, item) in items.iter().enumerate() {
            f(&Obj::at(item, At::Item(&self.at, field, i), self.bad)?);
        }
        Ok(())
    }
}

/// How a field is read by [`read_fields`], for the operations described as data
/// ([`super::table`]): the same readers as the typed params use, so the same messages.
#[derive(Debug)]
pub enum Ty {
    /// A required string.
    Str,
    /// An optional string (left out when missing or `null`).
    OptStr,
    /// A required record id (a string, or an exact integer), read as its string.
    Id,
    /// A required `i32`.
    I32,
    /// A required `i64`.
    I64,
    /// An optional boolean (left out when missing or `null`).
    OptBool,
    /// An optional `u32` (left out when missing or `null`).
    OptU32,
    /// A required object of these fields.
    Obj(&'static [Field]),
    /// A required array of objects of these fields.
    List(&'static [Field]),
}

/// A field's name and how it is read.
pub type Field = (&'static str, Ty);

/// Reads `fields` of the params object `v`, in order, into their values as they are sent (ids as
/// strings, nested objects with their fields in the order given; a missing optional field is
/// `None`). The error is the first bad field's, as [`read`]'s.
pub fn read_fields(v: &Value, fields: &'static [Field]) -> Result<Vec<Option<Value>>, Why> {
    reading(v, |o| {
        fields.iter().map(|(name, ty)| o.value(name, ty)).collect()
    })
}

impl Obj<'_> {
    /// The field `name` read as `ty` (errors recorded).
    fn value(&self, name: &str, ty: &Ty) -> Option<Value> {
        Some(match ty {
            Ty::Str => Value::String(self.string(name)),
            Ty::OptStr => Value::String(self.opt_string(name)?),
            Ty::Id => Value::String(self.id(name).0),
            Ty::I32 => Value::from(self.i32(name)),
            Ty::I64 => Value::from(self.i64(name)),
            Ty::OptBool => Value::Bool(self.opt_bool(name)?),
            Ty::OptU32 => Value::from(self.opt_u32(name)?),
            Ty::Obj(fields) => self.child(name).map_or(Value::Null, |o| o.object(fields)),
            Ty::List(fields) => {
                let mut out = Vec::new();
                let each = self.each(name, &mut |o| out.push(o.object(fields)));
                self.got(each);
                Value::Array(out)
            }
        })
    }

    /// This object's `fields` as an object, in their order (missing optional ones left out).
    fn object(&self, fields: &[Field]) -> Value {
        let mut m = Map::new();
        for (name, ty) in fields {
            if let Some(v) = self.value(name, ty) {
                m.insert(name.to_string(), v);
            }
        }
        Value::Object(m)
    }
}

macro_rules! from_params {
    ($($t:ty => |$o:ident| $body:expr;)*) => {$(
        impl FromParams for $t {
            fn from_params($o: &Obj) -> Self {
                $body
            }
        }
    )*};
}

from_params! {
    ObjectRefInput => |o| ObjectRefInput { id: o.id("id") };
    AssociationSpec => |o| AssociationSpec {
        association_category: o.category("associationCategory"),
        association_type_id: o.i32("associationTypeId"),
    };
    BatchReadInput => |o| BatchReadInput { id: o.id("id"), after: o.opt_string("after") };
    BatchCreateInput => |o| BatchCreateInput { from: o.nested("from"), to: o.nested("to"), types: o.list("types") };
    DefaultPairInput => |o| DefaultPairInput { from: o.nested("from"), to: o.nested("to") };
    BatchArchiveInput => |o| BatchArchiveInput { from: o.nested("from"), to: o.list("to") };
    LimitInput => |o| LimitInput {
        category: o.opt_string("category").map(|s| AssociationCategory::parse(&s)),
        type_id: o.i32("typeId"),
        max_to_object_ids: o.i64("maxToObjectIds"),
    };
    LimitPurgeInput => |o| LimitPurgeInput { category: o.category("category"), type_id: o.i32("typeId") };
    V3AssociationInput => |o| V3AssociationInput { from: o.nested("from"), to: o.nested("to"), type_: o.string("type") };
    AssociateDefaultParams => |o| AssociateDefaultParams {
        from_object_type: o.string("fromObjectType"),
        from_object_id: o.id("fromObjectId"),
        to_object_type: o.string("toObjectType"),
        to_object_id: o.id("toObjectId"),
    };
    AssociateParams => |o| AssociateParams {
        from_object_type: o.string("fromObjectType"),
        from_object_id: o.id("fromObjectId"),
        to_object_type: o.string("toObjectType"),
        to_object_id: o.id("toObjectId"),
        types: o.list("types"),
    };
    ListAssociationsParams => |o| ListAssociationsParams {
        object_type: o.string("objectType"),
        object_id: o.id("objectId"),
        to_object_type: o.string("toObjectType"),
        after: o.opt_string("after"),
        limit: o.opt_u32("limit"),
    };
    RemoveAssociationsParams => |o| RemoveAssociationsParams {
        object_type: o.string("objectType"),
        object_id: o.id("objectId"),
        to_object_type: o.string("toObjectType"),
        to_object_id: o.id("toObjectId"),
    };
    BatchReadParams => |o| BatchReadParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
        all_pages: o.opt_bool("allPages"),
    };
    BatchCreateParams => |o| BatchCreateParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    BatchCreateDefaultParams => |o| BatchCreateDefaultParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    BatchArchiveParams => |o| BatchArchiveParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    LabelsOfPairParams => |o| LabelsOfPairParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
    };
    CreateLabelParams => |o| CreateLabelParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        label: o.string("label"),
        name: o.string("name"),
        inverse_label: o.opt_string("inverseLabel"),
    };
    UpdateLabelParams => |o| UpdateLabelParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        association_type_id: o.i32("associationTypeId"),
        label: o.string("label"),
        inverse_label: o.opt_string("inverseLabel"),
    };
    DeleteLabelParams => |o| DeleteLabelParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        association_type_id: o.i32("associationTypeId"),
    };
    HighUsageReportParams => |o| HighUsageReportParams { user_id: o.i32("userId") };
    ListAllLimitsParams => |_o| ListAllLimitsParams {};
    LimitsParams => |o| LimitsParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    PurgeLimitsParams => |o| PurgeLimitsParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    BatchReadV3Params => |o| BatchReadV3Params {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
    V3WriteParams => |o| V3WriteParams {
        from_object_type: o.string("fromObjectType"),
        to_object_type: o.string("toObjectType"),
        inputs: o.list("inputs"),
    };
}

use crate::client::{
    BatchSizeOption, CallOptions, ClientOptions, RateLimitOption, RateLimitSettings,
};

from_params! {
    CallOptions => |o| CallOptions {
        api_version: o.api_version("apiVersion"),
        timeout_ms: o.opt_u64("timeoutMs"),
        max_retries: o.opt_u32("maxRetries"),
        signal: None,
    };
    RateLimitSettings => |o| RateLimitSettings {
        max_requests: o.opt_u32("maxRequests"),
        interval_ms: o.opt_u64("intervalMs"),
        max_concurrent: o.opt_u32("maxConcurrent"),
        shared: o.opt_bool("shared"),
        // The JS glue keeps the store and sends `true` in its place.
        store: o.opt_bool("store"),
    };
    BatchSizeOption => |o| BatchSizeOption { read: o.opt_u32("read"), write: o.opt_u32("write") };
    ClientOptions => |o| ClientOptions {
        access_token: o.opt_string("accessToken"),
        base_url: o.opt_string("baseUrl"),
        api_version: o.api_version("apiVersion"),
        timeout_ms: o.opt_u64("timeoutMs"),
        user_agent: o.opt_string("userAgent"),
        fetch: None,
        max_retries: o.opt_u32("maxRetries"),
        rate_limit: match o.opt("rateLimit") {
            None => None,
            Some(Value::Bool(b)) => Some(RateLimitOption::Enabled(*b)),
            Some(_) => o.opt_nested("rateLimit").map(RateLimitOption::Settings),
        },
        batch_size: o.opt_nested("batchSize"),
        on_event: None,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    /// Both readings agree: equal values, or both refuse.
    fn same<T: FromParams + DeserializeOwned + PartialEq + std::fmt::Debug>(v: Value) {
        let ours = read::<T>(&v);
        let serde = serde_json::from_value::<T>(v.clone());
        match (&ours, &serde) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{v}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{v}: ours {ours:?}, serde {serde:?}"),
        }
    }

    #[test]
    fn hand_reading_agrees_with_serde() {
        let pair = json!({"fromObjectType": "contacts", "fromObjectId": "1", "toObjectType": "companies", "toObjectId": 2});
        same::<AssociateDefaultParams>(pair.clone());
        for (k, bad) in [
            ("fromObjectId", json!(1.5)),
            ("toObjectId", json!(null)),
            ("fromObjectType", json!(5)),
            ("toObjectId", json!({})),
        ] {
            let mut p = pair.clone();
            p[k] = bad;
            same::<AssociateDefaultParams>(p);
        }
        let mut p = pair.clone();
        p.as_object_mut().unwrap().remove("toObjectType");
        same::<AssociateDefaultParams>(p);
        let mut p = pair.clone();
        p["types"] = json!([{"associationCategory": "USER_DEFINED", "associationTypeId": 36}, {"associationCategory": "X", "associationTypeId": 1}]);
        same::<AssociateParams>(p.clone());
        p["types"] =
            json!([{"associationCategory": "USER_DEFINED", "associationTypeId": 3_000_000_000u64}]);
        same::<AssociateParams>(p);
        same::<ListAssociationsParams>(
            json!({"objectType": "contacts", "objectId": "1", "toObjectType": "companies", "after": "x", "limit": 5}),
        );
        same::<ListAssociationsParams>(
            json!({"objectType": "contacts", "objectId": "1", "toObjectType": "companies", "after": null, "limit": -1}),
        );
        same::<BatchReadParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"id": 1}, {"id": "2", "after": "c"}], "allPages": true}),
        );
        same::<BatchReadParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"id": 1}, {"after": "c"}]}),
        );
        same::<BatchCreateParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"from": {"id": 1}, "to": {"id": "2"}, "types": []}]}),
        );
        same::<BatchArchiveParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"from": {"id": 1}, "to": [{"id": "2"}, {"id": 3}]}]}),
        );
        same::<LimitsParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"typeId": 1, "maxToObjectIds": 5}, {"category": "USER_DEFINED", "typeId": 2, "maxToObjectIds": 1}]}),
        );
        same::<PurgeLimitsParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"category": "USER_DEFINED", "typeId": 2}]}),
        );
        same::<V3WriteParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"from": {"id": 1}, "to": {"id": 2}, "type": "contact_to_company"}]}),
        );
        same::<CreateLabelParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "label": "L", "name": "n", "inverseLabel": "I"}),
        );
        same::<UpdateLabelParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "label": "L", "associationTypeId": 9}),
        );
        same::<DeleteLabelParams>(
            json!({"fromObjectType": "a", "toObjectType": "b", "associationTypeId": "9"}),
        );
        same::<HighUsageReportParams>(json!({"userId": 12}));
    }

    #[test]
    fn messages_say_where() {
        let e = read::<BatchCreateParams>(&json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [{"from": {"id": 1}, "to": {"id": true}, "types": []}]})).unwrap_err();
        assert_eq!(
            e,
            "inputs[0].to: id: expected an id as a string of digits or an integer, got a boolean"
        );
        let e = read::<AssociateParams>(&json!({"fromObjectType": "contacts"})).unwrap_err();
        assert_eq!(e, "missing field `fromObjectId`");
        let e = read::<BatchArchiveParams>(
            &json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [
            {"from": {"id": 1}, "to": [{"id": 2}]}, {"from": {"id": 1}, "to": [{"id": 2}, 7]}]}),
        )
        .unwrap_err();
        assert_eq!(e, "inputs[1].to[1]: expected an object, got a number");
        // Several bad fields: the message is the first one's, in the order they are read.
        let e = read::<AssociateDefaultParams>(
            &json!({"fromObjectType": 5, "fromObjectId": "1", "toObjectId": {}}),
        )
        .unwrap_err();
        assert_eq!(e, "fromObjectType: expected a string, got a number");
        let e = read::<BatchCreateDefaultParams>(&json!({"fromObjectType": "a", "toObjectType": "b", "inputs": [
            {"from": {"id": "1"}, "to": {"id": true}}, {"from": {}, "to": {"id": "2"}}], "extra": 1}))
        .unwrap_err();
        assert_eq!(
            e,
            "inputs[0].to: id: expected an id as a string of digits or an integer, got a boolean"
        );
        let e = read::<BatchCreateDefaultParams>(
            &json!({"fromObjectType": "a", "inputs": [{"from": {}}]}),
        )
        .unwrap_err();
        assert_eq!(e, "missing field `toObjectType`");
    }
}
