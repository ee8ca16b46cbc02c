//! Multi-row writes for bulk registration: the small rows of many registrations (index keys,
//! line counts, links, claims) go in with one statement per table (a JSON array bound once,
//! read by `json_each`), instead of one statement per row, each a round trip to SQLite's
//! worker thread. Rows are applied in array order, so upserts see earlier rows of the same
//! batch as separate statements would. The large rows (a version's body, its print) are bound
//! one by one: parsing them out of JSON cost more than the round trips.

use super::index::{AnchorMass, StoredPrint};
use super::{Conn, NewLink, NewVersion};
use crate::error::Result;
use serde::Serialize;

/// A version row with the id registration gave it.
pub struct VersionRow {
    pub id: i64,
    pub work_id: i64,
    pub outlet_id: i64,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    pub language_confidence: Option<f64>,
    pub published_at: Option<String>,
    pub first_seen_at: String,
    /// None for a stub: a version known only from a claim.
    pub body: Option<String>,
    pub body_hash: Option<String>,
    pub stub: bool,
}

impl VersionRow {
    fn as_new(&self) -> NewVersion<'_> {
        NewVersion {
            work_id: self.work_id,
            outlet_id: self.outlet_id,
            url: self.url.as_deref(),
            title: self.title.as_deref(),
            author: self.author.as_deref(),
            language: self.language.as_deref(),
            language_confidence: self.language_confidence,
            published_at: self.published_at.as_deref(),
            first_seen_at: &self.first_seen_at,
            body: self.body.as_deref(),
            body_hash: self.body_hash.as_deref(),
            stub: self.stub,
        }
    }
}

/// A claim row (see `claims::NewClaim`).
#[derive(Serialize)]
pub struct ClaimRow {
    pub version_id: i64,
    pub kind: String,
    pub outlet_name: Option<String>,
    pub outlet_id: Option<i64>,
    pub language: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub sentence: String,
    pub target_version_id: Option<i64>,
}

/// Everything a batch of registrations writes, in the order the foreign keys need.
#[derive(Default)]
pub struct Rows {
    /// New outlets: (id, name, domain).
    pub outlets: Vec<(i64, String, Option<String>)>,
    /// Other names of outlets: (outlet id, alias, its matching key).
    pub aliases: Vec<(i64, String, String)>,
    /// Known outlets that get a domain from a version's URL.
    pub domains: Vec<(i64, String)>,
    pub works: Vec<i64>,
    pub versions: Vec<VersionRow>,
    pub prints: Vec<(StoredPrint, AnchorMass)>,
    /// (key, version id).
    pub shingle_keys: Vec<(i64, i64)>,
    pub anchor_keys: Vec<(String, i64)>,
    /// (anchor, versions added that carry it).
    pub anchor_df: Vec<(String, i64)>,
    /// (outlet id, line hash, the work signature of the version that carried it), in order.
    pub lines: Vec<(i64, i64, Option<i64>)>,
    pub links: Vec<NewLink>,
    pub claims: Vec<ClaimRow>,
    /// Stored works merged into another: (into, from).
    pub merges: Vec<(i64, i64)>,
}

fn json<T: Serialize>(rows: &T) -> String {
    serde_json::to_string(rows).expect("rows serialize")
}

/// Rows grouped by version as a JSON object, `{"id": [k, …], …}`: SQLite parses each
/// version's keys once and reads the id from the member name, where an id inside each row's
/// value would have the value parsed again for every row. Written out directly: as a
/// `serde_json::Value` tree first, it cost ~2% of a bulk import.
fn by_version<K: Serialize>(rows: &[(K, i64)]) -> String {
    let mut out: Vec<u8> = b"{".to_vec();
    let mut current = None;
    for (k, id) in rows {
        // A version's rows are pushed together.
        if current == Some(*id) {
            out.push(b',');
        } else {
            if current.is_some() {
                out.extend_from_slice(b"],");
            }
            out.extend_from_slice(format!("\"{id}\":[").as_bytes());
            current = Some(*id);
        }
        serde_json::to_writer(&mut out, k).expect("keys serialize");
    }
    if current.is_some() {
        out.push(b']');
    }
    out.push(b'}');
    String::from_utf8(out).expect("JSON is UTF-8")
}

