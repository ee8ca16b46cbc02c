//! Translations: texts in different languages that share what survives translation: numbers,
//! names (transliterated; compared by key and by Jaro–Winkler), URLs, and the shape of their
//! segments (a translation keeps its paragraphs in order, with lengths in proportion: the basis
//! of Gale–Church alignment).

use super::{Side, Verdict, round3};
use crate::model::{Relation, Status};
use crate::text::Analysis;
use crate::text::anchor_ids::{self, AnchorId, AnchorIds, anchor_id, is_number};
use crate::text::anchors::SCORING_ONLY;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;

/// Inverse document frequency of anchors, from the store's counts, by anchor id: an Idf is
/// built for every registration, over the anchors of the new text and of its candidates in
/// other languages.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: FxHashMap<AnchorId, f64>,
    /// Weight of an anchor the store has never seen (the rarest kind).
    unseen: f64,
    /// The store's size plus one.
    n: f64,
}

impl Idf {
    pub fn from_counts<'k>(
        counts: impl IntoIterator<Item = (&'k str, i64)>,
        total_versions: i64,
    ) -> Idf {
        let mut idf = Idf::empty(total_versions);
        for (k, df) in counts {
            idf.count(anchor_id(k), || df);
        }
        idf
    }

    /// No anchor counted yet, in a store of `total_versions`.
    pub fn empty(total_versions: i64) -> Idf {
        let n = (total_versions + 1) as f64;
        Idf {
            weights: Default::default(),
            unseen: n.ln() + 0.1,
            n,
        }
    }

    /// Counts `key` with the document frequency `df` gives, unless it is counted already.
    pub fn count(&mut self, key: AnchorId, df: impl FnOnce() -> i64) {
        let n = self.n;
        self.weights
            .entry(key)
            .or_insert_with(|| (n / (df() as f64 + 1.0)).ln().max(0.0) + 0.1);
    }

    pub fn weight(&self, key: AnchorId) -> f64 {
        self.weights.get(&key).copied().unwrap_or(self.unseen)
    }
}

/// Scores at or above ACCEPT make an accepted link, above PROPOSE a proposed one (calibrated on
/// the dev set: see EVALUATION.md).
pub const ACCEPT: f64 = 0.8;
pub const PROPOSE: f64 = 0.5;
/// How far below the best translation decision a rival may score and still be accepted.
pub const SETTLE_MARGIN: f64 = 0.1;
/// Texts that each name at least this many people or places and share none of them are not
/// accepted as translations on structure and numbers alone.
const UNSHARED_NAMES: usize = 10;
/// An anchor score below this is weak (see `names_refute`).
const WEAK_ANCHORS: f64 = 0.08;
/// Names closer than this (Jaro–Winkler on their Latin forms) are the same name.
const NAME_SIMILARITY: f64 = 0.9;

/// The measurements the rules read.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    /// IDF-weighted share of the anchors (numbers, names, acronyms, URLs) the texts have in
    /// common, relative to the text with fewer.
    pub anchor_score: f64,
    /// Summed IDF weight of the shared anchors: how much evidence there is at all.
    pub shared_weight: f64,
    pub numbers: [usize; 3],
    /// Names of the text with fewer that have a Jaro–Winkler match in the other.
    pub names: [usize; 3],
    /// Correlation of aligned segment lengths.
    pub structure: f64,
    /// Segments of each side, and beads of the alignment that pair one segment with one.
    pub segments: [usize; 3],
    /// Evidence of the alignment in standard deviations (Fisher z of the correlation).
    pub structure_z: f64,
    pub score: f64,
    pub shared_anchors: Vec<String>,
}

