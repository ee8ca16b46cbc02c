//! A work drawn as a tree from its origin down.

use super::version_line;
use crate::lineage::{Tree, Work};

pub fn lineage_tree(work: &Work, tree: &Tree, highlight: i64) -> String {
    let mut out = format!("Work {}\n", work.work_id);
    draw(work, tree, tree.root, "", true, true, highlight, &mut out);
    // Other roots (no link places them under the origin) are drawn with their own subtrees.
    let drawn = tree.preorder();
    for id in drawn
        .iter()
        .filter(|id| **id != tree.root && !tree.parent.contains_key(id))
    {
        out += "(unattached) ";
        draw(work, tree, *id, "", true, true, highlight, &mut out);
    }
    for c in &tree.conflicts {
        out += &format!("conflict: {}\n", c.reason);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn draw(
    work: &Work,
    tree: &Tree,
    id: i64,
    prefix: &str,
    last: bool,
    root: bool,
    highlight: i64,
    out: &mut String,
) {
    let mark = if id == highlight { "  ◀" } else { "" };
    let line = version_line(tree.version(work, id));
    if root {
        *out += &format!("{line}{mark}\n");
    } else {
        let (_, link) = &tree.parent[&id];
        *out += &format!(
            "{prefix}{}{} ({} {:.2}{}) {line}{mark}\n",
            if last { "└─ " } else { "├─ " },
            link.relation,
            link.method,
            link.confidence,
            if link.status == crate::model::Status::Proposed {
                ", proposed"
            } else {
                ""
            },
        );
    }
    let kids = tree.children(work, id);
    let child_prefix = if root {
        String::new()
    } else {
        format!("{prefix}{}", if last { "   " } else { "│  " })
    };
    for (i, kid) in kids.iter().enumerate() {
        draw(
            work,
            tree,
            *kid,
            &child_prefix,
            i + 1 == kids.len(),
            false,
            highlight,
            out,
        );
    }
}
