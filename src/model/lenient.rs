//! Lenient decoders for the fields of an answer that carry no results: batch metadata
//! (`status`, `startedAt`, `numErrors`, …) and the details of HubSpot's errors. HubSpot's
//! reference and its own examples disagree on their types (the seeds show `errors[].context` as a
//! string where the reference says a map), so these fields take whatever JSON arrives and keep it,
//! rather than losing a whole 2xx answer to one unexpected type. Fields that carry results (ids,
//! type ids) stay strict: an answer whose results cannot be read is a `decode` error with its body.

use super::envelope::StandardError;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;

/// Any JSON as text: a string as is, `null` as `None`, anything else as its JSON text (so a
/// number or an object sent where a string was documented is kept, not dropped). Strings, the
/// common case, are taken directly (no `Value` in between: these fields are in every association).
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// The visitor of [`opt_string`].
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(super::json_text(&Value::from(v))))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let v = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Some(super::json_text(&v)))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let v = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Some(super::json_text(&v)))
    }
}

/// [`opt_string`], with `null` as the empty string.
pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d).map(Option::unwrap_or_default)
}

/// A list of strings: an array (each entry as [`opt_string`], `null`s dropped), or one value
/// as a list of one.
pub(crate) fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let text = |v: Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(super::json_text(&other)),
    };
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    })
}

/// A paging cursor: a string, or a number (HubSpot's cursors are offsets) as its digits. Anything
/// else is an error: a page whose cursor cannot be read would end the listing silently.
pub(crate) fn cursor<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "a paging cursor must be a string; got {other}"
        ))),
    }
}

/// A count: a non-negative integer, or a string of one; anything else is `None` (the count is
/// derived from `errors`, which is kept whole).
pub(crate) fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let v = Value::deserialize(d)?;
    let n = match &v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    Ok(n.map(|n| n.min(u32::MAX as u64) as u32))
}

/// Any JSON except `null`, kept as it came.
pub(crate) fn opt_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Ok(Some(Value::deserialize(d)?).filter(|v| !v.is_null()))
}

/// A list of errors: an array of error objects as documented; a single object is one error; any
/// other entry (a bare string or number) becomes an error whose `message` is that JSON.
pub(crate) fn errors<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<StandardError>>, D::Error> {
    let entries = match Value::deserialize(d)? {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        other => vec![other],
    };
    Ok(Some(entries.into_iter().map(standard_error).collect()))
}

fn standard_error(v: Value) -> StandardError {
    match v {
        // Every field of `StandardError` is itself lenient, so an object always decodes.
        Value::Object(_) => serde_json::from_value(v).unwrap_or_default(),
        Value::String(s) => StandardError {
            message: Some(s),
            ..Default::default()
        },
        other => StandardError {
            message: Some(super::json_text(&other)),
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "opt_count")]
        n: Option<u32>,
        #[serde(default, deserialize_with = "errors")]
        e: Option<Vec<StandardError>>,
    }

    fn t(v: Value) -> T {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn strings_keep_any_json() {
        assert_eq!(t(json!({"s": "a"})).s.as_deref(), Some("a"));
        assert_eq!(t(json!({"s": 5})).s.as_deref(), Some("5"));
        assert_eq!(
            t(json!({"s": {"a": [1]}})).s.as_deref(),
            Some(r#"{"a":[1]}"#)
        );
        assert_eq!(t(json!({"s": null})).s, None);
    }

    #[test]
    fn counts_take_numbers_and_digit_strings() {
        assert_eq!(t(json!({"n": 2})).n, Some(2));
        assert_eq!(t(json!({"n": "3"})).n, Some(3));
        assert_eq!(t(json!({"n": -1})).n, None);
        assert_eq!(t(json!({"n": [1]})).n, None);
    }

    #[test]
    fn errors_of_any_shape_are_kept() {
        let e = t(json!({"e": "boom"})).e.unwrap();
        assert_eq!(e[0].message.as_deref(), Some("boom"));
        let e = t(json!({"e": {"category": "X", "context": "{missingScopes=[a]}"}}))
            .e
            .unwrap();
        assert_eq!(e[0].category.as_deref(), Some("X"));
        assert_eq!(e[0].context, Some(json!("{missingScopes=[a]}")));
        let e = t(json!({"e": [1, {"message": 2}]})).e.unwrap();
        assert_eq!(e[0].message.as_deref(), Some("1"));
        assert_eq!(e[1].message.as_deref(), Some("2"));
    }
}
