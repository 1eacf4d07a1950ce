//! Every answer's shape as data, and one walk that reads any answer by its shape: ids become exact
//! strings, the fields that carry no results take any JSON (see `lenient.rs` for why), the
//! fields that carry results stay strict, unknown fields are dropped and defaults filled in. The
//! result is the JSON of the typed model (`serde_json::to_value` of it: a test holds them equal on
//! every documented answer and on a thousand mutations of them), made without one serde
//! monomorphisation per type: the wasm module reads every answer with this one function, and the
//! typed Rust API reads the same normalised JSON into its structs.

use serde_json::{Map, Value};

/// How one value of an answer is read.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Text that carries no results: a string as is, `null` or missing as `""`, any other JSON as
    /// its text.
    Text,
    /// [`Kind::Text`], but required (missing is an error; `null` is `""`).
    TextRequired,
    /// [`Kind::Text`], omitted when `null` or missing.
    OptText,
    /// [`Kind::Text`], `null` when `null` or missing (an association type's `label`).
    NullText,
    /// A list of texts: an array (each entry as text, `null`s dropped), or one value as a list of one;
    /// missing or `null` is empty.
    Texts,
    /// A strict string (required).
    Str,
    /// A record id (required): a string, or an integer (exact: JSON numbers beyond 2^53 keep their
    /// digits), as a string.
    Id,
    /// A required integer that fits an `i32` (a type id).
    I32,
    /// A required integer that fits an `i64`.
    I64,
    /// An `i64`, 0 when missing.
    I64Or0,
    /// An `i64`, omitted when `null` or missing.
    OptI64,
    /// A boolean, `false` when missing.
    BoolOrFalse,
    /// A paging cursor (required): a string, or a number as its digits.
    Cursor,
    /// A count: a non-negative integer or a string of one (capped at `u32::MAX`); anything else
    /// is omitted.
    Count,
    /// Any JSON, kept as it came; omitted when `null` or missing.
    Any,
    /// Any JSON, kept as it came, `null` included (results of envelopes that carry nothing typed).
    Keep,
    /// A list of HubSpot errors: an array of error objects, one object, or any other JSON as an
    /// error whose `message` is its text; omitted when `null` or missing.
    Errors,
    /// A required object of these fields.
    Obj(&'static [Field]),
    /// An object of these fields, omitted when `null` or missing.
    OptObj(&'static [Field]),
    /// A required array.
    List(&'static Kind),
    /// An array, empty when missing.
    ListOrEmpty(&'static Kind),
    /// Anything (a 204's answer): `null`.
    Nothing,
}

/// One field of an object: its JSON name and kind.
#[derive(Debug, Clone, Copy)]
pub struct Field(pub &'static str, pub Kind);

/// `{id}`.
pub const OBJECT_REF: Kind = Kind::Obj(&[Field("id", Kind::Id)]);
/// A HubSpot error inside an envelope; every field lenient, so any object reads.
pub const STANDARD_ERROR: &[Field] = &[
    Field("status", Kind::OptText),
    Field("category", Kind::OptText),
    Field("message", Kind::OptText),
    Field("context", Kind::Any),
    Field("errors", Kind::Any),
    Field("links", Kind::Any),
    Field("id", Kind::OptText),
    Field("subCategory", Kind::Any),
];
/// The JSON body of a non-2xx answer; every field lenient, so any object reads.
pub const ERROR_BODY: Kind = Kind::Obj(&[
    Field("message", Kind::OptText),
    Field("correlationId", Kind::OptText),
    Field("category", Kind::OptText),
    Field("subCategory", Kind::Any),
    Field("context", Kind::Any),
    Field("errors", Kind::Any),
    Field("policyName", Kind::OptText),
]);
/// `{associationCategory, associationTypeId}`.
pub const ASSOCIATION_SPEC: Kind = Kind::Obj(&[
    Field("associationCategory", Kind::TextRequired),
    Field("associationTypeId", Kind::I32),
]);
/// One association type of a record pair, with its label.
pub const SPEC_WITH_LABEL: Kind = Kind::Obj(&[
    Field("category", Kind::TextRequired),
    Field("typeId", Kind::I32),
    Field("label", Kind::NullText),
    Field("fromObjectTypeId", Kind::OptText),
    Field("toObjectTypeId", Kind::OptText),
]);
/// One associated record and its types.
pub const ASSOCIATED: Kind = Kind::Obj(&[
    Field("toObjectId", Kind::Id),
    Field("associationTypes", Kind::List(&SPEC_WITH_LABEL)),
]);
/// `{next?: {after, link?}}`.
pub const PAGING: Kind = Kind::OptObj(&[Field(
    "next",
    Kind::OptObj(&[Field("after", Kind::Cursor), Field("link", Kind::OptText)]),
)]);
/// The labelled association of a pair.
pub const LABELS_BETWEEN: Kind = Kind::Obj(&[
    Field("fromObjectTypeId", Kind::Text),
    Field("fromObjectId", Kind::Id),
    Field("toObjectTypeId", Kind::Text),
    Field("toObjectId", Kind::Id),
    Field("labels", Kind::Texts),
]);
/// A default association made.
pub const DEFAULT_ASSOCIATION: Kind = Kind::Obj(&[
    Field("from", OBJECT_REF),
    Field("to", OBJECT_REF),
    Field("associationSpec", ASSOCIATION_SPEC),
]);
/// One result of batch read.
pub const BATCH_READ_RESULT: Kind = Kind::Obj(&[
    Field("from", OBJECT_REF),
    Field("to", Kind::List(&ASSOCIATED)),
    Field("paging", PAGING),
]);
/// One association limit.
pub const LIMIT_CONFIG: Kind = Kind::Obj(&[
    Field("category", Kind::TextRequired),
    Field("typeId", Kind::I32),
    Field("label", Kind::OptText),
    Field("fromObjectTypeId", Kind::OptText),
    Field("toObjectTypeId", Kind::OptText),
    Field("userEnforcedMaxToObjectIds", Kind::OptI64),
]);
/// A v3 batch read result.
pub const V3_ASSOCIATED_IDS: Kind = Kind::Obj(&[
    Field("from", OBJECT_REF),
    Field(
        "to",
        Kind::List(&Kind::Obj(&[
            Field("id", Kind::Id),
            Field("type", Kind::TextRequired),
        ])),
    ),
]);
/// A v3 association made.
pub const V3_ASSOCIATION: Kind = Kind::Obj(&[
    Field("from", OBJECT_REF),
    Field("to", OBJECT_REF),
    Field("type", Kind::Str),
]);
/// A v3 association type.
pub const V3_ASSOCIATION_TYPE: Kind = Kind::Obj(&[Field("id", Kind::Id), Field("name", Kind::Str)]);
/// The answer of a high-usage report request.
pub const HIGH_USAGE_REPORT: Kind = Kind::Obj(&[
    Field(
        "enqueueTime",
        Kind::Obj(&[
            Field("value", Kind::I64),
            Field("dateOnly", Kind::BoolOrFalse),
            Field("timeZoneShift", Kind::I64Or0),
        ]),
    ),
    Field("userEmail", Kind::OptText),
    Field("userId", Kind::I64),
]);
/// A page of a record's associations.
pub const ASSOCIATIONS_PAGE: Kind = Kind::Obj(&[
    Field("results", Kind::List(&ASSOCIATED)),
    Field("paging", PAGING),
]);

/// The fields of a batch envelope whose results are `item`s. Every field has a default (HubSpot's
/// 204s have no body; a 207 may omit `results`).
pub const fn batch_fields(item: &'static Kind) -> [Field; 8] {
    [
        Field("status", Kind::Text),
        Field("results", Kind::ListOrEmpty(item)),
        Field("startedAt", Kind::Text),
        Field("completedAt", Kind::Text),
        Field("requestedAt", Kind::OptText),
        Field("links", Kind::Any),
        Field("errors", Kind::Errors),
        Field("numErrors", Kind::Count),
    ]
}

/// The shape of an answer type: what [`normalize`] reads it by.
pub trait Shaped {
    /// The shape.
    const SHAPE: Kind;
    /// Its index in [`js_shapes`] (the JS glue's copy, `js/shapes.js`), by which the glue may read
    /// a 2xx answer of this type itself; 0: it may not.
    const JS: u8 = 0;
    /// The shape, for code that is not generic over the type.
    fn shape() -> &'static Kind;
}

macro_rules! batch_shapes {
    ($($js:literal: $item:ty => $kind:expr;)*) => {$(
        impl Shaped for super::BatchResponse<$item> {
            const SHAPE: Kind = Kind::Obj(&batch_fields(&$kind));
            const JS: u8 = $js;
            fn shape() -> &'static Kind {
                &Self::SHAPE
            }
        }
    )*};
}

batch_shapes! {
    1: super::DefaultAssociation => DEFAULT_ASSOCIATION;
    2: super::BatchReadResult => BATCH_READ_RESULT;
    3: super::LabelsBetweenObjectPair => LABELS_BETWEEN;
    4: super::LimitConfig => LIMIT_CONFIG;
    5: super::V3AssociatedIds => V3_ASSOCIATED_IDS;
    6: super::V3Association => V3_ASSOCIATION;
    7: Value => Kind::Keep;
}

macro_rules! shapes {
    ($($js:literal: $t:ty => $kind:expr;)*) => {$(
        impl Shaped for $t {
            const SHAPE: Kind = $kind;
            const JS: u8 = $js;
            fn shape() -> &'static Kind {
                &Self::SHAPE
            }
        }
    )*};
}

shapes! {
    8: super::LabelsBetweenObjectPair => LABELS_BETWEEN;
    9: super::AssociationsPage => ASSOCIATIONS_PAGE;
    10: super::HighUsageReport => HIGH_USAGE_REPORT;
    11: super::CollectionResponse<super::AssociationSpecWithLabel> => Kind::Obj(&[Field("results", Kind::List(&SPEC_WITH_LABEL))]);
    12: super::CollectionResponse<super::LimitConfig> => Kind::Obj(&[Field("results", Kind::List(&LIMIT_CONFIG))]);
    13: super::CollectionResponse<super::V3AssociationType> => Kind::Obj(&[Field("results", Kind::List(&V3_ASSOCIATION_TYPE))]);
}

/// The shapes the JS glue reads answers by, at the index of each type's [`Shaped::JS`] (index 0
/// is none). `js/shapes.js` holds them as [`js_shapes`] renders them; a test keeps the two equal.
pub fn js_shapes() -> Vec<(&'static str, &'static Kind)> {
    use super::*;
    fn of<T: Shaped>(name: &'static str) -> (&'static str, &'static Kind) {
        (name, T::shape())
    }
    vec![
        ("none", &Kind::Nothing),
        of::<BatchResponse<DefaultAssociation>>("BatchResponse<DefaultAssociation>"),
        of::<BatchResponse<BatchReadResult>>("BatchResponse<BatchReadResult>"),
        of::<BatchResponse<LabelsBetweenObjectPair>>("BatchResponse<LabelsBetweenObjectPair>"),
        of::<BatchResponse<LimitConfig>>("BatchResponse<LimitConfig>"),
        of::<BatchResponse<V3AssociatedIds>>("BatchResponse<V3AssociatedIds>"),
        of::<BatchResponse<V3Association>>("BatchResponse<V3Association>"),
        of::<BatchResponse<Value>>("BatchResponse<Value>"),
        of::<LabelsBetweenObjectPair>("LabelsBetweenObjectPair"),
        of::<AssociationsPage>("AssociationsPage"),
        of::<HighUsageReport>("HighUsageReport"),
        of::<CollectionResponse<AssociationSpecWithLabel>>(
            "CollectionResponse<AssociationSpecWithLabel>",
        ),
        of::<CollectionResponse<LimitConfig>>("CollectionResponse<LimitConfig>"),
        of::<CollectionResponse<V3AssociationType>>("CollectionResponse<V3AssociationType>"),
    ]
}

/// A kind as JS data for `js/shapes.js`: a leaf as its name, an object as `{o: [[name, kind]…]}`
/// (`oo`: optional), a list as `{l: kind}` (`le`: empty when missing).
pub fn render_js(kind: &Kind) -> String {
    let fields = |fs: &[Field]| {
        let inner: Vec<String> = fs
            .iter()
            .map(|Field(n, k)| format!("[{n:?}, {}]", render_js(k)))
            .collect();
        format!("[{}]", inner.join(", "))
    };
    match kind {
        Kind::Obj(fs) => format!("{{ o: {} }}", fields(fs)),
        Kind::OptObj(fs) => format!("{{ oo: {} }}", fields(fs)),
        Kind::List(k) => format!("{{ l: {} }}", render_js(k)),
        Kind::ListOrEmpty(k) => format!("{{ le: {} }}", render_js(k)),
        leaf => format!("{:?}", format!("{leaf:?}")),
    }
}

/// The text of `js/shapes.js`.
pub fn js_shapes_module() -> String {
    let mut out = String::from(
        "// Generated from src/model/shape.rs by `cargo test --lib write_js_shapes -- --ignored` (do not edit):\n\
         // the shapes of the answers the JS glue reads itself (js/decode.js), at each type's `Shaped::JS`\n\
         // index, and the fields of a HubSpot error inside an envelope. A test keeps this file equal to\n\
         // the Rust tables.\n\nexport const SHAPES = [\n",
    );
    for (name, kind) in js_shapes() {
        out.push_str(&format!("  // {name}\n  {},\n", render_js(kind)));
    }
    out.push_str(&format!(
        "];\n\nexport const STANDARD_ERROR = {};\n",
        render_js(&Kind::Obj(STANDARD_ERROR))
    ));
    out.push_str("\n// The shape each operation's answer is read by (omitted: none).\nexport const ANSWERS = {\n");
    for (method, shape) in crate::client::dispatch::answer_shapes() {
        if shape != 0 {
            out.push_str(&format!("  {method}: {shape},\n"));
        }
    }
    out.push_str("};\n");
    out
}

/// The largest integer a JS `number` (an f64) carries exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Reads `value` (`None`: the field is missing) by its kind: `Ok(None)` omits the field.
/// Errors name where in the answer, and what was wrong.
pub fn normalize(kind: &Kind, value: Option<&Value>) -> Result<Option<Value>, String> {
    let present = value.filter(|v| !v.is_null());
    Ok(Some(match *kind {
        Kind::Text => Value::String(present.map(text).unwrap_or_default()),
        Kind::TextRequired => match value {
            None => return Err(missing()),
            Some(v) => Value::String(if v.is_null() { String::new() } else { text(v) }),
        },
        Kind::OptText => return Ok(present.map(|v| Value::String(text(v)))),
        Kind::NullText => present.map_or(Value::Null, |v| Value::String(text(v))),
        Kind::Texts => Value::Array(match present {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| Value::String(text(v)))
                .collect(),
            Some(v) => vec![Value::String(text(v))],
        }),
        Kind::Str => match value {
            Some(Value::String(s)) => Value::String(s.clone()),
            other => return Err(expected(other, "a string")),
        },
        Kind::Id => Value::String(id(value)?),
        Kind::I32 => {
            let n = integer(value)?;
            if i32::try_from(n).is_err() {
                return Err(format!("{n} is out of range for a type id"));
            }
            Value::from(n)
        }
        Kind::I64 => Value::from(integer(value)?),
        Kind::I64Or0 => Value::from(if value.is_none() { 0 } else { integer(value)? }),
        Kind::OptI64 => {
            return Ok(present
                .map(|_| integer(value))
                .transpose()?
                .map(Value::from))
        }
        Kind::BoolOrFalse => match value {
            None => Value::Bool(false),
            Some(Value::Bool(b)) => Value::Bool(*b),
            other => return Err(expected(other, "a boolean")),
        },
        Kind::Cursor => match value {
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(Value::Number(n)) => Value::String(n.to_string()),
            other => return Err(expected(other, "a paging cursor")),
        },
        Kind::Count => {
            let n = match present {
                Some(Value::Number(n)) => n.as_u64(),
                Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            return Ok(n.map(|n| Value::from(n.min(u32::MAX as u64))));
        }
        Kind::Any => return Ok(present.cloned()),
        Kind::Keep => value.cloned().unwrap_or(Value::Null),
        Kind::Errors => {
            let one = |v: &Value| match v {
                Value::Object(_) => object(STANDARD_ERROR, v).unwrap_or_default(),
                other => {
                    let mut m = Map::new();
                    m.insert("message".into(), Value::String(text(other)));
                    Value::Object(m)
                }
            };
            return Ok(present.map(|v| match v {
                Value::Array(items) => Value::Array(items.iter().map(one).collect()),
                other => Value::Array(vec![one(other)]),
            }));
        }
        Kind::Obj(fields) => match value {
            Some(v) => object(fields, v)?,
            None => return Err(missing()),
        },
        Kind::OptObj(fields) => match present {
            Some(v) => object(fields, v)?,
            None => return Ok(None),
        },
        Kind::List(item) => match value {
            Some(v) => list(item, v)?,
            None => return Err(missing()),
        },
        Kind::ListOrEmpty(item) => match value {
            Some(v) => list(item, v)?,
            None => Value::Array(Vec::new()),
        },
        Kind::Nothing => Value::Null,
    }))
}

/// An object of `fields` (unknown fields dropped).
fn object(fields: &[Field], v: &Value) -> Result<Value, String> {
    let Value::Object(m) = v else {
        return Err(expected(Some(v), "an object"));
    };
    let mut out = Map::new();
    for Field(name, kind) in fields {
        match normalize(kind, m.get(*name)) {
            Ok(Some(v)) => {
                out.insert((*name).to_string(), v);
            }
            Ok(None) => {}
            Err(e) => return Err(format!("{name}: {e}")),
        }
    }
    Ok(Value::Object(out))
}

/// An array of `item`s.
fn list(item: &Kind, v: &Value) -> Result<Value, String> {
    let Value::Array(items) = v else {
        return Err(expected(Some(v), "an array"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        match normalize(item, Some(v)) {
            Ok(v) => out.push(v.unwrap_or(Value::Null)),
            Err(e) => return Err(format!("[{i}]: {e}")),
        }
    }
    Ok(Value::Array(out))
}

/// Any JSON as text: a string as is, anything else as its JSON text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => super::json_text(other),
    }
}

fn missing() -> String {
    "missing".to_string()
}

/// What kind of JSON `v` is, for messages.
fn what(v: Option<&Value>) -> &'static str {
    match v {
        None => "nothing",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Number(_)) => "a number",
        Some(Value::String(_)) => "a string",
        Some(Value::Array(_)) => "an array",
        Some(Value::Object(_)) => "an object",
    }
}

