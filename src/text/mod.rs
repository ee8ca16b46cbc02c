//! Text analysis for matching: normalization, language, transliteration, fingerprints and
//! anchors. The stored text is never changed; everything here derives matching keys from it.

pub mod anchor_ids;
pub mod anchors;
pub mod boilerplate;
pub mod dates;
pub mod fingerprint;
pub mod lang;
pub mod normalize;
pub mod translit;

use serde::Serialize;

/// Everything the matcher needs to know about one text, computed once per registration.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub language: Option<String>,
    pub language_confidence: Option<f64>,
    /// NFC, case-folded, punctuation-free title, for strsim comparisons.
    pub norm_title: String,
    /// Hash of the normalized body, boilerplate removed: equal texts have equal hashes.
    pub body_hash: String,
    /// Every word-shingle hash of the body (sorted, unique): the basis of containment scores.
    #[serde(skip)]
    pub shingles: Vec<u64>,
    /// The sampled subset of `shingles` that goes into the candidate index.
    #[serde(skip)]
    pub keys: Vec<i64>,
    /// Language-independent keys (names, numbers, URLs) for cross-language candidates. Shared,
    /// not copied, when an analysis is cloned: a bulk batch keeps a copy of every version until
    /// it is stored, and copying ~150 strings each cost the deciding thread ~4%.
    #[serde(skip)]
    pub anchors: std::sync::Arc<[String]>,
    /// `anchors` hashed, as lookups and the translation matcher compare them.
    #[serde(skip)]
    pub anchor_ids: anchor_ids::AnchorIds,
    /// Character length of each paragraph (non-empty line), for structure comparisons across
    /// languages.
    #[serde(skip)]
    pub paragraph_lengths: Vec<usize>,
    pub word_count: usize,
}

/// Analyzes a body. `learned` holds the line hashes known to be boilerplate for the outlet
/// (see [`boilerplate`]); `language` overrides detection when the user gave one.
pub fn analyze(
    title: &str,
    body: &str,
    language: Option<&str>,
    learned: &std::collections::HashSet<u64>,
) -> Analysis {
    analyze_lines(title, &boilerplate::Lines::new(body), language, learned)
}

/// [`analyze`] of a body already split into [`boilerplate::Lines`].
pub fn analyze_lines(
    title: &str,
    lines: &boilerplate::Lines,
    language: Option<&str>,
    learned: &std::collections::HashSet<u64>,
) -> Analysis {
    let boilerplate::Content {
        text: content,
        words,
    } = lines.strip(learned);
    let (language, language_confidence) = match language {
        Some(l) => (Some(lang::canonical_code(l)), Some(1.0)),
        None => match lang::detect(&content) {
            Some((code, conf)) => (Some(code), Some(conf)),
            None => (None, None),
        },
    };
    let shingles = fingerprint::shingles(&words);
    let anchors = anchors::extract(&content);
    Analysis {
        keys: fingerprint::sample(&shingles),
        body_hash: fingerprint::body_hash(&words),
        anchor_ids: anchor_ids::AnchorIds::new(&anchors),
        anchors: anchors.into(),
        // One per non-empty line: paragraphs, or segments where a text has one per line.
        paragraph_lengths: anchors::segment_lengths(&content),
        word_count: words.len(),
        norm_title: normalize::title_key(title),
        shingles,
        language,
        language_confidence,
    }
}
