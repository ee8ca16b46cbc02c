//! Versions: insert, find by id / URL / title / text hash, fill a stub, full-text search.

use super::{Conn, json_ids};
use crate::error::Result;
use crate::model::Version;

pub struct NewVersion<'a> {
    pub work_id: i64,
    pub outlet_id: i64,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    pub language: Option<&'a str>,
    pub language_confidence: Option<f64>,
    pub published_at: Option<&'a str>,
    pub first_seen_at: &'a str,
    pub body: Option<&'a str>,
    pub body_hash: Option<&'a str>,
    pub stub: bool,
}

/// A candidate for matching: the version and what it is scored by (its text is read only
/// when its stored fingerprint is out of date: see `body`).
pub struct CandidateText {
    pub version: Version,
    pub outlet_id: i64,
    /// Whether the version has stored claims.
    pub has_claims: bool,
    /// Its stored fingerprint, if it has one.
    pub print: Option<super::index::StoredPrint>,
}

pub async fn new_work(conn: &mut Conn, now: &str) -> Result<i64> {
    Ok(
        sqlx::query!("INSERT INTO works (created_at) VALUES (?1)", now)
            .execute(conn)
            .await?
            .last_insert_rowid(),
    )
}

/// Inserts a version with the id given (bulk registration gives ids itself), or the next one
/// when None; returns the id.
pub async fn insert(conn: &mut Conn, id: Option<i64>, v: &NewVersion<'_>) -> Result<i64> {
    let id = sqlx::query!(
        "INSERT INTO versions (id, work_id, outlet_id, url, title, author, language,
                               language_confidence, published_at, first_seen_at, body, body_hash,
                               stub)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        id,
        v.work_id,
        v.outlet_id,
        v.url,
        v.title,
        v.author,
        v.language,
        v.language_confidence,
        v.published_at,
        v.first_seen_at,
        v.body,
        v.body_hash,
        v.stub
    )
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

/// Turns a stub into the full version it stood for; its id, work and links stay.
pub async fn fill_stub(conn: &mut Conn, id: i64, v: &NewVersion<'_>) -> Result<()> {
    sqlx::query!(
        "UPDATE versions SET outlet_id = ?2, url = COALESCE(?3, url), title = COALESCE(?4, title),
                author = COALESCE(?5, author), language = COALESCE(?6, language),
                language_confidence = ?7, published_at = COALESCE(?8, published_at),
                body = ?9, body_hash = ?10, stub = 0
         WHERE id = ?1 AND stub = 1",
        id,
        v.outlet_id,
        v.url,
        v.title,
        v.author,
        v.language,
        v.language_confidence,
        v.published_at,
        v.body,
        v.body_hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Versions by id, in the order asked; missing ids are skipped.
pub async fn by_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Version>> {
    let json = json_ids(ids);
    let rows = sqlx::query!(
        r#"SELECT version_id AS "version_id!: i64", work_id AS "work_id!: i64", outlet AS "outlet!: String",
                  url, title, language, published_at, stub AS "stub!: bool", author,
                  language_confidence, first_seen_at AS "first_seen_at!: String"
           FROM version_view WHERE version_id IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_all(conn)
    .await?;
    let mut versions: Vec<Version> = rows
        .into_iter()
        .map(|r| Version {
            version_id: r.version_id,
            work_id: r.work_id,
            outlet: r.outlet,
            url: r.url,
            title: r.title,
            language: r.language,
            published_at: r.published_at,
            stub: r.stub,
            author: r.author,
            language_confidence: r.language_confidence,
            first_seen_at: r.first_seen_at,
        })
        .collect();
    versions.sort_by_key(|v| ids.iter().position(|&i| i == v.version_id));
    Ok(versions)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<Version>> {
    Ok(by_ids(conn, &[id]).await?.into_iter().next())
}

pub async fn id_by_url(conn: &mut Conn, url: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM versions WHERE url = ?1"#,
        url
    )
    .fetch_optional(conn)
    .await?)
}

/// The first version of this outlet with this normalized-text hash (the same text registered
/// twice), as [`by_hashes`] gives it for a bulk run: both paths name the same version.
pub async fn id_by_outlet_hash(conn: &mut Conn, outlet_id: i64, hash: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM versions WHERE outlet_id = ?1 AND body_hash = ?2
           ORDER BY id LIMIT 1"#,
        outlet_id,
        hash
    )
    .fetch_optional(conn)
    .await?)
}

