//! REF: how users name a version — its id, its URL, or words of its title.

use crate::error::{Error, Result};
use crate::model::Version;
use crate::store::{Conn, versions};

pub async fn resolve(conn: &mut Conn, reference: &str) -> Result<Version> {
    let r = reference.trim().trim_start_matches('#');
    // Empty words would match every title.
    if r.is_empty() {
        return Err(Error::bad(format!(
            "{reference:?} names no version: give an id, a URL or words of a title"
        )));
    }
    if let Ok(id) = r.parse::<i64>() {
        return versions::by_id(conn, id)
            .await?
            .ok_or_else(|| Error::NotFound(reference.to_string()));
    }
    if r.contains("://") {
        let id = versions::id_by_url(conn, r)
            .await?
            .ok_or_else(|| Error::NotFound(reference.to_string()))?;
        return Ok(versions::by_id(conn, id).await?.expect("id just found"));
    }
    let ids = versions::ids_by_title(conn, r).await?;
    let mut found = versions::by_ids(conn, &ids).await?;
    match found.len() {
        0 => Err(Error::NotFound(reference.to_string())),
        1 => Ok(found.remove(0)),
        _ => Err(Error::Ambiguous {
            query: reference.to_string(),
            candidates: found,
        }),
    }
}
