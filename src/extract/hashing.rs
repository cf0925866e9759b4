//! The hashes every lookup of extraction is keyed by: of a word, case-insensitively ([`hash_lower`]), and of a
//! phrase of words ([`hash_phrase`]), with the FxHash-style multiply-rotate mix that features and gazetteers
//! share. A leaf module: it imports nothing of newsdex.

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mix a value into a running hash.
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

#[inline]
/// Mix the bytes of `bytes` into `h`, eight at a time.
pub fn hash_bytes_into(mut h: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(a));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(a) ^ ((rest.len() as u64) << 59));
    }
    h
}

/// Hash of a word, case-insensitively (ASCII fast path; other letters lower-cased through Unicode rules).
/// Curly apostrophes count as straight ones.
pub fn hash_lower(s: &str) -> u64 {
    let b = s.as_bytes();
    if b.len() <= 32 && b.iter().all(|c| c.is_ascii() && !c.is_ascii_uppercase()) {
        return hash_bytes_into(0x9e37_79b9_7f4a_7c15, b);
    }
    // ASCII with capitals ("Obama"): lower-cased byte by byte, which is what Unicode lower-casing does to ASCII.
    if b.len() <= 64 && b.is_ascii() {
        let mut buf = [0u8; 64];
        for (to, from) in buf.iter_mut().zip(b) {
            *to = from.to_ascii_lowercase();
        }
        return hash_bytes_into(0x9e37_79b9_7f4a_7c15, &buf[..b.len()]);
    }
    hash_lower_unicode(s)
}

/// [`hash_lower`] by Unicode lower-casing, character by character.
fn hash_lower_unicode(s: &str) -> u64 {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut long = String::new();
    for ch in s.chars() {
        let ch = if ch == '’' || ch == 'ʼ' { '\'' } else { ch };
        for lc in ch.to_lowercase() {
            let mut tmp = [0u8; 4];
            let enc = lc.encode_utf8(&mut tmp).as_bytes();
            if n + enc.len() <= buf.len() && long.is_empty() {
                buf[n..n + enc.len()].copy_from_slice(enc);
                n += enc.len();
            } else {
                if long.is_empty() {
                    long.push_str(std::str::from_utf8(&buf[..n]).unwrap_or(""));
                }
                long.push(lc);
            }
        }
    }
    if long.is_empty() {
        hash_bytes_into(0x9e37_79b9_7f4a_7c15, &buf[..n])
    } else {
        hash_bytes_into(0x9e37_79b9_7f4a_7c15, long.as_bytes())
    }
}

/// Hash of a phrase of words, case-insensitively; a one-word phrase hashes like [`hash_lower`].
pub fn hash_phrase<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut it = words.into_iter();
    let Some(first) = it.next() else { return 0 };
    let mut h = hash_lower(first);
    for w in it {
        h = extend_phrase(h, hash_lower(w));
    }
    h
}

/// Extend a phrase hash by one more word's [`hash_lower`].
#[inline]
pub fn extend_phrase(h: u64, word: u64) -> u64 {
    mix(h ^ 0x2020_2020, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_hash_as_unicode_lower_casing_hashes_them() {
        let long = "Washington-Baltimore-Arlington-Alexandria-Metropolitan-Statistical-Area";
        for word in [
            "obama",
            "Obama",
            "OBAMA",
            "U.S.",
            "McDonald's",
            "x",
            "",
            long,
            &long[..64],
            &long[..65],
        ] {
            assert_eq!(hash_lower(word), hash_lower_unicode(word), "{word}");
        }
        assert_eq!(hash_lower("Obama"), hash_lower("obama"));
        assert_ne!(hash_lower("Obama"), hash_lower("Osama"));
        assert_eq!(hash_lower("Ærø"), hash_lower("æRØ"));
        assert_eq!(hash_lower("Don’t"), hash_lower("don't"));
    }
}