/// Versions whose title contains the query (case-insensitive for ASCII; exact otherwise).
pub async fn ids_by_title(conn: &mut Conn, query: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM versions
           WHERE title LIKE '%' || ?1 || '%' OR lower(title) = lower(?1) ORDER BY id LIMIT 50"#,
        query
    )
    .fetch_all(conn)
    .await?)
}

pub async fn ids_of_work(conn: &mut Conn, work_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM versions WHERE work_id = ?1 ORDER BY id"#,
        work_id
    )
    .fetch_all(conn)
    .await?)
}

/// The works registered versions are in now, each once, in the order of `registered` (each
/// version's id and the work it was registered into). While an import runs, a version leaves
/// its work only when that work merges into another and is deleted, so only the versions of
/// deleted works are looked up (a version's row fills about a page: reading them all read
/// ~10,000 pages for 10,000 versions and filled a fresh connection's page cache).
pub async fn works_now(conn: &mut Conn, registered: &[(i64, i64)]) -> Result<Vec<i64>> {
    let mut works: Vec<i64> = registered.iter().map(|&(_, w)| w).collect();
    works.sort_unstable();
    works.dedup();
    let json = json_ids(&works);
    let alive: std::collections::HashSet<i64> = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM works WHERE id IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let moved: Vec<i64> = registered
        .iter()
        .filter(|(_, w)| !alive.contains(w))
        .map(|&(v, _)| v)
        .collect();
    let moved: std::collections::HashMap<i64, i64> = by_ids(conn, &moved)
        .await?
        .into_iter()
        .map(|v| (v.version_id, v.work_id))
        .collect();
    let mut seen = std::collections::HashSet::new();
    Ok(registered
        .iter()
        .filter_map(|(v, w)| {
            if alive.contains(w) {
                Some(*w)
            } else {
                moved.get(v).copied()
            }
        })
        .filter(|w| seen.insert(*w))
        .collect())
}

pub async fn all_ids(conn: &mut Conn) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar!(r#"SELECT id AS "id!: i64" FROM versions ORDER BY id"#)
            .fetch_all(conn)
            .await?,
    )
}

/// Stubs of an outlet (by outlet id), for replacing one when its real text arrives.
pub async fn stub_ids_of_outlet(conn: &mut Conn, outlet_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM versions WHERE outlet_id = ?1 AND stub = 1 ORDER BY id"#,
        outlet_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn body(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT body FROM versions WHERE id = ?1", id)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

/// Candidates with their texts (stubs have none and are left out).
pub async fn candidate_texts(conn: &mut Conn, ids: &[i64]) -> Result<Vec<CandidateText>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let json = json_ids(ids);
    // One statement for the version, whether it made claims and its stored fingerprint: each
    // query is a round trip to SQLite's thread. Not the text: it spans overflow pages.
    let rows = sqlx::query!(
        r#"SELECT w.version_id AS "version_id!: i64", w.work_id AS "work_id!: i64", w.outlet AS "outlet!: String",
                  w.url, w.title, w.language, w.published_at, w.stub AS "stub!: bool", w.author,
                  w.language_confidence, w.first_seen_at AS "first_seen_at!: String",
                  v.outlet_id AS "outlet_id!: i64",
                  EXISTS (SELECT 1 FROM claims c WHERE c.version_id = v.id) AS "has_claims!: bool",
                  p.shingles AS "shingles?: Vec<u8>", p.analysis AS "analysis?: String",
                  p.lines AS "lines?: Vec<u8>", p.stripped AS "stripped?: i64"
           FROM versions v JOIN version_view w ON w.version_id = v.id
                LEFT JOIN version_prints p ON p.version_id = v.id
           WHERE v.id IN (SELECT value FROM json_each(?1)) AND v.stub = 0
           ORDER BY v.id"#,
        json
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CandidateText {
            version: Version {
                version_id: r.version_id,
                work_id: r.work_id,
                outlet: r.outlet,
                url: r.url,
                title: r.title,
                language: r.language,
                published_at: r.published_at,
                stub: r.stub,
                author: r.author,
                language_confidence: r.language_confidence,
                first_seen_at: r.first_seen_at,
            },
            outlet_id: r.outlet_id,
            has_claims: r.has_claims,
            print: match (r.shingles, r.analysis, r.lines, r.stripped) {
                (Some(shingles), Some(analysis), Some(lines), Some(stripped)) => {
                    Some(super::index::StoredPrint {
                        version_id: r.version_id,
                        shingles,
                        analysis,
                        lines,
                        stripped,
                    })
                }
                _ => None,
            },
        })
        .collect())
}

