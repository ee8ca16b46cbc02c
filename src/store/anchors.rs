//! The translation index: language-independent anchor keys and their document frequencies.

use super::Conn;
use super::index::AnchorMass;
use crate::error::Result;
use crate::text::anchors::indexed;
use std::collections::HashMap;

/// Indexes a version's anchors (scoring-only keys are left out) and counts them in `anchor_df`.
pub async fn insert_anchors(conn: &mut Conn, version_id: i64, anchors: &[String]) -> Result<()> {
    let indexed: Vec<&str> = indexed(anchors).collect();
    let json = serde_json::to_string(&indexed).expect("anchors serialize");
    sqlx::query!(
        "INSERT OR IGNORE INTO anchor_keys_recent (key, version_id) SELECT DISTINCT value, ?2 FROM json_each(?1)",
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

/// Separators of the packed lists below: one row per query instead of one per anchor, because
/// every row crosses from SQLite's worker thread.
const FIELD: char = '\u{1F}';
const RECORD: char = '\u{1E}';

fn unpack(packed: Option<String>) -> Vec<(String, i64)> {
    packed
        .unwrap_or_default()
        .split(RECORD)
        .filter_map(|r| {
            let (k, df) = r.rsplit_once(FIELD)?;
            Some((k.to_string(), df.parse().ok()?))
        })
        .collect()
}

/// Document frequencies of anchors (0 for unseen ones).
pub async fn anchor_df(conn: &mut Conn, anchors: &[&str]) -> Result<Vec<i64>> {
    let json = serde_json::to_string(anchors).expect("anchors serialize");
    let packed = sqlx::query_scalar!(
        r#"SELECT group_concat(key || char(31) || df, char(30)) AS "p: String" FROM anchor_df
           WHERE key IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_one(conn)
    .await?;
    let known: std::collections::HashMap<String, i64> = unpack(packed).into_iter().collect();
    Ok(anchors
        .iter()
        .map(|a| known.get(*a).copied().unwrap_or(0))
        .collect())
}

/// The strongest accepted translation link between `version_id` and a version in `language`.
pub async fn strongest_translation_in(
    conn: &mut Conn,
    version_id: i64,
    language: &str,
) -> Result<Option<f64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT MAX(l.confidence) AS "c: f64" FROM links l
           JOIN versions v ON v.id = (CASE WHEN l.source_id = ?1 THEN l.derived_id ELSE l.source_id END)
           WHERE (l.source_id = ?1 OR l.derived_id = ?1)
             AND l.relation = 'translation' AND l.status = 'accepted' AND v.language = ?2"#,
        version_id,
        language
    )
    .fetch_one(conn)
    .await?)
}

/// What candidate lookup needs of the anchors of new texts, in one round trip: each known
/// anchor's document frequency with the versions carrying it when they are at most
/// `max_postings`, and the store's size as [`super::versions::count`] gives it.
pub struct AnchorPostings {
    pub df: HashMap<String, i64>,
    pub postings: HashMap<String, Vec<i64>>,
    pub total: i64,
}

pub async fn postings(
    conn: &mut Conn,
    anchors: &[&str],
    max_postings: i64,
) -> Result<AnchorPostings> {
    let json = serde_json::to_string(anchors).expect("anchors serialize");
    let row = sqlx::query!(
        r#"SELECT (SELECT COALESCE(MAX(id), 0) FROM versions) AS "n!: i64",
                  (SELECT group_concat(key || char(31) || df || char(31) ||
                          CASE WHEN df <= ?2 THEN (SELECT group_concat(version_id) FROM (
                              SELECT version_id FROM anchor_keys a WHERE a.key = d.key
                              UNION ALL
                              SELECT version_id FROM anchor_keys_middle m WHERE m.key = d.key
                              UNION ALL
                              SELECT version_id FROM anchor_keys_recent r WHERE r.key = d.key))
                          ELSE '' END, char(30))
                   FROM anchor_df d WHERE key IN (SELECT value FROM json_each(?1))) AS "p?: String""#,
        json,
        max_postings
    )
    .fetch_one(conn)
    .await?;
    let mut out = AnchorPostings {
        df: HashMap::new(),
        postings: HashMap::new(),
        total: row.n,
    };
    for record in row.p.unwrap_or_default().split(RECORD) {
        let mut fields = record.split(FIELD);
        let (Some(key), Some(Ok(df)), Some(ids)) = (
            fields.next(),
            fields.next().map(str::parse::<i64>),
            fields.next(),
        ) else {
            continue;
        };
        out.df.insert(key.to_string(), df);
        if !ids.is_empty() {
            out.postings.insert(key.to_string(), super::parse_ids(ids));
        }
    }
    Ok(out)
}

/// A stored version as translation candidate ranking sees it: its language and anchor mass.
pub struct CandidateMass {
    pub version_id: i64,
    pub language: Option<String>,
    pub mass: Option<AnchorMass>,
}

/// Packed in one row, as the postings above: a candidate's row each crossed from SQLite's
/// worker thread on its own (~20 per new text in a bulk import).
pub async fn masses(conn: &mut Conn, ids: &[i64]) -> Result<Vec<CandidateMass>> {
    let json = super::json_ids(ids);
    // printf's %!.17g gives back the very double that was stored.
    let packed = sqlx::query_scalar!(
        r#"SELECT group_concat(version_id || char(31) || COALESCE(language, '') || char(31) ||
                               COALESCE(anchor_count, '') || char(31) ||
                               COALESCE(printf('%!.17g', anchor_logdf), ''), char(30)) AS "p?: String"
           FROM version_masses WHERE version_id IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_one(conn)
    .await?;
    Ok(packed
        .unwrap_or_default()
        .split(RECORD)
        .filter_map(|r| {
            let mut f = r.split(FIELD);
            let version_id = f.next()?.parse().ok()?;
            let language = f.next().filter(|l| !l.is_empty()).map(str::to_string);
            let count = f.next()?.parse().ok();
            let logdf = f.next()?.parse().ok();
            Some(CandidateMass {
                version_id,
                language,
                mass: count
                    .zip(logdf)
                    .map(|(count, logdf)| AnchorMass { count, logdf }),
            })
        })
        .collect())
}
