//! Tables and short text forms for every result.

use crate::lineage::{Crossposts, Origin, Placed};
use crate::model::Version;
use crate::register::Registered;
use crate::store::{ClaimRow, OutletRow};
use comfy_table::{ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};

/// Width of tables written to a pipe or file: wide enough that URLs and titles rarely wrap.
/// On a terminal, comfy-table fits the terminal's width.
const PIPE_WIDTH: u16 = 160;

pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.to_vec());
    if t.width().is_none() {
        t.set_width(PIPE_WIDTH);
    }
    for r in rows {
        t.add_row(r);
    }
    t.to_string() + "\n"
}

fn opt(s: Option<&str>) -> String {
    s.unwrap_or("—").to_string()
}

/// `#3 GlobalWire Digest (en) 2024-03-16 "Title"` — and `[stub]` for versions known only by claim.
pub fn version_line(v: &Version) -> String {
    let lang = match (v.language.as_deref(), v.language_confidence) {
        (Some(l), Some(c)) if c < 0.5 => format!("{l}?"),
        (Some(l), _) => l.to_string(),
        (None, _) => "?".to_string(),
    };
    format!(
        "#{} {} ({lang}) {}{} \"{}\"",
        v.version_id,
        v.outlet,
        v.published_at
            .as_deref()
            .map(|d| &d[..d.len().min(10)])
            .unwrap_or("undated"),
        if v.stub { " [stub]" } else { "" },
        v.title.as_deref().unwrap_or("untitled")
    )
}

fn version_cells(v: &Version) -> Vec<String> {
    vec![
        v.version_id.to_string(),
        v.outlet.clone() + if v.stub { " [stub]" } else { "" },
        opt(v.language.as_deref()),
        opt(v.published_at.as_deref()),
        opt(v.title.as_deref()),
        opt(v.url.as_deref()),
    ]
}

pub fn versions(list: &[Version]) -> String {
    table(
        &["id", "outlet", "lang", "published", "title", "url"],
        list.iter().map(version_cells).collect(),
    )
}

pub fn show(v: &Version, claims: &[ClaimRow]) -> String {
    let mut out = String::new();
    let rows = [
        ("version", v.version_id.to_string()),
        ("work", v.work_id.to_string()),
        ("outlet", v.outlet.clone()),
        ("url", opt(v.url.as_deref())),
        ("title", opt(v.title.as_deref())),
        ("author", opt(v.author.as_deref())),
        (
            "language",
            match (&v.language, v.language_confidence) {
                (Some(l), Some(c)) => format!("{l} (confidence {c:.2})"),
                (Some(l), None) => l.clone(),
                _ => "unknown".into(),
            },
        ),
        ("published", opt(v.published_at.as_deref())),
        ("first seen", v.first_seen_at.clone()),
        (
            "stub",
            if v.stub {
                "yes: known only from a claim".into()
            } else {
                "no".into()
            },
        ),
    ];
    for (k, val) in rows {
        out += &format!("{k:>10}  {val}\n");
    }
    if !claims.is_empty() {
        out += "\nclaims:\n";
        out += &claims_table(claims);
    }
    out
}

pub fn registered(r: &Registered) -> String {
    let mut out = String::new();
    if r.existing {
        out += &format!("Already known: {}\n", r.note.as_deref().unwrap_or(""));
    } else {
        out += "Registered ";
    }
    out += &format!(
        "{}  (work {})\n",
        version_line(&r.version),
        r.version.work_id
    );
    if let (false, Some(note)) = (r.existing, &r.note) {
        out += &format!("  {note}\n");
    }
    if r.links.is_empty() {
        out += "No links: no other version of this piece is known yet.\n";
    } else {
        out += &table(
            &[
                "with",
                "outlet",
                "title",
                "relation",
                "it is the",
                "method",
                "confidence",
                "status",
            ],
            r.links
                .iter()
                .map(|l| {
                    vec![
                        format!("#{}", l.version_id),
                        l.outlet.clone() + if l.stub { " [stub]" } else { "" },
                        opt(l.title.as_deref()),
                        l.relation.to_string(),
                        l.role.to_string(),
                        l.method.to_string(),
                        format!("{:.2}", l.confidence),
                        l.status.to_string(),
                    ]
                })
                .collect(),
        );
    }
    out
}

