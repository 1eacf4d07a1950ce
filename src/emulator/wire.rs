//! Wire helpers: error bodies, batch envelopes, ids as they arrive in JSON, timestamps.

use serde::Deserialize;
use serde_json::{json, Map, Value};

/// A refused request or batch input: the status a single call answers and HubSpot's error body
/// (without `correlationId`, added when the response is sent).
#[derive(Debug, Clone)]
pub(crate) struct Fail {
    pub status: u16,
    pub body: Value,
}

/// A HubSpot error body with a status, a category and a message.
pub(crate) fn fail(status: u16, category: &str, message: impl Into<String>) -> Fail {
    Fail {
        status,
        body: json!({"status": "error", "message": message.into(), "category": category}),
    }
}

/// 400 VALIDATION_ERROR.
pub(crate) fn invalid(message: impl Into<String>) -> Fail {
    fail(400, "VALIDATION_ERROR", message)
}

impl Fail {
    /// Adds `context.<key>: [values]`.
    pub fn context(mut self, key: &str, values: Vec<String>) -> Fail {
        let ctx = self
            .body
            .as_object_mut()
            .unwrap()
            .entry("context")
            .or_insert_with(|| json!({}));
        ctx.as_object_mut()
            .unwrap()
            .insert(key.into(), json!(values));
        self
    }

    /// Sets `subCategory`.
    pub fn sub(mut self, sub_category: &str) -> Fail {
        self.body["subCategory"] = json!(sub_category);
        self
    }

    /// The body as a batch `StandardError` (with `context`, `errors` and `links`).
    pub fn standard(self) -> Value {
        let mut body = self.body;
        let obj = body.as_object_mut().unwrap();
        obj.entry("context").or_insert_with(|| json!({}));
        obj.insert("errors".into(), json!([]));
        obj.insert("links".into(), json!({}));
        body
    }
}

/// An id as it arrives: a JSON string or number (kept as text, never through a float).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdLike(pub String);

impl<'de> Deserialize<'de> for IdLike {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(IdLike(s)),
            Value::Number(n) => Ok(IdLike(n.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "expected an id (string or number), got {other}"
            ))),
        }
    }
}

impl From<&str> for IdLike {
    fn from(s: &str) -> Self {
        IdLike(s.to_string())
    }
}

impl From<u64> for IdLike {
    fn from(n: u64) -> Self {
        IdLike(n.to_string())
    }
}

/// Parses an object id: 1 to 19 digits, not zero (HubSpot ids are positive int64).
pub(crate) fn parse_id(raw: &str) -> Result<u64, Fail> {
    let ok = !raw.is_empty() && raw.len() <= 19 && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<u64>() {
        Ok(n) if ok && n > 0 && n <= i64::MAX as u64 => Ok(n),
        _ => Err(invalid(format!(
            "Invalid object id '{raw}': ids are strings of digits"
        ))
        .context("ids", vec![raw.into()])),
    }
}

/// Parses a JSON body into `T`; HubSpot's 400 when it is missing, malformed or of the wrong shape.
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(body: Option<&str>) -> Result<T, Fail> {
    let text = body
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| invalid("Invalid input JSON: no content to map due to end-of-input"))?;
    serde_json::from_str(text).map_err(|e| {
        invalid(format!(
            "Invalid input JSON on line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// A batch envelope; `errors` and `numErrors` only when some inputs failed.
pub(crate) fn envelope(results: Vec<Value>, errors: Vec<Value>, now_ms: u64) -> Value {
    let ts = rfc3339(now_ms);
    let mut env = Map::new();
    env.insert("status".into(), json!("COMPLETE"));
    env.insert("results".into(), json!(results));
    env.insert("startedAt".into(), json!(ts));
    env.insert("completedAt".into(), json!(ts));
    if !errors.is_empty() {
        env.insert("numErrors".into(), json!(errors.len()));
        env.insert("errors".into(), json!(errors));
    }
    Value::Object(env)
}

/// `2026-03-01T12:00:00.000Z` for a Unix time in milliseconds.
pub(crate) fn rfc3339(ms: u64) -> String {
    let (days, rem) = ((ms / 86_400_000) as i64, ms % 86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// A deterministic, uuid-shaped correlation id for the n-th request.
pub(crate) fn correlation_id(n: u64) -> String {
    let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        x >> 32,
        (x >> 16) & 0xffff,
        x & 0xfff,
        n >> 48 & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

/// Percent-decodes a path segment or query component (`+` as space when `plus` is set).
pub(crate) fn percent_decode(s: &str, plus: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_decoding() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_772_366_400_123), "2026-03-01T12:00:00.123Z");
        assert_eq!(percent_decode("a%2Fb+c%", true), "a/b c%");
        assert_eq!(correlation_id(1).len(), 36);
        assert_ne!(correlation_id(1), correlation_id(2));
    }
}
