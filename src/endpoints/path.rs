//! The one place that knows each version family's paths, and the checks on path segments.

use crate::error::{Error, Result};
use crate::model::ObjectId;
use serde::{Deserialize, Deserializer};
use std::fmt;

/// An API version family. Date versions (`2026-03`, `2026-09`, later ones) share one path shape;
/// `v4` has its own. (The v3 legacy operations ignore the version: they only exist as v3.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// A date version `YYYY-MM`.
    Date(String),
    /// The `v4` paths.
    V4,
}

impl Default for ApiVersion {
    fn default() -> Self {
        ApiVersion::Date("2026-03".into())
    }
}

impl ApiVersion {
    /// Parses `"v4"` or a `YYYY-MM` date version.
    pub fn parse(s: &str) -> Result<Self> {
        let b = s.as_bytes();
        if s == "v4" {
            Ok(ApiVersion::V4)
        } else if b.len() == 7
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
            && (1..=12).contains(&((b[5] - b'0') * 10 + (b[6] - b'0')))
        {
            Ok(ApiVersion::Date(s.to_string()))
        } else {
            Err(Error::invalid_input(format!(
                "apiVersion must be \"2026-03\", \"2026-09\", another YYYY-MM date version or \"v4\"; got {}",
                quoted(s)
            )))
        }
    }

    /// The version as written in options and paths.
    pub fn as_str(&self) -> &str {
        match self {
            ApiVersion::Date(d) => d,
            ApiVersion::V4 => "v4",
        }
    }

    /// True for `v4`, whose archive/purge operations answer 204 with no body.
    pub fn is_v4(&self) -> bool {
        matches!(self, ApiVersion::V4)
    }

    /// True for date versions from `2026-09` on: HubSpot's reference for them has no per-record GET
    /// list, so `listAssociations` reads through batch read of that one record.
    pub fn lists_by_batch_read(&self) -> bool {
        matches!(self, ApiVersion::Date(d) if d.as_str() >= "2026-09")
    }

    /// `/crm/objects/{ver}` or `/crm/v4/objects`: record-level association paths.
    pub fn objects_prefix(&self) -> String {
        match self {
            ApiVersion::Date(d) => format!("/crm/objects/{d}"),
            ApiVersion::V4 => "/crm/v4/objects".into(),
        }
    }

    /// `/crm/associations/{ver}` or `/crm/v4/associations`: batch and label paths.
    pub fn associations_prefix(&self) -> String {
        match self {
            ApiVersion::Date(d) => format!("/crm/associations/{d}"),
            ApiVersion::V4 => "/crm/v4/associations".into(),
        }
    }

    /// `/crm/associations/{ver}`: the label paths. v4's are `/crm/associations/v4/...` in HubSpot's
    /// current v4 reference (the older `/crm/v4/associations/.../labels`, which
    /// `@hubspot/api-client` still uses, is not the reference's).
    pub fn labels_prefix(&self) -> String {
        format!("/crm/associations/{}", self.as_str())
    }

    /// The limit-configuration paths (v4's live under `/crm/associations/v4/...`).
    pub fn configurations_prefix(&self) -> String {
        match self {
            ApiVersion::Date(d) => format!("/crm/associations/{d}/definitions/configurations"),
            ApiVersion::V4 => "/crm/associations/v4/definitions/configurations".into(),
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ApiVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ApiVersion::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// The legacy v3 prefix.
pub const V3_PREFIX: &str = "/crm/v3/associations";

/// Checks an object type (a name such as `contacts` or an id such as `0-1`/`2-123`) and returns
/// it percent-encoded for a path.
pub fn object_type(field: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Err(Error::invalid_input(format!("{field} must not be empty")));
    }
    if value.contains(['/', '?', '#', '\\'])
        || crate::text::contains(value, "..")
        || value.trim() != value
    {
        return Err(Error::invalid_input(format!(
            "{field} {} is not an object type: it may not contain '/', '?', '#', '..' or surrounding spaces",
            quoted(value)
        )));
    }
    Ok(encode_segment(value))
}

/// `s` in double quotes, escaped as JSON (for messages: `{:?}` would bring Rust's escaping
/// tables into the wasm module).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Checks a record id: a non-empty string of digits.
pub fn object_id(field: &str, id: &ObjectId) -> Result<String> {
    if id.is_valid() {
        Ok(id.0.clone())
    } else {
        Err(bad_id(field, id))
    }
}

/// Checks the id at `inputs[{i}]{what}` (`what`: `.id`, `.from.id`…). The field's name is only
/// written when the id is bad: a batch checks every input, and most are good.
pub fn input_id(id: &ObjectId, i: usize, what: &str) -> Result<()> {
    if id.is_valid() {
        Ok(())
    } else {
        Err(bad_id(&format!("inputs[{i}]{what}"), id))
    }
}

/// The error of a bad record id at `field`.
#[inline(never)]
pub fn bad_id(field: &str, id: &ObjectId) -> Error {
    Error::invalid_input(format!(
        "{field} must be a record id (a string of digits); got {}",
        quoted(&id.0)
    ))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(ApiVersion::parse("v4").unwrap(), ApiVersion::V4);
        assert_eq!(ApiVersion::parse("2026-09").unwrap().as_str(), "2026-09");
        for bad in ["v3", "2026-13", "2026-3", "latest", ""] {
            assert!(ApiVersion::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_read_through_batch_read_from_2026_09() {
        assert!(!ApiVersion::default().lists_by_batch_read());
        assert!(!ApiVersion::V4.lists_by_batch_read());
        assert!(ApiVersion::parse("2026-09").unwrap().lists_by_batch_read());
        assert!(ApiVersion::parse("2027-03").unwrap().lists_by_batch_read());
    }

    #[test]
    fn prefixes_per_family() {
        let d = ApiVersion::default();
        assert_eq!(d.objects_prefix(), "/crm/objects/2026-03");
        assert_eq!(d.associations_prefix(), "/crm/associations/2026-03");
        assert_eq!(
            d.configurations_prefix(),
            "/crm/associations/2026-03/definitions/configurations"
        );
        let v = ApiVersion::V4;
        assert_eq!(v.objects_prefix(), "/crm/v4/objects");
        assert_eq!(v.associations_prefix(), "/crm/v4/associations");
        assert_eq!(v.labels_prefix(), "/crm/associations/v4");
        assert_eq!(d.labels_prefix(), "/crm/associations/2026-03");
        assert_eq!(
            v.configurations_prefix(),
            "/crm/associations/v4/definitions/configurations"
        );
    }

    #[test]
    fn segments_are_checked_and_encoded() {
        assert_eq!(object_type("t", "0-1").unwrap(), "0-1");
        assert_eq!(object_type("t", "p_my object").unwrap(), "p_my%20object");
        for bad in ["", "a/b", "a?b", "a#b", "..", "a..b", " contacts"] {
            assert!(object_type("t", bad).is_err(), "{bad}");
        }
        assert!(object_id("id", &"12/../34".into()).is_err());
        assert!(object_id("id", &"".into()).is_err());
        assert_eq!(object_id("id", &"0012".into()).unwrap(), "0012");
    }

    #[test]
    fn messages_quote_what_was_given_as_json() {
        let e = object_id("inputs[0].id", &"1\"2\u{1}".into()).unwrap_err();
        assert_eq!(
            e.message,
            r#"inputs[0].id must be a record id (a string of digits); got "1\"2\u0001""#
        );
        let e = object_type("toObjectType", "a/b").unwrap_err();
        assert!(
            e.message.starts_with(r#"toObjectType "a/b" is not"#),
            "{}",
            e.message
        );
    }
}
