//! Rate limits per token (hubspot-api.md §5): a rolling window of `intervalMs` and an optional
//! daily cap, HubSpot's `X-HubSpot-RateLimit-*` headers and its 429 bodies.
//!
//! Requests are counted at arrival (`now_ms` of the request). A refused request (429) is not
//! counted, so a client that waits for the window to roll is served again. The daily count
//! starts over at UTC midnight (HubSpot resets at midnight in the account's time zone).

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

const DAY_MS: u64 = 86_400_000;

/// The `rateLimit` option: JSON `{maxRequests?, intervalMs?, daily?, retryAfter?}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RateLimitOptions {
    /// Requests allowed per window and token (default 100, HubSpot's burst limit).
    pub max_requests: Option<u32>,
    /// The rolling window in milliseconds (default 10000).
    pub interval_ms: Option<u64>,
    /// Requests allowed per UTC day and token; absent means no daily cap.
    pub daily: Option<u64>,
    /// Whether a 429 carries `Retry-After` (seconds until a slot frees, rounded up). Default
    /// false, as HubSpot's is not documented.
    pub retry_after: Option<bool>,
}

/// The options with defaults applied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max: u64,
    pub interval: u64,
    pub daily: Option<u64>,
    pub retry_after: bool,
}

impl RateLimitOptions {
    pub(crate) fn limits(&self) -> Limits {
        Limits {
            max: self.max_requests.unwrap_or(100).into(),
            interval: self.interval_ms.unwrap_or(10_000).max(1),
            daily: self.daily,
            retry_after: self.retry_after.unwrap_or(false),
        }
    }
}

/// `false` or `null` (off) or the options object, for `rateLimit` and `faults`.
pub(crate) fn off_or<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Null | Value::Bool(false) => Ok(None),
        v => serde_json::from_value(v)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Which limit refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Policy {
    /// The rolling window (`TEN_SECONDLY_ROLLING`).
    Window,
    /// The daily cap (`DAILY`).
    Daily,
}

/// HubSpot's 429 body (without `correlationId`, added when the response is sent).
pub(crate) fn too_many_body(policy: Policy, request_id: &str) -> Value {
    let (message, name) = match policy {
        Policy::Window => (
            "You have reached your ten_secondly_rolling limit.",
            "TEN_SECONDLY_ROLLING",
        ),
        Policy::Daily => ("You have reached your daily limit.", "DAILY"),
    };
    json!({"status": "error", "message": message, "errorType": "RATE_LIMIT",
           "policyName": name, "requestId": request_id})
}

#[derive(Debug, Clone, Default)]
struct Bucket {
    /// Arrival times of the counted requests still inside the window.
    window: VecDeque<u64>,
    /// The UTC day `daily_used` belongs to.
    day: u64,
    daily_used: u64,
}

impl Bucket {
    /// Forgets what has left the window and the count of a past day.
    fn roll(&mut self, limits: &Limits, now: u64) {
        while self
            .window
            .front()
            .is_some_and(|&t| t.saturating_add(limits.interval) <= now)
        {
            self.window.pop_front();
        }
        if now / DAY_MS != self.day {
            self.day = now / DAY_MS;
            self.daily_used = 0;
        }
    }

    fn headers(&self, limits: &Limits, shown_as: Option<Policy>) -> Vec<(String, String)> {
        let remaining = match shown_as {
            Some(Policy::Window) => 0,
            _ => limits.max.saturating_sub(self.window.len() as u64),
        };
        let mut h = vec![
            header("X-HubSpot-RateLimit-Max", limits.max),
            header("X-HubSpot-RateLimit-Remaining", remaining),
            header("X-HubSpot-RateLimit-Interval-Milliseconds", limits.interval),
        ];
        if let Some(daily) = limits.daily {
            let left = match shown_as {
                Some(Policy::Daily) => 0,
                _ => daily.saturating_sub(self.daily_used),
            };
            h.push(header("X-HubSpot-RateLimit-Daily", daily));
            h.push(header("X-HubSpot-RateLimit-Daily-Remaining", left));
        }
        h
    }

    /// Seconds until the refusing limit admits a request again, rounded up.
    fn retry_after_s(&self, limits: &Limits, policy: Policy, now: u64) -> u64 {
        let ms = match policy {
            Policy::Window => self.window.front().map_or(limits.interval, |&t| {
                (t + limits.interval).saturating_sub(now)
            }),
            Policy::Daily => (self.day + 1) * DAY_MS - now,
        };
        ms.div_ceil(1000).max(1)
    }
}

