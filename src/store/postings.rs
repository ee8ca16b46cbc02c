//! Where new postings go: the key indexes' recent parts (migration 0010), merged into the large
//! indexes in one sorted run every `MERGE_EVERY` versions; the outlets' line counts likewise
//! (migration 0013). Readers (`index::shingle_postings`, `anchors::postings`,
//! `index::outlets_boilerplate`) take the union of both parts.

use super::Conn;
use crate::error::Result;

/// Versions registered between merges. Their postings (~75 rows each) and line counts stay a
/// few MiB, inside the page cache; a merge writes each page of the large tables about once.
pub const MERGE_EVERY: i64 = 4096;

/// Merges the recent postings into the large indexes once `MERGE_EVERY` versions came in since
/// the last merge; returns whether it merged. Runs in the caller's write transaction.
pub async fn merge_recent(conn: &mut Conn) -> Result<bool> {
    merge_recent_every(conn, MERGE_EVERY).await
}

pub(super) async fn merge_recent_every(conn: &mut Conn, every: i64) -> Result<bool> {
    let row = sqlx::query!(
        r#"SELECT since, (SELECT COALESCE(MAX(id), 0) FROM versions) AS "top!: i64"
           FROM recent_postings"#
    )
    .fetch_one(&mut *conn)
    .await?;
    if row.top - row.since < every {
        return Ok(false);
    }
    // In key order: the large index's pages are visited in turn, each once.
    sqlx::query!(
        "INSERT OR IGNORE INTO shingle_keys (key, version_id)
         SELECT key, version_id FROM shingle_keys_recent ORDER BY key, version_id"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM shingle_keys_recent")
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "INSERT OR IGNORE INTO anchor_keys (key, version_id)
         SELECT key, version_id FROM anchor_keys_recent ORDER BY key, version_id"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM anchor_keys_recent")
        .execute(&mut *conn)
        .await?;
    // A recent count is the line's whole count (migration 0013): it replaces the old one.
    sqlx::query!(
        "INSERT INTO outlet_lines (outlet_id, line_hash, seen, works, last_sig)
         SELECT outlet_id, line_hash, seen, works, last_sig FROM outlet_lines_recent
         WHERE 1 ORDER BY outlet_id, line_hash
         ON CONFLICT (outlet_id, line_hash) DO UPDATE SET seen = excluded.seen,
             works = excluded.works, last_sig = excluded.last_sig"
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM outlet_lines_recent")
        .execute(&mut *conn)
        .await?;
    sqlx::query!("UPDATE recent_postings SET since = ?1", row.top)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::store::{Store, anchors, index};
    use std::collections::HashMap;

    /// Posting lists in one order, to compare readings.
    fn sorted<K: Ord + Clone>(m: &HashMap<K, Vec<i64>>) -> Vec<(K, Vec<i64>)> {
        let mut v: Vec<(K, Vec<i64>)> = m
            .iter()
            .map(|(k, ids)| {
                let mut ids = ids.clone();
                ids.sort_unstable();
                (k.clone(), ids)
            })
            .collect();
        v.sort();
        v
    }

    /// A merge moves the postings and changes nothing readers see.
    #[tokio::test]
    async fn a_merge_keeps_every_posting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store.db")).await.unwrap();
        let bodies = [
            (
                "Harbour Notes",
                "The harbour board met in Tallinn on Tuesday and agreed to widen the northern quay by 2031.",
            ),
            (
                "Quay Daily",
                "The harbour board met in Tallinn on Tuesday and agreed to widen the northern quay by 2031. Reprinted.",
            ),
            (
                "Baltic Wire",
                "Tallinn's port authority said 4,200 ships called last year, a record for the Estonian capital.",
            ),
        ];
        for (outlet, body) in bodies {
            let doc = Document {
                body: body.to_string(),
                outlet: Some(outlet.to_string()),
                ..Document::default()
            };
            crate::register::register(&store, doc).await.unwrap();
        }
        let mut conn = store.conn().await.unwrap();
        let keys: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT key FROM shingle_keys_recent")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        let names: Vec<String> = sqlx::query_scalar("SELECT DISTINCT key FROM anchor_keys_recent")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert!(!keys.is_empty() && !names.is_empty());
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let before = sorted(
            &index::shingle_postings(&mut conn, &keys, 200)
                .await
                .unwrap(),
        );
        let anchors_before = anchors::postings(&mut conn, &names, 200).await.unwrap();

        assert!(
            !merge_recent(&mut conn).await.unwrap(),
            "3 versions: no merge yet"
        );
        assert!(merge_recent_every(&mut conn, 1).await.unwrap());
        let left: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM shingle_keys_recent) + (SELECT count(*) FROM anchor_keys_recent)",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(left, 0);
        assert_eq!(
            sorted(
                &index::shingle_postings(&mut conn, &keys, 200)
                    .await
                    .unwrap()
            ),
            before
        );
        let anchors_after = anchors::postings(&mut conn, &names, 200).await.unwrap();
        assert_eq!(anchors_after.df, anchors_before.df);
        assert_eq!(
            sorted(&anchors_after.postings),
            sorted(&anchors_before.postings)
        );
        assert!(
            !merge_recent_every(&mut conn, 1).await.unwrap(),
            "nothing new since"
        );

        // Readers see both parts: a copy registered after the merge joins the same postings.
        drop(conn);
        let copy = Document {
            body: bodies[0].1.to_string(),
            outlet: Some("Port Echo".to_string()),
            ..Document::default()
        };
        let id = crate::register::register(&store, copy)
            .await
            .unwrap()
            .version
            .version_id;
        let mut conn = store.conn().await.unwrap();
        let after = sorted(
            &index::shingle_postings(&mut conn, &keys, 200)
                .await
                .unwrap(),
        );
        let first: Vec<i64> = before
            .iter()
            .find(|(_, ids)| ids.contains(&1))
            .unwrap()
            .1
            .clone();
        assert!(
            after
                .iter()
                .any(|(_, ids)| ids.len() == first.len() + 1 && ids.contains(&id))
        );
    }
}
