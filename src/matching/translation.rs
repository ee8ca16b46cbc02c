//! Translations: texts in different languages that share what survives translation: numbers,
//! names (transliterated), URLs, and the shape of their paragraphs.

use super::{Side, Verdict, round3};
use crate::model::{Relation, Status};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// Inverse document frequency of anchors, from the store's counts.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    pub weights: HashMap<String, f64>,
    /// Weight of an anchor the store has never seen (the rarest kind).
    pub unseen: f64,
}

impl Idf {
    pub fn from_counts(counts: &[(String, i64)], total_versions: i64) -> Idf {
        let n = (total_versions + 1) as f64;
        Idf {
            weights: counts
                .iter()
                .map(|(k, df)| (k.clone(), (n / (*df as f64 + 1.0)).ln().max(0.0) + 0.1))
                .collect(),
            unseen: n.ln() + 0.1,
        }
    }

    pub fn weight(&self, key: &str) -> f64 {
        self.weights.get(key).copied().unwrap_or(self.unseen)
    }
}

pub const ACCEPT: f64 = 0.55;
pub const PROPOSE: f64 = 0.35;

/// The measurements the rules read.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    pub anchor_score: f64,
    pub structure: f64,
    pub score: f64,
    pub shared_anchors: Vec<String>,
}

pub fn measure(a: &Side, b: &Side, idf: &Idf) -> Option<Measures> {
    let (xa, xb) = (&a.analysis.anchors, &b.analysis.anchors);
    if xa.len() < 3 || xb.len() < 3 {
        return None;
    }
    let weight = |keys: &Vec<String>| keys.iter().map(|k| idf.weight(k)).sum::<f64>();
    let shared: Vec<String> = xa.iter().filter(|k| xb.contains(k)).cloned().collect();
    let shared_w: f64 = shared.iter().map(|k| idf.weight(k)).sum();
    let anchor_score = shared_w / weight(xa).min(weight(xb)).max(1e-9);
    let structure =
        paragraph_agreement(&a.analysis.paragraph_lengths, &b.analysis.paragraph_lengths);
    Some(Measures {
        anchor_score: round3(anchor_score),
        structure: round3(structure),
        score: round3(0.75 * anchor_score + 0.25 * structure),
        shared_anchors: shared.into_iter().take(20).collect(),
    })
}

pub fn judge(a: &Side, b: &Side, idf: &Idf) -> Option<Verdict> {
    let m = measure(a, b, idf)?;
    let score = m.score;
    if score < PROPOSE {
        return None;
    }
    let status = if score >= ACCEPT {
        Status::Accepted
    } else {
        Status::Proposed
    };
    Some(Verdict {
        relation: Relation::Translation,
        confidence: round3(score.min(1.0)),
        status,
        a_longer: a.analysis.word_count >= b.analysis.word_count,
        evidence: json!({
            "matcher": "translation",
            "rule": "shared names, numbers and structure across languages",
            "scores": m,
            "languages": [a.analysis.language, b.analysis.language],
        }),
    })
}

/// 1.0 when two texts have the same paragraph count and proportional paragraph lengths.
pub fn paragraph_agreement(a: &[usize], b: &[usize]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let count = a.len().min(b.len()) as f64 / a.len().max(b.len()) as f64;
    if a.len() != b.len() {
        return count * 0.5;
    }
    let (ta, tb) = (
        a.iter().sum::<usize>() as f64,
        b.iter().sum::<usize>() as f64,
    );
    let diff: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (x as f64 / ta - y as f64 / tb).abs())
        .sum();
    (1.0 - diff / 2.0).clamp(0.0, 1.0)
}