fn header(name: &str, value: u64) -> (String, String) {
    (name.to_string(), value.to_string())
}

/// The decision for one request.
pub(crate) struct Admission {
    /// The limit that refused it, if any.
    pub refused: Option<Policy>,
    /// The `X-HubSpot-RateLimit-*` headers (and `Retry-After` when enabled and refused).
    pub headers: Vec<(String, String)>,
}

/// Buckets per token and the record of 429s sent by the limiter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Limiter {
    buckets: BTreeMap<String, Bucket>,
    /// Times of recent limiter 429s (within one interval of the latest).
    recent_429: VecDeque<u64>,
    /// The largest number of limiter 429s within any span of `intervalMs`.
    pub max_429_in_any_window: u64,
}

impl Limiter {
    fn bucket(&mut self, limits: &Limits, key: &str, now: u64) -> &mut Bucket {
        let bucket = self
            .buckets
            .entry(key.to_string())
            .or_insert_with(|| Bucket {
                day: now / DAY_MS,
                ..Bucket::default()
            });
        bucket.roll(limits, now);
        bucket
    }

    /// Counts the request of token `key` arriving at `now`, or refuses it (uncounted).
    pub fn admit(&mut self, limits: &Limits, key: &str, now: u64) -> Admission {
        let bucket = self.bucket(limits, key, now);
        let refused = if limits.daily.is_some_and(|d| bucket.daily_used >= d) {
            Some(Policy::Daily)
        } else if bucket.window.len() as u64 >= limits.max {
            Some(Policy::Window)
        } else {
            bucket.window.push_back(now);
            bucket.daily_used += 1;
            None
        };
        let mut headers = bucket.headers(limits, refused);
        if let Some(policy) = refused {
            if limits.retry_after {
                let s = bucket.retry_after_s(limits, policy, now);
                headers.push(("Retry-After".into(), s.to_string()));
            }
            self.note_429(limits, now);
        }
        Admission { refused, headers }
    }

    /// The headers token `key` would see now, without counting a request; `shown_as` shows that
    /// limit as exhausted (for injected 429s).
    pub fn peek(
        &mut self,
        limits: &Limits,
        key: &str,
        now: u64,
        shown_as: Option<Policy>,
    ) -> Vec<(String, String)> {
        self.bucket(limits, key, now).headers(limits, shown_as)
    }

    fn note_429(&mut self, limits: &Limits, now: u64) {
        while self
            .recent_429
            .front()
            .is_some_and(|&t| t.saturating_add(limits.interval) <= now)
        {
            self.recent_429.pop_front();
        }
        self.recent_429.push_back(now);
        self.max_429_in_any_window = self.max_429_in_any_window.max(self.recent_429.len() as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max: u64, daily: Option<u64>) -> Limits {
        Limits {
            max,
            interval: 10_000,
            daily,
            retry_after: true,
        }
    }

    #[test]
    fn the_window_rolls_and_refusals_are_not_counted() {
        let l = limits(2, None);
        let mut lim = Limiter::default();
        assert_eq!(lim.admit(&l, "t", 0).refused, None);
        assert_eq!(lim.admit(&l, "t", 4_000).refused, None);
        let refused = lim.admit(&l, "t", 9_999);
        assert_eq!(refused.refused, Some(Policy::Window));
        assert!(refused
            .headers
            .contains(&("Retry-After".into(), "1".into())));
        // The first arrival leaves the window at 10 000; the refused one never entered it.
        assert_eq!(lim.admit(&l, "t", 10_000).refused, None);
        assert_eq!(
            lim.admit(&l, "t", 10_001).refused,
            Some(Policy::Window),
            "4 000 and 10 000 are inside"
        );
        assert_eq!(lim.max_429_in_any_window, 2);
        assert_eq!(lim.admit(&l, "other", 10_001).refused, None);
    }

    #[test]
    fn the_daily_cap_resets_at_utc_midnight() {
        let l = limits(100, Some(1));
        let mut lim = Limiter::default();
        let day = 20_000 * DAY_MS;
        assert_eq!(lim.admit(&l, "t", day + 5).refused, None);
        let refused = lim.admit(&l, "t", day + DAY_MS - 1_500);
        assert_eq!(refused.refused, Some(Policy::Daily));
        assert!(refused
            .headers
            .contains(&("Retry-After".into(), "2".into())));
        assert_eq!(lim.admit(&l, "t", day + DAY_MS).refused, None);
    }
}
