//! The "why" of an origin answer, in words.

use super::{Tree, Work};
use crate::ingest::parse_date;
use crate::model::{Method, Relation};

/// Describes each step of the path and what makes the last version the origin.
/// Returns (basis, whether the origin is unknown).
pub fn describe(work: &Work, tree: &Tree, path: &[i64]) -> (String, bool) {
    let mut parts = Vec::new();
    for pair in path.windows(2) {
        let (child, parent) = (pair[0], pair[1]);
        let (_, link) = &tree.parent[&child];
        let (c, p) = (tree.version(work, child), tree.version(work, parent));
        let what = match link.relation {
            Relation::Translation => format!(
                "#{child} is a translation of #{parent} ({} → {})",
                p.language.as_deref().unwrap_or("?"),
                c.language.as_deref().unwrap_or("?")
            ),
            Relation::Republication => format!("#{child} republishes #{parent}"),
            Relation::Excerpt => format!("#{child} is an excerpt of #{parent}"),
        };
        let how = match link.method {
            Method::Claim => "the text says so".to_string(),
            Method::Manual => "confirmed by a person".to_string(),
            Method::Match => format!("matched texts, confidence {:.2}", link.confidence),
        };
        let when = match (p.published_at.as_deref(), c.published_at.as_deref()) {
            (Some(a), Some(b)) => match (parse_date(a), parse_date(b)) {
                (Ok(x), Ok(y)) => {
                    let days = (y.day() - x.day()).num_days();
                    match days {
                        d if d > 0 => format!(
                            "; published {d} day{} earlier",
                            if d == 1 { "" } else { "s" }
                        ),
                        0 => "; published the same day".to_string(),
                        d => format!(
                            "; but dated {} day{} later",
                            -d,
                            if d == -1 { "" } else { "s" }
                        ),
                    }
                }
                _ => String::new(),
            },
            _ => String::new(),
        };
        parts.push(format!("{what} ({how}{when})"));
    }
    let root = tree.version(work, tree.root);
    let single = work.versions.len() == 1;
    let (end, unknown) = if single {
        (
            "no other version of this piece is known, so its origin is unknown".to_string(),
            true,
        )
    } else if root.stub {
        (
            format!(
                "#{} is known only from what another text says (a stub)",
                root.version_id
            ),
            false,
        )
    } else {
        (
            format!("no earlier version of #{} is known", root.version_id),
            false,
        )
    };
    parts.push(end);
    if !tree.conflicts.is_empty() {
        parts.push(format!("conflict: {}", tree.conflicts.join("; ")));
    }
    (parts.join("; "), unknown)
}
