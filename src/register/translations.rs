//! Candidates for translations: versions sharing rare language-independent anchors; and the
//! settling of translation decisions across all candidates (mutual-best rules).

use super::{PlannedLink, Target};
use crate::error::Result;
use crate::matching::translation::{Idf, SETTLE_MARGIN};
use crate::model::{Method, Relation, Status};
use crate::store::{Conn, anchors};
use crate::text::Analysis;
use crate::text::anchors::SCORING_ONLY;
use std::collections::HashMap;

/// Versions whose anchors are read after the posting lists are merged.
const SHORTLIST: i64 = 40;
/// Anchors carried by more versions than this are not followed (2% of the store, at most this):
/// a lookup then reads a bounded number of postings however large the store grows.
const MAX_POSTINGS: i64 = 100;
/// Candidates handed to the matcher per registration.
const CANDIDATES: usize = 8;
/// Candidates whose weighted anchor overlap is below this are not worth judging.
const MIN_OVERLAP: f64 = 0.04;

/// Candidate ids, and the anchors' weights in this store (for the new text's anchors and the
/// candidates').
pub async fn candidates(conn: &mut Conn, analysis: &Analysis) -> Result<(Vec<i64>, Idf)> {
    let keys: Vec<String> = indexed(&analysis.anchors).cloned().collect();
    let (mut df, total) = anchors::anchor_df_and_total(conn, &keys).await?;
    let idf = Idf::from_counts(&df, total);
    // Only anchors rare in the store are followed: common ones match everything.
    let rare: Vec<String> = df
        .iter()
        .filter(|(_, n)| *n > 0 && *n <= MAX_POSTINGS.min((total / 50).max(20)))
        .map(|(k, _)| k.clone())
        .collect();
    if rare.is_empty() {
        return Ok((Vec::new(), idf));
    }
    let ids = anchors::shortlist(conn, &rare, SHORTLIST).await?;

    // The shortlist's own anchors: their weights make the overlap symmetric, and their language
    // leaves same-language versions to the republication matcher.
    let mut theirs: HashMap<i64, Vec<String>> = HashMap::new();
    let mut language: HashMap<i64, Option<String>> = HashMap::new();
    for c in anchors::anchors_of(conn, &ids).await? {
        language.insert(c.version_id, c.language);
        theirs.insert(
            c.version_id,
            c.anchors.iter().map(|(k, _)| k.clone()).collect(),
        );
        df.extend(c.anchors);
    }
    let idf = Idf::from_counts(&df, total);
    let own: f64 = keys.iter().map(|k| idf.weight(k)).sum();
    let mine: std::collections::HashSet<&String> = keys.iter().collect();
    let mut shortlist: Vec<(i64, f64)> = ids
        .into_iter()
        .filter(|id| {
            match (
                language.get(id).and_then(Option::as_deref),
                analysis.language.as_deref(),
            ) {
                (Some(x), Some(y)) => x != y,
                _ => true,
            }
        })
        .map(|id| {
            let ks = theirs.get(&id).map(Vec::as_slice).unwrap_or_default();
            let other: f64 = ks.iter().map(|k| idf.weight(k)).sum();
            let shared: f64 = ks
                .iter()
                .filter(|k| mine.contains(k))
                .map(|k| idf.weight(k))
                .sum();
            (id, shared / own.min(other).max(1e-9))
        })
        .filter(|(_, overlap)| *overlap >= MIN_OVERLAP)
        .collect();
    shortlist.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok((
        shortlist
            .into_iter()
            .take(CANDIDATES)
            .map(|(id, _)| id)
            .collect(),
        idf,
    ))
}

fn indexed(anchors: &[String]) -> impl Iterator<Item = &String> {
    anchors.iter().filter(|a| !a.starts_with(SCORING_ONLY))
}

/// Settles translation decisions once every candidate has been judged. A translation has one
/// source, and each language usually one translation of it, so among matched translations:
/// - per language of the other side, only the best stays accepted; a rival close to it is kept
///   as a proposal, one far below it is dropped;
/// - a candidate that already has a clearly stronger accepted translation partner in the new
///   text's language gets a proposal, not a second accepted partner.
pub async fn settle(conn: &mut Conn, planned: &mut Vec<PlannedLink>) -> Result<()> {
    let is_matched_translation =
        |p: &PlannedLink| p.relation == Relation::Translation && p.method == Method::Match;
    let other_language = |p: &PlannedLink| match &p.other {
        Target::Existing(v) => v.language.clone(),
        Target::NewStub(s) => s.language.clone(),
    };
    let mut best: HashMap<Option<String>, f64> = HashMap::new();
    for p in planned.iter().filter(|p| is_matched_translation(p)) {
        let slot = best.entry(other_language(p)).or_insert(0.0);
        *slot = slot.max(p.confidence);
    }
    let mut keep = Vec::with_capacity(planned.len());
    for mut p in planned.drain(..) {
        if is_matched_translation(&p) {
            let top = best[&other_language(&p)];
            if p.confidence < top {
                if p.confidence < top - 2.0 * SETTLE_MARGIN {
                    continue;
                }
                if p.confidence < top - SETTLE_MARGIN {
                    p.status = Status::Proposed;
                }
            }
            let new_language = p.evidence["languages"][0].as_str().map(str::to_string);
            if p.status == Status::Accepted
                && let (Target::Existing(v), Some(lang)) = (&p.other, new_language)
                && let Some(rival) =
                    anchors::strongest_translation_in(conn, v.version_id, &lang).await?
                && rival > p.confidence + SETTLE_MARGIN
            {
                p.status = Status::Proposed;
            }
        }
        keep.push(p);
    }
    *planned = keep;
    Ok(())
}
