//! Substring search and replacement, by a plain scan. `str::find`/`contains`/`replace` with a
//! `&str` pattern bring core's two-way searcher (about 2 KB of wasm) for the few texts searched
//! here: short messages, error bodies, a path segment.

/// The byte offset of the first `needle` in `hay` (`Some(0)` for an empty needle).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..].starts_with(n))
}

/// True when `hay` contains `needle`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `hay` with every `needle` (not empty) replaced by `with`, left to right without overlaps.
pub fn replace(hay: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return hay.to_string();
    }
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = find(rest, needle) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_standard_library() {
        let cases = [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("abc", "c"),
            ("abcabc", "bc"),
            ("aaaa", "aa"),
            ("a..b", ".."),
            ("héllo wörld", "wö"),
            ("tok tok", "tok"),
            ("ab", "abc"),
        ];
        for (hay, needle) in cases {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(contains(hay, needle), hay.contains(needle));
            if !needle.is_empty() {
                assert_eq!(replace(hay, needle, "[x]"), hay.replace(needle, "[x]"));
            }
        }
    }
}
