//! One rate-limit budget per token. HubSpot counts requests per app and account, not per client
//! object, so every client of a token should draw on one pacer:
//!
//! - **In a process** (a thread, natively; a wasm instance in JS), clients with the same token and
//!   base URL share one [`Limiter`] from a registry ([`shared_limiter`]), keyed by
//!   [`pacer_key`]: a digest of the base URL and the token, never the token itself. A
//!   pacer outlives its last client only until the next client is made.
//! - **Across processes**, a [`RateLimitStore`] (the Redis store of `hubspot-associations/redis`
//!   in JS) takes reservations atomically for everyone using the same key, and passes on what
//!   one process learned (the window, the holds after a 429). The engine falls back to the
//!   in-process pacer when the store fails or does not answer within an attempt's timeout.

use crate::limiter::{Limiter, Window};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// What [`RateLimitStore::reserve`] resolves with: `Ok(0)` (the slot is taken: send now),
/// `Ok(ms)` (ask again in `ms`), or `Err(message)` (the store failed; the message never holds the
/// token, which the store never sees).
pub type Reservation<'a> = Pin<Box<dyn Future<Output = Result<u64, String>> + 'a>>;

/// A store shared by processes that paces every request of one key (one token and base URL)
/// together: a sliding window of reservations, held from the send until one window after the
/// answer. Implementations must make [`Self::reserve`] atomic (check and take in one step), and
/// should use one clock for everyone (the store's own) and let what they keep expire, so that a
/// process that dies holds nothing for long.
pub trait RateLimitStore {
    /// Takes a slot for the request `id` (unique among this process's requests: random bits and a
    /// count natively; the JS glue adds a random prefix of its own) if fewer than
    /// `limit` requests of `key` hold one; the slot is held as in flight for at most `hold_ms`
    /// (the attempt's timeout), then one window of `interval_ms`. `limit` 0 means the client does
    /// not know the allowance yet: use the one learned from another process ([`Self::settle`]),
    /// or take the slot without pacing if none was. Resolves with 0 (taken) or how long to wait
    /// before asking again (also while [`Self::block`] holds everyone).
    fn reserve(
        &self,
        key: &str,
        id: u64,
        limit: u32,
        interval_ms: u64,
        hold_ms: u64,
    ) -> Reservation<'_>;

    /// The request `id` was answered (or failed) now: its slot is held for one more window of
    /// `interval_ms` (0: the learned one, else 10 s). `learned` is the allowance learned from
    /// HubSpot's headers, already reduced to the share the pacer uses (`max` requests per
    /// `interval_ms`), for the other processes. Fire and forget: the engine does not wait.
    fn settle(&self, key: &str, id: u64, interval_ms: u64, learned: Option<Window>);

    /// Holds every request of `key`, in every process, for `ms` (after a 429, or an answer
    /// saying `Remaining: 0`). Fire and forget.
    fn block(&self, key: &str, ms: u64);
}

/// The key of a token's pacer: 32 hex digits of a 128-bit digest of the base URL and the token
/// (or of the base URL alone for a client without one). Stable across processes, versions and
/// machines (the digest is spelled out here, not left to the standard library), so that every
/// process of a token meets at the same store key; the token cannot be read back from it.
pub fn pacer_key(base_url: &str, token: Option<&str>) -> String {
    let mut text = String::with_capacity(64);
    text.push_str(base_url);
    text.push('\n');
    if let Some(t) = token {
        text.push_str(t);
    }
    digest(text.as_bytes())
}

thread_local! {
    // A few tokens per process at most: a list is enough (and smaller in wasm than a map).
    static PACERS: RefCell<Vec<(String, Rc<RefCell<Limiter>>)>> = const { RefCell::new(Vec::new()) };
}

/// The pacer of `key` shared by every client of this thread (a wasm instance: every JS client of
/// one entry), made on first use. Once its last client is gone, the next client made (of any
/// key) drops it, and a later client of the key starts afresh.
pub fn shared_limiter(key: &str) -> Rc<RefCell<Limiter>> {
    PACERS.with(|p| {
        let mut p = p.borrow_mut();
        // One pass: the key's pacer if a client still holds it; pacers only the registry holds
        // (their clients are all gone) are dropped.
        let mut i = 0;
        while i < p.len() {
            if Rc::strong_count(&p[i].1) == 1 {
                drop(p.swap_remove(i));
            } else if p[i].0 == key {
                return p[i].1.clone();
            } else {
                i += 1;
            }
        }
        let l = learning_limiter();
        p.push((key.into(), l.clone()));
        l
    })
}

