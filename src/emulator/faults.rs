//! Fault injection: a scripted queue for exact tests, then seeded random faults (splitmix64, so a
//! seed repeats its run), and the answers each fault kind gives.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// One kind of injected fault. As JSON, a string: `"500"`, `"503"`, `"502html"`, `"malformed"`,
/// `"delay"` or `"delay:<ms>"`, `"drop"`, `"429"`, `"429daily"`, `"429retryafter:<s>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum FaultKind {
    /// `500` with HubSpot's 5xx JSON body.
    InternalError,
    /// `503` with HubSpot's 5xx JSON body.
    Unavailable,
    /// `502` with an nginx HTML page (`text/html`), as a gateway answers.
    BadGatewayHtml,
    /// `200` with a truncated JSON body (the answer the request would have had, cut short).
    Malformed,
    /// The normal answer, held back for the given milliseconds (default `delayMs`).
    Delay(Option<u64>),
    /// No answer: the connection is dropped.
    Drop,
    /// A `TEN_SECONDLY_ROLLING` 429, with `Retry-After: <s>` when given.
    RateLimited(Option<u64>),
    /// A `DAILY` 429.
    DailyLimit,
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let number = |n: &str| {
            n.parse::<u64>()
                .map_err(|_| format!("fault kind '{s}': '{n}' is not a whole number"))
        };
        Ok(match s {
            "500" => FaultKind::InternalError,
            "503" => FaultKind::Unavailable,
            "502html" => FaultKind::BadGatewayHtml,
            "malformed" => FaultKind::Malformed,
            "delay" => FaultKind::Delay(None),
            "drop" => FaultKind::Drop,
            "429" => FaultKind::RateLimited(None),
            "429daily" => FaultKind::DailyLimit,
            _ => match s.split_once(':') {
                Some(("delay", ms)) => FaultKind::Delay(Some(number(ms)?)),
                Some(("429retryafter", secs)) => FaultKind::RateLimited(Some(number(secs)?)),
                _ => return Err(format!(
                    "unknown fault kind '{s}' (expected 500, 503, 502html, malformed, delay, delay:<ms>, drop, 429, 429daily or 429retryafter:<s>)"
                )),
            },
        })
    }
}

impl TryFrom<String> for FaultKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl fmt::Display for FaultKind {
    /// The JSON spelling (`delay:<ms>` and `429retryafter:<s>` when a value was given).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::InternalError => f.write_str("500"),
            FaultKind::Unavailable => f.write_str("503"),
            FaultKind::BadGatewayHtml => f.write_str("502html"),
            FaultKind::Malformed => f.write_str("malformed"),
            FaultKind::Delay(None) => f.write_str("delay"),
            FaultKind::Delay(Some(ms)) => write!(f, "delay:{ms}"),
            FaultKind::Drop => f.write_str("drop"),
            FaultKind::RateLimited(None) => f.write_str("429"),
            FaultKind::RateLimited(Some(s)) => write!(f, "429retryafter:{s}"),
            FaultKind::DailyLimit => f.write_str("429daily"),
        }
    }
}

/// The `faults` option. JSON: `{seed?, rate?, kinds?, delayMs?, paths?, script?}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FaultOptions {
    /// Seed of the random faults (default 42): the same seed and requests give the same faults.
    pub seed: Option<u64>,
    /// Probability of a random fault per request, 0 to 1. Default 0.1, or 0 when a `script`
    /// is given (so exact tests get exactly their script).
    pub rate: Option<f64>,
    /// Kinds drawn from, uniformly (default `500`, `502html`, `503`, `malformed`, `delay`,
    /// `drop`).
    pub kinds: Option<Vec<FaultKind>>,
    /// How long `delay` holds an answer back, in milliseconds (default 1000).
    pub delay_ms: Option<u64>,
    /// Only requests whose path contains this text get faults (scripted ones included).
    pub paths: Option<String>,
    /// Consumed one entry per (matching) request before any random fault; `null` answers
    /// normally.
    pub script: Vec<Option<FaultKind>>,
}

/// The kinds drawn from when `kinds` is not given.
pub const DEFAULT_KINDS: [FaultKind; 6] = [
    FaultKind::InternalError,
    FaultKind::BadGatewayHtml,
    FaultKind::Unavailable,
    FaultKind::Malformed,
    FaultKind::Delay(None),
    FaultKind::Drop,
];

impl FaultOptions {
    /// Refuses a rate outside 0 to 1 and random faults with no kinds to draw from.
    pub fn validate(&self) -> Result<(), String> {
        let rate = self.rate();
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("faults.rate must be between 0 and 1, got {rate}"));
        }
        if rate > 0.0 && self.kinds.as_ref().is_some_and(Vec::is_empty) {
            return Err("faults.kinds is empty".into());
        }
        Ok(())
    }

    fn rate(&self) -> f64 {
        self.rate
            .unwrap_or(if self.script.is_empty() { 0.1 } else { 0.0 })
    }

    /// How long a `delay` fault holds its answer back.
    pub(crate) fn delay_of(&self, kind: FaultKind) -> u64 {
        match kind {
            FaultKind::Delay(ms) => ms.or(self.delay_ms).unwrap_or(1000),
            _ => 0,
        }
    }
}

/// The running part: the rest of the script and the generator's state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Faults {
    script: VecDeque<Option<FaultKind>>,
    rng: u64,
}

impl Faults {
    pub fn new(options: Option<&FaultOptions>) -> Faults {
        options.map_or_else(Faults::default, |o| Faults {
            script: o.script.iter().copied().collect(),
            rng: o.seed.unwrap_or(42),
        })
    }

    /// The fault for the next request to `path`, if any.
    pub fn next(&mut self, options: &FaultOptions, path: &str) -> Option<FaultKind> {
        if options.paths.as_deref().is_some_and(|p| !path.contains(p)) {
            return None;
        }
        if let Some(entry) = self.script.pop_front() {
            return entry;
        }
        let rate = options.rate();
        if rate <= 0.0 {
            return None;
        }
        let kinds = options.kinds.as_deref().unwrap_or(&DEFAULT_KINDS);
        // 53 random bits as a float in [0, 1).
        let draw = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        if draw >= rate || kinds.is_empty() {
            return None;
        }
        Some(kinds[(self.next_u64() % kinds.len() as u64) as usize])
    }

    /// splitmix64.
    fn next_u64(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What a gateway in front of HubSpot answers when the app behind it fails.
pub(crate) const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The first half of `body` (never valid JSON when `body` is an object or array); a fixed
/// fragment when there was no body.
pub(crate) fn truncate(body: &str) -> String {
    if body.len() < 2 {
        return r#"{"status":"COMPLETE","results":[{"#.to_string();
    }
    let mut cut = body.len() / 2;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    body[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_spelling() {
        for s in [
            "500",
            "503",
            "502html",
            "malformed",
            "delay",
            "delay:250",
            "drop",
            "429",
            "429daily",
            "429retryafter:2",
        ] {
            assert_eq!(s.parse::<FaultKind>().unwrap().to_string(), s);
        }
        assert!("404".parse::<FaultKind>().is_err());
        assert!("delay:soon".parse::<FaultKind>().is_err());
    }

    #[test]
    fn truncation_never_leaves_valid_json() {
        for body in ["", "{}", r#"{"results":[]}"#, r#"{"a":"é€"}"#] {
            let cut = truncate(body);
            assert!(
                serde_json::from_str::<serde_json::Value>(&cut).is_err(),
                "{cut}"
            );
        }
    }
}
