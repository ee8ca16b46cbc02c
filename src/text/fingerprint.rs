//! Fingerprints of a body for same-language copies.
//!
//! Every 4-word shingle is hashed; the hashes whose value is 0 modulo `SAMPLE` go into the
//! candidate index. Selection by value, not position, means a copy, a reflowed copy and an excerpt
//! keep the same sampled keys for the text they share, so containment survives sampling (the
//! "0 mod p" scheme of Schleimer et al.'s winnowing paper), and each lookup touches only the
//! postings of the few keys one text has, whatever the store's size.

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

pub const SHINGLE: usize = 4;
pub const SAMPLE: u64 = 8;

/// Sorted, unique shingle hashes. Texts shorter than a shingle give one hash of the whole.
pub fn shingles(words: &[String]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < SHINGLE {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![xxh3_64(words.join(" ").as_bytes())]
        }
    } else {
        words
            .windows(SHINGLE)
            .map(|w| xxh3_64(w.join(" ").as_bytes()))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The sampled keys of a shingle set (as i64, SQLite's integer).
pub fn sample(shingles: &[u64]) -> Vec<i64> {
    let mut keys: Vec<i64> = shingles
        .iter()
        .filter(|h| *h % SAMPLE == 0)
        .map(|&h| h as i64)
        .collect();
    // A very short text may have no sampled shingle: index its smallest hashes instead.
    if keys.is_empty() {
        keys = shingles.iter().take(2).map(|&h| h as i64).collect();
    }
    keys
}

/// Hash of the normalized word sequence.
pub fn body_hash(words: &[String]) -> String {
    format!("{:032x}", xxh3_128(words.join(" ").as_bytes()))
}

/// Size of the intersection of two sorted, unique hash lists.
pub fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::words;

    #[test]
    fn excerpt_keeps_its_sampled_keys() {
        let full = (0..400)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let part = (0..120)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let (f, p) = (shingles(&words(&full)), shingles(&words(&part)));
        assert_eq!(overlap(&f, &p), p.len());
        let (fk, pk) = (sample(&f), sample(&p));
        assert!(!pk.is_empty() && pk.iter().all(|k| fk.contains(k)));
    }
}
