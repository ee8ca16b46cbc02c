//! The translation index: language-independent anchor keys and their document frequencies.

use super::Conn;
use crate::error::Result;

pub async fn insert_anchors(conn: &mut Conn, version_id: i64, anchors: &[String]) -> Result<()> {
    let json = serde_json::to_string(anchors).expect("anchors serialize");
    sqlx::query!(
        "INSERT OR IGNORE INTO anchor_keys (key, version_id) SELECT DISTINCT value, ?2 FROM json_each(?1)",
        json,
        version_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO anchor_df (key, df) SELECT DISTINCT value, 1 FROM json_each(?1) WHERE 1
         ON CONFLICT (key) DO UPDATE SET df = df + 1",
        json
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Document frequencies of anchors (0 for unseen ones).
pub async fn anchor_df(conn: &mut Conn, anchors: &[String]) -> Result<Vec<(String, i64)>> {
    let json = serde_json::to_string(anchors).expect("anchors serialize");
    let rows = sqlx::query!(
        r#"SELECT key AS "key!: String", df AS "df!: i64" FROM anchor_df
           WHERE key IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_all(conn)
    .await?;
    let known: std::collections::HashMap<String, i64> =
        rows.into_iter().map(|r| (r.key, r.df)).collect();
    Ok(anchors
        .iter()
        .map(|a| (a.clone(), known.get(a).copied().unwrap_or(0)))
        .collect())
}

/// Versions carrying each of the given (rare enough) anchors: (version, key) pairs.
pub async fn anchor_postings(conn: &mut Conn, anchors: &[String]) -> Result<Vec<(i64, String)>> {
    let json = serde_json::to_string(anchors).expect("anchors serialize");
    let rows = sqlx::query!(
        r#"SELECT a.version_id AS "id!: i64", a.key AS "key!: String"
           FROM anchor_keys a WHERE a.key IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.key)).collect())
}
