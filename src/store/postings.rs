//! Where new postings go: the key indexes' recent parts (migration 0010), merged every
//! `MERGE_EVERY` versions into their middle parts (0014), which go into the large indexes once
//! they have grown to a share of them; the outlets' line counts have a recent part only (0013),
//! merged into `outlet_lines` with the keys. Readers (`index::shingle_postings`,
//! `anchors::postings`, `index::outlets_boilerplate`) take the union of the parts.

use super::Conn;
use crate::error::Result;

/// Versions registered between merges. Their postings (~75 rows each) and line counts stay a
/// few MiB, inside the page cache; a merge writes each page of the tables it merges into about
/// once.
pub const MERGE_EVERY: i64 = 4096;

/// The middle and recent parts go into the large indexes once they hold more than 1 / this of
/// the versions the large indexes hold. A merge into the large indexes rewrites nearly all
/// their pages (keys are random), one into the middle part only its pages: with a share of a
/// quarter, a store of 100k versions rewrites its large indexes once in 20,000–25,000 versions
/// instead of once in 4,096, while lookups read a middle part at most a quarter their size.
const LARGE_SHARE: i64 = 4;

/// Where a merge puts the recent postings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Part {
    Middle,
    /// The large indexes, with the middle part.
    Large,
}

/// Merges the recent postings once `MERGE_EVERY` versions came in since the last merge;
/// returns whether it merged. Runs in the caller's write transaction.
pub async fn merge_recent(conn: &mut Conn) -> Result<bool> {
    merge_recent_every(conn, MERGE_EVERY).await
}

pub(super) async fn merge_recent_every(conn: &mut Conn, every: i64) -> Result<bool> {
    let row = sqlx::query!(
        r#"SELECT since, large_since, (SELECT COALESCE(MAX(id), 0) FROM versions) AS "top!: i64"
           FROM recent_postings"#
    )
    .fetch_one(&mut *conn)
    .await?;
    if row.top - row.since < every {
        return Ok(false);
    }
    merge(conn, destination(row.top, row.large_since), row.top).await?;
    Ok(true)
}

/// Where the merge at version `top` puts the recent postings, the large indexes holding the
/// versions up to `large_since`.
fn destination(top: i64, large_since: i64) -> Part {
    if (top - large_since) * LARGE_SHARE > large_since {
        Part::Large
    } else {
        Part::Middle
    }
}