/// Adds the versions registered since the last search to the full-text index (migration
/// 0009: registration leaves it to search) and returns how many it added. One write
/// transaction, so two searches never index a version twice; none at all (no write lock
/// taken) when nothing is new.
pub async fn index_for_search(conn: &mut Conn) -> Result<u64> {
    let behind = sqlx::query_scalar!(
        r#"SELECT (SELECT COALESCE(MAX(id), 0) FROM versions) > indexed_upto AS "behind!: bool"
           FROM search_index"#
    )
    .fetch_one(&mut *conn)
    .await?;
    if !behind {
        return Ok(0);
    }
    let mut tx = super::begin_immediate_on(conn).await?;
    let upto = sqlx::query_scalar!("SELECT indexed_upto FROM search_index")
        .fetch_one(&mut *tx)
        .await?;
    let added = sqlx::query!(
        "INSERT INTO versions_fts (rowid, title, body)
         SELECT id, title, body FROM versions WHERE id > ?1 ORDER BY id",
        upto
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if added > 0 {
        sqlx::query!("UPDATE search_index SET indexed_upto = (SELECT max(id) FROM versions)")
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// Full-text search over titles and bodies; best matches first, with a short snippet.
pub async fn search(conn: &mut Conn, query: &str, limit: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT rowid AS "id!: i64",
                  CAST(snippet(versions_fts, 1, '[', ']', '…', 12) AS TEXT) AS "snippet!: String"
           FROM versions_fts WHERE versions_fts MATCH ?1 ORDER BY rank LIMIT ?2"#,
        query,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.snippet)).collect())
}

/// Moves every version of work `from` into work `into` and drops the emptied work.
pub async fn merge_works(conn: &mut Conn, into: i64, from: i64) -> Result<()> {
    if into == from {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE versions SET work_id = ?1 WHERE work_id = ?2",
        into,
        from
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM works WHERE id = ?1", from)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many versions the store holds, about: the highest id (deletions are rare), read from
/// the primary key in O(log n) where COUNT(*) would scan the table.
pub async fn count(conn: &mut Conn) -> Result<i64> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COALESCE(MAX(id), 0) AS "n!: i64" FROM versions"#)
            .fetch_one(conn)
            .await?,
    )
}

/// Titles of an outlet's versions (optionally in one language): (id, title), newest first.
pub async fn titles_of_outlet(
    conn: &mut Conn,
    outlet_id: i64,
    language: Option<&str>,
    limit: i64,
) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", title AS "title!: String" FROM versions
           WHERE outlet_id = ?1 AND title IS NOT NULL AND (?2 IS NULL OR language = ?2 OR language IS NULL)
           ORDER BY id DESC LIMIT ?3"#,
        outlet_id,
        language,
        limit
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.title)).collect())
}

