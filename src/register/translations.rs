//! Candidates for translations: versions sharing rare language-independent anchors; and the
//! settling of translation decisions across all candidates.

use super::PlannedLink;
use crate::error::Result;
use crate::matching::translation::Idf;
use crate::store::{Conn, anchors, versions};
use crate::text::Analysis;
use std::collections::HashMap;

/// Candidates looked at per registration.
const CANDIDATES: usize = 20;

/// Candidate ids, and the anchors' weights in this store.
pub async fn candidates(conn: &mut Conn, analysis: &Analysis) -> Result<(Vec<i64>, Idf)> {
    let total = versions::count(conn).await?;
    let df = anchors::anchor_df(conn, &analysis.anchors).await?;
    let idf = Idf::from_counts(&df, total);
    // Only anchors rare in the store are followed: common ones match everything.
    let rare: Vec<String> = df
        .iter()
        .filter(|(_, n)| *n > 0 && (*n as f64) <= (total as f64 * 0.02).max(20.0))
        .map(|(k, _)| k.clone())
        .collect();
    if rare.is_empty() {
        return Ok((Vec::new(), idf));
    }
    let mut score: HashMap<i64, f64> = HashMap::new();
    for (id, key) in anchors::anchor_postings(conn, &rare).await? {
        *score.entry(id).or_default() += idf.weight(&key);
    }
    let mut ranked: Vec<(i64, f64)> = score.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok((
        ranked
            .into_iter()
            .take(CANDIDATES)
            .map(|(id, _)| id)
            .collect(),
        idf,
    ))
}

/// Settles translation decisions once every candidate has been judged (hook for mutual-best
/// rules: today every decision stands).
pub async fn settle(_conn: &mut Conn, _planned: &mut [PlannedLink]) -> Result<()> {
    Ok(())
}
