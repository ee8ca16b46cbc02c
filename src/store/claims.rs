//! Claims: what a version's text says about its own provenance.

use super::Conn;
use crate::error::Result;
use serde::Serialize;

pub struct NewClaim<'a> {
    pub version_id: i64,
    pub kind: &'a str,
    pub outlet_name: Option<&'a str>,
    pub outlet_id: Option<i64>,
    pub language: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub sentence: &'a str,
    pub target_version_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub claim_id: i64,
    pub version_id: i64,
    pub kind: String,
    /// The outlet as resolved (its name in the store), else the claim's wording.
    pub outlet: Option<String>,
    pub outlet_id: Option<i64>,
    /// The claim's own wording of the outlet.
    pub outlet_wording: Option<String>,
    pub language: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub sentence: String,
    pub target_version_id: Option<i64>,
    /// The version the claim points at is a stub (known only from claims).
    pub target_stub: bool,
}

pub async fn insert(conn: &mut Conn, c: &NewClaim<'_>) -> Result<i64> {
    Ok(sqlx::query!(
        "INSERT INTO claims (version_id, kind, outlet_name, outlet_id, language, title, url, sentence, target_version_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        c.version_id,
        c.kind,
        c.outlet_name,
        c.outlet_id,
        c.language,
        c.title,
        c.url,
        c.sentence,
        c.target_version_id
    )
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Claims made by any of these versions, in the order they were read.
pub async fn of_versions(conn: &mut Conn, ids: &[i64]) -> Result<Vec<ClaimRow>> {
    let json = super::json_ids(ids);
    let rows = sqlx::query!(
        r#"SELECT c.id AS "id!: i64", c.version_id AS "version_id!: i64", c.kind AS "kind!: String",
                  COALESCE(o.name, c.outlet_name) AS outlet, c.outlet_id, c.outlet_name,
                  c.language, c.title, c.url, c.sentence AS "sentence!: String", c.target_version_id,
                  COALESCE(t.stub, 0) AS "target_stub!: bool"
           FROM claims c LEFT JOIN outlets o ON o.id = c.outlet_id
                LEFT JOIN versions t ON t.id = c.target_version_id
           WHERE c.version_id IN (SELECT value FROM json_each(?1)) ORDER BY c.id"#,
        json
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ClaimRow {
            claim_id: r.id,
            version_id: r.version_id,
            kind: r.kind,
            outlet: r.outlet,
            outlet_id: r.outlet_id,
            outlet_wording: r.outlet_name,
            language: r.language,
            title: r.title,
            url: r.url,
            sentence: r.sentence,
            target_version_id: r.target_version_id,
            target_stub: r.target_stub,
        })
        .collect())
}
