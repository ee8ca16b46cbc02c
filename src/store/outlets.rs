//! Outlets and their aliases.

use super::Conn;
use crate::error::Result;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct OutletRow {
    pub outlet_id: i64,
    pub name: String,
    pub domain: Option<String>,
    pub aliases: Vec<String>,
    pub versions: i64,
}

/// What registration first needs to know, in one round trip: the version already at the URL,
/// and the named outlet (by name or alias, as [`id_by_name`] finds it) with its learned
/// boilerplate (as [`super::index::outlet_boilerplate`] reads it).
pub struct Arrival {
    pub url_version: Option<i64>,
    pub outlet: Option<KnownOutlet>,
}

#[derive(Debug, Clone)]
pub struct KnownOutlet {
    pub id: i64,
    pub name: String,
    pub has_domain: bool,
    pub has_stubs: bool,
    pub learned: HashSet<u64>,
}

pub async fn arrival(conn: &mut Conn, url: Option<&str>, name: &str) -> Result<Arrival> {
    let r = sqlx::query!(
        r#"SELECT (SELECT id FROM versions WHERE url = ?1) AS "url_id?: i64",
                  o.id AS "oid?: i64", o.name AS "name?: String",
                  o.domain IS NOT NULL AS "has_domain?: bool",
                  EXISTS (SELECT 1 FROM versions s WHERE s.outlet_id = o.id AND s.stub = 1)
                      AS "has_stubs?: bool",
                  (SELECT group_concat(h) FROM (
                       SELECT line_hash AS h FROM outlet_lines INDEXED BY outlet_lines_learned
                       WHERE outlet_id = o.id AND works >= 3
                       UNION ALL
                       SELECT line_hash FROM outlet_lines_recent
                       INDEXED BY outlet_lines_recent_learned
                       WHERE outlet_id = o.id AND works >= 3)) AS "learned?: String"
           FROM (SELECT 1) LEFT JOIN outlets o ON o.id = (
               SELECT id FROM (
                   SELECT id, 0 AS rank FROM outlets WHERE name = ?2
                   UNION ALL SELECT outlet_id, 1 FROM outlet_aliases WHERE alias = ?2 COLLATE NOCASE
               ) ORDER BY rank LIMIT 1)"#,
        url,
        name
    )
    .fetch_one(conn)
    .await?;
    let outlet = match (r.oid, r.name) {
        (Some(id), Some(name)) => Some(KnownOutlet {
            id,
            name,
            has_domain: r.has_domain.unwrap_or(false),
            has_stubs: r.has_stubs.unwrap_or(true),
            learned: parse_hashes(r.learned.as_deref()),
        }),
        _ => None,
    };
    Ok(Arrival {
        url_version: r.url_id,
        outlet,
    })
}

/// The outlet's id (by name or one of its aliases), creating it (with its domain, when a URL
/// gives one) on first mention.
pub async fn get_or_create(
    conn: &mut Conn,
    name: &str,
    domain: Option<&str>,
    now: &str,
) -> Result<i64> {
    if let Some(id) = id_by_name(&mut *conn, name).await? {
        if let Some(d) = domain {
            set_domain_if_missing(conn, id, d).await?;
        }
        return Ok(id);
    }
    Ok(sqlx::query!(
        "INSERT INTO outlets (name, domain, created_at) VALUES (?1, ?2, ?3)",
        name,
        domain,
        now
    )
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Gives the outlet its domain (from a URL of one of its versions) unless it has one.
pub async fn set_domain_if_missing(conn: &mut Conn, id: i64, domain: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE outlets SET domain = ?2 WHERE id = ?1 AND domain IS NULL",
        id,
        domain
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_alias(conn: &mut Conn, outlet_id: i64, alias: &str, norm: &str) -> Result<()> {
    sqlx::query!(
        "INSERT OR IGNORE INTO outlet_aliases (outlet_id, alias, norm) VALUES (?1, ?2, ?3)",
        outlet_id,
        alias,
        norm
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every outlet with its aliases and version count.
pub async fn all(conn: &mut Conn) -> Result<Vec<OutletRow>> {
    let rows = sqlx::query!(
        r#"SELECT o.id AS "id!: i64", o.name AS "name!: String", o.domain,
                  (SELECT COUNT(*) FROM versions v WHERE v.outlet_id = o.id) AS "versions!: i64",
                  (SELECT json_group_array(alias) FROM outlet_aliases a WHERE a.outlet_id = o.id) AS "aliases!: String"
           FROM outlets o ORDER BY o.name"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutletRow {
            outlet_id: r.id,
            name: r.name,
            domain: r.domain,
            aliases: serde_json::from_str(&r.aliases).unwrap_or_default(),
            versions: r.versions,
        })
        .collect())
}

pub async fn id_by_domain(conn: &mut Conn, domain: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM outlets WHERE domain = ?1 LIMIT 1"#,
        domain
    )
    .fetch_optional(conn)
    .await?)
}

/// The outlet with this name, or with this alias ("Каспийский Вестник" for "Kaspiy Vestnik").
pub async fn id_by_name(conn: &mut Conn, name: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM (
               SELECT id, 0 AS rank FROM outlets WHERE name = ?1
               UNION ALL SELECT outlet_id, 1 FROM outlet_aliases WHERE alias = ?1 COLLATE NOCASE
           ) ORDER BY rank LIMIT 1"#,
        name
    )
    .fetch_optional(conn)
    .await?)
}

