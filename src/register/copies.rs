//! Candidates for same-language copies: versions sharing sampled shingle keys.

use crate::error::Result;
use crate::store::{Conn, index};
use crate::text::Analysis;

/// Candidates looked at per registration.
const CANDIDATES: i64 = 20;
/// Shingle keys carried by more versions than this are boilerplate, not evidence.
const MAX_KEY_POSTINGS: i64 = 200;

pub async fn candidates(conn: &mut Conn, analysis: &Analysis) -> Result<Vec<i64>> {
    let min_shared = if analysis.keys.len() >= 6 { 2 } else { 1 };
    Ok(index::shingle_candidates(
        conn,
        &analysis.keys,
        min_shared,
        MAX_KEY_POSTINGS,
        CANDIDATES,
    )
    .await?
    .into_iter()
    .map(|(id, _)| id)
    .collect())
}
