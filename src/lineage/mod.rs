//! Graph questions over a work's versions and links: the tree from its origin, the origin of
//! a version with the chain that leads there, and every other version of the piece.

mod basis;
mod tree;

pub use tree::{Conflict, Tree, build};

use crate::error::Result;
use crate::model::{Link, Relation, Status, Version};
use crate::store::{ClaimRow, Conn, claims, links, versions};
use serde::Serialize;

/// A work's versions and the links among them.
pub struct Work {
    pub work_id: i64,
    pub versions: Vec<Version>,
    pub links: Vec<Link>,
    /// Proposed links from this work's versions to versions outside it.
    pub proposed: Vec<(Link, Version)>,
    /// What the versions' texts claim about their provenance.
    pub claims: Vec<ClaimRow>,
}

pub async fn load_work(conn: &mut Conn, work_id: i64) -> Result<Work> {
    let ids = versions::ids_of_work(conn, work_id).await?;
    let versions = versions::by_ids(conn, &ids).await?;
    let all = links::touching(conn, &ids).await?;
    let (inside, outside): (Vec<Link>, Vec<Link>) = all
        .into_iter()
        .partition(|l| ids.contains(&l.source_id) && ids.contains(&l.derived_id));
    let outside: Vec<Link> = outside
        .into_iter()
        .filter(|l| l.status == Status::Proposed)
        .collect();
    let other_ids: Vec<i64> = outside
        .iter()
        .map(|l| {
            if ids.contains(&l.source_id) {
                l.derived_id
            } else {
                l.source_id
            }
        })
        .collect();
    let others = versions::by_ids(conn, &other_ids).await?;
    let proposed = outside
        .into_iter()
        .zip(other_ids)
        .filter_map(|(l, id)| {
            others
                .iter()
                .find(|v| v.version_id == id)
                .map(|v| (l, v.clone()))
        })
        .collect();
    let claims = claims::of_versions(conn, &ids).await?;
    Ok(Work {
        work_id,
        versions,
        links: inside,
        proposed,
        claims,
    })
}

/// A version with how it relates to the version before it in a chain or tree.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    #[serde(flatten)]
    pub version: Version,
    pub relation: Option<Relation>,
    pub parent_version_id: Option<i64>,
    pub confidence: Option<f64>,
    pub method: Option<crate::model::Method>,
    pub status: Option<Status>,
    /// The link that places it (what `link accept` and `link reject` take), and its ends as
    /// stored: a proposed link may have the version placed as its source.
    pub link_id: Option<i64>,
    pub source_id: Option<i64>,
    pub derived_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Origin {
    /// The version the strongest evidence puts first (see `unknown` and `conflicts` before
    /// trusting it).
    pub origin: Version,
    /// From the asked version to the origin, both ends included.
    pub path: Vec<Placed>,
    pub basis: String,
    /// Evidence that disagrees about which version came first, each with both candidates.
    pub conflicts: Vec<OriginConflict>,
    /// True when the store has no basis at all to say which version came first.
    pub unknown: bool,
    /// When the answer is disputed or unknown: every version that could be the origin.
    pub candidates: Vec<Version>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OriginConflict {
    pub candidates: Vec<Version>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crossposts {
    pub work_id: i64,
    pub versions: Vec<Placed>,
    /// Versions the matcher proposes but nobody has confirmed (not part of the work yet).
    pub proposed: Vec<Placed>,
}

pub fn origin(work: &Work, asked: i64) -> Origin {
    let tree = build(work);
    let path_ids = tree.path_to_root(asked);
    let path: Vec<Placed> = path_ids.iter().map(|&id| tree.placed(work, id)).collect();
    let origin = tree.version(work, tree.root).clone();
    // Conflicts about the chain asked about; others concern other branches of the tree.
    let relevant: Vec<&Conflict> = tree
        .conflicts
        .iter()
        .filter(|c| c.candidates.iter().any(|id| path_ids.contains(id)))
        .collect();
    let answer = basis::describe(work, &tree, &path_ids, &relevant);
    let mut candidates = Vec::new();
    for id in answer.candidates {
        if !candidates.contains(&id) {
            candidates.push(id);
        }
    }
    Origin {
        origin,
        path,
        basis: answer.words,
        conflicts: relevant
            .iter()
            .map(|c| OriginConflict {
                candidates: c
                    .candidates
                    .iter()
                    .map(|&id| tree.version(work, id).clone())
                    .collect(),
                reason: c.reason.clone(),
            })
            .collect(),
        unknown: answer.unknown,
        candidates: candidates
            .into_iter()
            .map(|id| tree.version(work, id).clone())
            .collect(),
    }
}

pub fn crossposts(work: &Work, asked: i64) -> Crossposts {
    let tree = build(work);
    let versions = tree
        .preorder()
        .into_iter()
        .filter(|&id| id != asked)
        .map(|id| tree.placed(work, id))
        .collect();
    let proposed = work
        .proposed
        .iter()
        .map(|(l, v)| Placed {
            version: v.clone(),
            relation: Some(l.relation),
            parent_version_id: Some(l.other(v.version_id)),
            confidence: Some(l.confidence),
            method: Some(l.method),
            status: Some(l.status),
            link_id: Some(l.link_id),
            source_id: Some(l.source_id),
            derived_id: Some(l.derived_id),
        })
        .collect();
    Crossposts {
        work_id: work.work_id,
        versions,
        proposed,
    }
}