/// The outlet's name.
pub async fn name_of(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT name AS "name!: String" FROM outlets WHERE id = ?1"#,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// How many versions with a text (not stubs) the outlet has.
pub async fn full_versions(conn: &mut Conn, id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM versions WHERE outlet_id = ?1 AND stub = 0"#,
        id
    )
    .fetch_one(conn)
    .await?)
}

/// Renames an outlet that so far was known only from claims to the name its own versions
/// use; the claim's wording stays as an alias.
pub async fn adopt_name(conn: &mut Conn, id: i64, name: &str, old_norm: &str) -> Result<()> {
    let Some(old) = name_of(&mut *conn, id).await? else {
        return Ok(());
    };
    add_alias(&mut *conn, id, &old, old_norm).await?;
    sqlx::query!(
        "UPDATE outlets SET name = ?2 WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM outlets WHERE name = ?2)",
        id,
        name
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every outlet's name and aliases: (id, name or alias), for resolving the names claims use.
pub async fn names(conn: &mut Conn) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", name AS "name!: String" FROM outlets
           UNION ALL SELECT outlet_id, alias FROM outlet_aliases"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

/// The outlets known by any of these names (or aliases), as [`arrival`] describes them, keyed
/// by the name asked for (their learned boilerplate in a second query). An exact name wins
/// over an alias, as in [`id_by_name`].
pub async fn by_names(conn: &mut Conn, names: &[&str]) -> Result<HashMap<String, KnownOutlet>> {
    let json = serde_json::to_string(names).expect("names serialize");
    let rows = sqlx::query!(
        r#"SELECT m.asked AS "asked!: String", m.rank AS "rank!: i64", o.id AS "id!: i64",
                  o.name AS "name!: String", o.domain IS NOT NULL AS "has_domain!: bool",
                  EXISTS (SELECT 1 FROM versions s WHERE s.outlet_id = o.id AND s.stub = 1)
                      AS "has_stubs!: bool"
           FROM (SELECT name AS asked, id AS oid, 0 AS rank FROM outlets
                 WHERE name IN (SELECT value FROM json_each(?1))
                 UNION ALL SELECT alias, outlet_id, 1 FROM outlet_aliases
                 WHERE alias COLLATE NOCASE IN (SELECT value FROM json_each(?1))) m
           JOIN outlets o ON o.id = m.oid
           ORDER BY m.rank DESC"#,
        json
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let learned = super::index::outlets_boilerplate(conn, &ids).await?;
    let mut out = HashMap::new();
    // Aliases first, names last: a name overwrites an alias asked the same way.
    for r in rows {
        // One outlet can come in two rows (by name and by alias).
        let learned = learned.get(&r.id).cloned().unwrap_or_default();
        for asked in names.iter().filter(|n| n.eq_ignore_ascii_case(&r.asked)) {
            out.insert(
                asked.to_string(),
                KnownOutlet {
                    id: r.id,
                    name: r.name.clone(),
                    has_domain: r.has_domain,
                    has_stubs: r.has_stubs,
                    learned: learned.clone(),
                },
            );
        }
    }
    Ok(out)
}

pub(super) fn parse_hashes(list: Option<&str>) -> HashSet<u64> {
    list.unwrap_or_default()
        .split(',')
        .filter_map(|h| h.parse::<i64>().ok())
        .map(|h| h as u64)
        .collect()
}

/// Names and aliases of the outlets that have stubs: (id, name or alias).
pub async fn names_with_stubs(conn: &mut Conn) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!: i64", name AS "name!: String" FROM outlets
           WHERE id IN (SELECT outlet_id FROM versions WHERE stub = 1)
           UNION ALL SELECT outlet_id, alias FROM outlet_aliases
           WHERE outlet_id IN (SELECT outlet_id FROM versions WHERE stub = 1)"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}

/// Every outlet with its domain and aliases (packed): what resolving the names claims use
/// needs, read once for a bulk batch.
pub async fn directory(conn: &mut Conn) -> Result<Vec<(i64, String, Option<String>, Vec<String>)>> {
    let rows = sqlx::query!(
        r#"SELECT o.id AS "id!: i64", o.name AS "name!: String", o.domain,
                  (SELECT group_concat(a.alias, char(30)) FROM outlet_aliases a
                   WHERE a.outlet_id = o.id) AS "aliases?: String"
           FROM outlets o ORDER BY o.id"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let aliases = r
                .aliases
                .map(|a| a.split('\u{1E}').map(str::to_string).collect())
                .unwrap_or_default();
            (r.id, r.name, r.domain, aliases)
        })
        .collect())
}