fn expected(v: Option<&Value>, want: &str) -> String {
    format!("expected {want}, got {}", what(v))
}

/// A record id: a string, or an exact integer.
fn id(v: Option<&Value>) -> Result<String, String> {
    match v {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => {
            if let Some(u) = n.as_u64() {
                Ok(u.to_string())
            } else if let Some(i) = n.as_i64() {
                Ok(i.to_string())
            } else {
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER => {
                        Ok((f as i64).to_string())
                    }
                    _ => Err(
                        "an id that is not an exact integer (numbers above 2^53 lose digits)"
                            .into(),
                    ),
                }
            }
        }
        other => Err(expected(other, "an id as a string of digits or an integer")),
    }
}

/// An integer that fits an `i64`.
fn integer(v: Option<&Value>) -> Result<i64, String> {
    match v {
        Some(Value::Number(n)) => n.as_i64().ok_or_else(|| "expected an integer".to_string()),
        other => Err(expected(other, "an integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(kind: Kind, v: Value) -> Result<Value, String> {
        normalize(&kind, Some(&v)).map(Option::unwrap_or_default)
    }

    #[test]
    fn ids_become_exact_strings() {
        let v: Value =
            serde_json::from_str(r#"{"toObjectId":9007199254740993,"associationTypes":[]}"#)
                .unwrap();
        assert_eq!(
            read(ASSOCIATED, v).unwrap()["toObjectId"],
            "9007199254740993"
        );
        assert!(read(
            ASSOCIATED,
            json!({"toObjectId": 1.5, "associationTypes": []})
        )
        .is_err());
        assert!(read(
            ASSOCIATED,
            json!({"toObjectId": {}, "associationTypes": []})
        )
        .is_err());
    }

    #[test]
    fn metadata_takes_any_json_and_unknown_fields_are_dropped() {
        let shape = <crate::model::BatchResponse<Value> as Shaped>::SHAPE;
        let v = read(
            shape,
            json!({"status": 5, "numErrors": "2", "extra": 1, "errors": "boom"}),
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"status": "5", "results": [], "startedAt": "", "completedAt": "", "numErrors": 2, "errors": [{"message": "boom"}]})
        );
    }

    #[test]
    fn js_shapes_match_the_rust_tables() {
        use crate::model::*;
        fn at<T: Shaped>() {
            let table = js_shapes();
            let (_, kind) = table[T::JS as usize];
            assert_eq!(render_js(kind), render_js(&T::SHAPE), "{}", T::JS);
        }
        at::<BatchResponse<DefaultAssociation>>();
        at::<BatchResponse<BatchReadResult>>();
        at::<BatchResponse<LabelsBetweenObjectPair>>();
        at::<BatchResponse<LimitConfig>>();
        at::<BatchResponse<V3AssociatedIds>>();
        at::<BatchResponse<V3Association>>();
        at::<BatchResponse<Value>>();
        at::<LabelsBetweenObjectPair>();
        at::<AssociationsPage>();
        at::<HighUsageReport>();
        at::<CollectionResponse<AssociationSpecWithLabel>>();
        at::<CollectionResponse<LimitConfig>>();
        at::<CollectionResponse<V3AssociationType>>();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/shapes.js");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == js_shapes_module(),
            "js/shapes.js is not what src/model/shape.rs renders: run `cargo test --lib write_js_shapes -- --ignored`"
        );
    }

    /// Writes js/shapes.js from the tables (`cargo test --lib write_js_shapes -- --ignored`).
    #[test]
    #[ignore]
    fn write_js_shapes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/shapes.js");
        std::fs::write(path, js_shapes_module()).unwrap();
    }

    #[test]
    fn errors_name_the_path() {
        let e = read(
            ASSOCIATIONS_PAGE,
            json!({"results": [{"toObjectId": "1", "associationTypes": [{"category": "X"}]}]}),
        )
        .unwrap_err();
        assert_eq!(
            e,
            "results: [0]: associationTypes: [0]: typeId: expected an integer, got nothing"
        );
    }
}
