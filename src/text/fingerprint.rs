//! Fingerprints of a body for same-language copies.
//!
//! Every 4-word shingle is hashed; the hashes whose value is 0 modulo `SAMPLE` go into the
//! candidate index. Selection by value, not position, means a copy, a reflowed copy and an excerpt
//! keep the same sampled keys for the text they share, so containment survives sampling (the
//! "0 mod p" scheme of Schleimer et al.'s winnowing paper), and each lookup touches only the
//! postings of the few keys one text has, whatever the store's size.

use super::Analysis;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

pub const SHINGLE: usize = 4;
pub const SAMPLE: u64 = 8;

/// Sorted, unique shingle hashes. Texts shorter than a shingle give one hash of the whole.
pub fn shingles<W: std::borrow::Borrow<str>>(words: &[W]) -> Vec<u64> {
    let mut out: Vec<u64> = if words.len() < SHINGLE {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![xxh3_64(words.join(" ").as_bytes())]
        }
    } else {
        // One buffer for every window: this runs for every word of every registered text.
        let mut buf = String::with_capacity(64);
        words
            .windows(SHINGLE)
            .map(|w| {
                buf.clear();
                for (i, word) in w.iter().enumerate() {
                    if i > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(word.borrow());
                }
                xxh3_64(buf.as_bytes())
            })
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
pub fn body_hash<W: std::borrow::Borrow<str>>(words: &[W]) -> String {
    format!("{:032x}", xxh3_128(words.join(" ").as_bytes()))
}

/// Hashes as little-endian bytes (the BLOB form of a stored fingerprint).
pub fn pack(hashes: &[u64]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.to_le_bytes()).collect()
}

pub fn unpack(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect()
}

/// The part of an analysis stored next to the shingle BLOB, as read back.
#[derive(Deserialize)]
struct Rest {
    language: Option<String>,
    language_confidence: Option<f64>,
    norm_title: String,
    body_hash: String,
    anchors: Vec<String>,
    paragraph_lengths: Vec<usize>,
    word_count: usize,
}

/// [`Rest`] as written: borrowed from the analysis, the same JSON.
#[derive(Serialize)]
struct RestRef<'a> {
    language: &'a Option<String>,
    language_confidence: Option<f64>,
    norm_title: &'a str,
    body_hash: &'a str,
    anchors: &'a [String],
    paragraph_lengths: &'a [usize],
    word_count: usize,
}

/// An analysis in its stored form: (shingles BLOB, the rest as JSON).
pub fn encode(a: &Analysis) -> (Vec<u8>, String) {
    let rest = RestRef {
        language: &a.language,
        language_confidence: a.language_confidence,
        norm_title: &a.norm_title,
        body_hash: &a.body_hash,
        anchors: &a.anchors,
        paragraph_lengths: &a.paragraph_lengths,
        word_count: a.word_count,
    };
    (
        pack(&a.shingles),
        serde_json::to_string(&rest).expect("analysis serializes"),
    )
}

/// The analysis back from its stored form (None if the JSON is not what `encode` wrote).
pub fn decode(shingles: &[u8], rest: &str) -> Option<Analysis> {
    let r: Rest = serde_json::from_str(rest).ok()?;
    let shingles = unpack(shingles);
    Some(Analysis {
        language: r.language,
        language_confidence: r.language_confidence,
        norm_title: r.norm_title,
        body_hash: r.body_hash,
        keys: sample(&shingles),
        shingles,
        anchor_ids: super::anchor_ids::AnchorIds::new(&r.anchors),
        anchors: r.anchors.into(),
        paragraph_lengths: r.paragraph_lengths,
        word_count: r.word_count,
    })
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

    #[test]
    fn stored_form_round_trips() {
        let a = crate::text::analyze(
            "Title",
            "Title\n\nSome words of a body, long enough to make shingles. In 2024 Anna Berg spoke.",
            None,
            &Default::default(),
        );
        let (blob, rest) = encode(&a);
        let b = decode(&blob, &rest).unwrap();
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert_eq!(
            (a.shingles, a.keys, a.anchors),
            (b.shingles, b.keys, b.anchors)
        );
    }
}
