//! A work as a tree: each version's parent is the source of its strongest incoming link; the
//! root is the origin. Links that point the other way (conflicting evidence) are kept as notes.

use super::{Placed, Work};
use crate::ingest::parse_date;
use crate::model::{Link, Method, Status, Version};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::HashMap;

pub struct Tree {
    pub root: i64,
    /// child → (parent, the link between them)
    pub parent: HashMap<i64, (i64, Link)>,
    pub conflicts: Vec<Conflict>,
    order: Vec<i64>,
}

/// Evidence that disagrees about which of two versions came first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The version the tree takes as the source (the stronger evidence: a claim, say), then
    /// the one the other evidence (dates) puts first.
    pub candidates: [i64; 2],
    pub reason: String,
}

fn strength(l: &Link) -> (u8, u8, f64) {
    let status = match l.status {
        Status::Accepted => 2,
        Status::Proposed => 1,
        Status::Rejected => 0,
    };
    let method = match l.method {
        Method::Manual => 3,
        Method::Claim => 2,
        Method::Match => 1,
    };
    (status, method, l.confidence)
}

fn stronger(a: &Link, b: &Link) -> bool {
    strength(a).partial_cmp(&strength(b)) == Some(Ordering::Greater)
}

/// Earlier publication first; undated after dated; then the order first seen.
pub fn chronological(a: &Version, b: &Version) -> Ordering {
    let pa = a.published_at.as_deref().and_then(|d| parse_date(d).ok());
    let pb = b.published_at.as_deref().and_then(|d| parse_date(d).ok());
    match (pa, pb) {
        (Some(x), Some(y)) if x.compare(y) != Ordering::Equal => x.compare(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        _ => a.version_id.cmp(&b.version_id),
    }
}

pub fn build(work: &Work) -> Tree {
    let usable: Vec<&Link> = work
        .links
        .iter()
        .filter(|l| l.status == Status::Accepted)
        .collect();
    let mut parent: HashMap<i64, (i64, Link)> = HashMap::new();
    for l in &usable {
        let replace = match parent.get(&l.derived_id) {
            Some((_, cur)) => stronger(l, cur),
            None => true,
        };
        if replace && !reaches(&parent, l.source_id, l.derived_id) {
            parent.insert(l.derived_id, (l.source_id, (*l).clone()));
        }
    }
    let mut roots: Vec<&Version> = work
        .versions
        .iter()
        .filter(|v| !parent.contains_key(&v.version_id))
        .collect();
    roots.sort_by(|a, b| chronological(a, b));
    let root = roots
        .first()
        .map(|v| v.version_id)
        .unwrap_or_else(|| work.versions[0].version_id);
    let mut conflicts = Vec::new();
    // Other roots hang under the version they are linked with, noted as a conflict in direction.
    for r in roots.iter().skip(1) {
        let link = usable
            .iter()
            .filter(|l| l.source_id == r.version_id)
            .filter(|l| !reaches(&parent, l.derived_id, r.version_id))
            .max_by(|a, b| {
                strength(a)
                    .partial_cmp(&strength(b))
                    .unwrap_or(Ordering::Equal)
            });
        if let Some(l) = link {
            parent.insert(r.version_id, (l.derived_id, (*l).clone()));
            conflicts.push(Conflict {
                candidates: [root, r.version_id],
                reason: format!(
                    "#{} is also linked as a source of #{}, but is dated later than #{root}",
                    r.version_id, l.derived_id
                ),
            });
        }
    }
    conflicts.extend(claims_against_dates(work, &parent));
    let mut tree = Tree {
        root,
        parent,
        conflicts,
        order: Vec::new(),
    };
    tree.order = tree.compute_preorder(work);
    tree
}

/// A text that says it comes from a version dated later than itself: the claim and the dates
/// disagree, and both versions stay candidates.
fn claims_against_dates(work: &Work, parent: &HashMap<i64, (i64, Link)>) -> Vec<Conflict> {
    let find = |id: i64| work.versions.iter().find(|v| v.version_id == id);
    let day = |v: &Version| v.published_at.as_deref().and_then(|d| parse_date(d).ok());
    let mut out: Vec<Conflict> = parent
        .iter()
        .filter(|(_, (_, l))| l.method == Method::Claim)
        .filter_map(|(&child, (source, _))| {
            let (c, p) = (find(child)?, find(*source)?);
            let (dc, dp) = (day(c)?, day(p)?);
            let days = (dp.day() - dc.day()).num_days();
            (days > 0).then(|| Conflict {
                candidates: [p.version_id, c.version_id],
                reason: format!(
                    "#{} ({}) says it comes from #{} ({}), but #{} is dated {days} day{} later ({} vs {})",
                    c.version_id,
                    c.outlet,
                    p.version_id,
                    p.outlet,
                    p.version_id,
                    if days == 1 { "" } else { "s" },
                    dp.day(),
                    dc.day()
                ),
            })
        })
        .collect();
    out.sort_by_key(|c| c.candidates);
    out
}

/// Whether following parents from `from` reaches `target` (adding target→from would loop).
fn reaches(parent: &HashMap<i64, (i64, Link)>, from: i64, target: i64) -> bool {
    let mut cur = from;
    let mut steps = 0;
    while let Some((p, _)) = parent.get(&cur) {
        if *p == target || steps > 10_000 {
            return true;
        }
        cur = *p;
        steps += 1;
    }
    from == target
}

impl Tree {
    pub fn version<'a>(&self, work: &'a Work, id: i64) -> &'a Version {
        work.versions
            .iter()
            .find(|v| v.version_id == id)
            .expect("version of the work")
    }

    pub fn children(&self, work: &Work, id: i64) -> Vec<i64> {
        let mut kids: Vec<&Version> = work
            .versions
            .iter()
            .filter(|v| self.parent.get(&v.version_id).map(|(p, _)| *p) == Some(id))
            .collect();
        kids.sort_by(|a, b| chronological(a, b));
        kids.into_iter().map(|v| v.version_id).collect()
    }

    fn compute_preorder(&self, work: &Work) -> Vec<i64> {
        let mut out = Vec::new();
        let mut stack = vec![self.root];
        while let Some(id) = stack.pop() {
            out.push(id);
            let mut kids = self.children(work, id);
            kids.reverse();
            stack.extend(kids);
        }
        // Versions the links never reach (a work joined by a link since rejected) come last.
        let mut rest: Vec<&Version> = work
            .versions
            .iter()
            .filter(|v| !out.contains(&v.version_id))
            .collect();
        rest.sort_by(|a, b| chronological(a, b));
        out.extend(rest.into_iter().map(|v| v.version_id));
        out
    }

    pub fn preorder(&self) -> Vec<i64> {
        self.order.clone()
    }

    pub fn depth(&self, id: i64) -> usize {
        self.path_to_root(id).len() - 1
    }

    /// From `id` up to the root, both included.
    pub fn path_to_root(&self, id: i64) -> Vec<i64> {
        let mut path = vec![id];
        let mut cur = id;
        while let Some((p, _)) = self.parent.get(&cur) {
            if path.contains(p) {
                break;
            }
            path.push(*p);
            cur = *p;
        }
        path
    }

    pub fn placed(&self, work: &Work, id: i64) -> Placed {
        let link = self.parent.get(&id);
        Placed {
            version: self.version(work, id).clone(),
            relation: link.map(|(_, l)| l.relation),
            parent_version_id: link.map(|(p, _)| *p),
            confidence: link.map(|(_, l)| l.confidence),
            method: link.map(|(_, l)| l.method),
            status: link.map(|(_, l)| l.status),
            link_id: link.map(|(_, l)| l.link_id),
            source_id: link.map(|(_, l)| l.source_id),
            derived_id: link.map(|(_, l)| l.derived_id),
        }
    }
}