pub fn measure(a: &Side, b: &Side, idf: &Idf) -> Option<Measures> {
    let (xa, xb) = (&a.analysis.anchor_ids, &b.analysis.anchor_ids);
    let (la, lb) = (&a.analysis.paragraph_lengths, &b.analysis.paragraph_lengths);
    if (xa.content.is_empty() || xb.content.is_empty()) && (la.len() < 2 || lb.len() < 2) {
        return None;
    }
    let weight = |ids: &AnchorIds| ids.content.iter().map(|&(k, _)| idf.weight(k)).sum::<f64>();
    let mut shared: Vec<(f64, &str)> = anchor_ids::shared(&xa.content, &xb.content)
        .into_iter()
        .map(|(id, i)| (idf.weight(id), a.analysis.anchors[i as usize].as_str()))
        .collect();
    // Anchors are unique: the order is total, and an unstable sort gives the same.
    shared.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
    let shared_weight: f64 = shared.iter().map(|(w, _)| w).sum();
    let anchor_score = if shared.is_empty() {
        0.0
    } else {
        shared_weight / weight(xa).min(weight(xb)).max(1e-9)
    };
    let numbers = [
        xa.numbers,
        xb.numbers,
        shared.iter().filter(|(_, k)| is_number(k)).count(),
    ];
    let names = name_matches(a.analysis, b.analysis);
    let al = align(la, lb);
    Some(Measures {
        anchor_score: round3(anchor_score.min(1.0)),
        shared_weight: round3(shared_weight),
        numbers,
        names,
        structure: round3(al.correlation),
        segments: [la.len(), lb.len(), al.one_to_one],
        structure_z: round3(al.z),
        score: 0.0,
        shared_anchors: shared
            .into_iter()
            .take(20)
            .map(|(_, k)| k.to_string())
            .collect(),
    })
    .map(|mut m| {
        m.score = round3(combine(&m));
        m
    })
}

/// One score from the measures: a logistic model fitted on the dev set's judged candidate
/// pairs (see EVALUATION.md). Structure and anchors are independent witnesses, so their
/// evidence adds up; numbers survive translation, so a pair that shares few of them loses.
fn combine(m: &Measures) -> f64 {
    let amount = (m.shared_weight / 12.0).min(1.0);
    let [na, nb, ns] = m.numbers;
    let fewer = na.min(nb);
    let number_share = if fewer > 0 {
        ns as f64 / fewer as f64
    } else {
        0.0
    };
    let [ca, cb, cs] = m.names;
    let name_share = if ca.min(cb) > 0 {
        cs as f64 / ca.min(cb) as f64
    } else {
        0.0
    };
    let same_count = if m.segments[0] == m.segments[1] {
        1.0
    } else {
        0.0
    };
    let logit = 1.467 * m.structure_z.min(8.0)
        + 2.256 * m.anchor_score
        + 0.957 * amount
        + 2.863 * m.anchor_score * amount
        + 2.431 * number_share
        + if fewer == 0 { 1.399 } else { 0.0 }
        + 0.17 * name_share
        + 3.053 * same_count
        - 10.032;
    1.0 / (1.0 + (-logit).exp())
}

/// The whole Latin forms of a text's names; anchors are unique, so these are too.
fn names(x: &Analysis) -> Vec<&str> {
    x.anchor_ids
        .names
        .iter()
        .map(|&i| &x.anchors[i as usize][SCORING_ONLY.len()..])
        .collect()
}

/// Distinct names of each side (Latin forms) and how many of the smaller set match the other.
fn name_matches(a: &Analysis, b: &Analysis) -> [usize; 3] {
    let (na, nb) = (names(a), names(b));
    let (small, large) = if na.len() <= nb.len() {
        (&na, &nb)
    } else {
        (&nb, &na)
    };
    let matched = small
        .iter()
        .filter(|x| {
            // Jaro–Winkler at 0.9 needs the same first letter in practice: a cheap pre-check.
            large.iter().any(|y| {
                x.as_bytes().first() == y.as_bytes().first()
                    && may_be_similar(x, y)
                    && strsim::jaro_winkler(x, y) >= NAME_SIMILARITY
            })
        })
        .count();
    [na.len(), nb.len(), matched]
}

/// Whether two names can reach `NAME_SIMILARITY` by Jaro–Winkler, from an upper bound: Jaro's
/// matching characters are among those the names share, and its prefix bonus is known. Most
/// pairs of names fail it, and strsim's Jaro–Winkler (~1,400 instructions a pair) was half
/// of measuring a candidate pair.
fn may_be_similar(x: &str, y: &str) -> bool {
    let mut counts = [0u16; 256];
    for &c in y.as_bytes() {
        counts[c as usize] += 1;
    }
    let mut shared = 0usize;
    for &c in x.as_bytes() {
        if counts[c as usize] > 0 {
            counts[c as usize] -= 1;
            shared += 1;
        }
    }
    let (m, a, b) = (shared as f64, x.len() as f64, y.len() as f64);
    let jaro = if shared == 0 {
        0.0
    } else {
        (m / a + m / b + 1.0) / 3.0
    };
    let prefix = x
        .bytes()
        .zip(y.bytes())
        .take(4)
        .take_while(|(p, q)| p == q)
        .count();
    // A hair of slack for rounding: the bound only spares the exact computation.
    jaro + 0.1 * prefix as f64 * (1.0 - jaro) >= NAME_SIMILARITY - 1e-9
}

