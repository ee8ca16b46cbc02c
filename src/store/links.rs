//! Links between versions.

use super::{Conn, json_ids};
use crate::error::Result;
use crate::model::{Link, Method, Relation, Status};

pub struct NewLink {
    pub source_id: i64,
    pub derived_id: i64,
    pub relation: Relation,
    pub method: Method,
    pub confidence: f64,
    pub status: Status,
    pub evidence: serde_json::Value,
}

pub async fn insert(conn: &mut Conn, link: &NewLink, now: &str) -> Result<i64> {
    let (relation, method, status) = (
        link.relation.as_str(),
        link.method.as_str(),
        link.status.as_str(),
    );
    let evidence = link.evidence.to_string();
    let confidence = link.confidence.clamp(0.0, 1.0);
    Ok(sqlx::query!(
        "INSERT INTO links (source_id, derived_id, relation, method, confidence, evidence, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        link.source_id,
        link.derived_id,
        relation,
        method,
        confidence,
        evidence,
        status,
        now
    )
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Replaces what a link says (a person's decision, or stronger evidence for the same pair).
pub async fn update(conn: &mut Conn, id: i64, link: &NewLink) -> Result<()> {
    let (relation, method, status) = (
        link.relation.as_str(),
        link.method.as_str(),
        link.status.as_str(),
    );
    let evidence = link.evidence.to_string();
    let confidence = link.confidence.clamp(0.0, 1.0);
    sqlx::query!(
        "UPDATE links SET source_id = ?2, derived_id = ?3, relation = ?4, method = ?5, confidence = ?6,
                          evidence = ?7, status = ?8
         WHERE id = ?1",
        id,
        link.source_id,
        link.derived_id,
        relation,
        method,
        confidence,
        evidence,
        status
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every link touching any of these versions.
pub async fn touching(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Link>> {
    let json = json_ids(ids);
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", source_id AS "source_id!: i64", derived_id AS "derived_id!: i64",
                  relation AS "relation!: String", method AS "method!: String", confidence AS "confidence!: f64",
                  status AS "status!: String", evidence AS "evidence!: String"
           FROM links
           WHERE source_id IN (SELECT value FROM json_each(?1)) OR derived_id IN (SELECT value FROM json_each(?1))
           ORDER BY id"#,
        json
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            // The CHECK constraints guarantee these parse; a failure means a corrupt store.
            let bad = |e: String| crate::Error::bad(format!("corrupt link {}: {e}", r.id));
            Ok(Link {
                link_id: r.id,
                source_id: r.source_id,
                derived_id: r.derived_id,
                relation: r.relation.parse().map_err(bad)?,
                method: r.method.parse().map_err(bad)?,
                confidence: r.confidence,
                status: r.status.parse().map_err(bad)?,
                evidence: serde_json::from_str(&r.evidence).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}

pub async fn between(conn: &mut Conn, a: i64, b: i64) -> Result<Option<Link>> {
    Ok(touching(conn, &[a])
        .await?
        .into_iter()
        .find(|l| l.other(a) == b))
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<Link>> {
    let pair = sqlx::query!(
        r#"SELECT source_id AS "s!: i64", derived_id AS "d!: i64" FROM links WHERE id = ?1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match pair {
        Some(p) => between(conn, p.s, p.d).await,
        None => Ok(None),
    }
}

pub async fn count(conn: &mut Conn) -> Result<i64> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM links"#)
            .fetch_one(conn)
            .await?,
    )
}