/// Moves the recent postings (and, into the large indexes, the middle part's) and the recent
/// line counts; `top` is the highest version id they cover. Rows go in key order: the pages
/// of the table merged into are visited in turn, each once.
pub(super) async fn merge(conn: &mut Conn, into: Part, top: i64) -> Result<()> {
    match into {
        Part::Middle => {
            sqlx::query!(
                "INSERT OR IGNORE INTO shingle_keys_middle (key, version_id)
                 SELECT key, version_id FROM shingle_keys_recent ORDER BY key, version_id"
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "INSERT OR IGNORE INTO anchor_keys_middle (key, version_id)
                 SELECT key, version_id FROM anchor_keys_recent ORDER BY key, version_id"
            )
            .execute(&mut *conn)
            .await?;
        }
        Part::Large => {
            sqlx::query!(
                "INSERT OR IGNORE INTO shingle_keys (key, version_id)
                 SELECT key, version_id FROM shingle_keys_middle
                 UNION ALL SELECT key, version_id FROM shingle_keys_recent
                 ORDER BY key, version_id"
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!(
                "INSERT OR IGNORE INTO anchor_keys (key, version_id)
                 SELECT key, version_id FROM anchor_keys_middle
                 UNION ALL SELECT key, version_id FROM anchor_keys_recent
                 ORDER BY key, version_id"
            )
            .execute(&mut *conn)
            .await?;
            sqlx::query!("DELETE FROM shingle_keys_middle")
                .execute(&mut *conn)
                .await?;
            sqlx::query!("DELETE FROM anchor_keys_middle")
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query!("DELETE FROM shingle_keys_recent")
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
    let large = into == Part::Large;
    sqlx::query!(
        "UPDATE recent_postings
         SET since = ?1, large_since = CASE WHEN ?2 THEN ?1 ELSE large_since END",
        top,
        large
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::store::{anchors, index};
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

    /// Merges every `MERGE_EVERY` versions from an empty store: the large indexes take every
    /// merge while they are small (as before the middle part), then one in 2 to 5, fewer as
    /// they grow.
    #[test]
    fn the_large_indexes_take_a_merge_once_the_middle_part_is_a_quarter_of_them() {
        let mut large_since = 0;
        let mut into_large = Vec::new();
        for n in 1..=25 {
            let top = n * MERGE_EVERY;
            if destination(top, large_since) == Part::Large {
                large_since = top;
                into_large.push(n);
            }
        }
        assert_eq!(into_large, [1, 2, 3, 4, 6, 8, 11, 14, 18, 23]);
    }

    /// Rows left in the recent and middle parts of both key indexes.
    async fn left(conn: &mut Conn) -> (i64, i64) {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM shingle_keys_recent) + (SELECT count(*) FROM anchor_keys_recent),
                    (SELECT count(*) FROM shingle_keys_middle) + (SELECT count(*) FROM anchor_keys_middle)",
        )
        .fetch_one(conn)
        .await
        .unwrap()
    }

    /// A merge moves the postings, into the middle part or the large indexes, and changes
    /// nothing readers see.
    #[tokio::test]
    async fn a_merge_keeps_every_posting() {
        let (_dir, store) = crate::store::temp().await;
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
        let shingles = async |conn: &mut Conn| {
            sorted(&index::shingle_postings(conn, &keys, 200).await.unwrap())
        };
        let anchors = async |conn: &mut Conn| {
            let found = anchors::postings(conn, &names, 200).await.unwrap();
            (
                sorted(&found.postings),
                sorted(&found.df.into_iter().map(|(k, n)| (k, vec![n])).collect()),
            )
        };
        let before = shingles(&mut conn).await;
        let anchors_before = anchors(&mut conn).await;

        assert!(
            !merge_recent(&mut conn).await.unwrap(),
            "3 versions: no merge yet"
        );
        // Into the middle part, then (the large indexes being empty) everything into them.
        merge(&mut conn, Part::Middle, 3).await.unwrap();
        let (recent, middle) = left(&mut conn).await;
        assert_eq!(recent, 0);
        assert!(middle > 0);
        assert_eq!(shingles(&mut conn).await, before);
        assert_eq!(anchors(&mut conn).await, anchors_before);
        assert!(merge_recent_every(&mut conn, 0).await.unwrap());
        assert_eq!(left(&mut conn).await, (0, 0));
        assert_eq!(shingles(&mut conn).await, before);
        assert_eq!(anchors(&mut conn).await, anchors_before);
        assert!(
            !merge_recent_every(&mut conn, 1).await.unwrap(),
            "nothing new since"
        );

        // Readers see all three parts: one copy registered after the merge is moved into the
        // middle part, another stays recent, and both join the postings of the first text.
        drop(conn);
        let mut ids = Vec::new();
        for outlet in ["Port Echo", "Quay Echo"] {
            if let Some(&top) = ids.last() {
                let mut conn = store.conn().await.unwrap();
                merge(&mut conn, Part::Middle, top).await.unwrap();
            }
            let copy = Document {
                body: bodies[0].1.to_string(),
                outlet: Some(outlet.to_string()),
                ..Document::default()
            };
            let r = crate::register::register(&store, copy).await.unwrap();
            ids.push(r.version.version_id);
        }
        let mut conn = store.conn().await.unwrap();
        let (recent, middle) = left(&mut conn).await;
        assert!(recent > 0 && middle > 0);
        let after = shingles(&mut conn).await;
        let first = &before.iter().find(|(_, ids)| ids.contains(&1)).unwrap().1;
        assert!(
            after.iter().any(|(_, found)| found.len() == first.len() + 2
                && ids.iter().all(|id| found.contains(id)))
        );
    }
}
