//! When to retry, as a pure function of what happened. The engine asks [`decide`] after every
//! failed attempt; tests check decisions without any clock or I/O.

/// What an attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// An answer with this status (2xx never reaches `decide`).
    Status {
        /// The HTTP status.
        status: u16,
        /// `Retry-After`, in milliseconds, when the answer had it.
        retry_after_ms: Option<u64>,
        /// The 429 body's `policyName`, if any.
        policy_name: Option<&'a str>,
        /// The rate-limit window the answer announced (`X-HubSpot-RateLimit-Interval-Milliseconds`)
        /// or the one learned before, if any.
        window_ms: Option<u64>,
    },
    /// No answer: connection failed or dropped.
    Network,
    /// The attempt timed out.
    Timeout,
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Give up: return the failure.
    Stop,
    /// Wait this long, then try again.
    RetryAfter(u64),
}

/// Backoff settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// First delay before jitter.
    pub base_ms: u64,
    /// Largest delay.
    pub max_ms: u64,
    /// The rate-limit window assumed after a 429 when no header announced one.
    pub window_ms: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base_ms: 500,
            max_ms: 30_000,
            window_ms: 10_000,
        }
    }
}

/// Decides after failed attempt number `attempt` (1-based) with `max_retries` allowed.
/// `jitter` is a number in `[0, 1)` (random in production, fixed in tests).
///
/// - 429: `DAILY` never retries (it resets at midnight); `Retry-After` is honoured; else
///   `SECONDLY` waits about a second, and any other policy one window: the one the answer
///   announced (`X-HubSpot-RateLimit-Interval-Milliseconds`), else HubSpot's 10 s.
/// - 5xx, network failures and timeouts: exponential backoff with jitter.
/// - Any other status: never (a 4xx will not get better by asking again).
pub fn decide(
    attempt: u32,
    max_retries: u32,
    outcome: &Outcome,
    backoff: &Backoff,
    jitter: f64,
) -> Decision {
    if attempt > max_retries {
        return Decision::Stop;
    }
    let exponential = || {
        let raw = backoff
            .base_ms
            .saturating_mul(1u64 << (attempt - 1).min(20))
            .min(backoff.max_ms);
        // "Equal jitter": between half and all of the exponential delay.
        Decision::RetryAfter(raw / 2 + (raw as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as u64)
    };
    match outcome {
        Outcome::Status {
            status: 429,
            retry_after_ms,
            policy_name,
            window_ms,
        } => match (policy_name, retry_after_ms) {
            (Some("DAILY"), _) => Decision::Stop,
            (_, Some(ms)) => Decision::RetryAfter(*ms),
            (Some("SECONDLY"), None) => Decision::RetryAfter(1_000 + (250.0 * jitter) as u64),
            (_, None) => {
                // One window, plus up to 5 % of it so that held requests do not return at once.
                let window = window_ms.filter(|&w| w > 0).unwrap_or(backoff.window_ms);
                Decision::RetryAfter(window + (window as f64 / 20.0 * jitter) as u64)
            }
        },
        Outcome::Status { status, .. } if (500..=599).contains(status) => exponential(),
        Outcome::Network | Outcome::Timeout => exponential(),
        Outcome::Status { .. } => Decision::Stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Outcome<'static> {
        Outcome::Status {
            status,
            retry_after_ms: None,
            policy_name: None,
            window_ms: None,
        }
    }
    const B: Backoff = Backoff {
        base_ms: 500,
        max_ms: 30_000,
        window_ms: 10_000,
    };

    #[test]
    fn daily_429_never_retries() {
        let o = Outcome::Status {
            status: 429,
            retry_after_ms: Some(1000),
            policy_name: Some("DAILY"),
            window_ms: None,
        };
        assert_eq!(decide(1, 3, &o, &B, 0.5), Decision::Stop);
    }

    #[test]
    fn retry_after_is_honoured() {
        let o = Outcome::Status {
            status: 429,
            retry_after_ms: Some(2000),
            policy_name: Some("TEN_SECONDLY_ROLLING"),
            window_ms: Some(1000),
        };
        assert_eq!(decide(1, 3, &o, &B, 0.9), Decision::RetryAfter(2000));
    }

    #[test]
    fn policies_without_retry_after() {
        let ten = Outcome::Status {
            status: 429,
            retry_after_ms: None,
            policy_name: Some("TEN_SECONDLY_ROLLING"),
            window_ms: None,
        };
        assert_eq!(decide(1, 3, &ten, &B, 0.0), Decision::RetryAfter(10_000));
        assert_eq!(decide(1, 3, &ten, &B, 1.0), Decision::RetryAfter(10_500));
        // The window the answer announced, not a fixed 10 s.
        let announced = Outcome::Status {
            status: 429,
            retry_after_ms: None,
            policy_name: Some("TEN_SECONDLY_ROLLING"),
            window_ms: Some(1_000),
        };
        assert_eq!(
            decide(1, 3, &announced, &B, 0.0),
            Decision::RetryAfter(1_000)
        );
        assert_eq!(
            decide(1, 3, &announced, &B, 1.0),
            Decision::RetryAfter(1_050)
        );
        let sec = Outcome::Status {
            status: 429,
            retry_after_ms: None,
            policy_name: Some("SECONDLY"),
            window_ms: None,
        };
        assert_eq!(decide(1, 3, &sec, &B, 0.0), Decision::RetryAfter(1_000));
    }

    #[test]
    fn client_errors_never_retry() {
        for s in [400, 401, 403, 404, 409, 422] {
            assert_eq!(decide(1, 3, &status(s), &B, 0.5), Decision::Stop, "{s}");
        }
    }

    #[test]
    fn server_errors_back_off_exponentially_with_jitter() {
        assert_eq!(
            decide(1, 3, &status(503), &B, 0.0),
            Decision::RetryAfter(250)
        );
        assert_eq!(
            decide(1, 3, &status(503), &B, 1.0),
            Decision::RetryAfter(500)
        );
        assert_eq!(
            decide(2, 3, &status(500), &B, 0.0),
            Decision::RetryAfter(500)
        );
        assert_eq!(
            decide(3, 3, &Outcome::Network, &B, 1.0),
            Decision::RetryAfter(2000)
        );
        assert_eq!(
            decide(3, 3, &Outcome::Timeout, &B, 0.5),
            Decision::RetryAfter(1500)
        );
        assert_eq!(
            decide(4, 3, &status(503), &B, 0.5),
            Decision::Stop,
            "retries exhausted"
        );
        assert_eq!(
            decide(30, 40, &status(503), &B, 1.0),
            Decision::RetryAfter(30_000),
            "capped"
        );
    }

    #[test]
    fn no_retries_when_max_is_zero() {
        assert_eq!(decide(1, 0, &status(503), &B, 0.5), Decision::Stop);
    }
}
