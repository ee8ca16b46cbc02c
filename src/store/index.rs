//! Same-language indexes: sampled shingle keys, and the per-outlet line counts that
//! boilerplate learning reads.

use super::Conn;
use crate::error::Result;
use std::collections::{HashMap, HashSet};

pub async fn insert_keys(conn: &mut Conn, version_id: i64, keys: &[i64]) -> Result<()> {
    let json = serde_json::to_string(keys).expect("keys serialize");
    sqlx::query!(
        "INSERT OR IGNORE INTO shingle_keys_recent (key, version_id) SELECT value, ?2 FROM json_each(?1)",
        json,
        version_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts the lines of a new version for its outlet's boilerplate statistics. A line counts
/// towards `works` only when `sig` (the work the version joins) differs from that of the last
/// version that carried the line: an outlet's repeated posts of one piece teach it nothing.
/// Counts are written to the recent part (migration 0013), from the line's count in
/// `outlet_lines` when the recent part has none yet.
pub async fn count_outlet_lines(
    conn: &mut Conn,
    outlet_id: i64,
    hashes: &[u64],
    sig: Option<i64>,
) -> Result<()> {
    let keys: Vec<i64> = hashes.iter().map(|&h| h as i64).collect();
    let json = serde_json::to_string(&keys).expect("hashes serialize");
    sqlx::query!(
        "INSERT INTO outlet_lines_recent (outlet_id, line_hash, seen, works, last_sig)
         SELECT ?1, j.value, COALESCE(m.seen, 0) + 1,
                CASE WHEN m.works IS NULL THEN 1 ELSE m.works + (m.last_sig IS NOT ?3) END, ?3
         FROM json_each(?2) j
         LEFT JOIN outlet_lines m ON m.outlet_id = ?1 AND m.line_hash = j.value
         WHERE 1
         ON CONFLICT (outlet_id, line_hash) DO UPDATE SET seen = seen + 1,
             works = works + (last_sig IS NOT excluded.last_sig), last_sig = excluded.last_sig",
        outlet_id,
        json,
        sig
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The outlet's learned boilerplate: lines seen in versions of at least
/// `boilerplate::LEARNED_MIN_VERSIONS` pieces.
pub async fn outlet_boilerplate(conn: &mut Conn, outlet_id: i64) -> Result<HashSet<u64>> {
    Ok(outlets_boilerplate(conn, &[outlet_id])
        .await?
        .remove(&outlet_id)
        .unwrap_or_default())
}

/// The learned boilerplate of several outlets in one query (outlets with none are absent),
/// packed one row per outlet: a row per line would cross from SQLite's thread one by one.
/// Learned lines are those of 3 works or more (`boilerplate::LEARNED_MIN_VERSIONS`, written out
/// here and in the partial indexes of migrations 0012–0013) in either part of the counts.
pub async fn outlets_boilerplate(
    conn: &mut Conn,
    outlet_ids: &[i64],
) -> Result<HashMap<i64, HashSet<u64>>> {
    let json = serde_json::to_string(outlet_ids).expect("ids serialize");
    let rows = sqlx::query!(
        r#"SELECT outlet_id AS "id!: i64", group_concat(line_hash) AS "packed?: String" FROM (
               SELECT outlet_id, line_hash FROM outlet_lines INDEXED BY outlet_lines_learned
               WHERE outlet_id IN (SELECT value FROM json_each(?1)) AND works >= 3
               UNION ALL
               SELECT outlet_id, line_hash FROM outlet_lines_recent
               INDEXED BY outlet_lines_recent_learned
               WHERE outlet_id IN (SELECT value FROM json_each(?1)) AND works >= 3)
           GROUP BY outlet_id"#,
        json
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, super::outlets::parse_hashes(r.packed.as_deref())))
        .collect())
}

/// A stored fingerprint: what scoring needs of a version without re-reading its text.
pub struct StoredPrint {
    pub version_id: i64,
    pub shingles: Vec<u8>,
    pub analysis: String,
    pub lines: Vec<u8>,
    pub stripped: i64,
}

/// How much anchor evidence a version carries (see migration 0006): the number of its indexed
/// anchors and the sum of ln(df + 1) over them, df counting the version itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnchorMass {
    pub count: i64,
    pub logdf: f64,
}

