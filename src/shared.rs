//! One rate-limit budget per token. HubSpot counts requests per app and account, not per client
//! object, so every client of a token should draw on one pacer:
//!
//! - **In a process** (a thread, natively; a wasm instance in JS), clients with the same token and
//!   base URL share one [`Limiter`] from a registry ([`shared_limiter`]), keyed by
//!   [`pacer_key`]: a SHA-256 digest of the base URL and the token, never the token itself. The
//!   registry holds weak references, so the pacer goes away with its last client.
//! - **Across processes**, a [`RateLimitStore`] (the Redis store of `hubspot-associations/redis`
//!   in JS) takes reservations atomically for everyone using the same key, and passes on what
//!   one process learned (the window, the holds after a 429). The engine falls back to the
//!   in-process pacer when the store fails or does not answer within an attempt's timeout.

use crate::limiter::{Limiter, Window};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

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
    /// Takes a slot for the request `id` (unique among every client's requests) if fewer than
    /// `limit` requests of `key` hold one; the slot is held as in flight for at most `hold_ms`
    /// (the attempt's timeout), then one window of `interval_ms`. `limit` 0 means the client does
    /// not know the allowance yet: use the one learned from another process ([`Self::settle`]),
    /// or take the slot without pacing if none was. Resolves with 0 (taken) or how long to wait
    /// before asking again (also while [`Self::block`] holds everyone).
    fn reserve(
        &self,
        key: &str,
        id: &str,
        limit: u32,
        interval_ms: u64,
        hold_ms: u64,
    ) -> Reservation<'_>;

    /// The request `id` was answered (or failed) now: its slot is held for one more window of
    /// `interval_ms` (0: the learned one, else 10 s). `learned` is the allowance learned from
    /// HubSpot's headers, already reduced to the share the pacer uses (`max` requests per
    /// `interval_ms`), for the other processes. Fire and forget: the engine does not wait.
    fn settle(&self, key: &str, id: &str, interval_ms: u64, learned: Option<Window>);

    /// Holds every request of `key`, in every process, for `ms` (after a 429, or an answer
    /// saying `Remaining: 0`). Fire and forget.
    fn block(&self, key: &str, ms: u64);
}

/// The key of a token's pacer: 32 hex digits of the SHA-256 digest of the base URL and the token
/// (or of the base URL alone for a client without one). Stable across processes, versions and
/// machines, so that every process of a token meets at the same store key; the token cannot be
/// read back from it.
pub fn pacer_key(base_url: &str, token: Option<&str>) -> String {
    let mut text = String::with_capacity(64);
    text.push_str("hubspot-associations pacer\n");
    text.push_str(base_url);
    text.push('\n');
    if let Some(t) = token {
        text.push_str(t);
    }
    hex(&sha256(text.as_bytes())[..16])
}

/// Lower-case hex digits of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

thread_local! {
    // A few tokens per process at most: a list is enough (and smaller in wasm than a map).
    static PACERS: RefCell<Vec<(String, Weak<RefCell<Limiter>>)>> = const { RefCell::new(Vec::new()) };
}

/// The pacer of `key` shared by every client of this thread (a wasm instance: every JS client of
/// one entry), made on first use. It lives as long as one of its clients does.
pub fn shared_limiter(key: &str) -> Rc<RefCell<Limiter>> {
    PACERS.with(|p| {
        let mut p = p.borrow_mut();
        p.retain(|(_, w)| w.strong_count() > 0);
        if let Some(l) = p
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, w)| w.upgrade())
        {
            return l;
        }
        let l = Rc::new(RefCell::new(Limiter::new(None)));
        p.push((key.to_string(), Rc::downgrade(&l)));
        l
    })
}

/// A tag that tells this client's store reservations apart from every other client's, in this
/// process and others: random where the platform gives randomness (natively), else made of a
/// counter (the JS glue adds a random prefix of its own).
pub(crate) fn reservation_tag() -> String {
    thread_local!(static CLIENTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
    let n = CLIENTS.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    #[cfg(not(target_arch = "wasm32"))]
    let n = {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(n);
        h.finish() ^ n
    };
    hex(&n.to_be_bytes())
}

/// How many shared pacers are alive in this thread (one per token and base URL in use).
pub fn live_shared_pacers() -> usize {
    PACERS.with(|p| {
        p.borrow()
            .iter()
            .filter(|(_, w)| w.strong_count() > 0)
            .count()
    })
}

/// SHA-256 (FIPS 180-4) of `data`.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // Two blocks and the length across a block boundary.
        assert_eq!(
            hex(&sha256(&[b'a'; 1000])),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
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
