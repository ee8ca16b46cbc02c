//! The "why" of an origin answer, in words, and whether there is any basis for it at all.

use super::{Conflict, Tree, Work};
use crate::ingest::parse_date;
use crate::model::{Link, Method, Relation, Version};
use std::cmp::Ordering;

pub struct Answer {
    pub words: String,
    /// Nothing says which version came first.
    pub unknown: bool,
    /// Versions that could each be the origin (empty when the answer is clear).
    pub candidates: Vec<i64>,
}

/// Describes each step of the path and what makes the last version the origin.
pub fn describe(work: &Work, tree: &Tree, path: &[i64], conflicts: &[&Conflict]) -> Answer {
    let mut parts = Vec::new();
    for pair in path.windows(2) {
        let (child, parent) = (pair[0], pair[1]);
        let (_, link) = &tree.parent[&child];
        parts.push(step(
            work,
            tree.version(work, child),
            tree.version(work, parent),
            link,
        ));
    }
    let root = tree.version(work, tree.root);
    let mut candidates = Vec::new();
    let unknown;
    if work.versions.len() == 1 {
        unknown = true;
        parts.push(alone(work, root));
    } else if let Some(child) = path.len().checked_sub(2).map(|i| path[i])
        && no_basis(
            work,
            tree.version(work, child),
            root,
            &tree.parent[&child].1,
        )
    {
        unknown = true;
        candidates = vec![root.version_id, child];
        parts.push(format!(
            "nothing says which of #{} and #{child} came first (no dates, no claims): the origin is unknown",
            root.version_id
        ));
    } else {
        unknown = false;
        parts.push(if root.stub {
            format!(
                "#{} {} is the earliest version known, but only from what another text says (a stub: its text is not registered)",
                root.version_id,
                name(root)
            )
        } else {
            format!("no earlier version of #{} is known", root.version_id)
        });
    }
    if !conflicts.is_empty() {
        candidates.push(tree.root);
        for c in conflicts {
            candidates.push(c.candidates[1]);
            parts.push(format!("conflict: {}", c.reason));
        }
        let mut listed: Vec<String> = Vec::new();
        for id in &candidates {
            let s = format!("#{id}");
            if !listed.contains(&s) {
                listed.push(s);
            }
        }
        parts.push(format!(
            "the evidence disagrees, so the origin is one of {}",
            listed.join(", ")
        ));
    }
    Answer {
        words: parts.join("; "),
        unknown,
        candidates,
    }
}

/// `Kaspiy Vestnik (ru)`
fn name(v: &Version) -> String {
    format!("{} ({})", v.outlet, v.language.as_deref().unwrap_or("?"))
}

/// One step of the chain: what the child is of the parent, how we know, and what the dates say.
fn step(work: &Work, c: &Version, p: &Version, link: &Link) -> String {
    let what = match link.relation {
        Relation::Translation => "is a translation of",
        Relation::Republication => "republishes",
        Relation::Excerpt => "is an excerpt of",
    };
    let how =
        match link.method {
            Method::Claim => match work.claims.iter().find(|cl| {
                cl.version_id == c.version_id && cl.target_version_id == Some(p.version_id)
            }) {
                Some(cl) => format!("the text says so: “{}”", shorten(&cl.sentence)),
                None => "the text says so".to_string(),
            },
            Method::Manual => "confirmed by a person".to_string(),
            Method::Match => format!("the texts match, confidence {:.2}", link.confidence),
        };
    let when = match (day(p), day(c)) {
        (Some(x), Some(y)) => match (y - x).num_days() {
            d if d > 0 => format!(
                "; #{} was published {d} day{} earlier",
                p.version_id,
                plural(d)
            ),
            0 => "; both were published the same day".to_string(),
            d => format!(
                "; but #{} is dated {} day{} later",
                p.version_id,
                -d,
                plural(-d)
            ),
        },
        (None, _) if p.stub => format!("; #{} is a stub, so its date is unknown", p.version_id),
        _ => String::new(),
    };
    format!(
        "#{} {} {what} #{} {} ({how}){when}",
        c.version_id,
        name(c),
        p.version_id,
        name(p)
    )
}

/// The answer for a piece with one known version.
fn alone(work: &Work, v: &Version) -> String {
    let said: Vec<&str> = work
        .claims
        .iter()
        .filter(|c| c.version_id == v.version_id && c.kind != "publishing_original")
        .map(|c| c.sentence.as_str())
        .collect();
    if said.is_empty() {
        "no other version of this piece is known and its text names no source: where it first appeared is unknown".to_string()
    } else {
        format!(
            "its text speaks of a source (“{}”) but names no version the store can point to: where it first appeared is unknown",
            shorten(said[0])
        )
    }
}

/// A matcher link whose direction nothing decided: no two dates that differ, no claim from
/// either side, and not an excerpt (which comes from the longer text).
fn no_basis(work: &Work, child: &Version, root: &Version, link: &Link) -> bool {
    if link.method != Method::Match || link.relation == Relation::Excerpt {
        return false;
    }
    let dated = match (published(child), published(root)) {
        (Some(a), Some(b)) => a.compare(b) != Ordering::Equal,
        _ => false,
    };
    let claimed = work.claims.iter().any(|c| {
        (c.version_id == child.version_id || c.version_id == root.version_id)
            && c.kind != "publishing_original"
    });
    !dated && !claimed
}

fn published(v: &Version) -> Option<crate::ingest::Published> {
    v.published_at.as_deref().and_then(|d| parse_date(d).ok())
}

fn day(v: &Version) -> Option<chrono::NaiveDate> {
    published(v).map(|p| p.day())
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 140;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>().trim_end())
    }
}