pub async fn write(conn: &mut Conn, rows: &mut Rows, now: &str) -> Result<()> {
    if !rows.outlets.is_empty() {
        let j = json(&rows.outlets);
        sqlx::query!(
            "INSERT INTO outlets (id, name, domain, created_at)
             SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', ?2 FROM json_each(?1)",
            j,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.aliases.is_empty() {
        let j = json(&rows.aliases);
        sqlx::query!(
            "INSERT OR IGNORE INTO outlet_aliases (outlet_id, alias, norm)
             SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]' FROM json_each(?1)",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    for (id, domain) in &rows.domains {
        super::outlets::set_domain_if_missing(conn, *id, domain).await?;
    }
    if !rows.works.is_empty() {
        let j = json(&rows.works);
        sqlx::query!(
            "INSERT INTO works (id, created_at) SELECT value, ?2 FROM json_each(?1)",
            j,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    // Versions and prints are bound row by row: as JSON, bodies and analyses went in escaped
    // and blobs as hex, and parsing them cost more than a round trip to SQLite's thread per
    // row (prints of the 10k corpus: 1.7 → 1.1 s).
    for v in &rows.versions {
        super::versions::insert(conn, Some(v.id), &v.as_new()).await?;
    }
    if !rows.prints.is_empty() {
        for (p, _) in &rows.prints {
            super::index::write_print(conn, p).await?;
        }
        // Apart from the prints: their blobs would be parsed again for two numbers.
        let masses = json(
            &rows
                .prints
                .iter()
                .map(|(p, m)| (p.version_id, m.count, m.logdf))
                .collect::<Vec<_>>(),
        );
        sqlx::query!(
            "INSERT INTO version_masses (version_id, language, anchor_count, anchor_logdf)
             SELECT v.id, v.language, m.value ->> '$[1]', m.value ->> '$[2]'
             FROM json_each(?1) m JOIN versions v ON v.id = m.value ->> '$[0]'",
            masses
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.shingle_keys.is_empty() {
        let j = by_version(&rows.shingle_keys);
        sqlx::query!(
            "INSERT OR IGNORE INTO shingle_keys_recent (key, version_id)
             SELECT k.value, CAST(v.key AS INTEGER) FROM json_each(?1) v, json_each(v.value) k",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.anchor_keys.is_empty() {
        let j = by_version(&rows.anchor_keys);
        sqlx::query!(
            "INSERT OR IGNORE INTO anchor_keys_recent (key, version_id)
             SELECT k.value, CAST(v.key AS INTEGER) FROM json_each(?1) v, json_each(v.value) k",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.anchor_df.is_empty() {
        let mut counts: std::collections::BTreeMap<&str, i64> = Default::default();
        for (k, n) in &rows.anchor_df {
            *counts.entry(k).or_default() += n;
        }
        let j = json(&counts);
        sqlx::query!(
            "INSERT INTO anchor_df (key, df) SELECT key, value FROM json_each(?1) WHERE 1
             ON CONFLICT (key) DO UPDATE SET df = df + excluded.df",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.lines.is_empty() {
        // Grouped by version as [[outlet, sig, [hash, …]], …], in order.
        let mut grouped: Vec<(i64, Option<i64>, Vec<i64>)> = Vec::new();
        for &(outlet, hash, sig) in &rows.lines {
            match grouped
                .last_mut()
                .filter(|(o, s, _)| *o == outlet && *s == sig)
            {
                Some((_, _, hashes)) => hashes.push(hash),
                None => grouped.push((outlet, sig, vec![hash])),
            }
        }
        let j = json(&grouped);
        // A version's outlet and signature are read once into `groups`: read from the joined
        // rows, each line turned its version's whole group back into text and parsed it again.
        // In version order (CROSS JOIN keeps it); counted as `index::count_outlet_lines` does.
        sqlx::query!(
            "WITH groups AS MATERIALIZED (
                 SELECT g.value ->> '$[0]' AS outlet, g.value ->> '$[1]' AS sig,
                        g.value -> '$[2]' AS hashes
                 FROM json_each(?1) g)
             INSERT INTO outlet_lines_recent (outlet_id, line_hash, seen, works, last_sig)
             SELECT groups.outlet, h.value, COALESCE(m.seen, 0) + 1,
                    CASE WHEN m.works IS NULL THEN 1
                         ELSE m.works + (m.last_sig IS NOT groups.sig) END,
                    groups.sig
             FROM groups CROSS JOIN json_each(groups.hashes) h
             LEFT JOIN outlet_lines m ON m.outlet_id = groups.outlet AND m.line_hash = h.value
             WHERE 1
             ON CONFLICT (outlet_id, line_hash) DO UPDATE SET seen = seen + 1,
                 works = works + (last_sig IS NOT excluded.last_sig), last_sig = excluded.last_sig",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.links.is_empty() {
        let j = json(
            &rows
                .links
                .iter()
                .map(|l| {
                    (
                        l.source_id,
                        l.derived_id,
                        l.relation.as_str(),
                        l.method.as_str(),
                        l.confidence.clamp(0.0, 1.0),
                        l.evidence.to_string(),
                        l.status.as_str(),
                    )
                })
                .collect::<Vec<_>>(),
        );
        sqlx::query!(
            "INSERT INTO links (source_id, derived_id, relation, method, confidence, evidence,
                                status, created_at)
             SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', value ->> '$[3]',
                    value ->> '$[4]', value ->> '$[5]', value ->> '$[6]', ?2
             FROM json_each(?1)",
            j,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    if !rows.claims.is_empty() {
        let j = json(&rows.claims);
        sqlx::query!(
            "INSERT INTO claims (version_id, kind, outlet_name, outlet_id, language, title, url,
                                 sentence, target_version_id)
             SELECT value ->> '$.version_id', value ->> '$.kind', value ->> '$.outlet_name',
                    value ->> '$.outlet_id', value ->> '$.language', value ->> '$.title',
                    value ->> '$.url', value ->> '$.sentence', value ->> '$.target_version_id'
             FROM json_each(?1)",
            j
        )
        .execute(&mut *conn)
        .await?;
    }
    for &(into, from) in &rows.merges {
        super::versions::merge_works(conn, into, from).await?;
    }
    super::postings::merge_recent(conn).await?;
    *rows = Rows::default();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::by_version;

    #[test]
    fn groups_rows_by_version_as_json() {
        assert_eq!(by_version::<i64>(&[]), "{}");
        assert_eq!(
            by_version(&[(7i64, 1), (8, 1), (-9, 2)]),
            r#"{"1":[7,8],"2":[-9]}"#
        );
        let rows = [("n:2024".to_string(), 3), ("p:\"q\"".to_string(), 3)];
        let parsed: serde_json::Value = serde_json::from_str(&by_version(&rows)).unwrap();
        assert_eq!(parsed, serde_json::json!({"3": ["n:2024", "p:\"q\""]}));
    }
}
