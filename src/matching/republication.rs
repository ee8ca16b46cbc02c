//! Same-language copies: republications (most of the text in both directions) and excerpts (a
//! shorter text contained in a longer one). Two reports of one event share names and quotes but
//! few 4-word runs; containment of shingles tells them apart.

use super::{Side, Verdict, round3, title_similarity};
use crate::model::{Relation, Status};
use crate::text::fingerprint::overlap;
use crate::text::normalize::fold;
use serde::Serialize;
use serde_json::json;

/// Thresholds on the containment of the shorter text in the longer ("inner"), calibrated with
/// `provtrack eval republications` (see BENCHMARKS.md, "Calibration"): over the team's fixtures
/// (3 seeds) and 150 real WMT news documents turned into 900 variants, variant-vs-original pairs
/// scored inner ≥ 0.77 (republications) and ≥ 0.80 at the 1st percentile (excerpts; lowest 0.56),
/// while pairs of different pieces, same-event reports included, scored ≤ 0.23. `SURE` sits in
/// that gap; pairs between `PROPOSE` and `SURE` go to a person.
pub const SURE: f64 = 0.50;
pub const PROPOSE: f64 = 0.30;
/// A copy whose shorter side has at most this share of the longer's shingles is an excerpt.
pub const EXCERPT_MAX_RATIO: f64 = 0.70;

/// The measurements the rules read.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    pub containment_new_in_old: f64,
    pub containment_old_in_new: f64,
    pub resemblance: f64,
    pub title_similarity: f64,
    pub length_ratio: f64,
    /// Both sides' normalized bodies are identical.
    pub identical: bool,
    /// Same author (folded), when both sides name one.
    pub same_author: Option<bool>,
    /// Days between the publication dates, when both sides have one.
    pub date_gap_days: Option<i64>,
    #[serde(skip)]
    pub a_longer: bool,
}

impl Measures {
    /// Containment of the shorter text in the longer, and of the longer in the shorter.
    pub fn inner_outer(&self) -> (f64, f64) {
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
        identical: a.analysis.body_hash == b.analysis.body_hash,
        same_author: match (a.meta.author, b.meta.author) {
            (Some(x), Some(y)) => Some(fold(x) == fold(y)),
            _ => None,
        },
        date_gap_days: match (a.meta.published, b.meta.published) {
            (Some(x), Some(y)) => Some((x.day() - y.day()).num_days().abs()),
            _ => None,
        },
        a_longer: sa.len() >= sb.len(),
    })
}

pub fn judge(a: &Side, b: &Side) -> Option<Verdict> {
    let m = measure(a, b)?;
    let (inner, outer) = m.inner_outer();
    let short_is_excerpt = m.length_ratio <= EXCERPT_MAX_RATIO;
    let (relation, score, rule, sure) = if m.identical {
        (
            Relation::Republication,
            1.0,
            "identical normalized text",
            true,
        )
    } else if inner >= SURE && outer >= SURE {
        (
            Relation::Republication,
            inner.min(outer),
            "both texts mostly contain each other",
            true,
        )
    } else if inner >= SURE && short_is_excerpt {
        (
            Relation::Excerpt,
            inner,
            "the shorter text is contained in the longer",
            true,
        )
    } else if inner >= PROPOSE {
        let rel = if short_is_excerpt {
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
    // Confidence: how much of the shorter text is shared, nudged by the title and the author.
    let author = match m.same_author {
        Some(true) => 0.02,
        Some(false) => -0.02,
        None => 0.0,
    };
    let confidence = round3((0.85 * score + 0.15 * m.title_similarity + author).clamp(0.0, 1.0));
    let mut evidence = json!({
        "matcher": "republication",
        "rule": rule,
        "thresholds": { "sure": SURE, "propose": PROPOSE, "excerpt_max_ratio": EXCERPT_MAX_RATIO },
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Meta;
    use crate::text::{Analysis, analyze};

    fn side(a: &Analysis) -> Side<'_> {
        Side {
            meta: Meta::bare(),
            analysis: a,
        }
    }

    fn text(from: usize, to: usize) -> String {
        (from..to)
            .map(|i| format!("word{i} other{} thing{}", i % 7, i % 3))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn copy_excerpt_and_unrelated() {
        let none = Default::default();
        let full = analyze("T", &text(0, 300), Some("en"), &none);
        let copy = analyze(
            "T",
            &format!("Header line\n{}", text(0, 290)),
            Some("en"),
            &none,
        );
        let part = analyze("T", &text(0, 80), Some("en"), &none);
        let other = analyze("T", &text(1000, 1300), Some("en"), &none);
        let v = judge(&side(&copy), &side(&full)).unwrap();
        assert_eq!(
            (v.relation, v.status),
            (Relation::Republication, Status::Accepted)
        );
        let v = judge(&side(&part), &side(&full)).unwrap();
        assert_eq!(
            (v.relation, v.status),
            (Relation::Excerpt, Status::Accepted)
        );
        assert!(!v.a_longer);
        assert!(judge(&side(&other), &side(&full)).is_none());
    }
}
