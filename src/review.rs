//! People's decisions on links: accept a proposal, reject a link, or add one by hand. Work
//! membership follows accepted links, so accepting merges works and rejecting may split one.

use crate::error::{Error, Result};
use crate::model::{Link, Method, Relation, Status};
use crate::store::{self, Conn, NewLink, Store, links, versions};
use serde_json::json;
use std::collections::{HashMap, HashSet};

fn reviewed(old: &Link, status: Status, now: &str) -> NewLink {
    NewLink {
        source_id: old.source_id,
        derived_id: old.derived_id,
        relation: old.relation,
        method: Method::Manual,
        confidence: if status == Status::Accepted {
            1.0
        } else {
            old.confidence
        },
        status,
        evidence: json!({
            "rule": format!("{status} by a person at {now}"),
            "method_before": old.method,
            "status_before": old.status,
            "evidence_before": old.evidence,
        }),
    }
}

/// Sets a link's status by hand; returns the link as it now stands.
pub async fn decide(store: &Store, link_id: i64, status: Status) -> Result<Link> {
    let mut tx = store.begin().await?;
    let old = links::by_id(&mut tx, link_id)
        .await?
        .ok_or(Error::NoLink(link_id))?;
    let now = store::now();
    links::update(&mut tx, link_id, &reviewed(&old, status, &now)).await?;
    regroup(&mut tx, &[old.source_id, old.derived_id]).await?;
    let link = links::by_id(&mut tx, link_id).await?.expect("just updated");
    tx.commit().await?;
    Ok(link)
}

/// Adds a link between two versions by hand, in place of any link between them (its evidence
/// keeps the one it replaced, under `replaced`).
pub async fn add(
    store: &Store,
    source_id: i64,
    derived_id: i64,
    relation: Relation,
) -> Result<Link> {
    if source_id == derived_id {
        return Err(Error::bad("a version cannot be linked to itself"));
    }
    let mut tx = store.begin().await?;
    let now = store::now();
    let old = links::between(&mut tx, source_id, derived_id).await?;
    let mut evidence = json!({ "rule": format!("added by a person at {now}") });
    if let Some(old) = &old {
        evidence["replaced"] = json!({
            "source_id": old.source_id,
            "derived_id": old.derived_id,
            "relation": old.relation,
            "method": old.method,
            "confidence": old.confidence,
            "status": old.status,
            "evidence": old.evidence,
        });
    }
    let link = NewLink {
        source_id,
        derived_id,
        relation,
        method: Method::Manual,
        confidence: 1.0,
        status: Status::Accepted,
        evidence,
    };
    let id = match old {
        Some(old) => {
            links::update(&mut tx, old.link_id, &link).await?;
            old.link_id
        }
        None => links::insert(&mut tx, &link, &now).await?,
    };
    regroup(&mut tx, &[source_id, derived_id]).await?;
    let link = links::by_id(&mut tx, id).await?.expect("just written");
    tx.commit().await?;
    Ok(link)
}

/// Recomputes work membership around these versions: the versions connected by accepted links
/// form one work; the part holding the oldest work id keeps it, other parts get new works.
async fn regroup(conn: &mut Conn, seeds: &[i64]) -> Result<()> {
    let seed_versions = versions::by_ids(conn, seeds).await?;
    let mut work_ids: Vec<i64> = seed_versions.iter().map(|v| v.work_id).collect();
    work_ids.sort_unstable();
    work_ids.dedup();
    let mut members: Vec<i64> = Vec::new();
    for w in &work_ids {
        members.extend(versions::ids_of_work(conn, *w).await?);
    }
    let accepted: Vec<Link> = links::touching(conn, &members)
        .await?
        .into_iter()
        .filter(|l| l.status == Status::Accepted)
        .collect();
    // Union-find over the members.
    let mut parent: HashMap<i64, i64> = members.iter().map(|&m| (m, m)).collect();
    fn find(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let p = parent[&x];
        if p == x {
            return x;
        }
        let r = find(parent, p);
        parent.insert(x, r);
        r
    }
    for l in &accepted {
        if parent.contains_key(&l.source_id) && parent.contains_key(&l.derived_id) {
            let (a, b) = (
                find(&mut parent, l.source_id),
                find(&mut parent, l.derived_id),
            );
            parent.insert(a.max(b), a.min(b));
        }
    }
    let mut groups: HashMap<i64, Vec<i64>> = HashMap::new();
    for &m in &members {
        let root = find(&mut parent, m);
        groups.entry(root).or_default().push(m);
    }
    let mut groups: Vec<Vec<i64>> = groups.into_values().collect();
    groups.sort_by_key(|g| g.iter().min().copied());
    let mut used: HashSet<i64> = HashSet::new();
    let all = versions::by_ids(conn, &members).await?;
    for group in groups {
        let mut own: Vec<i64> = all
            .iter()
            .filter(|v| group.contains(&v.version_id))
            .map(|v| v.work_id)
            .collect();
        own.sort_unstable();
        let keep = match own.into_iter().find(|w| !used.contains(w)) {
            Some(w) => w,
            None => versions::new_work(conn, &store::now()).await?,
        };
        used.insert(keep);
        versions::set_work(conn, &group, keep).await?;
    }
    versions::drop_empty_works(conn, &work_ids).await?;
    Ok(())
}
