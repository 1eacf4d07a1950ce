//! Record ids: strings of digits on the wire, but HubSpot has sent them as JSON numbers above
//! 2^31 and 2^53, so they decode from either and are kept as exact strings.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A HubSpot record id, always held as the exact decimal string.
///
/// Decodes from a JSON string or an integer (any size that JSON can carry exactly); a float that
/// is not an exact safe integer is refused, because its digits may already be lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ObjectId(pub String);

impl ObjectId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the id is a non-empty string of ASCII digits, the only form HubSpot accepts.
    pub fn is_valid(&self) -> bool {
        !self.0.is_empty() && self.0.bytes().all(|b| b.is_ascii_digit())
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ObjectId {
    fn from(s: &str) -> Self {
        ObjectId(s.to_string())
    }
}

impl From<String> for ObjectId {
    fn from(s: String) -> Self {
        ObjectId(s)
    }
}

impl From<u64> for ObjectId {
    fn from(n: u64) -> Self {
        ObjectId(n.to_string())
    }
}

impl Serialize for ObjectId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The largest integer a JS `number` (an f64) carries exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = ObjectId;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id as a string of digits or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ObjectId, E> {
        Ok(ObjectId(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<ObjectId, E> {
        Ok(ObjectId(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ObjectId, E> {
        Ok(ObjectId(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ObjectId, E> {
        Ok(ObjectId(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<ObjectId, E> {
        Ok(ObjectId(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ObjectId, E> {
        if v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER {
            Ok(ObjectId(format!("{}", v as i64)))
        } else {
            Err(E::custom(format!(
                "id {v} is not an exact integer (numbers above 2^53 lose digits): pass ids as strings"
            )))
        }
    }
}

impl<'de> Deserialize<'de> for ObjectId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

/// `{ id }`, the way HubSpot names one side of an association.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct ObjectRef {
    /// The record id.
    #[tsify(type = "string")]
    pub id: ObjectId,
}

/// `{ id }` as a caller may write it: the id as a string, or a number that is a safe integer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub struct ObjectRefInput {
    /// The record id.
    #[tsify(type = "string | number")]
    pub id: ObjectId,
}

impl From<&ObjectRefInput> for ObjectRef {
    fn from(r: &ObjectRefInput) -> Self {
        ObjectRef { id: r.id.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_numbers_keep_every_digit() {
        let id: ObjectId = serde_json::from_str("9007199254740993").unwrap();
        assert_eq!(id.as_str(), "9007199254740993");
        let id: ObjectId = serde_json::from_str("5434402448").unwrap();
        assert_eq!(id.as_str(), "5434402448");
        let id: ObjectId = serde_json::from_str("\"00012\"").unwrap();
        assert_eq!(id.as_str(), "00012");
    }

    #[test]
    fn floats_that_lost_digits_are_refused() {
        assert!(serde_json::from_str::<ObjectId>("1.5").is_err());
        assert!(serde_json::from_str::<ObjectId>("1e300").is_err());
        let ok: ObjectId = serde_json::from_str("12.0").unwrap();
        assert_eq!(ok.as_str(), "12");
    }

    #[test]
    fn validity_is_digits_only() {
        assert!(ObjectId::from("123").is_valid());
        for bad in ["", "12/../34", "1 2", "-1", "1a"] {
            assert!(!ObjectId::from(bad).is_valid(), "{bad}");
        }
    }

    #[test]
    fn ids_serialize_as_strings() {
        assert_eq!(
            serde_json::to_string(&ObjectRef { id: 7u64.into() }).unwrap(),
            r#"{"id":"7"}"#
        );
    }
}