pub async fn insert_print(conn: &mut Conn, p: &StoredPrint, mass: AnchorMass) -> Result<()> {
    write_print(conn, p).await?;
    sqlx::query!(
        "INSERT OR REPLACE INTO version_masses (version_id, language, anchor_count, anchor_logdf)
         SELECT id, language, ?2, ?3 FROM versions WHERE id = ?1",
        p.version_id,
        mass.count,
        mass.logdf
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The print alone (bulk registration writes a batch's masses in one statement).
pub async fn write_print(conn: &mut Conn, p: &StoredPrint) -> Result<()> {
    sqlx::query!(
        "INSERT OR REPLACE INTO version_prints (version_id, shingles, analysis, lines, stripped)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        p.version_id,
        p.shingles,
        p.analysis,
        p.lines,
        p.stripped,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The versions under each of the given shingle keys, for keys carried by at most
/// `max_postings` versions (commoner keys, boilerplate nobody has learned yet, are left out).
/// Packed one string for all keys: every row crosses from SQLite's worker thread on its own.
pub async fn shingle_postings(
    conn: &mut Conn,
    keys: &[i64],
    max_postings: i64,
) -> Result<HashMap<i64, Vec<i64>>> {
    let json = serde_json::to_string(keys).expect("keys serialize");
    let packed = sqlx::query_scalar!(
        r#"SELECT group_concat(key || ':' || ids, ';') AS "p?: String" FROM (
               SELECT key, group_concat(version_id) AS ids FROM (
                   SELECT key, version_id FROM shingle_keys
                   WHERE key IN (SELECT value FROM json_each(?1))
                   UNION ALL
                   SELECT key, version_id FROM shingle_keys_middle
                   WHERE key IN (SELECT value FROM json_each(?1))
                   UNION ALL
                   SELECT key, version_id FROM shingle_keys_recent
                   WHERE key IN (SELECT value FROM json_each(?1)))
               GROUP BY key HAVING COUNT(*) <= ?2)"#,
        json,
        max_postings
    )
    .fetch_one(conn)
    .await?;
    Ok(packed
        .unwrap_or_default()
        .split(';')
        .filter_map(|entry| {
            let (key, ids) = entry.split_once(':')?;
            Some((key.parse().ok()?, super::parse_ids(ids)))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::boilerplate::LEARNED_MIN_VERSIONS;

    /// Each line's (hash, seen, works, last sig): the recent count where there is one.
    async fn counts(conn: &mut Conn) -> Vec<(i64, i64, i64, i64)> {
        sqlx::query_as(
            "SELECT line_hash, seen, works, last_sig FROM outlet_lines
             WHERE line_hash NOT IN (SELECT line_hash FROM outlet_lines_recent)
             UNION ALL SELECT line_hash, seen, works, last_sig FROM outlet_lines_recent
             ORDER BY 1",
        )
        .fetch_all(conn)
        .await
        .unwrap()
    }

    /// A line is learned once versions of `LEARNED_MIN_VERSIONS` works carried it, and the
    /// queries' literal bound is the partial index's.
    #[tokio::test]
    async fn lines_are_learned_from_the_third_work_across_both_parts() {
        let (_dir, store) = crate::store::temp().await;
        let mut conn = store.conn().await.unwrap();
        let index_sql: String =
            sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE name = 'outlet_lines_learned'")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert!(index_sql.ends_with(&format!("WHERE works >= {LEARNED_MIN_VERSIONS}")));
        // Covering: reading an outlet's learned lines never visits the table (~900 pages a
        // registration at 100k versions when it did).
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "EXPLAIN QUERY PLAN SELECT line_hash FROM outlet_lines
             INDEXED BY outlet_lines_learned WHERE outlet_id = 7 AND works >= 3",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert!(plan[0].3.contains("COVERING INDEX outlet_lines_learned"));

        let (line, other) = (11u64, 12u64);
        // The same work twice counts once; a third work makes the line the outlet's.
        for sig in [1, 1, 2] {
            count_outlet_lines(&mut conn, 7, &[line, other], Some(sig))
                .await
                .unwrap();
        }
        assert!(outlet_boilerplate(&mut conn, 7).await.unwrap().is_empty());
        count_outlet_lines(&mut conn, 7, &[line], Some(3))
            .await
            .unwrap();
        assert_eq!(
            outlet_boilerplate(&mut conn, 7).await.unwrap(),
            HashSet::from([line])
        );
        let both = outlets_boilerplate(&mut conn, &[7, 8]).await.unwrap();
        assert_eq!(both.len(), 1);
        assert_eq!(both[&7], HashSet::from([line]));

        // Counted in the recent part, the lines keep their counts across a merge, and a
        // sighting after it counts on from the merged row.
        let before = counts(&mut conn).await;
        assert_eq!(before, vec![(11, 4, 3, 3), (12, 3, 2, 2)]);
        assert!(
            crate::store::postings::merge_recent_every(&mut conn, 0)
                .await
                .unwrap()
        );
        assert_eq!(counts(&mut conn).await, before);
        assert_eq!(
            outlet_boilerplate(&mut conn, 7).await.unwrap(),
            HashSet::from([line])
        );
        count_outlet_lines(&mut conn, 7, &[other], Some(4))
            .await
            .unwrap();
        assert_eq!(counts(&mut conn).await, vec![(11, 4, 3, 3), (12, 4, 3, 4)]);
        assert_eq!(
            outlet_boilerplate(&mut conn, 7).await.unwrap(),
            HashSet::from([line, other])
        );
    }
}
