//! Matching: given a new text and one candidate, decide whether one came from the other, how
//! (republication, excerpt, translation), in which direction, how sure we are, and why.
//! Pure functions on analyzed texts; candidates come from the store's indexes.

pub mod direction;
pub mod republication;
pub mod translation;

use crate::ingest::Published;
use crate::model::{Relation, Status};
use crate::text::Analysis;
use serde_json::{Value, json};

/// What the matcher knows of one side besides its text.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    pub author: Option<&'a str>,
    pub published: Option<Published>,
    /// True for the version already in the store (first seen earlier than the new one).
    pub stored: bool,
    /// The text says it comes from elsewhere (a provenance claim): it is the derived side.
    pub claims_derived: bool,
}

impl Meta<'_> {
    /// A stored text with no author, date or claim known (evaluations and tests).
    pub fn bare() -> Meta<'static> {
        Meta {
            author: None,
            published: None,
            stored: true,
            claims_derived: false,
        }
    }
}

pub struct Side<'a> {
    pub meta: Meta<'a>,
    pub analysis: &'a Analysis,
}

/// The matcher's answer for one pair: the new text (`a`) against a stored one (`b`).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub relation: Relation,
    /// True when `a` (the new text) is the source and `b` derived from it.
    pub a_is_source: bool,
    pub confidence: f64,
    pub status: Status,
    pub evidence: Value,
}

/// Decides the pair, or None when nothing links them. Same language (or unknown): the
/// republication rules; different languages: the translation rules.
pub fn decide(a: &Side, b: &Side, idf: &translation::Idf) -> Option<Decision> {
    let same_language = match (&a.analysis.language, &b.analysis.language) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let verdict = if same_language {
        republication::judge(a, b)?
    } else {
        translation::judge(a, b, idf)?
    };
    let (a_is_source, why) = direction::decide(verdict.relation, a, b, verdict.a_longer);
    let mut evidence = verdict.evidence;
    evidence["direction"] = json!(why);
    Some(Decision {
        relation: verdict.relation,
        a_is_source,
        confidence: verdict.confidence,
        status: verdict.status,
        evidence,
    })
}

/// Every measurement of a pair and the decision, for `provtrack explain`.
pub fn explain(a: &Side, b: &Side, idf: &translation::Idf) -> Value {
    let decision = decide(a, b, idf);
    json!({
        "same_language_scores": republication::measure(a, b),
        "translation_scores": translation::measure(a, b, idf),
        "languages": [a.analysis.language, b.analysis.language],
        "decision": decision.map(|d| json!({
            "relation": d.relation,
            "first_is_source": d.a_is_source,
            "confidence": d.confidence,
            "status": d.status,
            "evidence": d.evidence,
        })),
    })
}

/// A rule's finding before direction is settled.
pub struct Verdict {
    pub relation: Relation,
    pub confidence: f64,
    pub status: Status,
    pub evidence: Value,
    /// Whether `a` is the longer text (the source of an excerpt).
    pub a_longer: bool,
}

/// Title similarity on case-folded, punctuation-free titles (Jaro–Winkler works on chars, so
/// non-ASCII titles score like ASCII ones).
pub fn title_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let direct = strsim::jaro_winkler(a, b);
    // Aggregators wrap titles ("opinion …", "… | site"): also compare the shorter title against
    // the best window of the longer one.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let contained = if long.contains(short) { 0.95 } else { 0.0 };
    direct.max(contained)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