pub fn judge(a: &Side, b: &Side, idf: &Idf) -> Option<Verdict> {
    let m = measure(a, b, idf)?;
    let score = m.score;
    if score < PROPOSE {
        return None;
    }
    let no_common_name = names_refute(
        &m,
        [&a.analysis.language, &b.analysis.language].map(Option::as_deref),
    );
    let status = if score >= ACCEPT && !no_common_name {
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
            "rule": if no_common_name && score >= ACCEPT {
                "structure and anchors agree, but no name is shared: proposed only"
            } else {
                "shared names, numbers and segment structure across languages"
            },
            "scores": m,
            "languages": [a.analysis.language, b.analysis.language],
        }),
    })
}

/// Structure (paragraph lengths that agree) and a few common numbers are no proof when both
/// texts name many people or places, share none of them, and little else: two pieces laid out
/// alike. Names written in Chinese, Japanese or Korean rarely survive transliteration, so they
/// refute nothing there.
fn names_refute(m: &Measures, languages: [Option<&str>; 2]) -> bool {
    let comparable = languages
        .iter()
        .all(|l| !matches!(l, Some("zh" | "ja" | "ko")));
    comparable
        && m.names[0].min(m.names[1]) >= UNSHARED_NAMES
        && m.names[2] == 0
        && m.anchor_score < WEAK_ANCHORS
}

/// A length-based alignment of two segment sequences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alignment {
    /// Pearson correlation of the aligned (bead) lengths.
    pub correlation: f64,
    pub beads: usize,
    pub one_to_one: usize,
    /// Fisher z of the correlation times sqrt(beads − 3), discounted for merged and skipped
    /// segments: how unlikely such agreement is between unrelated texts.
    pub z: f64,
}

const NONE: Alignment = Alignment {
    correlation: 0.0,
    beads: 0,
    one_to_one: 0,
    z: 0.0,
};

/// Gale–Church-style alignment on relative segment lengths: beads of 1–1, 1–2, 2–1 segments
/// and skips, by dynamic programming; then how well the bead lengths agree.
pub fn align(a: &[usize], b: &[usize]) -> Alignment {
    let (n, m) = (a.len(), b.len());
    if n < 2 || m < 2 || n.max(m) > 2 * n.min(m) + 2 || n * m > 250_000 {
        return NONE;
    }
    let share = |v: &[usize]| -> Vec<f64> {
        let total = v.iter().sum::<usize>().max(1) as f64;
        v.iter().map(|&x| x as f64 / total).collect()
    };
    let (pa, pb) = (share(a), share(b));
    // Cost of pairing two lengths: squared difference relative to their size.
    let cost = |x: f64, y: f64| (x - y).powi(2) / (x + y + 1e-9) * 200.0;
    const MERGE: f64 = 1.5;
    const SKIP: f64 = 4.0;
    let w = m + 1;
    let mut dp = vec![f64::INFINITY; (n + 1) * w];
    let mut back = vec![0u8; (n + 1) * w];
    dp[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = dp[i * w + j];
            if !here.is_finite() {
                continue;
            }
            let mut relax = |ni: usize, nj: usize, c: f64, step: u8| {
                if ni <= n && nj <= m && here + c < dp[ni * w + nj] {
                    dp[ni * w + nj] = here + c;
                    back[ni * w + nj] = step;
                }
            };
            if i < n && j < m {
                relax(i + 1, j + 1, cost(pa[i], pb[j]), 1);
            }
            if i + 1 < n && j < m {
                relax(i + 2, j + 1, cost(pa[i] + pa[i + 1], pb[j]) + MERGE, 2);
            }
            if i < n && j + 1 < m {
                relax(i + 1, j + 2, cost(pa[i], pb[j] + pb[j + 1]) + MERGE, 3);
            }
            if i < n {
                relax(i + 1, j, SKIP + pa[i] * 100.0, 4);
            }
            if j < m {
                relax(i, j + 1, SKIP + pb[j] * 100.0, 5);
            }
        }
    }
    let (mut i, mut j) = (n, m);
    let mut beads: Vec<(f64, f64)> = Vec::new();
    let (mut one, mut merged, mut skipped) = (0usize, 0usize, 0usize);
    while i > 0 || j > 0 {
        match back[i * w + j] {
            1 => {
                beads.push((pa[i - 1], pb[j - 1]));
                one += 1;
                i -= 1;
                j -= 1;
            }
            2 => {
                beads.push((pa[i - 2] + pa[i - 1], pb[j - 1]));
                merged += 1;
                i -= 2;
                j -= 1;
            }
            3 => {
                beads.push((pa[i - 1], pb[j - 2] + pb[j - 1]));
                merged += 1;
                i -= 1;
                j -= 2;
            }
            4 => {
                skipped += 1;
                i -= 1;
            }
            _ => {
                skipped += 1;
                j -= 1;
            }
        }
    }
    let r = pearson(&beads);
    let k = beads.len();
    let z = if k > 3 {
        let fisher = r.clamp(-0.995, 0.995).atanh();
        let clean = (one as f64 - merged as f64 - 2.0 * skipped as f64) / k as f64;
        (fisher * ((k - 3) as f64).sqrt() * clean.max(0.0)).max(0.0)
    } else {
        0.0
    };
    Alignment {
        correlation: r,
        beads: k,
        one_to_one: one,
        z,
    }
}

