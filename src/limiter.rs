//! The client-wide pacer. It learns HubSpot's `X-HubSpot-RateLimit-*` headers (or takes fixed
//! settings) and spaces requests so that a long bulk job stays just under the window's allowance:
//! at most one 429 per window, at least 90 % of the allowed rate. Pure: the engine passes the time.

use std::collections::VecDeque;

/// A request allowance: `max` requests per rolling `interval_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Requests allowed per window.
    pub max: u32,
    /// The window's length.
    pub interval_ms: u64,
}

/// The share of the window the pacer uses: close to all of it, with room for the difference
/// between when we send and when HubSpot counts.
const USE: f64 = 0.95;

/// The pacer's state.
///
/// HubSpot counts a request when it arrives, which is some time after we send it: a request
/// sent early in our window can land late in HubSpot's, and a few such can make HubSpot see one
/// more request in its window than we did. So a request holds its slot from when it is sent
/// until one window after its answer came back (by then HubSpot has surely let it go). Requests
/// in flight hold theirs until they are settled.
///
/// One limiter can be shared by several clients of the same token ([`crate::shared`]): the
/// history, what was learned and the holds are common, and each client may bring its own fixed
/// window ([`Self::delay_for`]), which then caps the token's total rate as that client sees it.
#[derive(Debug, Clone, Default)]
pub struct Limiter {
    fixed: Option<Window>,
    learned: Option<Window>,
    /// Tickets of the requests sent and not yet answered.
    in_flight: Vec<u64>,
    /// When the answered requests were answered, oldest first.
    settled: VecDeque<u64>,
    next_ticket: u64,
    blocked_until: u64,
    /// The longest window any user of this limiter paces by: answers older than that are
    /// forgotten.
    horizon_ms: u64,
}

impl Limiter {
    /// A pacer with fixed settings, or (with `None`) one that learns from headers.
    pub fn new(fixed: Option<Window>) -> Self {
        Limiter {
            fixed,
            ..Default::default()
        }
    }

    /// The window in force: fixed settings win over learned ones.
    pub fn window(&self) -> Option<Window> {
        self.window_for(None)
    }

    /// The window in force for a user with its own fixed settings `fixed` (which win).
    pub fn window_for(&self, fixed: Option<Window>) -> Option<Window> {
        fixed.or(self.fixed).or(self.learned)
    }

    /// The window learned from HubSpot's headers, if any.
    pub fn learned(&self) -> Option<Window> {
        self.learned
    }

    /// How many requests per window the pacer lets through: 95 % of `w.max`, at least one.
    pub fn allowed(w: Window) -> u32 {
        ((w.max as f64 * USE).floor() as u32).max(1)
    }

    /// How long to wait before sending at `now` (0: send now).
    pub fn delay(&mut self, now: u64) -> u64 {
        self.delay_for(now, None)
    }

    /// How long a user with its own fixed settings `fixed` waits before sending at `now`.
    pub fn delay_for(&mut self, now: u64, fixed: Option<Window>) -> u64 {
        let blocked = self.blocked_for(now);
        let Some(w) = self.window_for(fixed) else {
            return blocked;
        };
        self.horizon_ms = self.horizon_ms.max(w.interval_ms);
        let horizon = self.horizon_ms;
        while self.settled.front().is_some_and(|&t| t + horizon <= now) {
            self.settled.pop_front();
        }
        // Answers still inside this user's window (the others may matter to a longer one).
        let mut first = 0;
        while self
            .settled
            .get(first)
            .is_some_and(|&t| t + w.interval_ms <= now)
        {
            first += 1;
        }
        let allowed = Self::allowed(w) as usize;
        let held = self.in_flight.len() + self.settled.len() - first;
        let paced = if held < allowed {
            0
        } else {
            // The slot of the `(held - allowed)`-th oldest answered request frees first; a slot
            // held by a request in flight frees a window after its answer, so not sooner than a
            // window from now (asking again then is never too late).
            match self.settled.get(first + held - allowed) {
                Some(&t) => t + w.interval_ms - now,
                None => w.interval_ms,
            }
        };
        blocked.max(paced)
    }

    /// How long every request is held at `now` (after a 429, or `Remaining: 0`).
    pub fn blocked_for(&self, now: u64) -> u64 {
        self.blocked_until.saturating_sub(now)
    }

    /// Records a request sent at `now`, answered at once (tests, and hosts whose answer time is
    /// the send time).
    pub fn record(&mut self, now: u64) {
        let ticket = self.start();
        self.settle(ticket, now);
    }

    /// Records a request being sent; [`Self::settle`] it with the ticket when its answer (or
    /// failure) arrives.
    pub fn start(&mut self) -> u64 {
        self.next_ticket += 1;
        self.in_flight.push(self.next_ticket);
        self.next_ticket
    }

    /// The request of `ticket` was answered (or failed, or was dropped) at `now`.
    pub fn settle(&mut self, ticket: u64, now: u64) {
        if let Some(i) = self.in_flight.iter().position(|&t| t == ticket) {
            self.in_flight.swap_remove(i);
            // Answers arrive in time order, so `settled` stays sorted.
            let at = self.settled.back().map_or(now, |&last| now.max(last));
            self.settled.push_back(at);
            if self.settled.len() > 10_000 {
                self.settled.pop_front();
            }
        }
    }