pub async fn set_work(conn: &mut Conn, ids: &[i64], work_id: i64) -> Result<()> {
    let json = json_ids(ids);
    sqlx::query!(
        "UPDATE versions SET work_id = ?1 WHERE id IN (SELECT value FROM json_each(?2))",
        work_id,
        json
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes those of these works that no version belongs to any more.
pub async fn drop_empty_works(conn: &mut Conn, work_ids: &[i64]) -> Result<()> {
    let json = json_ids(work_ids);
    sqlx::query!(
        "DELETE FROM works WHERE id IN (SELECT value FROM json_each(?1))
         AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.work_id = works.id)",
        json
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The stored versions (or stubs) with these URLs: (URL, version id, whether a stub).
pub async fn known_urls(conn: &mut Conn, urls: &[&str]) -> Result<Vec<(String, i64, bool)>> {
    let json = serde_json::to_string(urls).expect("urls serialize");
    let rows = sqlx::query!(
        r#"SELECT url AS "url!: String", id AS "id!: i64", stub AS "stub!: bool"
           FROM versions WHERE url IN (SELECT value FROM json_each(?1))"#,
        json
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.url, r.id, r.stub)).collect())
}

/// The first version of each of these (outlet id, normalized-text hash) pairs that is stored:
/// the same text from the same outlet. Looked up by outlet and hash, the one index on hashes.
pub async fn by_hashes(
    conn: &mut Conn,
    pairs: &[(i64, &str)],
) -> Result<Vec<((i64, String), i64)>> {
    let json = serde_json::to_string(pairs).expect("pairs serialize");
    let rows = sqlx::query!(
        r#"SELECT v.outlet_id AS "outlet_id!: i64", v.body_hash AS "hash!: String",
                  MIN(v.id) AS "id!: i64"
           FROM json_each(?1) j
           JOIN versions v ON v.outlet_id = json_extract(j.value, '$[0]')
                          AND v.body_hash = json_extract(j.value, '$[1]')
           GROUP BY v.outlet_id, v.body_hash"#,
        json
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.outlet_id, r.hash), r.id))
        .collect())
}

/// The highest ids of versions, works and outlets (0 when none).
pub async fn max_ids(conn: &mut Conn) -> Result<(i64, i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT (SELECT COALESCE(MAX(id), 0) FROM versions) AS "v!: i64",
                  (SELECT COALESCE(MAX(id), 0) FROM works) AS "w!: i64",
                  (SELECT COALESCE(MAX(id), 0) FROM outlets) AS "o!: i64""#
    )
    .fetch_one(conn)
    .await?;
    Ok((r.v, r.w, r.o))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same text from the same outlet is found by outlet and hash, first version first,
    /// through the outlet's index (the one index on hashes since migration 0015).
    #[tokio::test]
    async fn the_same_text_is_found_by_outlet_and_hash() {
        let (_dir, store) = crate::store::temp().await;
        let mut conn = store.conn().await.unwrap();
        let now = crate::store::now();
        let harbour = crate::store::outlets::get_or_create(&mut conn, "Harbour Notes", None, &now)
            .await
            .unwrap();
        let quay = crate::store::outlets::get_or_create(&mut conn, "Quay Daily", None, &now)
            .await
            .unwrap();
        let work = new_work(&mut conn, &now).await.unwrap();
        let version = |outlet_id, hash| NewVersion {
            work_id: work,
            outlet_id,
            url: None,
            title: None,
            author: None,
            language: Some("en"),
            language_confidence: None,
            published_at: None,
            first_seen_at: &now,
            body: Some("text"),
            body_hash: Some(hash),
            stub: false,
        };
        let rows = [
            (5, harbour, "aa"),
            (3, harbour, "aa"),
            (4, quay, "aa"),
            (6, harbour, "bb"),
        ];
        for (id, outlet, hash) in rows {
            insert(&mut conn, Some(id), &version(outlet, hash))
                .await
                .unwrap();
        }
        let mut found = by_hashes(
            &mut conn,
            &[(harbour, "aa"), (quay, "bb"), (quay + 1, "aa")],
        )
        .await
        .unwrap();
        found.sort();
        assert_eq!(found, vec![((harbour, "aa".to_string()), 3)]);
        let first = id_by_outlet_hash(&mut conn, harbour, "aa").await.unwrap();
        assert_eq!(first, Some(3));

        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "EXPLAIN QUERY PLAN SELECT MIN(v.id) FROM json_each('[[1,\"aa\"]]') j
             JOIN versions v ON v.outlet_id = json_extract(j.value, '$[0]')
                            AND v.body_hash = json_extract(j.value, '$[1]')",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert!(
            plan.iter()
                .any(|r| r.3.contains("INDEX versions_outlet_hash")),
            "{plan:?}"
        );
    }
}
