//! Settling translation decisions across all candidates of a new text (mutual-best rules).

use super::pending::Pending;
use super::{PlannedLink, Target};
use crate::error::Result;
use crate::matching::translation::SETTLE_MARGIN;
use crate::model::{Method, Relation, Status};
use crate::store::{Conn, anchors};
use std::collections::HashMap;

/// Settles translation decisions once every candidate has been judged. A translation has one
/// source, and each language usually one translation of it, so among matched translations:
/// - per language of the other side, only the best stays accepted; a rival close to it is kept
///   as a proposal, one far below it is dropped;
/// - a candidate that already has a clearly stronger accepted translation partner in the new
///   text's language gets a proposal, not a second accepted partner.
pub async fn settle(
    conn: &mut Conn,
    planned: &mut Vec<PlannedLink>,
    pending: &Pending,
) -> Result<()> {
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
                    strongest_translation_in(conn, v.version_id, &lang, pending).await?
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

/// The strongest accepted translation partner in `language` that `version_id` has, stored or
/// given earlier in the batch.
async fn strongest_translation_in(
    conn: &mut Conn,
    version_id: i64,
    language: &str,
    pending: &Pending,
) -> Result<Option<f64>> {
    let stored = match pending.get(version_id) {
        Some(_) => None,
        None => anchors::strongest_translation_in(conn, version_id, language).await?,
    };
    Ok(stored
        .into_iter()
        .chain(pending.strongest_translation_in(version_id, language))
        .reduce(f64::max))
}