/// A new pacer that learns its window from HubSpot's headers. (One copy in the binary, for
/// the registry and for the clients that pace alone.)
#[inline(never)]
pub(crate) fn learning_limiter() -> Rc<RefCell<Limiter>> {
    Rc::new(RefCell::new(Limiter::new(None)))
}

/// Where this client's reservation ids start: random natively, so that they differ from every
/// other client's in this process and others; 0 in wasm, where each JS client's host prefixes
/// the ids with random characters of its own.
pub(crate) fn reservation_base() -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(0);
        h.finish() & !0xffff_ffff
    }
    #[cfg(target_arch = "wasm32")]
    0
}

/// How many shared pacers are alive in this thread (one per token and base URL in use).
pub fn live_shared_pacers() -> usize {
    PACERS.with(|p| {
        p.borrow()
            .iter()
            .filter(|(_, l)| Rc::strong_count(l) > 1)
            .count()
    })
}

/// A 128-bit digest of `data` as 32 lower-case hex digits: two FNV-1a passes (forwards and
/// backwards, from different offset bases), each finished with a 64-bit mixer. Not cryptographic,
/// and it need not be: a store is handed this key inside the process (which holds the token
/// anyway), and one that keeps it elsewhere hashes it again (the Redis store keys Redis by its
/// SHA-256); a token carries far more than 128 bits of entropy, and two keys colliding (about
/// 2^-128 for a pair) would only make two tokens pace together. Small on purpose (the client's wasm is
/// held to a size budget): one loop for both passes, digits written as they come.
fn digest(data: &[u8]) -> String {
    const PRIME: u64 = 0x0100_0000_01b3;
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let (mut f, mut b) = (0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64);
    for (x, y) in data.iter().zip(data.iter().rev()) {
        f = (f ^ *x as u64).wrapping_mul(PRIME);
        b = (b ^ *y as u64).wrapping_mul(PRIME);
    }
    let mut out = String::with_capacity(32);
    for mut h in [f, b] {
        // splitmix64's finaliser: every input bit reaches every output bit.
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        for shift in (0..16).rev() {
            out.push(DIGITS[(h >> (shift * 4)) as usize & 15] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_spelled_out_and_spreads_every_bit() {
        // Fixed values (computed independently): processes built by other compilers or versions
        // must meet at the same store key.
        assert_eq!(digest(b""), "f52a15e9a9b5e89b292417dcc0d778ab");
        assert_eq!(
            pacer_key(
                "https://api.hubapi.com",
                Some("pat-na1-11111111-2222-3333-4444-555555555555")
            ),
            "b7b393ba94b55398526858fe37a93cc3"
        );
        assert_eq!(
            pacer_key("https://api.hubapi.com", Some("t")),
            pacer_key("https://api.hubapi.com", Some("t"))
        );
        // One bit of input changes about half of the 128 output bits.
        let a = digest(b"pat-na1-00000000-0000-0000-0000-000000000000");
        let b = digest(b"pat-na1-00000000-0000-0000-0000-000000000001");
        let bits = |d: &str| u128::from_str_radix(d, 16).unwrap();
        let differ = (bits(&a) ^ bits(&b)).count_ones();
        assert!((40..=88).contains(&differ), "{differ} bits differ");
    }

    #[test]
    fn the_key_depends_on_token_and_base_url_and_never_holds_the_token() {
        let token = "pat-na1-11111111-2222-3333-4444-555555555555";
        let k = pacer_key("https://api.hubapi.com", Some(token));
        assert_eq!(k.len(), 32);
        assert!(k.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!k.contains("pat") && !k.contains("5555"));
        assert_eq!(k, pacer_key("https://api.hubapi.com", Some(token)));
        assert_ne!(k, pacer_key("https://api.hubapi.com", Some("other")));
        assert_ne!(k, pacer_key("http://127.0.0.1:8787", Some(token)));
        assert_ne!(k, pacer_key("https://api.hubapi.com", None));
    }

    #[test]
    fn clients_of_one_key_share_a_pacer_that_dies_with_the_last() {
        let a = shared_limiter("k1");
        let b = shared_limiter("k1");
        let other = shared_limiter("k2");
        assert!(Rc::ptr_eq(&a, &b));
        assert!(!Rc::ptr_eq(&a, &other));
        assert_eq!(live_shared_pacers(), 2);
        a.borrow_mut().observe(0, Some(10), Some(9), Some(1_000));
        assert_eq!(
            b.borrow().learned(),
            Some(Window {
                max: 10,
                interval_ms: 1_000
            })
        );
        drop((a, other));
        assert_eq!(live_shared_pacers(), 1);
        drop(b);
        assert_eq!(live_shared_pacers(), 0);
        // A new client of the key starts afresh.
        assert_eq!(shared_limiter("k1").borrow().learned(), None);
    }
}