    /// Learns from an answer's headers: `max`, `remaining`, `interval` (any may be missing).
    pub fn observe(
        &mut self,
        now: u64,
        max: Option<u32>,
        remaining: Option<u32>,
        interval_ms: Option<u64>,
    ) {
        if let Some(max) = max.filter(|&m| m > 0) {
            let interval_ms = interval_ms.filter(|&i| i > 0).unwrap_or(10_000);
            self.learned = Some(Window { max, interval_ms });
        }
        if remaining == Some(0) {
            // Someone else (another process with the same token) may be using the allowance:
            // wait for our oldest request to leave the window, or a whole window.
            let w = self.window().map(|w| w.interval_ms).unwrap_or(10_000);
            let mut i = 0;
            while self.settled.get(i).is_some_and(|&t| t + w <= now) {
                i += 1;
            }
            let until = self.settled.get(i).map_or(now + w, |&t| t + w).max(now + 1);
            self.blocked_until = self.blocked_until.max(until);
        }
    }

    /// Holds every request until `until` (after a 429, so concurrent chunks don't all hit it).
    pub fn block_until(&mut self, until: u64) {
        self.blocked_until = self.blocked_until.max(until);
    }

    /// Until when every request is held (0: never held).
    pub fn blocked_until(&self) -> u64 {
        self.blocked_until
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_limits_do_not_pace() {
        let mut l = Limiter::new(None);
        for t in 0..500 {
            assert_eq!(l.delay(t), 0);
            l.record(t);
        }
    }

    #[test]
    fn learned_window_paces_at_95_percent() {
        let mut l = Limiter::new(None);
        l.observe(0, Some(100), Some(99), Some(10_000));
        for _ in 0..95 {
            assert_eq!(l.delay(0), 0);
            l.record(0);
        }
        assert_eq!(l.delay(0), 10_000);
        assert_eq!(l.delay(10_000), 0);
    }

    #[test]
    fn a_long_run_uses_at_least_90_percent_and_never_exceeds_the_window() {
        let mut l = Limiter::new(Some(Window {
            max: 100,
            interval_ms: 10_000,
        }));
        let mut now = 0;
        let mut times = Vec::new();
        for _ in 0..1000 {
            now += l.delay(now);
            l.record(now);
            times.push(now);
        }
        for (i, &t) in times.iter().enumerate() {
            let in_window = times[i..].iter().take_while(|&&u| u < t + 10_000).count();
            assert!(in_window <= 100, "{in_window} requests in one window");
        }
        let rate = 1000.0 / (now as f64 / 10_000.0);
        assert!(rate >= 90.0, "only {rate} per window");
    }

    #[test]
    fn a_request_holds_its_slot_until_a_window_after_its_answer() {
        let mut l = Limiter::new(Some(Window {
            max: 2,
            interval_ms: 1_000,
        }));
        // One slot (95 % of 2). Sent at 0, answered at 300: HubSpot may have counted it as late
        // as 300, so the next may go at 1300, not 1000.
        let t = l.start();
        assert_eq!(l.delay(100), 1_000, "in flight: at least a window");
        l.settle(t, 300);
        assert_eq!(l.delay(1_000), 300);
        assert_eq!(l.delay(1_300), 0);
    }

    #[test]
    fn remaining_zero_and_429_block() {
        let mut l = Limiter::new(None);
        l.observe(1_000, Some(100), Some(0), Some(10_000));
        assert_eq!(l.delay(1_000), 10_000);
        let mut l = Limiter::new(None);
        l.block_until(5_000);
        assert_eq!(l.delay(1_000), 4_000);
    }

    #[test]
    fn users_with_their_own_fixed_windows_share_one_history() {
        // One user paces at 10 per second, another at 4 per second, over the same history.
        let mut l = Limiter::new(None);
        let fast = Some(Window {
            max: 10,
            interval_ms: 1_000,
        });
        let slow = Some(Window {
            max: 4,
            interval_ms: 1_000,
        });
        for _ in 0..3 {
            assert_eq!(l.delay_for(0, slow), 0);
            l.record(0);
        }
        // 95 % of 4 is 3: the slow user waits for the window; the fast one sees 3 of its 9.
        assert_eq!(l.delay_for(0, slow), 1_000);
        for _ in 0..6 {
            assert_eq!(l.delay_for(0, fast), 0);
            l.record(0);
        }
        assert_eq!(l.delay_for(0, fast), 1_000);
        assert_eq!(l.delay_for(1_000, slow), 0);
    }

    #[test]
    fn a_longer_window_of_one_user_is_not_forgotten_by_a_shorter_one() {
        let mut l = Limiter::new(None);
        let long = Some(Window {
            max: 2,
            interval_ms: 10_000,
        });
        let short = Some(Window {
            max: 100,
            interval_ms: 1_000,
        });
        assert_eq!(l.delay_for(0, long), 0);
        l.record(0);
        // The short user, 2 s later, must not drop the answer the long one still counts.
        assert_eq!(l.delay_for(2_000, short), 0);
        assert_eq!(l.delay_for(2_000, long), 8_000);
    }
}