fn placed_rows(list: &[Placed]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| {
            let mut row = version_cells(&p.version);
            row.insert(
                1,
                match (p.relation, p.parent_version_id) {
                    (Some(r), Some(parent)) => format!("{r} of #{parent}"),
                    _ => "origin".into(),
                },
            );
            row.insert(
                2,
                match (p.method, p.confidence, p.status) {
                    (Some(m), Some(c), Some(s)) => format!("{m} {c:.2} {s}"),
                    _ => "—".into(),
                },
            );
            row
        })
        .collect()
}

const PLACED_HEADERS: [&str; 8] = [
    "id",
    "relation",
    "evidence",
    "outlet",
    "lang",
    "published",
    "title",
    "url",
];

pub fn origin(o: &Origin) -> String {
    let mut out = if o.unknown {
        "Origin: unknown (the store has no basis to say where this piece first appeared)\n"
            .to_string()
    } else if !o.conflicts.is_empty() {
        "Origin: disputed (the evidence disagrees; see the conflicts below)\n".to_string()
    } else {
        format!("Origin: {}\n", version_line(&o.origin))
    };
    if o.origin.stub && !o.unknown {
        out += "  (a stub: known only from what another text says; its text is not registered)\n";
    }
    if !o.candidates.is_empty() {
        out += "Candidates:\n";
        for v in &o.candidates {
            out += &format!("  {}\n", version_line(v));
        }
    }
    out += &format!("Basis: {}\n", o.basis);
    for c in &o.conflicts {
        out += &format!("Conflict: {}\n", c.reason);
    }
    out += "\nPath from the version asked about to the origin:\n";
    out += &table(&PLACED_HEADERS, placed_rows(&o.path));
    out
}

pub fn crossposts(c: &Crossposts) -> String {
    let mut out = String::new();
    if c.versions.is_empty() {
        out += &format!("No other versions of work {} are known.\n", c.work_id);
    } else {
        out += &format!(
            "Work {}: {} other version(s)\n",
            c.work_id,
            c.versions.len()
        );
        out += &table(&PLACED_HEADERS, placed_rows(&c.versions));
    }
    if !c.proposed.is_empty() {
        out += "\nProposed (not confirmed; `provtrack link accept LINK` or `link reject LINK`):\n";
        let mut headers = vec!["link"];
        headers.extend(PLACED_HEADERS);
        let rows = c.proposed.iter().zip(placed_rows(&c.proposed));
        let rows = rows
            .map(|(p, mut row)| {
                row.insert(0, p.link_id.map_or("—".into(), |id| format!("#{id}")));
                // Columns: link, id, relation, …; the version listed may be the link's source.
                if let (Some(r), Some(derived)) = (p.relation, p.derived_id)
                    && derived != p.version.version_id
                {
                    row[2] = format!("{} as #{derived}", r.participle());
                }
                row
            })
            .collect();
        out += &table(&headers, rows);
    }
    out
}

pub fn outlets(list: &[OutletRow]) -> String {
    table(
        &["id", "outlet", "domain", "aliases", "versions"],
        list.iter()
            .map(|o| {
                vec![
                    o.outlet_id.to_string(),
                    o.name.clone(),
                    opt(o.domain.as_deref()),
                    o.aliases.join(", "),
                    o.versions.to_string(),
                ]
            })
            .collect(),
    )
}

pub fn claims_table(claims: &[ClaimRow]) -> String {
    table(
        &[
            "kind",
            "outlet",
            "lang",
            "title",
            "url",
            "sentence",
            "→ version",
        ],
        claims
            .iter()
            .map(|c| {
                vec![
                    c.kind.clone(),
                    opt(c.outlet.as_deref()),
                    opt(c.language.as_deref()),
                    opt(c.title.as_deref()),
                    opt(c.url.as_deref()),
                    c.sentence.clone(),
                    match (c.target_version_id, c.target_stub) {
                        (Some(i), true) => format!("#{i} [stub]"),
                        (Some(i), false) => format!("#{i}"),
                        (None, _) => "—".into(),
                    },
                ]
            })
            .collect(),
    )
}

pub fn search(hits: &[(Version, String)]) -> String {
    if hits.is_empty() {
        return "No matches.\n".into();
    }
    table(
        &["id", "outlet", "lang", "title", "snippet"],
        hits.iter()
            .map(|(v, s)| {
                vec![
                    v.version_id.to_string(),
                    v.outlet.clone(),
                    opt(v.language.as_deref()),
                    opt(v.title.as_deref()),
                    s.replace('\n', " "),
                ]
            })
            .collect(),
    )
}
