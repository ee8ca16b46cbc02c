//! Same-language copies: republications (most of the text in both directions) and excerpts (a
//! shorter text contained in a longer one). Two reports of one event share names and quotes but
//! few 4-word runs; containment of shingles tells them apart.

use super::{Side, Verdict, round3, title_similarity};
use crate::model::{Relation, Status};
use crate::text::fingerprint::overlap;
use serde::Serialize;
use serde_json::json;

/// Thresholds (see EVALUATION.md for how they were chosen).
pub const REPUBLICATION_MIN: f64 = 0.60;
pub const EXCERPT_CONTAINMENT: f64 = 0.80;
pub const EXCERPT_MAX_RATIO: f64 = 0.70;
pub const PROPOSE: f64 = 0.30;

/// The measurements the rules read.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    pub containment_new_in_old: f64,
    pub containment_old_in_new: f64,
    pub resemblance: f64,
    pub title_similarity: f64,
    pub length_ratio: f64,
    #[serde(skip)]
    pub a_longer: bool,
}

impl Measures {
    /// Containment of the shorter text in the longer, and of the longer in the shorter.
    fn inner_outer(&self) -> (f64, f64) {
        if self.a_longer {
            (self.containment_old_in_new, self.containment_new_in_old)
        } else {
            (self.containment_new_in_old, self.containment_old_in_new)
        }
    }
}

pub fn measure(a: &Side, b: &Side) -> Option<Measures> {
    let (sa, sb) = (&a.analysis.shingles, &b.analysis.shingles);
    if sa.is_empty() || sb.is_empty() {
        return None;
    }
    let shared = overlap(sa, sb) as f64;
    Some(Measures {
        containment_new_in_old: round3(shared / sa.len() as f64),
        containment_old_in_new: round3(shared / sb.len() as f64),
        resemblance: round3(shared / (sa.len() as f64 + sb.len() as f64 - shared)),
        title_similarity: round3(title_similarity(
            &a.analysis.norm_title,
            &b.analysis.norm_title,
        )),
        length_ratio: round3(sa.len().min(sb.len()) as f64 / sa.len().max(sb.len()) as f64),
        a_longer: sa.len() >= sb.len(),
    })
}

pub fn judge(a: &Side, b: &Side) -> Option<Verdict> {
    let m = measure(a, b)?;
    let (inner, outer) = m.inner_outer();
    let (relation, score, rule, sure) = if outer >= REPUBLICATION_MIN && inner >= REPUBLICATION_MIN
    {
        (
            Relation::Republication,
            inner.min(outer),
            "both texts mostly contain each other",
            true,
        )
    } else if inner >= EXCERPT_CONTAINMENT && m.length_ratio <= EXCERPT_MAX_RATIO {
        (
            Relation::Excerpt,
            inner,
            "the shorter text is contained in the longer",
            true,
        )
    } else if inner >= PROPOSE {
        let rel = if m.length_ratio <= EXCERPT_MAX_RATIO {
            Relation::Excerpt
        } else {
            Relation::Republication
        };
        (
            rel,
            inner,
            "partial overlap only: a person should decide",
            false,
        )
    } else {
        return None;
    };
    // Confidence: how much of the shorter text is shared, nudged by the title.
    let confidence = round3((0.85 * score + 0.15 * m.title_similarity).clamp(0.0, 1.0));
    let mut evidence = json!({ "matcher": "republication", "rule": rule });
    evidence["scores"] = serde_json::to_value(&m).expect("measures serialize");
    Some(Verdict {
        relation,
        confidence,
        status: if sure {
            Status::Accepted
        } else {
            Status::Proposed
        },
        a_longer: m.a_longer,
        evidence,
    })
}