fn pearson(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return 0.0;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return 0.0;
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proportional_segments_align_one_to_one() {
        let a = [40, 120, 80, 200, 60, 90, 150];
        let b: Vec<usize> = a.iter().map(|x| x * 3 / 2 + 5).collect();
        let al = align(&a, &b);
        assert_eq!(al.one_to_one, 7);
        assert!(al.correlation > 0.99 && al.z > 4.0, "{al:?}");
    }

    #[test]
    fn a_merged_segment_still_aligns() {
        let a = [40, 120, 80, 200, 60, 90, 150, 70];
        let b = [60, 180, 120, 390, 135, 225, 105];
        let al = align(&a, &b);
        assert_eq!(al.beads, 7);
        assert!(al.correlation > 0.95, "{al:?}");
    }

    fn measures(names: [usize; 3], anchor_score: f64) -> Measures {
        Measures {
            anchor_score,
            shared_weight: 7.0,
            numbers: [13, 11, 3],
            names,
            structure: 0.96,
            segments: [9, 9, 9],
            structure_z: 4.9,
            score: 0.83,
            shared_anchors: Vec::new(),
        }
    }

    #[test]
    fn many_names_none_shared_refute_a_weak_match() {
        let fr_de = [Some("fr"), Some("de")];
        // Two pieces laid out alike with a year and two numbers in common (a fixture pair).
        assert!(names_refute(&measures([19, 122, 0], 0.046), fr_de));
        // One shared name, strong anchors, few names, or names in another script: no veto.
        assert!(!names_refute(&measures([19, 122, 1], 0.046), fr_de));
        assert!(!names_refute(&measures([19, 122, 0], 0.2), fr_de));
        assert!(!names_refute(&measures([6, 30, 0], 0.046), fr_de));
        assert!(!names_refute(
            &measures([19, 122, 0], 0.046),
            [Some("en"), Some("zh")]
        ));
    }

    /// The bound never rules out a pair Jaro–Winkler would match.
    #[test]
    fn the_name_bound_keeps_every_similar_pair() {
        let names = [
            "pashinyan",
            "pashinian",
            "pashiniana",
            "makinen",
            "maekinen",
            "mjakinen",
            "aktau",
            "aktaou",
            "caspian",
            "kaspiy",
            "kaspii",
            "berg",
            "berget",
            "bergen",
            "ahmed",
            "akhmed",
            "li",
            "lin",
            "ab",
            "ba",
            "a",
            "aaaa",
            "zelenskyy",
            "zelenskiy",
            "zelenskii",
        ];
        let (mut pruned, mut pairs) = (0, 0);
        for x in names {
            for y in names {
                pairs += 1;
                if !may_be_similar(x, y) {
                    pruned += 1;
                    assert!(strsim::jaro_winkler(x, y) < NAME_SIMILARITY, "{x} {y}");
                }
            }
        }
        assert!(pruned * 2 > pairs, "the bound should rule out most pairs");
    }

    #[test]
    fn unrelated_shapes_do_not() {
        let al = align(&[40, 120, 80, 200, 60, 90], &[200, 50, 60, 70, 180, 90]);
        assert!(al.z < 1.5, "{al:?}");
    }
}
